import React from 'react';
import { InlineFieldRow } from '@grafana/ui';

import { QUERY_DEFAULTS } from '../../types';
import { DimensionField, LimitField, MetricFields, OptionsProps, SwitchField } from './fields';

/** top: one or two dimensions (the second optionally pivoted into columns), metric, N, "other" row. */
export function TopOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  const [first, second] = query.groupBy ?? [];
  return (
    <>
      <InlineFieldRow>
        <DimensionField
          id={`${idPrefix}-group-by`}
          label="Group by"
          value={first}
          onChange={(d) => onChange({ groupBy: d ? (second ? [d, second] : [d]) : [] })}
        />
        <DimensionField
          id={`${idPrefix}-group-by-2`}
          label="Then by"
          tooltip="Optional second dimension (e.g. status, for a pivot)"
          value={second}
          clearable
          placeholder="none"
          onChange={(d) =>
            onChange(d ? { groupBy: [first ?? 'sender', d] } : { groupBy: first ? [first] : [], pivot: undefined })
          }
        />
        {second && (
          <SwitchField
            id={`${idPrefix}-pivot`}
            label="Pivot"
            tooltip="Values of the second dimension become columns, plus Total"
            value={query.pivot}
            onChange={(pivot) => onChange({ pivot })}
          />
        )}
      </InlineFieldRow>
      <InlineFieldRow>
        <MetricFields {...props} />
        <LimitField {...props} label="Top" fallback={QUERY_DEFAULTS.topLimit} />
        <SwitchField
          id={`${idPrefix}-include-other`}
          label="Other row"
          tooltip="Add an 'other' row with the rest"
          value={query.includeOther}
          onChange={(includeOther) => onChange({ includeOther })}
        />
      </InlineFieldRow>
    </>
  );
}
