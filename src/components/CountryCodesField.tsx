import React, { useMemo, useState } from 'react';
import { SelectableValue } from '@grafana/data';
import { InlineField, MultiSelect } from '@grafana/ui';

import { referencedVariables } from '../interpolate';
import { countryCode } from '../queryModel';
import { useVariableOptions } from './hooks';

interface Props {
  id: string;
  label: string;
  labelWidth: number;
  tooltip?: string;
  values: string[];
  onChange: (values: string[]) => void;
}

/** Parses typed text ("jp", "JP US", "jp,us" or a `$variable`) into entries, or names the bad part. */
export function parseCountries(text: string): { values: string[] } | { error: string } {
  const values: string[] = [];
  for (const part of text.split(/[\s,;]+/).filter((p) => p !== '')) {
    // A variable is interpolated (and checked by the backend) when the query runs.
    const value = referencedVariables(part).length > 0 ? part : countryCode(part);
    if (!value) {
      return { error: `"${part}" is not a country code: use two letters (ISO 3166-1 alpha-2) such as JP or US.` };
    }
    values.push(value);
  }
  return { values };
}

/**
 * Country codes entered one by one and upper-cased, or dashboard variables. Anything else is
 * refused here with a message, instead of failing the whole query in the backend.
 */
export function CountryCodesField({ id, label, labelWidth, tooltip, values, onChange }: Props) {
  const [error, setError] = useState<string | undefined>();
  const variables = useVariableOptions();
  const options = useMemo(() => {
    const out: Array<SelectableValue<string>> = values.map((v) => ({ label: v, value: v }));
    variables.forEach((v) => v.value && !values.includes(v.value) && out.push(v));
    return out;
  }, [values, variables]);

  const add = (text: string) => {
    const parsed = parseCountries(text);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(undefined);
    const next = Array.from(new Set([...values, ...parsed.values]));
    if (next.length > values.length) {
      onChange(next);
    }
  };

  return (
    <InlineField label={label} labelWidth={labelWidth} tooltip={tooltip} invalid={!!error} error={error}>
      <MultiSelect<string>
        inputId={id}
        aria-label={label}
        width={40}
        options={options}
        value={values}
        allowCustomValue
        placeholder="none (type JP, Enter to add)"
        // Prefix match, so typing "us" creates US instead of picking a variable such as $status.
        filterOption={(option, query) => (option.value ?? '').toLowerCase().startsWith(query.trim().toLowerCase())}
        onCreateOption={add}
        onChange={(items) => {
          setError(undefined);
          onChange(items.map((item) => item.value).filter((v): v is string => !!v));
        }}
      />
    </InlineField>
  );
}
