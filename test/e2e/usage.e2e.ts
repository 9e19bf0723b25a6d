/** Call efficiency in the portal (T-1.2.4), against `samsvar start --demo`: vendors see their own, operators every vendor. */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { logIn, useChromium } from './browser.ts';

const base = inject('baseUrl');
const browser = useChromium();

/** Logs in as a demo user (the journeys read the Norwegian texts where the language is pinned). */
const login = (email: string): Promise<Page> => logIn(browser(), base, email, { viaHome: true });

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
