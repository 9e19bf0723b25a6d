/**
 * The event hub loses nothing [T-1.2.4] [T-2.5]:
 *
 *  - killed mid-delivery and restarted: the real `samsvar start --roles api,worker` runs as a child process on a data
 *    directory (PGlite) or a PostgreSQL database of its own; a slow receiver (300 ms an answer) gets eight validated
 *    subscriptions' events — some published before the start, some by the running process (incidents reported
 *    through its API), some while it is down — and the process is SIGKILLed mid-way and started again on the same
 *    data. Every event arrives; a duplicate is only ever a delivery that was claimed by the killed process;
 *  - two worker processes share the queue on PostgreSQL: each delivery arrives exactly once, both did some of it.
 *
 * "A receiver down for a while" is proved by src/platform/events/delivery.test.ts ("nothing lost").
 *
 * A killed process's claimed rows stay locked until their lease runs out (leaseMs in delivery.ts: 60 s, renewed every
 * 20 s by a living worker for the rows it still holds, so a crash delays them by about a minute).
 * The test waits out neither that nor PGlite's single-opener rule: with the process dead it opens the data itself,
 * notes which deliveries the dead process held, ends their lease (standing in for those minutes; that an ended
 * lease is claimable again is proved in delivery.test.ts) and publishes more. SAMSVAR_DURABILITY_REAL_LEASE=1 waits
 * for the real lease instead (about a minute).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loadDemo } from '../src/demo.ts';
import type { AppContext, SamsvarModule } from '../src/platform/context.ts';
import { openDatabase, rowsOf, type Database } from '../src/platform/db/index.ts';
import { leaseMs } from '../src/platform/events/delivery.ts';
import { publishEvent, startDeliveryWorker, VALIDATION_EVENT_TYPE } from '../src/platform/events/index.ts';
import { getSubscription, createSubscription } from '../src/platform/events/subscriptions.ts';
import { startReceiver, validatedSubscription, type Received } from '../src/platform/events/testkit.ts';
import { createLogger } from '../src/platform/http/logger.ts';
import type { Resolver } from '../src/platform/net/ssrf.ts';
import { closeContext, createContext } from '../src/server.ts';
import { freePort } from './e2e/process.ts';
import { reopenableDatabase, startTestServer, TestClient, testConfig, usingPostgres, type TestServer } from './helpers.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'durability-test-secret-0123456789abcdef';
const REAL_LEASE = process.env.SAMSVAR_DURABILITY_REAL_LEASE === '1';
const backend = usingPostgres ? 'PostgreSQL' : 'PGlite';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(what: string, cond: () => boolean | Promise<boolean>, ms: number, detail?: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${detail ? `: ${detail()}` : ''}`);
    await sleep(50);
  }
}

async function adminQuery(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The store a child process runs on, which the test opens whenever no process has it open
// ---------------------------------------------------------------------------------------------------------------

interface Store {
  dataDir: string;
  /** DATABASE_URL for the child ('' = PGlite in DATA_DIR/pglite). */
  databaseUrl: string;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

async function childStore(): Promise<Store> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'samsvar-durability-'));
  let databaseUrl = '';
  let dbName: string | undefined;
  if (usingPostgres) {
    dbName = `samsvar_k_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${dbName}`);
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  return {
    dataDir,
    databaseUrl,
    open: () => (databaseUrl ? openDatabase({ url: databaseUrl, poolSize: 3 }) : openDatabase({ dataDir: path.join(dataDir, 'pglite') })),
    async drop() {
      rmSync(dataDir, { recursive: true, force: true });
      if (dbName) await adminQuery(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
    },
  };
}

/** A context of the test's own on the store (same secret as the child, so the signing secrets decrypt there). */
async function storeContext(store: Store, migrate: boolean): Promise<AppContext> {
  const database = await store.open();
  if (migrate) await database.migrate();
  return createContext(testConfig({ DATA_DIR: store.dataDir, SESSION_SECRET: SECRET, LOG_LEVEL: 'silent' }), {
    database,
    skipMigrate: true,
    log: createLogger('silent'),
  });
}

interface Child {
  url: string;
  proc: ChildProcess;
  output: string[];
  exited: Promise<void>;
}

/** `samsvar start --roles api,worker` on the store; resolves once the api answers and the worker has started. */
async function startChild(store: Store): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const proc = spawn(process.execPath, ['bin/samsvar.mjs', 'start', '--roles', 'api,worker', '--no-web-build'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: store.databaseUrl,
      DATA_DIR: store.dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      GATEWAY_PORT: String(await freePort()),
      PUBLIC_URL: url,
      SESSION_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      OUTBOUND_ALLOW: '127.0.0.1/32,::1/128',
      OUTBOUND_ALLOW_HTTP: 'true',
      DEMO: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => output.push(String(d)));
  proc.stderr!.on('data', (d) => output.push(String(d)));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const child = { url, proc, output, exited };
  try {
    await waitFor(
      'samsvar to start',
      async () => {
        if (proc.exitCode !== null) throw new Error(`samsvar exited (${proc.exitCode}):\n${output.join('')}`);
        if (!output.join('').includes('worker: started')) return false;
        return fetch(`${url}/health/ready`).then((r) => r.ok, () => false);
      },
      90_000,
      () => output.join(''),
    );
  } catch (e) {
    await stopChild(child, 'SIGKILL');
    throw e;
  }
  return child;
}

async function stopChild(c: Child, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (c.proc.exitCode !== null || c.proc.signalCode !== null) return;
  c.proc.kill(signal);
  const done = await Promise.race([c.exited.then(() => true), sleep(20_000).then(() => false)]);
  if (!done) {
    c.proc.kill('SIGKILL');
    await c.exited;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Killed mid-delivery and restarted
// ---------------------------------------------------------------------------------------------------------------

interface Arrival {
  webhookId: string;
  path: string;
  resource: string;
  seq: number;
  at: number;
}

describe(`a worker process killed mid-delivery and started again (${backend})`, () => {
  it(
    '[T-1.2.4] [T-2.5] loses no event: everything published before, during and after the kill arrives; duplicates are only deliveries the killed process held',
    async () => {
      const SUBS = 8;
      const BEFORE = 25; // published before the process starts
      const DURING = 8; // incidents reported through the running process's API
      const DOWN = 5; // published while it is down
      const HOLD_MS = 300;

      const arrivals: Arrival[] = [];
      const r = await startReceiver((req: Received) => {
        if (req.json?.type === VALIDATION_EVENT_TYPE) return { status: 200 };
        arrivals.push({ webhookId: String(req.headers['webhook-id']), path: req.path, resource: req.json?.resource, seq: Number(req.json?.sequence), at: Date.now() });
        return { status: 200, delayMs: HOLD_MS };
      });
      const store = await childStore();
      let child: Child | undefined;
      try {
        // 1. The data: demo organisations and users, eight validated subscriptions, the first events.
        let ctx = await storeContext(store, true);
        const demo = await loadDemo(ctx, []);
        const vendor = demo.orgs.fjordregnskap!;
        for (let k = 0; k < SUBS; k++) await validatedSubscription(ctx, { orgId: vendor.id, orgNumber: vendor.orgNumber }, { endPoint: `${r.url}/s${k}` });
        const expected = new Set<string>(); // resources every subscription must get
        const publishDirect = async (c: AppContext, label: string, i: number) => {
          const resource = `urn:samsvar:durability:${label}-${i}`;
          await c.db.transaction((tx) =>
            publishEvent(tx, c, { type: 'no.samsvar.durability.tested', resource, subject: `/org/${vendor.orgNumber}`, orgId: vendor.id, visibility: 'org', data: { label, i } }),
          );
          expected.add(resource);
        };
        for (let i = 0; i < BEFORE; i++) await publishDirect(ctx, 'before', i);
        await closeContext(ctx);

        // 2. The process delivers; more events come through its API; it is killed about a third of the way.
        const started1 = Date.now();
        child = await startChild(store);
        const startMs = [Date.now() - started1];
        const vendorClient = new TestClient(child.url);
        const login = await vendorClient.login('admin@fjordregnskap.demo', DEMO_PASSWORD);
        expect(login.status, login.text).toBe(200);
        for (let i = 0; i < DURING; i++) {
          const res = await vendorClient.post('/api/v1/incidents', { title: `Durability ${i}`, description: 'kill test', category: 'C' });
          expect(res.status, res.text).toBe(201);
          expected.add(`urn:samsvar:incident:${res.body.id}`);
        }
        const total = SUBS * (BEFORE + DURING);
        await waitFor('a third of the deliveries', () => arrivals.length >= total / 3, 60_000, () => `${arrivals.length} of ${total}`);
        const killAt = Date.now();
        await stopChild(child, 'SIGKILL');
        const beforeKill = arrivals.length;

        // 3. While it is down: note what the dead process held, publish more, end the lease.
        ctx = await storeContext(store, false);
        const ctx0 = ctx;
        const held = new Set(
          rowsOf<{ id: string }>(
            await ctx.db.execute(sql`select id from event_deliveries where status = 'pending' and locked_until > now() and event_seq is not null`),
          ).map((x) => x.id),
        );
        const deliveredAtKill = new Set(
          rowsOf<{ id: string }>(await ctx.db.execute(sql`select id from event_deliveries where status = 'delivered' and event_seq is not null`)).map((x) => x.id),
        );
        for (let i = 0; i < DOWN; i++) await publishDirect(ctx, 'down', i);
        if (!REAL_LEASE) await ctx.db.execute(sql`update event_deliveries set locked_until = now() where status = 'pending' and locked_until > now()`);
        await closeContext(ctx);

        // 4. Started again on the same data: every event arrives.
        const restartAt = Date.now();
        child = await startChild(store);
        startMs.push(Date.now() - restartAt);
        const received = () => {
          const m = new Map<string, Set<string>>();
          for (const a of arrivals) {
            if (!m.has(a.path)) m.set(a.path, new Set());
            m.get(a.path)!.add(a.resource);
          }
          return m;
        };
        const missing = () => {
          const m = received();
          let n = 0;
          for (let k = 0; k < SUBS; k++) for (const res of expected) if (!m.get(`/s${k}`)?.has(res)) n++;
          return n;
        };
        // The real lease (60 s, no longer renewed once the worker is dead), from the kill.
        const lease = leaseMs(ctx0);
        await waitFor('every event at every subscription', () => missing() === 0, REAL_LEASE ? lease + 120_000 : 90_000, () => `${missing()} missing`);
        const allAt = Date.now();
        await sleep(HOLD_MS * 3); // anything sent twice would arrive now
        await stopChild(child, 'SIGTERM');
        child = undefined;

        // 5. The books: every delivery delivered, once in the attempts; the receiver's duplicates.
        ctx = await storeContext(store, false);
        const all = rowsOf<{ id: string; subscription_id: string; status: string; resource: string; ok_attempts: string }>(
          await ctx.db.execute(sql`
            select d.id, d.subscription_id, d.status, e.resource,
                   (select count(*) from event_delivery_attempts a where a.delivery_id = d.id and a.status_code between 200 and 299) as ok_attempts
              from event_deliveries d join events e on e.seq = d.event_seq`),
        );
        await closeContext(ctx);

        // Ours: the events this test published (the process may publish others of its own, e.g. reminders).
        const rows = all.filter((x) => expected.has(x.resource));
        expect(rows).toHaveLength(SUBS * expected.size);
        expect(rows.filter((x) => x.status !== 'delivered')).toEqual([]);
        expect(rows.filter((x) => Number(x.ok_attempts) !== 1)).toEqual([]);
        const times = new Map<string, number[]>();
        for (const a of arrivals) times.set(a.webhookId, [...(times.get(a.webhookId) ?? []), a.at]);
        const allIds = new Set(all.map((x) => x.id));
        expect([...times.keys()].filter((id) => !allIds.has(id))).toEqual([]); // nothing the hub did not send
        expect(rows.map((x) => x.id).filter((id) => !times.has(id))).toEqual([]); // every delivery arrived
        const dups = [...times.entries()].filter(([, t]) => t.length > 1);
        for (const [id, t] of dups) {
          // Sent by the killed process (it held the row and its first arrival was before the kill) and once more after.
          expect(held.has(id), `duplicate ${id} was not held by the killed process`).toBe(true);
          expect(t).toHaveLength(2);
          expect(t[0]!).toBeLessThanOrEqual(killAt);
          expect(t[1]!).toBeGreaterThanOrEqual(restartAt);
        }
        // A subscription has one delivery in flight at a time: at most one duplicate each.
        const bySub = new Map<string, number>();
        for (const [id] of dups) {
          const sub = all.find((x) => x.id === id)!.subscription_id;
          bySub.set(sub, (bySub.get(sub) ?? 0) + 1);
        }
        expect(Math.max(0, ...bySub.values())).toBeLessThanOrEqual(1);
        for (const id of deliveredAtKill) expect(times.get(id)).toHaveLength(1);
        // Order per subscription (first arrivals by sequence): reported, not asserted.
        let outOfOrder = 0;
        for (let k = 0; k < SUBS; k++) {
          const seen = new Set<string>();
          let last = 0;
          for (const a of arrivals.filter((x) => x.path === `/s${k}`)) {
            if (seen.has(a.webhookId)) continue;
            seen.add(a.webhookId);
            if (a.seq < last) outOfOrder++;
            last = Math.max(last, a.seq);
          }
        }
        if (REAL_LEASE) console.log(`[events-durability ${backend}] real lease ${lease / 60_000} min: the held deliveries arrived ${((allAt - killAt) / 60_000).toFixed(1)} min after the kill`);
        console.log(
          `[events-durability ${backend}] kill/restart: ${rows.length} deliveries (${SUBS} subscriptions × ${expected.size} events), ` +
            `${beforeKill} arrived before the SIGKILL, the killed process held ${held.size}, ${dups.length} arrived twice ` +
            `(${dups.map(([id]) => id.slice(0, 8)).join(', ') || 'none'}), ${outOfOrder} out of order; ` +
            `all in ${((allAt - restartAt) / 1000).toFixed(1)} s after the restart${REAL_LEASE ? ' (real lease)' : ' (lease ended by the test)'}; ` +
            `the process took ${startMs.map((x) => (x / 1000).toFixed(1)).join(' and ')} s to start`,
        );
      } finally {
        if (child) await stopChild(child, 'SIGKILL');
        await r.close();
        await store.drop();
      }
    },
    REAL_LEASE ? 1_200_000 : 240_000,
  );
});

// ---------------------------------------------------------------------------------------------------------------
// Two workers share the queue
// ---------------------------------------------------------------------------------------------------------------

/**
 * A receiver on 127.0.0.1 and 127.0.0.2 (same port): worker A resolves the endpoint's host to the first, worker B to
 * the second, so the address a request arrives on names the worker that sent it.
 */
async function twoAddressReceiver(delayMs: number) {
  const got: Array<{ webhookId: string; worker: string; seq: number; type: string }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      got.push({ webhookId: String(req.headers['webhook-id']), worker: req.socket.localAddress ?? '?', seq: Number(json.sequence ?? 0), type: json.type });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200).end('ok');
      }, delayMs);
    });
  };
  const a = http.createServer(handler);
  await new Promise<void>((r) => a.listen(0, '127.0.0.1', () => r()));
  const port = (a.address() as AddressInfo).port;
  const b = http.createServer(handler);
  await new Promise<void>((r) => b.listen(port, '127.0.0.2', () => r()));
  return {
    port,
    got,
    maxInFlight: () => maxInFlight,
    close: async () => {
      for (const s of [a, b]) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
    },
  };
}

const deliveryWorkerVia = (address: string): SamsvarModule => {
  const resolve: Resolver = async () => [{ address, family: 4 }];
  return { name: 'events', roles: { worker: (ctx) => startDeliveryWorker(ctx, { resolve }) } };
};

describe.skipIf(!usingPostgres)('two worker processes sharing the queue on PostgreSQL', () => {
  it('[T-1.2.4] [T-2.5] deliver each event exactly once (no webhook-id twice, one successful attempt each), and both do some of the work', async () => {
    const EVENTS = 500;
    const store = await reopenableDatabase();
    const r = await twoAddressReceiver(5);
    const servers: TestServer[] = [];
    try {
      // Two contexts, each with its own pool and change listener, playing the worker role on one database.
      const config = { OUTBOUND_ALLOW: ['127.0.0.0/8'], OUTBOUND_ALLOW_HTTP: true };
      servers.push(await startTestServer({ database: await store.open(), roles: ['worker'], modules: [deliveryWorkerVia('127.0.0.1')], config }));
      servers.push(await startTestServer({ database: await store.open(), roles: ['worker'], modules: [deliveryWorkerVia('127.0.0.2')], config, demo: false }));
      const [a, b] = servers as [TestServer, TestServer];
      const vendor = a.demo.orgs.fjordregnskap!;
      const sub = await createSubscription(a.ctx, { orgId: vendor.id, consumer: `/org/${vendor.orgNumber}`, createdBy: '/user/test' }, { endPoint: `http://hooks.test:${r.port}/two` });
      await waitFor('the subscription to validate', async () => Boolean((await getSubscription(a.ctx, sub.id))?.validated), 10_000);

      // 500 events in 100 transactions of 5, from both contexts, four at a time.
      const published: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async (_, lane) => {
          while (next < EVENTS / 5) {
            const batch = next++;
            const c = (lane % 2 ? b : a).ctx;
            await c.db.transaction(async (tx) => {
              for (let i = 0; i < 5; i++) {
                const ev = await publishEvent(tx, c, { type: 'no.samsvar.durability.shared', resource: `urn:samsvar:durability:shared-${batch}-${i}`, visibility: 'public' });
                expect(ev.deliveries).toBe(1);
                published.push(ev.seq);
              }
            });
          }
        }),
      );
      const events = () => r.got.filter((x) => x.type === 'no.samsvar.durability.shared');
      await waitFor('every event', () => new Set(events().map((x) => x.webhookId)).size === EVENTS, 60_000, () => `${new Set(events().map((x) => x.webhookId)).size} of ${EVENTS}`);
      await sleep(1000); // anything sent twice would arrive now

      const got = events();
      const ids = got.map((x) => x.webhookId);
      expect(ids).toHaveLength(EVENTS);
      expect(new Set(ids).size).toBe(EVENTS);
      expect(new Set(got.map((x) => x.seq))).toEqual(new Set(published));
      const rows = rowsOf<{ status: string; attempts: number; n: string; ok: string }>(
        await a.ctx.db.execute(sql`
          select d.status, d.attempts,
                 (select count(*) from event_delivery_attempts x where x.delivery_id = d.id) as n,
                 (select count(*) from event_delivery_attempts x where x.delivery_id = d.id and x.status_code between 200 and 299) as ok
            from event_deliveries d where d.subscription_id = ${sub.id} and d.event_seq is not null`),
      );
      expect(rows).toHaveLength(EVENTS);
      expect(rows.filter((x) => x.status !== 'delivered' || x.attempts !== 1 || Number(x.n) !== 1 || Number(x.ok) !== 1)).toEqual([]);

      const byWorker = { a: got.filter((x) => x.worker === '127.0.0.1').length, b: got.filter((x) => x.worker === '127.0.0.2').length };
      let outOfOrder = 0;
      for (let i = 1; i < got.length; i++) if (got[i]!.seq < got[i - 1]!.seq) outOfOrder++;
      console.log(
        `[events-durability PostgreSQL] two workers: ${EVENTS} deliveries, worker A ${byWorker.a}, worker B ${byWorker.b}, ` +
          `none twice; at most ${r.maxInFlight()} in flight at once to the one subscription, ${outOfOrder} arrived after a later event`,
      );
      expect(byWorker.a).toBeGreaterThan(0);
      expect(byWorker.b).toBeGreaterThan(0);
      expect(byWorker.a + byWorker.b).toBe(EVENTS);
    } finally {
      for (const s of servers) await s.stop().catch(() => undefined);
      await r.close();
      await store.drop();
    }
  }, 120_000);
});

if (!usingPostgres) {
  // Printed so a PGlite run says why the shared-queue test did not run.
  console.log('[events-durability] two workers sharing the queue: skipped — PGlite is one process’s database; set DATABASE_URL to run it on PostgreSQL');
}
