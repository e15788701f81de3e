import React from 'react';
import { InlineFieldRow } from '@grafana/ui';

import { QUERY_DEFAULTS } from '../../types';
import { LimitField, OptionsProps, OutputField, OutputOption, tableOption } from './fields';

const OUTPUTS: OutputOption[] = [
  tableOption('Every column: user, list, reason, risk, counts, last seen'),
  { label: 'Sent', value: 'sent', description: 'Alert rules: messages each watched user sent' },
  { label: 'Received', value: 'received', description: 'Alert rules: messages each watched user received' },
  {
    label: 'External recipients',
    value: 'externalRecipients',
    description: 'Alert rules: distinct external recipients each watched user wrote to',
  },
  { label: 'Failed', value: 'failed', description: 'Alert rules: failed messages per watched user' },
  { label: 'Quarantined', value: 'quarantined', description: 'Alert rules: quarantined messages per watched user' },
];

/** watchlist: how many watched users, and the alert output. */
export function WatchlistOptions(props: OptionsProps) {
  return (
    <InlineFieldRow>
      <LimitField {...props} fallback={QUERY_DEFAULTS.watchlistLimit} />
      <OutputField {...props} options={OUTPUTS} />
    </InlineFieldRow>
  );
}
