import { applyPatch, changeQueryType, incompleteReason, operatorsFor, QUERY_TYPE_INFO } from './queryModel';
import { QUERY_TYPES } from './types';

describe('query model', () => {
  it('describes every query type of the contract', () => {
    expect(Object.keys(QUERY_TYPE_INFO).sort()).toEqual([...QUERY_TYPES].sort());
  });

  it('carries filters and metric across types and drops what no longer applies', () => {
    const timeseries = {
      refId: 'A',
      datasource: { uid: 'mt' },
      queryType: 'timeseries' as const,
      filters: [{ dimension: 'status' as const, op: 'eq' as const, values: ['failed'] }],
      metric: 'sizeSum' as const,
      splitBy: 'status' as const,
      interval: '1h',
    };
    expect(changeQueryType(timeseries, 'baseline')).toEqual({
      refId: 'A',
      datasource: { uid: 'mt' },
      queryType: 'baseline',
      filters: [{ dimension: 'status', op: 'eq', values: ['failed'] }],
      metric: 'sizeSum',
      window: '1h',
      baselineWindows: 24,
    });
    expect(changeQueryType(timeseries, 'details')).toEqual({
      refId: 'A',
      datasource: { uid: 'mt' },
      queryType: 'details',
    });
    expect(
      changeQueryType({ refId: 'A', queryType: 'top', groupBy: ['sender', 'status'], pivot: true }, 'baseline')
    ).toEqual({
      refId: 'A',
      queryType: 'baseline',
      groupBy: ['sender'],
      filters: [],
      metric: 'count',
      window: '1h',
      baselineWindows: 24,
    });
    expect(changeQueryType({ refId: 'A', queryType: 'traces' }, 'values')).toEqual({
      refId: 'A',
      queryType: 'values',
      dimension: 'sender',
      filters: [],
    });
  });

  it('names what an incomplete query lacks', () => {
    expect(incompleteReason({ refId: 'A' })).toBeUndefined();
    expect(incompleteReason({ refId: 'A', queryType: 'details', recipient: 'u@x' })).toMatch(/trace ID/);
    expect(incompleteReason({ refId: 'A', queryType: 'details', traceId: 'x' })).toMatch(/recipient/);
    expect(incompleteReason({ refId: 'A', queryType: 'values' })).toMatch(/dimension/);
    expect(incompleteReason({ refId: 'A', queryType: 'top', metric: 'distinct', groupBy: ['sender'] })).toMatch(
      /distinct metric/
    );
  });

  it('offers size comparisons only on size, CIDR only on IPs', () => {
    expect(operatorsFor('size')).toEqual(['gt', 'lt']);
    expect(operatorsFor('fromIP')).toContain('cidr');
    expect(operatorsFor('sender')).not.toContain('cidr');
    expect(operatorsFor('status')).not.toContain('contains');
    expect(operatorsFor('sender', { sender: ['eq', 'bogus'] })).toEqual(['eq']);
  });

  it('removes keys patched to undefined', () => {
    expect(
      applyPatch({ refId: 'A', splitBy: 'status', seriesLimit: 5 }, { splitBy: undefined, seriesLimit: undefined })
    ).toEqual({
      refId: 'A',
    });
  });
});
