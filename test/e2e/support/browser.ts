import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const repo = join(__dirname, '../../..');
/** Screenshots of the main pages, kept after the run (git-ignored) for people to look at. */
export const ARTIFACTS = join(repo, 'test-artifacts/e2e');

/**
 * Builds the web app the way `npm run setup` does, unless dist/web is already built from the same
 * sources, so the browser tests exercise the bundle that production serves. A child process keeps
 * the test runner's own Vite and NODE_ENV out of the build.
 */
export function ensureWebBuilt(): void {
  const env = { ...process.env, NODE_ENV: 'production' };
  execFileSync(process.execPath, ['--import', 'tsx', join(repo, 'src/web/build.ts')], { cwd: repo, env, stdio: 'pipe' });
}

/** Debian's chromium, headless, as CI has it (scripts/setup.sh installs it). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=ru-RU'],
  });
}

/** A fresh browser profile on a laptop-sized screen, in Russian and Moscow time. */
export function laptopContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width: 1366, height: 800 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow', acceptDownloads: true });
}

/** A phone-sized screen (390x844, as the tester's), otherwise like laptopContext. */
export function phoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow', acceptDownloads: true });
}

/**
 * Follows a link of the top bar as a person would: opens the phone's «Меню» and the staff menu
 * that holds the link first, where they are closed.
 */
export async function navTo(page: Page, name: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Разделы' });
  const toggle = nav.locator('.topnav__toggle');
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const link = nav.getByRole('link', { name, exact: true, includeHidden: true });
  const group = nav.locator('.topnav__group', { has: page.getByRole('link', { name, exact: true, includeHidden: true }) });
  if (!(await link.isVisible())) await group.locator('.topnav__group-button').click();
  await link.click();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Every uncaught error and failed console message of a page, to assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // A 4xx the app handles (a refused match, a policy finding) also logs a console error: keep only script errors.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

/**
 * Opens a page of the app signed out and logs in from the form it shows; the app returns to that
 * page after the login. Going to a page right after `logIn` instead races the app's own move to
 * the user's home page, which a busy machine can finish after the test's `goto`.
 */
export async function logInAt(page: Page, path: string, login: string, password = 'demo-password'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Логин (e-mail)').fill(login);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

export async function logIn(page: Page, login: string, password = 'demo-password'): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Логин (e-mail)').fill(login);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
}
