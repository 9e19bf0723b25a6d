/**
 * Monitors over HTTP [S-2.3.1, S-7.1.1]: service owners manage their own organisation's monitors and nobody
 * else's; only operators tie a monitor to a component; targets are refused when private, loopback or link-local
 * unless allow-listed (OUTBOUND_ALLOW); "test now" checks without storing; results paged by time; uptime shares
 * and latency percentiles; pause, resume, delete; the retention of results.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { modules } from '../index.ts';
import { monitorResults, monitors, monitorsModule, pruneResults } from './index.ts';

/** Log-in (accounts), the policy and this module: enough for every route here, and quick to start. */
const withMonitors = [...modules.filter((m) => ['accounts', 'policy'].includes(m.name)), monitorsModule];

let server: TestServer;
let strict: TestServer;
const c: Record<string, TestClient> = {};
let target: http.Server;
let base = '';

beforeAll(async () => {
  target = http.createServer((req, res) => {
    if (req.url === '/ok') res.end('all systems ok');
    else if (req.url === '/teapot') res.writeHead(418).end('no');
    else res.writeHead(404).end('not here');
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  // Loopback allowed (testConfig), intervals down to 1 s.
  server = await startTestServer({ modules: withMonitors, config: { MONITOR_MIN_INTERVAL_SECONDS: 1 } });
  // No address allow-listed (http stays allowed, so the refusals below are for the address itself).
  strict = await startTestServer({ modules: withMonitors, config: { OUTBOUND_ALLOW: [] } });
  for (const k of ['operatorAdmin', 'operatorAgent', 'auditor', 'skattAdmin', 'skattMember', 'navAdmin', 'vendorAdmin']) c[k] = await server.as(k);
  c.strictOps = await strict.as('operatorAdmin');
  c.strictSkatt = await strict.as('skattAdmin');
}, 300_000);
afterAll(async () => {
  await server?.stop();
  await strict?.stop();
  await new Promise((r) => target?.close(r));
});

const org = (k: string) => server.demo.orgs[k]!.id;
const httpMonitor = (extra: Record<string, unknown> = {}) => ({ name: 'Skjema-app', kind: 'http', target: `${base}/ok`, intervalSeconds: 30, timeoutMs: 2000, ...extra });

describe('service owners and their own monitors [S-7.1.1]', () => {
  let mine: any;

  it('[S-7.1.1] a service owner creates a monitor for its own organisation and sees it', async () => {
    const r = await c.skattMember.post('/api/v1/monitors', httpMonitor({ keyword: 'ok', expectedStatus: '200-299, 301' }));
    expect(r.status, r.text).toBe(201);
    mine = r.body;
    expect(mine).toMatchObject({ orgId: org('skatt'), orgName: 'Skatteetaten', componentId: null, kind: 'http', method: 'GET', expectedStatus: '200-299,301', status: 'unknown', enabled: true });
    const list = await c.skattAdmin.get('/api/v1/monitors');
    expect(list.body.items.map((m: any) => m.id)).toContain(mine.id);
    expect(list.body.items.every((m: any) => m.orgId === org('skatt'))).toBe(true);
    expect((await c.skattAdmin.get(`/api/v1/monitors/${mine.id}`)).body.name).toBe('Skjema-app');
  });

  it('[S-7.1.1] a service owner cannot see or change another organisation\'s monitor (404), a vendor has no access (403)', async () => {
    const nav = c.navAdmin;
    expect((await nav.get('/api/v1/monitors')).body.items.map((m: any) => m.id)).not.toContain(mine.id);
    expect((await nav.get(`/api/v1/monitors/${mine.id}`)).status).toBe(404);
    expect((await nav.patch(`/api/v1/monitors/${mine.id}`, { name: 'taken over' })).status).toBe(404);
    expect((await nav.post(`/api/v1/monitors/${mine.id}/pause`)).status).toBe(404);
    expect((await nav.post(`/api/v1/monitors/${mine.id}/test`)).status).toBe(404);
    expect((await nav.get(`/api/v1/monitors/${mine.id}/results`)).status).toBe(404);
    expect((await nav.get(`/api/v1/monitors/${mine.id}/uptime`)).status).toBe(404);
    expect((await nav.delete(`/api/v1/monitors/${mine.id}`)).status).toBe(404);
    // Nor create one in Skatteetaten's name.
    expect((await nav.post('/api/v1/monitors', httpMonitor({ orgId: org('skatt') }))).status).toBe(403);
    expect((await c.vendorAdmin.get('/api/v1/monitors')).status).toBe(403);
    expect((await c.vendorAdmin.post('/api/v1/monitors', httpMonitor())).status).toBe(403);
    // Unchanged.
    expect((await c.skattAdmin.get(`/api/v1/monitors/${mine.id}`)).body).toMatchObject({ name: 'Skjema-app', enabled: true });
  });

  it('[S-7.1.1] operators and auditors see every organisation\'s monitors; the auditor only reads', async () => {
    const ops = await c.operatorAgent.get(`/api/v1/monitors?orgId=${org('skatt')}`);
    expect(ops.body.items.map((m: any) => m.id)).toContain(mine.id);
    expect((await c.auditor.get(`/api/v1/monitors/${mine.id}`)).status).toBe(200);
    expect((await c.auditor.patch(`/api/v1/monitors/${mine.id}`, { name: 'x' })).status).toBe(403);
    const platform = await c.operatorAdmin.get('/api/v1/monitors?orgId=platform');
    expect(platform.body.items.every((m: any) => m.orgId === null)).toBe(true);
  });

  it('[S-2.3.1] only operators tie a monitor to a policy component, and only to one the policy has', async () => {
    expect((await c.skattAdmin.post('/api/v1/monitors', httpMonitor({ componentId: 'apps' }))).status).toBe(403);
    expect((await c.skattAdmin.patch(`/api/v1/monitors/${mine.id}`, { componentId: 'apps' })).status).toBe(403);
    const bad = await c.operatorAdmin.post('/api/v1/monitors', httpMonitor({ componentId: 'no-such-thing' }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.componentId');
    const ok = await c.operatorAdmin.post('/api/v1/monitors', httpMonitor({ name: 'Altinn Apps', componentId: 'apps' }));
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body).toMatchObject({ orgId: null, componentId: 'apps' });
    // An operator may also make one for a service owner.
    const forNav = await c.operatorAdmin.post('/api/v1/monitors', httpMonitor({ name: 'NAV-app', orgId: org('nav') }));
    expect(forNav.body.orgId).toBe(org('nav'));
    expect((await c.navAdmin.get(`/api/v1/monitors/${forNav.body.id}`)).status).toBe(200);
  });

  it('[S-2.3.1] definitions are validated: interval, timeout, expected status, keyword of a tcp monitor, target form', async () => {
    const post = (extra: Record<string, unknown>) => c.operatorAdmin.post('/api/v1/monitors', httpMonitor(extra));
    const field = async (extra: Record<string, unknown>) => {
      const r = await post(extra);
      expect(r.status, JSON.stringify(extra)).toBe(400);
      return r.body.errors[0].field as string;
    };
    expect(await field({ expectedStatus: '2xx' })).toBe('body.expectedStatus');
    expect(await field({ intervalSeconds: 5, timeoutMs: 6000 })).toBe('body.timeoutMs');
    expect(await field({ kind: 'tcp', target: '127.0.0.1:80', keyword: 'x' })).toBe('body.keyword');
    expect(await field({ kind: 'tcp', target: 'no-port' })).toBe('body.target');
    expect(await field({ target: 'ftp://example.no/' })).toBe('body.target');
    expect((await post({ method: 'DELETE' })).status).toBe(400);
    // The default minimum interval (10 s) on the other server.
    const r = await c.strictOps.post('/api/v1/monitors', { name: 'x', kind: 'http', target: 'https://example.no/', intervalSeconds: 5, timeoutMs: 1000 });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ field: 'body.intervalSeconds', message: 'must be at least 10 seconds' });
  });
});

describe('SSRF protection of monitor targets [S-2.3.1]', () => {
  it('[S-2.3.1] private, link-local (metadata) and loopback targets are refused with the reason when not allow-listed', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ target: 'https://10.0.0.1/health' }, /10\.0\.0\.1 is a private address/],
      [{ target: 'http://169.254.169.254/latest/meta-data/' }, /169\.254\.169\.254 is a link-local \(cloud metadata\) address/],
      [{ target: 'https://localhost/health' }, /localhost is an internal name/],
      [{ target: 'https://[::1]:8443/' }, /::1 is a loopback address/],
      [{ target: 'https://[::ffff:127.0.0.1]/' }, /loopback \(IPv4 inside IPv6\) address/],
      [{ kind: 'tcp', target: '127.0.0.1:5432' }, /127\.0\.0\.1 is a loopback address/],
      [{ kind: 'tcp', target: '192.168.1.10:22' }, /private address/],
    ];
    for (const [extra, reason] of cases) {
      for (const client of [c.strictOps, c.strictSkatt]) {
        const r = await client.post('/api/v1/monitors', { name: 'probe', kind: 'http', intervalSeconds: 30, timeoutMs: 2000, ...extra });
        expect(r.status, JSON.stringify(extra)).toBe(400);
        expect(r.body.errors[0].field).toBe('body.target');
        expect(r.body.errors[0].message).toMatch(reason);
      }
      // "Test now" goes through the same guard.
      const t = await c.strictSkatt.post('/api/v1/monitors/test', { kind: 'http', timeoutMs: 1000, ...extra });
      expect(t.status, JSON.stringify(extra)).toBe(400);
    }
    expect((await c.strictOps.get('/api/v1/monitors?orgId=platform')).body.items.filter((m: any) => m.name === 'probe')).toEqual([]);
  });

  it('[S-2.3.1] a target changed to a refused address is refused too; an allow-listed loopback target is accepted', async () => {
    const ok = await c.operatorAdmin.post('/api/v1/monitors', httpMonitor({ name: 'loopback allowed' }));
    expect(ok.status, ok.text).toBe(201);
    const changed = await c.operatorAdmin.patch(`/api/v1/monitors/${ok.body.id}`, { target: 'http://169.254.169.254/' });
    expect(changed.status).toBe(400);
    expect(changed.body.errors[0].message).toMatch(/link-local/);
    expect((await c.operatorAdmin.get(`/api/v1/monitors/${ok.body.id}`)).body.target).toBe(`${base}/ok`);
  });
});

describe('test now, results, uptime, pause and delete [S-2.3.1]', () => {
  it('[S-2.3.1] "test now" runs one check and returns it without storing anything', async () => {
    const ok = await c.skattAdmin.post('/api/v1/monitors/test', { kind: 'http', target: `${base}/ok`, keyword: 'ok', timeoutMs: 2000 });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, statusCode: 200, error: null });
    expect(ok.body.latencyMs).toBeGreaterThanOrEqual(0);
    const miss = await c.skattAdmin.post('/api/v1/monitors/test', { kind: 'http', target: `${base}/ok`, keyword: 'degraded' });
    expect(miss.body).toMatchObject({ ok: false, statusCode: 200 });
    expect(miss.body.error).toMatch(/does not contain "degraded"/);
    const status = await c.skattAdmin.post('/api/v1/monitors/test', { kind: 'http', target: `${base}/teapot`, method: 'HEAD' });
    expect(status.body).toMatchObject({ ok: false, statusCode: 418, error: 'status 418, expected 200-299' });
    const teapotOk = await c.skattAdmin.post('/api/v1/monitors/test', { kind: 'http', target: `${base}/teapot`, expectedStatus: '200-299,418' });
    expect(teapotOk.body.ok).toBe(true);
    const port = (target.address() as AddressInfo).port;
    expect((await c.skattAdmin.post('/api/v1/monitors/test', { kind: 'tcp', target: `127.0.0.1:${port}`, timeoutMs: 1000 })).body).toMatchObject({ ok: true, statusCode: null });

    const made = await c.skattAdmin.post('/api/v1/monitors', httpMonitor({ name: 'tested', target: `${base}/teapot` }));
    const saved = await c.skattAdmin.post(`/api/v1/monitors/${made.body.id}/test`);
    expect(saved.body).toMatchObject({ ok: false, statusCode: 418 });
    const after = await c.skattAdmin.get(`/api/v1/monitors/${made.body.id}`);
    expect(after.body).toMatchObject({ status: 'unknown', lastCheckedAt: null, consecutiveFailures: 0 });
    expect((await server.ctx.db.select().from(monitorResults).where(eq(monitorResults.monitorId, made.body.id))).length).toBe(0);
  });

  it('[S-2.3.1] results are paged newest first within ?from&to; uptime gives the share of ok checks and latency percentiles', async () => {
    const made = await c.skattAdmin.post('/api/v1/monitors', httpMonitor({ name: 'with history' }));
    const id = made.body.id as string;
    const now = Date.now();
    const H = 3600_000;
    // 10 checks in the last day (8 ok at 10…80 ms, 2 failed), 10 more 3 days ago (all failed), 5 more 20 days ago (ok).
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => ({ monitorId: id, checkedAt: new Date(now - (i + 1) * H), ok: i < 8, statusCode: i < 8 ? 200 : 503, latencyMs: i < 8 ? (i + 1) * 10 : 5, error: i < 8 ? null : 'status 503' })),
      ...Array.from({ length: 10 }, (_, i) => ({ monitorId: id, checkedAt: new Date(now - 72 * H - i * 60_000), ok: false, statusCode: null, latencyMs: 2000, error: 'timeout' })),
      ...Array.from({ length: 5 }, (_, i) => ({ monitorId: id, checkedAt: new Date(now - 480 * H - i * 60_000), ok: true, statusCode: 200, latencyMs: 500, error: null })),
    ];
    await server.ctx.db.insert(monitorResults).values(rows);

    const page1 = await c.skattAdmin.get(`/api/v1/monitors/${id}/results?limit=4&from=${new Date(now - 24 * H).toISOString()}`);
    expect(page1.status, page1.text).toBe(200);
    expect(page1.body.items.map((r: any) => r.latencyMs)).toEqual([10, 20, 30, 40]);
    expect(page1.body.nextCursor).not.toBeNull();
    const page3 = await c.skattAdmin.get(`/api/v1/monitors/${id}/results?limit=4&from=${new Date(now - 24 * H).toISOString()}&before=${page1.body.nextCursor}`);
    const page2Items = page3.body.items;
    expect(page2Items.map((r: any) => r.latencyMs)).toEqual([50, 60, 70, 80]);
    const rest = await c.skattAdmin.get(`/api/v1/monitors/${id}/results?limit=4&from=${new Date(now - 24 * H).toISOString()}&before=${page3.body.nextCursor}`);
    expect(rest.body.items.map((r: any) => r.error)).toEqual(['status 503', 'status 503']);
    expect(rest.body.nextCursor).toBeNull();
    const window = await c.skattAdmin.get(`/api/v1/monitors/${id}/results?from=${new Date(now - 100 * H).toISOString()}&to=${new Date(now - 48 * H).toISOString()}`);
    expect(window.body.items.length).toBe(10);
    expect(window.body.items.every((r: any) => r.error === 'timeout')).toBe(true);

    const up = await c.skattAdmin.get(`/api/v1/monitors/${id}/uptime`);
    expect(up.status, up.text).toBe(200);
    const w = Object.fromEntries(up.body.windows.map((x: any) => [x.window, x]));
    expect(w['24h']).toMatchObject({ checks: 10, okChecks: 8, uptime: 80, p50LatencyMs: 45 });
    expect(w['24h'].p95LatencyMs).toBeCloseTo(76.5, 1);
    expect(w['7d']).toMatchObject({ checks: 20, okChecks: 8, uptime: 40 });
    expect(w['30d']).toMatchObject({ checks: 25, okChecks: 13, uptime: 52 });
    const listed = (await c.skattAdmin.get('/api/v1/monitors')).body.items.find((m: any) => m.id === id);
    expect(listed).toMatchObject({ uptime24h: 80, uptime30d: 52 });
  });

  it('[S-2.3.1] pause and resume; a deleted monitor is gone for everyone; every change is audited', async () => {
    const made = await c.skattAdmin.post('/api/v1/monitors', httpMonitor({ name: 'short-lived' }));
    const id = made.body.id as string;
    expect((await c.skattMember.post(`/api/v1/monitors/${id}/pause`)).body.enabled).toBe(false);
    expect((await c.skattMember.post(`/api/v1/monitors/${id}/resume`)).body.enabled).toBe(true);
    const renamed = await c.skattMember.patch(`/api/v1/monitors/${id}`, { name: 'renamed', intervalSeconds: 60 });
    expect(renamed.body).toMatchObject({ name: 'renamed', intervalSeconds: 60 });
    expect((await c.skattAdmin.delete(`/api/v1/monitors/${id}`)).status).toBe(204);
    expect((await c.skattAdmin.get(`/api/v1/monitors/${id}`)).status).toBe(404);
    expect((await c.operatorAdmin.get(`/api/v1/monitors/${id}`)).status).toBe(404);
    expect((await c.operatorAdmin.get('/api/v1/monitors?limit=200')).body.items.map((m: any) => m.id)).not.toContain(id);
    const [row] = await server.ctx.db.select().from(monitors).where(eq(monitors.id, id));
    expect(row!.deletedAt).not.toBeNull();
    const trail = await server.ctx.db.select().from(auditLog).where(and(eq(auditLog.targetType, 'monitor'), eq(auditLog.targetId, id)));
    expect(trail.map((a) => a.action).sort()).toEqual(['monitor.create', 'monitor.delete', 'monitor.pause', 'monitor.resume', 'monitor.update']);
  });

  it('[S-2.3.1] the retention deletes results older than the limit and keeps the rest', async () => {
    const made = await c.operatorAdmin.post('/api/v1/monitors', httpMonitor({ name: 'retention' }));
    const id = made.body.id as string;
    const now = new Date();
    await server.ctx.db.insert(monitorResults).values([
      { monitorId: id, checkedAt: new Date(now.getTime() - 91 * 86_400_000), ok: true, latencyMs: 1 },
      { monitorId: id, checkedAt: new Date(now.getTime() - 89 * 86_400_000), ok: true, latencyMs: 2 },
    ]);
    const deleted = await pruneResults(server.ctx.db, 90, now);
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = await server.ctx.db.select().from(monitorResults).where(eq(monitorResults.monitorId, id));
    expect(left.map((r) => r.latencyMs)).toEqual([2]);
  });
});
