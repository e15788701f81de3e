import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

/**
 * Opens a Combobox or MultiCombobox by its label, types to narrow the options and clicks the first
 * one whose text starts with what was typed. (Combobox highlights nothing once the typed text has
 * filtered the list, so Enter alone would not pick: the editors rely on that for autocomplete.)
 */
export async function pick(user: ReturnType<typeof userEvent.setup>, label: string | RegExp, text: string) {
  const input = screen.getByLabelText(label);
  await user.click(input);
  if ((input as HTMLInputElement).value !== '') {
    await user.clear(input); // a MultiCombobox keeps the text of the last pick
  }
  await user.type(input, text, { skipClick: true });
  const option = await waitFor(
    () => {
      const found = screen
        .getAllByRole('option')
        .find((o) => (o.textContent ?? '').toLowerCase().startsWith(text.toLowerCase()));
      if (!found) {
        throw new Error(`no option "${text}"`);
      }
      return found;
    },
    { timeout: 10000 }
  ); // options of a values look-up arrive asynchronously; slower on a loaded machine
  await user.click(option);
  // A MultiCombobox stays open for more picks; close it so the next pick starts clean.
  if (input.getAttribute('aria-expanded') === 'true') {
    await user.keyboard('{escape}');
  }
}
