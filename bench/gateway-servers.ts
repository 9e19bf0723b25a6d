/**
 * The Node.js servers of bench/gateway.bench.ts, each run as a child process of its own (so the bench can pin it to a
 * core with taskset): `node --import tsx bench/gateway-servers.ts <mode> <upstream URL>`.
 *
 *   fastify  — a bare @fastify/http-proxy (no checks, no logging): /prod/… → the upstream's /…, the usual Node.js way
 *              to proxy;
 *   gateway  — the Samsvar gateway role, started by startSamsvar with roles [gateway] (the code path of
 *              `samsvar start --roles gateway`, with jobs) on a fresh database (PostgreSQL when reachable, else
 *              PGlite in memory) with the demo data, every plugin startGateway registers, the policy's rate limits
 *              raised so the bench's calls pass, and the bench's token issuer (BENCH_JWK: its public key, served as
 *              a JWKS by this process and fetched once by the gateway; BENCH_TOKEN: a token to check with).
 *
 * When ready it prints one line `READY <json>` ({url, path, database?, headers}) after one call through it answered
 * 200; it stops (dropping its database) when its stdin closes or on SIGTERM. With BENCH_CPU_PROF=<file>, SIGUSR2
 * starts and stops a CPU profile (below).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { decodeJwt } from 'jose';
import { parseDocument } from 'yaml';

export const BENCH_PATH = '/prod/dialogporten/api/v1/enduser/dialogs';
const LOCAL_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
/** A rate per vendor (and per route) no bench run reaches: the limiter runs, and the calls pass. */
const HIGH_LIMIT = { requests: 1_000_000_000, perSeconds: 60 };

const stoppers: Array<() => Promise<unknown>> = [];
let stopping = false;
async function stop(code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const s of stoppers.reverse()) await s().catch((e) => console.error(`stop: ${(e as Error).message}`));
  process.exit(code);
}
process.on('SIGTERM', () => void stop());

// Profiling of the loaded phase only: with BENCH_CPU_PROF=<file>, the first SIGUSR2 starts the V8 CPU profiler and
// the second writes the profile (open it in Chrome DevTools or speedscope). With BENCH_HEAP_PROF=<file> the same
// signals start and stop V8's sampling heap profiler: where the loaded phase allocates.
const PROFILE_FILE = process.env.BENCH_CPU_PROF ?? process.env.BENCH_HEAP_PROF;
if (PROFILE_FILE) {
  const heap = !process.env.BENCH_CPU_PROF;
  const { Session } = await import('node:inspector/promises');
  let session: InstanceType<typeof Session> | undefined;
  process.on('SIGUSR2', () => {
    void (async () => {
      if (!session) {
        session = new Session();
        session.connect();
        if (heap) await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
        else {
          await session.post('Profiler.enable');
          await session.post('Profiler.setSamplingInterval', { interval: 200 });
          await session.post('Profiler.start');
        }
      } else {
        const { profile } = heap ? await session.post('HeapProfiler.stopSampling') : await session.post('Profiler.stop');
        writeFileSync(PROFILE_FILE, JSON.stringify(profile));
        session.disconnect();
        session = undefined;
        console.error(`profile written to ${PROFILE_FILE}`);
      }
    })();
  });
}
process.stdin.on('end', () => void stop());
process.stdin.resume();

async function checkCall(url: string, token?: string): Promise<Record<string, string>> {
  const res = await fetch(url + BENCH_PATH, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`a call through ${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return Object.fromEntries(res.headers);
}

async function fastifyProxy(upstream: string): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const { default: proxy } = await import('@fastify/http-proxy');
  const app = Fastify({ logger: false });
  await app.register(proxy, { upstream, prefix: '/prod', rewritePrefix: '' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  stoppers.push(() => app.close());
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const headers = await checkCall(url, process.env.BENCH_TOKEN);
  console.log(`READY ${JSON.stringify({ url, path: BENCH_PATH, headers })}`);
}

async function reachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function adminQuery(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function gateway(upstream: string): Promise<void> {
  const { loadConfig } = await import('../src/config.ts');
  const { loadDemo } = await import('../src/demo.ts');
  const { modules } = await import('../src/modules/index.ts');
  const { openDatabase } = await import('../src/platform/db/index.ts');
  const { createLogger } = await import('../src/platform/http/logger.ts');
  const { createContext, startSamsvar } = await import('../src/server.ts');
  const { gatewayOf } = await import('../src/modules/gateway/index.ts');

  // The database: a fresh PostgreSQL database when one is reachable (as in production: the audit batches are written
  // by the PostgreSQL server, not in this process), else PGlite in memory.
  const admin = process.env.DATABASE_URL || ((await reachable(LOCAL_PG)) ? LOCAL_PG : undefined);
  let database;
  let dbLabel: string;
  let pinDatabase: (() => Promise<void>) | undefined;
  if (admin) {
    const name = `samsvar_bench_gw_${randomBytes(5).toString('hex')}`;
    await adminQuery(admin, `create database ${name}`);
    stoppers.push(() => adminQuery(admin, `drop database if exists ${name} with (force)`));
    const u = new URL(admin);
    u.pathname = `/${name}`;
    database = await openDatabase({ url: u.toString() });
    dbLabel = `PostgreSQL (${new URL(admin).host})`;
    // BENCH_DB_CORE: the PostgreSQL backends serving this database (which store the audit batches) run on that core,
    // not on the gateway's: the row then measures the gateway alone. New backends (a growing pool) are pinned too.
    const core = process.env.BENCH_DB_CORE;
    if (core !== undefined) {
      const pinned = new Set<number>();
      const pin = async () => {
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        try {
          const { rows } = await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [name]);
          for (const { pid } of rows) {
            if (pinned.has(pid)) continue;
            if (spawnSync('taskset', ['-pc', core, String(pid)], { stdio: 'ignore' }).status === 0) pinned.add(pid);
          }
        } finally {
          await c.end();
        }
      };
      const t = setInterval(() => void pin().catch(() => undefined), 2000);
      t.unref();
      stoppers.push(async () => clearInterval(t));
      pinDatabase = pin;
    }
  } else {
    database = await openDatabase({});
    dbLabel = 'PGlite in memory (no PostgreSQL reachable)';
  }
  await database.migrate();

  // The token issuer: the bench's key (BENCH_JWK: the public JWK; the bench mints the tokens), its JWKS served here.
  if (!process.env.BENCH_JWK) throw new Error('BENCH_JWK (the public JWK of the bench issuer) is not set');
  if (!process.env.BENCH_TOKEN) throw new Error('BENCH_TOKEN (a token of the bench issuer) is not set');
  const token = process.env.BENCH_TOKEN;
  const { iss, aud } = decodeJwt(token); // the issuer and audience the bench mints with
  const jwk = JSON.parse(process.env.BENCH_JWK) as Record<string, unknown>;
  const jwks = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  stoppers.push(() => new Promise((r) => jwks.close(r)));

  // The policy, with every rate limit raised so the bench's calls pass (the limiter still runs on every call).
  const dir = mkdtempSync(path.join(os.tmpdir(), 'samsvar-bench-gateway-'));
  stoppers.push(async () => rmSync(dir, { recursive: true, force: true }));
  const doc = parseDocument(readFileSync('policies/altinn.yaml', 'utf8'));
  const products = doc.get('products') as { items: Array<{ key: { value: string } }> } | undefined;
  for (const p of products?.items ?? []) {
    const key = p.key.value;
    if (doc.hasIn(['products', key, 'rateLimit'])) doc.setIn(['products', key, 'rateLimit'], doc.createNode(HIGH_LIMIT));
    const routes = doc.getIn(['products', key, 'routes']) as { items: unknown[] } | undefined;
    routes?.items.forEach((_r, i) => {
      if (doc.hasIn(['products', key, 'routes', i, 'rateLimit'])) doc.setIn(['products', key, 'routes', i, 'rateLimit'], doc.createNode(HIGH_LIMIT));
    });
  }
  const policyFile = path.join(dir, 'policy.yaml');
  writeFileSync(policyFile, doc.toString({ lineWidth: 0 }));

  const config = loadConfig(
    {},
    {
      DATA_DIR: dir,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: 'http://localhost:8080',
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      HOST: '127.0.0.1',
      GATEWAY_PORT: 0,
      POLICY_FILE: policyFile,
      GATEWAY_UPSTREAMS: { '*': upstream },
      GATEWAY_ISSUERS: [
        { name: 'Maskinporten (bench)', issuer: iss!, jwksUri: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`, environments: ['test', 'production'], algorithms: ['RS256'], audience: aud },
      ],
      GATEWAY_TEST_ISSUER: 'false',
    },
  );
  // The demo data (vendors, systems, accepted terms, passed tests), loaded before the gateway starts.
  const demoCtx = await createContext(config, { database, skipMigrate: true, log: createLogger('silent') });
  await loadDemo(demoCtx, modules);
  demoCtx.mail.close();
  (demoCtx.loginLimiter as { close?: () => void }).close?.();
  // `samsvar start --roles gateway`.
  const running = await startSamsvar(config, { database, skipMigrate: true, roles: ['gateway'], log: createLogger('warn') });
  stoppers.push(() => running.stop()); // closes the database too
  const gw = gatewayOf(running.ctx);
  if (!gw) throw new Error('the gateway role did not start');

  const headers = await checkCall(gw.url, token);
  await pinDatabase?.();
  console.log(`READY ${JSON.stringify({ url: gw.url, path: BENCH_PATH, database: dbLabel + (pinDatabase ? `, its backends on core ${process.env.BENCH_DB_CORE}` : ''), headers })}`);
}

const [mode, upstream] = process.argv.slice(2);
try {
  if (!upstream) throw new Error('usage: gateway-servers.ts fastify|gateway <upstream URL>');
  if (mode === 'fastify') await fastifyProxy(upstream);
  else if (mode === 'gateway') await gateway(upstream);
  else throw new Error(`unknown mode ${mode}`);
} catch (e) {
  console.error(`gateway-servers ${mode}: ${(e as Error).stack ?? e}`);
  await stop(1);
}
