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

/** Counts kept per label set between scrapes and handed to prom-client when /metrics is read (collect). */
class PendingCounts {
  private readonly series = new Map<string, { labels: Record<string, string>; n: number }>();

  add(key: string, labels: () => Record<string, string>, n: number): void {
    const s = this.series.get(key);
    if (s) s.n += n;
    else this.series.set(key, { labels: labels(), n });
  }

  drainInto(counter: Counter<string>): void {
    for (const s of this.series.values()) {
      if (s.n === 0) continue;
      counter.inc(s.labels, s.n);
      s.n = 0;
    }
  }
}

/**
 * The call-duration histogram, kept in plain arrays per label set and rendered by the registry at scrape time (the
 * shape prom-client's own histogram renders: cumulative `_bucket` lines with `le`, `_sum`, `_count`). Observing is
 * a bucket search and two additions — no label object or label hashing per call.
 */
class DurationHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, { labels: Record<string, string>; counts: number[]; sum: number; count: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
  ) {}

  observe(key: string, labels: () => Record<string, string>, seconds: number): void {
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { labels: labels(), counts: new Array<number>(this.bounds.length).fill(0), sum: 0, count: 0 }));
    const b = this.bounds;
    let i = 0;
    while (i < b.length && seconds > b[i]) i++;
    if (i < b.length) s.counts[i]++;
    s.sum += seconds;
    s.count++;
  }

  get() {
    const values: Array<{ labels: Record<string, string | number>; value: number; metricName: string }> = [];
    for (const s of this.series.values()) {
      let acc = 0;
      this.bounds.forEach((le, i) => {
        acc += s.counts[i];
        values.push({ labels: { ...s.labels, le }, value: acc, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { ...s.labels, le: '+Inf' }, value: s.count, metricName: `${this.name}_bucket` });
      values.push({ labels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels: s.labels, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    this.series.clear();
  }
}

export function createGatewayMetrics() {
  const registry = new Registry();
  // Calls and bytes are counted in plain Maps on the call's path (a string key, no label hashing) and handed to
  // prom-client at scrape time; the duration histogram is observed per call.
  const pendingCalls = new PendingCounts();
  const pendingBytes = new PendingCounts();
  const calls = new Counter({
    name: 'samsvar_gateway_calls_total',
    help: 'Gateway calls by environment, product, vendor (organisation number) and outcome (HTTP status class, or the refusal).',
    labelNames: ['env', 'product', 'vendor', 'outcome'],
    registers: [registry],
    collect() {
      pendingCalls.drainInto(this);
    },
  });
  const duration = new DurationHistogram(
    'samsvar_gateway_call_duration_seconds',
    'Duration of gateway calls (gates and upstream) by environment and product.',
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
  );
  registry.registerMetric(duration as never);
  const bytes = new Counter({
    name: 'samsvar_gateway_bytes_total',
    help: 'Bytes through the gateway by environment, product and direction (in: request bodies, out: answer bodies).',
    labelNames: ['env', 'product', 'direction'],
    registers: [registry],
    collect() {
      pendingBytes.drainInto(this);
    },
  });
  const auditBuffered = new Counter({ name: 'samsvar_gateway_audit_records_total', help: 'Call records written to the audit log.', registers: [registry] });
  return { registry, calls, duration, bytes, auditBuffered, pendingCalls, pendingBytes };
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
    const vendor = r.vendorOrgNo ?? 'unknown';
    const m = this.metrics;
    m.pendingCalls.add(`${r.env}|${product}|${vendor}|${outcome}`, () => ({ env: r.env, product, vendor, outcome }), 1);
    m.duration.observe(`${r.env}|${product}`, () => ({ env: r.env, product }), r.latencyMs / 1000);
    if (r.bytesIn) m.pendingBytes.add(`${r.env}|${product}|in`, () => ({ env: r.env, product, direction: 'in' }), r.bytesIn);
    if (r.bytesOut) m.pendingBytes.add(`${r.env}|${product}|out`, () => ({ env: r.env, product, direction: 'out' }), r.bytesOut);
    const b = this.buffer;
    if (b.lines.length >= MAX_BUFFER) {
      b.lines.shift();
      b.orgs.shift();
      b.ats.shift();
      this.ctx.log.error('gateway: audit buffer full, oldest call record dropped');
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
