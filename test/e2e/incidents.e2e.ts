/**
 * The incidents journey in Debian's Chromium against the shared `samsvar start --demo` (global-setup.ts): a vendor
 * reports a B incident from the portal and watches its SLA clock count down; the service desk takes it, resolves it
 * with a public message, and the reporter's feedback mail is in the outbox.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { logIn, useChromium } from './browser.ts';

const base = inject('baseUrl');
const browser = useChromium();

/** Logs in as a demo user (the journeys read the Norwegian texts where the language is pinned). */
const login = (email: string): Promise<Page> => logIn(browser(), base, email, { viewport: { width: 1400, height: 1000 }, lang: 'nb' });

const byId = (id: string) => `[data-testid=${id}]`;

/** Is the service desk open right now (its calendar has an open interval covering this minute)? */
async function serviceDeskOpen(page: Page): Promise<boolean> {
  const now = Date.now();
  const q = new URLSearchParams({ from: new Date(now).toISOString(), to: new Date(now + 1000).toISOString() });
  const res = await page.context().request.get(`${base}/api/v1/calendars/servicedesk/open?${q}`);
  const body = (await res.json()) as { items: { start: string; end: string }[] };
  return body.items.some((i) => Date.parse(i.start) <= now && Date.parse(i.end) > now);
}
const remainingSeconds = async (page: Page, id: string) => Number(await page.getAttribute(byId(id), 'data-remaining-s'));

describe('incidents', () => {
  it('[S-2.1] [S-2.2.2] [S-5.4] [T-1.2.8] a vendor reports a B incident and sees its response clock count down; the service desk investigates and resolves it with a public message; the reporter gets the feedback mail', async () => {
    const title = `Innsending feiler i lønnssystemet (e2e ${Date.now().toString(36)})`;

    // --- The vendor's developer reports a B incident from the portal, choosing from the policy's definitions.
    const vendor = await login('dev@fjordregnskap.demo');
    await vendor.click('[data-testid=nav-incidents]');
    await vendor.waitForSelector('[data-testid=incidents-table]');
    await vendor.click('[data-testid=incident-new]');
    await vendor.waitForSelector('[data-testid=incident-form]');
    // the definitions and the deadlines of each category are shown where the category is chosen [S-2.1]
    const optionB = vendor.locator('.inc-category-option[data-category=B]');
    expect(await optionB.textContent()).toContain('1 arbeidstime');
    expect(await optionB.locator('[data-testid="clause-link-S-2.2.2"]').count()).toBe(1);
    await vendor.fill('[data-testid=incident-title]', title);
    await vendor.fill('[data-testid=incident-description]', 'Innsending av a-meldingen svarer med 503 for alle våre kunder siden kl. 09.');
    await vendor.check('[data-testid=incident-category-B]');
    await vendor.check('[data-testid=incident-component-apps]');
    await vendor.click('[data-testid=incident-submit]');

    // On to the incident's page: B, new, the response clock running on the service-desk calendar.
    await vendor.waitForSelector('[data-testid=incident-detail][data-category=B][data-state=new]');
    const incidentUrl = vendor.url();
    expect(incidentUrl).toMatch(/\/incidents\/[0-9a-f-]{36}$/);
    const ref = (await vendor.textContent('[data-testid=incident-ref]'))!.trim();
    expect(ref).toMatch(/^INC-\d{4}-\d{4}$/);
    const countdown = 'clock-countdown-response';
    await vendor.waitForSelector(`${byId(countdown)}[data-status=running]`);
    expect(await vendor.textContent(byId(`${countdown}-text`))).toMatch(/igjen/);
    expect(await vendor.textContent('[data-testid=clock-remaining-response]')).toMatch(/arbeidstid igjen \(frist /);
    // the countdown ticks in the browser, without a new fetch
    const before = await remainingSeconds(vendor, countdown);
    await expect.poll(() => remainingSeconds(vendor, countdown), { timeout: 5000 }).toBeLessThan(before);
    // the clocks are drawn on a time axis with the due marker and the now line
    await vendor.waitForSelector('[data-testid=clock-axis-response] [data-testid=clock-axis-due]', { state: 'attached' });
    expect(await vendor.locator('[data-testid=clock-axis-response] [data-testid=clock-axis-now]').count()).toBe(1);
    expect(await vendor.locator('[data-testid=clock-axis-resolution]').count()).toBe(1);
    // outside service-desk hours, A and B incidents show the on-call contact [S-5.4]
    const deskOpen = await serviceDeskOpen(vendor);
    await vendor.reload();
    await vendor.waitForSelector('[data-testid=incident-detail]');
    const onCall = await vendor.locator('[data-testid=incident-oncall]').count();
    if (deskOpen === (await serviceDeskOpen(vendor))) {
      expect(onCall).toBe(deskOpen ? 0 : 1);
      if (!deskOpen) expect(await vendor.textContent('[data-testid=incident-oncall]')).toContain('+47');
    }
    // a vendor cannot handle the incident, only add shared notes
    expect(await vendor.locator('[data-testid=incident-action-state]').count()).toBe(0);
    expect(await vendor.locator('[data-testid=note-form]').count()).toBe(1);

    // The list shows the same clock counting down.
    await vendor.click('[data-testid=nav-incidents]');
    const listClock = `incident-clock-${ref}`;
    await vendor.waitForSelector(`${byId(listClock)}[data-status=running]`);
    expect(await vendor.textContent(byId(`${listClock}-text`))).toMatch(/igjen/);
    const listBefore = await remainingSeconds(vendor, listClock);
    await expect.poll(() => remainingSeconds(vendor, listClock), { timeout: 5000 }).toBeLessThan(listBefore);
    await vendor.context().close();

    // --- The service desk finds it among the open incidents and starts work: investigating.
    const agent = await login('servicedesk@digdir.demo');
    await agent.waitForSelector(`[data-testid=open-incident-${ref}]`);
    await agent.goto(`${base}/incidents?state=open`);
    await agent.click(`[data-testid=incident-link-${ref}]`);
    await agent.waitForSelector('[data-testid=incident-detail][data-state=new]');
    expect(await agent.locator('[data-testid=incident-oncall]').count()).toBe(onCall);
    await agent.click('[data-testid=incident-action-state]');
    await agent.selectOption('[data-testid=incident-state-to]', 'investigating');
    await agent.click('[data-testid=incident-state-submit]');
    await agent.waitForSelector('[data-testid=incident-detail][data-state=investigating]');
    // leaving "new" is the response: the response clock has stopped within its deadline
    await agent.waitForSelector('[data-testid=clock-response][data-status=met]');

    // --- Resolved, with a public message (previewed as the status page will show it).
    await agent.click('[data-testid=incident-action-state]');
    await agent.selectOption('[data-testid=incident-state-to]', 'resolved');
    const message = 'Feilen i innsendingstjenesten er rettet, og innsendinger går gjennom igjen.';
    await agent.fill('[data-testid=incident-state-message]', message);
    await agent.check('[data-testid=incident-state-visibility-public]');
    expect(await agent.textContent('[data-testid=status-preview-body]')).toContain(message);
    await agent.click('[data-testid=incident-state-submit]');
    await agent.waitForSelector('[data-testid=incident-detail][data-state=resolved]');
    const stateEvent = agent.locator('[data-testid=event-state][data-visibility=public]', { hasText: message });
    expect(await stateEvent.count()).toBe(1);
    // the feedback to the reporter is in the history [S-2.2.2]
    await agent.waitForSelector('[data-testid=event-feedback]');
    expect(await agent.textContent('[data-testid=event-feedback-to]')).toContain('dev@fjordregnskap.demo');

    // --- The reporter's feedback mail is in the outbox.
    await agent.click('[data-testid=nav-outbox]');
    await agent.waitForSelector('[data-testid=outbox-table]');
    const mail = agent.locator('[data-testid^=outbox-row-]', { hasText: ref }).filter({ hasText: 'dev@fjordregnskap.demo' });
    await expect
      .poll(
        async () => {
          const n = await mail.count();
          if (n === 0) await agent.click('[data-testid=outbox-reload]');
          return n;
        },
        { timeout: 10_000, interval: 500 },
      )
      .toBe(1);
    expect(await mail.textContent()).toContain('Løst');
    await mail.locator('[data-testid^=outbox-view-]').click();
    const text = await agent.textContent('[data-testid=outbox-message-text]');
    expect(text).toContain(ref);
    expect(text).toContain(message);
    expect(text).toContain(incidentUrl.replace(base, ''));

    // The reporter sees the resolved incident and the public message.
    const reporter = await login('dev@fjordregnskap.demo');
    await reporter.goto(incidentUrl);
    await reporter.waitForSelector('[data-testid=incident-detail][data-state=resolved]');
    expect(await reporter.textContent('[data-testid=incident-events]')).toContain(message);
    await reporter.context().close();
    await agent.context().close();
  });
});
