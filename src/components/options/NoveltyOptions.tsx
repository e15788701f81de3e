import React from 'react';
import { ComboboxOption, InlineFieldRow } from '@grafana/ui';

import { DIMENSION_LABELS } from '../../queryModel';
import { NOVELTY_DIMENSIONS, NOVELTY_OUTPUTS, NoveltyDimension, QUERY_DEFAULTS } from '../../types';
import { ChoiceField, CountField, LimitField, OptionsProps, OutputField, OutputOption, tableOption } from './fields';

const DIMENSIONS: Array<ComboboxOption<NoveltyDimension>> = NOVELTY_DIMENSIONS.map((d) => ({
  label: DIMENSION_LABELS[d],
  value: d,
}));

const OUTPUTS: OutputOption[] = [
  tableOption('Every column: value, messages, senders, first seen'),
  ...NOVELTY_OUTPUTS.map((o) => ({
    label: o[0].toUpperCase() + o.slice(1),
    value: o,
    description: `Alert rules: ${o} per new value (no row = nothing new)`,
  })),
];

/** novelty: the dimension watched, how far back a value must be absent, the gates, the alert output. */
export function NoveltyOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  const lookback = query.lookbackDays || QUERY_DEFAULTS.lookbackDays;
  return (
    <>
      <InlineFieldRow>
        <ChoiceField<NoveltyDimension>
          id={`${idPrefix}-dimension`}
          label="New values of"
          options={DIMENSIONS}
          value={
            (NOVELTY_DIMENSIONS as readonly string[]).includes(query.dimension ?? '')
              ? (query.dimension as NoveltyDimension)
              : 'senderDomain'
          }
          onChange={(dimension) => onChange({ dimension })}
        />
        <CountField
          id={`${idPrefix}-lookback-days`}
          label="Lookback days"
          value={query.lookbackDays}
          placeholder={QUERY_DEFAULTS.lookbackDays}
          max={90}
          tooltip="Days before the range a value must be absent from; the range and the lookback together at most 90 days (Microsoft keeps 90)"
          onChange={(lookbackDays) => onChange({ lookbackDays })}
        />
      </InlineFieldRow>
      <InlineFieldRow>
        <CountField
          id={`${idPrefix}-min-count`}
          label="Min messages"
          value={query.minCount}
          placeholder={QUERY_DEFAULTS.noveltyMinCount}
          tooltip="Fewest messages a new value needs to be reported"
          onChange={(minCount) => onChange({ minCount })}
        />
        <CountField
          id={`${idPrefix}-min-history`}
          label="Min history"
          value={query.minHistory}
          placeholder={Math.min(QUERY_DEFAULTS.noveltyMinHistory, lookback)}
          max={lookback}
          tooltip="Days of the lookback that must hold traces before anything is called new (a data source just set up has no history)"
          onChange={(minHistory) => onChange({ minHistory })}
        />
        <LimitField {...props} fallback={QUERY_DEFAULTS.noveltyLimit} />
        <OutputField {...props} options={OUTPUTS} />
      </InlineFieldRow>
    </>
  );
}
