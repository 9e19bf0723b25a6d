/**
 * Journeys of issue 3 in Debian's Chromium: vendor onboarding and the terms of use, service owners' obligations and
 * the operators' follow-up.
 *
 * The main journey needs a refusal to show at once when a new terms version is published. The policy gives vendors
 * that accepted an earlier version a grace period after a version takes effect (30 days, T-8), and the demo's current
 * version took effect 20 days ago, so no back-dated version can be both in force and past its deadline on the shared
 * server. That journey therefore runs on its own `samsvar start --demo` whose policy is the shipped one with the grace
 * period set to one day (the policy is the documented knob); the other journeys use the shared server of
 * global-setup.ts with the policy as shipped.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { logIn, useChromium } from './browser.ts';
import { startSamsvarProcess, type SamsvarProcess } from './process.ts';

const shared = inject('baseUrl');
const browser = useChromium();

/** Logs in as a demo user (the journeys read the Norwegian texts where the language is pinned). */
const login = (base: string, email: string): Promise<Page> => logIn(browser(), base, email, { lang: 'nb' });

async function close(page: Page) {
  await page.context().close();
}

/** Reloads `url` until `check` passes (decisions are rebuilt asynchronously after a change). */
async function eventually(page: Page, url: string, check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(url);
    await page.waitForSelector('[data-testid=page-title]');
    try {
      if (await check()) return;
    } catch {
      /* not there yet */
    }
    if (Date.now() > deadline) throw new Error(`condition not met on ${url}`);
    await page.waitForTimeout(400);
  }
}

/** Oslo wall-clock time `days` days ago as `YYYY-MM-DDTHH:mm` (the value of a datetime-local field). */
function osloLocal(daysAgo: number): string {
  const d = new Date(Date.now() - daysAgo * 86_400_000);
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

const access = (page: Page, product: string) => page.locator(`[data-testid=access-product-${product}]`);

/** Signs the version shown: the signing-authority statement, the three attestations, then the button. */
async function sign(page: Page) {
  await page.waitForSelector('[data-testid=terms-hash-ok]');
  await page.check('[data-testid=terms-signing-authority]');
  for (const a of ['customerAgreements', 'accessControl', 'platformTerms']) await page.check(`[data-testid=terms-attest-${a}]`);
  await page.click('[data-testid=terms-accept-submit]');
  await page.waitForSelector('[data-testid=terms-accepted]');
}

// ---------------------------------------------------------------------------------------------------------------
// A server of our own whose policy has a one-day grace period.

let ownProcess: SamsvarProcess | undefined;
let dataDir: string | undefined;
let own = '';

async function startOwnServer(): Promise<string> {
  const policyDir = mkdtempSync(path.join(os.tmpdir(), 'samsvar-e2e-policy-'));
  dataDir = policyDir;
  const policy = readFileSync('policies/altinn.yaml', 'utf8');
  const at = policy.indexOf('termsAcceptanceGrace:');
  const end = policy.indexOf('clauses:', at);
  expect(at).toBeGreaterThan(0);
  const grace = policy
    .slice(at, end)
    .replace(/period: \{[^}]*\}/, 'period: { amount: 1, unit: calendarDays }')
    .replace(/30 dager/g, 'én dag')
    .replace(/30 days/g, 'one day');
  const policyFile = path.join(policyDir, 'policy-one-day-grace.yaml');
  writeFileSync(policyFile, policy.slice(0, at) + grace + policy.slice(end));
  ownProcess = await startSamsvarProcess({ POLICY_FILE: policyFile }, 'e2e-onboarding');
  return ownProcess.url;
}

describe('vendor onboarding and the terms of use (policy with one day of grace)', () => {
  beforeAll(async () => {
    own = await startOwnServer();
  }, 120_000);
  afterAll(async () => {
    await ownProcess?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('[T-1.1] [T-1.2] [T-1.2.1] [T-1.2.2] [T-1.2.7] [T-8] a vendor onboards and signs the terms; the operator publishes a new terms version; production access is refused until the vendor accepts it', async () => {
    // --- The vendor (Lønnsmester) has not accepted the version in force, and its grace day is long gone.
    const vendor = await login(own, 'admin@lonnsmester.demo');
    await vendor.goto(`${own}/onboarding?step=access`);
    await vendor.waitForSelector('[data-testid=access-summary]');
    expect(await access(vendor, 'events').getAttribute('data-allowed')).toBe('false');
    expect(await vendor.locator('[data-testid=access-reason-events-terms-not-accepted]').count()).toBe(1);

    // Step 1: organisation and contacts — confirm the stale contact, add a security contact.
    await vendor.click('[data-testid=onboarding-step-organisation]');
    await vendor.waitForSelector('[data-testid=contacts-table]');
    const stale = vendor.locator('[data-testid^=contact-row-]', { hasText: 'drift@lonnsmester.demo' });
    await stale.locator('[data-testid^=contact-confirm-]').click();
    await vendor.waitForSelector('[data-testid=contacts-notice]');
    await vendor.click('[data-testid=contact-add]');
    await vendor.fill('[data-testid=contact-name]', 'Sikkerhet Lønnsmester');
    await vendor.selectOption('[data-testid=contact-role]', 'security');
    await vendor.fill('[data-testid=contact-email]', 'sikkerhet@lonnsmester.demo');
    await vendor.click('[data-testid=contact-submit]');
    await vendor.locator('[data-testid^=contact-row-]', { hasText: 'sikkerhet@lonnsmester.demo' }).waitFor();
    await vendor.waitForSelector('[data-testid=onboarding-step-organisation][data-done=true]');

    // Step 2: systems and products — the payroll system also uses Dialogporten, with a stated purpose.
    await vendor.click('[data-testid=onboarding-next]');
    await vendor.waitForSelector('[data-testid=onboarding-section-systems]');
    await vendor.click('[data-testid=system-edit-310000124_lonn]');
    await vendor.check('[data-testid=system-product-dialogporten]');
    await vendor.fill('[data-testid=system-purpose-dialogporten]', 'Vise lønnsmottakernes dialoger med Skatteetaten i lønnssystemet.');
    await vendor.click('[data-testid=system-submit]');
    await vendor.waitForSelector('[data-testid=system-310000124_lonn-product-dialogporten]');

    // Step 3: read and accept the terms — the text, its SHA-256 (checked in the browser), authority and attestations.
    await vendor.click('[data-testid=onboarding-next]');
    await vendor.waitForSelector('[data-testid=terms-text]');
    expect(await vendor.textContent('[data-testid=terms-text]')).toContain('Aksept før produksjon');
    expect(await vendor.textContent('[data-testid=terms-sha256]')).toMatch(/^[0-9a-f]{64}$/);
    // all three attestations are required
    await vendor.check('[data-testid=terms-signing-authority]');
    await vendor.click('[data-testid=terms-accept-submit]');
    await vendor.waitForSelector('[data-testid=terms-accept-incomplete]');
    await vendor.uncheck('[data-testid=terms-signing-authority]');
    await sign(vendor);
    expect(await vendor.textContent('[data-testid=terms-accepted]')).toContain('2026-demo');
    const receiptHref = await vendor.getAttribute('[data-testid=terms-receipt-link]', 'href');
    const receipt = await vendor.context().request.get(`${own}${receiptHref}`);
    expect(receipt.status()).toBe(200);
    const receiptHtml = await receipt.text();
    expect(receiptHtml).toContain('Lønnsmester Systemer AS (demo)');
    expect(receiptHtml).toContain('2026-demo');

    // Step 4: production access per registered product, with what is missing.
    await vendor.click('[data-testid=onboarding-next]');
    await vendor.waitForSelector('[data-testid=onboarding-finished]');
    expect(await access(vendor, 'events').getAttribute('data-allowed')).toBe('true');
    expect(await access(vendor, 'dialogporten').getAttribute('data-allowed')).toBe('false');
    expect(await vendor.locator('[data-testid=access-reason-dialogporten-test-not-passed]').count()).toBe(1);
    expect(await vendor.locator('[data-testid=access-reason-dialogporten-product-not-registered]').count()).toBe(0);
    expect(await vendor.getAttribute('[data-testid=onboarding-progress]', 'data-value')).toBe('4');

    // --- The operator publishes a new version that took effect two days ago: the grace day has passed.
    const operator = await login(own, 'admin@digdir.demo');
    await operator.click('[data-testid=nav-terms-versions]');
    await operator.click('[data-testid=terms-publish-open]');
    await operator.fill('[data-testid=terms-publish-version]', '2026-e2e');
    await operator.fill('[data-testid=terms-publish-effective]', osloLocal(2));
    await operator.click('[data-testid=terms-publish-copy]');
    await expect.poll(() => operator.inputValue('[data-testid=terms-publish-text]')).toContain('Aksept før produksjon');
    await operator.fill(
      '[data-testid=terms-publish-text]',
      (await operator.inputValue('[data-testid=terms-publish-text]')) + '\n## 6. Endringer i e2e-versjonen\nEt nytt punkt for testen.\n',
    );
    await operator.fill('[data-testid=terms-publish-changelog]', 'Nytt punkt 6 (ende-til-ende-test).');
    await operator.click('[data-testid=terms-publish-submit]');
    await operator.waitForSelector('[data-testid=terms-published]');
    await operator.click('[data-testid=version-link-2026-e2e]');
    await operator.waitForSelector('[data-testid=progress-table]');
    expect(await operator.getAttribute('[data-testid=version-progress]', 'data-value')).toBe('0');
    expect(await operator.getAttribute('[data-testid=version-progress]', 'data-max')).toBe('2');
    const versionUrl = operator.url();

    // --- Production access is refused until the vendor accepts it.
    await eventually(vendor, `${own}/onboarding?step=access`, async () => (await access(vendor, 'events').getAttribute('data-allowed')) === 'false');
    const refusal = vendor.locator('[data-testid=access-reason-events-terms-not-accepted]');
    expect(await refusal.textContent()).toContain('2026-e2e');
    expect(await refusal.locator('[data-testid=clause-link-T-8]').count()).toBe(1);
    expect(await vendor.getAttribute('[data-testid=onboarding-step-terms]', 'data-done')).toBe('false');

    await vendor.click('[data-testid=nav-terms]');
    await vendor.waitForSelector('[data-testid=terms-status]');
    expect(await vendor.textContent('[data-testid=terms-status]')).toContain('2026-e2e');
    expect(await vendor.textContent('[data-testid=terms-text]')).toContain('Endringer i e2e-versjonen');
    await sign(vendor);
    await vendor.click('[data-testid=terms-tab-acceptances]');
    expect(await vendor.locator('[data-testid^=acceptance-row-]').count()).toBe(3); // 2025-demo, 2026-demo, 2026-e2e

    await eventually(vendor, `${own}/onboarding?step=access`, async () => (await access(vendor, 'events').getAttribute('data-allowed')) === 'true');
    expect(await vendor.locator('[data-testid=onboarding-finished]').count()).toBe(1);

    // The operator sees the acceptance in the version's progress.
    await eventually(operator, versionUrl, async () => (await operator.getAttribute('[data-testid=version-progress]', 'data-value')) === '1');
    expect(await operator.textContent('[data-testid=progress-table]')).toContain('Per Lønn');
    await close(vendor);
    await close(operator);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The shared server, with the policy as shipped.

describe('terms, obligations and follow-up (shared demo server)', () => {
  it('[T-8] [T-1.2.5] inside the 30-day grace a vendor keeps production access with a warning and the deadline; conditions are listed to accept', async () => {
    const vendor = await login(shared, 'admin@lonnsmester.demo');
    await vendor.goto(`${shared}/onboarding?step=access`);
    await vendor.waitForSelector('[data-testid=access-summary]');
    expect(await access(vendor, 'events').getAttribute('data-allowed')).toBe('true');
    const warning = vendor.locator('[data-testid=access-warning-terms-acceptance-pending]').first();
    expect(await warning.textContent()).toMatch(/2026-demo.*\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
    expect(await vendor.locator('[data-testid=access-conditions]').textContent()).toContain('Skattemelding for merverdiavgift');
    await vendor.goto(`${shared}/terms`);
    await vendor.click('[data-testid=terms-tab-conditions]');
    await vendor.waitForSelector('[data-testid=conditions-waiting]');
    await close(vendor);
  });

  it('[S-7.2.1] [S-7.4.1] [S-7.4.2] [S-7.4.3] a service owner submits its access review, confirms a download and asks for a deletion; Digdir decides', async () => {
    const owner = await login(shared, 'admin@skatt.demo');
    expect(await owner.locator('[data-testid=due-summary]').count()).toBe(1);
    await owner.waitForSelector('[data-testid=due-elementsOverdue]');

    await owner.click('[data-testid=nav-access-reviews]');
    await owner.waitForSelector('[data-testid=review-entries]');
    await owner.uncheck('[data-testid=review-active-utvikler\\@skatt\\.demo]');
    await owner.click('[data-testid=review-submit]');
    await owner.waitForSelector('[data-testid=review-submitted]');

    await owner.click('[data-testid=nav-data-elements]');
    await owner.waitForSelector('[data-testid=elements-table]');
    const overdue = owner.locator('[data-testid^=element-row-]', { has: owner.locator('[data-testid^=element-overdue-]') }).first();
    await overdue.locator('[data-testid^=element-confirm-]').click();
    await owner.click('[data-testid=confirm-ok]');
    await owner.waitForSelector('[data-testid=elements-notice]');
    const open = owner.locator('[data-testid^=element-row-]', { has: owner.locator('[data-testid^=element-delete-]') }).first();
    await open.locator('[data-testid^=element-delete-]').click();
    await owner.selectOption('[data-testid=deletion-reason-kind]', 'securityRisk');
    await owner.fill('[data-testid=deletion-reason]', 'Vedlegget inneholder et fødselsnummer som ikke skulle vært sendt.');
    await owner.click('[data-testid=deletion-submit]');
    await owner.waitForSelector('[data-testid=own-requests-table] >> text=Sikkerhetsrisiko');
    await close(owner);

    const operator = await login(shared, 'admin@digdir.demo');
    await operator.click('[data-testid=nav-deletion-requests]');
    await operator.waitForSelector('[data-testid=requests-table]');
    const row = operator.locator('[data-testid^=request-row-]', { hasText: 'Sikkerhetsrisiko' });
    await row.locator('[data-testid^=request-decide-]').click();
    await operator.fill('[data-testid=decide-note]', 'Godkjent: sikkerhetsrisiko bekreftet.');
    await operator.click('[data-testid=decide-approve]');
    await row.locator('[data-testid=request-status][data-status=approved]').waitFor();
    await close(operator);
  });

  it('[T-1.2.7] [S-7.2.1] the operator sees the compliance overview with filters and a CSV export, stale contacts and overdue reviews', async () => {
    const operator = await login(shared, 'servicedesk@digdir.demo');
    await operator.click('[data-testid=nav-compliance]');
    await operator.waitForSelector('[data-testid=compliance-table]');
    await operator.waitForSelector('[data-testid=compliance-summary]');
    await operator.selectOption('[data-testid=compliance-kind]', 'vendor');
    await expect.poll(() => operator.locator('[data-testid^=compliance-row-]').count()).toBe(2);
    const csv = await operator.context().request.get(`${shared}${await operator.getAttribute('[data-testid=compliance-csv]', 'href')}`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('Fjordregnskap AS (demo)');
    await operator.click('[data-testid=summary-stale-contacts]');
    await operator.waitForSelector('[data-testid=stale-contacts-table]');
    expect(await operator.textContent('[data-testid=stale-contacts-table]')).toContain('brukerstotte@nav.demo');
    await operator.goto(`${shared}/access-reviews/overdue`);
    await operator.waitForSelector('[data-testid=overdue-reviews-table]');
    expect(await operator.textContent('[data-testid=overdue-reviews-table]')).toContain('NAV');
    // the publish form is for operator admins only
    await operator.goto(`${shared}/terms/versions`);
    await operator.waitForSelector('[data-testid=versions-table]');
    expect(await operator.locator('[data-testid=terms-publish-open]').count()).toBe(0);
    await close(operator);
  });
});
