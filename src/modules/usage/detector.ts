/**
 * Polling detection and call counting in the gateway (T-1.2.4, S-2.3.1) — an observer plugin after the gates.
 *
 * Per call, in memory only (no database on the hot path):
 *  - counts the call per UTC day, vendor, environment, product and route (calls, unchanged reads, polling reads,
 *    rate-limited and refused calls);
 *  - for GET calls answered 200 or 304, keeps per (vendor, environment, route, path and query) the time of the last
 *    read and the answer's fingerprint: the upstream's ETag when it sends one, else a SHA-1 of the body taken as it
 *    streams through (a BodyTap; a body of up to 64 bytes is its own fingerprint, bodies over 1 MiB are not
 *    fingerprinted). A read is *unchanged* when the answer is
 *    304 or carries the same fingerprint as the read before. A resource is *polled* when at least `minRepeats` reads
 *    came in a row, each within `maxIntervalSeconds` of the one before, and at least `unchangedShare` of them were
 *    unchanged (policy `polling`). The resource states are a bounded map (100,000 entries, oldest first out).
 *  - answers of a polled resource, and of a route with an open finding, carry
 *    `Samsvar-Polling: polling;level=<n>;events="<event types>"` (a structured-field item) pointing to the events to
 *    subscribe to instead.
 *
 * Every `FLUSH_MS` (and at stop) the counts and the polling seen are written in one transaction: the daily counts
 * added to `usage_daily`, the polling added to the open finding per vendor, environment and route (opened at level 1
 * on first sight), and the open findings' levels read back so the header shows the level the escalation job set.
 */
import { createHash, hash, type Hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { and, eq, sql } from 'drizzle-orm';
import { redactNationalIds } from '../../kernel/ids/index.ts';
import type { PollingPolicy } from '../../kernel/policy/schema.ts';
import type { AppContext } from '../../platform/context.ts';
import type { AddedHeaders, BodyTap, CallState, GatewayPlugin } from '../gateway/proxy.ts';
import type { CallRecord } from '../gateway/recorder.ts';
import { pollingFindings, usageDaily } from './tables.ts';

export const FLUSH_MS = 5_000;
const MAX_RESOURCES = 100_000;
const MAX_DIGEST_BYTES = 1 << 20;
/** A body up to this size is its own fingerprint (cheaper than hashing it). */
const MAX_LITERAL_BYTES = 64;

/** The defaults when the policy has no `polling` section. */
export const DEFAULT_POLLING: PollingPolicy = {
  minRepeats: 10,
  maxIntervalSeconds: 120,
  unchangedShare: 0.9,
  quietPeriod: { amount: 14, unit: 'calendarDays' },
  steps: [{ action: 'report' }],
  clauses: ['T-1.2.4'],
};

interface ResourceState {
  lastAt: number;
  fingerprint: string | undefined;
  /** Reads in the current run (each within the interval of the one before), and how many were unchanged. */
  run: number;
  unchanged: number;
  /** Sum of the intervals in the run (ms). */
  spanMs: number;
  polled: boolean;
}

interface DayCount {
  day: string;
  vendorOrgId: string;
  env: string;
  product: string;
  route: string;
  calls: number;
  unchanged: number;
  polling: number;
  rateLimited: number;
  refused: number;
}

interface FindingCount {
  vendorOrgId: string;
  env: string;
  product: string;
  route: string;
  eventTypes: readonly string[];
  samplePath: string;
  resources: Set<string>;
  reads: number;
  unchanged: number;
  intervalMs: number;
  lastAt: number;
}

/** What the answer hook learnt of one call, for the `done` hook (kept on the call record under SEEN). */
interface Seen {
  /** "vendor|env|path?query" and its state before this read (undefined: first read). */
  key: string;
  state: ResourceState | undefined;
  fingerprint?: string;
  notModified: boolean;
  hash?: Hash;
  bytes: number;
}

const SEEN = Symbol('polling.seen');
type Tagged = CallRecord & { [SEEN]?: Seen };

export class PollingDetector implements GatewayPlugin {
  readonly name = 'polling';
  private readonly resources = new Map<string, ResourceState>();
  private days = new Map<string, DayCount>();
  private findings = new Map<string, FindingCount>();
  /** Open findings' levels: "vendor|env|route" → level (read back at every flush). */
  private levels = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private dayCache = { until: 0, day: '' };
  private readonly maxIntervalMs: number;

  constructor(
    private readonly ctx: AppContext,
    private readonly policy: PollingPolicy = DEFAULT_POLLING,
  ) {
    this.maxIntervalMs = policy.maxIntervalSeconds * 1000;
  }

  async start(flushMs = FLUSH_MS): Promise<this> {
    await this.readLevels(this.ctx.db);
    this.timer = setInterval(() => void this.flush().catch((e) => this.ctx.log.error({ err: e }, 'usage: flush failed; kept for the next one')), flushMs);
    this.timer.unref?.();
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush().catch((e) => this.ctx.log.error({ err: e }, 'usage: last flush failed'));
  }

  private dayOf(at: number): string {
    if (at >= this.dayCache.until || at < this.dayCache.until - 86_400_000) {
      const d = new Date(at);
      const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      this.dayCache = { until: start + 86_400_000, day: d.toISOString().slice(0, 10) };
    }
    return this.dayCache.day;
  }

  answer(st: CallState, rec: CallRecord, upstream: IncomingHttpHeaders, headers: AddedHeaders): BodyTap | void {
    if (rec.method !== 'GET' || (rec.status !== 200 && rec.status !== 304)) return;
    const level = this.levels.size ? this.levels.get(`${st.vendorOrgId}|${st.env}|${st.route.id}`) : undefined;
    const key = `${st.vendorOrgId}|${st.env}|${rec.url}`;
    const state = this.resources.get(key);
    if (level || state?.polled) {
      headers['samsvar-polling'] = `polling;level=${level ?? 1};events="${st.route.eventTypes.join(' ')}"`;
    }
    const seen: Seen = { key, state, notModified: rec.status === 304, bytes: 0 };
    (rec as Tagged)[SEEN] = seen;
    if (seen.notModified) return;
    const etag = upstream.etag;
    if (typeof etag === 'string' && etag) {
      seen.fingerprint = etag;
      return;
    }
    // Most answers come in one chunk: hashed in one call at the end; a Hash object only from the second chunk on.
    let first: Buffer | undefined;
    return {
      data(chunk) {
        seen.bytes += chunk.length;
        if (seen.bytes > MAX_DIGEST_BYTES) {
          seen.hash = undefined;
          first = undefined;
          return;
        }
        if (seen.bytes === chunk.length) first = chunk;
        else if (seen.hash) seen.hash.update(chunk);
        else if (first) {
          // A body of up to MAX_LITERAL_BYTES stays whole (its own fingerprint however it was chunked); a longer one
          // is hashed from here on.
          if (seen.bytes <= MAX_LITERAL_BYTES) first = Buffer.concat([first, chunk]);
          else {
            seen.hash = createHash('sha1').update(first).update(chunk);
            first = undefined;
          }
        }
      },
      end() {
        if (seen.bytes > MAX_DIGEST_BYTES) return;
        // Prefixed so a body can never equal an ETag ("…" or W/"…") or a digest of another body.
        if (seen.hash) seen.fingerprint = '#' + seen.hash.digest('base64');
        else if (!first) seen.fingerprint = '=';
        else seen.fingerprint = first.length <= MAX_LITERAL_BYTES ? '=' + first.toString('latin1') : '#' + hash('sha1', first, 'base64');
        seen.hash = undefined;
        first = undefined;
      },
    };
  }

  done(st: CallState | undefined, rec: CallRecord): void {
    const vendor = rec.vendorOrgId;
    if (!vendor || !rec.route || !rec.product) return;
    const day = this.dayOf(rec.at);
    const dk = `${day}|${vendor}|${rec.env}|${rec.route}`;
    let c = this.days.get(dk);
    if (!c) {
      c = { day, vendorOrgId: vendor, env: rec.env, product: rec.product, route: rec.route, calls: 0, unchanged: 0, polling: 0, rateLimited: 0, refused: 0 };
      this.days.set(dk, c);
    }
    c.calls++;
    if (rec.refusal) {
      c.refused++;
      if (rec.refusal === 'rate-limited') c.rateLimited++;
      return;
    }
    const seen = (rec as Tagged)[SEEN];
    if (!st || !seen) return;
    if (this.observe(st, rec, seen, c)) c.unchanged++;
  }

  /** Updates the resource's run; returns whether the read was unchanged. Counts polling reads (in the day's count). */
  private observe(st: CallState, rec: CallRecord, seen: Seen, c: DayCount): boolean {
    // Oldest first out when full (no reordering on access: a Map delete + set per read costs more than it saves).
    let s = seen.state;
    if (!s && this.resources.size >= MAX_RESOURCES) this.resources.delete(this.resources.keys().next().value!);
    const unchanged = Boolean(s) && (seen.notModified || (seen.fingerprint !== undefined && seen.fingerprint === s!.fingerprint));
    if (!s) s = { lastAt: rec.at, fingerprint: undefined, run: 1, unchanged: 0, spanMs: 0, polled: false };
    else {
      const gap = rec.at - s.lastAt;
      if (gap <= this.maxIntervalMs) {
        s.run++;
        s.spanMs += gap;
        if (unchanged) s.unchanged++;
      } else {
        s.run = 1;
        s.unchanged = 0;
        s.spanMs = 0;
        s.polled = false;
      }
      s.lastAt = rec.at;
    }
    if (!seen.notModified) s.fingerprint = seen.fingerprint;
    if (!seen.state) this.resources.set(seen.key, s);
    const p = this.policy;
    const polled = s.run >= p.minRepeats && s.unchanged >= p.unchangedShare * (s.run - 1);
    if (polled) {
      const fk = `${st.vendorOrgId}|${st.env}|${st.route.id}`;
      let f = this.findings.get(fk);
      if (!f) {
        f = { vendorOrgId: st.vendorOrgId, env: st.env, product: st.product.key, route: st.route.id, eventTypes: st.route.eventTypes, samplePath: '', resources: new Set(), reads: 0, unchanged: 0, intervalMs: Number.MAX_SAFE_INTEGER, lastAt: 0 };
        this.findings.set(fk, f);
      }
      // The run that just crossed the threshold counts whole; later reads one by one.
      const reads = s.polled ? 1 : s.run;
      const unch = s.polled ? (unchanged ? 1 : 0) : s.unchanged;
      f.reads += reads;
      f.unchanged += unch;
      c.polling += reads;
      if (f.resources.size < 1000) f.resources.add(rec.url);
      f.samplePath = rec.url;
      f.intervalMs = Math.min(f.intervalMs, Math.round(s.spanMs / (s.run - 1)));
      f.lastAt = rec.at;
      s.polled = true;
    }
    return unchanged;
  }

  /** Whether the detector holds anything not yet written. */
  get pending(): boolean {
    return this.days.size > 0 || this.findings.size > 0;
  }

  /** Writes the counts and findings gathered since the last flush, in one transaction. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => this.flush());
    this.flushing = this.write().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async write(): Promise<void> {
    const days = [...this.days.values()];
    const findings = [...this.findings.values()];
    this.days = new Map();
    this.findings = new Map();
    try {
      await this.ctx.db.transaction(async (tx) => {
        for (let i = 0; i < days.length; i += 500) {
          const batch = days.slice(i, i + 500);
          await tx
            .insert(usageDaily)
            .values(batch.map((d) => ({ ...d })))
            .onConflictDoUpdate({
              target: [usageDaily.day, usageDaily.vendorOrgId, usageDaily.env, usageDaily.product, usageDaily.route],
              set: {
                calls: sql`${usageDaily.calls} + excluded.calls`,
                unchanged: sql`${usageDaily.unchanged} + excluded.unchanged`,
                polling: sql`${usageDaily.polling} + excluded.polling`,
                rateLimited: sql`${usageDaily.rateLimited} + excluded.rate_limited`,
                refused: sql`${usageDaily.refused} + excluded.refused`,
                updatedAt: sql`now()`,
              },
            });
        }
        for (const f of findings) {
          await tx
            .insert(pollingFindings)
            .values({
              vendorOrgId: f.vendorOrgId,
              env: f.env,
              product: f.product,
              route: f.route,
              eventTypes: [...f.eventTypes],
              samplePath: redactNationalIds(f.samplePath),
              resources: f.resources.size,
              reads: f.reads,
              unchanged: f.unchanged,
              intervalMs: f.intervalMs,
              lastSeenAt: new Date(f.lastAt),
            })
            .onConflictDoUpdate({
              target: [pollingFindings.vendorOrgId, pollingFindings.env, pollingFindings.route],
              targetWhere: sql`status = 'open'`,
              set: {
                samplePath: sql`excluded.sample_path`,
                eventTypes: sql`excluded.event_types`,
                resources: sql`greatest(${pollingFindings.resources}, excluded.resources)`,
                reads: sql`${pollingFindings.reads} + excluded.reads`,
                unchanged: sql`${pollingFindings.unchanged} + excluded.unchanged`,
                intervalMs: sql`least(${pollingFindings.intervalMs}, excluded.interval_ms)`,
                lastSeenAt: sql`greatest(${pollingFindings.lastSeenAt}, excluded.last_seen_at)`,
              },
            });
        }
      });
    } catch (e) {
      this.mergeBack(days, findings);
      throw e;
    }
    await this.readLevels(this.ctx.db);
  }

  private mergeBack(days: DayCount[], findings: FindingCount[]): void {
    for (const d of days) {
      const k = `${d.day}|${d.vendorOrgId}|${d.env}|${d.route}`;
      const c = this.days.get(k);
      if (!c) this.days.set(k, d);
      else for (const f of ['calls', 'unchanged', 'polling', 'rateLimited', 'refused'] as const) c[f] += d[f];
    }
    for (const f of findings) {
      const k = `${f.vendorOrgId}|${f.env}|${f.route}`;
      const c = this.findings.get(k);
      if (!c) this.findings.set(k, f);
      else {
        c.reads += f.reads;
        c.unchanged += f.unchanged;
        c.intervalMs = Math.min(c.intervalMs, f.intervalMs);
        for (const r of f.resources) if (c.resources.size < 1000) c.resources.add(r);
      }
    }
  }

  private async readLevels(db: AppContext['db']): Promise<void> {
    const rows = await db
      .select({ vendorOrgId: pollingFindings.vendorOrgId, env: pollingFindings.env, route: pollingFindings.route, level: pollingFindings.level })
      .from(pollingFindings)
      .where(and(eq(pollingFindings.status, 'open')));
    this.levels = new Map(rows.map((r) => [`${r.vendorOrgId}|${r.env}|${r.route}`, r.level]));
  }
}
