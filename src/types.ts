import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';
import { IntelProviderOptions, WatchlistOptions } from './enrichment';

// The query model is the contract in docs/query-model.md; pkg/query/model.go implements the same
// document. Change both together.

export const QUERY_TYPES = [
  'traces',
  'timeseries',
  'stats',
  'top',
  'keywords',
  'campaigns',
  'baseline',
  'details',
  'values',
  'geo',
  'threats',
] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

export const DIMENSIONS = [
  'status',
  'sender',
  'senderDomain',
  'recipient',
  'recipientDomain',
  'fromIP',
  'toIP',
  'fromCountry',
  'toCountry',
  'fromAsn',
  'fromOrg',
  'toAsn',
  'toOrg',
  'direction',
  'subject',
  'subjectTemplate',
  'sizeBucket',
  'messageId',
  'id',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Filters also accept `size` (bytes), which is only compared with gt / lt. */
export type FilterDimension = Dimension | 'size';
export const FILTER_DIMENSIONS: readonly FilterDimension[] = [...DIMENSIONS, 'size'];

export const OPERATORS = [
  'eq',
  'neq',
  'in',
  'notIn',
  'contains',
  'startsWith',
  'endsWith',
  'regex',
  'cidr',
  'gt',
  'lt',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const METRICS = ['count', 'sizeSum', 'sizeAvg', 'sizeMax', 'sizeP95', 'distinct'] as const;
export type Metric = (typeof METRICS)[number];

export const STATS = [
  'count',
  'sizeSum',
  'sizeAvg',
  'sizeMax',
  'distinctSenders',
  'distinctRecipients',
  'distinctSenderDomains',
  'distinctRecipientDomains',
] as const;
export type Stat = (typeof STATS)[number];

/** geo: whose IP is located, the sender's (fromIP) or the receiving server's (toIP). */
export const GEO_SIDES = ['from', 'to'] as const;
export type GeoSide = (typeof GEO_SIDES)[number];

/** The single number column an alert rule needs; "" or missing = the whole table. */
export const THREAT_OUTPUTS = ['messages', 'confidence'] as const;
export type ThreatOutput = (typeof THREAT_OUTPUTS)[number];
export const BASELINE_OUTPUTS = ['current', 'baselineMean', 'baselineStdDev', 'ratio', 'zScore'] as const;
export type BaselineOutput = (typeof BASELINE_OUTPUTS)[number];
export const CAMPAIGN_OUTPUTS = ['messages', 'senders', 'recipients'] as const;
export type CampaignOutput = (typeof CAMPAIGN_OUTPUTS)[number];
export type QueryOutput = ThreatOutput | BaselineOutput | CampaignOutput;

export interface Filter {
  dimension: FilterDimension;
  op: Operator;
  values: string[];
}

export interface MessageTraceQuery extends DataQuery {
  queryType?: QueryType;
  /** ANDed; every query type honours them. */
  filters?: Filter[];
  /** traces, top, keywords, campaigns, baseline, values, threats; 0 or missing = the type's default. */
  limit?: number;

  // timeseries, top, baseline, geo
  metric?: Metric;
  /** Only for metric = distinct. */
  metricDimension?: Dimension;

  // timeseries
  splitBy?: Dimension;
  /** Legend name of each series, e.g. "{{status}} messages"; applied in the browser (src/alias.ts). */
  alias?: string;
  /** "" = the panel's interval; else a duration such as 5m, 1h, 1d. */
  interval?: string;
  seriesLimit?: number;
  /** timeseries (with splitBy) and top: add an "other" series / row with the rest. */
  includeOther?: boolean;

  // stats
  stats?: Stat[];

  // top (one or two dimensions), baseline (zero or one)
  groupBy?: Dimension[];
  /** top with two dimensions: the second dimension's values become columns. */
  pivot?: boolean;

  // campaigns
  minMessages?: number;

  // baseline
  window?: string;
  baselineWindows?: number;

  // values
  dimension?: Dimension;
  prefix?: string;

  // details
  traceId?: string;
  recipient?: string;

  // geo
  /** Missing = from. */
  side?: GeoSide;
  /** ISO 3166-1 alpha-2 codes left out (the usual countries), upper case, or `$variables`. */
  excludeCountries?: string[];

  // threats
  /** 0-100: weakest indicator reported; missing = 0. */
  minConfidence?: number;
  /** threats (and baseline): keep one number column for an alert rule; missing = the table. */
  output?: QueryOutput;
}

/** Defaults the backend applies to missing fields; the editor shows them as placeholders. */
export const QUERY_DEFAULTS = {
  tracesLimit: 1000,
  topLimit: 10,
  keywordsLimit: 20,
  campaignsLimit: 20,
  baselineLimit: 20,
  valuesLimit: 100,
  seriesLimit: 10,
  minMessages: 20,
  window: '1h',
  baselineWindows: 24,
  threatsLimit: 100,
  minConfidence: 0,
} as const;

export const DEFAULT_QUERY: Partial<MessageTraceQuery> = {
  queryType: 'traces',
  filters: [],
};

/** New alert rules start from a number over time instead of log lines. */
export const ALERTING_DEFAULT_QUERY: Partial<MessageTraceQuery> = {
  queryType: 'timeseries',
  metric: 'count',
  filters: [],
};

export type Mode = 'demo' | 'tenant';
export type AuthType = 'clientSecret' | 'clientCertificate' | 'managedIdentity' | 'workloadIdentity';

/** Non-secret settings, stored in jsonData. */
export interface MessageTraceOptions extends DataSourceJsonData {
  mode?: Mode;
  tenantId?: string;
  clientId?: string;
  authType?: AuthType;
  /** Client ID of a user-assigned managed identity; empty = system-assigned. */
  managedIdentityClientId?: string;
  /** The tenant's accepted domains; they decide a message's direction. */
  acceptedDomains?: string[];
  /** Graph requests allowed per rolling 5 minutes (Microsoft allows 100 per tenant). */
  requestBudget?: number;
  loginBaseUrl?: string;
  graphBaseUrl?: string;
  allowInsecureEndpoints?: boolean;
  /** PEM bundle trusted in addition to the system roots (not a secret). */
  caCertificate?: string;
  /** Tenant mode: IP-to-country CSV on the Grafana server; empty = no geo queries. */
  geoDatabasePath?: string;
  /** Tenant mode: threat-intel feed (.csv or .json) on the Grafana server; empty = no threat queries. */
  threatIntelPath?: string;
  /** Tenant mode: ASN database replacing the shipped one (MMDB or start,end,asn,org CSV). */
  asnDatabasePath?: string;
  /** Threat-intel providers refreshed in the background (see docs/enrichment.md). */
  intelProviders?: IntelProviderOptions[];
  /** Lists of internal users to watch. */
  watchlists?: WatchlistOptions[];
}

/** Secrets, stored encrypted in secureJsonData; the browser only ever sees secureJsonFields flags. */
export interface MessageTraceSecureJsonData {
  clientSecret?: string;
  /** PEM certificate. */
  clientCertificate?: string;
  /** PEM private key of that certificate. */
  privateKey?: string;
  /** One secret per threat-intel provider and per watchlist, keyed by its id. */
  [provider: `intelSecret.${string}`]: string | undefined;
  [list: `watchlistSecret.${string}`]: string | undefined;
}

export const OPTION_DEFAULTS = {
  mode: 'demo' as Mode,
  authType: 'clientSecret' as AuthType,
  requestBudget: 90,
  loginBaseUrl: 'https://login.microsoftonline.com',
  graphBaseUrl: 'https://graph.microsoft.com',
};

/** Answer of GET values. */
export interface ValuesResponse {
  values: string[];
}

/** Answer of POST preview. */
export interface PreviewResponse {
  pushdown: string;
  local: string[];
}

/** Answer of GET dimensions. */
export interface DimensionsResponse {
  dimensions: string[];
  operators: Record<string, string[]>;
  statuses: string[];
}
