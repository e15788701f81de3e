import React from 'react';
import { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, InlineSwitch, MultiSelect, Select } from '@grafana/ui';

import { DIMENSION_LABELS, METRIC_LABELS, STAT_LABELS } from '../queryModel';
import {
  Dimension,
  DIMENSIONS,
  GeoSide,
  Metric,
  METRICS,
  MessageTraceQuery,
  QUERY_DEFAULTS,
  Stat,
  STATS,
  QueryOutput,
  BASELINE_OUTPUTS,
  CAMPAIGN_OUTPUTS,
} from '../types';
import { CommitInput, parseCount } from './CommitInput';
import { CountryCodesField } from './CountryCodesField';
import { useVariableOptions } from './hooks';

export interface OptionsProps {
  idPrefix: string;
  query: MessageTraceQuery;
  /** Applies a change; run = false when the result cannot change yet. */
  onChange: (patch: Partial<MessageTraceQuery>, run?: boolean) => void;
}

const LABEL_WIDTH = 14;

const METRIC_OPTIONS: Array<SelectableValue<Metric>> = METRICS.map((m) => ({ label: METRIC_LABELS[m], value: m }));
const STAT_OPTIONS: Array<SelectableValue<Stat>> = STATS.map((s) => ({ label: STAT_LABELS[s], value: s }));

const SIDE_OPTIONS: Array<SelectableValue<GeoSide>> = [
  { label: 'From (sender IP)', value: 'from', description: 'fromIP: where the mail came from' },
  { label: 'To (receiving server)', value: 'to', description: 'toIP: the server that received the mail' },
];

/** '' stands for "no output" (the table), which is sent as a missing key. */
type OutputOptions = Array<SelectableValue<QueryOutput | ''>>;

const tableOption = (description: string): SelectableValue<QueryOutput | ''> => ({
  label: 'Table',
  value: '',
  description,
});

const THREAT_OUTPUT_OPTIONS: OutputOptions = [
  tableOption('Every column: indicator, kind, matched on, actor, labels, numbers, times'),
  { label: 'Messages', value: 'messages', description: 'Alert rules: messages per indicator and side' },
  { label: 'Confidence', value: 'confidence', description: 'Alert rules: confidence per indicator and side' },
];

const CAMPAIGN_OUTPUT_OPTIONS: OutputOptions = [
  tableOption('Every column: template, messages, senders, recipients, first / last seen, example'),
  ...CAMPAIGN_OUTPUTS.map((o) => ({
    label: o[0].toUpperCase() + o.slice(1),
    value: o,
    description: `Alert rules: ${o} per template`,
  })),
];

const BASELINE_OUTPUT_OPTIONS: OutputOptions = [
  tableOption('Every column: current, baseline mean and standard deviation, ratio, z-score'),
  ...BASELINE_OUTPUTS.map((o) => ({ label: o, value: o, description: `Alert rules: ${o} per group` })),
];

interface OutputFieldProps {
  id: string;
  options: OutputOptions;
  value: QueryOutput | undefined;
  onChange: (output: QueryOutput | undefined) => void;
}

/** The one number column an alert rule evaluates; the table for panels. */
function OutputField({ id, options, value, onChange }: OutputFieldProps) {
  const known = options.some((o) => o.value === value) ? value : '';
  return (
    <InlineField
      label="Output"
      labelWidth={LABEL_WIDTH}
      tooltip="For alert rules, choose an output: a rule needs exactly one number column"
    >
      <Select<QueryOutput | ''>
        inputId={id}
        width={22}
        options={options}
        value={known ?? ''}
        onChange={(v) => onChange(v.value || undefined)}
      />
    </InlineField>
  );
}

function useDimensionOptions(): Array<SelectableValue<string>> {
  const variables = useVariableOptions();
  return [...DIMENSIONS.map((d) => ({ label: DIMENSION_LABELS[d], value: d })), ...variables];
}

interface DimensionSelectProps {
  id: string;
  label: string;
  value: string | undefined;
  onChange: (value: Dimension | undefined) => void;
  clearable?: boolean;
  placeholder?: string;
}

function DimensionSelect({ id, label, value, onChange, clearable, placeholder }: DimensionSelectProps) {
  const options = useDimensionOptions();
  return (
    <Select<string>
      inputId={id}
      aria-label={label}
      width={22}
      options={options}
      value={value ?? null}
      isClearable={clearable}
      placeholder={placeholder}
      allowCustomValue
      // A `$variable` is interpolated before the backend sees the query.
      onChange={(v) => onChange((v?.value as Dimension | undefined) ?? undefined)}
    />
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
  /** For labels longer than the usual column. */
  labelWidth?: number | 'auto';
  onChange: (value: number | undefined) => void;
}

function CountField({ id, label, value, placeholder, tooltip, max, labelWidth, onChange }: CountFieldProps) {
  const accept = (text: string) => {
    const n = parseCount(text);
    return n !== null && (n === undefined || max === undefined || n <= max);
  };
  return (
    <InlineField label={label} labelWidth={labelWidth ?? LABEL_WIDTH} tooltip={tooltip}>
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

function MetricFields({ idPrefix, query, onChange }: OptionsProps) {
  return (
    <>
      <InlineField label="Metric" labelWidth={LABEL_WIDTH}>
        <Select<Metric>
          inputId={`${idPrefix}-metric`}
          width={22}
          options={METRIC_OPTIONS}
          value={query.metric ?? 'count'}
          onChange={(v) => {
            const metric = v.value ?? 'count';
            // distinct waits for its dimension before running
            onChange(
              metric === 'distinct'
                ? { metric, metricDimension: query.metricDimension ?? 'sender' }
                : { metric, metricDimension: undefined }
            );
          }}
        />
      </InlineField>
      {query.metric === 'distinct' && (
        <InlineField label="of" labelWidth={6}>
          <DimensionSelect
            id={`${idPrefix}-metric-dimension`}
            label="Distinct dimension"
            value={query.metricDimension}
            onChange={(metricDimension) => onChange({ metricDimension })}
          />
        </InlineField>
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

export function TimeseriesOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  return (
    <>
      <InlineFieldRow>
        <MetricFields {...props} />
        <InlineField label="Split by" labelWidth={LABEL_WIDTH} tooltip="One series per value of this dimension">
          <DimensionSelect
            id={`${idPrefix}-split-by`}
            label="Split by"
            value={query.splitBy}
            clearable
            placeholder="no split"
            onChange={(splitBy) =>
              onChange(splitBy ? { splitBy } : { splitBy: undefined, seriesLimit: undefined, includeOther: undefined })
            }
          />
        </InlineField>
        <InlineField
          label="Interval"
          labelWidth={LABEL_WIDTH}
          tooltip="Bucket size such as 5m, 1h, 1d; empty = panel interval"
        >
          <CommitInput
            id={`${idPrefix}-interval`}
            width={12}
            value={query.interval}
            placeholder="auto"
            onCommit={(interval) => onChange({ interval: interval.trim() || undefined })}
          />
        </InlineField>
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
          <InlineField label="Other series" labelWidth={LABEL_WIDTH} tooltip="Add an 'other' series with the rest">
            <InlineSwitch
              id={`${idPrefix}-include-other`}
              value={query.includeOther ?? false}
              onChange={(e) => onChange({ includeOther: e.currentTarget.checked })}
            />
          </InlineField>
        </InlineFieldRow>
      )}
    </>
  );
}

export function StatsOptions({ idPrefix, query, onChange }: OptionsProps) {
  return (
    <InlineFieldRow>
      <InlineField label="Stats" labelWidth={LABEL_WIDTH} tooltip="Empty = all of them">
        <MultiSelect<Stat>
          inputId={`${idPrefix}-stats`}
          width={60}
          options={STAT_OPTIONS}
          value={query.stats ?? []}
          placeholder="all stats"
          onChange={(items) => {
            const stats = items.map((i) => i.value).filter((s): s is Stat => !!s);
            onChange({ stats: stats.length > 0 ? stats : undefined });
          }}
        />
      </InlineField>
    </InlineFieldRow>
  );
}

export function TopOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  const [first, second] = query.groupBy ?? [];
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Group by" labelWidth={LABEL_WIDTH}>
          <DimensionSelect
            id={`${idPrefix}-group-by`}
            label="Group by"
            value={first}
            onChange={(d) => onChange({ groupBy: d ? (second ? [d, second] : [d]) : [] })}
          />
        </InlineField>
        <InlineField label="then by" labelWidth={8} tooltip="Optional second dimension (e.g. status, for a pivot)">
          <DimensionSelect
            id={`${idPrefix}-group-by-2`}
            label="Then by"
            value={second}
            clearable
            placeholder="none"
            onChange={(d) =>
              onChange(d ? { groupBy: [first ?? 'sender', d] } : { groupBy: first ? [first] : [], pivot: undefined })
            }
          />
        </InlineField>
        {second && (
          <InlineField label="Pivot" labelWidth={8} tooltip="Values of the second dimension become columns, plus Total">
            <InlineSwitch
              id={`${idPrefix}-pivot`}
              value={query.pivot ?? false}
              onChange={(e) => onChange({ pivot: e.currentTarget.checked })}
            />
          </InlineField>
        )}
      </InlineFieldRow>
      <InlineFieldRow>
        <MetricFields {...props} />
        <LimitField {...props} label="Top" fallback={QUERY_DEFAULTS.topLimit} />
        <InlineField label="Other row" labelWidth={LABEL_WIDTH} tooltip="Add an 'other' row with the rest">
          <InlineSwitch
            id={`${idPrefix}-include-other`}
            value={query.includeOther ?? false}
            onChange={(e) => onChange({ includeOther: e.currentTarget.checked })}
          />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}

export function CampaignsOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  return (
    <InlineFieldRow>
      <LimitField {...props} fallback={QUERY_DEFAULTS.campaignsLimit} />
      <CountField
        id={`${idPrefix}-min-messages`}
        label="Min messages"
        value={query.minMessages}
        placeholder={QUERY_DEFAULTS.minMessages}
        tooltip="Smallest cluster reported"
        onChange={(minMessages) => onChange({ minMessages })}
      />
      <OutputField
        id={`${idPrefix}-output`}
        options={CAMPAIGN_OUTPUT_OPTIONS}
        value={query.output}
        onChange={(output) => onChange({ output })}
      />
    </InlineFieldRow>
  );
}

export function BaselineOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Group by" labelWidth={LABEL_WIDTH} tooltip="Empty = the whole tenant">
          <DimensionSelect
            id={`${idPrefix}-group-by`}
            label="Group by"
            value={query.groupBy?.[0]}
            clearable
            placeholder="whole tenant"
            onChange={(d) => onChange({ groupBy: d ? [d] : [] })}
          />
        </InlineField>
        <MetricFields {...props} />
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="Window" labelWidth={LABEL_WIDTH} tooltip="Current window: [to - window, to]">
          <CommitInput
            id={`${idPrefix}-window`}
            width={12}
            value={query.window}
            placeholder={QUERY_DEFAULTS.window}
            onCommit={(window) => onChange({ window: window.trim() || undefined })}
          />
        </InlineField>
        <CountField
          id={`${idPrefix}-baseline-windows`}
          label="Baseline"
          value={query.baselineWindows}
          placeholder={QUERY_DEFAULTS.baselineWindows}
          tooltip="Number of windows of the same length right before the current one"
          onChange={(baselineWindows) => onChange({ baselineWindows })}
        />
        <LimitField {...props} fallback={QUERY_DEFAULTS.baselineLimit} />
        <OutputField
          id={`${idPrefix}-output`}
          options={BASELINE_OUTPUT_OPTIONS}
          value={query.output}
          onChange={(output) => onChange({ output })}
        />
      </InlineFieldRow>
    </>
  );
}

export function DetailsOptions({ idPrefix, query, onChange }: OptionsProps) {
  return (
    <InlineFieldRow>
      <InlineField label="Trace ID" labelWidth={LABEL_WIDTH} tooltip="The trace's id (a traces row's id field)">
        <CommitInput
          id={`${idPrefix}-trace-id`}
          width={42}
          value={query.traceId}
          placeholder="c1d2e3f4-5678-49ab-9cde-0123456789ab or $traceId"
          onCommit={(traceId) => onChange({ traceId: traceId.trim() })}
        />
      </InlineField>
      <InlineField label="Recipient" labelWidth={LABEL_WIDTH}>
        <CommitInput
          id={`${idPrefix}-recipient`}
          width={32}
          value={query.recipient}
          placeholder="user@example.co.jp or $recipient"
          onCommit={(recipient) => onChange({ recipient: recipient.trim() })}
        />
      </InlineField>
    </InlineFieldRow>
  );
}

export function ValuesOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  return (
    <InlineFieldRow>
      <InlineField label="Dimension" labelWidth={LABEL_WIDTH}>
        <DimensionSelect
          id={`${idPrefix}-dimension`}
          label="Dimension"
          value={query.dimension}
          onChange={(dimension) => onChange({ dimension: dimension ?? 'sender' })}
        />
      </InlineField>
      <InlineField label="Prefix" labelWidth={LABEL_WIDTH} tooltip="Optional, case-insensitive">
        <CommitInput
          id={`${idPrefix}-prefix`}
          width={20}
          value={query.prefix}
          placeholder="any"
          onCommit={(prefix) => onChange({ prefix: prefix || undefined })}
        />
      </InlineField>
      <LimitField {...props} fallback={QUERY_DEFAULTS.valuesLimit} />
    </InlineFieldRow>
  );
}

export function GeoOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Side" labelWidth={LABEL_WIDTH} tooltip="Whose IP is located">
          <Select<GeoSide>
            inputId={`${idPrefix}-side`}
            width={22}
            options={SIDE_OPTIONS}
            value={query.side ?? 'from'}
            onChange={(v) => onChange({ side: v.value ?? 'from' })}
          />
        </InlineField>
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

export function ThreatsOptions(props: OptionsProps) {
  const { idPrefix, query, onChange } = props;
  return (
    <InlineFieldRow>
      <CountField
        id={`${idPrefix}-min-confidence`}
        label="Min confidence"
        value={query.minConfidence}
        placeholder={QUERY_DEFAULTS.minConfidence}
        max={100}
        labelWidth="auto"
        tooltip="0-100: weakest indicator reported (85 high, 50 medium, 15 low)"
        onChange={(minConfidence) => onChange({ minConfidence })}
      />
      <LimitField {...props} fallback={QUERY_DEFAULTS.threatsLimit} />
      <OutputField
        id={`${idPrefix}-output`}
        options={THREAT_OUTPUT_OPTIONS}
        value={query.output}
        onChange={(output) => onChange({ output })}
      />
    </InlineFieldRow>
  );
}
