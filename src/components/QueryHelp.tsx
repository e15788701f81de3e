import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, QueryEditorHelpProps } from '@grafana/data';
import { Button, Stack, Text, useStyles2 } from '@grafana/ui';

import { QUERY_TYPE_INFO } from '../queryModel';
import { MessageTraceQuery, QUERY_TYPES, QueryType } from '../types';

// The cheat sheet Explore shows for this data source: per query type, what it answers and a few
// ready queries from the seed's analysis viewpoints; "Use" puts one in the editor.

export interface HelpExample {
  title: string;
  query: Omit<MessageTraceQuery, 'refId'>;
}

const status = (...values: string[]) => ({ dimension: 'status' as const, op: 'in' as const, values });

export const HELP_EXAMPLES: Record<QueryType, HelpExample[]> = {
  traces: [
    {
      title: 'Quarantined or spam messages',
      query: { queryType: 'traces', filters: [status('quarantined', 'filteredAsSpam')] },
    },
    {
      title: 'Messages larger than 10 MiB',
      query: { queryType: 'traces', filters: [{ dimension: 'size', op: 'gt', values: ['10MB'] }] },
    },
  ],
  timeseries: [
    {
      title: 'Delivery status over time, one series per status',
      query: { queryType: 'timeseries', metric: 'count', splitBy: 'status', alias: '{{status}}' },
    },
    { title: 'Bytes sent per hour', query: { queryType: 'timeseries', metric: 'sizeSum', interval: '1h' } },
  ],
  stats: [
    {
      title: 'Messages, volume and distinct senders',
      query: { queryType: 'stats', stats: ['count', 'sizeSum', 'distinctSenders'] },
    },
  ],
  top: [
    {
      title: 'Top 10 senders with one column per status',
      query: { queryType: 'top', groupBy: ['sender', 'status'], metric: 'count', limit: 10, pivot: true },
    },
    {
      title: 'Top recipient domains',
      query: { queryType: 'top', groupBy: ['recipientDomain'], metric: 'count', limit: 10 },
    },
  ],
  keywords: [
    { title: 'Most frequent subject words', query: { queryType: 'keywords', limit: 20 } },
    {
      title: "Words bursting above the last week's mail",
      query: { queryType: 'keywords', mode: 'bursting', historyDays: 7, limit: 20 },
    },
  ],
  campaigns: [
    { title: 'Subjects mailed by many senders', query: { queryType: 'campaigns', minMessages: 20, limit: 20 } },
    {
      title: 'Campaign score for an alert rule (a burst against its own history)',
      query: { queryType: 'campaigns', minMessages: 20, historyDays: 7, output: 'score' },
    },
  ],
  baseline: [
    {
      title: 'Senders far above their usual hour',
      query: { queryType: 'baseline', groupBy: ['sender'], metric: 'count', window: '1h', baselineWindows: 24 },
    },
    {
      title: 'Spam now against the same hour of the last 4 weeks (robust z-score, for alerts)',
      query: {
        queryType: 'baseline',
        window: '10m',
        baselineMode: 'hourOfWeek',
        minCount: 20,
        output: 'robustZ',
        filters: [status('quarantined', 'filteredAsSpam')],
      },
    },
  ],
  details: [
    {
      title: 'Hop events of one message (paste its id and recipient)',
      query: { queryType: 'details', traceId: '', recipient: '' },
    },
  ],
  values: [
    { title: 'Senders, for a template variable', query: { queryType: 'values', dimension: 'sender', limit: 100 } },
  ],
  geo: [
    { title: 'Messages per country of the sending server', query: { queryType: 'geo', side: 'from', metric: 'count' } },
    {
      title: 'Outbound mail to embargoed countries',
      query: {
        queryType: 'geo',
        side: 'to',
        metric: 'count',
        filters: [{ dimension: 'toCountry', op: 'in', values: ['CU', 'IR', 'KP', 'SY'] }],
      },
    },
    {
      title: "Senders outside the tenant profile's home countries",
      query: {
        queryType: 'geo',
        side: 'from',
        metric: 'count',
        filters: [{ dimension: 'fromCountry', op: 'notHome', values: [] }],
      },
    },
  ],
  threats: [
    { title: 'Senders on the threat-intel feed', query: { queryType: 'threats', minConfidence: 50, limit: 100 } },
  ],
  novelty: [
    {
      title: 'Sender domains not seen in the last 30 days',
      query: { queryType: 'novelty', dimension: 'senderDomain', lookbackDays: 30, minCount: 2 },
    },
    {
      title: 'Countries sending for the first time in 30 days (messages, for alerts)',
      query: { queryType: 'novelty', dimension: 'fromCountry', lookbackDays: 30, output: 'messages' },
    },
  ],
  watchlist: [
    { title: 'Mail of the users on the watchlists', query: { queryType: 'watchlist', limit: 100 } },
    {
      title: 'External recipients per watched user (for alerts)',
      query: { queryType: 'watchlist', output: 'externalRecipients' },
    },
  ],
};

/** Query types in the order shown: the one being edited first. */
export function helpOrder(current: QueryType | undefined): QueryType[] {
  const first = current ?? 'traces';
  return [first, ...QUERY_TYPES.filter((t) => t !== first)];
}

export function QueryHelp({ query, onClickExample }: QueryEditorHelpProps<MessageTraceQuery>) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.sheet} data-testid="query-help">
      <Text element="h3">Exchange Message Trace cheat sheet</Text>
      <Text color="secondary" element="p">
        Every query type takes filters (sender, status, domains, IPs, countries, subject, size). In Explore&apos;s log
        details, &quot;Filter for value&quot; and &quot;Filter out value&quot; add one to a traces query.
      </Text>
      {helpOrder(query.queryType).map((type) => (
        <section key={type} className={styles.type} aria-label={QUERY_TYPE_INFO[type].label}>
          <Text element="h4">{QUERY_TYPE_INFO[type].label}</Text>
          <Text color="secondary" element="p">
            {QUERY_TYPE_INFO[type].description}
          </Text>
          {HELP_EXAMPLES[type].map((example) => (
            <Stack key={example.title} direction="row" alignItems="center" gap={1}>
              <Button
                size="sm"
                variant="secondary"
                aria-label={`Use: ${example.title}`}
                onClick={() => onClickExample({ ...example.query, refId: query.refId } as MessageTraceQuery)}
              >
                Use
              </Button>
              <Text>{example.title}</Text>
            </Stack>
          ))}
        </section>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  sheet: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  type: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    paddingTop: theme.spacing(1),
    borderTop: `1px solid ${theme.colors.border.weak}`,
  }),
});
