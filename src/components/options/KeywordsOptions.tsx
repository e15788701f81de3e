import React from 'react';
import { ComboboxOption, InlineFieldRow } from '@grafana/ui';

import { KeywordMode, QUERY_DEFAULTS } from '../../types';
import { ChoiceField, HistoryDaysField, LimitField, OptionsProps } from './fields';

const MODES: Array<ComboboxOption<KeywordMode>> = [
  { label: 'Count', value: 'count', description: 'Words by the messages carrying them in the range' },
  {
    label: 'Bursting',
    value: 'bursting',
    description: "Words by how far the range exceeds the tenant's own history (expected, burst)",
  },
];

/** keywords: ranking mode, history for bursting, how many keywords. */
export function KeywordsOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  const mode = query.mode ?? 'count';
  return (
    <InlineFieldRow>
      <ChoiceField<KeywordMode>
        id={`${idPrefix}-mode`}
        label="Rank by"
        options={MODES}
        value={mode}
        // count is the default: written as a missing key; history only matters when bursting
        onChange={(m) => onChange(m === 'bursting' ? { mode: m } : { mode: undefined, historyDays: undefined })}
      />
      {mode === 'bursting' && <HistoryDaysField {...props} />}
      <LimitField {...props} fallback={QUERY_DEFAULTS.keywordsLimit} />
    </InlineFieldRow>
  );
}
