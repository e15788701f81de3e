import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { pick } from '../../comboboxTestUtils';
import { MODEL_KEYS, QUERY_TYPE_INFO } from '../../queryModel';
import { FakeTemplateSrv } from '../../testUtils';
import { QUERY_TYPES, QueryType } from '../../types';
import { OPTIONS_EDITORS } from '.';
import { CountField, LimitField } from './fields';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => new FakeTemplateSrv([{ name: 'dim', current: 'sender' }]),
}));

// Element ids each option key renders as (`mt-A-<suffix>`); filters are FilterRows', not the editors'.
const KEY_IDS: Record<string, string[]> = {
  limit: ['limit'],
  metric: ['metric'],
  metricDimension: [],
  splitBy: ['split-by'],
  alias: ['alias'],
  interval: ['interval'],
  seriesLimit: [],
  includeOther: [], // timeseries: only with a split; top: see below
  stats: ['stats'],
  groupBy: ['group-by'],
  pivot: [],
  minMessages: ['min-messages'],
  window: ['window'],
  baselineWindows: ['baseline-windows'],
  baselineMode: ['baseline-mode'],
  minCount: ['min-count'],
  minHistory: ['min-history'],
  lookbackDays: ['lookback-days'],
  historyDays: ['history-days'], // keywords: only when bursting, see below
  mode: ['mode'],
  dimension: ['dimension'],
  prefix: ['prefix'],
  traceId: ['trace-id'],
  recipient: ['recipient'],
  side: ['side'],
  excludeCountries: ['exclude-countries'],
  minConfidence: ['min-confidence'],
  output: ['output'],
};

function ids(container: HTMLElement): string[] {
  return Array.from(container.querySelectorAll('[id^="mt-A-"]')).map((e) => e.id.slice('mt-A-'.length));
}

describe('options editors', () => {
  it('has one editor per query type', () => {
    expect(Object.keys(OPTIONS_EDITORS).sort()).toEqual([...QUERY_TYPES].sort());
    expect(Object.keys(KEY_IDS).sort()).toEqual(MODEL_KEYS.filter((k) => k !== 'filters').sort());
  });

  it.each(QUERY_TYPES.map((t) => [t] as const))('%s renders exactly the fields of its keys', (type: QueryType) => {
    const Editor = OPTIONS_EDITORS[type];
    // top also shows "Then by" and "Other row"; every other field follows from QUERY_TYPE_INFO.keys
    const { container } = render(
      <Editor idPrefix="mt-A" query={{ refId: 'A', queryType: type }} onChange={jest.fn()} />
    );
    const expected = QUERY_TYPE_INFO[type].keys.flatMap((k) => KEY_IDS[k] ?? []);
    if (type === 'top') {
      expected.push('group-by-2', 'include-other');
    }
    const shown = type === 'keywords' ? expected.filter((id) => id !== 'history-days') : expected;
    expect(ids(container).sort()).toEqual([...new Set(shown)].sort());
  });

  it('patches only what changed; the split brings its series options', async () => {
    const onChange = jest.fn();
    const user = userEvent.setup();
    const Editor = OPTIONS_EDITORS.timeseries;
    const { rerender } = render(
      <Editor idPrefix="mt-A" query={{ refId: 'A', queryType: 'timeseries' }} onChange={onChange} />
    );
    expect(screen.queryByLabelText('Series limit')).not.toBeInTheDocument();
    await pick(user, 'Split by', 'Status');
    expect(onChange).toHaveBeenLastCalledWith({ splitBy: 'status' });
    // a dashboard variable can choose the dimension
    await pick(user, 'Split by', '$dim');
    expect(onChange).toHaveBeenLastCalledWith({ splitBy: '$dim' });
    rerender(
      <Editor
        idPrefix="mt-A"
        query={{ refId: 'A', queryType: 'timeseries', splitBy: 'status', seriesLimit: 5 }}
        onChange={onChange}
      />
    );
    expect(screen.getByLabelText('Series limit')).toHaveValue(5);
    expect(screen.getByLabelText('Other series')).not.toBeChecked();
  });

  it('keywords: bursting brings its history days; count is written as a missing key', async () => {
    const onChange = jest.fn();
    const user = userEvent.setup();
    const Editor = OPTIONS_EDITORS.keywords;
    const { rerender } = render(
      <Editor idPrefix="mt-A" query={{ refId: 'A', queryType: 'keywords' }} onChange={onChange} />
    );
    expect(screen.queryByLabelText('History days')).not.toBeInTheDocument();
    await pick(user, 'Rank by', 'Bursting');
    expect(onChange).toHaveBeenLastCalledWith({ mode: 'bursting' });
    rerender(
      <Editor idPrefix="mt-A" query={{ refId: 'A', queryType: 'keywords', mode: 'bursting' }} onChange={onChange} />
    );
    const days = screen.getByLabelText('History days');
    expect(days).toHaveAttribute('placeholder', '7');
    await user.type(days, '31{enter}'); // above the backend's 30: reverted, not sent
    expect(onChange).toHaveBeenCalledTimes(1);
    await user.clear(days);
    await user.type(days, '14{enter}');
    expect(onChange).toHaveBeenLastCalledWith({ historyDays: 14 });
    await pick(user, 'Rank by', 'Count');
    expect(onChange).toHaveBeenLastCalledWith({ mode: undefined, historyDays: undefined });
  });

  it('baseline: the mode changes the defaults shown; trailing is a missing key', async () => {
    const onChange = jest.fn();
    const user = userEvent.setup();
    const Editor = OPTIONS_EDITORS.baseline;
    const { rerender } = render(
      <Editor idPrefix="mt-A" query={{ refId: 'A', queryType: 'baseline' }} onChange={onChange} />
    );
    expect(screen.getByLabelText('Baseline')).toHaveAttribute('placeholder', '24');
    expect(screen.getByLabelText('Min history')).toHaveAttribute('placeholder', '0');
    await pick(user, 'Compare with', 'Same hour of week');
    expect(onChange).toHaveBeenLastCalledWith({ baselineMode: 'hourOfWeek' });
    rerender(
      <Editor
        idPrefix="mt-A"
        query={{ refId: 'A', queryType: 'baseline', baselineMode: 'hourOfWeek' }}
        onChange={onChange}
      />
    );
    // the backend's defaults: 4 weeks, half of them with traces
    expect(screen.getByLabelText('Baseline')).toHaveAttribute('placeholder', '4');
    expect(screen.getByLabelText('Min history')).toHaveAttribute('placeholder', '2');
    await user.type(screen.getByLabelText('Min count'), '20{enter}');
    expect(onChange).toHaveBeenLastCalledWith({ minCount: 20 });
    await pick(user, 'Output', 'robustZ');
    expect(onChange).toHaveBeenLastCalledWith({ output: 'robustZ' });
    await pick(user, 'Compare with', 'Trailing windows');
    expect(onChange).toHaveBeenLastCalledWith({ baselineMode: undefined });
  });

  it('novelty: dimension, lookback within 90 days, gates and output', async () => {
    const onChange = jest.fn();
    const user = userEvent.setup();
    const Editor = OPTIONS_EDITORS.novelty;
    render(
      <Editor
        idPrefix="mt-A"
        query={{ refId: 'A', queryType: 'novelty', dimension: 'senderDomain', lookbackDays: 5 }}
        onChange={onChange}
      />
    );
    await pick(user, 'New values of', 'From country');
    expect(onChange).toHaveBeenLastCalledWith({ dimension: 'fromCountry' });
    const lookback = screen.getByLabelText('Lookback days');
    await user.clear(lookback);
    await user.type(lookback, '91{enter}');
    expect(onChange).toHaveBeenCalledTimes(1);
    // min history defaults to min(7, lookbackDays) and cannot exceed the lookback
    const history = screen.getByLabelText('Min history');
    expect(history).toHaveAttribute('placeholder', '5');
    await user.type(history, '6{enter}');
    expect(onChange).toHaveBeenCalledTimes(1);
    await user.type(screen.getByLabelText('Min messages'), '2{enter}');
    expect(onChange).toHaveBeenLastCalledWith({ minCount: 2 });
    await pick(user, 'Output', 'Senders');
    expect(onChange).toHaveBeenLastCalledWith({ output: 'senders' });
  });

  it('reverts junk and out-of-range numbers instead of sending them', async () => {
    const onChange = jest.fn();
    const user = userEvent.setup();
    render(
      <>
        <CountField id="c" label="Min confidence" value={undefined} placeholder={0} max={100} onChange={onChange} />
        <LimitField idPrefix="mt-A" query={{ refId: 'A' }} fallback={10} onChange={onChange} />
      </>
    );
    const confidence = screen.getByLabelText('Min confidence');
    await user.type(confidence, '101{enter}');
    expect(onChange).not.toHaveBeenCalled();
    await user.clear(confidence);
    await user.type(confidence, '100{enter}');
    expect(onChange).toHaveBeenLastCalledWith(100);
    const limit = screen.getByLabelText('Limit');
    expect(limit).toHaveAttribute('placeholder', '10');
    await user.type(limit, '7{enter}');
    expect(onChange).toHaveBeenLastCalledWith({ limit: 7 });
  });
});
