/**
 * Deprecated APIs and the audit export in the portal (T-1.2.6, T-3.1.2, T-6), against `samsvar start --demo`:
 * operators see every vendor still calling the API the demo breaking change retires, a vendor its own calls; the
 * audit page offers the export of a vendor's gateway calls with the chain proof.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { logIn, useChromium } from './browser.ts';

const base = inject('baseUrl');
const browser = useChromium();

/** Logs in as a demo user (the journeys read the Norwegian texts where the language is pinned). */
const login = (email: string): Promise<Page> => logIn(browser(), base, email, { viaHome: true });

describe('deprecated APIs (T-1.2.6)', () => {
  it('[T-1.2.6] [T-3.1.2] an operator sees the vendors still calling a deprecated API; a vendor sees only its own calls', async () => {
    const op = await login('servicedesk@digdir.demo');
    await op.goto(`${base}/deprecations`);
    await op.waitForSelector('[data-testid=deprecation-usage]');
    expect(await op.textContent('[data-testid=page-title]')).toContain('Utfasede API-er');
    const table = await op.textContent('[data-testid=deprecation-usage]');
    expect(table).toContain('Fjordregnskap');
    expect(table).toContain('POST /correspondence/api/v1/correspondence/upload');
    expect(table).toContain('Kaller fortsatt');
    if (process.env.E2E_SHOTS) await op.screenshot({ path: `${process.env.E2E_SHOTS}/deprecations-operator.png`, fullPage: true });
    // Both environments: Lønnsmester's test calls too.
    await op.selectOption('select[data-testid=deprecations-env]', '');
    await op.waitForFunction(() => document.querySelector('[data-testid=deprecation-usage]')?.textContent?.includes('Lønnsmester'));
    await op.close();

    const vendor = await login('admin@lonnsmester.demo');
    await vendor.goto(`${base}/deprecations`);
    await vendor.waitForSelector('[data-testid=deprecation-no-calls]');
    expect(await vendor.locator('text=Fjordregnskap').count()).toBe(0);
    await vendor.close();
  });

  it('[T-6] the audit page offers a vendor\'s gateway calls with the chain proof', async () => {
    const auditor = await login('revisor@digdir.demo');
    await auditor.goto(`${base}/audit`);
    await auditor.waitForSelector('[data-testid=audit-export]');
    await auditor.fill('[data-testid=audit-export-vendor]', '310000019');
    const href = await auditor.getAttribute('[data-testid=audit-export-jsonl]', 'href');
    expect(href).toMatch(/^\/api\/v1\/audit\/exports\/gateway-calls\?vendor=310000019&from=.*&format=jsonl$/);
    const res = await auditor.request.get(`${base}${href}`);
    expect(res.status()).toBe(200);
    expect((await res.text()).split('\n')[0]).toContain('"format":"samsvar-audit-export/2"');
    if (process.env.E2E_SHOTS) await auditor.screenshot({ path: `${process.env.E2E_SHOTS}/audit-export.png`, fullPage: false });
    await auditor.close();
  });
});
