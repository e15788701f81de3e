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
    expect(ids(container).sort()).toEqual([...new Set(expected)].sort());
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
