import React, { useState } from 'react';
import { InlineField, TagsInput } from '@grafana/ui';

import { referencedVariables } from '../interpolate';
import { countryCode } from '../queryModel';

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
 * Country codes entered one by one (Enter adds what was typed) and upper-cased, or dashboard
 * variables. Anything else is refused here with a message, instead of failing the whole query in the
 * backend. There is nothing to suggest, so this is a tags input rather than a combobox.
 */
export function CountryCodesField({ id, label, labelWidth, tooltip, values, onChange }: Props) {
  const [error, setError] = useState<string | undefined>();

  const change = (tags: string[]) => {
    const added = tags.filter((t) => !values.includes(t));
    if (added.length === 0) {
      setError(undefined);
      onChange(tags); // a removal
      return;
    }
    const next = tags.filter((t) => values.includes(t));
    for (const text of added) {
      const parsed = parseCountries(text);
      if ('error' in parsed) {
        setError(parsed.error);
        return;
      }
      next.push(...parsed.values);
    }
    setError(undefined);
    const unique = Array.from(new Set(next));
    if (unique.length !== values.length || unique.some((v, i) => v !== values[i])) {
      onChange(unique);
    }
  };

  return (
    <InlineField label={label} labelWidth={labelWidth} tooltip={tooltip} invalid={!!error} error={error}>
      <TagsInput
        id={id}
        width={40}
        tags={values}
        autoColors={false}
        invalid={!!error}
        placeholder="none (type JP, Enter to add)"
        onChange={change}
      />
    </InlineField>
  );
}
