import {
  AdHocVariableFilter,
  CoreApp,
  DataSourceGetTagKeysOptions,
  DataSourceGetTagValuesOptions,
  DataSourceInstanceSettings,
  MetricFindValue,
  ScopedVars,
  TimeRange,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';

import { interpolateQuery } from './interpolate';
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

export class DataSource extends DataSourceWithBackend<MessageTraceQuery, MessageTraceOptions> {
  private dimensions?: Promise<DimensionsResponse | undefined>;

  constructor(instanceSettings: DataSourceInstanceSettings<MessageTraceOptions>) {
    super(instanceSettings);
    this.variables = new MessageTraceVariableSupport(this);
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
