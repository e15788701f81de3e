import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';
import { IntelProviderOptions, WatchlistOptions } from './enrichment';

import type * as Model from './kinds/query.gen';

// The query model's contract is pkg/kinds/query.schema.json (explained in docs/query-model.md); the
// backend validates against it and src/kinds/query.gen.ts is generated from it (npm run gen:kinds).
// The types below are the generated ones; the lists are for menus, and src/kinds/contract.test.ts
// checks that they hold exactly the schema's values.

export type QueryType = Model.QueryType;
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
  'novelty',
  'watchlist',
] as const satisfies readonly QueryType[];

export type Dimension = Model.Dimension;
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
] as const satisfies readonly Dimension[];

/** Filters also accept `size` (bytes), which is only compared with gt / lt. */
export type FilterDimension = Model.FilterDimension;
export const FILTER_DIMENSIONS: readonly FilterDimension[] = [...DIMENSIONS, 'size'];

export type Operator = Model.Operator;
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
  'home',
  'notHome',
  'embargoed',
  'notEmbargoed',
] as const satisfies readonly Operator[];

/** Operators on fromCountry / toCountry whose countries come from the tenant profile: they take no values. */
export const PROFILE_OPERATORS = [
  'home',
  'notHome',
  'embargoed',
  'notEmbargoed',
] as const satisfies readonly Operator[];

export type Metric = Model.Metric;
export const METRICS = [
  'count',
  'sizeSum',
  'sizeAvg',
  'sizeMax',
  'sizeP95',
  'distinct',
] as const satisfies readonly Metric[];

export type Stat = Model.Stat;
export const STATS = [
  'count',
  'sizeSum',
  'sizeAvg',
  'sizeMax',
  'distinctSenders',
  'distinctRecipients',
  'distinctSenderDomains',
  'distinctRecipientDomains',
] as const satisfies readonly Stat[];

/** geo: whose IP is located, the sender's (fromIP) or the receiving server's (toIP). */
export type GeoSide = Model.GeoSide;
export const GEO_SIDES = ['from', 'to'] as const satisfies readonly GeoSide[];

/** baseline: which past windows the current one is compared with. */
export type BaselineMode = Model.BaselineMode;
export const BASELINE_MODES = ['trailing', 'days', 'hourOfWeek'] as const satisfies readonly BaselineMode[];

/** keywords: ranked by count, or by burst against the tenant's history. */
export type KeywordMode = Model.KeywordMode;
export const KEYWORD_MODES = ['count', 'bursting'] as const satisfies readonly KeywordMode[];

/** novelty: the dimensions whose new values are reported. */
export type NoveltyDimension = Model.NoveltyDimension;
export const NOVELTY_DIMENSIONS = [
  'fromCountry',
  'senderDomain',
  'subjectTemplate',
  'fromAsn',
] as const satisfies readonly NoveltyDimension[];

// The single number column an alert rule needs. The schema also accepts "" (= the table); the editor
// removes the key instead.
export type ThreatOutput = Exclude<Model.ThreatOutput, ''>;
export const THREAT_OUTPUTS = ['messages', 'confidence'] as const satisfies readonly ThreatOutput[];
export type BaselineOutput = Exclude<Model.BaselineOutput, ''>;
export const BASELINE_OUTPUTS = [
  'current',
  'baselineMean',
  'baselineStdDev',
  'ratio',
  'zScore',
  'expected',
  'robustZ',
  'history',
] as const satisfies readonly BaselineOutput[];
export type CampaignOutput = Exclude<Model.CampaignOutput, ''>;
export const CAMPAIGN_OUTPUTS = [
  'messages',
  'senders',
  'recipients',
  'score',
  'variants',
] as const satisfies readonly CampaignOutput[];
export type NoveltyOutput = Exclude<Model.NoveltyOutput, ''>;
export const NOVELTY_OUTPUTS = ['messages', 'senders'] as const satisfies readonly NoveltyOutput[];
export type WatchlistOutput = Exclude<Model.WatchlistOutput, ''>;
export const WATCHLIST_OUTPUTS = [
  'sent',
  'received',
  'externalRecipients',
  'failed',
  'quarantined',
] as const satisfies readonly WatchlistOutput[];
export type QueryOutput = Exclude<Model.QueryOutput, ''>;

/** The editor always writes values (the schema allows a row without them, which is ignored). */
export type Filter = Required<Model.Filter>;

/** A query as Grafana stores it: the schema's model plus Grafana's keys (refId, datasource, hide …). */
export interface MessageTraceQuery
  extends DataQuery, Omit<Model.MessageTraceQueryModel, 'queryType' | 'filters' | 'output'> {
  queryType?: QueryType;
  /** ANDed; every query type honours them. */
  filters?: Filter[];
  /** threats, campaigns, baseline, novelty: keep one number column for an alert rule; missing = the table. */
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
  /** baselineWindows per baselineMode (the backend's defaults). */
  baselineWindowsByMode: { trailing: 24, days: 7, hourOfWeek: 4 },
  baselineMinCount: 0,
  historyDays: 7,
  noveltyLimit: 100,
  watchlistLimit: 100,
  lookbackDays: 30,
  noveltyMinCount: 1,
  /** novelty: min(7, lookbackDays). */
  noveltyMinHistory: 7,
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
  /** The durable trace archive (docs/archive.md); absent = SQLite in tenant mode, off in demo mode. */
  archive?: ArchiveOptions;
  /** Cap of the in-memory store in MB, held against the live heap too; absent = 1024. */
  memoryCapMB?: number;
}

export type ArchiveKind = 'sqlite' | 'postgres' | 'off';

export interface ArchiveOptions {
  kind?: ArchiveKind;
  /** SQLite file on the Grafana server; empty = under Grafana's data directory. */
  path?: string;
  /** Days kept (91–3650, default 400). */
  retentionDays?: number;
  /** Past days loaded on first configuration (0–90, default 90). */
  backfillDays?: number;
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
  /** PostgreSQL connection string of the shared archive (password included). */
  archiveDsn?: string;
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
