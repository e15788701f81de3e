// Generated from pkg/kinds/query.schema.json by scripts/gen-kinds.mjs (npm run gen:kinds). Do not edit.

/**
 * One query of the Exchange Message Trace data source as the backend receives it (template variables already interpolated). docs/query-model.md explains every field; pkg/kinds validates against this file and src/kinds/query.gen.ts is generated from it. Unknown fields (Grafana's refId, datasource, intervalMs ...) are allowed and ignored.
 */
export type MessageTraceQueryModel = {
  queryType?: QueryType;
  /**
   * Conditions, ANDed; every query type honours them.
   */
  filters?: Filter[];
  /**
   * Rows kept (traces, top, keywords, campaigns, baseline, values, threats, novelty); 0 or missing = the type's default.
   */
  limit?: number;
  metric?: Metric;
  /**
   * Only for metric = distinct: whose distinct values are counted.
   */
  metricDimension?:
    | 'status'
    | 'sender'
    | 'senderDomain'
    | 'recipient'
    | 'recipientDomain'
    | 'fromIP'
    | 'toIP'
    | 'fromCountry'
    | 'toCountry'
    | 'fromAsn'
    | 'fromOrg'
    | 'toAsn'
    | 'toOrg'
    | 'direction'
    | 'subject'
    | 'subjectTemplate'
    | 'sizeBucket'
    | 'messageId'
    | 'id';
  /**
   * timeseries: one series per value of this dimension.
   */
  splitBy?:
    | 'status'
    | 'sender'
    | 'senderDomain'
    | 'recipient'
    | 'recipientDomain'
    | 'fromIP'
    | 'toIP'
    | 'fromCountry'
    | 'toCountry'
    | 'fromAsn'
    | 'fromOrg'
    | 'toAsn'
    | 'toOrg'
    | 'direction'
    | 'subject'
    | 'subjectTemplate'
    | 'sizeBucket'
    | 'messageId'
    | 'id';
  /**
   * timeseries: legend name of each series, e.g. "{{status}} messages"; applied in the browser (src/alias.ts), ignored by the backend.
   */
  alias?: string;
  /**
   * timeseries bucket: empty = the panel's interval; else a duration of at least 1m such as 5m, 1h, 1d.
   */
  interval?: string;
  /**
   * timeseries with splitBy: keep the N largest series (1-100; 0 = 10).
   */
  seriesLimit?: number;
  /**
   * timeseries (with splitBy) and top: add an "other" series / row with the rest.
   */
  includeOther?: boolean;
  /**
   * stats: the numbers wanted; empty = all of them.
   */
  stats?: Stat[];
  /**
   * top: one or two dimensions; baseline: zero or one.
   *
   * @maxItems 2
   */
  groupBy?: Dimension[];
  /**
   * top with two groupBy dimensions: the second dimension's values become columns.
   */
  pivot?: boolean;
  /**
   * campaigns: smallest cluster reported (0 = 20).
   */
  minMessages?: number;
  /**
   * baseline: length of the current window, a duration such as 1h (empty = 1h).
   */
  window?: string;
  /**
   * baseline: number of trailing windows the current one is compared with (1-500; 0 = 24).
   */
  baselineWindows?: number;
  baselineMode?: BaselineMode;
  /**
   * baseline: current below it scores 0 (missing = 0); novelty: fewest messages a new value needs (missing = 1).
   */
  minCount?: number;
  /**
   * baseline: past windows holding traces needed for a score (missing = 0 trailing, half of baselineWindows otherwise); novelty: days of the lookback holding traces (missing = min(7, lookbackDays)).
   */
  minHistory?: number;
  /**
   * novelty: days before the range a value must be absent from (0 or missing = 30; range + lookback at most 90 days).
   */
  lookbackDays?: number;
  /**
   * campaigns and bursting keywords: days of history before the range scored against (1-30; 0 = 7).
   */
  historyDays?: number;
  mode?: KeywordMode;
  /**
   * threats, campaigns, baseline, novelty, watchlist: the one number column an alert rule evaluates; missing or empty = the table.
   */
  output?:
    | ''
    | 'messages'
    | 'confidence'
    | 'senders'
    | 'recipients'
    | 'current'
    | 'baselineMean'
    | 'baselineStdDev'
    | 'ratio'
    | 'zScore'
    | 'score'
    | 'expected'
    | 'robustZ'
    | 'history'
    | 'sent'
    | 'received'
    | 'externalRecipients'
    | 'failed'
    | 'quarantined'
    | 'variants';
  /**
   * A property a query groups, splits or counts on.
   */
  dimension?:
    | 'status'
    | 'sender'
    | 'senderDomain'
    | 'recipient'
    | 'recipientDomain'
    | 'fromIP'
    | 'toIP'
    | 'fromCountry'
    | 'toCountry'
    | 'fromAsn'
    | 'fromOrg'
    | 'toAsn'
    | 'toOrg'
    | 'direction'
    | 'subject'
    | 'subjectTemplate'
    | 'sizeBucket'
    | 'messageId'
    | 'id';
  /**
   * values: optional case-insensitive prefix.
   */
  prefix?: string;
  /**
   * details: the trace's id (a traces row's id field).
   */
  traceId?: string;
  /**
   * details: the recipient whose events are shown (Microsoft keeps events per recipient).
   */
  recipient?: string;
  side?: GeoSide;
  /**
   * geo: ISO 3166-1 alpha-2 codes left out (the tenant's usual countries).
   *
   * Items: a two-letter ISO 3166-1 alpha-2 code such as JP
   */
  excludeCountries?: string[];
  /**
   * threats: weakest indicator reported, 0-100 (missing = 0).
   */
  minConfidence?: number;
};
/**
 * What the query computes; missing = traces.
 *
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "QueryType".
 */
export type QueryType =
  | 'traces'
  | 'timeseries'
  | 'stats'
  | 'top'
  | 'keywords'
  | 'campaigns'
  | 'baseline'
  | 'details'
  | 'values'
  | 'geo'
  | 'threats'
  | 'novelty'
  | 'watchlist';
/**
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "Filter".
 */
export type Filter = {
  dimension: FilterDimension;
  op: Operator;
  /**
   * One or more values; a row without values is ignored. The tenant-profile operators (home, notHome, embargoed, notEmbargoed) take none: their countries come from the data source's tenant profile.
   */
  values?: string[];
};
/**
 * A dimension, or size (bytes; only with eq, neq, in, notIn, gt, lt).
 *
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "FilterDimension".
 */
export type FilterDimension =
  | 'status'
  | 'sender'
  | 'senderDomain'
  | 'recipient'
  | 'recipientDomain'
  | 'fromIP'
  | 'toIP'
  | 'fromCountry'
  | 'toCountry'
  | 'fromAsn'
  | 'fromOrg'
  | 'toAsn'
  | 'toOrg'
  | 'direction'
  | 'subject'
  | 'subjectTemplate'
  | 'sizeBucket'
  | 'messageId'
  | 'id'
  | 'size';
/**
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "Operator".
 */
export type Operator =
  | 'eq'
  | 'neq'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'startsWith'
  | 'endsWith'
  | 'regex'
  | 'cidr'
  | 'gt'
  | 'lt'
  | 'home'
  | 'notHome'
  | 'embargoed'
  | 'notEmbargoed';
/**
 * What timeseries, top, baseline and geo compute per group; missing = count.
 *
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "Metric".
 */
export type Metric = 'count' | 'sizeSum' | 'sizeAvg' | 'sizeMax' | 'sizeP95' | 'distinct';
/**
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "Stat".
 */
export type Stat =
  | 'count'
  | 'sizeSum'
  | 'sizeAvg'
  | 'sizeMax'
  | 'distinctSenders'
  | 'distinctRecipients'
  | 'distinctSenderDomains'
  | 'distinctRecipientDomains';
/**
 * A property a query groups, splits or counts on.
 *
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "Dimension".
 */
export type Dimension =
  | 'status'
  | 'sender'
  | 'senderDomain'
  | 'recipient'
  | 'recipientDomain'
  | 'fromIP'
  | 'toIP'
  | 'fromCountry'
  | 'toCountry'
  | 'fromAsn'
  | 'fromOrg'
  | 'toAsn'
  | 'toOrg'
  | 'direction'
  | 'subject'
  | 'subjectTemplate'
  | 'sizeBucket'
  | 'messageId'
  | 'id';
/**
 * baseline: which past windows the current one is compared with: the N right before it (trailing), the same time on the N previous days (days), the same hour of the week in the N previous weeks (hourOfWeek); missing = trailing.
 *
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "BaselineMode".
 */
export type BaselineMode = 'trailing' | 'days' | 'hourOfWeek';
/**
 * keywords: rank by messages in the range (count) or by how far the range exceeds the tenant's history (bursting); missing = count.
 *
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "KeywordMode".
 */
export type KeywordMode = 'count' | 'bursting';
/**
 * geo: whose IP is located, the sender's (from, fromIP) or the receiving server's (to, toIP); missing = from.
 *
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "GeoSide".
 */
export type GeoSide = 'from' | 'to';
/**
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "ThreatOutput".
 */
export type ThreatOutput = '' | 'messages' | 'confidence';
/**
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "CampaignOutput".
 */
export type CampaignOutput = '' | 'messages' | 'senders' | 'recipients' | 'score' | 'variants';
/**
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "BaselineOutput".
 */
export type BaselineOutput =
  '' | 'current' | 'baselineMean' | 'baselineStdDev' | 'ratio' | 'zScore' | 'expected' | 'robustZ' | 'history';
/**
 * Any query type's output column; each type accepts its own (ThreatOutput, CampaignOutput, BaselineOutput, NoveltyOutput, WatchlistOutput).
 *
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "QueryOutput".
 */
export type QueryOutput =
  | ''
  | 'messages'
  | 'confidence'
  | 'senders'
  | 'recipients'
  | 'current'
  | 'baselineMean'
  | 'baselineStdDev'
  | 'ratio'
  | 'zScore'
  | 'score'
  | 'expected'
  | 'robustZ'
  | 'history'
  | 'sent'
  | 'received'
  | 'externalRecipients'
  | 'failed'
  | 'quarantined'
  | 'variants';
/**
 * A Go duration (90s, 5m, 1h30m, .5h) or whole days / weeks (1d, 2w); empty = the default. The pattern accepts what Go's time.ParseDuration and the d/w units accept; pkg/query then requires a positive length (and at least 1m where it says so).
 *
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "Duration".
 */
export type Duration = string;
/**
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "NoveltyOutput".
 */
export type NoveltyOutput = '' | 'messages' | 'senders';
/**
 * novelty: a dimension whose new values are reported.
 *
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "NoveltyDimension".
 */
export type NoveltyDimension = 'fromCountry' | 'senderDomain' | 'subjectTemplate' | 'fromAsn';
/**
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "WatchlistOutput".
 */
export type WatchlistOutput = '' | 'sent' | 'received' | 'externalRecipients' | 'failed' | 'quarantined';
