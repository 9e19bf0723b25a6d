/**
 * What the gateway remembers of each call, off the hot path:
 *  - an audit record per call (T-6, T-1.2): time, environment, vendor, customer, system user, client id, product,
 *    route, status, latency, bytes — never bodies, never the token; a fødselsnummer/D-nummer in the path or query is
 *    redacted when the record's line is built, as the call ends (T-5). The lines are appended to the hash-chained
 *    audit log in batches (every GATEWAY_FLUSH_MS or 500 calls, up to 1,000 a batch): one chain entry commits to a
 *    batch's lines by the root of their hashes, and the lines are stored beside it (appendAuditLines, decision 0010);
 *  - successful test-environment calls per vendor and product, added to the product tests in the same rhythm
 *    (T-1.2.3) — a vendor passes the test when the count reaches the policy's minimum;
 *  - Prometheus metrics per environment, product and vendor.
 */
import { Counter, Registry } from 'prom-client';
import { appendAuditLines, lineHash } from '../../platform/audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { recordTestCalls } from '../terms/index.ts';
import { CALL_BATCH_ACTION, callLine, type CallRecord } from './callEntry.ts';

export { CALL_BATCH_ACTION, callLine, type CallRecord } from './callEntry.ts';

/** Buffered records kept at most (on a database outage); older ones are dropped with an error in the log. */
const MAX_BUFFER = 100_000;
/** Calls per batch at most: one chain entry, one row and one transaction per batch. */
const PER_BATCH = 1000;
/** Line hashes computed at a stretch on the proxy's thread before it yields to waiting calls. */
const PER_STRETCH = 100;
/** A flush starts early when this many records wait. */
const FLUSH_AT = 500;
const yieldToCalls = () => new Promise<void>((r) => setImmediate(r));

const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/** What the gateway counts per environment and product between scrapes. */
interface Slot {
  env: string;
  product: string;
  /** vendor → outcome → calls since the last scrape. */
  calls: Map<string, Map<string, number>>;
  bytesIn: number;
  bytesOut: number;
  /** The duration histogram's buckets (not cumulative), sum and count — since the start, as Prometheus expects. */
  buckets: number[];
  sum: number;
  count: number;
}

/**
 * The gateway's metrics as plain numbers in nested Maps keyed by the strings the call already holds (environment,
 * product, vendor, outcome: no key built, no label object per call), handed to prom-client at scrape time: the
 * counters through their `collect`, the duration histogram rendered by `get` (the shape prom-client's own histogram
 * renders: cumulative `_bucket` lines with `le`, `_sum`, `_count`).
 */
class CallMetrics {
  private readonly slots = new Map<string, Map<string, Slot>>();

  count(env: string, product: string, vendor: string, outcome: string, bytesIn: number, bytesOut: number, seconds: number): void {
    let byProduct = this.slots.get(env);
    if (!byProduct) this.slots.set(env, (byProduct = new Map()));
    let s = byProduct.get(product);
    if (!s) byProduct.set(product, (s = { env, product, calls: new Map(), bytesIn: 0, bytesOut: 0, buckets: new Array<number>(DURATION_BUCKETS.length).fill(0), sum: 0, count: 0 }));
    let byOutcome = s.calls.get(vendor);
    if (!byOutcome) s.calls.set(vendor, (byOutcome = new Map()));
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
    s.bytesIn += bytesIn;
    s.bytesOut += bytesOut;
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]) i++;
    if (i < DURATION_BUCKETS.length) s.buckets[i]++;
    s.sum += seconds;
    s.count++;
  }

  private *each(): Generator<Slot> {
    for (const byProduct of this.slots.values()) yield* byProduct.values();
  }

  drainCalls(counter: Counter<string>): void {
    for (const s of this.each()) {
      for (const [vendor, byOutcome] of s.calls) {
        for (const [outcome, n] of byOutcome) if (n > 0) counter.inc({ env: s.env, product: s.product, vendor, outcome }, n);
        byOutcome.clear();
      }
    }
  }

  drainBytes(counter: Counter<string>): void {
    for (const s of this.each()) {
      if (s.bytesIn) counter.inc({ env: s.env, product: s.product, direction: 'in' }, s.bytesIn);
      if (s.bytesOut) counter.inc({ env: s.env, product: s.product, direction: 'out' }, s.bytesOut);
      s.bytesIn = 0;
      s.bytesOut = 0;
    }
  }

  /** The duration histogram, as a metric the registry renders. */
  histogram(name: string, help: string) {
    const each = () => this.each();
    return {
      name,
      help,
      type: 'histogram',
      aggregator: 'sum',
      get() {
        const values: Array<{ labels: Record<string, string | number>; value: number; metricName: string }> = [];
        for (const s of each()) {
          const labels = { env: s.env, product: s.product };
          let acc = 0;
          DURATION_BUCKETS.forEach((le, i) => {
            acc += s.buckets[i];
            values.push({ labels: { ...labels, le }, value: acc, metricName: `${name}_bucket` });
          });
          values.push({ labels: { ...labels, le: '+Inf' }, value: s.count, metricName: `${name}_bucket` });
          values.push({ labels, value: s.sum, metricName: `${name}_sum` });
          values.push({ labels, value: s.count, metricName: `${name}_count` });
        }
        return { name, help, type: 'histogram', values, aggregator: 'sum' };
      },
      reset() {},
    };
  }
}

export function createGatewayMetrics() {
  const registry = new Registry();
  const counts = new CallMetrics();
  new Counter({
    name: 'samsvar_gateway_calls_total',
    help: 'Gateway calls by environment, product, vendor (organisation number) and outcome (HTTP status class, or the refusal).',
    labelNames: ['env', 'product', 'vendor', 'outcome'],
    registers: [registry],
    collect() {
      counts.drainCalls(this);
    },
  });
  registry.registerMetric(counts.histogram('samsvar_gateway_call_duration_seconds', 'Duration of gateway calls (gates and upstream) by environment and product.') as never);
  new Counter({
    name: 'samsvar_gateway_bytes_total',
    help: 'Bytes through the gateway by environment, product and direction (in: request bodies, out: answer bodies).',
    labelNames: ['env', 'product', 'direction'],
    registers: [registry],
    collect() {
      counts.drainBytes(this);
    },
  });
  const auditBuffered = new Counter({ name: 'samsvar_gateway_audit_records_total', help: 'Call records written to the audit log.', registers: [registry] });
  return { registry, counts, auditBuffered };
}
export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;

/** Calls waiting for the audit log: their lines, vendors and times, in arrays side by side (no object per call). */
interface Pending {
  lines: string[];
  orgs: (string | null)[];
  ats: number[];
}

export class CallRecorder {
  private buffer: Pending = { lines: [], orgs: [], ats: [] };
  /** Records taken out of the buffer by the flush under way. */
  private writing = 0;
  private tests = new Map<string, { orgId: string; product: string; calls: number }>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private soon = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly metrics: GatewayMetrics,
    private readonly flushMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(1, FLUSH_AT), this.flushMs);
    this.timer.unref?.();
  }

  record(r: CallRecord): void {
    const product = r.product ?? 'none';
    const outcome = r.refusal ?? (r.status >= 500 ? '5xx' : r.status >= 400 ? '4xx' : r.status >= 300 ? '3xx' : r.status >= 200 ? '2xx' : `${Math.floor(r.status / 100)}xx`);
    this.metrics.counts.count(r.env, product, r.vendorOrgNo ?? 'unknown', outcome, r.bytesIn, r.bytesOut, r.latencyMs / 1000);
    const b = this.buffer;
    if (b.lines.length >= MAX_BUFFER) {
      // Dropped a hundredth at a time (one log line, no shift of the whole buffer per call).
      const n = MAX_BUFFER / 100;
      b.lines.splice(0, n);
      b.orgs.splice(0, n);
      b.ats.splice(0, n);
      this.ctx.log.error({ dropped: n }, 'gateway: audit buffer full (the database is unreachable); the oldest call records were dropped');
    }
    // The line is built now, so the record itself is garbage as the call ends (young, cheap to collect).
    b.lines.push(callLine(r));
    b.orgs.push(r.vendorOrgId ?? null);
    b.ats.push(r.at);
    if (b.lines.length >= FLUSH_AT && !this.soon) {
      this.soon = true;
      setImmediate(() => {
        this.soon = false;
        void this.flush(FLUSH_AT, FLUSH_AT);
      });
    }
  }

  /** Counts a successful call in the test environment towards the vendor's test of the product (T-1.2.3). */
  testCall(orgId: string, product: string): void {
    const key = `${orgId}|${product}`;
    const t = this.tests.get(key);
    if (t) t.calls++;
    else this.tests.set(key, { orgId, product, calls: 1 });
  }

  /** Writes what is buffered (serialised: one flush at a time); see flushNow. */
  flush(atLeast = 1, thenAtLeast = 1): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushNow(atLeast, thenAtLeast)).catch((e) => this.ctx.log.error({ err: e }, 'gateway: flush failed'));
    return this.flushing;
  }

  /**
   * Writes a batch when at least `atLeast` calls wait, and more while at least `thenAtLeast` do. By default all of
   * them (a caller's flush, stop). The timer writes what waits, then only full batches (FLUSH_AT), as does the count:
   * under load the calls that arrive while a batch is written wait for the next full one, instead of going out at
   * once in a small batch of their own (a transaction per few dozen calls).
   */
  private async flushNow(atLeast: number, thenAtLeast: number): Promise<void> {
    let need = Math.max(1, atLeast);
    while (this.buffer.lines.length >= need) {
      need = Math.max(1, thenAtLeast);
      // Taken out while it is hashed and written (calls keep arriving meanwhile); put back in front if the write fails.
      const b = this.buffer;
      const batch: Pending = { lines: b.lines.splice(0, PER_BATCH), orgs: b.orgs.splice(0, PER_BATCH), ats: b.ats.splice(0, PER_BATCH) };
      this.writing = batch.lines.length;
      try {
        await this.appendBatch(batch);
      } catch (e) {
        this.ctx.log.error({ err: e, records: batch.lines.length }, 'gateway: writing call records to the audit log failed; kept for the next flush');
        this.buffer = { lines: batch.lines.concat(this.buffer.lines), orgs: batch.orgs.concat(this.buffer.orgs), ats: batch.ats.concat(this.buffer.ats) };
        this.writing = 0;
        break;
      }
      this.writing = 0;
      this.metrics.auditBuffered.inc(batch.lines.length);
    }
    if (this.tests.size > 0) {
      const tests = [...this.tests.values()];
      this.tests.clear();
      for (const t of tests) {
        try {
          await recordTestCalls(this.ctx, t.orgId, t.product, t.calls);
        } catch (e) {
          this.ctx.log.error({ err: e }, 'gateway: recording test calls failed; kept for the next flush');
          this.testCallsBack(t);
        }
      }
    }
  }

  /** Hashes the lines on this thread, a stretch at a time, and appends them as one line batch. */
  private async appendBatch(batch: Pending): Promise<void> {
    const n = batch.lines.length;
    const hashes: string[] = new Array(n);
    const orgIds = new Set<string>();
    let first = Infinity;
    let last = -Infinity;
    for (let i = 0; i < n; i++) {
      if (i > 0 && i % PER_STRETCH === 0) await yieldToCalls();
      hashes[i] = lineHash(batch.lines[i]);
      const org = batch.orgs[i];
      if (org) orgIds.add(org);
      const at = batch.ats[i];
      if (at < first) first = at;
      if (at > last) last = at;
    }
    await appendAuditLines(this.ctx.db, { action: CALL_BATCH_ACTION, actorLabel: 'gateway', lines: batch.lines, hashes, orgIds: [...orgIds], firstAt: new Date(first), lastAt: new Date(last) });
  }

  private testCallsBack(t: { orgId: string; product: string; calls: number }): void {
    const key = `${t.orgId}|${t.product}`;
    const cur = this.tests.get(key);
    if (cur) cur.calls += t.calls;
    else this.tests.set(key, { ...t });
  }

  get pending(): number {
    return this.buffer.lines.length + this.writing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
