import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

import { emitted, pick } from './helpers';

const fixtures = join(__dirname, '..', '..', 'src', '__fixtures__');
const EXPIRED_CERT = readFileSync(join(fixtures, 'expired-cert.pem'), 'utf8');
const VALID_CERT = readFileSync(join(fixtures, 'valid-cert.pem'), 'utf8');
// Made at run time so no private key is committed.
const PRIVATE_KEY = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
}).privateKey;
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0b3b4e8e-3c2f-4c1e-9f0a-6d2b1a7c5e11';

interface Emitted {
  jsonData: Record<string, unknown>;
  secureJsonFields: Record<string, boolean>;
  secureJsonData: Record<string, string>;
}

test.describe('config editor in a real browser', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/?page=config');
    await expect(page.getByText('Demo tenant', { exact: true }).first()).toBeVisible();
  });

  test('validates on blur and masks secrets after save', async ({ page }) => {
    await page.getByRole('radio', { name: 'Microsoft 365 tenant' }).check({ force: true });
    await expect(page.getByRole('link', { name: 'Microsoft app registration' })).toBeVisible();

    const tenant = page.getByLabel(/Directory \(tenant\) ID/);
    await tenant.fill('contoso');
    await expect(page.getByText(/neither a GUID/)).toHaveCount(0);
    await tenant.blur();
    await expect(page.getByText(/"contoso" is neither a GUID/)).toBeVisible();
    await tenant.fill(TENANT);
    await expect(page.getByText(/neither a GUID/)).toHaveCount(0);

    const client = page.getByLabel(/Application \(client\) ID/);
    await client.fill('not-a-guid');
    await client.blur();
    await expect(page.getByText(/Client ID must be a GUID/)).toBeVisible();
    await client.fill(CLIENT);

    await pick(page, /Authentication/, 'Client certificate');
    const cert = page.getByLabel(/Client certificate/);
    await cert.fill(EXPIRED_CERT);
    await cert.blur();
    await expect(
      page.getByText('CN=exotrace-test-expired expired on 2024-01-31 23:59:59 UTC', { exact: false })
    ).toBeVisible();
    await cert.fill(VALID_CERT);
    await expect(page.getByText(/CN=exotrace-test-valid, valid until 2055-06-30 12:00:00 UTC/)).toBeVisible();
    const key = page.getByLabel(/Private key/);
    await key.fill('-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----');
    await key.blur();
    await expect(page.getByText(/not valid base64/)).toBeVisible();
    await key.fill(PRIVATE_KEY);
    await expect(page.getByText(/not valid base64/)).toHaveCount(0);

    const domains = page.getByPlaceholder('example.com');
    await domains.fill('example.co.jp');
    await domains.press('Enter');
    await domains.fill('example.com');
    await domains.press('Enter');
    const budget = page.getByLabel(/Request budget/);
    await budget.fill('150');
    await budget.blur();
    await expect(page.getByText(/whole number from 1 to 100/)).toBeVisible();
    await budget.fill('80');
    await expect(page.getByText(/whole number from 1 to 100/)).toHaveCount(0);

    // the secret text areas are masked while typing
    await expect(cert).toHaveCSS('-webkit-text-security', 'disc');

    await page.getByText('Advanced: endpoints and TLS').click();
    const graph = page.getByLabel(/Graph base URL/);
    await graph.fill('http://127.0.0.1:8080');
    await graph.blur();
    await expect(page.getByText(/Use https:\/\//)).toBeVisible();
    await page.getByLabel(/Allow insecure endpoints/).click({ force: true });
    await expect(page.getByText(/Use https:\/\//)).toHaveCount(0);

    let out = await emitted<Emitted>(page, 'emitted-options');
    expect(out.jsonData).toEqual({
      mode: 'tenant',
      tenantId: TENANT,
      clientId: CLIENT,
      authType: 'clientCertificate',
      acceptedDomains: ['example.co.jp', 'example.com'],
      requestBudget: 80,
      graphBaseUrl: 'http://127.0.0.1:8080',
      allowInsecureEndpoints: true,
    });

    await page.getByTestId('save').click();
    out = await emitted<Emitted>(page, 'emitted-options');
    expect(out.secureJsonFields).toEqual({ clientCertificate: true, privateKey: true });
    expect(out.secureJsonData).toEqual({});
    // after save the secrets show only as "configured", with Reset
    await expect(page.getByLabel(/Client certificate/)).toHaveValue('configured');
    await expect(page.getByLabel(/Private key/)).toHaveValue('configured');
    await expect(page.getByRole('button', { name: 'Reset' })).toHaveCount(2);
    const html = await page.content();
    expect(html).not.toContain(PRIVATE_KEY.split('\n')[1]);
    expect(html).not.toContain(VALID_CERT.split('\n')[1]);
  });

  test('enrichment files: paths checked on blur, saved in jsonData', async ({ page }) => {
    await expect(page.getByText(/demo tenant ships its own IP-to-country table/)).toBeVisible();
    await page.getByRole('radio', { name: 'Microsoft 365 tenant' }).check({ force: true });
    const geo = page.getByLabel(/IP-to-country database/);
    await geo.fill('geo/ip-country.csv');
    await geo.blur();
    await expect(page.getByText(/"geo\/ip-country.csv" is not an absolute path/)).toBeVisible();
    await geo.fill('/var/lib/grafana/geo/ip-country.csv.gz');
    await expect(page.getByText(/not an absolute path/)).toHaveCount(0);
    const intel = page.getByLabel(/Threat-intel feed/);
    await intel.fill('/var/lib/grafana/intel/feed.xml');
    await intel.blur();
    await expect(page.getByText('The file must end in .csv or .json.')).toBeVisible();
    await intel.fill('/var/lib/grafana/intel/feed.json');
    await expect(page.getByText(/must end in/)).toHaveCount(0);
    expect((await emitted<Emitted>(page, 'emitted-options')).jsonData).toEqual({
      mode: 'tenant',
      geoDatabasePath: '/var/lib/grafana/geo/ip-country.csv.gz',
      threatIntelPath: '/var/lib/grafana/intel/feed.json',
    });
  });

  test('client secret is a password field and never shown after save', async ({ page }) => {
    await page.getByRole('radio', { name: 'Microsoft 365 tenant' }).check({ force: true });
    const secret = page.getByLabel(/Client secret/);
    await expect(secret).toHaveAttribute('type', 'password');
    await secret.fill('s3cr3t-value~abc');
    await page.getByTestId('save').click();
    await expect(page.getByLabel(/Client secret/)).toHaveValue('configured');
    await expect(page.getByLabel(/Client secret/)).toBeDisabled();
    expect(await page.content()).not.toContain('s3cr3t-value~abc');
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(page.getByLabel(/Client secret/)).toHaveValue('');
    expect((await emitted<Emitted>(page, 'emitted-options')).secureJsonFields).toEqual({ clientSecret: false });
  });
});
