import { createDataFrame, DataQueryRequest, FieldType } from '@grafana/data';
import { lastValueFrom, of } from 'rxjs';

import type { DataSource } from './datasource';
import { RANGE } from './testUtils';
import { MessageTraceQuery } from './types';
import { framesToMetricFindValues, MessageTraceVariableSupport } from './variables';

const valuesFrame = createDataFrame({
  fields: [
    { name: 'value', type: FieldType.string, values: ['urch@elchino-millions.site', 'alice@example.co.jp'] },
    { name: 'count', type: FieldType.number, values: [42, 7] },
  ],
});

describe('variable support', () => {
  it('maps the value field to text and value, in the backend order', () => {
    expect(framesToMetricFindValues([valuesFrame])).toEqual([
      { text: 'urch@elchino-millions.site', value: 'urch@elchino-millions.site' },
      { text: 'alice@example.co.jp', value: 'alice@example.co.jp' },
    ]);
  });

  it('falls back to the first string field and drops duplicates', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'count', type: FieldType.number, values: [1, 2] },
        { name: 'domain', type: FieldType.string, values: ['example.com', 'example.com'] },
      ],
    });
    expect(framesToMetricFindValues([frame, { not: 'a frame' }])).toEqual([
      { text: 'example.com', value: 'example.com' },
    ]);
  });

  it('runs variable queries as values queries through the backend', async () => {
    const query = jest.fn(() => of({ data: [valuesFrame] }));
    const support = new MessageTraceVariableSupport({ query } as unknown as DataSource);
    const request = {
      targets: [{ refId: '', dimension: 'recipientDomain', prefix: 'ex' }],
      range: RANGE,
    } as unknown as DataQueryRequest<MessageTraceQuery>;
    const response = await lastValueFrom(support.query(request));
    expect(query).toHaveBeenCalledWith({
      ...request,
      targets: [{ refId: 'variable', queryType: 'values', dimension: 'recipientDomain', prefix: 'ex' }],
    });
    expect(response.data).toHaveLength(2);
    expect(response.data[0]).toEqual({ text: 'urch@elchino-millions.site', value: 'urch@elchino-millions.site' });
  });
});
