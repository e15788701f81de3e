import React from 'react';
import { ConfigSection } from '@grafana/plugin-ui';

import { AcceptedDomainsField, RequestBudgetField } from './TenantOptions';
import { SectionProps } from './types';

/** Tenant mode: accepted domains (direction) and the share of Microsoft's request limit. */
export function MailFlowSection(props: SectionProps) {
  return (
    <ConfigSection title="Mail flow and limits">
      <AcceptedDomainsField {...props} />
      <RequestBudgetField {...props} />
    </ConfigSection>
  );
}
