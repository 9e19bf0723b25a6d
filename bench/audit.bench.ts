/**
 * Audit appends on the embedded database (PGlite in memory): the hash-chained append against a baseline measured in
 * the same run, a plain insert of the same rows into an unchained table. Also the chain verification rate.
 */
import { sql } from 'drizzle-orm';
import { appendAudit, appendAuditBatch, verifyAudit, type AuditInput } from '../src/platform/audit/index.ts';
import { openDatabase } from '../src/platform/db/index.ts';
import { measureAsync, report } from './lib.ts';

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

export async function run(): Promise<void> {
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

  const t0 = performance.now();
  const v = await verifyAudit(db);
  const secs = (performance.now() - t0) / 1000;
  console.log(`\nverify: ${v.ok ? 'intact' : 'BROKEN'}, ${v.checked} entries in ${secs.toFixed(2)} s = ${Math.round(v.checked / secs).toLocaleString('en')} entries/s`);
  await database.close();
}
