/**
 * The governance gateway against the usual ways to proxy, with `wrk` (Debian package) in one run (issue 7):
 *
 *   1. direct        — the upstream itself, no proxy;
 *   2. nginx         — nginx (Debian package) as a plain reverse proxy: one worker, keep-alive to the upstream;
 *   3. fastify proxy — a bare @fastify/http-proxy, no checks (the usual Node.js way to proxy);
 *   4. gateway       — the Samsvar gateway role (bench/gateway-servers.ts: `samsvar start --roles gateway`'s code
 *                      path) with every gate on: token verified (cached), vendor, registered system, production access
 *                      (terms accepted, test passed), then every plugin startGateway registers (measures, rate limits —
 *                      raised so the calls pass, product rules, polling detection, …) and the batched audit record of
 *                      every call (PostgreSQL when reachable, else PGlite in the gateway's process).
 *
 * The upstream is a second nginx answering a fixed 11-byte JSON body from memory (`return 200`): it answers ~100,000
 * requests/s on one core here, so it is never what limits a proxy (a node:http upstream would cap every proxy near its
 * own ~15,000/s and hide the differences). Every call is the same production call, `GET /prod/dialogporten/api/v1/
 * enduser/dialogs` with the same bearer token (~900 bytes) in every row, so all rows parse the same request.
 *
 * Pinning (taskset, 2 cores): core 1 runs the proxy under test alone; core 0 runs wrk (one thread) and the upstream.
 * Each proxy gets a whole core and the same load generator and upstream; the direct row is wrk and the upstream
 * sharing core 0 (a ceiling for the proxied rows, which have the same pair on core 0). The Node processes start one at
 * a time, so an idle one does not take the core from the one measured. The PostgreSQL backends that store the
 * gateway's audit batches are pinned to core 0 too (BENCH_DB_CORE), so core 1 measures the gateway's own work; their
 * CPU per call is reported apart. (Other sessions on a shared machine still add
 * noise; compare the ratios, and run again when a figure looks odd.)
 *
 * Per row, after a 5 s warm-up at full load:
 *  - throughput: `wrk -t1 -c50 -d<s> --latency` — requests/s and p50/p99 latency at full load;
 *  - latency at ~1,000 requests/s: wrk with a Lua `delay()` (wrk2 is not in Debian): 20 connections, each waiting a
 *    random 0–40 ms (mean 20 ms) after an answer before its next request — about 1,000 requests/s in random order, not
 *    in lockstep bursts. wrk times a request from its send, so the delay is not in the latency. The goal of the issue:
 *    the gateway adds ≤ 1 ms p99 over the direct upstream at 1,000 requests/s.
 * Each row also reports the steal time (/proc/stat) while it ran: on a virtual machine whose host gives the cores to
 * other guests, the figures are theirs; above 5 % the goals are reported as not judged rather than met or not.
 *
 * SAMSVAR_BENCH_GATEWAY_SECONDS sets the length of each measurement (default 10). Skips with a message when wrk or
 * nginx is missing (`apt-get install -y wrk nginx`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { DEMO_ORGS } from '../src/demo.ts';

const SECONDS = Number(process.env.SAMSVAR_BENCH_GATEWAY_SECONDS ?? 10);
const WARMUP_SECONDS = 5;
const CONNECTIONS = 50;
const PACED_CONNECTIONS = 20;
const PACED_MEAN_DELAY_MS = 20;
const BODY = '{"ok":true}';
const ISSUER = 'https://maskinporten.bench.local/';
const AUDIENCE = 'https://gateway.samsvar.bench';
const FJORD_CLIENT = '3f6c1e8a-5b2d-4c7e-9a10-7d2a4b6c8e01'; // the demo vendor Fjordregnskap's Maskinporten client (src/modules/registry/demo.ts)
const CUSTOMER = '974761076';

/** The bench's token issuer: a Maskinporten-shaped production token of the demo vendor Fjordregnskap, 3 h valid. */
async function issuer(): Promise<{ jwk: string; token: string }> {
  const keys = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'bench', alg: 'RS256', use: 'sig' };
  const vendor = DEMO_ORGS.find((o) => o.key === 'fjordregnskap');
  if (!vendor) throw new Error('the demo vendor fjordregnskap is gone; update the bench');
  const org = (orgNo: string) => ({ authority: 'iso6523-actorid-upis', ID: `0192:${orgNo}` });
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ scope: 'digdir:dialogporten', client_id: FJORD_CLIENT, consumer: org(CUSTOMER), supplier: org(vendor.orgNumber) })
    .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + 3 * 3600)
    .sign(keys.privateKey);
  return { jwk: JSON.stringify(jwk), token };
}
const here = path.dirname(fileURLToPath(import.meta.url));

interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  /** Non-2xx/3xx answers, socket errors and timeouts. */
  bad: number;
  /** Non-2xx/3xx answers alone (a refusal). */
  badStatus: number;
}

interface Row {
  name: string;
  note: string;
  max: WrkResult;
  paced: WrkResult;
  /** CPU time of the measured server (the proxy, or the upstream in the direct row) per request at full load, µs. */
  cpuUs: number;
  /** CPU time of the local PostgreSQL server's processes per request at full load, µs (the gateway's audit appends). */
  dbUs: number;
  /** Share of the machine's CPU time the hypervisor gave to other guests (steal) while the row was measured, %. */
  stealPct: number;
}

/** Steal above this share makes a run's figures the neighbours' more than the proxies' (goals are not judged). */
const MAX_STEAL_PCT = 5;

/** The machine's CPU ticks in total and stolen by the hypervisor (from /proc/stat; zeros where there is none). */
function cpuTicks(): { total: number; steal: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    return { total: f.reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
  } catch {
    return { total: 0, steal: 0 };
  }
}

/** CPU time (user + system, all threads) of a process and its children (nginx's workers), in µs, from /proc. */
function cpuTimeUs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const tick = 1e6 / 100; // USER_HZ is 100 on Linux
  let total = 0;
  const visit = (p: number) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(f[11]) + Number(f[12])) * tick; // utime, stime (fields 14 and 15)
      for (const t of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim();
        if (kids) for (const k of kids.split(' ')) visit(Number(k));
      }
    } catch {
      /* gone, or no /proc */
    }
  };
  visit(pid);
  return total;
}

/** CPU time of every local PostgreSQL server process (postgres, its backends, WAL writer …), in µs. */
function databaseCpuUs(): number {
  // The oldest process named postgres is the postmaster; cpuTimeUs adds its children (backends, WAL writer …).
  const r = spawnSync('pgrep', ['-o', '-x', 'postgres'], { encoding: 'utf8' });
  const pid = Number((r.stdout ?? '').trim());
  return pid ? cpuTimeUs(pid) : 0;
}

function has(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return !r.error;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not listen on ${port}`);
}

/** `taskset -c <core>` in front of a command when taskset is there. */
function pinned(core: number | undefined, cmd: string, args: string[]): [string, string[]] {
  return core === undefined ? [cmd, args] : ['taskset', ['-c', String(core), cmd, ...args]];
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill(signal);
  });
}

function nginxConf(dir: string, name: string, port: number, body: string): string {
  const d = path.join(dir, name);
  mkdirSync(d, { recursive: true });
  const file = path.join(d, 'nginx.conf');
  writeFileSync(
    file,
    `worker_processes 1;
daemon off;
pid ${d}/nginx.pid;
error_log ${d}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${d}/body; proxy_temp_path ${d}/proxy; fastcgi_temp_path ${d}/fastcgi; uwsgi_temp_path ${d}/uwsgi; scgi_temp_path ${d}/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 65s;
${body}
}
`,
  );
  return file;
}

async function startNginx(dir: string, name: string, port: number, body: string, core: number | undefined): Promise<ChildProcess> {
  const conf = nginxConf(dir, name, port, body);
  const [cmd, args] = pinned(core, 'nginx', ['-p', path.join(dir, name), '-c', conf, '-e', path.join(dir, name, 'error.log')]);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  try {
    await waitForPort(port, child, `nginx (${name})`);
  } catch (e) {
    throw new Error(`${(e as Error).message}: ${err.trim()}`);
  }
  return child;
}

/** A Node server of bench/gateway-servers.ts, pinned; resolves when it printed READY. */
async function startNode(mode: 'fastify' | 'gateway', upstream: string, core: number | undefined, iss: { jwk: string; token: string }): Promise<{ child: ChildProcess; info: { url: string; path: string; database?: string; headers: Record<string, string> } }> {
  const [cmd, args] = pinned(core, process.execPath, ['--import', 'tsx', path.join(here, 'gateway-servers.ts'), mode, upstream]);
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, BENCH_JWK: iss.jwk, BENCH_TOKEN: iss.token, ...(core !== undefined ? { BENCH_DB_CORE: String(core === 1 ? 0 : 1) } : {}) } });
  let out = '';
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const info = await new Promise<{ url: string; path: string; database?: string; headers: Record<string, string> }>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${mode} did not start in 180 s: ${err.slice(-2000)}`)), 180_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /^READY (.*)$/m.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(JSON.parse(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`${mode} exited with ${code}: ${err.slice(-2000)}`));
    });
  });
  return { child, info };
}

const LUA = String.raw`
local mean = tonumber(os.getenv("BENCH_PACE_MS") or "0")
if mean > 0 then
  math.randomseed(os.time())
  function delay()
    return math.random(0, 2 * mean)
  end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests":%d,"duration":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
`;

/** Runs wrk (asynchronously: the Node children's output pipes keep draining meanwhile). */
async function wrk(lua: string, url: string, headers: string[], opts: { connections: number; seconds: number; paceMs?: number; core?: number }): Promise<WrkResult> {
  const hs = headers.flatMap((h) => ['-H', h]);
  const [cmd, args] = pinned(opts.core, 'wrk', ['-t1', `-c${opts.connections}`, `-d${opts.seconds}s`, '--latency', '-s', lua, ...hs, url]);
  const child = spawn(cmd, args, { env: { ...process.env, BENCH_PACE_MS: String(opts.paceMs ?? 0) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', () => resolve());
  });
  const m = /^WRK (.*)$/m.exec(out);
  if (!m) throw new Error(`wrk failed: ${err || out}`);
  const j = JSON.parse(m[1]) as Record<string, number>;
  const seconds = j.duration / 1e6;
  return {
    requests: j.requests,
    seconds,
    rps: j.requests / seconds,
    p50: j.p50 / 1000,
    p90: j.p90 / 1000,
    p99: j.p99 / 1000,
    p999: j.p999 / 1000,
    max: j.max / 1000,
    bad: j.status + j.connect + j.read + j.write + j.timeout,
    badStatus: j.status,
  };
}

const ms = (x: number) => (x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
const int = (x: number) => Math.round(x).toLocaleString('en-US');

function table(head: string[], rows: string[][]): void {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

export async function run(): Promise<void> {
  if (!has('wrk', ['-v']) || !has('nginx', ['-v'])) {
    console.log(`skipped: needs wrk and nginx on the PATH (missing: ${[!has('wrk', ['-v']) && 'wrk', !has('nginx', ['-v']) && 'nginx'].filter(Boolean).join(', ')}); install them with "apt-get install -y wrk nginx"`);
    return;
  }
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const canPin = has('taskset', ['-V']) && cores >= 2;
  const LOAD = canPin ? 0 : undefined; // wrk and the upstream
  const SUT = canPin ? 1 : undefined; // the proxy under test
  console.log(
    canPin
      ? `pinning: core 1 runs the proxy under test alone; core 0 runs wrk (1 thread) and the upstream (${cores} cores)`
      : `pinning: none (${has('taskset', ['-V']) ? `${cores} core` : 'taskset missing'}); figures are less comparable`,
  );
  const load0 = os.loadavg()[0];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'samsvar-bench-gateway-'));
  chmodSync(dir, 0o755); // nginx's worker may run as another user
  const lua = path.join(dir, 'report.lua');
  writeFileSync(lua, LUA);
  const children: ChildProcess[] = [];
  const rows: Row[] = [];
  let gatewayInfo: { database?: string; headers: Record<string, string> } | undefined;
  try {
    const upPort = await freePort();
    const upstreamNginx = await startNginx(dir, 'upstream', upPort, `  server { listen 127.0.0.1:${upPort}; location / { default_type application/json; return 200 '${BODY}'; } }`, LOAD);
    children.push(upstreamNginx);
    const upstream = `http://127.0.0.1:${upPort}`;

    // The same call in every row: a production call of the demo vendor with its bearer token.
    const iss = await issuer();
    const auth = `Authorization: Bearer ${iss.token}`;
    const path0 = '/prod/dialogporten/api/v1/enduser/dialogs';

    const measureRow = async (name: string, note: string, url: string, server: ChildProcess): Promise<Row> => {
      const base = { connections: CONNECTIONS, core: LOAD };
      const w = await wrk(lua, url, [auth], { ...base, seconds: WARMUP_SECONDS });
      if (w.badStatus > 0) throw new Error(`${name}: ${w.badStatus} of ${w.requests} calls were answered with an error status in the warm-up (for the gateway: a gate refused them)`);
      const ticks0 = cpuTicks();
      const cpu0 = cpuTimeUs(server.pid);
      const db0 = databaseCpuUs();
      const max = await wrk(lua, url, [auth], { ...base, seconds: SECONDS });
      const cpuUs = (cpuTimeUs(server.pid) - cpu0) / max.requests;
      const dbUs = (databaseCpuUs() - db0) / max.requests;
      const paced = await wrk(lua, url, [auth], { connections: PACED_CONNECTIONS, seconds: SECONDS, paceMs: PACED_MEAN_DELAY_MS, core: LOAD });
      const ticks1 = cpuTicks();
      const stealPct = ticks1.total > ticks0.total ? (100 * (ticks1.steal - ticks0.steal)) / (ticks1.total - ticks0.total) : 0;
      const row = { name, note, max, paced, cpuUs, dbUs, stealPct };
      console.log(`  ${name}: ${int(max.rps)} req/s, p99 ${ms(max.p99)} ms, ${cpuUs.toFixed(1)} µs CPU/request at full load; p99 ${ms(paced.p99)} ms at ${int(paced.rps)} req/s; steal ${stealPct.toFixed(1)} %`);
      return row;
    };

    console.log(`upstream: nginx, fixed ${BODY.length}-byte JSON body; ${SECONDS} s per measurement after ${WARMUP_SECONDS} s warm-up`);
    rows.push(await measureRow('direct (upstream)', 'nginx return 200', `${upstream}/dialogporten/api/v1/enduser/dialogs`, upstreamNginx));

    const proxyPort = await freePort();
    const proxyNginx = await startNginx(
      dir,
      'proxy',
      proxyPort,
      `  upstream samsvar_upstream { server 127.0.0.1:${upPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${proxyPort};
    location /prod/ { proxy_pass http://samsvar_upstream/; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }`,
      SUT,
    );
    children.push(proxyNginx);
    rows.push(await measureRow('nginx proxy', '1 worker, keepalive 64', `http://127.0.0.1:${proxyPort}${path0}`, proxyNginx));
    await stopChild(proxyNginx, 'SIGQUIT');

    const fastify = await startNode('fastify', upstream, SUT, iss);
    children.push(fastify.child);
    rows.push(await measureRow('fastify proxy', '@fastify/http-proxy, no checks', fastify.info.url + fastify.info.path, fastify.child));
    await stopChild(fastify.child);

    const gw = await startNode('gateway', upstream, SUT, iss);
    children.push(gw.child);
    gatewayInfo = gw.info;
    rows.push(await measureRow('Samsvar gateway', 'all gates, plugins, audit', gw.info.url + gw.info.path, gw.child));
    await stopChild(gw.child);
  } finally {
    for (const c of children.reverse()) await stopChild(c, c.spawnfile === 'nginx' || c.spawnargs.includes('nginx') ? 'SIGQUIT' : 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }

  const [direct, nginx, fastify, gateway] = rows;
  console.log(`load average (1 min) before the run ${load0.toFixed(2)}, after ${os.loadavg()[0].toFixed(2)} — above ~1 other processes shared the cores, and the latency figures are theirs as much as the proxies'`);
  const bad = rows.filter((r) => r.max.bad + r.paced.bad > 0);
  console.log(`\ngateway: database ${gatewayInfo?.database}; headers the plugins added to a call: ${Object.keys(gatewayInfo?.headers ?? {}).filter((h) => !['connection', 'content-length', 'content-type', 'date', 'keep-alive', 'server'].includes(h)).join(', ') || '(none)'}`);

  console.log(`\nThroughput: wrk -t1 -c${CONNECTIONS} -d${SECONDS}s --latency`);
  table(
    ['row', 'requests/s', 'p50 ms', 'p99 ms', 'vs direct', 'vs nginx', 'vs fastify', 'CPU µs/req', 'CPU vs fastify'],
    rows.map((r) => [
      r.name,
      int(r.max.rps),
      ms(r.max.p50),
      ms(r.max.p99),
      `× ${(r.max.rps / direct.max.rps).toFixed(3)}`,
      `× ${(r.max.rps / nginx.max.rps).toFixed(3)}`,
      `× ${(r.max.rps / fastify.max.rps).toFixed(3)}`,
      r.cpuUs.toFixed(1),
      `× ${(r.cpuUs / fastify.cpuUs).toFixed(2)}`,
    ]),
  );
  console.log(
    '(CPU µs/req: user + system CPU time of the measured server — the proxy; the upstream in the direct row — per request at full load, from /proc; ' +
      'unlike requests/s it does not move when other processes share the cores. The gateway row counts its own process, not the PostgreSQL server that stores the audit batches.)',
  );
  if (gateway.dbUs > 0) console.log(`PostgreSQL during the gateway row: ${gateway.dbUs.toFixed(1)} µs CPU per call (storing the audit records; on core 0 with wrk and the upstream)`);

  console.log(`\nLatency at ~1,000 requests/s: wrk -t1 -c${PACED_CONNECTIONS} -d${SECONDS}s, each connection waits 0–${2 * PACED_MEAN_DELAY_MS} ms (random) between calls`);
  table(
    ['row', 'requests/s', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'p99 added over direct'],
    rows.map((r) => [r.name, int(r.paced.rps), ms(r.paced.p50), ms(r.paced.p90), ms(r.paced.p99), ms(r.paced.p999), r === direct ? '—' : `${ms(r.paced.p99 - direct.paced.p99)} ms`]),
  );

  // On a virtual machine the hypervisor may give the cores to other guests (steal): then a row measures the
  // neighbours, and a verdict would be noise.
  const maxSteal = Math.max(...rows.map((r) => r.stealPct));
  const judged = maxSteal <= MAX_STEAL_PCT;
  const verdict = (met: boolean) => (judged ? (met ? 'met' : 'not met') : `not judged: the host took up to ${maxSteal.toFixed(0)} % of the CPU (steal) during the run; run again when it is quiet`);
  console.log(`\nsteal (CPU time the hypervisor gave to other guests) per row: ${rows.map((r) => `${r.name} ${r.stealPct.toFixed(1)} %`).join(', ')}`);
  console.log(
    `goal 1 (issue 7): gateway throughput ≥ bare @fastify/http-proxy: ${int(gateway.max.rps)} vs ${int(fastify.max.rps)} req/s = × ${(gateway.max.rps / fastify.max.rps).toFixed(2)} → ${verdict(gateway.max.rps >= fastify.max.rps)}` +
      ` (CPU per request: ${gateway.cpuUs.toFixed(1)} vs ${fastify.cpuUs.toFixed(1)} µs = × ${(gateway.cpuUs / fastify.cpuUs).toFixed(2)})`,
  );
  const added = gateway.paced.p99 - direct.paced.p99;
  console.log(`goal 2 (issue 7): gateway adds ≤ 1 ms p99 over the direct upstream at ~1,000 requests/s: ${ms(added)} ms → ${verdict(added <= 1)}`);
  console.log(`(for reference: fastify proxy / nginx = × ${(fastify.max.rps / nginx.max.rps).toFixed(2)}; the issue expects a bare Node proxy at about × 0.3 of nginx on 2 cores)`);
  if (bad.length) console.log(`warning: failed calls (not 2xx/3xx, socket errors or timeouts) in ${bad.map((r) => `${r.name} (${r.max.bad + r.paced.bad})`).join(', ')}`);
}
