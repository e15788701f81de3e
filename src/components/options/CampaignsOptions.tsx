import React from 'react';
import { InlineFieldRow } from '@grafana/ui';

import { CAMPAIGN_OUTPUTS, QUERY_DEFAULTS } from '../../types';
import {
  CountField,
  HistoryDaysField,
  LimitField,
  OptionsProps,
  OutputField,
  OutputOption,
  tableOption,
} from './fields';

const OUTPUTS: OutputOption[] = [
  tableOption('Every column: template, messages, senders, recipients, first / last seen, example, variants, score'),
  ...CAMPAIGN_OUTPUTS.map((o) => ({
    label: o[0].toUpperCase() + o.slice(1),
    value: o,
    description:
      o === 'variants'
        ? 'Alert rules: subject variants merged into each template (lures vary theirs, newsletters keep one)'
        : `Alert rules: ${o} per template`,
  })),
];

/** campaigns: how many clusters, the smallest one reported, the history scored against, the alert output. */
export function CampaignsOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  return (
    <InlineFieldRow>
      <LimitField {...props} fallback={QUERY_DEFAULTS.campaignsLimit} />
      <CountField
        id={`${idPrefix}-min-messages`}
        label="Min messages"
        value={query.minMessages}
        placeholder={QUERY_DEFAULTS.minMessages}
        tooltip="Smallest cluster reported"
        onChange={(minMessages) => onChange({ minMessages })}
      />
      <HistoryDaysField {...props} />
      <OutputField {...props} options={OUTPUTS} />
    </InlineFieldRow>
  );
}
