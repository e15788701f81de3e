import React, { useState } from 'react';
import { CoreApp } from '@grafana/data';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { pick } from '../comboboxTestUtils';
import { fakeDatasource, FakeResources, FakeTemplateSrv, RANGE } from '../testUtils';
import { MessageTraceQuery, QueryType } from '../types';
import { QueryEditor } from './QueryEditor';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => new FakeTemplateSrv([{ name: 'sender', current: 'a@x' }]),
}));

function renderEditor(initial: MessageTraceQuery, resources: FakeResources = {}, app?: CoreApp) {
  const ds = fakeDatasource(resources);
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  function Stateful() {
    const [query, setQuery] = useState(initial);
    return (
      <QueryEditor
        query={query}
        datasource={ds}
        range={RANGE}
        app={app}
        onRunQuery={onRunQuery}
        onChange={(next) => {
          onChange(next);
          setQuery(next);
        }}
      />
    );
  }
  const user = userEvent.setup();
  const { unmount } = render(<Stateful />);
  return { ds, user, onChange, onRunQuery, unmount, last: (): MessageTraceQuery => onChange.mock.calls.at(-1)?.[0] };
}

const OPTIONS_BY_TYPE: Record<QueryType, { shown: string[]; hidden: string[] }> = {
  traces: { shown: ['Max rows'], hidden: ['Metric', 'Group by', 'Trace ID'] },
  timeseries: { shown: ['Metric', 'Split by', 'Interval'], hidden: ['Series limit', 'Max rows', 'Group by'] },
  stats: { shown: ['Stats'], hidden: ['Metric', 'Limit'] },
  top: {
    shown: ['Group by', 'Then by', 'Metric', 'Top', 'Other row'],
    hidden: ['Pivot', 'Interval', 'Side', 'Output'],
  },
  keywords: { shown: ['Rank by', 'Limit'], hidden: ['Metric', 'Min messages', 'History days'] },
  campaigns: { shown: ['Limit', 'Min messages', 'History days', 'Output'], hidden: ['Metric'] },
  baseline: {
    shown: ['Group by', 'Metric', 'Window', 'Compare with', 'Baseline', 'Min count', 'Min history', 'Limit', 'Output'],
    hidden: ['Then by', 'Interval', 'Min confidence'],
  },
  details: { shown: ['Trace ID', 'Recipient'], hidden: ['Limit', 'Metric'] },
  values: { shown: ['Dimension', 'Prefix', 'Limit'], hidden: ['Metric'] },
  geo: {
    shown: ['Side', 'Metric', 'Exclude'],
    hidden: ['Distinct dimension', 'Group by', 'Split by', 'Interval', 'Limit', 'Min confidence', 'Output'],
  },
  threats: {
    shown: ['Min confidence', 'Limit', 'Output'],
    hidden: ['Side', 'Exclude', 'Metric', 'Group by', 'Interval', 'Window'],
  },
  novelty: {
    shown: ['New values of', 'Lookback days', 'Min messages', 'Min history', 'Limit', 'Output'],
    hidden: ['Metric', 'Group by', 'Side', 'Window', 'Prefix', 'History days'],
  },
  watchlist: { shown: ['Limit', 'Output'], hidden: ['Metric', 'Group by', 'Min confidence', 'Window'] },
};

describe('QueryEditor', () => {
  it.each(Object.entries(OPTIONS_BY_TYPE))('shows only the options of %s', async (type, { shown, hidden }) => {
    renderEditor({ refId: 'A', queryType: type as QueryType });
    for (const label of shown) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
    for (const label of hidden) {
      expect(screen.queryByLabelText(label)).not.toBeInTheDocument();
    }
    // every type but details takes filters
    if (type === 'details') {
      expect(screen.queryByRole('button', { name: 'Add filter' })).not.toBeInTheDocument();
    } else {
      expect(screen.getByRole('button', { name: 'Add filter' })).toBeInTheDocument();
    }
    await waitFor(() => expect(screen.queryByText(/Working out/)).not.toBeInTheDocument());
  });

  it('switches the query type to top with runnable defaults and runs once', async () => {
    const { user, onChange, onRunQuery, last } = renderEditor({
      refId: 'A',
      queryType: 'traces',
      limit: 500,
      filters: [{ dimension: 'status', op: 'eq', values: ['failed'] }],
    });
    await pick(user, 'Query type', 'Top');
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(last()).toEqual({
      refId: 'A',
      queryType: 'top',
      filters: [{ dimension: 'status', op: 'eq', values: ['failed'] }],
      groupBy: ['sender'],
      metric: 'count',
      limit: 10,
    });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('builds a top pivot query: sender x status, top 5', async () => {
    const { user, onRunQuery, last } = renderEditor({
      refId: 'A',
      queryType: 'top',
      filters: [],
      groupBy: ['sender'],
      metric: 'count',
      limit: 10,
    });
    await pick(user, 'Then by', 'Status');
    await user.click(screen.getByLabelText('Pivot'));
    const top = screen.getByLabelText('Top');
    await user.clear(top);
    await user.type(top, '5');
    await user.tab();
    expect(last()).toEqual({
      refId: 'A',
      queryType: 'top',
      filters: [],
      groupBy: ['sender', 'status'],
      metric: 'count',
      limit: 5,
      pivot: true,
    });
    expect(onRunQuery).toHaveBeenCalledTimes(3);
  });

  it('builds a filtered time series split by status', async () => {
    const { user, last } = renderEditor(
      { refId: 'B', queryType: 'timeseries', filters: [], metric: 'count' },
      {
        values: ({ prefix }) =>
          ['urch@elchino-millions.site', 'alice@example.co.jp'].filter((v) => v.startsWith(String(prefix))),
      }
    );
    await pick(user, 'Metric', 'Size sum');
    await pick(user, 'Split by', 'Status');
    await user.type(screen.getByLabelText('Interval'), '1h{enter}');
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    const row = screen.getByTestId('filter-row');
    // autocomplete from the values resource, narrowed by what is typed
    const values = within(row).getByLabelText('Filter values');
    await user.click(values);
    await user.type(values, 'urch');
    expect(await screen.findByText('urch@elchino-millions.site')).toBeInTheDocument();
    // Enter alone takes nothing (see the quick-Enter test); arrow down chooses the suggestion.
    await user.keyboard('{arrowdown}{enter}');
    expect(last()).toEqual({
      refId: 'B',
      queryType: 'timeseries',
      filters: [{ dimension: 'sender', op: 'eq', values: ['urch@elchino-millions.site'] }],
      metric: 'sizeSum',
      splitBy: 'status',
      interval: '1h',
    });
  });

  it('limits operators to those valid for the dimension', async () => {
    const { user, last } = renderEditor({ refId: 'A', queryType: 'traces', filters: [] });
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    await pick(user, 'Filter dimension', 'Size (bytes)');
    // = is valid on size too (GET dimensions), so the row keeps it
    expect(last().filters).toEqual([{ dimension: 'size', op: 'eq', values: [] }]);
    await user.click(screen.getByLabelText('Filter operator'));
    const menu = await screen.findByRole('listbox');
    expect(within(menu).getByText('>')).toBeInTheDocument();
    expect(within(menu).getByText('<')).toBeInTheDocument();
    expect(within(menu).queryByText('contains')).not.toBeInTheDocument();
    await user.keyboard('{escape}');
    await pick(user, 'Filter dimension', 'From IP');
    await user.click(screen.getByLabelText('Filter operator'));
    expect(within(await screen.findByRole('listbox')).getByText('in CIDR')).toBeInTheDocument();
  });

  it('takes the operator list from the backend when it has one', async () => {
    const { user } = renderEditor(
      { refId: 'A', queryType: 'traces', filters: [{ dimension: 'sender', op: 'eq', values: [] }] },
      { dimensions: { dimensions: ['sender'], operators: { sender: ['eq', 'regex'] }, statuses: [] } }
    );
    await waitFor(() => expect(screen.queryByText(/Working out/)).not.toBeInTheDocument());
    await user.click(screen.getByLabelText('Filter operator'));
    const menu = await screen.findByRole('listbox');
    expect(within(menu).getByText('=~ regex')).toBeInTheDocument();
    expect(within(menu).queryByText('!=')).not.toBeInTheDocument();
    expect(within(menu).queryByText('contains')).not.toBeInTheDocument();
  });

  it('runs on blur or Enter, never on a keystroke', async () => {
    const { user, onChange, onRunQuery, last } = renderEditor({ refId: 'A', queryType: 'traces', filters: [] });
    const limit = screen.getByLabelText('Max rows');
    await user.type(limit, '250');
    expect(onChange).not.toHaveBeenCalled();
    expect(onRunQuery).not.toHaveBeenCalled();
    await user.tab();
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    expect(last()).toEqual({ refId: 'A', queryType: 'traces', filters: [], limit: 250 });
    await user.type(limit, '0{enter}');
    expect(onRunQuery).toHaveBeenCalledTimes(2);
    expect(last().limit).toBe(2500);
    // blur after Enter does not run the same edit again
    await user.tab();
    expect(onRunQuery).toHaveBeenCalledTimes(2);
  });

  it('rejects a non-numeric limit instead of sending it', async () => {
    const { user, onChange } = renderEditor({ refId: 'A', queryType: 'keywords', filters: [] });
    const limit = screen.getByLabelText('Limit');
    await user.type(limit, '-3');
    await user.tab();
    expect(onChange).not.toHaveBeenCalled();
    expect(limit).toHaveValue(null);
  });

  it('does not run an empty filter row, runs once values are chosen, and on removal', async () => {
    const { user, onChange, onRunQuery, last } = renderEditor({ refId: 'A', queryType: 'stats', filters: [] });
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onRunQuery).not.toHaveBeenCalled();
    await pick(user, 'Filter dimension', 'Status');
    expect(onRunQuery).not.toHaveBeenCalled();
    await pick(user, 'Filter values', 'quarantined');
    expect(last().filters).toEqual([{ dimension: 'status', op: 'eq', values: ['quarantined'] }]);
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Remove filter 1' }));
    expect(last().filters).toEqual([]);
    expect(onRunQuery).toHaveBeenCalledTimes(2);
  });

  it('accepts typed values and variables in a filter', async () => {
    const { user, last } = renderEditor({ refId: 'A', queryType: 'traces', filters: [] });
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    await pick(user, 'Filter values', '$sender');
    await pick(user, 'Filter values', '*@example.com');
    expect(last().filters).toEqual([{ dimension: 'sender', op: 'eq', values: ['$sender', '*@example.com'] }]);
  });

  it('runs details only when trace ID and recipient are both set', async () => {
    const { user, onRunQuery, last } = renderEditor({ refId: 'A', queryType: 'details' });
    expect(screen.getByTestId('query-incomplete')).toHaveTextContent('Details needs a trace ID');
    await user.type(screen.getByLabelText('Trace ID'), 'c1d2e3f4-5678-49ab-9cde-0123456789ab{enter}');
    expect(onRunQuery).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText('Recipient'), 'user@example.co.jp');
    await user.tab();
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    expect(last()).toEqual({
      refId: 'A',
      queryType: 'details',
      traceId: 'c1d2e3f4-5678-49ab-9cde-0123456789ab',
      recipient: 'user@example.co.jp',
    });
    expect(screen.queryByTestId('query-incomplete')).not.toBeInTheDocument();
  });

  it('asks for a dimension when the metric is distinct, defaulting to sender', async () => {
    const { user, last } = renderEditor({ refId: 'A', queryType: 'baseline', filters: [], metric: 'count' });
    await pick(user, 'Metric', 'Distinct');
    expect(last()).toMatchObject({ metric: 'distinct', metricDimension: 'sender' });
    await pick(user, 'Distinct dimension', 'Recipient domain');
    expect(last()).toMatchObject({ metric: 'distinct', metricDimension: 'recipientDomain' });
    await pick(user, 'Metric', 'Count');
    expect(last()).not.toHaveProperty('metricDimension');
  });

  it('builds a stats query', async () => {
    const stats = renderEditor({ refId: 'A', queryType: 'stats', filters: [] });
    await pick(stats.user, 'Stats', 'Distinct senders');
    await pick(stats.user, 'Stats', 'Size sum');
    expect(stats.last()).toEqual({
      refId: 'A',
      queryType: 'stats',
      filters: [],
      stats: ['distinctSenders', 'sizeSum'],
    });
  });

  it('builds a values query', async () => {
    const { user, last } = renderEditor({ refId: 'A', queryType: 'values', filters: [], dimension: 'sender' });
    await pick(user, 'Dimension', 'Recipient domain');
    await user.type(screen.getByLabelText('Prefix'), 'ex');
    await user.tab();
    expect(last()).toEqual({
      refId: 'A',
      queryType: 'values',
      filters: [],
      dimension: 'recipientDomain',
      prefix: 'ex',
    });
  });

  it('builds campaigns and baseline queries', async () => {
    const campaigns = renderEditor({ refId: 'A', queryType: 'campaigns', filters: [] });
    await campaigns.user.type(screen.getByLabelText('Min messages'), '50{enter}');
    expect(campaigns.last()).toEqual({ refId: 'A', queryType: 'campaigns', filters: [], minMessages: 50 });
  });

  it('builds an unusual-geography query: receiving servers outside JP and US', async () => {
    const { user, onChange, onRunQuery, last } = renderEditor({
      refId: 'A',
      queryType: 'traces',
      limit: 500,
      filters: [{ dimension: 'direction', op: 'eq', values: ['outbound'] }],
    });
    await pick(user, 'Query type', 'Geo');
    expect(last()).toEqual({
      refId: 'A',
      queryType: 'geo',
      filters: [{ dimension: 'direction', op: 'eq', values: ['outbound'] }],
      side: 'from',
      metric: 'count',
    });
    await pick(user, 'Side', 'To');
    const exclude = screen.getByLabelText('Exclude');
    await user.click(exclude);
    await user.type(exclude, 'jp{enter}');
    // several at once, upper-cased, duplicates ignored
    await user.type(exclude, 'us, JP{enter}');
    expect(last()).toEqual({
      refId: 'A',
      queryType: 'geo',
      filters: [{ dimension: 'direction', op: 'eq', values: ['outbound'] }],
      side: 'to',
      metric: 'count',
      excludeCountries: ['JP', 'US'],
    });
    expect(onRunQuery).toHaveBeenCalledTimes(4);

    // not a code: refused with a message, nothing sent
    await user.type(exclude, 'Japan{enter}');
    expect(await screen.findByText(/"Japan" is not a country code/)).toBeInTheDocument();
    expect(onChange).toHaveBeenCalledTimes(4);
    await user.type(exclude, 'zz{enter}');
    expect(screen.getByText(/"zz" is not a country code/)).toBeInTheDocument();
    // a dashboard variable is taken as it is and interpolated when the query runs
    await user.type(exclude, '$sender{enter}');
    expect(screen.queryByText(/is not a country code/)).not.toBeInTheDocument();
    expect(last().excludeCountries).toEqual(['JP', 'US', '$sender']);

    // chips in order JP, US, $sender
    await user.click(screen.getByRole('button', { name: 'Remove tag: $sender' }));
    expect(last().excludeCountries).toEqual(['JP', 'US']);
  });

  it('counts distinct values per country, waiting for the dimension', async () => {
    const { user, last } = renderEditor({ refId: 'A', queryType: 'geo', filters: [], side: 'from', metric: 'count' });
    await pick(user, 'Metric', 'Distinct');
    await pick(user, 'Distinct dimension', 'Sender domain');
    expect(last()).toEqual({
      refId: 'A',
      queryType: 'geo',
      filters: [],
      side: 'from',
      metric: 'distinct',
      metricDimension: 'senderDomain',
    });
  });

  it('builds a threats query for an alert rule', async () => {
    const { user, onChange, onRunQuery, last } = renderEditor(
      { refId: 'A', queryType: 'geo', filters: [], side: 'to', metric: 'count', excludeCountries: ['JP'] },
      {},
      CoreApp.UnifiedAlerting
    );
    await pick(user, 'Query type', 'Threat intel');
    expect(last()).toEqual({ refId: 'A', queryType: 'threats', filters: [] });
    expect(screen.getByTestId('query-needs-output')).toHaveTextContent('For alert rules, choose an output');

    const confidence = screen.getByLabelText('Min confidence');
    expect(confidence).toHaveAttribute('placeholder', '0');
    await user.type(confidence, '150');
    await user.tab();
    // out of 0-100: reverted, not sent
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(confidence).toHaveValue(null);
    await user.type(confidence, '50{enter}');
    await user.type(screen.getByLabelText('Limit'), '20{enter}');
    await pick(user, 'Output', 'Messages');
    expect(last()).toEqual({
      refId: 'A',
      queryType: 'threats',
      filters: [],
      minConfidence: 50,
      limit: 20,
      output: 'messages',
    });
    expect(screen.queryByTestId('query-needs-output')).not.toBeInTheDocument();
    expect(onRunQuery).toHaveBeenCalledTimes(4);

    await pick(user, 'Output', 'Confidence');
    expect(last().output).toBe('confidence');
    // the table is the default: the key goes away
    await pick(user, 'Output', 'Table');
    expect(last()).toEqual({ refId: 'A', queryType: 'threats', filters: [], minConfidence: 50, limit: 20 });
  });

  it.each([
    ['campaigns', 'Senders', 'senders'],
    ['campaigns', 'Score', 'score'],
    ['baseline', 'ratio', 'ratio'],
    ['baseline', 'robustZ', 'robustZ'],
    ['novelty', 'Messages', 'messages'],
  ] as const)('offers a %s output for alert rules', async (queryType, label, value) => {
    const { user, last } = renderEditor({ refId: 'A', queryType, filters: [] }, {}, CoreApp.UnifiedAlerting);
    expect(screen.getByTestId('query-needs-output')).toBeInTheDocument();
    await pick(user, 'Output', label);
    expect(last()).toEqual({ refId: 'A', queryType, filters: [], output: value });
    expect(screen.queryByTestId('query-needs-output')).not.toBeInTheDocument();
  });

  it('does not ask for an output outside alert rules', () => {
    renderEditor({ refId: 'A', queryType: 'threats', filters: [] });
    expect(screen.queryByTestId('query-needs-output')).not.toBeInTheDocument();
  });

  it('filters on countries with set and tenant-profile operators only', async () => {
    const { user, last } = renderEditor({ refId: 'A', queryType: 'traces', filters: [] });
    await user.click(screen.getByRole('button', { name: 'Add filter' }));
    await pick(user, 'Filter operator', 'contains');
    await pick(user, 'Filter dimension', 'From country');
    // contains does not apply to a country: the row falls back to =
    expect(last().filters).toEqual([{ dimension: 'fromCountry', op: 'eq', values: [] }]);
    await user.click(screen.getByLabelText('Filter operator'));
    const menu = await screen.findByRole('listbox');
    // each option shows its label and, as description, the operator's name
    expect(within(menu).getAllByRole('option')).toHaveLength(8);
    for (const op of ['eq', 'neq', 'in', 'notIn', 'home', 'notHome', 'embargoed', 'notEmbargoed']) {
      expect(within(menu).getAllByText(op).length).toBeGreaterThan(0);
    }
    for (const op of ['contains', 'regex', 'cidr']) {
      expect(within(menu).queryByText(op)).not.toBeInTheDocument();
    }
    await user.keyboard('{escape}');
    await pick(user, 'Filter operator', 'not in');
    await pick(user, 'Filter values', 'JP');
    await pick(user, 'Filter values', 'US');
    expect(last().filters).toEqual([{ dimension: 'fromCountry', op: 'notIn', values: ['JP', 'US'] }]);
  });

  it('groups and splits by country', async () => {
    const top = renderEditor({ refId: 'A', queryType: 'top', filters: [], groupBy: ['sender'], metric: 'count' });
    await pick(top.user, 'Group by', 'From country');
    await pick(top.user, 'Then by', 'To country');
    expect(top.last().groupBy).toEqual(['fromCountry', 'toCountry']);
    top.unmount();
    const ts = renderEditor({ refId: 'A', queryType: 'timeseries', filters: [], metric: 'count' });
    await pick(ts.user, 'Split by', 'To country');
    expect(ts.last()).toEqual({
      refId: 'A',
      queryType: 'timeseries',
      filters: [],
      metric: 'count',
      splitBy: 'toCountry',
    });
  });

  it('shows the Graph $filter and the local part from the preview resource', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    try {
      const { ds } = renderEditor(
        {
          refId: 'A',
          queryType: 'traces',
          filters: [
            { dimension: 'sender', op: 'eq', values: ['a@x'] },
            { dimension: 'status', op: 'in', values: ['failed', 'quarantined'] },
          ],
        },
        { preview: { pushdown: "senderAddress eq 'a@x'", local: ['status in (failed, quarantined)'] } }
      );
      await act(async () => {
        jest.advanceTimersByTime(500);
      });
      expect(await screen.findByTestId('preview-pushdown')).toHaveTextContent("senderAddress eq 'a@x'");
      expect(screen.getByTestId('preview-local')).toHaveTextContent('status in (failed, quarantined)');
      expect(ds.preview).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('degrades gracefully when the preview fails', async () => {
    renderEditor({ refId: 'A', queryType: 'traces', filters: [] }, { preview: new Error('boom') });
    expect(await screen.findByText(/Filter preview unavailable/)).toBeInTheDocument();
  });
});
