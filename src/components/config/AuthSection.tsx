import React from 'react';
import { config } from '@grafana/runtime';
import { Combobox, ComboboxOption, Field, Input, SecretInput, SecretTextArea } from '@grafana/ui';

import { AuthType, OPTION_DEFAULTS } from '../../types';
import { formatUtc, validateCertificatePem } from '../../validation';
import { INPUT_WIDTH, SectionProps } from './types';

const AUTH_OPTIONS: Array<ComboboxOption<AuthType>> = [
  { label: 'Client secret', value: 'clientSecret', description: 'App registration with a client secret' },
  {
    label: 'Client certificate',
    value: 'clientCertificate',
    description: 'App registration with a certificate (recommended by Microsoft)',
  },
  { label: 'Managed identity', value: 'managedIdentity', description: 'Grafana runs in Azure with a managed identity' },
  { label: 'Workload identity', value: 'workloadIdentity', description: 'Grafana runs in AKS with workload identity' },
];

/**
 * The auth types Grafana allows: managed and workload identity only when its [azure] section turns
 * them on (the backend refuses them otherwise). A stored type stays listed so it can be changed.
 */
function authOptions(current: AuthType): Array<ComboboxOption<AuthType>> {
  const azure = config.azure;
  const allowed = (v?: AuthType) =>
    v === current ||
    (v !== 'managedIdentity' && v !== 'workloadIdentity') ||
    (v === 'managedIdentity' && !!azure?.managedIdentityEnabled) ||
    (v === 'workloadIdentity' && !!azure?.workloadIdentityEnabled);
  return AUTH_OPTIONS.filter((o) => allowed(o.value));
}

/** Tenant, client and credentials for Microsoft Graph, in the order of Grafana's Azure data sources. */
export function AuthSection(props: SectionProps) {
  const { jsonData, errors, update, touch } = props;
  const authType = jsonData.authType ?? OPTION_DEFAULTS.authType;

  return (
    <>
      <Field
        label="Directory (tenant) ID"
        description="From the app's Overview page in Entra ID; a verified domain such as contoso.onmicrosoft.com also works."
        required
        invalid={!!errors.tenantId}
        error={errors.tenantId}
      >
        <Input
          id="mt-tenant-id"
          width={INPUT_WIDTH}
          value={jsonData.tenantId ?? ''}
          placeholder="00000000-0000-0000-0000-000000000000"
          onChange={(e) => update({ tenantId: e.currentTarget.value.trim() })}
          onBlur={() => touch('tenantId')}
        />
      </Field>
      {authType !== 'managedIdentity' && (
        <Field
          label="Application (client) ID"
          description={
            authType === 'workloadIdentity' ? 'The client ID the federated credential belongs to.' : undefined
          }
          required
          invalid={!!errors.clientId}
          error={errors.clientId}
        >
          <Input
            id="mt-client-id"
            width={INPUT_WIDTH}
            value={jsonData.clientId ?? ''}
            placeholder="00000000-0000-0000-0000-000000000000"
            onChange={(e) => update({ clientId: e.currentTarget.value.trim() })}
            onBlur={() => touch('clientId')}
          />
        </Field>
      )}
      <Field label="Authentication" description="How the backend obtains tokens for Microsoft Graph.">
        <Combobox<AuthType>
          id="mt-auth-type"
          width={INPUT_WIDTH}
          options={authOptions(authType)}
          value={authType}
          onChange={(v) => update({ authType: v.value })}
        />
      </Field>
      {authType === 'managedIdentity' && (
        <Field
          label="Managed identity client ID"
          description="Only for a user-assigned identity; leave empty for the system-assigned one."
          invalid={!!errors.managedIdentityClientId}
          error={errors.managedIdentityClientId}
        >
          <Input
            id="mt-managed-identity-client-id"
            width={INPUT_WIDTH}
            value={jsonData.managedIdentityClientId ?? ''}
            placeholder="system-assigned"
            onChange={(e) => update({ managedIdentityClientId: e.currentTarget.value.trim() })}
            onBlur={() => touch('managedIdentityClientId')}
          />
        </Field>
      )}
      {authType === 'clientSecret' && <ClientSecretField {...props} />}
      {authType === 'clientCertificate' && <CertificateFields {...props} />}
    </>
  );
}

function ClientSecretField({ secureJsonData, configured, errors, updateSecret, resetSecret, touch }: SectionProps) {
  return (
    <Field
      label="Client secret"
      description="The secret's Value (shown once when it is created). Stored encrypted; never sent back to the browser."
      required
      invalid={!!errors.clientSecret}
      error={errors.clientSecret}
    >
      <SecretInput
        id="mt-client-secret"
        width={INPUT_WIDTH}
        isConfigured={!!configured.clientSecret}
        value={secureJsonData.clientSecret ?? ''}
        placeholder="client secret value"
        onChange={(e) => updateSecret('clientSecret', e.currentTarget.value)}
        onBlur={() => touch('clientSecret')}
        onReset={() => resetSecret('clientSecret')}
      />
    </Field>
  );
}

function CertificateFields({ secureJsonData, configured, errors, updateSecret, resetSecret, touch }: SectionProps) {
  const typed = secureJsonData.clientCertificate;
  const info = typed && !errors.clientCertificate ? validateCertificatePem(typed).certificates[0] : undefined;
  return (
    <>
      <Field
        label="Client certificate"
        description={
          info
            ? `${info.subject ? `CN=${info.subject}, ` : ''}valid until ${formatUtc(info.notAfter)}`
            : 'PEM certificate (-----BEGIN CERTIFICATE-----) uploaded to the app registration.'
        }
        required
        invalid={!!errors.clientCertificate}
        error={errors.clientCertificate}
      >
        <SecretTextArea
          id="mt-client-certificate"
          cols={INPUT_WIDTH + 12}
          rows={6}
          isConfigured={!!configured.clientCertificate}
          value={typed ?? ''}
          placeholder="-----BEGIN CERTIFICATE-----"
          onChange={(e) => updateSecret('clientCertificate', e.currentTarget.value)}
          onBlur={() => touch('clientCertificate')}
          onReset={() => resetSecret('clientCertificate')}
        />
      </Field>
      <Field
        label="Private key"
        description="PEM private key of that certificate, without a passphrase. Stored encrypted."
        required
        invalid={!!errors.privateKey}
        error={errors.privateKey}
      >
        <SecretTextArea
          id="mt-private-key"
          cols={INPUT_WIDTH + 12}
          rows={6}
          isConfigured={!!configured.privateKey}
          value={secureJsonData.privateKey ?? ''}
          placeholder="-----BEGIN PRIVATE KEY-----"
          onChange={(e) => updateSecret('privateKey', e.currentTarget.value)}
          onBlur={() => touch('privateKey')}
          onReset={() => resetSecret('privateKey')}
        />
      </Field>
    </>
  );
}
