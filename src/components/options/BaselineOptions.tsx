import React from 'react';
import { InlineFieldRow } from '@grafana/ui';

import { BASELINE_OUTPUTS, QUERY_DEFAULTS } from '../../types';
import {
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
  tableOption('Every column: current, baseline mean and standard deviation, ratio, z-score'),
  ...BASELINE_OUTPUTS.map((o) => ({ label: o, value: o, description: `Alert rules: ${o} per group` })),
];

/** baseline: optional group, metric, current window against N trailing windows, alert output. */
export function BaselineOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
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
        <CountField
          id={`${idPrefix}-baseline-windows`}
          label="Baseline"
          value={query.baselineWindows}
          placeholder={QUERY_DEFAULTS.baselineWindows}
          tooltip="Number of windows of the same length right before the current one"
          onChange={(baselineWindows) => onChange({ baselineWindows })}
        />
        <LimitField {...props} fallback={QUERY_DEFAULTS.baselineLimit} />
        <OutputField {...props} options={OUTPUTS} />
      </InlineFieldRow>
    </>
  );
}
