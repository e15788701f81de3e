import React, { useEffect, useRef } from 'react';
import { css } from '@emotion/css';
import { Combobox, ComboboxOption, InlineField, InlineSwitch } from '@grafana/ui';

import { DIMENSION_LABELS, METRIC_LABELS } from '../../queryModel';
import { Dimension, DIMENSIONS, Metric, METRICS, MessageTraceQuery, QUERY_DEFAULTS, QueryOutput } from '../../types';
import { CommitInput, parseCount } from '../CommitInput';
import { useVariableOptions } from '../hooks';

// Fields shared by the per-type options editors. Labels are wide enough not to wrap (a tooltip icon
// takes two units); every field is labelled for screen readers and tests by its visible label.

/** Props of every options editor. */
export interface OptionsProps {
  idPrefix: string;
  query: MessageTraceQuery;
  /** Applies a change; run = false when the result cannot change yet. */
  onChange: (patch: Partial<MessageTraceQuery>, run?: boolean) => void;
}

export const LABEL_WIDTH = 16;
const SELECT_WIDTH = 24;

const visuallyHidden = css({
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
});

/** A label read by screen readers only, for a field without a visible label of its own. */
export function HiddenLabel({ htmlFor, children }: { htmlFor: string; children: string }) {
  return (
    <label htmlFor={htmlFor} className={visuallyHidden}>
      {children}
    </label>
  );
}

function useDimensionOptions(): Array<ComboboxOption<string>> {
  const variables = useVariableOptions();
  return [
    ...DIMENSIONS.map((d) => ({ label: DIMENSION_LABELS[d], value: d })),
    ...variables.flatMap((v) =>
      v.value ? [{ label: v.label ?? v.value, value: v.value, description: v.description }] : []
    ),
  ];
}

interface DimensionFieldProps {
  id: string;
  label: string;
  /** The accessible name when it differs from the visible label (e.g. "of" → "Distinct dimension"). */
  ariaLabel?: string;
  labelWidth?: number | 'auto';
  tooltip?: string;
  value: string | undefined;
  /** undefined = cleared (only when clearable). */
  onChange: (value: Dimension | undefined) => void;
  clearable?: boolean;
  placeholder?: string;
}

/** One dimension, or a `$variable` interpolated before the backend sees the query. */
export function DimensionField({
  id,
  label,
  ariaLabel,
  labelWidth,
  tooltip,
  value,
  onChange,
  clearable,
  placeholder,
}: DimensionFieldProps) {
  const options = useDimensionOptions();
  const common = { id, width: SELECT_WIDTH, options, value: value ?? null, placeholder };
  return (
    <>
      {ariaLabel && <HiddenLabel htmlFor={id}>{ariaLabel}</HiddenLabel>}
      <InlineField label={label} labelWidth={labelWidth ?? LABEL_WIDTH} tooltip={tooltip}>
        {clearable ? (
          <Combobox<string>
            {...common}
            isClearable
            onChange={(o) => onChange((o?.value as Dimension | undefined) ?? undefined)}
          />
        ) : (
          <Combobox<string> {...common} onChange={(o) => onChange(o.value as Dimension)} />
        )}
      </InlineField>
    </>
  );
}

interface ChoiceFieldProps<T extends string> {
  id: string;
  label: string;
  tooltip?: string;
  options: Array<ComboboxOption<T>>;
  value: T;
  onChange: (value: T) => void;
  width?: number;
}

/** A fixed list of choices (side, output …). */
export function ChoiceField<T extends string>({
  id,
  label,
  tooltip,
  options,
  value,
  onChange,
  width,
}: ChoiceFieldProps<T>) {
  const current = useRef(value);
  useEffect(() => {
    current.current = value;
  }, [value]);
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip}>
      <Combobox<T>
        id={id}
        width={width ?? SELECT_WIDTH}
        options={options}
        value={value}
        onChange={(o) => {
          // Combobox may report one pick several times before the next render: one edit, one run
          if (o.value !== current.current) {
            current.current = o.value;
            onChange(o.value);
          }
        }}
      />
    </InlineField>
  );
}

interface CountFieldProps {
  id: string;
  label: string;
  value: number | undefined;
  placeholder: number;
  tooltip?: string;
  /** Larger numbers are reverted like other junk. */
  max?: number;
  onChange: (value: number | undefined) => void;
}

/** A whole number; empty = the default shown as placeholder; junk is reverted, not sent. */
export function CountField({ id, label, value, placeholder, tooltip, max, onChange }: CountFieldProps) {
  const accept = (text: string) => {
    const n = parseCount(text);
    return n !== null && (n === undefined || max === undefined || n <= max);
  };
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip}>
      <CommitInput
        id={id}
        type="number"
        width={12}
        value={value === undefined ? '' : String(value)}
        placeholder={String(placeholder)}
        accept={accept}
        onCommit={(text) => onChange(parseCount(text) ?? undefined)}
      />
    </InlineField>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string | undefined;
  placeholder: string;
  tooltip?: string;
  width?: number;
  onChange: (value: string) => void;
}

/** Free text committed on blur or Enter (durations, ids, prefixes). */
export function TextField({ id, label, value, placeholder, tooltip, width, onChange }: TextFieldProps) {
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip}>
      <CommitInput id={id} width={width ?? 12} value={value} placeholder={placeholder} onCommit={onChange} />
    </InlineField>
  );
}

interface SwitchFieldProps {
  id: string;
  label: string;
  tooltip: string;
  value: boolean | undefined;
  onChange: (value: boolean) => void;
}

export function SwitchField({ id, label, tooltip, value, onChange }: SwitchFieldProps) {
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} tooltip={tooltip}>
      <InlineSwitch id={id} value={value ?? false} onChange={(e) => onChange(e.currentTarget.checked)} />
    </InlineField>
  );
}

const METRIC_OPTIONS: Array<ComboboxOption<Metric>> = METRICS.map((m) => ({ label: METRIC_LABELS[m], value: m }));

/** Metric, and for distinct the dimension whose values are counted. */
export function MetricFields({ idPrefix, query, onChange }: OptionsProps) {
  return (
    <>
      <ChoiceField<Metric>
        id={`${idPrefix}-metric`}
        label="Metric"
        options={METRIC_OPTIONS}
        value={query.metric ?? 'count'}
        onChange={(metric) =>
          // distinct starts with a dimension so that it can run at once
          onChange(
            metric === 'distinct'
              ? { metric, metricDimension: query.metricDimension ?? 'sender' }
              : { metric, metricDimension: undefined }
          )
        }
      />
      {query.metric === 'distinct' && (
        <DimensionField
          id={`${idPrefix}-metric-dimension`}
          label="of"
          ariaLabel="Distinct dimension"
          labelWidth={6}
          value={query.metricDimension}
          onChange={(metricDimension) => onChange({ metricDimension })}
        />
      )}
    </>
  );
}

export function LimitField({
  idPrefix,
  query,
  onChange,
  fallback,
  label = 'Limit',
}: OptionsProps & { fallback: number; label?: string }) {
  return (
    <CountField
      id={`${idPrefix}-limit`}
      label={label}
      value={query.limit}
      placeholder={fallback}
      tooltip="Empty or 0 = the default shown"
      onChange={(limit) => onChange({ limit })}
    />
  );
}

/** '' stands for "no output" (the table), which is sent as a missing key. */
export type OutputOption = ComboboxOption<QueryOutput | ''>;

export const tableOption = (description: string): OutputOption => ({ label: 'Table', value: '', description });

/** The one number column an alert rule evaluates; the table for panels. */
export function OutputField({ idPrefix, query, onChange, options }: OptionsProps & { options: OutputOption[] }) {
  const known = options.some((o) => o.value === query.output) ? (query.output ?? '') : '';
  return (
    <ChoiceField<QueryOutput | ''>
      id={`${idPrefix}-output`}
      label="Output"
      tooltip="For alert rules, choose an output: a rule needs exactly one number column"
      options={options}
      value={known}
      onChange={(output) => onChange({ output: output || undefined })}
    />
  );
}

/** campaigns and bursting keywords: days of history before the range (1-30). */
export function HistoryDaysField({ idPrefix, query, onChange }: OptionsProps) {
  return (
    <CountField
      id={`${idPrefix}-history-days`}
      label="History days"
      value={query.historyDays}
      placeholder={QUERY_DEFAULTS.historyDays}
      max={30}
      tooltip="Days before the range scored against (1-30)"
      onChange={(historyDays) => onChange({ historyDays })}
    />
  );
}
