import { readFileSync } from 'fs';
import { join } from 'path';

import type { MessageTraceOptions, MessageTraceSecureJsonData } from '../types';
import { validateSettings } from './settings';

// The same table runs against the backend's Settings.Validate (pkg/plugin/settings_cases_test.go),
// whose rules are authoritative: the editor must refuse exactly what the backend refuses.

type SecretKey = keyof MessageTraceSecureJsonData;

interface SettingsCase {
  name: string;
  now?: string;
  jsonData: Record<string, unknown>;
  secureJsonData?: MessageTraceSecureJsonData;
  configured?: Partial<Record<SecretKey, boolean>>;
  errors: Record<string, string[]>;
}

const root = join(__dirname, '..', '..');
const doc: { now: string; cases: SettingsCase[] } = JSON.parse(
  readFileSync(join(root, 'tests/shared/settings-cases.json'), 'utf8')
);

function resolveFiles(jsonData: Record<string, unknown>): MessageTraceOptions {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(jsonData)) {
    out[key] =
      typeof value === 'string' && value.startsWith('@file:')
        ? readFileSync(join(root, value.slice('@file:'.length)), 'utf8')
        : value;
  }
  return out as MessageTraceOptions;
}

describe('shared settings cases (tests/shared/settings-cases.json)', () => {
  it('has the table', () => expect(doc.cases.length).toBeGreaterThanOrEqual(20));

  it.each(doc.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const errors = validateSettings(
      { jsonData: resolveFiles(c.jsonData), secureJsonData: c.secureJsonData, configured: c.configured },
      new Date(c.now ?? doc.now)
    );
    expect(Object.keys(errors).sort()).toEqual(Object.keys(c.errors).sort());
    for (const [field, fragments] of Object.entries(c.errors)) {
      const message = (errors[field as keyof typeof errors] ?? '').toLowerCase();
      for (const fragment of fragments) {
        expect(message).toContain(fragment.toLowerCase());
      }
    }
  });
});
