import { expect, test } from '@playwright/test';

import { emitted, pick } from './helpers';

test.describe('query editor in a real browser', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/?page=query');
    await expect(page.getByLabel('Query type')).toBeVisible();
  });

  test('builds a top pivot query: top 10 message status count by sender', async ({ page }) => {
    await pick(page, 'Query type', 'Top');
    await pick(page, 'Then by', 'Status');
    await page.getByLabel('Pivot').click({ force: true });
    const top = page.getByLabel('Top', { exact: true });
    await top.fill('10');
    await top.press('Enter');

    await expect
      .poll(() => emitted(page, 'emitted-query'))
      .toEqual({
        refId: 'A',
        queryType: 'top',
        filters: [],
        groupBy: ['sender', 'status'],
        metric: 'count',
        limit: 10,
        pivot: true,
      });
    // type switch, second dimension, pivot; limit 10 was already the value, so no extra run
    await expect(page.getByTestId('run-count')).toHaveText('3');
  });

  test('builds a filtered timeseries query with autocomplete and a $filter preview', async ({ page }) => {
    await pick(page, 'Query type', 'Time series');
    await pick(page, 'Split by', 'Status');
    const interval = page.getByLabel('Interval');
    await interval.fill('1h');
    // typing alone runs nothing
    await expect(page.getByTestId('run-count')).toHaveText('2');
    await interval.blur();
    await expect(page.getByTestId('run-count')).toHaveText('3');

    await page.getByRole('button', { name: 'Add filter' }).click();
    const values = page.getByLabel('Filter values');
    await values.click();
    await values.fill('urch');
    // suggestions come from the values resource for the current time range
    await expect(page.getByRole('listbox').getByText('urch@elchino-millions.site')).toBeVisible();
    // Enter alone takes nothing half-typed; arrow down chooses the first suggestion
    await values.press('ArrowDown');
    await values.press('Enter');
    await values.press('Escape');

    await page.getByRole('button', { name: 'Add filter' }).click();
    const second = page.getByTestId('filter-row').nth(1);
    await pick(page, 'Filter dimension', 'Status', second);
    await pick(page, 'Filter operator', 'in', second);
    for (const status of ['quarantined', 'filteredAsSpam']) {
      await pick(page, 'Filter values', status, second);
    }

    await expect
      .poll(() => emitted(page, 'emitted-query'))
      .toEqual({
        refId: 'A',
        queryType: 'timeseries',
        filters: [
          { dimension: 'sender', op: 'eq', values: ['urch@elchino-millions.site'] },
          { dimension: 'status', op: 'in', values: ['quarantined', 'filteredAsSpam'] },
        ],
        metric: 'count',
        splitBy: 'status',
        interval: '1h',
      });
    await expect(page.getByTestId('preview-pushdown')).toHaveText("senderAddress eq 'urch@elchino-millions.site'");
    await expect(page.getByTestId('preview-local').nth(1)).toHaveText('status in (quarantined, filteredAsSpam)');

    const log = await page.evaluate(
      () => (window as unknown as { resourceLog: Array<{ path: string; body: Record<string, unknown> }> }).resourceLog
    );
    const valuesCall = log.find((c) => c.path === 'values' && c.body.prefix === 'urch');
    expect(valuesCall?.body).toMatchObject({
      dimension: 'sender',
      from: Date.parse('2026-11-22T00:00:00Z'),
      to: Date.parse('2026-11-23T00:00:00Z'),
    });

    await page.keyboard.press('Escape');
  });

  test('builds an unusual-geography query: senders outside JP and US', async ({ page }) => {
    await pick(page, 'Query type', 'Geo');
    await expect(page.getByLabel('Side')).toBeVisible();
    // only geo's options
    await expect(page.getByLabel('Group by')).toHaveCount(0);
    await expect(page.getByLabel('Output')).toHaveCount(0);

    const exclude = page.getByLabel('Exclude');
    for (const code of ['jp', 'US']) {
      await exclude.click();
      await exclude.fill(code);
      await exclude.press('Enter');
    }
    await exclude.fill('Japan');
    await exclude.press('Enter');
    await expect(page.getByText('"Japan" is not a country code', { exact: false })).toBeVisible();
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Add filter' }).click();
    await pick(page, 'Filter dimension', 'Direction');
    await pick(page, 'Filter values', 'inbound');

    const expected = {
      refId: 'A',
      queryType: 'geo',
      filters: [{ dimension: 'direction', op: 'eq', values: ['inbound'] }],
      side: 'from',
      metric: 'count',
      excludeCountries: ['JP', 'US'],
    };
    await expect.poll(() => emitted(page, 'emitted-query')).toEqual(expected);
    await expect.poll(() => emitted(page, 'interpolated-query')).toEqual(expected);
    // type switch, JP, US, the filter value; the refused code and the empty row ran nothing
    await expect(page.getByTestId('run-count')).toHaveText('4');
  });

  test('builds a novelty query with a tenant-profile filter that takes no values', async ({ page }) => {
    await pick(page, 'Query type', 'Novelty');
    await pick(page, 'New values of', 'From country');
    const lookback = page.getByLabel('Lookback days');
    await lookback.fill('14');
    await lookback.press('Enter');
    await pick(page, 'Output', 'Messages');

    await page.getByRole('button', { name: 'Add filter' }).click();
    await pick(page, 'Filter dimension', 'From country');
    await pick(page, 'Filter operator', 'not home');
    await expect(page.getByLabel('Filter values')).toHaveCount(0);
    await expect(page.getByText('countries of the tenant profile')).toBeVisible();

    const expected = {
      refId: 'A',
      queryType: 'novelty',
      filters: [{ dimension: 'fromCountry', op: 'notHome', values: [] }],
      dimension: 'fromCountry',
      lookbackDays: 14,
      output: 'messages',
    };
    await expect.poll(() => emitted(page, 'emitted-query')).toEqual(expected);
    // the value-less row survives interpolation: it is a condition without values
    await expect.poll(() => emitted(page, 'interpolated-query')).toEqual(expected);
    // type switch, dimension, lookback, output, the operator; the empty row and its dimension ran nothing
    await expect(page.getByTestId('run-count')).toHaveText('5');
  });

  test('expands a multi-value variable and drops a condition at All', async ({ page }) => {
    await page.getByRole('button', { name: 'Add filter' }).click();
    await pick(page, 'Filter values', '$sender');
    await page.getByRole('button', { name: 'Add filter' }).click();
    const second = page.getByTestId('filter-row').nth(1);
    await pick(page, 'Filter dimension', 'Status', second);
    await pick(page, 'Filter values', '$status', second);
    await expect
      .poll(() => emitted(page, 'interpolated-query'))
      .toMatchObject({
        filters: [
          {
            dimension: 'sender',
            op: 'eq',
            values: ['urch@elchino-millions.site', 'billing@invoice-notice.example.net'],
          },
        ],
      });
  });

  test('keeps working when the preview endpoint fails', async ({ page }) => {
    await page.goto('/?page=query&previewFails=1');
    await expect(page.getByText(/Filter preview unavailable/)).toBeVisible();
    await pick(page, 'Query type', 'Keywords');
    await expect(page.getByTestId('run-count')).toHaveText('1');
  });

  test('variable editor emits a values query', async ({ page }) => {
    await page.goto('/?page=variable');
    await pick(page, 'Dimension', 'Recipient domain');
    const prefix = page.getByLabel('Prefix');
    await prefix.fill('ex');
    await prefix.press('Enter');
    await expect
      .poll(() => emitted(page, 'emitted-query'))
      .toEqual({ refId: 'variable', queryType: 'values', dimension: 'recipientDomain', prefix: 'ex' });
  });
});
