import { useState } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';

import { MessageTraceOptions, MessageTraceSecureJsonData } from '../../types';
import { SettingsErrors, SettingsField, validateSettings } from '../../validation';
import { SecretKey, SectionProps } from './types';

export type ConfigProps = DataSourcePluginOptionsEditorProps<MessageTraceOptions, MessageTraceSecureJsonData>;

const FILLABLE: SettingsField[] = [
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

/** Settings fields that already hold a value when the page opens: their errors show at once. */
function filledFields(jsonData: MessageTraceOptions): Set<SettingsField> {
  const filled = new Set<SettingsField>();
  for (const field of FILLABLE) {
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

export interface SettingsForm {
  section: SectionProps;
  /** Every problem, shown or not yet: what Save & test would refuse. */
  allErrors: SettingsErrors;
}

/**
 * State shared by the config sections: values, the ways to change them, and the validation
 * messages of the fields the user has finished editing (or that were saved earlier).
 */
export function useSettingsForm({ options, onOptionsChange }: ConfigProps): SettingsForm {
  const jsonData = options.jsonData ?? {};
  const secureJsonData: MessageTraceSecureJsonData = options.secureJsonData ?? {};
  const configured = (options.secureJsonFields ?? {}) as Partial<Record<SecretKey, boolean>>;
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
  return { section, allErrors };
}
