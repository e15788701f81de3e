import React from 'react';
import { InlineFieldRow } from '@grafana/ui';

import { QUERY_DEFAULTS } from '../../types';
import { LimitField, OptionsProps } from './fields';

/** traces: the row limit only. */
export function TracesOptions(props: OptionsProps) {
  return (
    <InlineFieldRow>
      <LimitField {...props} label="Max rows" fallback={QUERY_DEFAULTS.tracesLimit} />
    </InlineFieldRow>
  );
}
