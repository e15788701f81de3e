import React from 'react';
import { ComboboxOption, InlineFieldRow } from '@grafana/ui';

import { BASELINE_OUTPUTS, BaselineMode, QUERY_DEFAULTS } from '../../types';
import {
  ChoiceField,
  CountField,
  DimensionField,
  LimitField,
  MetricFields,
  OptionsProps,
  OutputField,
  OutputOption,
  tableOption,
  TextField,
} from './fields';

const OUTPUTS: OutputOption[] = [
  tableOption(
    'Every column: current, baseline mean and standard deviation, ratio, z-score, expected, robust z-score, history, status'
  ),
  ...BASELINE_OUTPUTS.map((o) => ({ label: o, value: o, description: `Alert rules: ${o} per group` })),
];

const MODES: Array<ComboboxOption<BaselineMode>> = [
  { label: 'Trailing windows', value: 'trailing', description: 'The N windows of the same length right before' },
  { label: 'Previous days', value: 'days', description: 'The same time of day on each of the N previous days' },
  {
    label: 'Same hour of week',
    value: 'hourOfWeek',
    description: 'The same window of the week in each of the N previous weeks',
  },
];

const WINDOWS_TOOLTIP: Record<BaselineMode, string> = {
  trailing: 'Number of windows of the same length right before the current one',
  days: 'Number of previous days compared (window at most 1d)',
  hourOfWeek: 'Number of previous weeks compared (window at most 7d, at most 12 weeks)',
};

/** baseline: optional group, metric, the current window against past ones, gates, alert output. */
export function BaselineOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  const mode = query.baselineMode ?? 'trailing';
  const windows = query.baselineWindows || QUERY_DEFAULTS.baselineWindowsByMode[mode];
  return (
    <>
      <InlineFieldRow>
        <DimensionField
          id={`${idPrefix}-group-by`}
          label="Group by"
          tooltip="Empty = the whole tenant"
          value={query.groupBy?.[0]}
          clearable
          placeholder="whole tenant"
          onChange={(d) => onChange({ groupBy: d ? [d] : [] })}
        />
        <MetricFields {...props} />
      </InlineFieldRow>
      <InlineFieldRow>
        <TextField
          id={`${idPrefix}-window`}
          label="Window"
          tooltip="Current window: [to - window, to]"
          value={query.window}
          placeholder={QUERY_DEFAULTS.window}
          onChange={(window) => onChange({ window: window.trim() || undefined })}
        />
        <ChoiceField<BaselineMode>
          id={`${idPrefix}-baseline-mode`}
          label="Compare with"
          tooltip="Which past windows the current one is compared with; days and weeks step in the tenant profile's time zone"
          options={MODES}
          value={mode}
          width={26}
          // trailing is the default: written as a missing key
          onChange={(m) => onChange({ baselineMode: m === 'trailing' ? undefined : m })}
        />
        <CountField
          id={`${idPrefix}-baseline-windows`}
          label="Baseline"
          value={query.baselineWindows}
          placeholder={QUERY_DEFAULTS.baselineWindowsByMode[mode]}
          max={500}
          tooltip={WINDOWS_TOOLTIP[mode]}
          onChange={(baselineWindows) => onChange({ baselineWindows })}
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <CountField
          id={`${idPrefix}-min-count`}
          label="Min count"
          value={query.minCount}
          placeholder={QUERY_DEFAULTS.baselineMinCount}
          tooltip="A current value below it scores 0 (status: below minCount), so a small tenant does not page on three messages"
          onChange={(minCount) => onChange({ minCount })}
        />
        <CountField
          id={`${idPrefix}-min-history`}
          label="Min history"
          value={query.minHistory}
          placeholder={mode === 'trailing' ? 0 : Math.ceil(windows / 2)}
          max={windows}
          tooltip="Past windows holding traces needed for a score; fewer: status not enough history, scores 0"
          onChange={(minHistory) => onChange({ minHistory })}
        />
        <LimitField {...props} fallback={QUERY_DEFAULTS.baselineLimit} />
        <OutputField {...props} options={OUTPUTS} />
      </InlineFieldRow>
    </>
  );
}
