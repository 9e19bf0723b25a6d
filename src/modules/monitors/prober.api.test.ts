/**
 * The prober role against real local servers [S-2.3.1, S-7.1.1]: an HTTP server and a TCP server started here go
 * down and come back; after failureThreshold failed checks the monitor is down and its component's state (from
 * component_states) is its downState, and after recovery operational again; a missing keyword and a timeout fail;
 * slow answers make it degraded; transitions publish events (operators' for platform monitors, the organisation's
 * for a service owner's); a change through the API is picked up at once; results are written in batches; on
 * PostgreSQL only one prober process probes at a time. Time is compressed (timeScale): a 2 s interval runs every
 * 400 ms.
 */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, usingPostgres, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { events } from '../../platform/events/index.ts';
import { currentStates } from '../components/signals.ts';
import { componentSignals } from '../components/tables.ts';
import { modules } from '../index.ts';
import { monitorResults, monitors, monitorsModule, startProber, type Prober } from './index.ts';

const withMonitors = [...modules.filter((m) => ['accounts', 'policy'].includes(m.name)), monitorsModule];
const SCALE = 0.2;

let server: TestServer;
let ops: TestClient;
let skatt: TestClient;
let prober: Prober;

// ------------------------------------------------------------------------------------ the servers checked
let httpPort = 0;
const web = http.createServer((req, res) => {
  if (req.url === '/health') res.end('{"status":"ok"}');
  else if (req.url === '/slow') setTimeout(() => res.end('ok, slowly'), 120);
  else if (req.url === '/hang') setTimeout(() => res.end('too late'), 5000);
  else res.writeHead(404).end();
});
async function webDown() {
  await new Promise<void>((r) => {
    web.close(() => r());
    web.closeAllConnections();
  });
}
async function webUp() {
  await new Promise<void>((r) => web.listen(httpPort, '127.0.0.1', r));
}
let tcpPort = 0;
let tcp = net.createServer((s) => s.end());

const waitFor = async <T>(what: string, get: () => Promise<T>, pass: (v: T) => boolean, ms = 15_000): Promise<T> => {
  const end = Date.now() + ms;
  let last: T = await get();
  while (!pass(last)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 40));
    last = await get();
  }
  return last;
};
const monitorRow = async (id: string) => (await server.ctx.db.select().from(monitors).where(eq(monitors.id, id)))[0]!;
const componentState = async (id: string) => (await currentStates(server.ctx.db)).get(id)?.state ?? 'operational';
const eventsOf = async (id: string) => server.ctx.db.select().from(events).where(eq(events.subject, id)).orderBy(events.seq);

beforeAll(async () => {
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  httpPort = (web.address() as AddressInfo).port;
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  tcpPort = (tcp.address() as AddressInfo).port;
  server = await startTestServer({ modules: withMonitors, config: { MONITOR_MIN_INTERVAL_SECONDS: 1 } });
  ops = await server.as('operatorAdmin');
  skatt = await server.as('skattAdmin');
  // The demo monitors check PUBLIC_URL, which no test server listens on: out of the way.
  await server.ctx.db.update(monitors).set({ deletedAt: new Date(), enabled: false }).where(isNull(monitors.deletedAt));
  prober = await startProber(server.ctx, { timeScale: SCALE, flushMs: 50 });
}, 120_000);
afterAll(async () => {
  await prober?.stop();
  await server?.stop();
  web.closeAllConnections();
  await new Promise((r) => web.close(r));
  await new Promise((r) => tcp.close(r));
});

const create = async (client: TestClient, body: Record<string, unknown>) => {
  const r = await client.post('/api/v1/monitors', { intervalSeconds: 2, timeoutMs: 2000, failureThreshold: 2, recoveryThreshold: 1, ...body });
  expect(r.status, r.text).toBe(201);
  return r.body.id as string;
};

describe('the prober [S-2.3.1]', () => {
  it('[S-2.3.1] an HTTP monitor: down after failureThreshold failed checks (component major_outage), operational again when the server is back', async () => {
    const id = await create(ops, { name: 'TT02 health', kind: 'http', target: `http://127.0.0.1:${httpPort}/health`, keyword: '"ok"', componentId: 'tt' });
    await waitFor('up', () => monitorRow(id), (m) => m.status === 'up');
    expect(await componentState('tt')).toBe('operational');

    await webDown();
    const down = await waitFor('down', () => monitorRow(id), (m) => m.status === 'down');
    expect(down.consecutiveFailures).toBeGreaterThanOrEqual(2);
    expect(down.lastError).toMatch(/ECONNREFUSED|network/);
    expect(await componentState('tt')).toBe('major_outage');
    const results = await server.ctx.db.select().from(monitorResults).where(eq(monitorResults.monitorId, id)).orderBy(monitorResults.checkedAt);
    const firstFail = results.findIndex((r) => !r.ok);
    // The state changed at the second consecutive failure, not the first.
    expect(results.slice(firstFail, firstFail + 2).every((r) => !r.ok)).toBe(true);
    expect(down.statusSince!.getTime()).toBe(results[firstFail + 1]!.checkedAt.getTime());
    const signal = await server.ctx.db.select().from(componentSignals).where(and(eq(componentSignals.source, 'monitor'), eq(componentSignals.sourceRef, id), isNull(componentSignals.endedAt)));
    expect(signal.map((s) => s.state)).toEqual(['major_outage']);

    await webUp();
    await waitFor('up again', () => monitorRow(id), (m) => m.status === 'up');
    expect(await componentState('tt')).toBe('operational');
    const evs = await eventsOf(id);
    expect(evs.map((e) => e.type)).toEqual(['no.samsvar.monitor.down', 'no.samsvar.monitor.up']);
    expect(evs.every((e) => e.visibility === 'operators' && e.orgId === null)).toBe(true);
    expect((evs[0]!.data as any).monitor.componentId).toBe('tt');
  });

  it('[S-2.3.1] a TCP monitor: down (its downState, partial_outage) when the port closes, up when it opens', async () => {
    const id = await create(ops, { name: 'TUL port', kind: 'tcp', target: `127.0.0.1:${tcpPort}`, componentId: 'tul', downState: 'partial_outage' });
    await waitFor('up', () => monitorRow(id), (m) => m.status === 'up');
    await new Promise((r) => tcp.close(r));
    await waitFor('down', () => monitorRow(id), (m) => m.status === 'down');
    expect(await componentState('tul')).toBe('partial_outage');
    tcp = net.createServer((s) => s.end());
    await new Promise<void>((r) => tcp.listen(tcpPort, '127.0.0.1', r));
    await waitFor('up', () => monitorRow(id), (m) => m.status === 'up');
    expect(await componentState('tul')).toBe('operational');
  });

  it('[S-2.3.1] a missing keyword fails the check, and so does a timeout', async () => {
    const kw = await create(ops, { name: 'keyword', kind: 'http', target: `http://127.0.0.1:${httpPort}/health`, keyword: 'maintenance-mode-off' });
    const slow = await create(ops, { name: 'timeout', kind: 'http', target: `http://127.0.0.1:${httpPort}/hang`, timeoutMs: 150 });
    const a = await waitFor('keyword down', () => monitorRow(kw), (m) => m.status === 'down');
    expect(a.lastError).toBe('the answer does not contain "maintenance-mode-off"');
    const b = await waitFor('timeout down', () => monitorRow(slow), (m) => m.status === 'down');
    expect(b.lastError).toMatch(/^timeout: no complete answer within 150 ms/);
    const rs = await server.ctx.db.select().from(monitorResults).where(eq(monitorResults.monitorId, slow));
    // Failed at the deadline, without waiting the 5 s for the answer.
    expect(rs.every((r) => !r.ok && r.latencyMs >= 140 && r.latencyMs < 4000)).toBe(true);
  });

  it('[S-2.3.1] answers slower than degradedLatencyMs make the component degraded_performance', async () => {
    const id = await create(ops, { name: 'slow studio', kind: 'http', target: `http://127.0.0.1:${httpPort}/slow`, degradedLatencyMs: 60, componentId: 'studio' });
    const m = await waitFor('degraded', () => monitorRow(id), (r) => r.status === 'degraded');
    expect(m.lastLatencyMs).toBeGreaterThan(60);
    expect(await componentState('studio')).toBe('degraded_performance');
    // Raised above the latency: the change resets it to unknown, and the next check says up.
    expect((await ops.patch(`/api/v1/monitors/${id}`, { degradedLatencyMs: 2000 })).status).toBe(200);
    await waitFor('up', () => monitorRow(id), (r) => r.status === 'up');
    expect(await componentState('studio')).toBe('operational');
  });

  it('[S-7.1.1] a service owner\'s monitor: events for its own organisation, no component', async () => {
    const id = await create(skatt, { name: 'Skatt app', kind: 'http', target: `http://127.0.0.1:${httpPort}/nope` });
    await waitFor('down', () => monitorRow(id), (m) => m.status === 'down');
    const [ev] = await eventsOf(id);
    expect(ev).toMatchObject({ type: 'no.samsvar.monitor.down', visibility: 'org', orgId: server.demo.orgs.skatt!.id });
    expect((ev!.data as any).error).toBe('status 404, expected 200-299');
    const signals = await server.ctx.db.select().from(componentSignals).where(eq(componentSignals.sourceRef, id));
    expect(signals).toEqual([]);
  });

  it('[S-2.3.1] pausing stops the checks and ends the component signal; a changed target is checked at once', async () => {
    const id = await create(ops, { name: 'to pause', kind: 'http', target: `http://127.0.0.1:${httpPort}/nope`, componentId: 'dialogporten' });
    await waitFor('down', () => monitorRow(id), (m) => m.status === 'down');
    expect(await componentState('dialogporten')).toBe('major_outage');
    expect((await ops.post(`/api/v1/monitors/${id}/pause`)).status).toBe(200);
    expect(await componentState('dialogporten')).toBe('operational');
    await new Promise((r) => setTimeout(r, 150));
    const count = async () => (await server.ctx.db.select().from(monitorResults).where(eq(monitorResults.monitorId, id))).length;
    const before = await count();
    await new Promise((r) => setTimeout(r, 1200)); // three intervals
    expect(await count()).toBe(before);
    expect((await monitorRow(id)).status).toBe('unknown');

    // Resumed with a working target: up at the next check (not a whole interval later).
    const intervalMs = 60 * 1000 * SCALE;
    expect((await ops.patch(`/api/v1/monitors/${id}`, { target: `http://127.0.0.1:${httpPort}/health`, intervalSeconds: 60, enabled: true })).status).toBe(200);
    const t0 = Date.now();
    await waitFor('up', () => monitorRow(id), (m) => m.status === 'up');
    expect(Date.now() - t0).toBeLessThan(intervalMs);
  });

  it('[S-2.3.1] results are written in batches, a few queries per flush however many checks', async () => {
    const s = prober.stats();
    expect(s.active).toBe(true);
    expect(s.resultsWritten).toBeGreaterThan(20);
    expect(s.flushes).toBeLessThan(s.resultsWritten);
    expect(s.lags.length).toBeGreaterThan(20);
  });
});

describe.skipIf(!usingPostgres)('several prober processes on PostgreSQL [S-2.3.1]', () => {
  it('[S-2.3.1] only one prober probes; a standby takes over when it stops', async () => {
    const second = await startProber(server.ctx, { timeScale: SCALE, flushMs: 50, lockRetryMs: 100 });
    try {
      expect(prober.stats().active).toBe(true);
      expect(second.stats().active).toBe(false);
      await prober.stop();
      await waitFor('takeover', async () => second.stats(), (st) => st.active && st.checks > 0, 5000);
    } finally {
      // The rest of the file is done; the second one stops with the server.
      prober = second;
    }
  });
});
