import { BACKEND_DIMENSIONS as BACKEND } from './__fixtures__/dimensions';
import {
  applyPatch,
  changeQueryType,
  countryCode,
  DEFAULT_OPERATORS,
  incompleteReason,
  operatorsFor,
  QUERY_TYPE_INFO,
  takesValues,
} from './queryModel';
import { DIMENSIONS, FILTER_DIMENSIONS, OPERATORS, QUERY_TYPES } from './types';

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

  it('switches to geo and threats with their defaults, dropping what they do not take', () => {
    const top = {
      refId: 'A',
      queryType: 'top' as const,
      filters: [],
      groupBy: ['sender' as const],
      metric: 'distinct' as const,
      metricDimension: 'recipient' as const,
      limit: 10,
    };
    const geo = changeQueryType(top, 'geo');
    expect(geo).toEqual({
      refId: 'A',
      queryType: 'geo',
      filters: [],
      metric: 'distinct',
      metricDimension: 'recipient',
      side: 'from',
    });
    expect(changeQueryType({ ...geo, side: 'to', excludeCountries: ['JP'], minConfidence: 5 }, 'threats')).toEqual({
      refId: 'A',
      queryType: 'threats',
      filters: [],
    });
    expect(changeQueryType({ refId: 'A', queryType: 'threats', output: 'messages', limit: 5 }, 'baseline')).toEqual({
      refId: 'A',
      queryType: 'baseline',
      filters: [],
      metric: 'count',
      window: '1h',
      baselineWindows: 24,
    });
  });

  it('names what an incomplete query lacks', () => {
    expect(incompleteReason({ refId: 'A', queryType: 'geo', metric: 'distinct' })).toMatch(/distinct metric/);
    expect(incompleteReason({ refId: 'A', queryType: 'threats' })).toBeUndefined();
    expect(incompleteReason({ refId: 'A' })).toBeUndefined();
    expect(incompleteReason({ refId: 'A', queryType: 'details', recipient: 'u@x' })).toMatch(/trace ID/);
    expect(incompleteReason({ refId: 'A', queryType: 'details', traceId: 'x' })).toMatch(/recipient/);
    expect(incompleteReason({ refId: 'A', queryType: 'values' })).toMatch(/dimension/);
    expect(incompleteReason({ refId: 'A', queryType: 'top', metric: 'distinct', groupBy: ['sender'] })).toMatch(
      /distinct metric/
    );
  });

  it('keeps the built-in dimensions and operators in sync with the backend', () => {
    expect([...DIMENSIONS]).toEqual(BACKEND.dimensions);
    expect(DEFAULT_OPERATORS).toEqual(BACKEND.operators);
    expect([...FILTER_DIMENSIONS].sort()).toEqual(Object.keys(BACKEND.operators).sort());
  });

  it('offers set and tenant-profile operators on countries; the profile ones take no values', () => {
    for (const d of ['fromCountry', 'toCountry'] as const) {
      expect(operatorsFor(d)).toEqual(['eq', 'neq', 'in', 'notIn', 'home', 'notHome', 'embargoed', 'notEmbargoed']);
    }
    expect(OPERATORS.filter((op) => !takesValues(op))).toEqual(['home', 'notHome', 'embargoed', 'notEmbargoed']);
  });

  it('reads country codes as the backend does', () => {
    expect(countryCode(' jp ')).toBe('JP');
    expect(countryCode('US')).toBe('US');
    for (const bad of ['', 'J', 'JPN', 'Japan', 'J1', 'zz', 'é1']) {
      expect(countryCode(bad)).toBeUndefined();
    }
  });

  it('offers size comparisons only on size, CIDR only on IPs', () => {
    expect(operatorsFor('size')).toEqual(['eq', 'neq', 'in', 'notIn', 'gt', 'lt']);
    expect(operatorsFor('sender')).not.toContain('gt');
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
