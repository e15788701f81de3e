import React from 'react';
import { InlineFieldRow } from '@grafana/ui';

import { QUERY_DEFAULTS } from '../../types';
import { CountField, DimensionField, MetricFields, OptionsProps, SwitchField, TextField } from './fields';

/** timeseries: metric, optional split with its series limit and "other" series, bucket interval, legend. */
export function TimeseriesOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  return (
    <>
      <InlineFieldRow>
        <MetricFields {...props} />
        <DimensionField
          id={`${idPrefix}-split-by`}
          label="Split by"
          tooltip="One series per value of this dimension"
          value={query.splitBy}
          clearable
          placeholder="no split"
          onChange={(splitBy) =>
            onChange(splitBy ? { splitBy } : { splitBy: undefined, seriesLimit: undefined, includeOther: undefined })
          }
        />
        <TextField
          id={`${idPrefix}-interval`}
          label="Interval"
          tooltip="Bucket size such as 5m, 1h, 1d; empty = panel interval"
          value={query.interval}
          placeholder="auto"
          onChange={(interval) => onChange({ interval: interval.trim() || undefined })}
        />
        <TextField
          id={`${idPrefix}-alias`}
          label="Legend"
          tooltip="Series name: {{<label>}} is the split label (e.g. {{status}} messages), {{metric}} the metric, {{field}} the field name. Empty = Grafana's default"
          value={query.alias}
          placeholder="auto"
          onChange={(alias) => onChange({ alias: alias || undefined })}
        />
      </InlineFieldRow>
      {query.splitBy && (
        <InlineFieldRow>
          <CountField
            id={`${idPrefix}-series-limit`}
            label="Series limit"
            value={query.seriesLimit}
            placeholder={QUERY_DEFAULTS.seriesLimit}
            tooltip="Keep the N largest series"
            onChange={(seriesLimit) => onChange({ seriesLimit })}
          />
          <SwitchField
            id={`${idPrefix}-include-other`}
            label="Other series"
            tooltip="Add an 'other' series with the rest"
            value={query.includeOther}
            onChange={(includeOther) => onChange({ includeOther })}
          />
        </InlineFieldRow>
      )}
    </>
  );
}
