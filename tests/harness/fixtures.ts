import { BACKEND_DIMENSIONS } from '../../src/__fixtures__/dimensions';
import { DimensionsResponse, Filter, MessageTraceQuery, PreviewResponse } from '../../src/types';

// Answers of the backend's resource endpoints (docs/query-model.md) for the browser harness, shaped
// like the demo tenant's data so screenshots look real.

const VALUES: Record<string, string[]> = {
  sender: [
    'noreply@example.co.jp',
    'sato.haruto@example.co.jp',
    'urch@elchino-millions.site',
    'billing@invoice-notice.example.net',
    'tanaka.yui@example.co.jp',
    'alerts@monitoring.example.com',
  ],
  recipient: ['suzuki.ren@example.co.jp', 'it-support@example.co.jp', 'yamada.aoi@example.com', 'partner@contoso.com'],
  senderDomain: ['example.co.jp', 'example.com', 'elchino-millions.site', 'invoice-notice.example.net'],
  recipientDomain: ['example.co.jp', 'example.com', 'gmail.com', 'contoso.com'],
  fromIP: ['203.0.113.25', '198.51.100.7', '192.0.2.44'],
  toIP: ['40.107.74.10', '52.101.68.3'],
  subject: ['Invoice 2026-0412 overdue', 'RE: 会議の議事録', 'Weekly report'],
  fromCountry: ['JP', 'US', 'SG', 'NL', 'RU'],
  toCountry: ['JP', 'US', 'IE'],
};

const STATUSES = ['delivered', 'failed', 'pending', 'expanded', 'quarantined', 'filteredAsSpam', 'gettingStatus'];

/** What the backend's GET dimensions answers (captured from the Go code). */
export const DIMENSIONS_FIXTURE: DimensionsResponse = BACKEND_DIMENSIONS;

export function valuesFixture(dimension: string, prefix: string, limit: number): string[] {
  const all = dimension === 'status' ? STATUSES : (VALUES[dimension] ?? []);
  return all.filter((v) => v.toLowerCase().startsWith(prefix.toLowerCase())).slice(0, limit);
}

const GRAPH_PROPERTY: Record<string, string> = {
  sender: 'senderAddress',
  recipient: 'recipientAddress',
  status: 'status',
  fromIP: 'fromIP',
  toIP: 'toIP',
  messageId: 'messageId',
  id: 'id',
};

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** A small stand-in for the backend's push-down planner (the real rules live in pkg/query). */
function pushdown(filter: Filter): string | undefined {
  const [value] = filter.values;
  if (filter.values.length !== 1) {
    return undefined;
  }
  if (filter.op === 'eq' && GRAPH_PROPERTY[filter.dimension]) {
    return `${GRAPH_PROPERTY[filter.dimension]} eq ${quote(value)}`;
  }
  if (filter.op === 'eq' && (filter.dimension === 'senderDomain' || filter.dimension === 'recipientDomain')) {
    const property = filter.dimension === 'senderDomain' ? 'senderAddress' : 'recipientAddress';
    return `${property} eq ${quote(`*@${value}`)}`;
  }
  if (filter.dimension === 'subject' && ['contains', 'startsWith', 'endsWith'].includes(filter.op)) {
    return `${filter.op}(subject, ${quote(value)})`;
  }
  return undefined;
}

export function previewFixture(query: MessageTraceQuery): PreviewResponse {
  const pushed: string[] = [];
  const used = new Set<string>();
  const local: string[] = [];
  for (const filter of query.filters ?? []) {
    const clause = pushdown(filter);
    // Graph keeps one value per property: only the first clause per property is pushed down.
    const property = clause?.split(' ')[0];
    if (clause && property && !used.has(property)) {
      used.add(property);
      pushed.push(clause);
    }
    local.push(`${filter.dimension} ${filter.op} (${filter.values.join(', ')})`);
  }
  return { pushdown: pushed.join(' and '), local };
}
