import { BackendSrv } from '@grafana/runtime';

import { FakeGrafana } from '../../src/alerting/fakeGrafana';

/**
 * Grafana's alerting provisioning API for the config page, in memory. ?alerting=forbidden answers
 * every rule POST with 403. The requests are on window.alertingLog for the specs.
 */
export function harnessBackendSrv(params: URLSearchParams): BackendSrv {
  const fake = new FakeGrafana({
    folders: [
      { uid: 'soc-folder', title: 'SOC' },
      { uid: 'mail-folder', title: 'Mail security' },
    ],
    contactPoints: [
      { uid: 'cp-1', name: 'SOC mailbox', type: 'email' },
      { uid: 'cp-2', name: 'SOC mailbox', type: 'slack' },
      { uid: 'cp-3', name: 'On-call PagerDuty', type: 'pagerduty' },
    ],
    forbidden: params.get('alerting') === 'forbidden' ? ['POST /api/v1/provisioning/alert-rules'] : [],
  });
  Object.assign(window, { alertingLog: fake.log, alertingRules: fake.rules });
  return fake as unknown as BackendSrv;
}
