/** Journeys through the real portal in Debian's Chromium, against `samsvar start --demo` (see global-setup.ts). */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { logIn, useChromium } from './browser.ts';

const base = inject('baseUrl');
const browser = useChromium();

/** Logs in as a demo user (the journeys read the Norwegian texts where the language is pinned). */
const login = (email: string): Promise<Page> => logIn(browser(), base, email, { viaHome: true });

describe('portal', () => {
  it('logs in, shows the organisation and role, and refuses a wrong password', async () => {
    const page = await browser().newPage();
    // a failed OpenID Connect log-in comes back as ?error=oidc
    await page.goto(`${base}/login?error=oidc`);
    await page.waitForSelector('[data-testid=login-oidc-error]');
    await page.goto(`${base}/login`);
    expect(await page.locator('[data-testid=login-oidc-error]').count()).toBe(0);
    await page.fill('[data-testid=login-email]', 'admin@skatt.demo');
    await page.fill('[data-testid=login-password]', 'wrong-password-1');
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=login-error]');
    await page.fill('[data-testid=login-password]', 'samsvar-demo-2026');
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('[data-testid=page-title]');
    expect(await page.textContent('[data-testid=home-org]')).toContain('Skatteetaten');
    // a service owner sees no operator pages
    expect(await page.locator('[data-testid=nav-audit]').count()).toBe(0);
    await page.close();
  });

  it('switches language between bokmål and English', async () => {
    const page = await login('admin@digdir.demo');
    expect(await page.getAttribute('html', 'lang')).toBe('nb');
    expect((await page.textContent('[data-testid=lang-toggle]'))?.trim()).toContain('English');
    const navNb = await page.textContent('[data-testid=app-nav]');
    await page.click('[data-testid=lang-toggle]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect((await page.textContent('[data-testid=lang-toggle]'))?.trim()).toContain('Norsk');
    const navEn = await page.textContent('[data-testid=app-nav]');
    expect(navEn).not.toBe(navNb);
    expect(navEn).toContain('Calendars');
    // the choice survives a reload
    await page.reload();
    await page.waitForSelector('[data-testid=page-title]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.click('[data-testid=lang-toggle]');
    await page.close();
  });

  it('[S-2.2.3] computes a due date across Easter on the service-desk calendar', async () => {
    const page = await login('servicedesk@digdir.demo');
    await page.goto(`${base}/calendars`);
    await page.waitForSelector('[data-testid=due-calculator]');
    await page.selectOption('[data-testid=due-calendar]', 'servicedesk');
    await page.fill('[data-testid=due-from]', '2026-04-01T10:00');
    await page.fill('[data-testid=due-amount]', '3');
    await page.selectOption('[data-testid=due-unit]', 'workingDays');
    await page.click('[data-testid=due-compute]');
    await page.waitForSelector('[data-testid=due-result]');
    // Maundy Thursday, Good Friday, the weekend and Easter Monday are closed: 7, 8, 9 April are the three days.
    expect(await page.textContent('[data-testid=due-result-iso]')).toContain('2026-04-09T10:00:00+02:00');
    expect(await page.textContent('[data-testid=due-result-local]')).toContain('09.04.2026');
    await page.close();
  });

  it('[S-5.1] shows the month view with holidays and the half day on Christmas Eve', async () => {
    const page = await login('servicedesk@digdir.demo');
    await page.goto(`${base}/calendars`);
    await page.selectOption('[data-testid=calendar-select]', 'servicedesk');
    for (let i = 0; i < 24; i++) {
      const label = await page.textContent('[data-testid=calendar-month-label]');
      if (/desember 2026/i.test(label ?? '')) break;
      await page.click(/(januar|februar|mars|april|mai|juni|juli|august|september|oktober) 2027/i.test(label ?? '') ? '[data-testid=calendar-prev]' : '[data-testid=calendar-next]');
    }
    await page.waitForSelector('[data-testid=calendar-day-2026-12-24]');
    expect(await page.textContent('[data-testid=calendar-day-2026-12-24]')).toContain('12:00');
    expect(await page.textContent('[data-testid=calendar-day-2026-12-25]')).toMatch(/[Jj]uledag/);
    await page.close();
  });

  it('shows the policy with clause IDs that link to the clause register', async () => {
    const page = await login('admin@nav.demo');
    await page.goto(`${base}/policy`);
    await page.waitForSelector('[data-testid=clause-link-S-2\\.2\\.1]');
    await page.locator('[data-testid=clause-link-S-2\\.2\\.1]').first().click();
    await page.waitForURL(/\/clauses#S-2\.2\.1/);
    await page.waitForSelector('[data-testid=clause-S-2\\.2\\.1]');
    expect(await page.textContent('[data-testid=clause-S-2\\.2\\.1]')).toMatch(/S-2\.2\.1/);
    await page.close();
  });
});
