/**
 * The prober [S-2.3.1]: how many monitors one process sustains at a 30 s interval (goal of the issue: 2,000 with
 * CPU to spare). Results go to PGlite (in this process, so its CPU counts as the prober's).
 *
 * The checked HTTP server runs in a child process of its own (it answers 200 at once), so its CPU is not counted.
 * Time is compressed: SAMSVAR_BENCH_MONITORS monitors (default 2,000) at a 30 s interval with timeScale 0.1, i.e.
 * every 3 s — ten times the real rate; the equivalent at 30 s is printed beside it.
 *
 *  1. baseline: the raw HTTP client — guardedRequest with keep-alive, PROBER_CONCURRENCY requests in flight — to the
 *     same server: requests/s and CPU per request. What the HTTP part alone costs here.
 *  2. naive: a sequential loop that checks one monitor after another and writes each result with its own INSERT and
 *     UPDATE (what a simple implementation would do): checks/s.
 *  3. the prober: the scheduler with all monitors for SAMSVAR_BENCH_PROBER_SECONDS (default 9, three intervals)
 *     after a warm-up interval, writing every PROBER_FLUSH_MS × 0.1 (time compressed throughout, so each write
 *     carries what one second would at the real rate): checks/s achieved vs required, CPU % of one core
 *     (process.cpuUsage), lag of the checks behind their slots (p50/p99), the backlog, the write transactions, and
 *     the monitors one core would sustain at 30 s from the CPU per check.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.ts';
import { monitorResults, monitors, runCheck, startProber } from '../src/modules/monitors/index.ts';
import { openDatabase } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/http/logger.ts';
import { guardedRequest, outboundConfig } from '../src/platform/net/ssrf.ts';
import { closeContext, createContext } from '../src/server.ts';

const SERVER_SCRIPT = String.raw`
const http = require('node:http');
const s = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"status":"ok"}'); });
s.keepAliveTimeout = 65000;
s.listen(0, '127.0.0.1', () => process.send({ port: s.address().port }));
process.on('message', (m) => { if (m === 'stop') s.close(() => process.exit(0)), s.closeAllConnections(); });
`;

function pctl(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

export async function run(): Promise<void> {
  const n = Number(process.env.SAMSVAR_BENCH_MONITORS ?? 2000);
  const seconds = Number(process.env.SAMSVAR_BENCH_PROBER_SECONDS ?? 9);
  const scale = 0.1;
  const intervalS = 30;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'samsvar-bench-prober-'));
  const script = path.join(dir, 'server.cjs');
  writeFileSync(script, SERVER_SCRIPT);
  const child = fork(script, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((r) => child.once('message', (m: any) => r(m.port)));
  const database = await openDatabase({});
  await database.migrate();
  const config = loadConfig({}, {
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    DATABASE_URL: undefined,
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0',
    OUTBOUND_ALLOW_HTTP: true,
    OUTBOUND_ALLOW: ['127.0.0.1/32'],
    MONITOR_MIN_INTERVAL_SECONDS: 1,
  });
  const ctx = await createContext(config, { database, skipMigrate: true, log: createLogger('silent') });
  const base = `http://127.0.0.1:${port}`;
  const cfg = outboundConfig(config);
  try {
    // ----------------------------------------------------------------------- 1. baseline: the raw HTTP client
    const lanes = config.PROBER_CONCURRENCY;
    let done = 0;
    // Warm-up (JIT, connection pool), then 3 s measured.
    const warm = performance.now() + 1000;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (performance.now() < warm) await guardedRequest(`${base}/raw`, cfg, { method: 'GET', timeoutMs: 5000, keepAlive: true });
      }),
    );
    const until = performance.now() + 3000;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (performance.now() < until) {
          await guardedRequest(`${base}/raw`, cfg, { method: 'GET', timeoutMs: 5000, keepAlive: true });
          done++;
        }
      }),
    );
    const rawWall = (performance.now() - t0) / 1000;
    const rawCpu = cpuMs(process.cpuUsage(c0));
    const rawRate = done / rawWall;
    const rawCpuPer = rawCpu / done;

    // ----------------------------------------------------------------------- the monitors
    const now = new Date();
    const rows = Array.from({ length: n }, (_, i) => ({
      name: `bench ${i}`,
      kind: 'http',
      target: `${base}/health/${i}`,
      keyword: i % 10 === 0 ? 'ok' : null,
      intervalSeconds: intervalS,
      timeoutMs: 5000,
      createdAt: now,
      updatedAt: now,
    }));
    for (let i = 0; i < rows.length; i += 500) await ctx.db.insert(monitors).values(rows.slice(i, i + 500));
    const all = await ctx.db.select().from(monitors);

    // ----------------------------------------------------------------------- 2. naive sequential loop
    let naive = 0;
    const nEnd = performance.now() + 2000;
    const n0 = performance.now();
    while (performance.now() < nEnd) {
      const m = all[naive % all.length]!;
      const r = await runCheck(m, cfg, { keepAlive: true });
      await ctx.db.insert(monitorResults).values({ monitorId: m.id, checkedAt: new Date(), ok: r.ok, statusCode: r.statusCode, latencyMs: r.latencyMs, error: r.error });
      await ctx.db.update(monitors).set({ lastCheckedAt: new Date(), lastLatencyMs: r.latencyMs, lastError: r.error }).where(eq(monitors.id, m.id));
      naive++;
    }
    const naiveRate = naive / ((performance.now() - n0) / 1000);
    await ctx.db.execute(sql`delete from monitor_results`);

    // ----------------------------------------------------------------------- 3. the prober
    // Time compressed throughout: the writes come ten times as often too, so each carries what a second would.
    const flushMs = Math.max(10, Math.round(config.PROBER_FLUSH_MS * scale));
    const prober = await startProber(ctx, { timeScale: scale, flushMs, lock: false });
    await new Promise((r) => setTimeout(r, intervalS * 1000 * scale + 500)); // one interval to warm up
    await prober.flush();
    prober.resetStats();
    const s0 = prober.stats();
    const backlog0 = s0.queued + s0.inFlight;
    const p0 = process.cpuUsage();
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const wall = (performance.now() - w0) / 1000;
    const cpu = cpuMs(process.cpuUsage(p0));
    const st = prober.stats();
    const backlog1 = st.queued + st.inFlight;
    await prober.stop();
    const [{ stored }] = (await ctx.db.select({ stored: sql<number>`count(*)` }).from(monitorResults)) as [{ stored: number }];

    const required = n / (intervalS * scale);
    const achieved = st.checks / wall;
    const cpuShare = cpu / (wall * 1000);
    const cpuPer = cpu / Math.max(1, st.checks);
    const perCore30 = (intervalS * 1000) / cpuPer;
    const f = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
    console.log(`\n${f(n)} monitors, interval ${intervalS} s compressed ×${1 / scale} (every ${intervalS * scale} s), ${lanes} checks in flight at most, results on PGlite`);
    const table: Array<[string, string, string, string]> = [
      ['baseline: raw HTTP client (keep-alive, concurrent)', `${f(rawRate)} req/s`, `${f(rawCpuPer * 1000)} µs CPU/req`, 'baseline'],
      ['naive: sequential check + INSERT + UPDATE each', `${f(naiveRate)} checks/s`, '—', `× ${(naiveRate / rawRate).toPrecision(3)}`],
      ['prober: scheduler, batched writes', `${f(achieved)} checks/s`, `${f(cpuPer * 1000)} µs CPU/check`, `× ${(rawCpuPer / cpuPer).toPrecision(3)} (CPU per check)`],
    ];
    const w = [0, 1, 2, 3].map((c) => Math.max(...table.map((r) => r[c]!.length)));
    for (const r of table) console.log(r.map((x, c) => (c === 0 ? x.padEnd(w[c]!) : x.padStart(w[c]!))).join('  '));
    console.log(
      [
        `required ${f(required)} checks/s (= ${f(n)} monitors @ ${intervalS} s × ${1 / scale}), achieved ${f(achieved)} checks/s (${f((achieved / required) * 100, 1)} %)`,
        `prober CPU ${f(cpuShare * 100, 1)} % of one core at ×${1 / scale} the rate → ≈ ${f((cpuShare * 100 * scale), 1)} % for ${f(n)} monitors @ ${intervalS} s`,
        `lag behind the slot: p50 ${f(pctl(st.lags, 50), 1)} ms, p99 ${f(pctl(st.lags, 99), 1)} ms (${f(st.lags.length)} checks); skipped slots ${st.skipped}, failed checks ${st.failed}`,
        `backlog (queued + in flight): ${backlog0} at the start of the window, ${backlog1} at its end`,
        `writes every ${flushMs} ms: ${f(st.flushes)} transactions for ${f(st.resultsWritten)} results (${f(st.resultsWritten / Math.max(1, st.flushes), 0)} each, ${f(st.writeMs / Math.max(1, st.flushes), 1)} ms each, ${f((st.writeMs / (wall * 1000)) * 100, 1)} % of the time); ${f(Number(stored))} results stored`,
        `one core would sustain ≈ ${f(perCore30)} monitors @ ${intervalS} s (CPU per check incl. PGlite writes); the naive loop ≈ ${f(naiveRate * intervalS)}`,
      ].join('\n'),
    );
  } finally {
    await closeContext(ctx);
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
