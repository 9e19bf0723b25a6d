/**
 * Notices over HTTP: lead times refused with the earliest start or overridden into a deviation (S-2.3.2), the window
 * rule (S-2.4.1), emergency changes tied to A/B incidents (S-2.3.5), affected APIs of breaking changes (S-2.3.3,
 * T-3.1.2), the lifecycle with component state (T-3.1.1), reschedules against the original publication, and the
 * public reads. Expected instants come from the pure engine's hand-checked rules (src/kernel/notices).
 */
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { earliestStart } from '../../kernel/notices/index.ts';
import { formatInstant } from '../../kernel/worktime/index.ts';
import { events } from '../../platform/events/tables.ts';
import { inboxItems } from '../../platform/inbox/index.ts';
import { usersWithRole } from '../../platform/notify/index.ts';
import { currentStates } from '../components/signals.ts';
import { componentSignals } from '../components/tables.ts';
import { deviationCases } from '../deviations/tables.ts';
import { modules } from '../index.ts';
import { advanceNotice, listNotices } from './index.ts';
import { notices } from './tables.ts';

let server: TestServer;
const c: Record<string, TestClient> = {};
beforeAll(async () => {
  // With pg-boss and the worker role: the transition jobs run for real (one test waits for them).
  server = await startTestServer({ modules, jobs: true, roles: ['api', 'worker'] });
  for (const k of ['operatorAdmin', 'operatorAgent', 'skattAdmin', 'vendorAdmin']) c[k] = await server.as(k);
}, 900_000);
afterAll(async () => server?.stop());

const ZONE = 'Europe/Oslo';
/** The first Saturday at least `days` ahead, at `hour` Oslo time (outside the Mon–Fri 07–20 window). */
function saturday(days: number, hour: number): DateTime {
  let d = DateTime.now().setZone(ZONE).plus({ days }).startOf('day');
  while (d.weekday !== 6) d = d.plus({ days: 1 });
  return d.set({ hour });
}
/** The first weekday at least `days` ahead, at `hour` Oslo time (inside the window). */
function weekday(days: number, hour: number): DateTime {
  let d = DateTime.now().setZone(ZONE).plus({ days }).startOf('day');
  while (d.weekday > 5) d = d.plus({ days: 1 });
  return d.set({ hour });
}
const iso = (d: DateTime) => d.toUTC().toISO()!;

function maintenance(components: string[], start: DateTime, hours = 2, extra: Record<string, unknown> = {}) {
  return { noticeClass: 'maintenance', title: 'Oppgradering', body: 'Kort nedetid.', components, startsAt: iso(start), endsAt: iso(start.plus({ hours })), ...extra };
}

const noticeEvents = (id: string) => server.ctx.db.select().from(events).where(eq(events.resource, `urn:samsvar:notice:${id}`)).orderBy(events.seq);

async function openIncident(category: string) {
  const res = await c.operatorAdmin!.post('/api/v1/incidents', { title: `Feil ${category}`, category, components: ['broker'] });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; ref: string };
}

describe('lead time (S-2.3.2, S-2.4.2)', () => {
  it('[S-2.3.2] a late maintenance notice is refused with 422 naming the earliest allowed start', async () => {
    const start = DateTime.now().setZone(ZONE).plus({ days: 1 }).startOf('day').set({ hour: 23 });
    const res = await c.operatorAgent!.post('/api/v1/notices', maintenance(['sbl'], start));
    expect(res.status, res.text).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(res.body.type).toBe('urn:samsvar:problem:notice-late');
    const expected = formatInstant(earliestStart(server.ctx.policy, 'maintenance', Date.now()));
    expect(res.body.earliestStart).toBe(expected);
    expect(res.body.detail).toContain(expected);
    expect(res.body.canOverride).toBe(true);
    expect(await server.ctx.db.select().from(notices).where(eq(notices.title, 'Oppgradering'))).toHaveLength(0);
  });

  it('[S-2.3.2] an operator may override a late notice with a reason: stored as late and a deviation is opened', async () => {
    const start = DateTime.now().setZone(ZONE).plus({ days: 2 }).startOf('day').set({ hour: 23 });
    const res = await c.operatorAgent!.post('/api/v1/notices', maintenance(['sbl'], start, 1, { title: 'Akutt sikkerhetsoppdatering', override: { reason: 'Leverandøren krever oppdatering før fredag' } }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.late).toBe(true);
    expect(res.body.ref).toMatch(/^VAR-\d{4}-\d{4}$/);
    expect(res.body.overrideReason).toBe('Leverandøren krever oppdatering før fredag');
    const [dev] = await server.ctx.db.select().from(deviationCases).where(eq(deviationCases.id, res.body.deviationId));
    expect(dev).toBeDefined();
    expect(dev!.clauses).toEqual(expect.arrayContaining(['S-2.3.2']));
    expect(dev!.party).toBe('operator');
    expect(dev!.description).toContain('Leverandøren krever oppdatering før fredag');
    const [row] = await server.ctx.db.select().from(notices).where(eq(notices.id, res.body.id));
    expect(row!.late).toBe(true);
    expect(row!.deviationId).toBe(dev!.id);
  });

  it('[S-2.3.2] an on-time notice is stored as not late and published as a public event', async () => {
    const start = saturday(20, 22);
    const res = await c.operatorAdmin!.post('/api/v1/notices', maintenance(['apps'], start, 3, { titleEn: 'Upgrade', bodyEn: 'Short downtime.' }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.late).toBe(false);
    expect(res.body.state).toBe('scheduled');
    expect(res.body.className).toEqual({ nb: 'Planlagt vedlikehold', en: 'Planned maintenance' });
    expect(res.body.updates.map((u: any) => u.kind)).toEqual(['scheduled']);
    const evs = await noticeEvents(res.body.id);
    expect(evs.map((e) => [e.type, e.visibility])).toEqual([['no.samsvar.notice.scheduled', 'public']]);
    expect((evs[0]!.data as any).notice.ref).toBe(res.body.ref);
  });

  it('[S-2.3.2] the dry-run check shows the earliest start, lateness and warnings, and stores nothing', async () => {
    const before = (await server.ctx.db.select().from(notices)).length;
    const late = await c.operatorAgent!.post('/api/v1/notices/check', { noticeClass: 'maintenance', components: ['sbl'], startsAt: iso(DateTime.now().plus({ hours: 5 })), endsAt: iso(DateTime.now().plus({ hours: 6 })) });
    expect(late.status, late.text).toBe(200);
    expect(late.body.late).toBe(true);
    expect(late.body.canOverride).toBe(true);
    expect(late.body.earliestStart).toBe(new Date(earliestStart(server.ctx.policy, 'maintenance', Date.now())).toISOString());
    // A critical period (tax returns 20–30 April) in the next year that is far enough ahead.
    const year = DateTime.now().setZone(ZONE).year + 1;
    const warn = await c.operatorAgent!.post('/api/v1/notices/check', { noticeClass: 'maintenance', components: ['sbl'], startsAt: `${year}-04-25T20:00:00Z`, endsAt: `${year}-04-25T22:00:00Z` });
    expect(warn.body.late).toBe(false);
    expect(warn.body.warnings.map((w: any) => [w.code, w.period.id])).toEqual([['criticalPeriod', 'taxReturnPersonal']]);
    expect(warn.body.errors).toEqual([]);
    expect((await server.ctx.db.select().from(notices)).length).toBe(before);
  });

  it('[S-2.3.2] a service owner cannot publish maintenance; vendors cannot reach the routes', async () => {
    const res = await c.skattAdmin!.post('/api/v1/notices', maintenance(['sbl'], saturday(20, 22)));
    expect(res.status).toBe(403);
    expect((await c.vendorAdmin!.post('/api/v1/notices/check', { noticeClass: 'maintenance', components: [], startsAt: iso(saturday(20, 22)) })).status).toBe(403);
  });

  it('[S-2.3.2] a service owner announces a new service (its own class); an override from a service owner is refused', async () => {
    const start = DateTime.now().setZone(ZONE).plus({ days: 14 }).startOf('day').set({ hour: 9 });
    const res = await c.skattAdmin!.post('/api/v1/notices', { noticeClass: 'newService', title: 'Ny tjeneste: Skattekort for pensjonister', components: [], startsAt: iso(start) });
    expect(res.status, res.text).toBe(201);
    expect(res.body.orgId).toBe(server.demo.orgs.skatt!.id);
    expect(res.body.impact).toBe('none');
    const bad = await c.skattAdmin!.post('/api/v1/notices', { noticeClass: 'newService', title: 'Ny tjeneste', components: [], startsAt: iso(start), override: { reason: 'fordi' } });
    expect(bad.status).toBe(400);
  });
});

describe('the window rule (S-2.4.1)', () => {
  it('[S-2.4.1] maintenance of TT inside Mon–Fri 07–20 is refused with the window\'s hours; outside it is accepted', async () => {
    const inside = weekday(20, 19);
    const res = await c.operatorAdmin!.post('/api/v1/notices', maintenance(['tt'], inside, 2));
    expect(res.status, res.text).toBe(422);
    expect(res.body.type).toBe('urn:samsvar:problem:notice-refused');
    expect(res.body.detail).toContain('07:00–20:00');
    expect(res.body.issues[0].window.hours).toBe('Mon–Fri 07:00–20:00');
    expect(res.body.errors[0].field).toBe('body.startsAt');
    // Even an operator override does not lift the window rule.
    const over = await c.operatorAdmin!.post('/api/v1/notices', maintenance(['studio'], inside, 2, { override: { reason: 'Må gjøres i arbeidstiden' } }));
    expect(over.status, over.text).toBe(422);
    expect(over.body.type).toBe('urn:samsvar:problem:notice-refused');
    const outside = await c.operatorAdmin!.post('/api/v1/notices', maintenance(['tt'], inside.set({ hour: 20 }), 3));
    expect(outside.status, outside.text).toBe(201);
  });
});

describe('emergency changes (S-2.3.5, S-2.4.4)', () => {
  it('[S-2.3.5] need an open A or B incident: missing → 400, unknown → 404, a C incident → 422', async () => {
    const body = { noticeClass: 'emergency', title: 'Hasteretting', components: ['broker'], startsAt: iso(DateTime.now().plus({ minutes: 10 })), endsAt: iso(DateTime.now().plus({ minutes: 40 })) };
    const none = await c.operatorAdmin!.post('/api/v1/notices', body);
    expect(none.status).toBe(400);
    expect(none.body.errors[0].field).toBe('body.incidentId');
    expect((await c.operatorAdmin!.post('/api/v1/notices', { ...body, incidentId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    const minor = await openIncident('C');
    const cres = await c.operatorAdmin!.post('/api/v1/notices', { ...body, incidentId: minor.id });
    expect(cres.status).toBe(422);
    expect(cres.body.detail).toMatch(/category A or B/);
  });

  it('[S-2.4.4] an emergency change inside the TT window is flagged, not refused', async () => {
    const inc = await openIncident('B');
    const start = weekday(1, 10);
    const res = await c.operatorAdmin!.post('/api/v1/notices/check', { noticeClass: 'emergency', components: ['tt'], startsAt: iso(start), endsAt: iso(start.plus({ hours: 1 })), incidentId: inc.id });
    expect(res.status, res.text).toBe(200);
    expect(res.body.late).toBe(false);
    expect(res.body.errors).toEqual([]);
    expect(res.body.warnings.map((w: any) => w.code)).toEqual(['insideWindow']);
    expect(res.body.warnings[0].clauses).toContain('S-2.4.4');
    // The same work as planned maintenance is refused.
    const m = await c.operatorAdmin!.post('/api/v1/notices/check', { noticeClass: 'maintenance', components: ['tt'], startsAt: iso(start), endsAt: iso(start.plus({ hours: 1 })) });
    expect(m.body.errors.map((e: any) => e.code)).toEqual(['insideWindow']);
  });

  it('[S-2.3.5] an emergency fix for an A incident starts at once (no lead time) and puts its components under maintenance', async () => {
    const inc = await openIncident('A');
    const res = await c.operatorAdmin!.post('/api/v1/notices', {
      noticeClass: 'emergency',
      title: 'Hasteretting av Formidling',
      components: ['broker'],
      startsAt: iso(DateTime.now().minus({ minutes: 1 })),
      endsAt: iso(DateTime.now().plus({ hours: 1 })),
      incidentId: inc.id,
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.late).toBe(false);
    expect(res.body.state).toBe('in_progress');
    expect(res.body.incidentRef).toBe(inc.ref);
    const states = await currentStates(server.ctx.db);
    expect(states.get('broker')?.state).toBe('under_maintenance');
    expect(states.get('broker')?.causes).toContainEqual({ source: 'maintenance', ref: res.body.id, state: 'under_maintenance' });
    const done = await c.operatorAdmin!.post(`/api/v1/notices/${res.body.id}/complete`, { body: 'Rettet.' });
    expect(done.status, done.text).toBe(200);
    expect(done.body.state).toBe('completed');
    expect((await currentStates(server.ctx.db)).get('broker')?.causes.some((x) => x.ref === res.body.id)).toBe(false);
    const types = (await noticeEvents(res.body.id)).map((e) => e.type);
    expect(types).toEqual(['no.samsvar.notice.scheduled', 'no.samsvar.notice.started', 'no.samsvar.notice.completed']);
  });
});

describe('breaking changes and affected APIs (S-2.3.3, T-3.1.2)', () => {
  const start = () => DateTime.now().setZone(ZONE).plus({ weeks: 10 }).startOf('day').set({ hour: 9 });
  const base = () => ({ noticeClass: 'breakingChange', title: 'Nytt API for vedlegg', components: ['correspondence'], startsAt: iso(start()) });

  it('[S-2.3.3] an affected API is stored structured (method, path pattern, sunset) for the gateway', async () => {
    const api = { product: 'correspondence', method: 'POST', path: '/correspondence/api/v1/correspondence/{id}/upload', sunsetAt: iso(start().plus({ months: 6 })) };
    const res = await c.operatorAdmin!.post('/api/v1/notices', { ...base(), apis: [api] });
    expect(res.status, res.text).toBe(201);
    expect(res.body.impact).toBe('none');
    expect(res.body.apis).toEqual([api]);
    const [view] = await listNotices(server.ctx.db, { ids: [res.body.id] });
    expect(view!.apis[0]!.path).toBe('/correspondence/api/v1/correspondence/{id}/upload');
  });

  it('[T-3.1.2] API validation: sunset before the start, a lower-case method, a path without "/" and an unknown product are refused', async () => {
    const ok = { method: 'GET', path: '/x', sunsetAt: iso(start().plus({ months: 1 })) };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ok, sunsetAt: iso(start().minus({ days: 1 })) }, 'body.apis.0.sunsetAt'],
      [{ ...ok, method: 'get' }, 'method'],
      [{ ...ok, path: 'x' }, 'path'],
      [{ ...ok, product: 'nope' }, 'body.apis.0.product'],
    ];
    for (const [api, field] of cases) {
      const res = await c.operatorAdmin!.post('/api/v1/notices', { ...base(), apis: [api] });
      expect(res.status, JSON.stringify(api)).toBe(400);
      expect(JSON.stringify(res.body.errors)).toContain(field);
    }
  });

  it('[T-3.1.2] eight weeks: seven weeks ahead is late, and a breaking change cannot be overridden by a service owner', async () => {
    const res = await c.operatorAdmin!.post('/api/v1/notices', { ...base(), startsAt: iso(DateTime.now().setZone(ZONE).plus({ weeks: 7 })) });
    expect(res.status).toBe(422);
    expect(res.body.earliestStart).toBe(formatInstant(earliestStart(server.ctx.policy, 'breakingChange', Date.now())));
  });
});

describe('lifecycle (T-3.1.1)', () => {
  it('[T-3.1.1] scheduled → in progress at its start → completed at its end; components under maintenance meanwhile', async () => {
    const start = saturday(21, 1);
    const res = await c.operatorAdmin!.post('/api/v1/notices', maintenance(['systemuser'], start, 2));
    expect(res.status, res.text).toBe(201);
    const id = res.body.id as string;
    expect(await advanceNotice(server.ctx, id, start.minus({ minutes: 1 }).toJSDate())).toBe(false);
    expect(await advanceNotice(server.ctx, id, start.plus({ minutes: 1 }).toJSDate())).toBe(true);
    let detail = (await c.operatorAdmin!.get(`/api/v1/notices/${id}`)).body;
    expect(detail.state).toBe('in_progress');
    expect(detail.startedAt).toBe(start.toUTC().toISO({ suppressMilliseconds: false }));
    const [signal] = await server.ctx.db.select().from(componentSignals).where(and(eq(componentSignals.sourceRef, id), eq(componentSignals.componentId, 'systemuser')));
    expect(signal!.state).toBe('under_maintenance');
    expect(signal!.startedAt.getTime()).toBe(start.toMillis());
    expect(await advanceNotice(server.ctx, id, start.plus({ hours: 2, minutes: 1 }).toJSDate())).toBe(true);
    detail = (await c.operatorAdmin!.get(`/api/v1/notices/${id}`)).body;
    expect(detail.state).toBe('completed');
    expect(detail.updates.map((u: any) => u.kind)).toEqual(['scheduled', 'in_progress', 'completed']);
    const [ended] = await server.ctx.db.select().from(componentSignals).where(eq(componentSignals.sourceRef, id));
    expect(ended!.endedAt!.getTime()).toBe(start.plus({ hours: 2 }).toMillis());
    // Idempotent: nothing more to do.
    expect(await advanceNotice(server.ctx, id, start.plus({ hours: 3 }).toJSDate())).toBe(false);
  });

  it('[T-3.1.1] updates (bilingual), extension and cancellation with a reason end the maintenance signal', async () => {
    const res = await c.operatorAdmin!.post('/api/v1/notices', maintenance(['events'], saturday(22, 2), 1));
    const id = res.body.id as string;
    const up = await c.operatorAgent!.post(`/api/v1/notices/${id}/updates`, { body: 'Vi starter som planlagt.', bodyEn: 'We start as planned.' });
    expect(up.status, up.text).toBe(200);
    expect(up.body.updates.at(-1)).toMatchObject({ kind: 'note', body: 'Vi starter som planlagt.', bodyEn: 'We start as planned.' });
    const started = await c.operatorAgent!.post(`/api/v1/notices/${id}/start`, {});
    expect(started.body.state).toBe('in_progress');
    expect((await currentStates(server.ctx.db)).get('events')?.state).toBe('under_maintenance');
    const newEnd = saturday(22, 5);
    const ext = await c.operatorAgent!.post(`/api/v1/notices/${id}/extend`, { endsAt: iso(newEnd), body: 'Tar lenger tid.' });
    expect(ext.status, ext.text).toBe(200);
    expect(new Date(ext.body.endsAt).getTime()).toBe(newEnd.toMillis());
    const cancel = await c.operatorAgent!.post(`/api/v1/notices/${id}/cancel`, { reason: 'Avbrutt, nytt tidspunkt kommer.' });
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.body.state).toBe('cancelled');
    expect(cancel.body.updates.at(-1)).toMatchObject({ kind: 'cancelled', body: 'Avbrutt, nytt tidspunkt kommer.' });
    expect((await currentStates(server.ctx.db)).get('events')?.state).toBe('operational');
    expect((await c.operatorAgent!.post(`/api/v1/notices/${id}/start`, {})).status).toBe(409);
    const types = (await noticeEvents(id)).map((e) => e.type);
    expect(types).toEqual(['no.samsvar.notice.scheduled', 'no.samsvar.notice.updated', 'no.samsvar.notice.started', 'no.samsvar.notice.updated', 'no.samsvar.notice.cancelled']);
  });

  it('[S-2.3.2] a reschedule is checked against the lead time from the ORIGINAL publication', async () => {
    const res = await c.operatorAdmin!.post('/api/v1/notices', maintenance(['sbl'], saturday(25, 23), 1));
    const id = res.body.id as string;
    const published = new Date(res.body.publishedAt).getTime();
    const earliest = earliestStart(server.ctx.policy, 'maintenance', published);
    // One minute before the earliest start the ORIGINAL publication allows: late.
    const early = DateTime.fromMillis(earliest - 60_000);
    const r1 = await c.operatorAdmin!.post(`/api/v1/notices/${id}/reschedule`, { startsAt: iso(early), reason: 'Flyttet frem' });
    expect(r1.status, r1.text).toBe(422);
    expect(r1.body.earliestStart).toBe(formatInstant(earliest));
    // The dry run with noticeId agrees.
    const dry = await c.operatorAdmin!.post('/api/v1/notices/check', { noticeClass: 'maintenance', components: ['sbl'], startsAt: iso(early), endsAt: iso(early.plus({ hours: 1 })), noticeId: id });
    expect(dry.body.late).toBe(true);
    expect(new Date(dry.body.publishedAt).getTime()).toBe(published);
    // Exactly at the earliest start: accepted; the duration is kept when no end is given.
    const r2 = await c.operatorAdmin!.post(`/api/v1/notices/${id}/reschedule`, { startsAt: new Date(earliest).toISOString(), reason: 'Flyttet frem' });
    expect(r2.status, r2.text).toBe(200);
    expect(r2.body.late).toBe(false);
    expect(new Date(r2.body.endsAt).getTime() - new Date(r2.body.startsAt).getTime()).toBe(3_600_000);
    expect(r2.body.updates.at(-1).kind).toBe('rescheduled');
  });
});

describe('transition jobs (T-3.1.1)', () => {
  it('[T-3.1.1] pg-boss jobs start and complete a notice at its instants, without anyone calling the API', async () => {
    const inc = await openIncident('B');
    const startsAt = new Date(Date.now() + 4_000);
    const endsAt = new Date(startsAt.getTime() + 4_000);
    const res = await c.operatorAdmin!.post('/api/v1/notices', { noticeClass: 'emergency', title: 'Kort hasteretting', components: ['dialogporten'], startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), incidentId: inc.id });
    expect(res.status, res.text).toBe(201);
    expect(res.body.state).toBe('scheduled');
    const seen = new Set<string>();
    const deadline = Date.now() + 150_000;
    let state = 'scheduled';
    while (Date.now() < deadline && state !== 'completed') {
      const [row] = await server.ctx.db.select().from(notices).where(eq(notices.id, res.body.id));
      state = row!.state;
      seen.add(state);
      if (state === 'in_progress') expect((await currentStates(server.ctx.db)).get('dialogporten')?.state).toBe('under_maintenance');
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(state).toBe('completed');
    const [row] = await server.ctx.db.select().from(notices).where(eq(notices.id, res.body.id));
    // Dated at the planned instants, whenever the job ran.
    expect(row!.startedAt!.getTime()).toBe(startsAt.getTime());
    expect(row!.completedAt!.getTime()).toBe(endsAt.getTime());
    expect((await currentStates(server.ctx.db)).get('dialogporten')?.state ?? 'operational').toBe('operational');
  }, 180_000);
});

describe('change log, roadmap and releases (S-3.4)', () => {
  it('[S-3.4] operators publish change-log entries, roadmap items and releases; anyone reads them; kinds keep their fields', async () => {
    const rel = await c.operatorAgent!.post('/api/v1/posts', { kind: 'release', title: 'Produksjonssetting', body: 'Feilrettinger.', version: 'v2026.11.3', components: ['broker'] });
    expect(rel.status, rel.text).toBe(201);
    expect(rel.body).toMatchObject({ kind: 'release', version: 'v2026.11.3', roadmapState: null, target: null });
    const ev = await server.ctx.db.select().from(events).where(eq(events.resource, `urn:samsvar:post:${rel.body.id}`));
    expect(ev.map((e) => [e.type, e.visibility])).toEqual([['no.samsvar.post.published', 'public']]);
    expect((await c.operatorAgent!.post('/api/v1/posts', { kind: 'release', title: 'Uten versjon' })).status).toBe(400);
    expect((await c.operatorAgent!.post('/api/v1/posts', { kind: 'changelog', title: 'Med mål', target: '2027-Q1' })).status).toBe(400);
    expect((await c.operatorAgent!.post('/api/v1/posts', { kind: 'roadmap', title: 'Feil mål', target: 'neste år' })).status).toBe(400);
    expect((await c.operatorAgent!.post('/api/v1/posts', { kind: 'changelog', title: 'Ukjent komponent', components: ['nope'] })).status).toBe(400);
    const road = await c.operatorAgent!.post('/api/v1/posts', { kind: 'roadmap', title: 'Nytt søk', target: '2027-Q1' });
    expect(road.body.roadmapState).toBe('planned');
    const moved = await c.operatorAgent!.patch(`/api/v1/posts/${road.body.id}`, { roadmapState: 'done' });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.roadmapState).toBe('done');
    expect((await c.skattAdmin!.post('/api/v1/posts', { kind: 'changelog', title: 'Fra tjenesteeier' })).status).toBe(403);
    const anon = server.client();
    const roadmap = await anon.get('/api/v1/posts?kind=roadmap');
    expect(roadmap.status).toBe(200);
    expect(roadmap.body.items.every((p: any) => p.kind === 'roadmap')).toBe(true);
    expect(roadmap.body.items.find((p: any) => p.id === road.body.id)?.roadmapState).toBe('done');
    expect((await c.operatorAgent!.delete(`/api/v1/posts/${rel.body.id}`)).status).toBe(204);
    expect((await anon.get(`/api/v1/posts/${rel.body.id}`)).status).toBe(404);
    expect((await anon.get('/api/v1/posts?kind=release')).body.items.map((p: any) => p.id)).not.toContain(rel.body.id);
  });
});

describe('meetings with service owners (S-3.3)', () => {
  it('[S-3.3] a meeting is scheduled, changed (sequence bumped) and cancelled, with public events; anyone reads the calendar', async () => {
    const start = DateTime.now().setZone(ZONE).plus({ days: 20 }).startOf('day').set({ hour: 10 });
    const res = await c.operatorAdmin!.post('/api/v1/meetings', { title: 'Brukerforum', startsAt: iso(start), endsAt: iso(start.plus({ hours: 1 })), location: 'Teams' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.sequence).toBe(0);
    expect((await c.operatorAdmin!.post('/api/v1/meetings', { title: 'Baklengs', startsAt: iso(start), endsAt: iso(start.minus({ hours: 1 })) })).status).toBe(400);
    const moved = await c.operatorAdmin!.patch(`/api/v1/meetings/${res.body.id}`, { startsAt: iso(start.plus({ hours: 2 })), endsAt: iso(start.plus({ hours: 3 })) });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.sequence).toBe(1);
    const cancelled = await c.operatorAdmin!.post(`/api/v1/meetings/${res.body.id}/cancel`, {});
    expect(cancelled.body).toMatchObject({ cancelled: true, sequence: 2 });
    expect((await c.operatorAdmin!.patch(`/api/v1/meetings/${res.body.id}`, { title: 'Igjen' })).status).toBe(409);
    const types = (await server.ctx.db.select().from(events).where(eq(events.resource, `urn:samsvar:meeting:${res.body.id}`)).orderBy(events.seq)).map((e) => e.type);
    expect(types).toEqual(['no.samsvar.meeting.scheduled', 'no.samsvar.meeting.updated', 'no.samsvar.meeting.cancelled']);
    const anon = server.client();
    const upcoming = await anon.get('/api/v1/meetings');
    expect(upcoming.body.items.map((m: any) => m.id)).not.toContain(res.body.id);
    expect(upcoming.body.items.length).toBeGreaterThanOrEqual(2); // the demo's two upcoming meetings
    const all = await anon.get('/api/v1/meetings?includeCancelled=true');
    expect(all.body.items.find((m: any) => m.id === res.body.id)?.cancelled).toBe(true);
    expect((await c.skattAdmin!.post('/api/v1/meetings', { title: 'X', startsAt: iso(start), endsAt: iso(start.plus({ hours: 1 })) })).status).toBe(403);
  });
});

describe('public reads', () => {
  it('[T-3.1.1] notices are public: list and one notice by reference without logging in; internals stay hidden', async () => {
    const anon = server.client();
    const list = await anon.get('/api/v1/notices?state=open');
    expect(list.status, list.text).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((n: any) => n.state === 'scheduled' || n.state === 'in_progress')).toBe(true);
    const late = (await c.operatorAdmin!.get('/api/v1/notices')).body.items.find((n: any) => n.late);
    const one = await anon.get(`/api/v1/notices/${late.ref}`);
    expect(one.status, one.text).toBe(200);
    expect(one.body.id).toBe(late.id);
    expect(one.body.overrideReason).toBeUndefined();
    expect(one.body.deviationId).toBeUndefined();
    expect(one.body.can.cancel).toBe(false);
    expect((await anon.post('/api/v1/notices', {})).status).toBe(401);
  });

  it('[T-3.1.1] the demo has a completed maintenance last month, upcoming maintenance outside the TUL window and a breaking change with a sunset', async () => {
    const all = await listNotices(server.ctx.db);
    const done = all.find((n) => n.state === 'completed' && n.noticeClass === 'maintenance' && !n.late && n.components.includes('sbl'));
    expect(done).toBeDefined();
    const up = all.find((n) => n.state === 'scheduled' && n.components.includes('tul'));
    expect(up!.late).toBe(false);
    expect(up!.startsAt.getTime() - Date.now()).toBeGreaterThan(9 * 86_400_000);
    expect(DateTime.fromJSDate(up!.startsAt).setZone(ZONE).weekday).toBe(6);
    const bc = all.find((n) => n.noticeClass === 'breakingChange' && n.apis.length > 0);
    expect(new Date(bc!.apis[0]!.sunsetAt).getTime()).toBeGreaterThan(bc!.startsAt.getTime());
  });
});

describe('notifications (S-2.4.2, T-3.1.2)', () => {
  const inboxFor = async (eventId: string) => (await server.ctx.db.select().from(inboxItems).where(eq(inboxItems.dedupeKey, `event:${eventId}`))).map((i) => i.userId).sort();
  /** The worker's notifier follows the event log; wait until it has handled the event. */
  async function told(eventId: string): Promise<string[]> {
    for (let i = 0; i < 100; i++) {
      const users = await inboxFor(eventId);
      if (users.length) return users;
      await new Promise((r) => setTimeout(r, 100));
    }
    return inboxFor(eventId);
  }

  it('[S-2.4.2] maintenance reaches everyone at the service owners in the inbox; vendors are not told', async () => {
    const res = await c.operatorAdmin!.post('/api/v1/notices', maintenance(['sbl'], saturday(21, 22), 2, { title: 'Varslet vedlikehold for innboksen' }));
    expect(res.status, res.text).toBe(201);
    const [ev] = await noticeEvents(res.body.id);
    expect((ev!.data as any).actorUserId).toBe(server.demo.users.operatorAdmin!.id);
    const owners = await usersWithRole(server.ctx.db, ['serviceowner-admin', 'serviceowner-member']);
    expect(await told(ev!.id)).toEqual([...owners].sort());
    const inbox = await c.skattAdmin!.get('/api/v1/inbox');
    const item = inbox.body.items.find((i: any) => i.title.nb === 'Planlagt vedlikehold: Varslet vedlikehold for innboksen');
    expect(item, JSON.stringify(inbox.body.items.map((i: any) => i.title))).toBeDefined();
    expect(item.link).toBe(`/notices/${res.body.id}`);
    expect((await c.vendorAdmin!.get('/api/v1/inbox')).body.items.some((i: any) => i.title.nb?.includes('Varslet vedlikehold for innboksen'))).toBe(false);
  });

  it('[T-3.1.2] a breaking change with a retired API reaches the vendors too, naming the API and its sunset', async () => {
    const start = DateTime.now().setZone(ZONE).plus({ weeks: 10 }).startOf('day').set({ hour: 9 });
    const api = { product: 'broker', method: 'GET', path: '/broker/api/v1/filetransfer/{id}', sunsetAt: iso(start.plus({ months: 3 })) };
    const res = await c.operatorAdmin!.post('/api/v1/notices', { noticeClass: 'breakingChange', title: 'Ny filoverføringsstatus', components: ['broker'], startsAt: iso(start), apis: [api] });
    expect(res.status, res.text).toBe(201);
    const [ev] = await noticeEvents(res.body.id);
    const users = await told(ev!.id);
    expect(users).toContain(server.demo.users.vendorAdmin!.id);
    expect(users).toContain(server.demo.users.skattAdmin!.id);
    expect(users).not.toContain(server.demo.users.operatorAdmin!.id);
    const [item] = await server.ctx.db.select().from(inboxItems).where(and(eq(inboxItems.dedupeKey, `event:${ev!.id}`), eq(inboxItems.userId, server.demo.users.vendorAdmin!.id)));
    expect(item!.title).toEqual({ nb: 'Endring som krever tilpasning: Ny filoverføringsstatus', en: 'Breaking change: Ny filoverføringsstatus' });
  });
});
