import React from 'react';
import { config } from '@grafana/runtime';
import { ConfigSection } from '@grafana/plugin-ui';
import { Alert, TextLink } from '@grafana/ui';

import { APP_REGISTRATION_HELP } from '../../constants';
import { AuthSection } from './AuthSection';
import { SectionProps } from './types';

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

/** Tenant mode: the app registration and how the backend signs in. */
export function TenantSection(props: SectionProps) {
  return (
    <ConfigSection title="Microsoft 365 tenant" description="The Entra ID app registration the backend signs in with.">
      <AppRegistrationBanner />
      <AuthSection {...props} />
    </ConfigSection>
  );
}
