import React from 'react';
import { DataSourceDescription } from '@grafana/plugin-ui';
import { Divider, Stack } from '@grafana/ui';

import { APP_REGISTRATION_HELP } from '../constants';
import { OPTION_DEFAULTS } from '../types';
import { AdvancedSection } from './config/AdvancedSection';
import { ArchiveSection } from './config/ArchiveSection';
import { CreateAlertRulesSection } from './config/CreateAlertRulesSection';
import { EnrichmentSection } from './config/EnrichmentSection';
import { IntelProvidersSection, WatchlistsSection } from './config/IntelProvidersSection';
import { MailFlowSection } from './config/MailFlowSection';
import { ModeSection } from './config/ModeSection';
import { SettingsProblems } from './config/SettingsProblems';
import { TenantProfileSection } from './config/TenantProfileSection';
import { TenantSection } from './config/TenantSection';
import { ConfigProps, useSettingsForm } from './config/useSettingsForm';

/**
 * Data source settings: a list of independent sections sharing one form state (useSettingsForm).
 * Validation messages appear when a field is left and, for values saved earlier, as soon as the page
 * opens; the summary on top lists what Save & test would refuse. Secrets are write-only.
 */
export function ConfigEditor(props: ConfigProps) {
  const { section, allErrors } = useSettingsForm(props);
  const tenant = (section.jsonData.mode ?? OPTION_DEFAULTS.mode) === 'tenant';
  return (
    <Stack direction="column" gap={2}>
      <DataSourceDescription
        dataSourceName="Exchange Message Trace"
        docsLink={`/${APP_REGISTRATION_HELP.split('#')[0]}`}
        hasRequiredFields={tenant}
      />
      <SettingsProblems errors={allErrors} />
      <ModeSection {...section} />
      <Divider />
      {tenant && <TenantSection {...section} />}
      {tenant && <MailFlowSection {...section} />}
      <EnrichmentSection {...section} demo={!tenant} />
      {tenant && <IntelProvidersSection {...section} />}
      {tenant && <WatchlistsSection {...section} />}
      <TenantProfileSection {...section} demo={!tenant} uid={props.options.uid} />
      <ArchiveSection {...section} demo={!tenant} />
      {tenant && <AdvancedSection {...section} />}
      <CreateAlertRulesSection uid={props.options.uid} name={props.options.name} />
    </Stack>
  );
}
