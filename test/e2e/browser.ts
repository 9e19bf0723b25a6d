/**
 * What every browser journey shares: Debian's Chromium launched once per file, and logging in as a demo user.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const DEMO_PASSWORD = 'samsvar-demo-2026';

/** Launches Chromium before the file's tests and closes it after; call at the top of a journey file. */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => browser?.close());
  return () => {
    if (!browser) throw new Error('Chromium is not running (useChromium() must be called at the top of the file)');
    return browser;
  };
}

export interface LoginOptions {
  viewport?: { width: number; height: number };
  /** Pin the portal's language (the journeys read the texts; otherwise the browser's language decides). */
  lang?: 'nb' | 'en';
  /** Open the front page and follow the redirect to /login (default: open /login). */
  viaHome?: boolean;
}

/** A fresh browser context logged in as `email` (a demo user), on the page the log-in leads to. */
export async function logIn(browser: Browser, base: string, email: string, opts: LoginOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 900 } });
  if (opts.lang) await context.addInitScript((lang) => localStorage.setItem('samsvar.lang', lang), opts.lang);
  const page = await context.newPage();
  if (opts.viaHome) {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login/);
  } else {
    await page.goto(`${base}/login`);
  }
  await page.fill('[data-testid=login-email]', email);
  await page.fill('[data-testid=login-password]', DEMO_PASSWORD);
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=page-title]');
  return page;
}
