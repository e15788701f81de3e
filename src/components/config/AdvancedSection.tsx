import React, { useState } from 'react';
import { Collapse, Field, Input, Switch, TextArea } from '@grafana/ui';

import { OPTION_DEFAULTS } from '../../types';
import { INPUT_WIDTH, SectionProps } from './types';

/** Endpoints and TLS, for sovereign clouds, proxies and test doubles; collapsed by default. */
export function AdvancedSection({ jsonData, errors, update, touch }: SectionProps) {
  const hasCustom =
    !!jsonData.loginBaseUrl || !!jsonData.graphBaseUrl || !!jsonData.allowInsecureEndpoints || !!jsonData.caCertificate;
  const [open, setOpen] = useState(hasCustom);
  // A problem in here must not hide behind a folded section.
  const hasError = !!(errors.loginBaseUrl || errors.graphBaseUrl || errors.caCertificate);

  return (
    <Collapse label="Advanced: endpoints and TLS" isOpen={open || hasError} onToggle={() => setOpen(!open)}>
      <Field
        label="Login base URL"
        description={`Microsoft Entra ID token endpoint host. Empty = ${OPTION_DEFAULTS.loginBaseUrl}`}
        invalid={!!errors.loginBaseUrl}
        error={errors.loginBaseUrl}
      >
        <Input
          id="mt-login-base-url"
          width={INPUT_WIDTH}
          value={jsonData.loginBaseUrl ?? ''}
          placeholder={OPTION_DEFAULTS.loginBaseUrl}
          onChange={(e) => update({ loginBaseUrl: e.currentTarget.value.trim() || undefined })}
          onBlur={() => touch('loginBaseUrl')}
        />
      </Field>
      <Field
        label="Graph base URL"
        description={`Microsoft Graph host. Empty = ${OPTION_DEFAULTS.graphBaseUrl}`}
        invalid={!!errors.graphBaseUrl}
        error={errors.graphBaseUrl}
      >
        <Input
          id="mt-graph-base-url"
          width={INPUT_WIDTH}
          value={jsonData.graphBaseUrl ?? ''}
          placeholder={OPTION_DEFAULTS.graphBaseUrl}
          onChange={(e) => update({ graphBaseUrl: e.currentTarget.value.trim() || undefined })}
          onBlur={() => touch('graphBaseUrl')}
        />
      </Field>
      <Field
        label="Allow insecure endpoints"
        description="Accept http:// base URLs. Only for local test endpoints; tokens would travel unencrypted."
      >
        <Switch
          id="mt-allow-insecure"
          value={jsonData.allowInsecureEndpoints ?? false}
          onChange={(e) => {
            update({ allowInsecureEndpoints: e.currentTarget.checked });
            touch('loginBaseUrl');
            touch('graphBaseUrl');
          }}
        />
      </Field>
      <Field
        label="CA certificate"
        description="PEM bundle trusted in addition to the system roots, e.g. for a TLS-inspecting proxy. Not a secret."
        invalid={!!errors.caCertificate}
        error={errors.caCertificate}
      >
        <TextArea
          id="mt-ca-certificate"
          cols={INPUT_WIDTH + 12}
          rows={4}
          value={jsonData.caCertificate ?? ''}
          placeholder="-----BEGIN CERTIFICATE-----"
          onChange={(e) => update({ caCertificate: e.currentTarget.value || undefined })}
          onBlur={() => touch('caCertificate')}
        />
      </Field>
    </Collapse>
  );
}
