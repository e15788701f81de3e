import React from 'react';
import { SelectableValue } from '@grafana/data';
import { Alert, Field, RadioButtonGroup } from '@grafana/ui';

import { Mode, OPTION_DEFAULTS } from '../../types';
import { SectionProps } from './types';

const MODE_OPTIONS: Array<SelectableValue<Mode>> = [
  { label: 'Demo tenant', value: 'demo', description: 'Built-in generated mail; no Microsoft account needed' },
  { label: 'Microsoft 365 tenant', value: 'tenant', description: 'Your Exchange Online message trace via Graph' },
];

/** Demo tenant or a Microsoft 365 tenant. */
export function ModeSection({ jsonData, update }: SectionProps) {
  const mode = jsonData.mode ?? OPTION_DEFAULTS.mode;
  return (
    <>
      <Field
        label="Message source"
        description="Start with the demo tenant, switch to your own tenant when the app registration is ready."
      >
        <RadioButtonGroup<Mode>
          id="mt-mode"
          options={MODE_OPTIONS}
          value={mode}
          onChange={(value) => update({ mode: value })}
        />
      </Field>
      {mode === 'demo' && (
        <Alert severity="success" title="Demo tenant">
          A deterministic, generated Exchange Online tenant (a Japanese company with about 300 mailboxes) with labelled
          incidents: a phishing wave, a campaign, a compromised account, large outbound transfers, a threat-intel sender
          and unusual geography. Nothing leaves Grafana.
        </Alert>
      )}
    </>
  );
}
