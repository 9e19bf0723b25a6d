import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/helpers.ts';
import { syntheticFnr } from '../../../test/ids.ts';
import type { Database } from '../db/index.ts';
import { appendAudit, appendAuditBatch, verifyAudit } from './index.ts';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => database?.close());

async function seed(n: number) {
  await database.db.execute(sql`truncate audit_log`);
    await database.db.execute(sql`delete from audit_head`);
  await appendAuditBatch(
    database.db,
    Array.from({ length: n }, (_, i) => ({
      actor: { userId: null, label: `user${i}@example.com` },
      action: 'organisation.update',
      targetType: 'organisation',
      targetId: `t${i}`,
      before: { name: `A${i}` },
      after: { name: `B${i}` },
    })),
  );
}

describe('[T-6] hash-chained audit log', () => {
  it('verifies an untouched chain, appended one by one and in batches', async () => {
    await seed(5);
    await appendAudit(database.db, { actor: { label: 'x' }, action: 'a', targetType: 't' });
    const v = await verifyAudit(database.db);
    expect(v).toMatchObject({ ok: true, checked: 6, headSeq: 6 });
  });

  it('detects a changed entry', async () => {
    await seed(5);
    await database.db.execute(sql`update audit_log set action = 'organisation.delete' where seq = 3`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('detects a deleted entry in the middle', async () => {
    await seed(5);
    await database.db.execute(sql`delete from audit_log where seq = 2`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('detects entries removed from the end', async () => {
    await seed(5);
    await database.db.execute(sql`delete from audit_log where seq = 5`);
    const v = await verifyAudit(database.db);
    expect(v.ok).toBe(false);
    expect(v.reason).toMatch(/head records entry 5/);
  });

  it('detects reordering (two entries swapped)', async () => {
    await seed(4);
    await database.db.execute(sql`update audit_log set seq = -2 where seq = 2`);
    await database.db.execute(sql`update audit_log set seq = 2 where seq = 3`);
    await database.db.execute(sql`update audit_log set seq = 3 where seq = -2`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('a recomputed hash does not hide a change (the next entry still links to the old hash)', async () => {
    await seed(4);
    await database.db.execute(sql`update audit_log set action = 'x', hash = repeat('a', 64) where seq = 2`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('[T-5] redacts national identity numbers in labels, targets and details', async () => {
    await database.db.execute(sql`truncate audit_log`);
    await database.db.execute(sql`delete from audit_head`);
    const fnr = syntheticFnr();
    const row = await appendAudit(database.db, {
      actor: { label: `user ${fnr}` },
      action: 'x',
      targetType: 'person',
      targetId: fnr,
      details: { note: `pid ${fnr}` },
    });
    expect(row.actorLabel).toMatch(/^user /);
    expect(`${row.actorLabel} ${row.targetId} ${row.details}`).not.toContain(fnr);
    expect((await verifyAudit(database.db)).ok).toBe(true);
  });

  it('keeps the chain whole under concurrent appenders', async () => {
    await database.db.execute(sql`truncate audit_log`);
    await database.db.execute(sql`delete from audit_head`);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => appendAudit(database.db, { actor: { label: `c${i}` }, action: 'concurrent', targetType: 't' })),
    );
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, checked: 20 });
  });
});
