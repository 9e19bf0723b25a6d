/** The gateway's call recorder against a real database: batching, and nothing lost when the database is down [T-6]. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/helpers.ts';
import { auditLineBatches, auditLog, verifyAudit } from '../../platform/audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Database, Db } from '../../platform/db/index.ts';
import { parseCallLine } from './callEntry.ts';
import { CallRecorder, createGatewayMetrics, type CallRecord } from './recorder.ts';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => database?.close());

const VENDOR = '6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e';
const call = (i: number): CallRecord => ({ at: Date.parse('2026-11-22T08:00:00.000Z') + i, env: 'production', method: 'GET', url: `/dialogporten/api/v1/enduser/dialogs?page=${i}`, status: 200, latencyMs: 1.5, bytesIn: 0, bytesOut: 11, vendorOrgId: VENDOR, vendorOrgNo: '912345678', product: 'dialogporten', route: 'GET /dialogporten/api/v1/enduser/dialogs' });

/** The database, failing every transaction while `down` is set (as when PostgreSQL is unreachable). */
function flaky(db: Db) {
  const state = { down: false, failures: 0 };
  const proxied = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'transaction' && state.down) {
        return () => {
          state.failures++;
          return Promise.reject(new Error('connection refused'));
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { db: proxied, state };
}

describe('[T-6] the call recorder', () => {
  it('keeps the calls while the database is down and writes them, in order and complete, when it is back', async () => {
    const { db, state } = flaky(database.db);
    const errors: string[] = [];
    const log = { error: (_o: unknown, m?: string) => errors.push(String(m ?? _o)), warn: () => undefined, info: () => undefined, debug: () => undefined };
    const ctx = { db, log } as unknown as AppContext;
    const metrics = createGatewayMetrics();
    const recorder = new CallRecorder(ctx, metrics, 60_000);
    state.down = true;
    for (let i = 0; i < 1200; i++) recorder.record(call(i));
    await recorder.flush();
    expect(state.failures).toBeGreaterThan(0);
    expect(recorder.pending).toBe(1200);
    expect(errors.some((m) => m.includes('kept for the next flush'))).toBe(true);
    expect(await database.db.select().from(auditLineBatches)).toHaveLength(0);

    state.down = false;
    for (let i = 1200; i < 1300; i++) recorder.record(call(i));
    await recorder.flush();
    expect(recorder.pending).toBe(0);
    const batches = await database.db.select().from(auditLineBatches).orderBy(auditLineBatches.seq);
    // At most 1,000 calls a batch: 1,300 calls in two.
    expect(batches.map((b) => b.count)).toEqual([1000, 300]);
    const lines = batches.flatMap((b) => b.lines.split('\n').map(parseCallLine));
    expect(lines.map((l) => l.path)).toEqual(Array.from({ length: 1300 }, (_, i) => `/dialogporten/api/v1/enduser/dialogs?page=${i}`));
    expect(batches.every((b) => b.orgIds.length === 1 && b.orgIds[0] === VENDOR)).toBe(true);
    const entries = await database.db.select().from(auditLog);
    expect(entries.filter((e) => e.action === 'gateway.calls')).toHaveLength(2);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true });
    const text = await metrics.registry.metrics();
    expect(text).toContain('samsvar_gateway_audit_records_total 1300');
    expect(text).toMatch(/samsvar_gateway_calls_total\{env="production",product="dialogporten",vendor="912345678",outcome="2xx"\} 1300/);
    await recorder.stop();
  });
});
