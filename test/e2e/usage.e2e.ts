/** Call efficiency in the portal (T-1.2.4), against `samsvar start --demo`: vendors see their own, operators every vendor. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const base = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => browser?.close());

async function login(email: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}/`);
  await page.waitForURL(/\/login/);
  await page.fill('[data-testid=login-email]', email);
  await page.fill('[data-testid=login-password]', 'samsvar-demo-2026');
  await page.click('[data-testid=login-submit]');
  await page.waitForSelector('[data-testid=page-title]');
  return page;
}

describe('call efficiency (T-1.2.4)', () => {
  it('[T-1.2.4] a vendor sees its own calls, unchanged share and polling finding with the event types to subscribe to', async () => {
    const page = await login('admin@fjordregnskap.demo');
    await page.goto(`${base}/usage`);
    await page.waitForSelector('[data-testid=findings-table]');
    expect(await page.textContent('[data-testid=page-title]')).toContain('Bruk og effektivitet');
    const finding = await page.textContent('[data-testid=findings-table]');
    expect(finding).toContain('GET /broker/api/v1/filetransfer/{fileTransferId}');
    expect(finding).toContain('no.altinn.broker.published');
    expect(await page.textContent("[data-testid=finding-events]")).toContain("no.altinn.broker.allconfirmeddownloaded");
    await page.waitForSelector('[data-testid=usage-table]');
    expect(await page.locator('[data-testid^=usage-row-]').count()).toBeGreaterThanOrEqual(3);
    // No vendor filter or column for a vendor, no closing of findings.
    expect(await page.locator('[data-testid=usage-vendor]').count()).toBe(0);
    expect(await page.locator('[data-testid=finding-close]').count()).toBe(0);
    await page.close();
  });

  it('[T-1.2.4] another vendor does not see it; an operator sees every vendor and may close the finding', async () => {
    const other = await login('admin@lonnsmester.demo');
    await other.goto(`${base}/usage`);
    await other.waitForSelector('[data-testid=findings-none]');
    await other.close();
    const op = await login('servicedesk@digdir.demo');
    await op.goto(`${base}/usage`);
    await op.waitForSelector('[data-testid=findings-table]');
    expect(await op.textContent('[data-testid=findings-table]')).toContain('Fjordregnskap');
    expect(await op.locator('[data-testid=usage-vendor]').count()).toBe(1);
    expect(await op.locator('[data-testid=finding-close]').count()).toBeGreaterThanOrEqual(1);
    await op.close();
  });
});
