import {
  AdHocVariableFilter,
  CoreApp,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceGetTagKeysOptions,
  DataSourceGetTagValuesOptions,
  DataSourceInstanceSettings,
  DataSourceWithQueryModificationSupport,
  DataSourceWithSupplementaryQueriesSupport,
  DataSourceWithToggleableQueryFiltersSupport,
  MetricFindValue,
  QueryFilterOptions,
  QueryFixAction,
  ScopedVars,
  SupplementaryQueryOptions,
  SupplementaryQueryType,
  TimeRange,
  ToggleFilterAction,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { map, Observable } from 'rxjs';

import { applyAlias } from './alias';
import { interpolateQuery } from './interpolate';
import { addFilter, hasFilter, toggleFilter } from './queryFilters';
import { DIMENSION_LABELS, incompleteReason } from './queryModel';
import {
  ALERTING_DEFAULT_QUERY,
  DEFAULT_QUERY,
  DimensionsResponse,
  FILTER_DIMENSIONS,
  MessageTraceOptions,
  MessageTraceQuery,
  PreviewResponse,
  ValuesResponse,
} from './types';
import { MessageTraceVariableSupport } from './variables';

/** Annotations start from subject campaigns: an orange band from a campaign's first to last message. */
export const DEFAULT_ANNOTATION_QUERY: Partial<MessageTraceQuery> = {
  queryType: 'campaigns',
  minMessages: 20,
  limit: 10,
  filters: [],
};

export class DataSource
  extends DataSourceWithBackend<MessageTraceQuery, MessageTraceOptions>
  implements
    DataSourceWithQueryModificationSupport<MessageTraceQuery>,
    DataSourceWithToggleableQueryFiltersSupport<MessageTraceQuery>,
    DataSourceWithSupplementaryQueriesSupport<MessageTraceQuery>
{
  private dimensions?: Promise<DimensionsResponse | undefined>;

  constructor(instanceSettings: DataSourceInstanceSettings<MessageTraceOptions>) {
    super(instanceSettings);
    this.variables = new MessageTraceVariableSupport(this);
    // Annotations run through the backend like panel queries; Grafana maps the frame's fields
    // (firstSeen, lastSeen, template / indicator) to time, end and text.
    this.annotations = { getDefaultQuery: () => DEFAULT_ANNOTATION_QUERY };
  }

  /** Applies each target's alias to its frames (legend names); everything else is the backend's. */
  query(request: DataQueryRequest<MessageTraceQuery>): Observable<DataQueryResponse> {
    const targets = new Map(
      request.targets
        .filter((t) => t.alias)
        .map((t) => [t.refId, { alias: getTemplateSrv().replace(t.alias, request.scopedVars), metric: t.metric }])
    );
    const response = super.query(request);
    if (targets.size === 0) {
      return response;
    }
    return response.pipe(
      map((res) => ({
        ...res,
        data: res.data.map((frame) => {
          const t = targets.get(frame.refId);
          return t ? applyAlias(frame, t.alias, t.metric) : frame;
        }),
      }))
    );
  }

  /** Explore's "filter for value" / "filter out value" on a traces field. */
  modifyQuery(query: MessageTraceQuery, action: QueryFixAction): MessageTraceQuery {
    const key = action.options?.key;
    const value = action.options?.value;
    if (key === undefined || value === undefined) {
      return query;
    }
    switch (action.type) {
      case 'ADD_FILTER':
        return addFilter(query, key, value, 'for');
      case 'ADD_FILTER_OUT':
        return addFilter(query, key, value, 'out');
      default:
        return query;
    }
  }

  getSupportedQueryModifications(): string[] {
    return ['ADD_FILTER', 'ADD_FILTER_OUT'];
  }

  toggleQueryFilter(query: MessageTraceQuery, filter: ToggleFilterAction): MessageTraceQuery {
    const { key, value } = filter.options;
    if (key === undefined || value === undefined) {
      return query;
    }
    return toggleFilter(query, key, value, filter.type === 'FILTER_FOR' ? 'for' : 'out');
  }

  queryHasFilter(query: MessageTraceQuery, filter: QueryFilterOptions): boolean {
    return filter.key !== undefined && filter.value !== undefined && hasFilter(query, filter.key, filter.value);
  }

  getSupportedSupplementaryQueryTypes(): SupplementaryQueryType[] {
    return [SupplementaryQueryType.LogsVolume];
  }

  /** Explore's logs volume over traces: messages per status over time, with the same filters. */
  getSupplementaryQuery(options: SupplementaryQueryOptions, query: MessageTraceQuery): MessageTraceQuery | undefined {
    if (
      options.type !== SupplementaryQueryType.LogsVolume ||
      (query.queryType ?? 'traces') !== 'traces' ||
      query.hide
    ) {
      return undefined;
    }
    return {
      refId: `log-volume-${query.refId}`,
      datasource: query.datasource,
      queryType: 'timeseries',
      metric: 'count',
      splitBy: 'status',
      filters: query.filters ?? [],
    };
  }

  getDefaultQuery(app: CoreApp): Partial<MessageTraceQuery> {
    // Alert rules need numbers; a log-like traces frame cannot be evaluated.
    return app === CoreApp.UnifiedAlerting ? ALERTING_DEFAULT_QUERY : DEFAULT_QUERY;
  }

  /** Runs in the browser before the query reaches the backend, for panels, Explore and alert previews. */
  applyTemplateVariables(
    query: MessageTraceQuery,
    scopedVars: ScopedVars,
    filters?: AdHocVariableFilter[]
  ): MessageTraceQuery {
    return interpolateQuery(query, getTemplateSrv(), scopedVars, filters);
  }

  /** Explore and "split to Explore" need the interpolated query with a concrete data source ref. */
  interpolateVariablesInQueries(
    queries: MessageTraceQuery[],
    scopedVars: ScopedVars,
    filters?: AdHocVariableFilter[]
  ): MessageTraceQuery[] {
    return queries.map((query) => ({
      ...this.applyTemplateVariables(query, scopedVars, filters),
      datasource: this.getRef(),
    }));
  }

  /** Skips queries the backend could only reject, e.g. details without a trace ID. */
  filterQuery(query: MessageTraceQuery): boolean {
    return !query.hide && incompleteReason(query) === undefined;
  }

  /** Distinct values of a dimension in the time range, most frequent first (editor autocomplete). */
  async getValues(dimension: string, range?: TimeRange, prefix?: string, limit = 50): Promise<string[]> {
    const params: Record<string, string | number> = { dimension, limit };
    if (range) {
      params.from = range.from.valueOf();
      params.to = range.to.valueOf();
    }
    if (prefix) {
      params.prefix = prefix;
    }
    const response = await this.getResource<ValuesResponse>('values', params);
    return Array.isArray(response?.values) ? response.values : [];
  }

  /** The Graph $filter the backend would push down for this query, and what it filters locally. */
  async preview(query: MessageTraceQuery): Promise<PreviewResponse> {
    const interpolated = this.applyTemplateVariables(query, {});
    const response = await this.postResource<PreviewResponse>('preview', interpolated);
    return { pushdown: response?.pushdown ?? '', local: Array.isArray(response?.local) ? response.local : [] };
  }

  /** Dimensions, operators per dimension and statuses; undefined when the backend cannot say. */
  getDimensions(): Promise<DimensionsResponse | undefined> {
    if (!this.dimensions) {
      this.dimensions = this.getResource<DimensionsResponse>('dimensions').catch(() => {
        // Forget the failure so the next editor mount asks again.
        this.dimensions = undefined;
        return undefined;
      });
    }
    return this.dimensions;
  }

  async getTagKeys(_options?: DataSourceGetTagKeysOptions<MessageTraceQuery>): Promise<MetricFindValue[]> {
    return FILTER_DIMENSIONS.filter((d) => d !== 'size').map((d) => ({
      text: d,
      value: d,
      label: DIMENSION_LABELS[d],
    }));
  }

  async getTagValues(options: DataSourceGetTagValuesOptions<MessageTraceQuery>): Promise<MetricFindValue[]> {
    const values = await this.getValues(options.key, options.timeRange, undefined, 100);
    return values.map((v) => ({ text: v, value: v }));
  }
}
