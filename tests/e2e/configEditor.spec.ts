import { expect, test } from '@grafana/plugin-e2e';

// Runs against a real Grafana with this plugin (see playwright.e2e.config.ts).

const PROVISIONED = { fileName: 'messagetrace.yaml', name: 'Exchange Message Trace (demo)' };

test('Save & test succeeds in demo mode', async ({ createDataSourceConfigPage, readProvisionedDataSource, page }) => {
  const ds = await readProvisionedDataSource(PROVISIONED);
  const configPage = await createDataSourceConfigPage({ type: ds.type });
  await expect(page.getByRole('radio', { name: 'Demo tenant' })).toBeChecked();
  await expect(configPage.saveAndTest()).toBeOK();
  await expect(configPage).toHaveAlert('success');
});

test('Save & test explains missing tenant credentials', async ({
  createDataSourceConfigPage,
  readProvisionedDataSource,
  page,
}) => {
  const ds = await readProvisionedDataSource(PROVISIONED);
  const configPage = await createDataSourceConfigPage({ type: ds.type });
  await page.getByRole('radio', { name: 'Microsoft 365 tenant' }).check({ force: true });
  await page.getByLabel(/Directory \(tenant\) ID/).fill('72f988bf-86f1-41af-91ab-2d7cd011db47');
  await page.getByLabel(/Application \(client\) ID/).fill('0b3b4e8e-3c2f-4c1e-9f0a-6d2b1a7c5e11');
  await configPage.saveAndTest();
  await expect(configPage).toHaveAlert('error');
});

test('the provisioned demo data source is healthy', async ({ gotoDataSourceConfigPage, readProvisionedDataSource }) => {
  const ds = await readProvisionedDataSource(PROVISIONED);
  const configPage = await gotoDataSourceConfigPage(ds.uid);
  await expect(configPage.saveAndTest()).toBeOK();
});
