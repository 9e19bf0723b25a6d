import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/helpers.ts';
import { syntheticFnr } from '../../../test/ids.ts';
import { rowsOf, type Database } from '../db/index.ts';
import { chainHash, chainHashOfTail, entryTail, GENESIS_HASH } from './chain.ts';
import { exportVendorCalls, verifyExport } from './export.ts';
import { appendAudit, appendAuditBatch, appendAuditLines, appendAuditTails, lineHash, verifyAudit } from './index.ts';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => database?.close());

async function seed(n: number) {
  await database.db.execute(sql`truncate audit_log`);
  await database.db.execute(sql`truncate audit_line_batches`);
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

describe('[T-6] line batches: one entry commits to many lines', () => {
  const X = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
  const Y = '1c0f5e2a-7d44-4e1b-9a0b-5a2f3c4d5e6f';
  const line = (org: string | null, at: string, path: string) => JSON.stringify([org, at, 'production', 'GET', path, 200]);
  const scope = { vendor: { orgId: X, orgNumber: '912345678', name: 'X AS' }, from: '2026-11-21T00:00:00.000Z', to: new Date(Date.now() + 3_600_000).toISOString(), lines: { action: 'test.calls', columns: ['vendorOrgId', 'calledAt', 'env', 'method', 'path', 'status'] } };
  const exportOf = async () => {
    let text = '';
    for await (const chunk of exportVendorCalls(database.db, { ...scope, exportedAt: '2026-11-22T08:00:00.000Z', exportedBy: 'auditor@example.com' })) text += chunk;
    return text.trim().split('\n');
  };

  beforeAll(async () => {
    await seed(3);
    // An entry per call, as the gateway wrote them before line batches.
    await appendAuditBatch(database.db, [
      { actor: { label: 'client:a' }, orgId: X, action: 'gateway.call', targetType: 'gateway-route', targetId: 'GET /a', details: { calledAt: '2026-11-21T09:00:00.000Z', status: 200 } },
      { actor: { label: 'client:b' }, orgId: Y, action: 'gateway.call', targetType: 'gateway-route', targetId: 'GET /b', details: { calledAt: '2026-11-21T09:00:01.000Z', status: 200 } },
    ]);
    const lines = [line(X, '2026-11-21T10:00:00.000Z', '/x/1'), line(Y, '2026-11-21T10:00:00.100Z', '/y/secret'), line(null, '2026-11-21T10:00:00.200Z', '/nowhere'), line(X, '2026-11-21T10:00:00.300Z', '/x/2 "q"')];
    await appendAuditLines(database.db, { action: 'test.calls', actorLabel: 'gateway', lines, hashes: lines.map(lineHash), orgIds: [X, Y], firstAt: new Date('2026-11-21T10:00:00.000Z'), lastAt: new Date('2026-11-21T10:00:00.300Z') });
    const other = [line(Y, '2026-11-21T11:00:00.000Z', '/y/2')];
    await appendAuditLines(database.db, { action: 'test.calls', actorLabel: 'gateway', lines: other, hashes: other.map(lineHash), orgIds: [Y], firstAt: new Date('2026-11-21T11:00:00.000Z'), lastAt: new Date('2026-11-21T11:00:00.000Z') });
    const late = [line(X, '2099-01-01T00:00:00.000Z', '/x/after-the-period')];
    await appendAuditLines(database.db, { action: 'test.calls', actorLabel: 'gateway', lines: late, hashes: late.map(lineHash), orgIds: [X], firstAt: new Date('2099-01-01T00:00:00.000Z'), lastAt: new Date('2099-01-01T00:00:00.000Z') });
  });

  it('the chain verifies with the stored lines; a changed, added or missing line breaks it at its entry', async () => {
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, checked: 8 });
    const [b] = rowsOf<{ seq: string; lines: string }>(await database.db.execute(sql`select seq, lines from audit_line_batches order by seq limit 1`));
    const seq = Number(b.seq);
    try {
      await database.db.execute(sql`update audit_line_batches set lines = replace(lines, '/x/1', '/x/9') where seq = ${seq}`);
      expect(await verifyAudit(database.db)).toMatchObject({ ok: false, firstBadSeq: seq, reason: expect.stringMatching(/changed/) });
      await database.db.execute(sql`update audit_line_batches set lines = ${b.lines + '\n' + line(X, '2026-11-21T10:00:01.000Z', '/x/3')} where seq = ${seq}`);
      expect(await verifyAudit(database.db)).toMatchObject({ ok: false, firstBadSeq: seq, reason: expect.stringMatching(/commits to 4 lines but 5/) });
      await database.db.execute(sql`delete from audit_line_batches where seq = ${seq}`);
      expect(await verifyAudit(database.db)).toMatchObject({ ok: false, firstBadSeq: seq, reason: expect.stringMatching(/missing/) });
    } finally {
      await database.db.execute(sql`insert into audit_line_batches (seq, first_at, last_at, org_ids, count, lines) values (${seq}, '2026-11-21T10:00:00.000Z', '2026-11-21T10:00:00.300Z', ${`{${X},${Y}}`}::uuid[], 4, ${b.lines}) on conflict (seq) do update set lines = excluded.lines`);
    }
    expect((await verifyAudit(database.db)).ok).toBe(true);
  });

  it("an export holds the vendor's entries and lines in the period, others' lines as hashes only, and verifies offline", async () => {
    const lines = await exportOf();
    const text = lines.join('\n');
    expect(text).not.toContain('/y/secret');
    expect(text).not.toContain('after-the-period');
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((e) => e.type)).toEqual(['header', 'anchor', 'record', 'link', 'batch', 'line', 'line', 'end']);
    expect(parsed.filter((e) => e.type === 'line').map((e) => e.index)).toEqual([0, 3]);
    expect(verifyExport(lines)).toMatchObject({ ok: true, calls: 3, records: 1, lines: 2, batches: 1, links: 1 });
    // A line of another vendor passed off as this vendor's fails on its hash; a line out of order fails too.
    const batchSeq = parsed.find((e) => e.type === 'batch')!.seq as number;
    const forged = lines.map((l) => (l.includes('"index":3') ? JSON.stringify({ type: 'line', seq: batchSeq, index: 3, line: line(X, '2026-11-21T10:00:00.300Z', '/x/forged') }) : l));
    expect(verifyExport(forged)).toMatchObject({ ok: false, badSeq: batchSeq });
    const swapped = [...lines.slice(0, 5), lines[6], lines[5], ...lines.slice(7)];
    expect(verifyExport(swapped)).toMatchObject({ ok: false, reason: expect.stringMatching(/out of order/) });
  });
});
