/**
 * The demo host page as a visitor uses it: the sign-in form (second factor read from the page's
 * development outbox box), the widgets inside it, and screenshots of each journey's end.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Stack } from './stack.ts';

const ARTIFACTS = resolve(import.meta.dirname, '..', 'artifacts');

/** Empties test/artifacts/, so it holds this run's screenshots only. */
export async function clearArtifacts(): Promise<void> {
  await rm(ARTIFACTS, { recursive: true, force: true });
}

/** A fresh page on the host, signed out (the host's session cookie is dropped). */
export async function freshPage(stack: Stack): Promise<Page> {
  await stack.context.clearCookies();
  const page = await stack.context.newPage();
  await page.goto(stack.host);
  await page.waitForSelector('#sign-in-card:not([hidden])');
  return page;
}

/** Fills the sign-in form and submits it; returns what the page shows next. */
export async function submitSignIn(page: Page, partner: string, login: string, password?: string): Promise<'second-factor' | 'portal' | 'error'> {
  await page.selectOption('#partner', partner);
  await page.selectOption('#login', login);
  if (password !== undefined) await page.fill('#password', password);
  await page.click('#sign-in button[type=submit]');
  const shown = await page.waitForSelector('#second-factor:not([hidden]), #portal:not([hidden]), #sign-in-error:not([hidden])');
  const id = await shown.getAttribute('id');
  return id === 'second-factor' ? 'second-factor' : id === 'portal' ? 'portal' : 'error';
}

/** Signs in through the page, entering the second-factor code the page shows from the outbox. */
export async function signIn(page: Page, partner: string, login: string): Promise<{ secondFactor?: { prompt: string; code: string } }> {
  const step = await submitSignIn(page, partner, login);
  if (step === 'error') throw new Error(`sign-in of ${login} failed: ${await page.textContent('#sign-in-error')}`);
  let secondFactor: { prompt: string; code: string } | undefined;
  if (step === 'second-factor') {
    const code = (await page.textContent('#dev-code')) ?? '';
    secondFactor = { prompt: `${await page.textContent('#second-factor-prompt')} ${await page.textContent('#dev-outbox')}`, code };
    await page.fill('#code', code);
    await page.click('#second-factor button[type=submit]');
    await page.waitForSelector('#portal:not([hidden])');
  }
  await page.waitForFunction(() => (document.querySelector('#who-partner')?.textContent ?? '') !== '');
  // the portal has loaded once the account choice is filled, or says that none is visible
  await page.waitForFunction(() => {
    const select = document.querySelector<HTMLSelectElement>('#account');
    return (select?.options.length ?? 0) > 0 || (document.querySelector('#context')?.textContent ?? '') !== '';
  });
  return secondFactor ? { secondFactor } : {};
}

/** Picks the account the widgets and sections show. */
export async function chooseAccount(page: Page, account: string): Promise<void> {
  await page.selectOption('#account', account);
  // the panel points at the account and has finished loading it (it reloads as soon as the attribute changes)
  await page.waitForFunction((a) => {
    const panel = document.querySelector('deputy-sharing-panel');
    return panel?.getAttribute('account') === a && panel.shadowRoot?.querySelector('[part=base]')?.getAttribute('aria-busy') === 'false';
  }, account);
}

/** A user's row in the user manager, once listed. */
export function userRow(page: Page, id: string): Locator {
  return page.locator(`deputy-user-manager [data-user="${id}"]`);
}

/** The embed token the page currently hands to its widgets. */
export function pageToken(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector('deputy-impersonation-banner')?.getAttribute('token') ?? '');
}

/** The ids of the options of a select. */
export function optionValues(page: Page, select: string): Promise<string[]> {
  return page.$$eval(`${select} option`, (os) => os.map((o) => (o as HTMLOptionElement).value));
}

/** Saves the page as test/artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
