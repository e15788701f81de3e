import React from 'react';
import { Field, Input, TagsInput } from '@grafana/ui';

import { OPTION_DEFAULTS } from '../../types';
import { INPUT_WIDTH, SectionProps } from './types';

/** Accepted domains decide direction (inbound / outbound / internal); used in demo mode too. */
export function AcceptedDomainsField({ jsonData, errors, update, touch }: SectionProps) {
  return (
    <Field
      label="Accepted domains"
      description="Your tenant's domains (Exchange admin center > Mail flow > Accepted domains). They decide whether a message is inbound, outbound or internal. Press Enter after each."
      invalid={!!errors.acceptedDomains}
      error={errors.acceptedDomains}
    >
      <TagsInput
        id="mt-accepted-domains"
        width={INPUT_WIDTH}
        tags={jsonData.acceptedDomains ?? []}
        placeholder="example.com"
        addOnBlur
        autoColors={false}
        invalid={!!errors.acceptedDomains}
        onChange={(tags) => {
          update({ acceptedDomains: tags.map((t) => t.trim().toLowerCase()) });
          touch('acceptedDomains');
        }}
      />
    </Field>
  );
}

/** Graph requests per rolling 5 minutes; Microsoft's limit is 100 per tenant for all callers together. */
export function RequestBudgetField({ jsonData, errors, update, touch }: SectionProps) {
  return (
    <Field
      label="Request budget"
      description={`Message-trace requests per 5 minutes this data source may use (1-100, default ${OPTION_DEFAULTS.requestBudget}). Microsoft allows 100 per tenant, shared with other tools.`}
      invalid={!!errors.requestBudget}
      error={errors.requestBudget}
    >
      <Input
        id="mt-request-budget"
        type="number"
        width={12}
        value={jsonData.requestBudget ?? ''}
        placeholder={String(OPTION_DEFAULTS.requestBudget)}
        onChange={(e) => {
          const value = e.currentTarget.value.trim();
          update({ requestBudget: value === '' ? undefined : Number(value) });
        }}
        onBlur={() => touch('requestBudget')}
      />
    </Field>
  );
}
