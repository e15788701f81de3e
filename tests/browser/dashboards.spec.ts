import { expect, Page, test } from '@playwright/test';

// The shipped dashboards previewed at 1920×1080 (tests/harness/DashboardPreview.tsx: @grafana/ui
// visualisations on the plugin's frames), and the catalogue screenshots taken from the harness
// without its own controls (Save button, focus rings).

const DASHBOARDS = [
  { uid: 'exotrace-overview', file: 'dashboard-overview.png', panels: 12, fits: true },
  { uid: 'exotrace-monitoring', file: 'dashboard-message-monitoring.png', panels: 11, fits: false },
  { uid: 'exotrace-soc', file: 'dashboard-soc-wall.png', panels: 10, fits: true },
];

async function openPreview(page: Page, uid: string) {
  await page.goto(`/?page=dashboard&uid=${uid}`);
  await expect(page.getByTestId('dashboard-preview')).toBeVisible();
  await expect(page.locator('[data-ready="false"]')).toHaveCount(0);
}

test.describe('dashboard previews at 1920×1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  for (const d of DASHBOARDS) {
    test(`${d.uid}: every panel drawn from the plugin's frames`, async ({ page }) => {
      await openPreview(page, d.uid);
      const panels = page.locator('[data-testid^="panel-"]');
      await expect(panels).toHaveCount(d.panels);
      // Every visualisation drew something: a canvas, table rows, values or countries.
      for (const panel of await panels.all()) {
        const type = await panel.getAttribute('data-type');
        if (type === 'timeseries') {
          await expect(panel.locator('canvas').first()).toBeVisible();
        } else if (type === 'table') {
          expect(await panel.getByRole('row').count(), await panel.innerText()).toBeGreaterThan(1);
        } else if (type === 'geomap') {
          await expect(panel.getByTestId('geomap-placeholder')).toContainText(/[A-Z]{2}\s*\d/);
        } else {
          expect(['stat', 'bargauge']).toContain(type);
          await expect(panel).toContainText(/\d/);
        }
      }
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      if (d.fits) {
        expect(height).toBeLessThanOrEqual(1080); // a wall screen in kiosk mode: no scrolling
      }
      await page.screenshot({ path: `src/img/screenshots/${d.file}`, fullPage: !d.fits });
    });
  }

  test('the Overview names its stats in words and orders sizes by size', async ({ page }) => {
    await openPreview(page, 'exotrace-overview');
    await expect(page.getByTestId('panel-6')).not.toContainText('distinctSenders');
    const sizes = page.getByTestId('panel-12');
    const text = (await sizes.innerText()).replace(/\s+/g, ' ');
    const order = ['< 10 KiB', '10–100 KiB', '100 KiB–1 MiB', '1–10 MiB', '≥ 10 MiB'].map((l) => text.indexOf(l));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const mon = page;
    await openPreview(mon, 'exotrace-monitoring');
    await expect(mon.getByTestId('panel-1')).toContainText('Unique senders');
    await expect(mon.getByTestId('panel-7')).toContainText('malicious_confidence');
  });
});

test.describe('catalogue screenshots', () => {
  test('config editor, tenant mode filled in', async ({ page }) => {
    await page.goto('/?page=config');
    await page.getByRole('radio', { name: 'Microsoft 365 tenant' }).check({ force: true });
    await page.getByLabel(/Directory \(tenant\) ID/).fill('72f988bf-86f1-41af-91ab-2d7cd011db47');
    await page.getByLabel(/Application \(client\) ID/).fill('0b3b4e8e-3c2f-4c1e-9f0a-6d2b1a7c5e11');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.getByTestId('config-form').screenshot({ path: 'src/img/screenshots/config-editor.png' });
  });

  const queries = [
    [
      'query-editor.png',
      {
        refId: 'A',
        queryType: 'top',
        groupBy: ['sender', 'status'],
        metric: 'count',
        limit: 10,
        pivot: true,
        filters: [{ dimension: 'direction', op: 'eq', values: ['inbound'] }],
      },
    ],
    [
      'query-editor-timeseries.png',
      { refId: 'A', queryType: 'timeseries', metric: 'count', splitBy: 'status', filters: [] },
    ],
    ['query-editor-threats.png', { refId: 'A', queryType: 'threats', minConfidence: 50, limit: 100, filters: [] }],
  ] as const;
  for (const [file, query] of queries) {
    test(`query editor: ${query.queryType}`, async ({ page }) => {
      await page.goto(`/?page=query&query=${encodeURIComponent(JSON.stringify(query))}`);
      await expect(page.getByTestId('query-editor')).toBeVisible();
      await expect(page.getByText(/Working out the filter preview/)).toHaveCount(0);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.getByTestId('query-editor').screenshot({ path: `src/img/screenshots/${file}` });
    });
  }

  test('variable editor', async ({ page }) => {
    await page.goto('/?page=variable');
    await expect(page.getByTestId('query-editor')).toBeVisible();
    await page.getByTestId('query-editor').screenshot({ path: 'src/img/screenshots/variable-editor.png' });
  });
});
