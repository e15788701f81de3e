import React from 'react';
import { Alert } from '@grafana/ui';

import { SettingsErrors, SettingsField } from '../../validation';

/** The field labels as the sections show them. */
export const FIELD_LABELS: Record<SettingsField, string> = {
  tenantId: 'Directory (tenant) ID',
  clientId: 'Application (client) ID',
  managedIdentityClientId: 'Managed identity client ID',
  clientSecret: 'Client secret',
  clientCertificate: 'Client certificate',
  privateKey: 'Private key',
  acceptedDomains: 'Accepted domains',
  requestBudget: 'Request budget',
  loginBaseUrl: 'Login base URL',
  graphBaseUrl: 'Graph base URL',
  caCertificate: 'CA certificate',
  geoDatabasePath: 'IP-to-country database',
  threatIntelPath: 'Threat-intel feed',
};

/**
 * What Save & test would refuse, listed before saving: the backend applies the same rules
 * (tests/shared/settings-cases.json), so a setting listed here would fail there. Only the field
 * names are listed; each field shows its own message once it has been edited.
 */
export function SettingsProblems({ errors }: { errors: SettingsErrors }) {
  const fields = (Object.keys(FIELD_LABELS) as SettingsField[]).filter((f) => errors[f]);
  if (fields.length === 0) {
    return null;
  }
  return (
    <div data-testid="settings-problems">
      <Alert severity="warning" title="Not ready to save">
        {fields.length === 1 ? 'This setting needs' : 'These settings need'} attention before Save &amp; test:{' '}
        {fields.map((f) => FIELD_LABELS[f]).join(', ')}.
      </Alert>
    </div>
  );
}
