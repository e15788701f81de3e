import React from 'react';
import { ComboboxOption, InlineFieldRow } from '@grafana/ui';

import { GeoSide } from '../../types';
import { CountryCodesField } from '../CountryCodesField';
import { ChoiceField, LABEL_WIDTH, MetricFields, OptionsProps } from './fields';

const SIDES: Array<ComboboxOption<GeoSide>> = [
  { label: 'From (sender IP)', value: 'from', description: 'fromIP: where the mail came from' },
  { label: 'To (receiving server)', value: 'to', description: 'toIP: the server that received the mail' },
];

/** geo: whose IP is located, the metric per country, and the usual countries left out. */
export function GeoOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  return (
    <>
      <InlineFieldRow>
        <ChoiceField<GeoSide>
          id={`${idPrefix}-side`}
          label="Side"
          tooltip="Whose IP is located"
          options={SIDES}
          value={query.side ?? 'from'}
          onChange={(side) => onChange({ side })}
        />
        <MetricFields {...props} />
      </InlineFieldRow>
      <InlineFieldRow>
        <CountryCodesField
          id={`${idPrefix}-exclude-countries`}
          label="Exclude"
          labelWidth={LABEL_WIDTH}
          tooltip="Countries left out, e.g. your usual JP and US: an alert rule on count > 0 then fires on any other country"
          values={query.excludeCountries ?? []}
          onChange={(codes) => onChange({ excludeCountries: codes.length > 0 ? codes : undefined })}
        />
      </InlineFieldRow>
    </>
  );
}
