import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/helpers.ts';
import { syntheticFnr } from '../../../test/ids.ts';
import { rowsOf, type Database } from '../db/index.ts';
import { chainHash, chainHashOfTail, entryTail, GENESIS_HASH } from './chain.ts';
import { appendAudit, appendAuditBatch, appendAuditTails, verifyAudit } from './index.ts';

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

describe('[T-6] the chain payload built from its tail', () => {
  it('entryTail + chainHashOfTail give the hash chainHash gives, for text that needs escaping', () => {
    const fields = {
      seq: 4711,
      at: new Date('2026-11-21T22:50:00.123Z'),
      actorUserId: null,
      actorLabel: 'client:"quoted" \\ back\nslash ø æ å ✓',
      orgId: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
      action: 'gateway.call',
      targetType: 'gateway-route',
      targetId: 'GET /x/{id}',
      beforeDigest: null,
      afterDigest: 'ab'.repeat(32),
      details: JSON.stringify({ path: '/a?b="c"', n: 1 }),
    };
    const tail = entryTail(fields);
    expect(chainHashOfTail(GENESIS_HASH, fields.seq, tail)).toBe(chainHash(GENESIS_HASH, fields));
    expect(JSON.parse(`[${fields.seq},${tail.slice(1)}`)).toEqual([fields.seq, fields.at.toISOString(), null, fields.actorLabel, fields.orgId, fields.action, fields.targetType, fields.targetId, null, fields.afterDigest, fields.details]);
  });

  it('appendAuditTails stores entries that verify, with their text unchanged', async () => {
    await database.db.execute(sql`truncate audit_log`);
    await database.db.execute(sql`delete from audit_head`);
    const at = new Date('2026-11-21T10:00:00.000Z');
    const tails = ['plain', 'with "quotes" and \\ and\nnewline', 'unicode ø ✓ 😀'].map((label, i) =>
      entryTail({ at, actorUserId: null, actorLabel: label, orgId: null, action: 'test.tail', targetType: 't', targetId: String(i), beforeDigest: null, afterDigest: null, details: JSON.stringify({ label }) }),
    );
    const { firstSeq, hashes } = await appendAuditTails(database.db, tails);
    expect(firstSeq).toBe(1);
    expect(hashes.of).toHaveLength(3);
    const rows = rowsOf<{ actor_label: string; details: string; hash: string }>(await database.db.execute(sql`select actor_label, details, hash from audit_log order by seq`));
    expect(rows.map((r) => r.actor_label)).toEqual(['plain', 'with "quotes" and \\ and\nnewline', 'unicode ø ✓ 😀']);
    expect(JSON.parse(rows[2].details)).toEqual({ label: 'unicode ø ✓ 😀' });
    expect(rows.map((r) => r.hash)).toEqual(hashes.of);
    expect((await verifyAudit(database.db)).ok).toBe(true);
  });
});
