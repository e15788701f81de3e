// The whole settings form: every problem by field, with the rules the backend applies
// (pkg/plugin/settings.go); tests/shared/settings-cases.json is run against both.

import type { MessageTraceOptions, MessageTraceSecureJsonData } from '../types';
import { validateCaCertificatePem, validateCertificatePem, validatePrivateKeyPem } from './certificates';
import {
  THREAT_FEED_EXTENSIONS,
  validateBaseUrl,
  validateClientId,
  validateDomains,
  validateOptionalGuid,
  validateRequestBudget,
  validateServerPath,
  validateTenantId,
} from './fields';

export type SettingsField =
  | 'tenantId'
  | 'clientId'
  | 'managedIdentityClientId'
  | 'clientSecret'
  | 'clientCertificate'
  | 'privateKey'
  | 'acceptedDomains'
  | 'requestBudget'
  | 'loginBaseUrl'
  | 'graphBaseUrl'
  | 'caCertificate'
  | 'geoDatabasePath'
  | 'threatIntelPath';

export type SettingsErrors = Partial<Record<SettingsField, string>>;

export interface SettingsInput {
  jsonData: MessageTraceOptions;
  secureJsonData?: MessageTraceSecureJsonData;
  /** Which secrets are already stored (Grafana's secureJsonFields). */
  configured?: Partial<Record<keyof MessageTraceSecureJsonData, boolean>>;
}

/** A stored secret needs no value; a typed one must be valid. */
function secretError(
  typed: string | undefined,
  configured: boolean | undefined,
  missing: string,
  check: (value: string) => string | undefined
): string | undefined {
  if (typed) {
    return check(typed);
  }
  return configured ? undefined : missing;
}

/** Every problem in the settings, by field. Demo mode needs no Microsoft settings. */
export function validateSettings({ jsonData, secureJsonData = {}, configured = {} }: SettingsInput, now = new Date()) {
  const errors: SettingsErrors = {};
  const set = (field: SettingsField, error: string | undefined) => {
    if (error) {
      errors[field] = error;
    }
  };
  set('acceptedDomains', validateDomains(jsonData.acceptedDomains));
  if ((jsonData.mode ?? 'demo') === 'demo') {
    return errors;
  }
  const insecure = jsonData.allowInsecureEndpoints ?? false;
  set('tenantId', validateTenantId(jsonData.tenantId));
  set('requestBudget', validateRequestBudget(jsonData.requestBudget));
  set('loginBaseUrl', validateBaseUrl(jsonData.loginBaseUrl, insecure, 'https://login.microsoftonline.com'));
  set('graphBaseUrl', validateBaseUrl(jsonData.graphBaseUrl, insecure, 'https://graph.microsoft.com'));
  set('caCertificate', validateCaCertificatePem(jsonData.caCertificate, now).error);
  set('geoDatabasePath', validateServerPath(jsonData.geoDatabasePath, '/var/lib/grafana/geo/ip-country.csv.gz'));
  set(
    'threatIntelPath',
    validateServerPath(jsonData.threatIntelPath, '/var/lib/grafana/intel/feed.json', THREAT_FEED_EXTENSIONS)
  );

  switch (jsonData.authType ?? 'clientSecret') {
    case 'clientSecret':
      set('clientId', validateClientId(jsonData.clientId));
      set(
        'clientSecret',
        secretError(
          secureJsonData.clientSecret,
          configured.clientSecret,
          'Enter the client secret (its Value, not its Secret ID).',
          () => undefined
        )
      );
      break;
    case 'clientCertificate':
      set('clientId', validateClientId(jsonData.clientId));
      set(
        'clientCertificate',
        secretError(
          secureJsonData.clientCertificate,
          configured.clientCertificate,
          'Paste the certificate uploaded to the app registration (PEM).',
          (v) => validateCertificatePem(v, now).error
        )
      );
      // The key may follow the certificate in its own PEM (typed now, or stored earlier); with no
      // certificate at all, the certificate's message says both are needed.
      const certificateGiven = !!secureJsonData.clientCertificate || !!configured.clientCertificate;
      const keyInCertificate = certificateHoldsKey(secureJsonData.clientCertificate, configured.clientCertificate);
      if (secureJsonData.privateKey || (certificateGiven && !keyInCertificate)) {
        set(
          'privateKey',
          secretError(
            secureJsonData.privateKey,
            configured.privateKey,
            "Paste the certificate's private key (PEM), or paste it after the certificate in Client certificate.",
            validatePrivateKeyPem
          )
        );
      }
      break;
    case 'managedIdentity':
      set(
        'managedIdentityClientId',
        validateOptionalGuid(jsonData.managedIdentityClientId, 'Managed identity client ID')
      );
      break;
    case 'workloadIdentity':
      // The backend needs the client ID the federated credential belongs to.
      set('clientId', validateClientId(jsonData.clientId));
      break;
  }
  return errors;
}

/** Whether the client certificate's PEM carries the key: typed with a key block, or stored (unseen). */
function certificateHoldsKey(typed: string | undefined, stored: boolean | undefined): boolean {
  if (typed) {
    return /-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(typed);
  }
  return !!stored;
}
