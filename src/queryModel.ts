import {
  Dimension,
  DIMENSIONS,
  FilterDimension,
  Metric,
  MessageTraceQuery,
  Operator,
  OPERATORS,
  PROFILE_OPERATORS,
  QueryType,
  Stat,
} from './types';

// Editor-side knowledge of docs/query-model.md: which options each query type takes, which operators
// fit which dimension, and labels. The backend's GET dimensions answer overrides the operator table
// when it is available, so a newer backend can add operators without a frontend release.

/** Every option key of the model; anything else on a query (refId, datasource, hide, …) is Grafana's. */
export const MODEL_KEYS = [
  'filters',
  'limit',
  'metric',
  'metricDimension',
  'splitBy',
  'alias',
  'interval',
  'seriesLimit',
  'includeOther',
  'stats',
  'groupBy',
  'pivot',
  'minMessages',
  'window',
  'baselineWindows',
  'baselineMode',
  'minCount',
  'minHistory',
  'lookbackDays',
  'historyDays',
  'mode',
  'dimension',
  'prefix',
  'traceId',
  'recipient',
  'side',
  'excludeCountries',
  'minConfidence',
  'output',
] as const satisfies ReadonlyArray<keyof MessageTraceQuery>;
export type ModelKey = (typeof MODEL_KEYS)[number];

export interface QueryTypeInfo {
  label: string;
  description: string;
  /** Options that apply to this type (besides queryType). */
  keys: readonly ModelKey[];
  /** Written when the type is chosen, so the query is runnable at once. */
  initial: Partial<MessageTraceQuery>;
  /** Largest groupBy length (top: 2, baseline: 1). */
  maxGroupBy?: number;
}

export const QUERY_TYPE_INFO: Record<QueryType, QueryTypeInfo> = {
  traces: {
    label: 'Traces',
    description: 'One row per message and recipient, newest first (logs / table)',
    keys: ['filters', 'limit'],
    initial: {},
  },
  timeseries: {
    label: 'Time series',
    description: 'A metric per time bucket, optionally one series per value of a dimension',
    keys: ['filters', 'metric', 'metricDimension', 'splitBy', 'alias', 'interval', 'seriesLimit', 'includeOther'],
    initial: { metric: 'count' },
  },
  stats: {
    label: 'Stats',
    description: 'Single numbers: counts, sizes, distinct senders / recipients / domains',
    keys: ['filters', 'stats'],
    initial: {},
  },
  top: {
    label: 'Top',
    description: 'A metric grouped by one or two dimensions, top N, optionally pivoted',
    keys: ['filters', 'groupBy', 'metric', 'metricDimension', 'limit', 'includeOther', 'pivot'],
    initial: { groupBy: ['sender'], metric: 'count', limit: 10 },
    maxGroupBy: 2,
  },
  keywords: {
    label: 'Keywords',
    description:
      "Subject word frequency (CJK split into bigrams, stop-words removed), or the words bursting above the tenant's history",
    keys: ['filters', 'mode', 'historyDays', 'limit'],
    initial: {},
  },
  campaigns: {
    label: 'Campaigns',
    description:
      'Clusters of similar subjects with counts, senders, recipients, first / last seen, scored against their own history',
    keys: ['filters', 'limit', 'minMessages', 'historyDays', 'output'],
    initial: {},
  },
  baseline: {
    label: 'Baseline',
    description:
      'Current window against the tenant’s own history: trailing windows, previous days or the same hour of previous weeks (expected value, ratio, robust z-score), for alert rules',
    keys: [
      'filters',
      'groupBy',
      'metric',
      'metricDimension',
      'window',
      'baselineMode',
      'baselineWindows',
      'minCount',
      'minHistory',
      'limit',
      'output',
    ],
    initial: { metric: 'count', window: '1h', baselineWindows: 24 },
    maxGroupBy: 1,
  },
  details: {
    label: 'Details',
    description: 'Hop-by-hop events of one message for one recipient',
    keys: ['traceId', 'recipient'],
    initial: {},
  },
  values: {
    label: 'Values',
    description: 'Distinct values of one dimension, most frequent first (template variables)',
    keys: ['filters', 'dimension', 'prefix', 'limit'],
    initial: { dimension: 'sender' },
  },
  geo: {
    label: 'Geo',
    description: "A metric per country of the senders' or receiving servers' IPs (Geomap, unusual geography)",
    keys: ['filters', 'side', 'metric', 'metricDimension', 'excludeCountries'],
    initial: { side: 'from', metric: 'count' },
  },
  threats: {
    label: 'Threat intel',
    description: 'Messages matching the threat-intel feed, per indicator and side (table, or one number for alerts)',
    keys: ['filters', 'minConfidence', 'limit', 'output'],
    initial: {},
  },
  novelty: {
    label: 'Novelty',
    description:
      'Sender domains, countries or subject templates present now and not seen in the days before, with their messages (table, or one number for alerts)',
    keys: ['filters', 'dimension', 'lookbackDays', 'minCount', 'minHistory', 'limit', 'output'],
    initial: { dimension: 'senderDomain' },
  },
  watchlist: {
    label: 'Watchlist',
    description:
      "Mail activity of the internal users on the data source's watchlists: sent, received, external recipients, failed and quarantined (table, or one number for alerts)",
    keys: ['filters', 'limit', 'output'],
    initial: {},
  },
};

export const DIMENSION_LABELS: Record<FilterDimension, string> = {
  status: 'Status',
  sender: 'Sender',
  senderDomain: 'Sender domain',
  recipient: 'Recipient',
  recipientDomain: 'Recipient domain',
  fromIP: 'From IP',
  toIP: 'To IP',
  fromCountry: 'From country',
  toCountry: 'To country',
  fromAsn: 'From AS number',
  fromOrg: 'From network (AS organisation)',
  toAsn: 'To AS number',
  toOrg: 'To network (AS organisation)',
  direction: 'Direction',
  subject: 'Subject',
  subjectTemplate: 'Subject template',
  sizeBucket: 'Size bucket',
  messageId: 'Message ID',
  id: 'Trace ID',
  size: 'Size (bytes)',
};

export const OPERATOR_LABELS: Record<Operator, string> = {
  eq: '=',
  neq: '!=',
  in: 'in',
  notIn: 'not in',
  contains: 'contains',
  startsWith: 'starts with',
  endsWith: 'ends with',
  regex: '=~ regex',
  cidr: 'in CIDR',
  gt: '>',
  lt: '<',
  home: 'is home',
  notHome: 'not home',
  embargoed: 'is embargoed',
  notEmbargoed: 'not embargoed',
};

/** Whether an operator takes values; the tenant-profile ones (home, embargoed …) take none. */
export function takesValues(op: Operator): boolean {
  return !(PROFILE_OPERATORS as readonly Operator[]).includes(op);
}

export const METRIC_LABELS: Record<Metric, string> = {
  count: 'Count',
  sizeSum: 'Size sum',
  sizeAvg: 'Size average',
  sizeMax: 'Size max',
  sizeP95: 'Size p95',
  distinct: 'Distinct …',
};

export const STAT_LABELS: Record<Stat, string> = {
  count: 'Count',
  sizeSum: 'Size sum',
  sizeAvg: 'Size average',
  sizeMax: 'Size max',
  distinctSenders: 'Distinct senders',
  distinctRecipients: 'Distinct recipients',
  distinctSenderDomains: 'Distinct sender domains',
  distinctRecipientDomains: 'Distinct recipient domains',
};

const SET_OPS: Operator[] = ['eq', 'neq', 'in', 'notIn'];
const TEXT_OPS: Operator[] = [...SET_OPS, 'contains', 'startsWith', 'endsWith', 'regex'];
const ENUM_OPS: Operator[] = [...SET_OPS, 'regex'];
const IP_OPS: Operator[] = [...TEXT_OPS, 'cidr'];

/** Fallback when the backend's GET dimensions is not reachable; mirrors Operators() in pkg/query/dimensions.go. */
export const DEFAULT_OPERATORS: Record<FilterDimension, Operator[]> = {
  status: ENUM_OPS,
  direction: ENUM_OPS,
  sizeBucket: ENUM_OPS,
  sender: TEXT_OPS,
  senderDomain: TEXT_OPS,
  recipient: TEXT_OPS,
  recipientDomain: TEXT_OPS,
  subject: TEXT_OPS,
  subjectTemplate: TEXT_OPS,
  messageId: TEXT_OPS,
  id: TEXT_OPS,
  fromIP: IP_OPS,
  toIP: IP_OPS,
  // Two-letter codes only, so no substring or regex matching; or the tenant profile's countries.
  fromCountry: [...SET_OPS, ...PROFILE_OPERATORS],
  toCountry: [...SET_OPS, ...PROFILE_OPERATORS],
  // AS numbers compare as numbers with gt / lt (8075 or AS8075).
  fromAsn: [...SET_OPS, 'contains', 'gt', 'lt'],
  toAsn: [...SET_OPS, 'contains', 'gt', 'lt'],
  fromOrg: TEXT_OPS,
  toOrg: TEXT_OPS,
  size: [...SET_OPS, 'gt', 'lt'],
};

/** Values known without asking the backend. */
export const KNOWN_VALUES: Partial<Record<FilterDimension, string[]>> = {
  status: ['delivered', 'failed', 'pending', 'expanded', 'quarantined', 'filteredAsSpam', 'gettingStatus', 'recalled'],
  direction: ['inbound', 'outbound', 'internal'],
  sizeBucket: ['<10KB', '10KB-100KB', '100KB-1MB', '1MB-10MB', '>=10MB'],
};

export function isDimension(value: string): value is Dimension {
  return (DIMENSIONS as readonly string[]).includes(value);
}

export function isOperator(value: string): value is Operator {
  return (OPERATORS as readonly string[]).includes(value);
}

/** Operators for a dimension, from the backend's table when given, else the built-in one. */
export function operatorsFor(dimension: FilterDimension, fromBackend?: Record<string, string[]>): Operator[] {
  const remote = fromBackend?.[dimension]?.filter(isOperator);
  if (remote && remote.length > 0) {
    return remote;
  }
  return DEFAULT_OPERATORS[dimension] ?? TEXT_OPS;
}

/** Options of the old query that keep their meaning in the new type. */
const CARRIED_KEYS: readonly ModelKey[] = ['filters', 'metric', 'metricDimension', 'groupBy'];

/**
 * Switches the query type: keeps Grafana's own keys, carries filters and metric choices where they
 * still apply, drops everything that does not, and writes the new type's required defaults.
 */
export function changeQueryType(query: MessageTraceQuery, queryType: QueryType): MessageTraceQuery {
  const info = QUERY_TYPE_INFO[queryType];
  const next: MessageTraceQuery = { ...query, queryType };
  for (const key of MODEL_KEYS) {
    if (!info.keys.includes(key) || !CARRIED_KEYS.includes(key)) {
      delete next[key];
    }
  }
  if (next.groupBy && info.maxGroupBy !== undefined) {
    next.groupBy = next.groupBy.slice(0, info.maxGroupBy);
  }
  if (queryType === 'top' && (!next.groupBy || next.groupBy.length === 0)) {
    delete next.groupBy;
  }
  const initial: Partial<MessageTraceQuery> = info.initial;
  for (const [key, value] of Object.entries(initial)) {
    const k = key as keyof MessageTraceQuery;
    if (next[k] === undefined) {
      Object.assign(next, { [k]: value });
    }
  }
  if (info.keys.includes('filters') && !next.filters) {
    next.filters = [];
  }
  return next;
}

/** Why a query cannot run yet, or undefined when it can. */
export function incompleteReason(query: MessageTraceQuery): string | undefined {
  const type = query.queryType ?? 'traces';
  if (type === 'details') {
    if (!query.traceId?.trim()) {
      return 'Details needs a trace ID';
    }
    if (!query.recipient?.trim()) {
      return 'Details needs a recipient';
    }
  }
  if (type === 'top' && (!query.groupBy || query.groupBy.length === 0)) {
    return 'Top needs at least one group-by dimension';
  }
  if (type === 'values' && !query.dimension) {
    return 'Values needs a dimension';
  }
  if (type === 'novelty' && !query.dimension) {
    return 'Novelty needs a dimension';
  }
  if (
    (type === 'timeseries' || type === 'top' || type === 'baseline' || type === 'geo') &&
    query.metric === 'distinct' &&
    !query.metricDimension
  ) {
    return 'A distinct metric needs a dimension';
  }
  return undefined;
}

/** Merges a patch; keys patched to undefined are removed so the saved JSON stays minimal. */
export function applyPatch(query: MessageTraceQuery, patch: Partial<MessageTraceQuery>): MessageTraceQuery {
  const next: MessageTraceQuery = { ...query, ...patch };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) {
      delete next[key as keyof MessageTraceQuery];
    }
  }
  return next;
}

/**
 * A country as the backend's geo.Code takes it: two letters, upper-cased; ZZ is rejected because
 * databases use it for "unknown". Undefined when the text is not a code.
 */
export function countryCode(text: string): string | undefined {
  const code = text.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(code) && code !== 'ZZ' ? code : undefined;
}
