import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, Page, test } from '@playwright/test';

// The config page's "Create alert rules" against the harness's in-memory Grafana alerting API
// (tests/harness/alertingApi.ts): the preview, what is sent, re-running, and a refusal.

interface Template {
  uid: string;
  title: string;
}
const generated = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'src', 'alerting', 'rules.gen.json'), 'utf8')
) as { groups: Array<{ rules: Template[] }> };
const TEMPLATES = generated.groups.flatMap((g) => g.rules);
const N = TEMPLATES.length;
const DS_UID = 'harness'; // the harness's saved data source
const DS_NAME = 'Exchange Message Trace';

interface Logged {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: {
    uid: string;
    datasourceUid?: string;
    folderUID?: string;
    ruleGroup?: string;
    data?: Array<{ datasourceUid: string }>;
    notification_settings?: { receiver: string };
  };
}
const log = (page: Page) => page.evaluate(() => (window as unknown as { alertingLog: Logged[] }).alertingLog);

async function choose(page: Page, id: string, option: string) {
  await page.locator(`#${id}`).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function openAndFill(page: Page) {
  await page.getByText('Alert rules for this data source').click();
  await expect(page.getByText(`Creates the ${N} shipped detection rules`)).toBeVisible();
  await choose(page, 'mt-rules-folder', 'SOC');
  await choose(page, 'mt-rules-contact-point', 'SOC mailbox');
}

test.describe('create alert rules in a real browser', () => {
  test('collapsed by default; preview lists every rule for this data source; create, then re-run skips', async ({
    page,
  }) => {
    await page.goto('/?page=config');
    await expect(page.getByText('Alert rules for this data source')).toBeVisible();
    await expect(page.locator('#mt-rules-folder')).toHaveCount(0);
    expect(await log(page)).toEqual([]);

    await openAndFill(page);
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByTestId('rules-preview');
    await expect(preview).toContainText(
      `${N} rules in folder SOC, group Exchange Message Trace, evaluated every 1m; queries on data source ${DS_UID}; notifications to SOC mailbox.`
    );
    const rows = preview.locator('tbody tr');
    await expect(rows).toHaveCount(N);
    for (const [i, t] of TEMPLATES.entries()) {
      await expect(rows.nth(i).locator('td').first()).toHaveText(`${t.title} (${DS_NAME})`);
      await expect(rows.nth(i).locator('td').nth(1)).toHaveText(new RegExp(`^${t.uid}-[0-9a-f]{8}$`));
      await expect(rows.nth(i).locator('td').last()).toHaveText('new');
    }
    // The preview only reads: one GET per rule uid, nothing written.
    const beforeCreate = await log(page);
    expect(beforeCreate.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(beforeCreate.filter((r) => r.url.startsWith('/api/v1/provisioning/alert-rules/'))).toHaveLength(N);

    await page.getByRole('button', { name: `Create ${N} alert rules` }).click();
    await expect(page.getByTestId('rules-result')).toContainText(`${N} alert rules created`);
    const posts = (await log(page)).filter((r) => r.method === 'POST' && r.url === '/api/v1/provisioning/alert-rules');
    expect(posts).toHaveLength(N);
    for (const p of posts) {
      expect(p.headers).toEqual({ 'X-Disable-Provenance': 'true' });
      expect(p.body?.folderUID).toBe('soc-folder');
      expect(p.body?.ruleGroup).toBe('Exchange Message Trace');
      expect(p.body?.notification_settings).toEqual({ receiver: 'SOC mailbox' });
      expect(new Set(p.body?.data?.map((q) => q.datasourceUid))).toEqual(new Set([DS_UID, '__expr__']));
    }

    // Again: every rule is found, nothing is created twice.
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(rows.locator('td:last-child', { hasText: 'exists: left unchanged' })).toHaveCount(N);
    await expect(page.getByRole('button', { name: 'All rules exist' })).toBeDisabled();
  });

  test('a user without alert-rule write rights is told so', async ({ page }) => {
    await page.goto('/?page=config&alerting=forbidden');
    await openAndFill(page);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('button', { name: `Create ${N} alert rules` }).click();
    await expect(page.getByText('Alert rules not created')).toBeVisible();
    await expect(page.getByText(/your user needs alert-rule write rights in this folder/)).toBeVisible();
    expect(
      await page.evaluate(() => (window as unknown as { alertingRules: Map<string, unknown> }).alertingRules.size)
    ).toBe(0);
  });

  test('a typed folder name creates that folder, then the rules in it', async ({ page }) => {
    await page.goto('/?page=config');
    await page.getByText('Alert rules for this data source').click();
    const folder = page.locator('#mt-rules-folder');
    await folder.click();
    await folder.fill('Mail alerts');
    await page.getByRole('option', { name: /Mail alerts/ }).click();
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect(page.getByTestId('rules-preview')).toContainText(
      `${N} rules in folder Mail alerts, group Exchange Message Trace, evaluated every 1m; queries on data source ${DS_UID}; notifications to the notification policies.`
    );
    expect((await log(page)).filter((r) => r.method !== 'GET')).toEqual([]);
    await page.getByRole('button', { name: `Create ${N} alert rules` }).click();
    await expect(page.getByTestId('rules-result')).toContainText(`${N} alert rules created`);
    const writes = (await log(page)).filter((r) => r.method !== 'GET');
    expect(writes[0]).toMatchObject({ method: 'POST', url: '/api/folders', body: { title: 'Mail alerts' } });
    expect(writes.slice(1).map((r) => r.body?.folderUID)).toEqual(Array(N).fill('new-folder-1'));
    expect(writes.slice(1).every((r) => r.body?.notification_settings === undefined)).toBe(true);
  });
});
