import React from 'react';
import { InlineFieldRow } from '@grafana/ui';

import { OptionsProps, TextField } from './fields';

/** details: the trace and the recipient whose hop-by-hop events are shown. */
export function DetailsOptions({ idPrefix, query, onChange }: OptionsProps) {
  return (
    <InlineFieldRow>
      <TextField
        id={`${idPrefix}-trace-id`}
        label="Trace ID"
        tooltip="The trace's id (a traces row's id field)"
        width={42}
        value={query.traceId}
        placeholder="c1d2e3f4-5678-49ab-9cde-0123456789ab or $traceId"
        onChange={(traceId) => onChange({ traceId: traceId.trim() })}
      />
      <TextField
        id={`${idPrefix}-recipient`}
        label="Recipient"
        width={32}
        value={query.recipient}
        placeholder="user@example.co.jp or $recipient"
        onChange={(recipient) => onChange({ recipient: recipient.trim() })}
      />
    </InlineFieldRow>
  );
}
