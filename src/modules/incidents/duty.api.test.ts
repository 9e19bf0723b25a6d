/**
 * The operator on duty: operator admins keep a roster of operator admins and agents; whoever is on duty gets the SLA
 * warnings, and when nobody is, the operator admins of the operator organisations do. Every change is audited.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { authTables } from '../../platform/auth/index.ts';
import { accountsModule } from '../accounts/index.ts';
import { dutyModule } from './duty-routes.ts';
import { dutyDemo, operatorsOnDuty, osloWeekStart } from './duty.ts';
import { dutyRoster } from './tables.ts';

let server: TestServer;
const c: Record<string, TestClient> = {};
const KEYS = ['operatorAdmin', 'operatorAgent', 'auditor', 'skattAdmin', 'skattMember', 'vendorAdmin', 'vendorDev'];
beforeAll(async () => {
  // Only what the roster needs: accounts (log-in) and the roster's routes.
  server = await startTestServer({ modules: [accountsModule, dutyModule] });
  for (const k of KEYS) c[k] = await server.as(k);
});
afterAll(async () => server?.stop());
beforeEach(async () => {
  await server.ctx.db.delete(dutyRoster);
});

const uid = (k: string) => server.demo.users[k].id;
const H = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const audits = (id: string) => server.ctx.db.select().from(auditLog).where(and(eq(auditLog.targetType, 'duty'), eq(auditLog.targetId, id)));

describe('duty roster', () => {
  it('nobody on duty: the operator admins stand in', async () => {
    const now = await c.operatorAgent.get('/api/v1/duty/now');
    expect(now.status, now.text).toBe(200);
    expect(now.body.fallback).toBe(true);
    expect(now.body.users).toEqual([{ userId: uid('operatorAdmin'), email: 'admin@digdir.demo', name: 'Ada Administrator' }]);
    expect(now.body.entries).toEqual([]);
    expect(await operatorsOnDuty(server.ctx.db, new Date())).toEqual([{ userId: uid('operatorAdmin'), email: 'admin@digdir.demo', name: 'Ada Administrator' }]);
  });

  it('an operator admin puts the agent on duty; the agent is on duty inside the entry and the admins outside it; the change is audited', async () => {
    const t0 = Date.now() - 2 * H;
    const made = await c.operatorAdmin.post('/api/v1/duty', { userId: uid('operatorAgent'), startsAt: iso(t0), endsAt: iso(t0 + 12 * H), note: '  Dagvakt  ' });
    expect(made.status, made.text).toBe(201);
    expect(made.body).toMatchObject({ userId: uid('operatorAgent'), name: 'Sindre Servicedesk', email: 'servicedesk@digdir.demo', note: 'Dagvakt', current: true, createdBy: uid('operatorAdmin') });
    expect(made.body.startsAt).toMatch(/[+-]\d{2}:\d{2}$/);
    expect(new Date(made.body.startsAt).getTime()).toBe(Math.floor(t0 / 1000) * 1000);

    const now = await c.operatorAgent.get('/api/v1/duty/now');
    expect(now.body.fallback).toBe(false);
    expect(now.body.users).toEqual([{ userId: uid('operatorAgent'), email: 'servicedesk@digdir.demo', name: 'Sindre Servicedesk' }]);
    expect(now.body.entries.map((e: any) => e.id)).toEqual([made.body.id]);

    const agent = [{ userId: uid('operatorAgent'), email: 'servicedesk@digdir.demo', name: 'Sindre Servicedesk' }];
    expect(await operatorsOnDuty(server.ctx.db, new Date(t0))).toEqual(agent); // the start is inside
    expect(await operatorsOnDuty(server.ctx.db, new Date(t0 + 12 * H - 1))).toEqual(agent);
    const admins = [{ userId: uid('operatorAdmin'), email: 'admin@digdir.demo', name: 'Ada Administrator' }];
    expect(await operatorsOnDuty(server.ctx.db, new Date(t0 + 12 * H))).toEqual(admins); // the end is outside
    expect(await operatorsOnDuty(server.ctx.db, new Date(t0 - 1))).toEqual(admins);

    const a = await audits(made.body.id);
    expect(a.map((x) => x.action)).toEqual(['duty.create']);
    expect(a[0].actorUserId).toBe(uid('operatorAdmin'));
    expect(a[0].orgId).toBe(server.demo.orgs.digdir.id);
  });

  it('entries may overlap: two people on duty at once, by name', async () => {
    const t0 = Date.now() - H;
    expect((await c.operatorAdmin.post('/api/v1/duty', { userId: uid('operatorAgent'), startsAt: iso(t0), endsAt: iso(t0 + 8 * H) })).status).toBe(201);
    expect((await c.operatorAdmin.post('/api/v1/duty', { userId: uid('operatorAdmin'), startsAt: iso(t0 - H), endsAt: iso(t0 + 2 * H) })).status).toBe(201);
    // the same person twice counts once
    expect((await c.operatorAdmin.post('/api/v1/duty', { userId: uid('operatorAgent'), startsAt: iso(t0 - H), endsAt: iso(t0 + 3 * H) })).status).toBe(201);
    const who = await operatorsOnDuty(server.ctx.db, new Date());
    expect(who.map((u) => u.name)).toEqual(['Ada Administrator', 'Sindre Servicedesk']);
    const now = await c.auditor.get('/api/v1/duty/now');
    expect(now.body.users.map((u: any) => u.name)).toEqual(['Ada Administrator', 'Sindre Servicedesk']);
    expect(now.body.entries.length).toBe(3);
  });

  it('a disabled user is not on duty; the admins stand in', async () => {
    const t0 = Date.now() - H;
    await c.operatorAdmin.post('/api/v1/duty', { userId: uid('operatorAgent'), startsAt: iso(t0), endsAt: iso(t0 + 4 * H) });
    const { users } = authTables;
    await server.ctx.db.update(users).set({ disabled: true }).where(eq(users.id, uid('operatorAgent')));
    try {
      const now = await c.operatorAdmin.get('/api/v1/duty/now');
      expect(now.body.fallback).toBe(true);
      expect(now.body.users.map((u: any) => u.name)).toEqual(['Ada Administrator']);
    } finally {
      await server.ctx.db.update(users).set({ disabled: false }).where(eq(users.id, uid('operatorAgent')));
    }
    expect((await operatorsOnDuty(server.ctx.db, new Date())).map((u) => u.name)).toEqual(['Sindre Servicedesk']);
  });

  it('refuses an entry that ends before it starts, lasts more than 31 days, or puts someone other than an operator admin or agent on duty (400 naming the field)', async () => {
    const base = { userId: uid('operatorAgent'), startsAt: '2026-06-01T08:00', endsAt: '2026-06-01T16:00' };
    const bad = async (body: object, field: string) => {
      const res = await c.operatorAdmin.post('/api/v1/duty', body);
      expect(res.status, `${JSON.stringify(body)} ${res.text}`).toBe(400);
      expect(res.body.type).toBe('urn:samsvar:problem:validation');
      expect(res.body.errors.map((e: any) => e.field)).toContain(field);
    };
    await bad({ ...base, endsAt: base.startsAt }, 'body.endsAt');
    await bad({ ...base, endsAt: '2026-05-31T08:00' }, 'body.endsAt');
    await bad({ ...base, endsAt: '2026-07-02T08:01' }, 'body.endsAt'); // 31 days and a minute
    await bad({ ...base, startsAt: 'tomorrow' }, 'body.startsAt');
    await bad({ ...base, userId: uid('skattAdmin') }, 'body.userId');
    await bad({ ...base, userId: uid('auditor') }, 'body.userId');
    await bad({ ...base, userId: randomUUID() }, 'body.userId');
    await bad({ ...base, userId: 'nobody' }, 'body.userId');
    await bad({ startsAt: base.startsAt, endsAt: base.endsAt }, 'body.userId');
    expect(await server.ctx.db.select().from(dutyRoster)).toEqual([]);

    // Local times are Oslo time; exactly 31 days is allowed, also across the change to summer time.
    const local = await c.operatorAdmin.post('/api/v1/duty', base);
    expect(local.status, local.text).toBe(201);
    expect([local.body.startsAt, local.body.endsAt]).toEqual(['2026-06-01T08:00:00+02:00', '2026-06-01T16:00:00+02:00']);
    const month = await c.operatorAdmin.post('/api/v1/duty', { ...base, startsAt: '2026-03-10T08:00', endsAt: '2026-04-10T08:00' });
    expect(month.status, month.text).toBe(201);
    expect([month.body.startsAt, month.body.endsAt]).toEqual(['2026-03-10T08:00:00+01:00', '2026-04-10T08:00:00+02:00']);
    const admin = await c.operatorAdmin.post('/api/v1/duty', { ...base, userId: uid('operatorAdmin'), note: null });
    expect(admin.status).toBe(201);
    expect(admin.body.note).toBeNull();
  });

  it('lists the entries overlapping a window with the user on duty; the default window is this week (Oslo) and the three after', async () => {
    const mk = (userKey: string, startsAt: string, endsAt: string) => c.operatorAdmin.post('/api/v1/duty', { userId: uid(userKey), startsAt, endsAt }).then((r) => r.body.id as string);
    const a = await mk('operatorAgent', '2026-05-04T00:00', '2026-05-11T00:00');
    const b = await mk('operatorAdmin', '2026-05-10T20:00', '2026-05-12T08:00');
    const d = await mk('operatorAgent', '2026-05-11T00:00', '2026-05-18T00:00');
    await mk('operatorAgent', '2026-04-27T00:00', '2026-05-04T00:00'); // ends where the window starts: outside

    const res = await c.auditor.get('/api/v1/duty?from=2026-05-04&to=2026-05-11T12:00');
    expect(res.status, res.text).toBe(200);
    expect(res.body.from).toBe('2026-05-04T00:00:00+02:00');
    expect(res.body.to).toBe('2026-05-11T12:00:00+02:00');
    expect(res.body.items.map((e: any) => e.id)).toEqual([a, b, d]);
    expect(res.body.items[1]).toMatchObject({ name: 'Ada Administrator', email: 'admin@digdir.demo', current: false });
    expect((await c.operatorAgent.get(`/api/v1/duty?from=${encodeURIComponent('2026-05-18T00:00:00+02:00')}&to=2026-06-01`)).body.items).toEqual([]);

    const thisWeek = await mk('operatorAgent', iso(Date.now() - H), iso(Date.now() + H));
    const def = await c.operatorAgent.get('/api/v1/duty');
    expect(def.status).toBe(200);
    expect(new Date(def.body.from).getTime()).toBe(osloWeekStart(new Date()).getTime());
    expect(def.body.items.map((e: any) => [e.id, e.current])).toEqual([[thisWeek, true]]);

    expect((await c.operatorAgent.get('/api/v1/duty?from=2026-05-04&to=2026-05-04')).status).toBe(400);
    expect((await c.operatorAgent.get('/api/v1/duty?from=2026-01-01&to=2027-02-01')).status).toBe(400);
    const bad = await c.operatorAgent.get('/api/v1/duty?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('querystring.from');
  });

  it('an operator admin removes an entry (audited); unknown entries are 404', async () => {
    const made = (await c.operatorAdmin.post('/api/v1/duty', { userId: uid('operatorAgent'), startsAt: iso(Date.now() - H), endsAt: iso(Date.now() + H) })).body;
    expect((await c.operatorAgent.delete(`/api/v1/duty/${made.id}`)).status).toBe(403);
    expect((await c.operatorAdmin.delete(`/api/v1/duty/${made.id}`)).status).toBe(204);
    expect((await c.operatorAdmin.delete(`/api/v1/duty/${made.id}`)).status).toBe(404);
    expect((await c.operatorAdmin.delete(`/api/v1/duty/${randomUUID()}`)).status).toBe(404);
    expect((await audits(made.id)).map((x) => x.action)).toEqual(['duty.create', 'duty.delete']);
    expect((await c.operatorAgent.get('/api/v1/duty/now')).body.fallback).toBe(true);
  });

  it('lists the operators who may be put on duty', async () => {
    const res = await c.operatorAdmin.get('/api/v1/duty/operators');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { userId: uid('operatorAdmin'), email: 'admin@digdir.demo', name: 'Ada Administrator', role: 'operator-admin' },
      { userId: uid('operatorAgent'), email: 'servicedesk@digdir.demo', name: 'Sindre Servicedesk', role: 'operator-agent' },
    ]);
  });

  it('[T-5] operators and auditors read the roster; only operator admins change it; service owners and vendors get 403', async () => {
    const body = { userId: uid('operatorAgent'), startsAt: iso(Date.now()), endsAt: iso(Date.now() + H) };
    const routes: Array<[string, string, string[]]> = [
      ['GET', '/api/v1/duty', ['operatorAdmin', 'operatorAgent', 'auditor']],
      ['GET', '/api/v1/duty/now', ['operatorAdmin', 'operatorAgent', 'auditor']],
      ['GET', '/api/v1/duty/operators', ['operatorAdmin', 'operatorAgent', 'auditor']],
      ['POST', '/api/v1/duty', ['operatorAdmin']],
      ['DELETE', `/api/v1/duty/${randomUUID()}`, ['operatorAdmin']],
    ];
    const failures: string[] = [];
    for (const [method, path, allowed] of routes) {
      const anon = await server.client().request(method, path, method === 'POST' ? body : undefined);
      if (anon.status !== 401) failures.push(`anonymous ${method} ${path} → ${anon.status}`);
      for (const k of KEYS) {
        const res = await c[k].request(method, path, method === 'POST' ? body : undefined);
        const ok = allowed.includes(k);
        if (ok && [401, 403].includes(res.status)) failures.push(`${k} ${method} ${path} → ${res.status}`);
        if (!ok && res.status !== 403) failures.push(`${k} ${method} ${path} → ${res.status}, expected 403`);
        if (res.status >= 500) failures.push(`${k} ${method} ${path} → ${res.status} ${res.text}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('demo: the operator agent is on duty this week, Monday to Monday in Oslo time (idempotent)', async () => {
    await dutyDemo(server.ctx, server.demo);
    await dutyDemo(server.ctx, server.demo);
    const rows = await server.ctx.db.select().from(dutyRoster);
    expect(rows.length).toBe(1);
    expect(rows[0].userId).toBe(uid('operatorAgent'));
    expect(rows[0].startsAt.getTime()).toBe(osloWeekStart(new Date()).getTime());
    const oslo = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
    expect(oslo(rows[0].startsAt)).toBe('Mon 00:00');
    expect(oslo(rows[0].endsAt)).toBe('Mon 00:00');
    expect(rows[0].endsAt.getTime() - rows[0].startsAt.getTime()).toBeGreaterThanOrEqual(167 * H);
    expect((await operatorsOnDuty(server.ctx.db, new Date())).map((u) => u.email)).toEqual(['servicedesk@digdir.demo']);
  });
});
