import { expect, Locator, Page } from '@playwright/test';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Chooses an option in a @grafana/ui Combobox or MultiCombobox found by its label: type to narrow,
 * then click the first option whose text starts with what was typed (Combobox highlights nothing
 * once typing has filtered the list, so Enter alone does not pick).
 */
export async function pick(page: Page, label: string | RegExp, text: string, scope: Page | Locator = page) {
  const input = scope.getByLabel(label, { exact: typeof label === 'string' });
  await input.click();
  await input.fill(text);
  const option = page
    .getByRole('listbox')
    .getByRole('option')
    .filter({ hasText: new RegExp(`^${escapeRegExp(text)}`, 'i') })
    .first();
  await expect(option).toBeVisible();
  await option.click();
  // a MultiCombobox stays open for more picks
  if ((await input.getAttribute('aria-expanded')) === 'true') {
    await input.press('Escape');
  }
}

export async function emitted<T = Record<string, unknown>>(page: Page, testId: string): Promise<T> {
  return JSON.parse((await page.getByTestId(testId).textContent()) ?? '{}');
}
