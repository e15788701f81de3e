import { expect, Locator, Page } from '@playwright/test';

/** Chooses an option in a @grafana/ui Select found by its label: type to narrow, Enter to take. */
export async function pick(page: Page, label: string | RegExp, text: string, scope: Page | Locator = page) {
  const input = scope.getByLabel(label, { exact: typeof label === 'string' });
  await input.click();
  await input.fill(text);
  await expect(page.getByLabel('Select options menu')).toBeVisible();
  await input.press('Enter');
}

export async function emitted<T = Record<string, unknown>>(page: Page, testId: string): Promise<T> {
  return JSON.parse((await page.getByTestId(testId).textContent()) ?? '{}');
}
