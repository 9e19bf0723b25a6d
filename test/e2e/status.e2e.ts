/**
 * The maintenance journey in Debian's Chromium against the shared `samsvar start --demo` (global-setup.ts): an operator
 * schedules maintenance in the portal, is told the earliest start the agreement allows and takes it; the public status
 * page (no log-in) shows the maintenance, its own page and the Statuspage-compatible JSON list it, and the iCalendar
 * feed carries it as an event.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { logIn, useChromium } from './browser.ts';

const base = inject('baseUrl');
const browser = useChromium();

/** Logs in as a demo user (the journeys read the Norwegian texts where the language is pinned). */
const login = (email: string): Promise<Page> => logIn(browser(), base, email, { viewport: { width: 1400, height: 1000 }, lang: 'nb' });

const byId = (id: string) => `[data-testid=${id}]`;

/** `YYYY-MM-DDTHH:mm` plus some hours, as wall-clock arithmetic (the value stays Oslo local time). */
function plusHours(local: string, hours: number): string {
  return new Date(Date.parse(`${local}:00Z`) + hours * 3_600_000).toISOString().slice(0, 16);
}

/** Polls until `check` passes: the status page is rebuilt from a snapshot shortly after a change. */
async function eventually<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!ok(last)) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
    last = await fn();
  }
  return last;
}

describe('maintenance on the status page', () => {
  it('[S-2.4.2] [S-2.3.2] [T-3.1] [T-3.1.1] an operator schedules maintenance at the earliest start the agreement allows; the public status page, its JSON and the .ics feed show it', { timeout: 150_000 }, async () => {
    const title = `Oppgradering av databaseklynge (e2e ${Date.now().toString(36)})`;

    // --- The operator opens the notices and starts a new maintenance notice.
    const operator = await login('admin@digdir.demo');
    await operator.click(byId('nav-notices'));
    await operator.click(byId('notice-new'));
    await operator.waitForSelector(byId('notice-form'));
    await operator.check(byId('notice-class-maintenance'));
    await operator.fill(byId('notice-title'), title);
    await operator.fill(byId('notice-body'), 'Innlogget Altinn kan være ustabil i inntil to timer mens databaseklyngen oppgraderes.');
    await operator.fill(byId('notice-title-en'), `Database cluster upgrade (${title.slice(-12)}`);
    await operator.check(byId('notice-component-sbl'));

    // Tomorrow is too early for five working days: the live check says so and offers the earliest allowed start.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const tomorrowLocal = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', dateStyle: 'short' }).format(tomorrow);
    await operator.fill(byId('notice-starts-at'), `${tomorrowLocal}T22:00`);
    await operator.waitForSelector(`${byId('notice-check')}[data-late=true]`);
    expect(await operator.textContent(byId('notice-check-earliest'))).toMatch(/\d/);
    await operator.click(byId('notice-use-earliest'));
    await operator.waitForSelector(`${byId('notice-check')}[data-late=false]`);
    const start = await operator.inputValue(byId('notice-starts-at'));
    expect(start > `${tomorrowLocal}T22:00`).toBe(true);
    await operator.fill(byId('notice-ends-at'), plusHours(start, 2));
    await operator.waitForSelector(`${byId('notice-check')}[data-late=false]`);
    await operator.click(byId('notice-submit'));

    // --- The notice is scheduled; its page shows the state and reference.
    await operator.waitForURL(/\/notices\/[0-9a-f-]{36}$/);
    const id = operator.url().split('/').pop()!;
    await operator.waitForSelector(`${byId('notice-state-tag')}[data-state=scheduled]`);
    expect(await operator.textContent(byId('page-title'))).toBe(title);
    expect(await operator.locator(byId('notice-late-tag')).count()).toBe(0);
    const notice = (await (await operator.context().request.get(`${base}/api/v1/notices/${id}`)).json()) as { ref: string; startsAt: string; endsAt: string };

    // --- Anyone, without logging in, sees it on the public status page.
    const visitor = await (await browser().newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    await eventually(
      'the maintenance on /status',
      async () => {
        await visitor.goto(`${base}/status`);
        return (await visitor.textContent('body')) ?? '';
      },
      (text) => text.includes(title),
      // A change reaches the page through the keeper's change notice (debounced 0.5 s), at the latest with its
      // periodic rebuild (60 s). Under CI load the notice path has been seen to miss (open finding, see the
      // issue 5 note), so allow one periodic rebuild.
      75_000,
    );
    await visitor.goto(`${base}/status/maintenance/${encodeURIComponent(notice.ref)}`);
    expect(await visitor.textContent('h1')).toContain(title);
    expect(await visitor.textContent('body')).toContain('Sluttbrukerløsningen');

    // --- Statuspage clients see it as an upcoming scheduled maintenance.
    const upcoming = (await (await visitor.context().request.get(`${base}/api/v2/scheduled-maintenances/upcoming.json`)).json()) as {
      scheduled_maintenances: { name: string; status: string; scheduled_for: string; scheduled_until: string; components: { id: string }[] }[];
    };
    const sm = upcoming.scheduled_maintenances.find((m) => m.name === title);
    expect(sm).toMatchObject({ status: 'scheduled' });
    expect(Date.parse(sm!.scheduled_for)).toBe(Date.parse(notice.startsAt));
    expect(Date.parse(sm!.scheduled_until)).toBe(Date.parse(notice.endsAt));
    expect(sm!.components.map((c) => c.id)).toContain('sbl');

    // --- The iCalendar feed carries it as an event with a stable UID, the title and the window in UTC.
    const ics = await (await visitor.context().request.get(`${base}/status/maintenance.ics`)).text();
    const event = ics.split('BEGIN:VEVENT').find((e) => e.includes(`UID:notice-${id}@`));
    expect(event, 'the notice in maintenance.ics').toBeDefined();
    const unfolded = event!.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain(`SUMMARY:${title}`);
    const icsUtc = (iso: string) => `${iso.replace(/[-:]/g, '').slice(0, 15)}Z`;
    expect(unfolded).toContain(`DTSTART:${icsUtc(new Date(notice.startsAt).toISOString())}`);
    expect(unfolded).toContain(`DTEND:${icsUtc(new Date(notice.endsAt).toISOString())}`);
    await operator.context().close();
    await visitor.context().close();
  });
});
