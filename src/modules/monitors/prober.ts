/**
 * The prober role (S-2.3.1 probes, S-7.1.1): runs every enabled monitor on its interval.
 *
 *  - Scheduling: a min-heap of next-check instants and one timer. Each monitor's checks fall on slots
 *    `k × interval + offset`, the offset a hash of its id — the same for every process and restart — so 2,000
 *    monitors at 30 s spread evenly over the 30 s instead of firing together.
 *  - Bounded concurrency (PROBER_CONCURRENCY checks in flight; further due checks queue); a check still running when
 *    its next slot comes skips that slot. HTTP keep-alive through the outbound guard's pools.
 *  - Writes are batched: every PROBER_FLUSH_MS the results of that time go in one multi-row insert, the monitors'
 *    status fields in one `UPDATE … FROM (VALUES …)`, in one transaction — a handful of queries a second, however
 *    many monitors. Only transitions (down, up, degraded) cost more: the component signal (setSignal) and an event.
 *  - The status machine (state.ts) runs in memory; the row is written with a guard on `updated_at`, so a change made
 *    through the API meanwhile (which resets the status) wins over a verdict computed on the old definition.
 *  - Changes: `onChange('monitors')` (the API notifies in its transactions) re-reads the changed monitor; a changed
 *    or new monitor is checked at once, then on its slots.
 *  - Several prober processes on one PostgreSQL database: a session advisory lock lets one of them probe; the others
 *    wait as hot standbys and take over within PROBER_LOCK_RETRY_MS when it goes away (see docs/monitors.md).
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { onChange } from '../../platform/changes/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { rowsOf } from '../../platform/db/index.ts';
import { publishEvent } from '../../platform/events/index.ts';
import type { Resolver } from '../../platform/net/ssrf.ts';
import { setSignal } from '../components/signals.ts';
import { runCheck, type CheckResult } from './check.ts';
import { activeMonitors, MONITORS_TOPIC, monitorOutbound, type MonitorRow } from './service.ts';
import { applyResult, freshCounters, signalFor, type Counters, type MonitorStatus } from './state.ts';
import { monitorResults } from './tables.ts';

export interface ProberOptions {
  /** Multiplies every interval (tests and the benchmark compress time); default 1. */
  timeScale?: number;
  /** Milliseconds between writes (default PROBER_FLUSH_MS). */
  flushMs?: number;
  /** Checks in flight at once (default PROBER_CONCURRENCY). */
  concurrency?: number;
  resolve?: Resolver;
  /** Take the advisory lock on PostgreSQL before probing (default true). */
  lock?: boolean;
  /** How often a standby prober tries the lock (ms, default 5000). */
  lockRetryMs?: number;
  /** Keep the last N scheduling lags for stats() (default 100,000). */
  lagSamples?: number;
}

export interface ProberStats {
  active: boolean;
  monitors: number;
  checks: number;
  ok: number;
  failed: number;
  /** Slots skipped because the previous check of the monitor was still running. */
  skipped: number;
  inFlight: number;
  queued: number;
  flushes: number;
  resultsWritten: number;
  transitions: number;
  /** Milliseconds spent in write transactions. */
  writeMs: number;
  /** Milliseconds from each check's slot to its start, most recent last. */
  lags: number[];
}

export interface Prober {
  stop(): Promise<void>;
  /** Writes what has been collected now. */
  flush(): Promise<void>;
  /** Re-reads every monitor. */
  reload(): Promise<void>;
  stats(): ProberStats;
  /** Clears the counters of stats(). */
  resetStats(): void;
}

interface Entry {
  row: MonitorRow;
  /** updated_at of the definition in ms: results of an older definition are dropped. */
  version: number;
  intervalMs: number;
  offsetMs: number;
  counters: Counters;
  nextAt: number;
  running: boolean;
  removed: boolean;
}

interface Pending {
  entry: Entry;
  version: number;
  checkedAt: Date;
  result: CheckResult;
  previous: MonitorStatus;
  status: MonitorStatus;
  failures: number;
  successes: number;
}

/** FNV-1a of the id: the monitor's place within its interval. */
export function slotOffset(id: string, intervalMs: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return intervalMs > 0 ? h % Math.max(1, Math.floor(intervalMs)) : 0;
}

/** The first slot strictly after `now`. */
export function nextSlot(now: number, intervalMs: number, offsetMs: number): number {
  return (Math.floor((now - offsetMs) / intervalMs) + 1) * intervalMs + offsetMs;
}

const LOCK_KEY = 'samsvar:prober';

/** Starts probing in this process; resolves once the monitors are loaded (or, as a standby, once waiting). */
export async function startProber(ctx: AppContext, opts: ProberOptions = {}): Promise<Prober> {
  const scale = opts.timeScale ?? 1;
  const flushMs = opts.flushMs ?? ctx.config.PROBER_FLUSH_MS;
  const concurrency = opts.concurrency ?? ctx.config.PROBER_CONCURRENCY;
  const maxLags = opts.lagSamples ?? 100_000;
  const log = ctx.log.child({ role: 'prober' });

  const entries = new Map<string, Entry>();
  const heap: Entry[] = [];
  const queue: Array<{ entry: Entry; slot: number }> = [];
  let queueHead = 0;
  let pending: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let armedAt = Infinity;
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  let inFlight = 0;
  const running = new Set<Promise<void>>();
  let stopped = false;
  let active = false;
  const stats = { checks: 0, ok: 0, failed: 0, skipped: 0, flushes: 0, resultsWritten: 0, transitions: 0, writeMs: 0 };
  let lags: number[] = [];

  // ----------------------------------------------------------------------------------------------- the heap
  const less = (a: Entry, b: Entry) => a.nextAt < b.nextAt;
  const push = (e: Entry) => {
    heap.push(e);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const pop = (): Entry | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };

  const arm = () => {
    if (stopped || !active) return;
    while (heap.length && heap[0]!.removed) pop();
    const top = heap[0];
    if (!top) return;
    if (timer && top.nextAt >= armedAt) return;
    clearTimeout(timer);
    armedAt = top.nextAt;
    timer = setTimeout(tick, Math.max(0, top.nextAt - Date.now()));
  };

  function tick() {
    timer = undefined;
    armedAt = Infinity;
    if (stopped || !active) return;
    const now = Date.now();
    while (heap.length && heap[0]!.nextAt <= now) {
      const e = pop()!;
      if (e.removed) continue;
      const slot = e.nextAt;
      e.nextAt = nextSlot(Math.max(now, slot), e.intervalMs, e.offsetMs);
      push(e);
      if (e.running) {
        stats.skipped++;
        continue;
      }
      e.running = true;
      queue.push({ entry: e, slot });
    }
    pump();
    arm();
  }

  // ----------------------------------------------------------------------------------------------- checks
  function pump() {
    while (inFlight < concurrency && queueHead < queue.length) {
      const job = queue[queueHead++]!;
      if (queueHead > 1024 && queueHead * 2 > queue.length) {
        queue.splice(0, queueHead);
        queueHead = 0;
      }
      if (job.entry.removed) {
        job.entry.running = false;
        continue;
      }
      const p = execute(job.entry, job.slot);
      running.add(p);
      void p.finally(() => running.delete(p));
    }
  }

  async function execute(e: Entry, slot: number): Promise<void> {
    inFlight++;
    const started = Date.now();
    if (lags.length >= maxLags) lags = lags.slice(-Math.floor(maxLags / 2));
    lags.push(started - slot);
    const version = e.version;
    let result: CheckResult;
    try {
      result = await runCheck(e.row, monitorOutbound(ctx.config), { resolve: opts.resolve, keepAlive: true });
    } catch (err) {
      result = { ok: false, statusCode: null, latencyMs: Date.now() - started, error: (err as Error).message };
    } finally {
      inFlight--;
      e.running = false;
    }
    stats.checks++;
    if (result.ok) stats.ok++;
    else stats.failed++;
    if (active && !e.removed && e.version === version && entries.get(e.row.id) === e) {
      const previous = e.counters.status;
      const status = applyResult(e.counters, e.row, result);
      pending.push({ entry: e, version, checkedAt: new Date(started), result, previous, status, failures: e.counters.failures, successes: e.counters.successes });
    }
    pump();
  }

  // ----------------------------------------------------------------------------------------------- the monitors
  function entryOf(row: MonitorRow, now: number, checkSoon: boolean): Entry {
    const intervalMs = Math.max(1, row.intervalSeconds * 1000 * scale);
    const offsetMs = slotOffset(row.id, intervalMs);
    return {
      row,
      version: row.updatedAt.getTime(),
      intervalMs,
      offsetMs,
      counters: freshCounters(row.status as MonitorStatus, row.consecutiveFailures, row.consecutiveSuccesses),
      nextAt: checkSoon ? now : nextSlot(now, intervalMs, offsetMs),
      running: false,
      removed: false,
    };
  }

  function place(row: MonitorRow, checkSoon: boolean) {
    const old = entries.get(row.id);
    if (old && old.version === row.updatedAt.getTime()) return;
    if (old) old.removed = true;
    const e = entryOf(row, Date.now(), checkSoon);
    entries.set(row.id, e);
    push(e);
  }

  function remove(id: string) {
    const old = entries.get(id);
    if (!old) return;
    old.removed = true;
    entries.delete(id);
  }

  async function reload(): Promise<void> {
    const rows = await activeMonitors(ctx.db);
    const seen = new Set<string>();
    for (const r of rows) {
      seen.add(r.id);
      place(r, false);
    }
    for (const id of [...entries.keys()]) if (!seen.has(id)) remove(id);
    arm();
  }

  const changed = new Set<string>();
  let changeTimer: NodeJS.Timeout | undefined;
  let fullReload = false;
  async function applyChanges() {
    changeTimer = undefined;
    if (stopped || !active) return;
    if (fullReload) {
      fullReload = false;
      changed.clear();
      await reload();
      return;
    }
    const ids = [...changed];
    changed.clear();
    if (ids.length === 0) return;
    const rows = await activeMonitors(ctx.db, ids);
    const found = new Set(rows.map((r) => r.id));
    for (const r of rows) place(r, true);
    for (const id of ids) if (!found.has(id)) remove(id);
    arm();
  }
  const onMonitorChange = (payload: string) => {
    if (/^[0-9a-f-]{36}$/i.test(payload)) changed.add(payload);
    else fullReload = true;
    changeTimer ??= setTimeout(() => void applyChanges().catch((e) => log.warn({ err: e }, 'prober: reading changed monitors failed')), 20);
  };

  // ----------------------------------------------------------------------------------------------- writing
  async function flush(): Promise<void> {
    if (flushing) await flushing;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const t0 = performance.now();
    flushing = write(batch)
      .then(() => {
        stats.flushes++;
        stats.resultsWritten += batch.length;
        stats.writeMs += performance.now() - t0;
      })
      .catch((e) => {
        log.warn({ err: e, results: batch.length }, 'prober: writing results failed; kept for the next round');
        // Kept for the next round, but never more than a bounded backlog.
        pending = [...batch, ...pending].slice(-200_000);
      })
      .finally(() => (flushing = undefined));
    await flushing;
  }

  async function write(batch: Pending[]): Promise<void> {
    // The last state per monitor, and the transitions in order.
    const last = new Map<string, Pending>();
    const transitions: Pending[] = [];
    const sinceOf = new Map<string, Date>();
    for (const p of batch) {
      last.set(p.entry.row.id, p);
      if (p.status !== p.previous) {
        transitions.push(p);
        sinceOf.set(p.entry.row.id, p.checkedAt);
      }
    }
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < batch.length; i += 2000) {
        await tx.insert(monitorResults).values(
          batch.slice(i, i + 2000).map((p) => ({
            monitorId: p.entry.row.id,
            checkedAt: p.checkedAt,
            ok: p.result.ok,
            statusCode: p.result.statusCode,
            latencyMs: p.result.latencyMs,
            error: p.result.error,
          })),
        );
      }
      const updates = [...last.values()];
      const applied = new Set<string>();
      for (let i = 0; i < updates.length; i += 1000) {
        const rows = updates.slice(i, i + 1000).map((p) => {
          const since = sinceOf.get(p.entry.row.id);
          return sql`(${p.entry.row.id}::uuid, ${new Date(p.version).toISOString()}::timestamptz, ${p.status}, ${p.failures}::int, ${p.successes}::int, ${since ? since.toISOString() : null}::timestamptz, ${p.checkedAt.toISOString()}::timestamptz, ${p.result.latencyMs}::int, ${p.result.error})`;
        });
        const res = await tx.execute(sql`
          update monitors m
             set status = v.status,
                 consecutive_failures = v.failures,
                 consecutive_successes = v.successes,
                 status_since = coalesce(v.since, m.status_since),
                 last_checked_at = v.checked_at,
                 last_latency_ms = v.latency,
                 last_error = v.error
            from (values ${sql.join(rows, sql`, `)}) as v(id, version, status, failures, successes, since, checked_at, latency, error)
           where m.id = v.id and date_trunc('milliseconds', m.updated_at) = v.version and m.deleted_at is null and m.enabled
          returning m.id`);
        for (const r of rowsOf<{ id: string }>(res)) applied.add(r.id);
      }
      for (const t of transitions) {
        const m = t.entry.row;
        if (!applied.has(m.id)) continue;
        stats.transitions++;
        if (m.componentId) {
          await setSignal(tx, ctx, { componentId: m.componentId, source: 'monitor', ref: m.id, state: signalFor(t.status, m.downState), at: t.checkedAt, note: t.result.error });
        }
        const wentDown = t.status === 'down';
        const cameUp = t.previous === 'down';
        if (!wentDown && !cameUp) continue;
        await publishEvent(tx, ctx, {
          type: wentDown ? 'no.samsvar.monitor.down' : 'no.samsvar.monitor.up',
          resource: `urn:samsvar:monitor:${m.id}`,
          subject: m.id,
          source: `/monitors/${m.id}`,
          orgId: m.orgId,
          visibility: m.orgId ? 'org' : 'operators',
          time: t.checkedAt,
          data: {
            monitor: { id: m.id, name: m.name, kind: m.kind, target: m.target, componentId: m.componentId, orgId: m.orgId },
            status: t.status,
            previous: t.previous,
            since: t.checkedAt.toISOString(),
            statusCode: t.result.statusCode,
            latencyMs: t.result.latencyMs,
            error: t.result.error,
          },
        });
      }
    });
  }

  const scheduleFlush = () => {
    if (stopped) return;
    flushTimer = setTimeout(() => {
      void flush().finally(scheduleFlush);
    }, flushMs);
  };

  // ----------------------------------------------------------------------------------------------- lock
  let lockClient: pg.Client | undefined;
  let lockTimer: NodeJS.Timeout | undefined;
  const useLock = (opts.lock ?? true) && ctx.database.kind === 'postgres';

  async function becomeActive() {
    active = true;
    await reload();
    log.info({ monitors: entries.size }, 'prober: probing');
  }

  function becomeStandby(reason: string) {
    if (!active) return;
    active = false;
    clearTimeout(timer);
    timer = undefined;
    armedAt = Infinity;
    for (const e of entries.values()) e.removed = true;
    entries.clear();
    heap.length = 0;
    log.warn(`prober: stopped probing (${reason})`);
  }

  async function tryLock(): Promise<void> {
    if (stopped) return;
    try {
      if (!lockClient) {
        const c = new pg.Client({ connectionString: ctx.database.url });
        c.on('error', () => undefined);
        c.on('end', () => {
          if (lockClient === c) lockClient = undefined;
          becomeStandby('lost the connection that holds the prober lock');
          if (!stopped) lockTimer = setTimeout(() => void tryLock(), opts.lockRetryMs ?? 5000);
        });
        await c.connect();
        lockClient = c;
      }
      const r = await lockClient.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1)) as ok', [LOCK_KEY]);
      if (r.rows[0]?.ok) {
        await becomeActive();
        return;
      }
    } catch (e) {
      log.warn({ err: e }, 'prober: could not try the prober lock');
    }
    if (!stopped && !active) lockTimer = setTimeout(() => void tryLock(), opts.lockRetryMs ?? 5000);
  }

  // ----------------------------------------------------------------------------------------------- start
  const stopListening = await onChange(ctx.database, MONITORS_TOPIC, onMonitorChange);
  if (useLock) await tryLock();
  else await becomeActive();
  if (!active) log.info('prober: another prober process holds the lock; standing by');
  scheduleFlush();

  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      clearTimeout(flushTimer);
      clearTimeout(changeTimer);
      clearTimeout(lockTimer);
      await stopListening();
      await Promise.allSettled([...running]);
      await flush();
      active = false;
      const c = lockClient;
      lockClient = undefined;
      await c?.end().catch(() => undefined);
    },
    flush,
    reload,
    stats: () => ({ active, monitors: entries.size, ...stats, inFlight, queued: queue.length - queueHead, lags: [...lags] }),
    resetStats() {
      for (const k of Object.keys(stats) as (keyof typeof stats)[]) stats[k] = 0;
      lags = [];
    },
  };
}
