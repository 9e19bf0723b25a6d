/**
 * Audit appends on the embedded database (PGlite in memory): the hash-chained append against a baseline measured in
 * the same run, a plain insert of the same rows into an unchained table. Also the chain verification rate, and the
 * gateway's call records: as lines of one line-batch entry (line text, line hash, root — decision 0010) against an
 * entry per call through the generic AuditInput path (object, deep redaction, JSON of the details, chain hash and
 * the batch's JSON), first the CPU of building them, then the whole append on the database.
 */
import { sql } from 'drizzle-orm';
import { callLine, type CallRecord } from '../src/modules/gateway/callEntry.ts';
import { chainHashOfTail, entryTail, GENESIS_HASH, lineHash, linesRoot } from '../src/platform/audit/chain.ts';
import { appendAudit, appendAuditBatch, appendAuditLines, entryFields, verifyAudit, type AuditInput } from '../src/platform/audit/index.ts';
import { openDatabase } from '../src/platform/db/index.ts';
import { measure, measureAsync, report } from './lib.ts';

function entry(i: number): AuditInput {
  return {
    actor: { userId: null, label: `agent${i % 50}@digdir.no` },
    orgId: null,
    action: 'organisation.update',
    targetType: 'organisation',
    targetId: `org-${i}`,
    before: { name: `Old ${i}`, kinds: ['vendor'] },
    after: { name: `New ${i}`, kinds: ['vendor'] },
  };
}

/** A gateway call as the bench's gateway makes it. */
function call(i: number): CallRecord {
  return {
    at: Date.now(),
    env: 'production',
    method: 'GET',
    url: `/dialogporten/api/v1/enduser/dialogs?page=${i % 10}`,
    status: 200,
    latencyMs: 0.5 + (i % 7) / 10,
    bytesIn: 0,
    bytesOut: 11,
    vendorOrgId: 'a3f0c6c2-1111-4c7e-9a10-7d2a4b6c8e01',
    vendorOrgNo: '912345678',
    customerOrgNo: '974761076',
    clientId: '3f6c1e8a-5b2d-4c7e-9a10-7d2a4b6c8e01',
    issuer: 'https://maskinporten.no/',
    product: 'dialogporten',
    route: 'GET /dialogporten/api/v1/enduser/dialogs',
  };
}

/** The same call as a generic audit input (what the gateway built before its entries were made as text). */
function callInput(r: CallRecord): AuditInput {
  const details: Record<string, unknown> = { calledAt: new Date(r.at).toISOString(), env: r.env, method: r.method, path: r.url, status: r.status, latencyMs: r.latencyMs, bytesIn: r.bytesIn, bytesOut: r.bytesOut };
  for (const k of ['vendorOrgNo', 'customerOrgNo', 'clientId', 'issuer', 'product', 'route'] as const) if (r[k]) details[k] = r[k];
  return { actor: { label: `client:${r.clientId}` }, orgId: r.vendorOrgId, action: 'gateway.call', targetType: 'gateway-route', targetId: r.route, details };
}

/** A batch's text as appendAuditTails sends it: each entry's chain hash and its row, from the entries' tails. */
function batchText(tails: string[]): string {
  let prev = GENESIS_HASH;
  let json = '[';
  for (let i = 0; i < tails.length; i++) {
    const h = chainHashOfTail(prev, i + 1, tails[i]);
    json += `${i ? ',' : ''}[${i + 1},"${prev}","${h}",${tails[i].slice(1)}`;
    prev = h;
  }
  return json + ']';
}

function entryBuilding(): void {
  const calls = Array.from({ length: 500 }, (_, i) => call(i));
  const rows = [
    measure('baseline: AuditInput → entryFields → entryTail', () => {
      const at = new Date();
      return batchText(calls.map((c) => entryTail(entryFields(callInput(c), at))));
    }),
    measure('line batch: callLine → lineHash → root', () => {
      const lines = calls.map(callLine);
      return linesRoot(lines.map(lineHash)) + lines.join('\n').length;
    }),
  ];
  report(rows, 'baseline: AuditInput → entryFields → entryTail', 'gateway call records, CPU of building them — one op = 500 calls');
}

export async function run(): Promise<void> {
  entryBuilding();
  console.log('');
  const database = await openDatabase({});
  await database.migrate();
  const db = database.db;
  await db.execute(sql`create table bench_plain (like audit_log including defaults)`);

  const rows = [];
  rows.push(
    await measureAsync('baseline: plain insert, 1 row per transaction', (i) =>
      db.transaction((tx) =>
        tx.execute(
          sql`insert into bench_plain (at, actor_label, action, target_type, target_id, prev_hash, hash) values (now(), ${`agent${i}`}, 'organisation.update', 'organisation', ${`org-${i}`}, '', '')`,
        ),
      ),
    ),
  );
  rows.push(await measureAsync('appendAudit, 1 entry per transaction', (i) => appendAudit(db, entry(i))));
  rows.push(
    await measureAsync('appendAuditBatch, 100 entries per transaction', (i) => appendAuditBatch(db, Array.from({ length: 100 }, (_, k) => entry(i * 100 + k))), {
      unitsPerCall: 100,
    }),
  );
  report(rows, 'baseline: plain insert, 1 row per transaction', 'audit appends (entries per second)');

  // The gateway's calls on the database: an entry per call (500 a transaction) against one line batch of 500.
  const calls = Array.from({ length: 500 }, (_, i) => call(i));
  const callRows = [
    await measureAsync('baseline: 500 calls as 500 entries', () => appendAuditBatch(db, calls.map(callInput)), { unitsPerCall: 500 }),
    await measureAsync('500 calls as one line batch', () => {
      const lines = calls.map(callLine);
      return appendAuditLines(db, { action: 'gateway.calls', actorLabel: 'gateway', lines, hashes: lines.map(lineHash), orgIds: [calls[0].vendorOrgId!], firstAt: new Date(), lastAt: new Date() });
    }, { unitsPerCall: 500 }),
  ];
  report(callRows, 'baseline: 500 calls as 500 entries', 'gateway call records appended (calls per second, PGlite)');

  const t0 = performance.now();
  const v = await verifyAudit(db);
  const secs = (performance.now() - t0) / 1000;
  console.log(`\nverify: ${v.ok ? 'intact' : 'BROKEN'}, ${v.checked} entries in ${secs.toFixed(2)} s = ${Math.round(v.checked / secs).toLocaleString('en')} entries/s`);
  await database.close();
}
