/**
 * Measures in the portal (T-1.2.8, T-7.1, S-7.3.5), against `samsvar start --demo`: a vendor sees its own measures
 * with the reason, an operator applies and lifts one, another vendor does not see it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { logIn, useChromium } from './browser.ts';

const base = inject('baseUrl');
const browser = useChromium();

/** Logs in as a demo user (the journeys read the Norwegian texts where the language is pinned). */
const login = (email: string): Promise<Page> => logIn(browser(), base, email, { viaHome: true });

const REASON = 'Skjermskraping under utredning (e2e)';

describe('measures (T-1.2.8)', () => {
  it('[T-1.2.8] a vendor sees its own throttle with the reason, and the lifted one when asking for all', async () => {
    const page = await login('admin@fjordregnskap.demo');
    await page.goto(`${base}/measures`);
    await page.waitForSelector('[data-testid=measures-table]');
    expect(await page.textContent('[data-testid=page-title]')).toContain('Tiltak');
    expect(await page.locator('[data-testid^=measure-row-]').count()).toBe(1);
    const table = await page.textContent('[data-testid=measures-table]');
    expect(table).toContain('Struping');
    expect(table).toContain('120 kall per 60 s');
    expect(table).toContain('Listingen av meldinger har økt igjen');
    expect(await page.locator('[data-testid=measure-new]').count()).toBe(0);
    expect(await page.locator('[data-testid=measure-lift]').count()).toBe(0);
    await page.selectOption('[data-testid=measures-state]', 'all');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^=measure-row-]').length === 2);
    expect(await page.textContent('[data-testid=measures-table]')).toContain('Opphevet');
    await page.close();
  });

  it('[T-7.1] an operator suspends a vendor with a reason; that vendor sees it, another vendor does not; the operator lifts it', async () => {
    const op = await login('servicedesk@digdir.demo');
    await op.goto(`${base}/measures`);
    await op.waitForSelector('[data-testid=measures-table]');
    await op.click('[data-testid=measure-new]');
    await op.waitForSelector('[data-testid=apply-kind]');
    await op.selectOption('[data-testid=apply-kind]', 'suspend');
    await op.waitForFunction(() => [...document.querySelectorAll('[data-testid=apply-vendor] option')].some((o) => o.textContent?.includes('Lønnsmester')));
    const lonn = await op.$eval('[data-testid=apply-vendor]', (s) => [...(s as HTMLSelectElement).options].find((o) => o.text.includes('Lønnsmester'))!.value);
    await op.selectOption('[data-testid=apply-vendor]', lonn);
    await op.fill('[data-testid=apply-reason]', REASON);
    await op.click('[data-testid=apply-submit]');
    await op.waitForFunction((r) => document.querySelector('[data-testid=measures-table]')?.textContent?.includes(r), REASON);
    expect(await op.textContent('[data-testid=measures-table]')).toContain('Suspensjon');

    const vendor = await login('admin@lonnsmester.demo');
    await vendor.goto(`${base}/measures`);
    await vendor.waitForSelector('[data-testid=measures-table]');
    expect(await vendor.textContent('[data-testid=measures-table]')).toContain(REASON);
    await vendor.close();
    const other = await login('admin@fjordregnskap.demo');
    await other.goto(`${base}/measures`);
    await other.waitForSelector('[data-testid=measures-table]');
    expect(await other.textContent('[data-testid=measures-table]')).not.toContain(REASON);
    await other.close();

    const row = op.locator('[data-testid^=measure-row-]', { hasText: REASON });
    await row.locator('[data-testid=measure-lift]').click();
    await op.fill('[data-testid=measure-lift-reason]', 'Utredningen er ferdig');
    await op.click('[data-testid=measure-lift-ok]');
    await op.waitForFunction((r) => !document.querySelector('[data-testid=measures-table]')?.textContent?.includes(r), REASON);
    await op.close();
  });
});
