import React, { useCallback, useEffect, useRef } from 'react';
import { TimeRange } from '@grafana/data';
import { ComboboxOption, MultiCombobox } from '@grafana/ui';

import type { DataSource } from '../datasource';
import { KNOWN_VALUES } from '../queryModel';
import { FilterDimension } from '../types';
import { useVariableOptions } from './hooks';
import { HiddenLabel } from './options/fields';

interface Props {
  id: string;
  datasource: DataSource;
  dimension: FilterDimension;
  values: string[];
  range?: TimeRange;
  statuses?: string[];
  onChange: (values: string[]) => void;
}

const PLACEHOLDERS: Partial<Record<FilterDimension, string>> = {
  size: 'bytes, e.g. 10485760',
  fromCountry: 'country codes, e.g. JP',
  toCountry: 'country codes, e.g. JP',
};

export const TYPED_VALUE_DESCRIPTION = 'Use as typed';

const matches = (value: string, typed: string) => value.toLowerCase().includes(typed.trim().toLowerCase());

/**
 * Several values for one filter row: pick from suggestions (the backend's most frequent values in
 * the current time range, matching what is typed) or take the typed text, including `$variables`.
 * The typed text is offered last and only once the suggestions for it have arrived, and a value is
 * added only by choosing an option (arrow keys + Enter, or a click): Enter while typing commits
 * nothing half-typed.
 */
export function ValuesInput({ id, datasource, dimension, values, range, statuses, onChange }: Props) {
  const variables = useVariableOptions();
  const lastSent = useRef<string | undefined>(undefined);
  // Once the values come back as props, any next selection is new, even one equal to an old one.
  useEffect(() => {
    lastSent.current = undefined;
  }, [values]);
  const known = dimension === 'status' && statuses?.length ? statuses : KNOWN_VALUES[dimension];
  const from = range?.from.valueOf();
  const to = range?.to.valueOf();

  const load = useCallback(
    async (typed: string): Promise<Array<ComboboxOption<string>>> => {
      const found =
        known?.filter((v) => matches(v, typed)) ??
        (dimension === 'size' ? [] : await datasource.getValues(dimension, range, typed, 50).catch(() => []));
      const out: Array<ComboboxOption<string>> = found.map((v) => ({ label: v, value: v }));
      for (const v of variables) {
        if (v.value && matches(v.value, typed)) {
          out.push({ label: v.value, value: v.value, description: v.description });
        }
      }
      const text = typed.trim();
      if (text && !out.some((o) => o.value === text)) {
        out.push({ label: text, value: text, description: TYPED_VALUE_DESCRIPTION });
      }
      return out;
    },
    // range is followed through from / to, which are stable across renders
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [known, dimension, datasource, from, to, variables]
  );

  return (
    <>
      <HiddenLabel htmlFor={id}>Filter values</HiddenLabel>
      <MultiCombobox<string>
        id={id}
        width="auto"
        minWidth={30}
        maxWidth={60}
        options={load}
        value={values}
        placeholder={PLACEHOLDERS[dimension] ?? 'values: type, then pick'}
        onChange={(items) => {
          const next = items.map((item) => item.value).filter((v) => v !== '');
          // MultiCombobox may report one selection twice before the new values come back as props
          const key = JSON.stringify(next);
          if (key !== lastSent.current && key !== JSON.stringify(values)) {
            lastSent.current = key;
            onChange(next);
          }
        }}
      />
    </>
  );
}
