import type { Locator, Page } from 'playwright-core';

/** The choice for `label` (exact) in a role picker inside `scope`. */
export function roleOption(page: Page, scope: string, label: string): Locator {
  return page
    .locator(`${scope} label.option`)
    .filter({ has: page.locator('span.label', { hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) }) })
    .locator('input');
}

/** Whether a guarded widget button is usable, and the reason shown when it is not. */
export async function guardedState(button: Locator): Promise<{ enabled: boolean; reason: string }> {
  const enabled = (await button.getAttribute('aria-disabled')) === 'false';
  const reason = enabled ? '' : ((await button.locator('xpath=following-sibling::span[@role="tooltip"]').textContent()) ?? '');
  return { enabled, reason: reason.trim() };
}

/** The texts of the reasons of a decision, as the server words them. */
export const reasonTexts = (d: { reasons: Array<{ text: string }> }) => d.reasons.map((r) => r.text).join(' ');
