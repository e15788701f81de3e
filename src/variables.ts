import {
  CustomVariableSupport,
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  FieldType,
  MetricFindValue,
} from '@grafana/data';
import { map, Observable } from 'rxjs';

import { VariableQueryEditor } from './components/VariableQueryEditor';
import type { DataSource } from './datasource';
import { MessageTraceQuery } from './types';

function isFrame(value: unknown): value is DataFrame {
  return typeof value === 'object' && value !== null && 'fields' in value && Array.isArray(value.fields);
}

/** The backend's values frame (field `value`, plus `count`) as variable options, in its order. */
export function framesToMetricFindValues(data: unknown[]): MetricFindValue[] {
  const seen = new Set<string>();
  const out: MetricFindValue[] = [];
  for (const frame of data.filter(isFrame)) {
    const field = frame.fields.find((f) => f.name === 'value') ?? frame.fields.find((f) => f.type === FieldType.string);
    for (const raw of field?.values ?? []) {
      const text = raw === null || raw === undefined ? '' : String(raw);
      if (!seen.has(text)) {
        seen.add(text);
        out.push({ text, value: text });
      }
    }
  }
  return out;
}

/** Variable queries are `values` queries run through QueryData like any panel query. */
export class MessageTraceVariableSupport extends CustomVariableSupport<DataSource, MessageTraceQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<MessageTraceQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.map((target) => ({
      ...target,
      refId: target.refId || 'variable',
      queryType: 'values' as const,
      dimension: target.dimension ?? 'sender',
    }));
    return this.datasource
      .query({ ...request, targets })
      .pipe(map((response) => ({ ...response, data: framesToMetricFindValues(response.data) })));
  }
}
