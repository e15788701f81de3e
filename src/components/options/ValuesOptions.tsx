import React from 'react';
import { InlineFieldRow } from '@grafana/ui';

import { QUERY_DEFAULTS } from '../../types';
import { DimensionField, LimitField, OptionsProps, TextField } from './fields';

/** values (template variables): whose distinct values, an optional prefix, how many. */
export function ValuesOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  return (
    <InlineFieldRow>
      <DimensionField
        id={`${idPrefix}-dimension`}
        label="Dimension"
        value={query.dimension}
        onChange={(dimension) => onChange({ dimension: dimension ?? 'sender' })}
      />
      <TextField
        id={`${idPrefix}-prefix`}
        label="Prefix"
        tooltip="Optional, case-insensitive"
        width={20}
        value={query.prefix}
        placeholder="any"
        onChange={(prefix) => onChange({ prefix: prefix || undefined })}
      />
      <LimitField {...props} fallback={QUERY_DEFAULTS.valuesLimit} />
    </InlineFieldRow>
  );
}
