import React, { useState } from 'react';
import { DataSourcePluginOptionsEditorProps, SelectableValue } from '@grafana/data';
import { config } from '@grafana/runtime';
import { Alert, Field, FieldSet, RadioButtonGroup, Stack, TextLink } from '@grafana/ui';

import { APP_REGISTRATION_HELP } from '../constants';
import { Mode, MessageTraceOptions, MessageTraceSecureJsonData, OPTION_DEFAULTS } from '../types';
import { SettingsErrors, SettingsField, validateSettings } from '../validation';
import { AdvancedSection } from './config/AdvancedSection';
import { ArchiveSection } from './config/ArchiveSection';
import { AuthSection } from './config/AuthSection';
import { EnrichmentSection } from './config/EnrichmentSection';
import { AcceptedDomainsField, RequestBudgetField } from './config/TenantOptions';
import { SecretKey, SectionProps } from './config/types';

type Props = DataSourcePluginOptionsEditorProps<MessageTraceOptions, MessageTraceSecureJsonData>;

const MODE_OPTIONS: Array<SelectableValue<Mode>> = [
  { label: 'Demo tenant', value: 'demo', description: 'Built-in generated mail; no Microsoft account needed' },
  { label: 'Microsoft 365 tenant', value: 'tenant', description: 'Your Exchange Online message trace via Graph' },
];

/** Settings fields that already hold a value when the page opens: their errors show at once. */
function filledFields(jsonData: MessageTraceOptions): Set<SettingsField> {
  const filled = new Set<SettingsField>();
  const fields: SettingsField[] = [
    'tenantId',
    'clientId',
    'managedIdentityClientId',
    'requestBudget',
    'loginBaseUrl',
    'graphBaseUrl',
    'caCertificate',
    'geoDatabasePath',
    'threatIntelPath',
  ];
  for (const field of fields) {
    const value = jsonData[field as keyof MessageTraceOptions];
    if (value !== undefined && value !== '') {
      filled.add(field);
    }
  }
  if (jsonData.acceptedDomains?.length) {
    filled.add('acceptedDomains');
  }
  return filled;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function AppRegistrationBanner() {
  const href = `${config.appSubUrl ?? ''}/${APP_REGISTRATION_HELP}`;
  return (
    <Alert severity="info" title="Before you connect a tenant">
      Register an app in Microsoft Entra ID, grant it the application permission{' '}
      <code>ExchangeMessageTrace.Read.All</code> with admin consent, and make sure the tenant has the service principal
      of the Exchange message trace app. Step by step:{' '}
      <TextLink href={href} external>
        Microsoft app registration
      </TextLink>{' '}
      in the plugin README.
    </Alert>
  );
}

/**
 * Data source settings. Validation messages appear when a field is left (blur) and, for values saved
 * earlier, as soon as the page opens. Secrets are write-only: a stored one shows as "configured".
 */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const jsonData = options.jsonData ?? {};
  const secureJsonData: MessageTraceSecureJsonData = options.secureJsonData ?? {};
  const configured = (options.secureJsonFields ?? {}) as Partial<Record<SecretKey, boolean>>;
  const mode = jsonData.mode ?? OPTION_DEFAULTS.mode;
  const [touched, setTouched] = useState<Set<SettingsField>>(() => filledFields(jsonData));

  // Cheap enough to run on every render; parsing a pasted PEM is a few hundred bytes of DER.
  const allErrors = validateSettings({ jsonData, secureJsonData, configured });
  const errors: SettingsErrors = Object.fromEntries(
    Object.entries(allErrors).filter(([field]) => touched.has(field as SettingsField))
  );

  const section: SectionProps = {
    jsonData,
    secureJsonData,
    configured,
    errors,
    update: (patch) => onOptionsChange({ ...options, jsonData: withoutUndefined({ ...jsonData, ...patch }) }),
    updateSecret: (key, value) => onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, [key]: value } }),
    resetSecret: (key) =>
      onOptionsChange({
        ...options,
        secureJsonFields: { ...options.secureJsonFields, [key]: false },
        secureJsonData: { ...secureJsonData, [key]: '' },
      }),
    touch: (field) => setTouched((prev) => (prev.has(field) ? prev : new Set(prev).add(field))),
  };

  return (
    <Stack direction="column" gap={2}>
      <Field
        label="Message source"
        description="Start with the demo tenant, switch to your own tenant when the app registration is ready."
      >
        <RadioButtonGroup<Mode>
          id="mt-mode"
          options={MODE_OPTIONS}
          value={mode}
          onChange={(value) => section.update({ mode: value })}
        />
      </Field>
      {mode === 'demo' ? (
        <Alert severity="success" title="Demo tenant">
          A deterministic, generated Exchange Online tenant (a Japanese company with about 300 mailboxes) with labelled
          incidents: a phishing wave, a campaign, a compromised account, large outbound transfers, a threat-intel sender
          and unusual geography. Nothing leaves Grafana.
        </Alert>
      ) : (
        <>
          <AppRegistrationBanner />
          <FieldSet label="Microsoft 365 tenant">
            <AuthSection {...section} />
          </FieldSet>
        </>
      )}
      {mode === 'tenant' && (
        <FieldSet label="Mail flow and limits">
          <AcceptedDomainsField {...section} />
          <RequestBudgetField {...section} />
        </FieldSet>
      )}
      <EnrichmentSection {...section} demo={mode === 'demo'} />
      <ArchiveSection {...section} demo={mode === 'demo'} />
      {mode === 'tenant' && <AdvancedSection {...section} />}
    </Stack>
  );
}
