import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Screenshots of the real app (LANEWISE_SHOTS=<dir> keeps them, e.g. for the README). */
export const shot = (name: string) => join(process.env.LANEWISE_SHOTS ?? tmpdir(), name);

/** A private card written through the retro strip (Reflect phase). */
export async function writePrivateCard(page: Page, column: string, text: string, perspective: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Write a private card' });
  await form.getByLabel('Column').selectOption({ label: column });
  await form.getByLabel(/Your card/).fill(text);
  await form.getByLabel('Perspective').selectOption({ label: perspective });
  await form.getByRole('button', { name: 'Add private card' }).click();
  await page.getByTestId('my-drafts').getByText(text).waitFor();
}
