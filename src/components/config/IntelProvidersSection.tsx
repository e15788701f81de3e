import React from 'react';
import {
  Button,
  Combobox,
  ComboboxOption,
  Field,
  FieldSet,
  Input,
  SecretInput,
  Stack,
  Switch,
  Text,
  TextArea,
} from '@grafana/ui';

import {
  CROWDSTRIKE_CLOUDS,
  IntelProviderOptions,
  IntelProviderType,
  ListFormat,
  ListMapping,
  WatchlistOptions,
  intelSecretKey,
  nextId,
  watchlistSecretKey,
} from '../../enrichment';
import { INPUT_WIDTH, SectionProps, SecretKey } from './types';

const TYPE_LABELS: Record<IntelProviderType, string> = {
  crowdstrike: 'CrowdStrike Falcon Intelligence',
  taxii: 'TAXII 2.1 collection',
  misp: 'MISP',
  list: 'List (URL or pasted)',
};

const CLOUD_OPTIONS: Array<ComboboxOption<string>> = [
  ...CROWDSTRIKE_CLOUDS.map((c) => ({ label: c, value: c })),
  { label: 'Other (base URL)', value: 'custom' },
];
const CONFIDENCE_OPTIONS: Array<ComboboxOption<string>> = ['low', 'medium', 'high'].map((c) => ({
  label: c,
  value: c,
}));
const FORMAT_OPTIONS: Array<ComboboxOption<ListFormat>> = [
  { label: 'One indicator per line', value: 'lines' },
  { label: 'CSV with a column mapping', value: 'csv' },
  { label: 'JSON list', value: 'json' },
];

interface SecretProps extends SectionProps {
  secretKey: SecretKey;
  label: string;
  id: string;
}

function SecretField({ secretKey, label, id, secureJsonData, configured, updateSecret, resetSecret }: SecretProps) {
  return (
    <Field label={label} description="Stored encrypted; never sent back to the browser.">
      <SecretInput
        id={id}
        width={INPUT_WIDTH}
        isConfigured={!!configured[secretKey]}
        value={secureJsonData[secretKey] ?? ''}
        onChange={(e) => updateSecret(secretKey, e.currentTarget.value)}
        onReset={() => resetSecret(secretKey)}
      />
    </Field>
  );
}

interface TextFieldProps {
  id: string;
  label: string;
  value?: string;
  placeholder?: string;
  description?: string;
  onChange: (v: string) => void;
}

function TextField({ id, label, value, placeholder, description, onChange }: TextFieldProps) {
  return (
    <Field label={label} description={description}>
      <Input
        id={id}
        width={INPUT_WIDTH}
        value={value ?? ''}
        placeholder={placeholder}
        onChange={(e) => onChange(e.currentTarget.value.trim())}
      />
    </Field>
  );
}

function NumberField({
  id,
  label,
  value,
  description,
  onChange,
}: Omit<TextFieldProps, 'value' | 'onChange'> & {
  value?: number;
  onChange: (v: number | undefined) => void;
}) {
  return (
    <Field label={label} description={description}>
      <Input
        id={id}
        type="number"
        width={16}
        value={value ?? ''}
        onChange={(e) => {
          const n = parseInt(e.currentTarget.value, 10);
          onChange(Number.isNaN(n) ? undefined : n);
        }}
      />
    </Field>
  );
}

interface ListFieldsProps {
  prefix: string;
  url?: string;
  inline?: string;
  format?: ListFormat;
  mapping?: ListMapping;
  onChange: (patch: { url?: string; inline?: string; format?: ListFormat; mapping?: ListMapping }) => void;
  what: string;
}

/** URL or pasted text, format and CSV mapping: shared by lists and watchlists. */
function ListFields({ prefix, url, inline, format, mapping, onChange, what }: ListFieldsProps) {
  const m = mapping ?? {};
  const setMapping = (patch: Partial<ListMapping>) => onChange({ mapping: { ...m, ...patch } });
  return (
    <>
      <TextField
        id={`${prefix}-url`}
        label="URL"
        value={url}
        placeholder="https://intel.example.com/iocs.csv"
        description="Fetched with ETag / If-Modified-Since; leave empty to paste the list below."
        onChange={(v) => onChange({ url: v || undefined })}
      />
      {!url && (
        <Field label="List" description={`Pasted ${what}, one per line or CSV.`}>
          <TextArea
            id={`${prefix}-inline`}
            rows={4}
            value={inline ?? ''}
            onChange={(e) => onChange({ inline: e.currentTarget.value || undefined })}
          />
        </Field>
      )}
      <Field label="Format">
        <Combobox<ListFormat>
          id={`${prefix}-format`}
          width={INPUT_WIDTH}
          options={FORMAT_OPTIONS}
          value={format ?? 'lines'}
          onChange={(o) => onChange({ format: o.value })}
        />
      </Field>
      {format === 'csv' && (
        <Stack direction="row" wrap="wrap">
          {(
            [
              ['indicator', what === 'users' ? 'User column' : 'Indicator column'],
              ['type', 'Type column'],
              ['confidence', what === 'users' ? 'Risk column' : 'Confidence column'],
              ['actor', what === 'users' ? 'Reason column' : 'Actor column'],
              ['labels', 'Labels column'],
              ['labelSeparator', 'Label separator'],
            ] as Array<[keyof ListMapping, string]>
          ).map(([key, label]) => (
            <Field key={key} label={label}>
              <Input
                id={`${prefix}-map-${key}`}
                width={18}
                value={m[key] ?? ''}
                placeholder={key === 'labelSeparator' ? '|' : 'name or 1, 2...'}
                onChange={(e) => setMapping({ [key]: e.currentTarget.value || undefined })}
              />
            </Field>
          ))}
        </Stack>
      )}
    </>
  );
}

function ProviderEditor(
  props: SectionProps & { p: IntelProviderOptions; onChange: (p: IntelProviderOptions) => void; onRemove: () => void }
) {
  const { p, onChange, onRemove, ...section } = props;
  const set = (patch: Partial<IntelProviderOptions>) => onChange({ ...p, ...patch });
  const prefix = `mt-intel-${p.id}`;
  const secret = (label: string) => (
    <SecretField {...section} secretKey={intelSecretKey(p.id)} label={label} id={`${prefix}-secret`} />
  );
  return (
    <FieldSet label={`${TYPE_LABELS[p.type]}: ${p.name}`}>
      <TextField
        id={`${prefix}-name`}
        label="Name"
        value={p.name}
        description="Shown in threat results and notices."
        onChange={(v) => set({ name: v })}
      />
      {p.type === 'crowdstrike' && (
        <>
          <Field label="Cloud">
            <Combobox<string>
              id={`${prefix}-cloud`}
              width={INPUT_WIDTH}
              options={CLOUD_OPTIONS}
              value={p.baseUrl ? 'custom' : (p.cloud ?? 'us-1')}
              onChange={(o) =>
                set(
                  o.value === 'custom'
                    ? { cloud: undefined, baseUrl: p.baseUrl ?? 'https://' }
                    : { cloud: o.value, baseUrl: undefined }
                )
              }
            />
          </Field>
          {p.baseUrl !== undefined && (
            <TextField
              id={`${prefix}-base`}
              label="API base URL"
              value={p.baseUrl}
              onChange={(v) => set({ baseUrl: v })}
            />
          )}
          <TextField
            id={`${prefix}-client`}
            label="API client ID"
            value={p.clientId}
            description="Scope: Indicators (Falcon Intelligence): Read."
            onChange={(v) => set({ clientId: v })}
          />
          {secret('API client secret')}
          <Field label="Minimum malicious confidence">
            <Combobox<string>
              id={`${prefix}-minconf`}
              width={INPUT_WIDTH}
              options={CONFIDENCE_OPTIONS}
              value={p.minConfidence ?? 'medium'}
              onChange={(o) => set({ minConfidence: o.value })}
            />
          </Field>
        </>
      )}
      {p.type === 'taxii' && (
        <>
          <TextField
            id={`${prefix}-collection`}
            label="Collection URL"
            value={p.collectionUrl}
            placeholder="https://taxii.example.com/api1/collections/<id>/"
            onChange={(v) => set({ collectionUrl: v })}
          />
          <TextField
            id={`${prefix}-user`}
            label="Username"
            value={p.username}
            description="For basic auth; leave empty when an API-key header is used."
            onChange={(v) => set({ username: v || undefined })}
          />
          <TextField
            id={`${prefix}-header`}
            label="API-key header"
            value={p.apiKeyHeader}
            placeholder="Authorization"
            onChange={(v) => set({ apiKeyHeader: v || undefined })}
          />
          {secret(p.apiKeyHeader ? 'API key' : 'Password')}
        </>
      )}
      {p.type === 'misp' && (
        <>
          <TextField
            id={`${prefix}-base`}
            label="MISP URL"
            value={p.baseUrl}
            placeholder="https://misp.example.com"
            onChange={(v) => set({ baseUrl: v })}
          />
          {secret('API key')}
        </>
      )}
      {p.type === 'list' && (
        <>
          <ListFields
            prefix={prefix}
            url={p.url}
            inline={p.inline}
            format={p.format}
            mapping={p.mapping}
            what="indicators"
            onChange={set}
          />
          <TextField
            id={`${prefix}-header`}
            label="Auth header"
            value={p.apiKeyHeader}
            description="Optional header sent with the download."
            onChange={(v) => set({ apiKeyHeader: v || undefined })}
          />
          {p.apiKeyHeader && secret('Auth header value')}
        </>
      )}
      {p.type !== 'crowdstrike' && (
        <NumberField
          id={`${prefix}-conf`}
          label="Default confidence"
          description="0–100, for entries without one."
          value={p.confidence}
          onChange={(v) => set({ confidence: v })}
        />
      )}
      <NumberField
        id={`${prefix}-refresh`}
        label="Refresh every (minutes)"
        description="Default 60."
        value={p.refreshMinutes}
        onChange={(v) => set({ refreshMinutes: v })}
      />
      <Stack direction="row" alignItems="center">
        <Switch
          id={`${prefix}-enabled`}
          value={!p.disabled}
          onChange={(e) => set({ disabled: !e.currentTarget.checked || undefined })}
        />
        <Text>Enabled</Text>
        <Button variant="destructive" fill="outline" size="sm" icon="trash-alt" onClick={onRemove}>
          Remove
        </Button>
      </Stack>
    </FieldSet>
  );
}

/** Threat-intel providers; each refreshes in the background with its last good copy kept. */
export function IntelProvidersSection(props: SectionProps) {
  const { jsonData, update, configured, secureJsonData } = props;
  const providers = jsonData.intelProviders ?? [];
  const stored = (id: string) => !!configured[intelSecretKey(id)] || !!secureJsonData[intelSecretKey(id)];
  const add = (type: IntelProviderType) =>
    update({ intelProviders: [...providers, { id: nextId('p', providers, stored), type, name: TYPE_LABELS[type] }] });
  return (
    <FieldSet label="Threat-intel providers">
      {providers.map((p, i) => (
        <ProviderEditor
          key={p.id}
          {...props}
          p={p}
          onChange={(next) => update({ intelProviders: providers.map((q, j) => (j === i ? next : q)) })}
          // The removed provider's encrypted secret stays unused: its id is never handed out again.
          onRemove={() => update({ intelProviders: providers.filter((_, j) => j !== i) })}
        />
      ))}
      <Stack direction="row" wrap="wrap">
        {(Object.keys(TYPE_LABELS) as IntelProviderType[]).map((t) => (
          <Button key={t} variant="secondary" icon="plus" onClick={() => add(t)}>
            {`Add ${TYPE_LABELS[t]}`}
          </Button>
        ))}
      </Stack>
    </FieldSet>
  );
}

/** Lists of internal users (e.g. an endpoint-security product's risky users) for watchlist queries. */
export function WatchlistsSection(props: SectionProps) {
  const { jsonData, update, configured, secureJsonData } = props;
  const lists = jsonData.watchlists ?? [];
  const stored = (id: string) => !!configured[watchlistSecretKey(id)] || !!secureJsonData[watchlistSecretKey(id)];
  const setList = (i: number, patch: Partial<WatchlistOptions>) =>
    update({ watchlists: lists.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  return (
    <FieldSet label="Watchlists">
      {lists.map((l, i) => {
        const prefix = `mt-watch-${l.id}`;
        return (
          <FieldSet key={l.id} label={`Watchlist: ${l.name}`}>
            <TextField id={`${prefix}-name`} label="Name" value={l.name} onChange={(v) => setList(i, { name: v })} />
            <ListFields
              prefix={prefix}
              url={l.url}
              inline={l.inline}
              format={l.format}
              mapping={l.mapping}
              what="users"
              onChange={(patch) => setList(i, patch)}
            />
            <NumberField
              id={`${prefix}-risk`}
              label="Default risk"
              description="0–100, for users without one."
              value={l.risk}
              onChange={(v) => setList(i, { risk: v })}
            />
            <TextField
              id={`${prefix}-header`}
              label="Auth header"
              value={l.apiKeyHeader}
              onChange={(v) => setList(i, { apiKeyHeader: v || undefined })}
            />
            {l.apiKeyHeader && (
              <SecretField
                {...props}
                secretKey={watchlistSecretKey(l.id)}
                label="Auth header value"
                id={`${prefix}-secret`}
              />
            )}
            <NumberField
              id={`${prefix}-refresh`}
              label="Refresh every (minutes)"
              value={l.refreshMinutes}
              onChange={(v) => setList(i, { refreshMinutes: v })}
            />
            <Button
              variant="destructive"
              fill="outline"
              size="sm"
              icon="trash-alt"
              onClick={() => update({ watchlists: lists.filter((_, j) => j !== i) })}
            >
              Remove
            </Button>
          </FieldSet>
        );
      })}
      <Button
        variant="secondary"
        icon="plus"
        onClick={() =>
          update({ watchlists: [...lists, { id: nextId('w', lists, stored), name: `Watchlist ${lists.length + 1}` }] })
        }
      >
        Add watchlist
      </Button>
    </FieldSet>
  );
}
