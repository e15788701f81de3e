import React, { useEffect, useMemo, useState } from 'react';
import { SelectableValue, TimeRange } from '@grafana/data';
import { MultiSelect } from '@grafana/ui';

import type { DataSource } from '../datasource';
import { KNOWN_VALUES } from '../queryModel';
import { FilterDimension } from '../types';
import { useVariableOptions } from './hooks';

interface Props {
  id: string;
  datasource: DataSource;
  dimension: FilterDimension;
  values: string[];
  range?: TimeRange;
  statuses?: string[];
  onChange: (values: string[]) => void;
}

const SUGGEST_DELAY_MS = 250;

const PLACEHOLDERS: Partial<Record<FilterDimension, string>> = {
  size: 'bytes, e.g. 10485760',
  fromCountry: 'country codes, e.g. JP',
  toCountry: 'country codes, e.g. JP',
};

/**
 * Several values for one filter row: pick from suggestions (the backend's most frequent values in
 * the current time range, matching what is typed) or type any value, including `$variables`.
 */
export function ValuesInput({ id, datasource, dimension, values, range, statuses, onChange }: Props) {
  const [typed, setTyped] = useState('');
  const [open, setOpen] = useState(false);
  const [suggested, setSuggested] = useState<string[]>([]);
  const [loading, setLoading] = useState(false);
  const variables = useVariableOptions();
  const from = range?.from.valueOf();
  const to = range?.to.valueOf();
  const known = dimension === 'status' && statuses?.length ? statuses : KNOWN_VALUES[dimension];
  const suggests = open && dimension !== 'size' && !known;

  useEffect(() => {
    if (!suggests) {
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      setLoading(true);
      datasource
        .getValues(dimension, range, typed, 50)
        .catch(() => [])
        .then((found) => {
          if (live) {
            setSuggested(found);
            setLoading(false);
          }
        });
    }, SUGGEST_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // range is followed through from / to, which are stable across renders
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [suggests, typed, dimension, datasource, from, to]);

  const options = useMemo(() => {
    const seen = new Set<string>();
    const out: Array<SelectableValue<string>> = [];
    const add = (value: string, description?: string) => {
      if (!seen.has(value)) {
        seen.add(value);
        out.push({ label: value, value, description });
      }
    };
    values.forEach((v) => add(v));
    (known ?? suggested).forEach((v) => add(v));
    variables.forEach((v) => v.value && add(v.value, v.description));
    return out;
  }, [values, known, suggested, variables]);

  return (
    <MultiSelect<string>
      inputId={id}
      aria-label="Filter values"
      width={40}
      options={options}
      value={values}
      isLoading={loading}
      allowCustomValue
      placeholder={PLACEHOLDERS[dimension] ?? 'values (Enter to add)'}
      onOpenMenu={() => setOpen(true)}
      onCloseMenu={() => setOpen(false)}
      // Suggestions follow what is typed; picking a value or leaving clears the prefix.
      onInputChange={(value, meta) => setTyped(meta.action === 'input-change' ? value : '')}
      onCreateOption={(value) => {
        const v = value.trim();
        if (v && !values.includes(v)) {
          onChange([...values, v]);
        }
      }}
      onChange={(items) => onChange(items.map((item) => item.value).filter((v): v is string => !!v))}
    />
  );
}
