import React from 'react';
import { ComboboxOption, InlineField, InlineFieldRow, MultiCombobox } from '@grafana/ui';

import { STAT_LABELS } from '../../queryModel';
import { Stat, STATS } from '../../types';
import { LABEL_WIDTH, OptionsProps } from './fields';

const STAT_OPTIONS: Array<ComboboxOption<Stat>> = STATS.map((s) => ({ label: STAT_LABELS[s], value: s }));

/** stats: which numbers; none chosen = all of them. */
export function StatsOptions({ idPrefix, query, onChange }: OptionsProps) {
  return (
    <InlineFieldRow>
      <InlineField label="Stats" labelWidth={LABEL_WIDTH} tooltip="Empty = all of them">
        <MultiCombobox<Stat>
          id={`${idPrefix}-stats`}
          width="auto"
          minWidth={30}
          maxWidth={80}
          options={STAT_OPTIONS}
          value={query.stats ?? []}
          placeholder="all stats"
          onChange={(items) => {
            const stats = items.map((i) => i.value);
            onChange({ stats: stats.length > 0 ? stats : undefined });
          }}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
