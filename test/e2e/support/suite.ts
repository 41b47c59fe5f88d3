import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startSystem, type RunningSystem } from '../../support/system';
import { collectPageErrors, ensureWebBuilt, laptopContext, launchChromium, logIn, logInAt, phoneContext } from './browser';

/** The screen a page opens on: a laptop's, a phone's, or a browser context the test makes itself. */
export type Screen = 'laptop' | 'phone' | ((browser: Browser, baseUrl: string) => Promise<BrowserContext>);

/** What a browser test file shares: the running system, Debian's chromium, and the pages of the test. */
export interface BrowserSuite {
  /** The whole system, started before the file's own `beforeAll` hooks run. */
  readonly system: RunningSystem;
  readonly browser: Browser;
  /** A page in a fresh browser profile; its uncaught errors and console errors are collected. */
  newPage(screen?: Screen): Promise<Page>;
  /** A fresh page logged in as `login` from the form (at `at`, when given, to return to that page). */
  pageAs(login: string, options?: { password?: string; screen?: Screen; at?: string }): Promise<Page>;
  /** The errors collected so far from a page this suite opened. */
  errorsOf(page: Page): string[];
}

/**
 * Sets up a browser test file: builds the web app, starts the system and chromium before its tests
 * and stops them after. Every page a test opens through the suite is checked to have had no errors
 * after the test (unless `checkPageErrors` is false, for a file that checks them itself), and its
 * browser context is closed.
 */
export function browserSuite(options: { system?: Parameters<typeof startSystem>[0]; checkPageErrors?: boolean } = {}): BrowserSuite {
  let system: RunningSystem | undefined;
  let browser: Browser | undefined;
  /** The pages the current test opened, with their errors. */
  let pages = new Map<Page, string[]>();

  beforeAll(async () => {
    ensureWebBuilt();
    system = await startSystem(options.system);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });
  afterEach(async () => {
    const opened = pages;
    pages = new Map();
    try {
      if (options.checkPageErrors !== false) expect([...opened.values()].flat(), 'errors in the page').toEqual([]);
    } finally {
      for (const page of opened.keys()) await page.context().close();
    }
  });

  const suite: BrowserSuite = {
    get system() {
      if (!system) throw new Error('the system is not started yet: use it inside a hook or a test');
      return system;
    },
    get browser() {
      if (!browser) throw new Error('chromium is not launched yet: use it inside a hook or a test');
      return browser;
    },
    async newPage(screen = 'laptop') {
      const { browser: b, system: s } = suite;
      const context = screen === 'laptop' ? await laptopContext(b, s.baseUrl) : screen === 'phone' ? await phoneContext(b, s.baseUrl) : await screen(b, s.baseUrl);
      const page = await context.newPage();
      pages.set(page, collectPageErrors(page));
      return page;
    },
    async pageAs(login, { password, screen, at } = {}) {
      const page = await suite.newPage(screen);
      if (at === undefined) await logIn(page, login, password);
      else await logInAt(page, at, login, password);
      return page;
    },
    errorsOf(page) {
      const errors = pages.get(page);
      if (!errors) throw new Error('not a page of this test');
      return errors;
    },
  };
  return suite;
}
