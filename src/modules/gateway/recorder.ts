/**
 * What the gateway remembers of each call, off the hot path:
 *  - an audit record per call (T-6, T-1.2): time, environment, vendor, customer, system user, client id, product,
 *    route, status, latency, bytes — never bodies, never the token; a fødselsnummer/D-nummer in the path or query is
 *    redacted before the record is built (T-5). Records are appended to the hash-chained audit log in batches (every
 *    GATEWAY_FLUSH_MS or 50 records, one transaction per batch), so the chain costs one lock per batch, not per call;
 *  - successful test-environment calls per vendor and product, added to the product tests in the same rhythm
 *    (T-1.2.3) — a vendor passes the test when the count reaches the policy's minimum;
 *  - Prometheus metrics per environment, product and vendor.
 */
import { Counter, Histogram, Registry } from 'prom-client';
import { redactNationalIds } from '../../kernel/ids/index.ts';
import { appendAuditBatch, type AuditInput } from '../../platform/audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { recordTestCalls } from '../terms/index.ts';

export interface CallRecord {
  at: number;
  env: string;
  method: string;
  /** Path and query as received (redacted when the record is built). */
  url: string;
  status: number;
  latencyMs: number;
  bytesIn: number;
  bytesOut: number;
  /** Set when the gateway refused the call: the refusal's code. */
  refusal?: string;
  vendorOrgId?: string;
  vendorOrgNo?: string;
  customerOrgNo?: string;
  systemUserId?: string;
  clientId?: string;
  issuer?: string;
  product?: string;
  route?: string;
}

/** Buffered records kept at most (on a database outage); older ones are dropped with an error in the log. */
const MAX_BUFFER = 100_000;
/**
 * Records per transaction. Building a batch (record, redaction, the chain's SHA-256, JSON) runs on the proxy's thread
 * without a break, ~25–35 µs a record: 50 keep each such stretch near 1 ms, so calls arriving meanwhile wait at most
 * that (at 1,000 calls/s a 200 ms flush of ~200 records held them ~5–7 ms — the p99). More transactions cost little.
 */
const BATCH = 50;

export function auditInputOf(r: CallRecord): AuditInput {
  const details: Record<string, unknown> = {
    calledAt: new Date(r.at).toISOString(),
    env: r.env,
    method: r.method,
    path: redactNationalIds(r.url),
    status: r.status,
    latencyMs: Math.round(r.latencyMs * 100) / 100,
    bytesIn: r.bytesIn,
    bytesOut: r.bytesOut,
  };
  if (r.refusal) details.refusal = r.refusal;
  if (r.vendorOrgNo) details.vendor = r.vendorOrgNo;
  if (r.customerOrgNo) details.customer = r.customerOrgNo;
  if (r.systemUserId) details.systemUser = r.systemUserId;
  if (r.clientId) details.clientId = r.clientId;
  if (r.issuer) details.issuer = r.issuer;
  if (r.product) details.product = r.product;
  if (r.route) details.route = r.route;
  return {
    actor: { label: r.clientId ? `client:${r.clientId}` : 'gateway' },
    orgId: r.vendorOrgId ?? null,
    action: r.refusal ? 'gateway.refused' : 'gateway.call',
    targetType: 'gateway-route',
    targetId: r.route ?? `${r.method} ${redactNationalIds(r.url.split('?')[0])}`,
    details,
  };
}

export function createGatewayMetrics() {
  const registry = new Registry();
  const calls = new Counter({
    name: 'samsvar_gateway_calls_total',
    help: 'Gateway calls by environment, product, vendor (organisation number) and outcome (HTTP status class, or the refusal).',
    labelNames: ['env', 'product', 'vendor', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'samsvar_gateway_call_duration_seconds',
    help: 'Duration of gateway calls (gates and upstream) by environment and product.',
    labelNames: ['env', 'product'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const bytes = new Counter({
    name: 'samsvar_gateway_bytes_total',
    help: 'Bytes through the gateway by environment, product and direction (in: request bodies, out: answer bodies).',
    labelNames: ['env', 'product', 'direction'],
    registers: [registry],
  });
  const auditBuffered = new Counter({ name: 'samsvar_gateway_audit_records_total', help: 'Call records written to the audit log.', registers: [registry] });
  return { registry, calls, duration, bytes, auditBuffered };
}
export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;

export class CallRecorder {
  private buffer: CallRecord[] = [];
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
    this.timer = setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref?.();
  }

  record(r: CallRecord): void {
    const product = r.product ?? 'none';
    this.metrics.calls.inc({ env: r.env, product, vendor: r.vendorOrgNo ?? 'unknown', outcome: r.refusal ?? `${Math.floor(r.status / 100)}xx` });
    this.metrics.duration.observe({ env: r.env, product }, r.latencyMs / 1000);
    if (r.bytesIn) this.metrics.bytes.inc({ env: r.env, product, direction: 'in' }, r.bytesIn);
    if (r.bytesOut) this.metrics.bytes.inc({ env: r.env, product, direction: 'out' }, r.bytesOut);
    if (this.buffer.length >= MAX_BUFFER) {
      this.buffer.shift();
      this.ctx.log.error('gateway: audit buffer full, oldest call record dropped');
    }
    this.buffer.push(r);
    if (this.buffer.length >= BATCH && !this.soon) {
      this.soon = true;
      setImmediate(() => {
        this.soon = false;
        void this.flush();
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

  /** Writes what is buffered (serialised: one flush at a time). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushNow()).catch((e) => this.ctx.log.error({ err: e }, 'gateway: flush failed'));
    return this.flushing;
  }

  private async flushNow(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.slice(0, BATCH);
      try {
        await appendAuditBatch(this.ctx.db, batch.map(auditInputOf));
      } catch (e) {
        this.ctx.log.error({ err: e, records: batch.length }, 'gateway: writing call records to the audit log failed; kept for the next flush');
        break;
      }
      this.buffer.splice(0, batch.length);
      this.metrics.auditBuffered.inc(batch.length);
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

  private testCallsBack(t: { orgId: string; product: string; calls: number }): void {
    const key = `${t.orgId}|${t.product}`;
    const cur = this.tests.get(key);
    if (cur) cur.calls += t.calls;
    else this.tests.set(key, { ...t });
  }

  get pending(): number {
    return this.buffer.length;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
