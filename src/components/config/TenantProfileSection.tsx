import React, { useState } from 'react';
import { SelectableValue } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, RadioButtonGroup, Stack, Text } from '@grafana/ui';

import { INPUT_WIDTH, SectionProps } from './types';

/** The profile's jsonData keys (pkg/profile.Config). */
export interface TenantProfileOptions {
  demoTenant?: string;
  homeCountries?: string[];
  /** Absent: the default embargo list; empty: none. */
  embargoedCountries?: string[];
  businessTimeZone?: string;
  /** Absent or ['detect']: detected from the subjects. */
  mailLanguages?: string[];
}

/** The demo tenants (pkg/demo.Tenants); the first is the default. */
export const DEMO_TENANTS: Array<SelectableValue<string>> = [
  { value: 'jp', label: 'Japan, 300 mailboxes', description: 'Japanese manufacturer (the default)' },
  { value: 'ch-small', label: 'Switzerland, 50', description: 'German- and French-speaking engineering office' },
  { value: 'br-medium', label: 'Brazil, 2,000', description: 'Distributor with Argentine and Spanish partners' },
  { value: 'us-large', label: 'United States, 30,000', description: 'Retailer' },
  { value: 'au-heldout', label: 'Australia, 800', description: 'Logistics firm, held out while thresholds are chosen' },
];

export const DEFAULT_EMBARGOED = ['CU', 'IR', 'KP'];
export const LANGUAGES = ['de', 'en', 'es', 'fr', 'it', 'ja', 'ko', 'nl', 'pl', 'pt', 'sv', 'zh'];

/** One country of GET profile/suggestions. */
export interface CountrySuggestion {
  country: string;
  traces: number;
  days: number;
  permille: number;
  suggested: boolean;
  embargoed: boolean;
}

export interface ProfileSuggestions {
  countries: CountrySuggestion[];
  languages: string[];
  notices: string[];
}

/** Parses "de, AT ch" into upper-case codes, or names the first bad entry. */
export function parseCountryList(text: string): { values: string[] } | { error: string } {
  const values: string[] = [];
  for (const part of text.split(/[\s,;]+/).filter((p) => p !== '')) {
    if (!/^[A-Za-z]{2}$/.test(part)) {
      return { error: `"${part}" is not a country code: use two letters (ISO 3166-1 alpha-2) such as DE, US or JP.` };
    }
    values.push(part.toUpperCase());
  }
  return { values: Array.from(new Set(values)) };
}

/** Parses "fr de" into supported language codes, or names the first unsupported one. */
export function parseLanguageList(text: string): { values: string[] } | { error: string } {
  const values: string[] = [];
  for (const part of text.split(/[\s,;]+/).filter((p) => p !== '')) {
    const code = part.toLowerCase();
    if (!LANGUAGES.includes(code)) {
      return { error: `"${part}" is not a supported language: use ISO 639-1 codes among ${LANGUAGES.join(', ')}.` };
    }
    values.push(code);
  }
  return { values: Array.from(new Set(values)) };
}

/** An IANA zone name such as Europe/Berlin (or UTC), as the backend accepts. */
export function timeZoneError(tz: string): string | undefined {
  if (tz === '' || tz === 'UTC') {
    return undefined;
  }
  let valid = tz.includes('/');
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    valid = false;
  }
  return valid ? undefined : `"${tz}" is not an IANA time zone: write it like Europe/Berlin, America/Chicago or UTC.`;
}

interface ListFieldProps {
  id: string;
  label: string;
  description: string;
  placeholder: string;
  values: string[] | undefined;
  parse: (text: string) => { values: string[] } | { error: string };
  onChange: (values: string[] | undefined) => void;
}

/** A comma- or space-separated list, checked when the field is left. */
function ListField({ id, label, description, placeholder, values, parse, onChange }: ListFieldProps) {
  const [text, setText] = useState((values ?? []).join(', '));
  const [error, setError] = useState<string | undefined>();
  const commit = () => {
    const parsed = parse(text);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(undefined);
    setText(parsed.values.join(', '));
    onChange(parsed.values.length > 0 ? parsed.values : undefined);
  };
  return (
    <Field label={label} description={description} invalid={!!error} error={error}>
      <Input
        id={id}
        width={INPUT_WIDTH}
        value={text}
        placeholder={placeholder}
        onChange={(e) => setText(e.currentTarget.value)}
        onBlur={commit}
      />
    </Field>
  );
}

type Props = SectionProps & { demo: boolean; uid?: string };

/**
 * The tenant profile detection reads instead of numbers tuned to one tenant: home countries (suggested
 * from the tenant's own last 30 days), embargoed countries, business time zone and mail languages.
 */
export function TenantProfileSection({ jsonData, update, demo, uid }: Props) {
  const profile = jsonData as TenantProfileOptions;
  const set = (patch: Partial<TenantProfileOptions>) => update(patch as Partial<typeof jsonData>);
  const [tz, setTz] = useState(profile.businessTimeZone ?? '');
  const [tzError, setTzError] = useState<string | undefined>();
  const [suggestions, setSuggestions] = useState<ProfileSuggestions | undefined>();
  const [suggestError, setSuggestError] = useState<string | undefined>();
  const [homeKey, setHomeKey] = useState(0); // remounts the home field when suggestions are applied
  const detect = !profile.mailLanguages?.length || profile.mailLanguages[0] === 'detect';

  const suggest = async () => {
    setSuggestError(undefined);
    try {
      const res = await getBackendSrv().get<ProfileSuggestions>(
        `/api/datasources/uid/${uid}/resources/profile/suggestions`,
        {
          days: 30,
        }
      );
      setSuggestions(res);
    } catch (e) {
      const msg = (e as { data?: { error?: string }; message?: string }).data?.error ?? (e as Error).message;
      setSuggestError(msg ?? 'The suggestions could not be loaded.');
    }
  };
  const suggested = suggestions?.countries.filter((c) => c.suggested).map((c) => c.country) ?? [];

  return (
    <FieldSet label="Tenant profile">
      {demo && (
        <Field label="Demo tenant" description="Which generated tenant the demo serves.">
          <RadioButtonGroup<string>
            id="mt-demo-tenant"
            options={DEMO_TENANTS}
            value={profile.demoTenant ?? 'jp'}
            onChange={(value) => set({ demoTenant: value === 'jp' ? undefined : value })}
          />
        </Field>
      )}
      <ListField
        key={homeKey}
        id="mt-home-countries"
        label="Home countries"
        description={
          demo
            ? 'Countries this tenant normally exchanges mail with. Empty: the demo tenant’s usual countries.'
            : 'Countries this tenant normally exchanges mail with (ISO 3166-1 alpha-2). Empty: rules use novelty instead.'
        }
        placeholder="DE, AT, CH"
        values={profile.homeCountries}
        parse={parseCountryList}
        onChange={(values) => set({ homeCountries: values })}
      />
      {uid && (
        <Stack direction="column" gap={1}>
          <div>
            <Button variant="secondary" icon="search" onClick={suggest} disabled={!uid}>
              Suggest from the last 30 days
            </Button>
          </div>
          {suggestError && (
            <Alert severity="error" title="No suggestions">
              {suggestError} Save the data source first if it is new.
            </Alert>
          )}
          {suggestions && (
            <Stack direction="column" gap={1}>
              <Text>
                {suggested.length > 0
                  ? `Usual countries of your traffic: ${suggested.join(', ')}.`
                  : 'No country carries 1 % of your external traffic on a third of the days yet.'}
                {suggestions.languages.length > 0 && ` Languages detected: ${suggestions.languages.join(', ')}.`}
              </Text>
              {suggestions.notices.map((n) => (
                <Text key={n} color="secondary">
                  {n}
                </Text>
              ))}
              {suggested.length > 0 && (
                <div>
                  <Button
                    variant="primary"
                    onClick={() => {
                      set({ homeCountries: suggested });
                      setHomeKey((k) => k + 1);
                    }}
                  >
                    Use {suggested.join(', ')}
                  </Button>
                </div>
              )}
            </Stack>
          )}
        </Stack>
      )}
      <ListField
        id="mt-embargoed-countries"
        label="Embargoed countries"
        description="Mail to or from these countries alerts at once. Default: CU, IR, KP (comprehensive US embargoes; Crimea, Donetsk and Luhansk have no country code of their own)."
        placeholder={DEFAULT_EMBARGOED.join(', ')}
        values={profile.embargoedCountries}
        parse={parseCountryList}
        onChange={(values) => set({ embargoedCountries: values })}
      />
      <Field
        label="Business time zone"
        description="IANA zone of the tenant's working hours, e.g. Europe/Berlin. Empty: UTC (the demo: its own)."
        invalid={!!tzError}
        error={tzError}
      >
        <Input
          id="mt-business-time-zone"
          width={INPUT_WIDTH}
          value={tz}
          placeholder="Europe/Berlin"
          onChange={(e) => setTz(e.currentTarget.value)}
          onBlur={() => {
            const value = tz.trim();
            const err = timeZoneError(value);
            setTzError(err);
            if (!err) {
              set({ businessTimeZone: value || undefined });
            }
          }}
        />
      </Field>
      <Field label="Mail languages" description="Stop words of these languages are left out of keywords.">
        <RadioButtonGroup<string>
          id="mt-mail-languages-mode"
          options={[
            { label: 'Detect', value: 'detect', description: 'From the subjects of the tenant’s mail' },
            { label: 'List', value: 'list', description: 'Name the languages' },
          ]}
          value={detect ? 'detect' : 'list'}
          onChange={(value) => set({ mailLanguages: value === 'detect' ? undefined : ['en'] })}
        />
      </Field>
      {!detect && (
        <ListField
          id="mt-mail-languages"
          label="Languages"
          description={`ISO 639-1 codes among ${LANGUAGES.join(', ')}.`}
          placeholder="de, fr, en"
          values={profile.mailLanguages}
          parse={parseLanguageList}
          onChange={(values) => set({ mailLanguages: values ?? ['en'] })}
        />
      )}
    </FieldSet>
  );
}
