import { expect, test } from '@grafana/plugin-e2e';
import type { Locator, Page } from '@playwright/test';

// Runs against a real Grafana with this plugin and the demo tenant (see playwright.e2e.config.ts).

const PROVISIONED = { fileName: 'messagetrace.yaml', name: 'Exchange Message Trace (demo)' };

/** Combobox: type to narrow, then click the first option starting with the text (Enter alone does not pick). */
async function pick(page: Page, scope: Locator, label: string, text: string) {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(text);
  const option = page
    .getByRole('listbox')
    .getByRole('option')
    .filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i') })
    .first();
  await expect(option).toBeVisible();
  await option.click();
}

test('a traces query shows rows', async ({ panelEditPage, readProvisionedDataSource }) => {
  const ds = await readProvisionedDataSource(PROVISIONED);
  await panelEditPage.datasource.set(ds.name);
  const row = panelEditPage.getQueryEditorRow('A');
  await expect(row.getByLabel('Query type')).toBeVisible();
  await panelEditPage.setVisualization('Table');
  await expect(panelEditPage.refreshPanel()).toBeOK();
  await expect(panelEditPage.panel.fieldNames).toContainText(['time', 'sender', 'recipient', 'status']);
  await expect(panelEditPage.panel.data.first()).toBeVisible();
});

test('a top pivot query renders a table', async ({ panelEditPage, readProvisionedDataSource, page }) => {
  const ds = await readProvisionedDataSource(PROVISIONED);
  await panelEditPage.datasource.set(ds.name);
  const row = panelEditPage.getQueryEditorRow('A');
  await pick(page, row, 'Query type', 'Top');
  await pick(page, row, 'Then by', 'Status');
  await row.getByLabel('Pivot').click({ force: true });
  await panelEditPage.setVisualization('Table');
  await expect(panelEditPage.refreshPanel()).toBeOK();
  await expect(panelEditPage.panel.fieldNames).toContainText(['Rank', 'sender', 'Total']);
  await expect(panelEditPage.panel.data.first()).toBeVisible();
});

test('a filtered query runs with the filter applied', async ({ panelEditPage, readProvisionedDataSource, page }) => {
  const ds = await readProvisionedDataSource(PROVISIONED);
  await panelEditPage.datasource.set(ds.name);
  const row = panelEditPage.getQueryEditorRow('A');
  await row.getByRole('button', { name: 'Add filter' }).click();
  await pick(page, row, 'Filter dimension', 'Sender');
  const values = row.getByLabel('Filter values');
  await values.click();
  await values.fill('urch@elchino-millions.site');
  const queryRequest = panelEditPage.waitForQueryDataRequest((request) =>
    (request.postData() ?? '').includes('urch@elchino-millions.site')
  );
  // the typed address is offered as the last option once the suggestions have loaded
  await page
    .getByRole('option', { name: /urch@elchino-millions\.site/ })
    .first()
    .click();
  await expect(await queryRequest).toBeTruthy();
  await expect(row.getByTestId('preview-pushdown')).toContainText('senderAddress');
});
