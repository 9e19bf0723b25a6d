/**
 * Availability over HTTP (S-2.3.1, S-2.4.1, S-2.3.2, S-2.3.5, S-2.4.2, S-3.1): component state written through
 * setSignal and notice rows as the notices module writes them, then the monthly report, the per-day figures, CSV
 * and the catalogue read back over the public API. March 2026 has the spring DST change (743 h).
 */
import { randomUUID } from 'node:crypto';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers.ts';
import { parseInstant } from '../../kernel/worktime/index.ts';
import { modules } from '../index.ts';
import { notices } from '../notices/tables.ts';
import { componentsDemo } from './demo.ts';
import { excludedMaintenance, setSignal, type ComponentState } from './index.ts';
import { componentStates } from './tables.ts';

const p = (s: string) => new Date(parseInstant(s));
const MIN = 60_000;
const H = 60 * MIN;

let server: TestServer;
const get = (path: string) => server.client().get(path);

async function episode(componentId: string, state: ComponentState, from: string, to: string, source = 'operator', ref: string = randomUUID()) {
  await server.ctx.db.transaction(async (tx) => {
    await setSignal(tx, server.ctx, { componentId, source, ref, state, at: p(from) });
    await setSignal(tx, server.ctx, { componentId, source, ref, state: null, at: p(to) });
  });
}

let nRef = 0;
/** A notice row as the notices module stores it, plus its running-maintenance signal (components under_maintenance). */
async function maintenance(o: { components: string[]; noticeClass?: string; starts: string; ends: string; started?: string; completed?: string; late?: boolean; incident?: boolean; cancelled?: boolean }) {
  const [n] = await server.ctx.db
    .insert(notices)
    .values({
      ref: `VAR-2026-${String(++nRef).padStart(4, '0')}`,
      noticeClass: o.noticeClass ?? 'maintenance',
      title: `Vedlikehold ${nRef}`,
      state: o.cancelled ? 'cancelled' : o.completed ? 'completed' : o.started ? 'in_progress' : 'scheduled',
      components: o.components,
      impact: 'under_maintenance',
      publishedAt: p('2026-02-01T09:00'),
      startsAt: p(o.starts),
      endsAt: p(o.ends),
      startedAt: o.started ? p(o.started) : null,
      completedAt: o.completed ? p(o.completed) : null,
      cancelledAt: o.cancelled ? p('2026-02-02T09:00') : null,
      incidentId: o.incident ? randomUUID() : null,
      late: o.late ?? false,
      check: { earliestStart: null, late: o.late ?? false, warnings: [] },
    })
    .returning();
  if (o.started && o.completed) for (const c of o.components) await episode(c, 'under_maintenance', o.started, o.completed, 'maintenance', n!.id);
  return n!;
}

beforeAll(async () => {
  // No demo data: the demos write recent history, and setSignal never rewrites history before an open interval.
  server = await startTestServer({ modules, demo: false });
  // sbl (24/7, 99.9 %) in March 2026, in time order
  await episode('sbl', 'major_outage', '2026-03-03T10:00', '2026-03-03T10:30'); // 30 min
  await maintenance({ components: ['sbl'], noticeClass: 'emergency', incident: true, starts: '2026-03-05T12:00', ends: '2026-03-05T12:20', started: '2026-03-05T12:00', completed: '2026-03-05T12:20' }); // excluded 20 min
  await maintenance({ components: ['sbl'], noticeClass: 'emergency', starts: '2026-03-06T12:00', ends: '2026-03-06T12:10', started: '2026-03-06T12:00', completed: '2026-03-06T12:10' }); // no incident: 10 min down
  await episode('sbl', 'partial_outage', '2026-03-10T12:00', '2026-03-10T14:00'); // 2 h at half: 1 h
  await maintenance({ components: ['sbl'], starts: '2026-03-14T22:00', ends: '2026-03-15T02:00', started: '2026-03-14T22:00', completed: '2026-03-15T01:00' }); // excluded 3 h (as it ran)
  await maintenance({ components: ['sbl'], late: true, starts: '2026-03-20T23:00', ends: '2026-03-21T00:30', started: '2026-03-20T23:00', completed: '2026-03-21T00:30' }); // late: 90 min down
  await maintenance({ components: ['sbl'], starts: '2026-03-25T22:00', ends: '2026-03-25T23:00', started: '2026-03-25T22:00', completed: '2026-03-25T23:30' }); // 1 h excluded, 30 min overrun down
  await maintenance({ components: ['sbl'], cancelled: true, starts: '2026-03-27T22:00', ends: '2026-03-27T23:00' }); // cancelled before it started: nothing
  await episode('sbl', 'major_outage', '2026-03-29T01:30', '2026-03-29T03:30'); // across the DST change: 1 real hour
  // studio (Mon–Fri 07–20, 99.8 %)
  await episode('studio', 'major_outage', '2026-03-02T06:00', '2026-03-02T08:00'); // 1 h inside
  await episode('studio', 'partial_outage', '2026-03-04T10:00', '2026-03-04T12:00'); // inside: 1 h
  await episode('studio', 'partial_outage', '2026-03-04T21:00', '2026-03-04T23:00'); // outside: 0
  await episode('studio', 'major_outage', '2026-03-07T10:00', '2026-03-07T14:00'); // Saturday: 0
  await maintenance({ components: ['studio'], starts: '2026-03-09T21:00', ends: '2026-03-09T23:00', started: '2026-03-09T21:00', completed: '2026-03-09T23:00' }); // outside the window
}, 600_000);
afterAll(async () => server?.stop());

describe('monthly availability over HTTP', () => {
  it('[S-2.3.1] [S-2.3.2] [S-2.3.5] a 24/7 component: announced maintenance as it ran is excluded, late, overrun and emergency without incident count', async () => {
    const res = await get('/api/v1/availability?month=2026-03');
    expect(res.status, res.text).toBe(200);
    expect(res.body.from).toBe('2026-02-28T23:00:00.000Z');
    expect(res.body.to).toBe('2026-03-31T22:00:00.000Z');
    const sbl = res.body.components.find((c: { componentId: string }) => c.componentId === 'sbl');
    expect(sbl.windowMs).toBe(743 * H);
    // excluded: 20 min (emergency with incident) + 3 h (announced 22–02, ran 22–01) + 1 h (announced part of the overrun one)
    expect(sbl.excludedMs).toBe(260 * MIN);
    // down: 30 + 10 (emergency, no incident) + 60 (partial at half) + 90 (late) + 30 (overrun) + 60 (DST night)
    expect(sbl.downMs).toBe(280 * MIN);
    expect(sbl.countedMaintenanceMs).toBe(130 * MIN);
    expect(sbl.availability).toBeCloseTo((100 * (44580 - 260 - 280)) / (44580 - 260), 9);
    expect(sbl.budgetMs).toBeCloseTo(0.001 * (44580 - 260) * MIN, 2);
    expect(sbl.met).toBe(false);
    expect(sbl.complete).toBe(true);
    expect(sbl.clauses).toContain('S-2.3.1');
    expect(sbl.target).toBe(99.9);
    expect(sbl.days).toHaveLength(31);
    expect(sbl.days.find((d: { date: string }) => d.date === '2026-03-29')).toMatchObject({ windowMs: 23 * H, downMs: 1 * H, worst: 'major_outage' });
    expect(sbl.maintenance.excluded.map((w: { from: string; to: string }) => [w.from, w.to])).toEqual([
      [p('2026-03-05T12:00').toISOString(), p('2026-03-05T12:20').toISOString()],
      [p('2026-03-14T22:00').toISOString(), p('2026-03-15T01:00').toISOString()],
      [p('2026-03-25T22:00').toISOString(), p('2026-03-25T23:00').toISOString()],
    ]);
    expect(sbl.maintenance.counted.map((w: { reason: string; from: string }) => [w.reason, w.from])).toEqual([
      ['noIncident', p('2026-03-06T12:00').toISOString()],
      ['late', p('2026-03-20T23:00').toISOString()],
      ['overrun', p('2026-03-25T23:00').toISOString()],
    ]);
  });

  it('[S-2.4.1] a Monday–Friday 07–20 component counts only its window; other components without history are at 100 %', async () => {
    const res = await get('/api/v1/availability?month=2026-03');
    const studio = res.body.components.find((c: { componentId: string }) => c.componentId === 'studio');
    expect(studio).toMatchObject({ operatingWindow: 'tul', target: 99.8, windowMs: 286 * H, excludedMs: 0, downMs: 2 * H, met: false });
    expect(studio.availability).toBeCloseTo((100 * 284) / 286, 9);
    // the night maintenance is announced and excluded, but lies outside the window: it removes nothing
    expect(studio.maintenance.excluded.map((w: { from: string }) => w.from)).toEqual([p('2026-03-09T21:00').toISOString()]);
    expect(studio.days.find((d: { date: string }) => d.date === '2026-03-07')).toMatchObject({ windowMs: 0, availability: null });
    const tul = res.body.components.find((c: { componentId: string }) => c.componentId === 'tul');
    expect(tul).toMatchObject({ windowMs: 286 * H, downMs: 0, availability: 100, met: true });
    expect(tul.budgetLeftMs).toBeCloseTo(0.002 * 286 * H, 2);
    expect(res.body.summary).toMatchObject({ components: res.body.components.length, breached: 2 });
  });

  it('[S-2.3.1] [S-2.3.2] work started before the announced start counts for the early part; a class not tied to components excludes nothing', async () => {
    await maintenance({ components: ['correspondence'], starts: '2026-04-10T22:00', ends: '2026-04-10T23:00', started: '2026-04-10T21:30', completed: '2026-04-10T23:00' });
    await maintenance({ components: ['correspondence'], noticeClass: 'newService', starts: '2026-04-12T22:00', ends: '2026-04-12T22:15', started: '2026-04-12T22:00', completed: '2026-04-12T22:15' });
    const m = (await excludedMaintenance(server.ctx.db, server.ctx.policy.policy, ['correspondence'], p('2026-04-01'), p('2026-05-01'), new Date())).get('correspondence')!;
    expect(m.excluded.map((w) => [w.from, w.to])).toEqual([[p('2026-04-10T22:00').getTime(), p('2026-04-10T23:00').getTime()]]);
    expect(m.counted.map((w) => [w.reason, w.from, w.to])).toEqual([
      ['early', p('2026-04-10T21:30').getTime(), p('2026-04-10T22:00').getTime()],
      ['notExcludedClass', p('2026-04-12T22:00').getTime(), p('2026-04-12T22:15').getTime()],
    ]);
    const res = await get('/api/v1/availability?month=2026-04&component=correspondence');
    expect(res.body.components).toHaveLength(1);
    expect(res.body.components[0]).toMatchObject({ windowMs: 720 * H, excludedMs: 1 * H, downMs: 45 * MIN, countedMaintenanceMs: 45 * MIN });
  });

  it('[S-2.3.1] [S-2.4.1] CSV: one row per component, or per day', async () => {
    const res = await get('/api/v1/availability?month=2026-03&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('availability-2026-03.csv');
    const lines = res.text.trim().split('\r\n');
    const head = lines[0]!.split(',');
    expect(head.slice(0, 3)).toEqual(['month', 'component', 'name']);
    const row = lines.find((l) => l.startsWith('2026-03,sbl,'))!.split(',');
    const col = (k: string) => row[head.indexOf(k)];
    expect(col('window_minutes')).toBe('44580');
    expect(col('excluded_minutes')).toBe('260');
    expect(col('down_minutes')).toBe('280');
    expect(col('availability_percent')).toBe(((100 * 44040) / 44320).toFixed(4).replace(/0+$/, ''));
    expect(col('met')).toBe('breached');
    const days = await get('/api/v1/availability?month=2026-03&format=csv&detail=day&component=studio');
    const dl = days.text.trim().split('\r\n');
    expect(dl).toHaveLength(32);
    expect(dl.find((l) => l.startsWith('2026-03-02,studio,'))).toContain(',780,0,60,');
  });

  it('[S-2.3.1] bad input is a problem naming the field', async () => {
    for (const [q, field] of [
      ['month=2026-13', 'querystring.month'],
      ['month=march', 'querystring.month'],
      ['month=2099-01', 'querystring.month'],
      ['month=1899-12', 'querystring.month'],
      ['month=2026-03&component=nope', 'querystring.component'],
    ] as const) {
      const res = await get(`/api/v1/availability?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors[0].field, q).toBe(field);
    }
    const d = await get('/api/v1/availability/daily?days=0');
    expect(d.status).toBe(400);
    expect(d.body.errors[0].field).toBe('querystring.days');
  });
});

describe('catalogue, state history and rolling days', () => {
  it('[S-3.1] the catalogue lists every component with group, class, target, window, docs and its current state', async () => {
    const at = new Date(Date.now() - 10 * MIN);
    await server.ctx.db.transaction((tx) => setSignal(tx, server.ctx, { componentId: 'apps', source: 'operator', ref: 'api-test', state: 'major_outage', at }));
    const res = await get('/api/v1/components');
    expect(res.status, res.text).toBe(200);
    expect(res.body.groups.map((g: { key: string }) => g.key)).toEqual(['enduser', 'apps', 'apis', 'development']);
    const apps = res.body.items.find((c: { id: string }) => c.id === 'apps');
    expect(apps).toMatchObject({ group: 'apps', classKey: 'enduser', operatingWindow: 'always', target: 99.9, state: 'major_outage', since: at.toISOString() });
    expect(apps.causes).toEqual([{ source: 'operator', ref: 'api-test', state: 'major_outage' }]);
    expect(apps.docs[0].url).toMatch(/^https:\/\//);
    const tt = res.body.items.find((c: { id: string }) => c.id === 'tt');
    expect(tt).toMatchObject({ operatingWindow: 'tul', target: 99.8, maintenanceInsideWindow: 'refuse' });
  });

  it('[S-2.3.1] one component with its state history for a period', async () => {
    const res = await get(`/api/v1/components/sbl?from=${encodeURIComponent('2026-03-29T00:00:00+01:00')}&to=${encodeURIComponent('2026-03-30T00:00:00+02:00')}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body.history.items.map((i: { state: string; from: string }) => [i.state, i.from])).toEqual([
      ['operational', p('2026-03-25T23:30').toISOString()],
      ['major_outage', p('2026-03-29T01:30').toISOString()],
      ['operational', p('2026-03-29T03:30').toISOString()],
    ]);
    expect((await get('/api/v1/components/nope')).status).toBe(404);
    const bad = await get('/api/v1/components/sbl?from=2026-03-30T00:00:00Z&to=2026-03-29T00:00:00Z');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('querystring.from');
  });

  it('[S-2.3.1] rolling days: 90 Oslo days ending today, today showing the current outage', async () => {
    const res = await get('/api/v1/availability/daily?days=90&component=apps');
    expect(res.status, res.text).toBe(200);
    expect(res.body.components).toHaveLength(1);
    const apps = res.body.components[0];
    expect(apps.days).toHaveLength(90);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());
    expect(apps.days.at(-1)).toMatchObject({ date: today, worst: 'major_outage' });
    // The outage began 10 minutes ago — or, just after midnight in Oslo, yesterday: today holds only its part since then.
    expect(apps.days.at(-1).downMs).toBeGreaterThanOrEqual(Math.min(10 * MIN, Date.now() - p(`${today}T00:00`).getTime()) - 1000);
    expect(apps.windowMs).toBe(apps.days.reduce((a: number, d: { windowMs: number }) => a + d.windowMs, 0));
    expect((await get('/api/v1/availability/daily?component=nope')).body.errors[0].field).toBe('querystring.component');
  });
});

describe('demo history', () => {
  it('[S-2.3.1] [S-2.4.1] the demo gives non-trivial figures, leaves components with history alone and is idempotent', async () => {
    const rows = async () => Number((await server.ctx.db.select({ n: count() }).from(componentStates))[0]!.n);
    const sblBefore = await get('/api/v1/components/sbl');
    await componentsDemo(server.ctx, { ...server.demo, log: () => undefined });
    const after = await rows();
    await componentsDemo(server.ctx, { ...server.demo, log: () => undefined });
    expect(await rows()).toBe(after);
    expect((await get('/api/v1/components/sbl')).body.history.items).toEqual(sblBefore.body.history.items); // had history: untouched
    const res = await get('/api/v1/availability/daily?days=100');
    const down = res.body.components.filter((c: { downMs: number }) => c.downMs > 0).map((c: { componentId: string }) => c.componentId);
    expect(down).toEqual(expect.arrayContaining(['dialogporten', 'tul', 'tt', 'broker', 'events', 'systemuser']));
    // tt: two hours of late maintenance from 19:00 on a weekday, one of them inside the 07–20 window
    const tt = res.body.components.find((c: { componentId: string }) => c.componentId === 'tt');
    expect(tt.downMs).toBe(1 * H);
    // tul: one hour down on a weekday morning counts; five hours on a Saturday do not
    expect(res.body.components.find((c: { componentId: string }) => c.componentId === 'tul').downMs).toBe(1 * H);
    // broker: two hours of unannounced maintenance at night on a 24/7 component count in full
    expect(res.body.components.find((c: { componentId: string }) => c.componentId === 'broker').downMs).toBe(2 * H);
  });
});
