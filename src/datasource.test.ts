import { CoreApp, DataSourceInstanceSettings, PluginMetaInfo, PluginType, SupplementaryQueryType } from '@grafana/data';

import { DataSource } from './datasource';
import { FakeTemplateSrv, FakeVariable, RANGE } from './testUtils';
import { MessageTraceOptions, MessageTraceQuery } from './types';

let templateSrv = new FakeTemplateSrv();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => templateSrv,
}));

const instance: Omit<DataSourceInstanceSettings<MessageTraceOptions>, 'id'> = {
  uid: 'mt',
  type: 'exotrace-messagetrace-datasource',
  name: 'Exchange Message Trace',
  access: 'proxy',
  readOnly: false,
  jsonData: { mode: 'demo' },
  meta: {
    id: 'exotrace-messagetrace-datasource',
    name: 'Exchange Message Trace',
    type: PluginType.datasource,
    module: '',
    baseUrl: '',
    info: {} as PluginMetaInfo,
  },
};
// `id` is deprecated and unused by the plugin.
const settings = instance as DataSourceInstanceSettings<MessageTraceOptions>;

function withVariables(vars: FakeVariable[]) {
  templateSrv = new FakeTemplateSrv(vars);
  return new DataSource(settings);
}

const base: MessageTraceQuery = { refId: 'A', queryType: 'traces' };

describe('applyTemplateVariables', () => {
  it('replaces a single-value variable in filter values and in every text field', () => {
    const ds = withVariables([
      { name: 'sender', current: 'urch@elchino-millions.site' },
      { name: 'iv', current: '5m' },
      { name: 'trace', current: 'c1d2' },
      { name: 'rcpt', current: 'user@example.co.jp' },
      { name: 'dim', current: 'status' },
    ]);
    const out = ds.applyTemplateVariables(
      {
        ...base,
        filters: [{ dimension: 'sender', op: 'eq', values: ['$sender'] }],
        interval: '$iv',
        window: '${iv}',
        prefix: '[[sender]]',
        traceId: '$trace',
        recipient: '$rcpt',
        splitBy: '$dim' as MessageTraceQuery['splitBy'],
        groupBy: ['sender', '$dim' as 'status'],
      },
      {}
    );
    expect(out).toEqual({
      ...base,
      filters: [{ dimension: 'sender', op: 'eq', values: ['urch@elchino-millions.site'] }],
      interval: '5m',
      window: '5m',
      prefix: 'urch@elchino-millions.site',
      traceId: 'c1d2',
      recipient: 'user@example.co.jp',
      splitBy: 'status',
      groupBy: ['sender', 'status'],
    });
  });

  it('expands a multi-value variable into several values', () => {
    const ds = withVariables([{ name: 'sender', current: ['a@x.com', 'b@y.com'] }]);
    const out = ds.applyTemplateVariables(
      { ...base, filters: [{ dimension: 'sender', op: 'in', values: ['$sender', 'c@z.com'] }] },
      {}
    );
    expect(out.filters).toEqual([{ dimension: 'sender', op: 'in', values: ['a@x.com', 'b@y.com', 'c@z.com'] }]);
  });

  it('expands a variable inside text once per value', () => {
    const ds = withVariables([{ name: 'domain', current: ['example.com', 'example.co.jp'] }]);
    const out = ds.applyTemplateVariables(
      { ...base, filters: [{ dimension: 'sender', op: 'eq', values: ['*@${domain}'] }] },
      {}
    );
    expect(out.filters).toEqual([{ dimension: 'sender', op: 'eq', values: ['*@example.com', '*@example.co.jp'] }]);
  });

  it('removes the condition when a variable is at All', () => {
    const ds = withVariables([
      { name: 'sender', current: ['$__all'], options: ['a@x.com', 'b@y.com'] },
      { name: 'status', current: 'failed' },
    ]);
    const out = ds.applyTemplateVariables(
      {
        ...base,
        filters: [
          { dimension: 'sender', op: 'eq', values: ['$sender'] },
          { dimension: 'status', op: 'eq', values: ['$status'] },
        ],
      },
      {}
    );
    expect(out.filters).toEqual([{ dimension: 'status', op: 'eq', values: ['failed'] }]);
  });

  it('removes the condition at All even with a custom all value such as .*', () => {
    const ds = withVariables([{ name: 'sender', current: '$__all', allValue: '.*' }]);
    const out = ds.applyTemplateVariables(
      { ...base, filters: [{ dimension: 'sender', op: 'regex', values: ['$sender'] }] },
      {}
    );
    expect(out.filters).toEqual([]);
  });

  it('prefers scoped variables (repeated panels) over dashboard values', () => {
    const ds = withVariables([{ name: 'sender', current: ['a@x.com', 'b@y.com'] }]);
    const out = ds.applyTemplateVariables(
      { ...base, filters: [{ dimension: 'sender', op: 'eq', values: ['$sender'] }] },
      { sender: { text: 'b@y.com', value: 'b@y.com' } }
    );
    expect(out.filters).toEqual([{ dimension: 'sender', op: 'eq', values: ['b@y.com'] }]);
  });

  it('drops rows left without values and leaves numbers and booleans alone', () => {
    const ds = withVariables([{ name: 'empty', current: '' }]);
    const out = ds.applyTemplateVariables(
      {
        ...base,
        queryType: 'top',
        groupBy: ['sender', 'status'],
        pivot: true,
        limit: 10,
        filters: [
          { dimension: 'sender', op: 'eq', values: [] },
          { dimension: 'recipient', op: 'eq', values: ['$empty'] },
        ],
      },
      {}
    );
    expect(out).toEqual({
      ...base,
      queryType: 'top',
      groupBy: ['sender', 'status'],
      pivot: true,
      limit: 10,
      filters: [],
    });
  });

  it('expands variables in excluded countries and upper-cases them', () => {
    const ds = withVariables([
      { name: 'usual', current: ['jp', 'us'] },
      { name: 'extra', current: '$__all', options: ['cn', 'kr'] },
    ]);
    const out = ds.applyTemplateVariables(
      { ...base, queryType: 'geo', side: 'from', excludeCountries: ['$usual', 'JP', 'DE', '$extra'] },
      {}
    );
    // "All" adds nothing, as it removes a filter condition
    expect(out).toEqual({ ...base, queryType: 'geo', side: 'from', excludeCountries: ['JP', 'US', 'DE'] });
  });

  it('turns dashboard ad-hoc filters into filter rows', () => {
    const ds = withVariables([]);
    const out = ds.applyTemplateVariables({ ...base, filters: [] }, {}, [
      { key: 'status', operator: '=', value: 'failed' },
      { key: 'sender', operator: '=|', value: '', values: ['a@x', 'b@x'] },
      { key: 'nonsense', operator: '=', value: 'x' },
    ]);
    expect(out.filters).toEqual([
      { dimension: 'status', op: 'eq', values: ['failed'] },
      { dimension: 'sender', op: 'in', values: ['a@x', 'b@x'] },
    ]);
  });

  it('interpolates queries for Explore with a concrete data source ref', () => {
    const ds = withVariables([{ name: 'sender', current: 'a@x' }]);
    const [out] = ds.interpolateVariablesInQueries(
      [{ ...base, filters: [{ dimension: 'sender', op: 'eq', values: ['$sender'] }] }],
      {}
    );
    expect(out).toEqual({
      ...base,
      filters: [{ dimension: 'sender', op: 'eq', values: ['a@x'] }],
      datasource: { type: 'exotrace-messagetrace-datasource', uid: 'mt' },
    });
  });
});

describe('DataSource', () => {
  let ds: DataSource;
  beforeEach(() => {
    ds = withVariables([]);
  });
  afterEach(() => jest.restoreAllMocks());

  it('defaults to a traces query, and to a count time series in alert rules', () => {
    expect(ds.getDefaultQuery(CoreApp.Explore)).toEqual({ queryType: 'traces', filters: [] });
    expect(ds.getDefaultQuery(CoreApp.Dashboard)).toEqual({ queryType: 'traces', filters: [] });
    expect(ds.getDefaultQuery(CoreApp.UnifiedAlerting)).toEqual({
      queryType: 'timeseries',
      metric: 'count',
      filters: [],
    });
  });

  it('skips incomplete and hidden queries', () => {
    expect(ds.filterQuery({ ...base })).toBe(true);
    expect(ds.filterQuery({ refId: 'A', queryType: 'details', traceId: 'x' })).toBe(false);
    expect(ds.filterQuery({ refId: 'A', queryType: 'details', traceId: 'x', recipient: 'u@x' })).toBe(true);
    expect(ds.filterQuery({ refId: 'A', queryType: 'top', groupBy: [] })).toBe(false);
    expect(ds.filterQuery({ refId: 'A', queryType: 'timeseries', metric: 'distinct' })).toBe(false);
    expect(ds.filterQuery({ ...base, hide: true })).toBe(false);
  });

  it('asks the values resource with dimension, range, prefix and limit', async () => {
    const spy = jest.spyOn(ds, 'getResource').mockResolvedValue({ values: ['a@x', 'b@x'] });
    await expect(ds.getValues('sender', RANGE, 'a', 20)).resolves.toEqual(['a@x', 'b@x']);
    expect(spy).toHaveBeenCalledWith('values', {
      dimension: 'sender',
      from: RANGE.from.valueOf(),
      to: RANGE.to.valueOf(),
      prefix: 'a',
      limit: 20,
    });
  });

  it('posts the interpolated query to the preview resource', async () => {
    ds = withVariables([{ name: 'sender', current: 'a@x' }]);
    const spy = jest.spyOn(ds, 'postResource').mockResolvedValue({ pushdown: "senderAddress eq 'a@x'", local: [] });
    const query: MessageTraceQuery = { ...base, filters: [{ dimension: 'sender', op: 'eq', values: ['$sender'] }] };
    await expect(ds.preview(query)).resolves.toEqual({ pushdown: "senderAddress eq 'a@x'", local: [] });
    expect(spy).toHaveBeenCalledWith('preview', {
      ...base,
      filters: [{ dimension: 'sender', op: 'eq', values: ['a@x'] }],
    });
  });

  it('remembers the dimensions answer, and forgets a failure', async () => {
    const spy = jest.spyOn(ds, 'getResource').mockRejectedValueOnce(new Error('down'));
    await expect(ds.getDimensions()).resolves.toBeUndefined();
    spy.mockResolvedValue({ dimensions: ['sender'], operators: {}, statuses: [] });
    await ds.getDimensions();
    await ds.getDimensions();
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('offers dimensions as ad-hoc keys and values from the resource', async () => {
    jest.spyOn(ds, 'getResource').mockResolvedValue({ values: ['failed'] });
    const keys = await ds.getTagKeys();
    expect(keys.map((k) => k.value)).toContain('recipientDomain');
    await expect(ds.getTagValues({ key: 'status', filters: [], timeRange: RANGE })).resolves.toEqual([
      { text: 'failed', value: 'failed' },
    ]);
  });
});

describe('Explore support', () => {
  const ds = withVariables([]);

  it('turns ADD_FILTER / ADD_FILTER_OUT into filter rows and ignores other actions', () => {
    expect(ds.getSupportedQueryModifications()).toEqual(['ADD_FILTER', 'ADD_FILTER_OUT']);
    const out = ds.modifyQuery(base, { type: 'ADD_FILTER_OUT', options: { key: 'status', value: 'delivered' } });
    expect(out.filters).toEqual([{ dimension: 'status', op: 'neq', values: ['delivered'] }]);
    expect(ds.modifyQuery(base, { type: 'ADD_STRING_FILTER', options: { value: 'x' } })).toBe(base);
    const toggled = ds.toggleQueryFilter(base, { type: 'FILTER_FOR', options: { key: 'sender', value: 'a@x' } });
    expect(ds.queryHasFilter(toggled, { key: 'sender', value: 'a@x' })).toBe(true);
  });

  it('asks for a logs volume per status over traces queries only, with their filters', () => {
    const filters = [{ dimension: 'sender' as const, op: 'eq' as const, values: ['a@x'] }];
    expect(ds.getSupportedSupplementaryQueryTypes()).toEqual(['LogsVolume']);
    expect(ds.getSupplementaryQuery({ type: SupplementaryQueryType.LogsVolume }, { ...base, filters })).toEqual({
      refId: 'log-volume-A',
      datasource: undefined,
      queryType: 'timeseries',
      metric: 'count',
      splitBy: 'status',
      filters,
    });
    expect(
      ds.getSupplementaryQuery({ type: SupplementaryQueryType.LogsVolume }, { refId: 'B', queryType: 'top' })
    ).toBeUndefined();
    expect(ds.getSupplementaryQuery({ type: SupplementaryQueryType.LogsSample }, base)).toBeUndefined();
  });

  it('supports annotations, starting from subject campaigns', () => {
    expect(ds.annotations?.getDefaultQuery?.()).toEqual({
      queryType: 'campaigns',
      minMessages: 20,
      limit: 10,
      filters: [],
    });
  });
});
