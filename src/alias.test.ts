import { FieldType, toDataFrame } from '@grafana/data';

import { aliasName, applyAlias } from './alias';

describe('alias', () => {
  const frame = toDataFrame({
    refId: 'A',
    fields: [
      { name: 'time', type: FieldType.time, values: [1, 2] },
      { name: 'failed', type: FieldType.number, values: [3, 4], labels: { status: 'failed' } },
      { name: 'delivered', type: FieldType.number, values: [5, 6], labels: { status: 'delivered' } },
    ],
  });

  it('names each number field by its labels, its name and the metric', () => {
    const out = applyAlias(frame, '{{status}} ({{metric}}, {{ field }})', 'count');
    expect(out.fields.map((f) => f.config.displayNameFromDS)).toEqual([
      undefined,
      'failed (count, failed)',
      'delivered (count, delivered)',
    ]);
  });

  it('leaves an unknown label visible instead of dropping it, and frames without alias alone', () => {
    expect(aliasName('{{country}} x', frame.fields[1])).toBe('{{country}} x');
    expect(applyAlias(frame, undefined)).toBe(frame);
    expect(applyAlias(frame, '')).toBe(frame);
  });
});
