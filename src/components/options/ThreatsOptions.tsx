import React from 'react';
import { InlineFieldRow } from '@grafana/ui';

import { QUERY_DEFAULTS } from '../../types';
import { CountField, LimitField, OptionsProps, OutputField, OutputOption, tableOption } from './fields';

const OUTPUTS: OutputOption[] = [
  tableOption('Every column: indicator, kind, matched on, actor, labels, numbers, times'),
  { label: 'Messages', value: 'messages', description: 'Alert rules: messages per indicator and side' },
  { label: 'Confidence', value: 'confidence', description: 'Alert rules: confidence per indicator and side' },
];

/** threats: the weakest indicator reported, how many rows, and the alert output. */
export function ThreatsOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  return (
    <InlineFieldRow>
      <CountField
        id={`${idPrefix}-min-confidence`}
        label="Min confidence"
        value={query.minConfidence}
        placeholder={QUERY_DEFAULTS.minConfidence}
        max={100}
        tooltip="0-100: weakest indicator reported (85 high, 50 medium, 15 low)"
        onChange={(minConfidence) => onChange({ minConfidence })}
      />
      <LimitField {...props} fallback={QUERY_DEFAULTS.threatsLimit} />
      <OutputField {...props} options={OUTPUTS} />
    </InlineFieldRow>
  );
}
