/**
 * The tamper-evident audit log of every administrative act [T-6]: who, on behalf of which organisation, what, which
 * target, when, and digests of the state before and after (never the state itself, so no personal data is copied
 * here [T-5]). Append inside the same transaction as the act, so an act and its record commit together.
 */
import { asc, desc, eq, gt, and, lt, lte, sql, type SQL } from 'drizzle-orm';
import { redactDeep } from '../../kernel/ids/index.ts';
import { rowsOf, type Db, type DbOrTx } from '../db/index.ts';
import { chainHash, chainHashOfTail, digest, entryTail, GENESIS_HASH, lineHash, linesRoot, type ChainFields } from './chain.ts';
import { auditHead, auditLineBatches, auditLog } from './tables.ts';

export { auditLog, auditHead, auditLineBatches } from './tables.ts';
export { canonicalJson, digest, entryTail, lineHash, linesRoot } from './chain.ts';

export interface AuditActor {
  userId?: string | null;
  /** Human label, e.g. the user's e-mail or "system" or "cli". */
  label: string;
}

export interface AuditInput {
  actor: AuditActor;
  orgId?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

export type AuditRow = typeof auditLog.$inferSelect;

export async function appendAudit(tx: DbOrTx, input: AuditInput): Promise<AuditRow> {
  return (await appendAuditBatch(tx, [input]))[0];
}

/** The hashed fields of an entry but its seq: labels, target and details redacted (T-5), before/after as digests. */
export function entryFields(input: AuditInput, at: Date): Omit<ChainFields, 'seq'> {
  return {
    at,
    actorUserId: input.actor.userId ?? null,
    actorLabel: String(redactDeep(input.actor.label)),
    orgId: input.orgId ?? null,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId == null ? null : String(redactDeep(String(input.targetId))),
    beforeDigest: digest(input.before),
    afterDigest: digest(input.after),
    details: input.details ? JSON.stringify(redactDeep(input.details)) : null,
  };
}

/** Appends several entries in one round of locking (used by bulk acts and the benchmark). */
export async function appendAuditBatch(tx: DbOrTx, inputs: AuditInput[]): Promise<AuditRow[]> {
  if (inputs.length === 0) return [];
  const at = new Date();
  const fields = inputs.map((input) => entryFields(input, at));
  const { firstSeq, hashes } = await appendAuditTails(tx, fields.map(entryTail));
  return fields.map((f, i) => ({ ...f, seq: firstSeq + i, prevHash: i === 0 ? hashes.prev : hashes.of[i - 1], hash: hashes.of[i] }));
}

/**
 * Locks the head row (creating it on first use) in one statement: concurrent appenders queue here, so sequence
 * order, chain order and commit order agree. Inside a transaction only.
 */
async function lockHead(tx: DbOrTx): Promise<{ seq: number; hash: string }> {
  return rowsOf<{ seq: string | number; hash: string }>(
    await tx.execute(sql`insert into audit_head (id, seq, hash) values (1, 0, ${GENESIS_HASH}) on conflict (id) do update set id = excluded.id returning seq, hash`),
  ).map((r) => ({ seq: Number(r.seq), hash: r.hash }))[0];
}

/**
 * Appends entries given as payload tails (`entryTail`: every hashed field but the seq, already redacted) in one
 * round of locking — the lean path for many entries (the gateway's call records): the tail is built once, outside
 * the lock, and serves both the chain hash and the row sent to the database.
 */
export async function appendAuditTails(tx: DbOrTx, tails: string[]): Promise<{ firstSeq: number; hashes: { prev: string; of: string[] } }> {
  if (tails.length === 0) return { firstSeq: 0, hashes: { prev: GENESIS_HASH, of: [] } };
  // Appends need a transaction (the head row lock must hold until commit); open one when given the database.
  if (!('rollback' in tx)) return (tx as Db).transaction((t) => appendAuditTails(t, tails));
  const head = await lockHead(tx);
  const first = head.seq + 1;
  let prev = head.hash;
  const of: string[] = new Array(tails.length);
  // Each row as a JSON array [seq, prevHash, hash, ...tail], the tail reused as it is (hex hashes need no escaping):
  // one parameter for the whole batch, unpacked by jsonb_array_elements (decision 0010).
  let json = '[';
  for (let i = 0; i < tails.length; i++) {
    const seq = first + i;
    const tail = tails[i];
    const h = chainHashOfTail(prev, seq, tail);
    json += `${i === 0 ? '' : ','}[${seq},"${prev}","${h}",${tail.slice(1)}`;
    of[i] = h;
    prev = h;
  }
  json += ']';
  const last = first + tails.length - 1;
  await tx.execute(
    sql`with ins as (insert into audit_log (seq, at, actor_user_id, actor_label, org_id, action, target_type, target_id, before_digest, after_digest, details, prev_hash, hash)
          select (e->>0)::bigint, (e->>3)::timestamptz, (e->>4)::uuid, e->>5, (e->>6)::uuid, e->>7, e->>8, e->>9, e->>10, e->>11, e->>12, e->>1, e->>2
          from jsonb_array_elements(${json}::jsonb) as e)
        update audit_head set seq = ${last}, hash = ${prev} where id = 1`,
  );
  return { firstSeq: first, hashes: { prev: head.hash, of } };
}

/** The target type of every entry that commits to a line batch: the verifier expects its lines stored. */
export const LINE_BATCH_TARGET = 'audit-lines';

/** A batch of lines committed by one entry (see `auditLineBatches` and `appendAuditLines`). */
export interface LineBatch {
  /** The committing entry's action and actor label (its target type is LINE_BATCH_TARGET; org and target id null). */
  action: string;
  actorLabel: string;
  /** The lines, each one line of JSON text (no raw newline), already redacted (T-5). */
  lines: string[];
  /** Their hashes (`lineHash`), in the same order. */
  hashes: string[];
  /** The organisations the lines belong to (each once). */
  orgIds: string[];
  firstAt: Date;
  lastAt: Date;
}

/** The details of a line batch's entry: what its hash commits to. */
export interface LineBatchDetails {
  lines: number;
  root: string;
  firstAt: string;
  lastAt: string;
}

/**
 * Appends one entry that commits to a batch of lines (its details: the count, the root of the lines' hashes and the
 * lines' time span) and stores the lines beside it, in one transaction: one chain entry and one row for the whole
 * batch, where an entry per line would cost a chain hash, a row and its index entries each (decision 0010).
 */
export async function appendAuditLines(tx: DbOrTx, batch: LineBatch): Promise<number> {
  if (batch.lines.length === 0 || batch.lines.length !== batch.hashes.length) throw new Error('a line batch needs its lines and as many hashes');
  if (!('rollback' in tx)) return (tx as Db).transaction((t) => appendAuditLines(t, batch));
  const details: LineBatchDetails = { lines: batch.lines.length, root: linesRoot(batch.hashes), firstAt: batch.firstAt.toISOString(), lastAt: batch.lastAt.toISOString() };
  const at = new Date();
  const f = { at, actorUserId: null, actorLabel: batch.actorLabel, orgId: null, action: batch.action, targetType: LINE_BATCH_TARGET, targetId: null, beforeDigest: null, afterDigest: null, details: JSON.stringify(details) };
  const text = batch.lines.join('\n');
  const head = await lockHead(tx);
  const seq = head.seq + 1;
  const hash = chainHashOfTail(head.hash, seq, entryTail(f));
  // The entry, its lines and the head in one statement: two round trips in the transaction (head, then this).
  await tx.execute(
    sql`with e as (insert into audit_log (seq, at, actor_user_id, actor_label, org_id, action, target_type, target_id, before_digest, after_digest, details, prev_hash, hash)
          values (${seq}, ${at.toISOString()}::timestamptz, null, ${f.actorLabel}, null, ${f.action}, ${f.targetType}, null, null, null, ${f.details}, ${head.hash}, ${hash})),
        l as (insert into audit_line_batches (seq, first_at, last_at, org_ids, count, lines)
          values (${seq}, ${details.firstAt}::timestamptz, ${details.lastAt}::timestamptz, ${`{${batch.orgIds.join(',')}}`}::uuid[], ${batch.lines.length}, ${text}))
        update audit_head set seq = ${seq}, hash = ${hash} where id = 1`,
  );
  return seq;
}

/** Why a stored line batch does not match its entry, or undefined when it does. */
export function lineBatchMismatch(entryDetails: string | null, lines: string): string | undefined {
  let d: Partial<LineBatchDetails>;
  try {
    d = JSON.parse(entryDetails ?? '') as Partial<LineBatchDetails>;
  } catch {
    return 'its details are not JSON';
  }
  const list = lines === '' ? [] : lines.split('\n');
  if (list.length !== d.lines) return `it commits to ${String(d.lines)} lines but ${list.length} are stored`;
  if (linesRoot(list.map(lineHash)) !== d.root) return 'its stored lines were changed (their hashes do not give the committed root)';
  return undefined;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  headSeq: number;
  headHash: string;
  firstBadSeq?: number;
  reason?: string;
}

/**
 * Walks the chain in sequence order, recomputing every hash. Detects a changed row (hash mismatch), a deleted or
 * reordered row (prev-hash or sequence mismatch) and a truncated tail (head mismatch).
 */
export async function verifyAudit(
  db: Db,
  onProgress?: (checked: number, total: number) => void,
  batchSize = 2000,
): Promise<VerifyResult> {
  const total = Number(
    ((await db.execute(sql`select count(*)::int as n from audit_log`)) as unknown as { rows: Array<{ n: number }> }).rows[0]
      ?.n ?? 0,
  );
  const head = (await db.select().from(auditHead).where(eq(auditHead.id, 1)))[0] ?? { seq: 0, hash: GENESIS_HASH };
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let lastSeq = 0;
  for (;;) {
    const batch = await db.select().from(auditLog).where(gt(auditLog.seq, lastSeq)).orderBy(asc(auditLog.seq)).limit(batchSize);
    if (batch.length === 0) break;
    // The lines stored beside this stretch's line-batch entries: checked against the root each entry commits to.
    const batchLines = new Map<number, string>();
    const lineRows = await db
      .select({ seq: auditLineBatches.seq, lines: auditLineBatches.lines })
      .from(auditLineBatches)
      .where(and(gt(auditLineBatches.seq, lastSeq), lte(auditLineBatches.seq, batch[batch.length - 1].seq)));
    for (const r of lineRows) batchLines.set(r.seq, r.lines);
    for (const row of batch) {
      const fail = (reason: string): VerifyResult => ({
        ok: false,
        checked,
        headSeq: head.seq,
        headHash: head.hash,
        firstBadSeq: row.seq,
        reason,
      });
      if (row.seq !== expectedSeq) return fail(`entry ${expectedSeq} is missing (next entry is ${row.seq})`);
      if (row.prevHash !== prev) return fail(`entry ${row.seq} does not follow entry ${row.seq - 1} (deleted, reordered or changed)`);
      const recomputed = chainHash(prev, row);
      if (recomputed !== row.hash) return fail(`entry ${row.seq} was changed after it was written`);
      const lines = batchLines.get(row.seq);
      if (row.targetType === LINE_BATCH_TARGET) {
        if (lines === undefined) return fail(`the lines entry ${row.seq} commits to are missing`);
        const why = lineBatchMismatch(row.details, lines);
        if (why) return fail(`entry ${row.seq}: ${why}`);
      } else if (lines !== undefined) return fail(`lines are stored for entry ${row.seq}, which commits to none`);
      prev = row.hash;
      expectedSeq += 1;
      checked += 1;
      lastSeq = row.seq;
    }
    onProgress?.(checked, total);
  }
  const orphan = (await db.select({ seq: auditLineBatches.seq }).from(auditLineBatches).where(gt(auditLineBatches.seq, checked)).limit(1))[0];
  if (orphan) {
    return { ok: false, checked, headSeq: head.seq, headHash: head.hash, firstBadSeq: orphan.seq, reason: `lines are stored for entry ${orphan.seq}, which the chain does not hold` };
  }
  if (checked !== head.seq || prev !== head.hash) {
    return {
      ok: false,
      checked,
      headSeq: head.seq,
      headHash: head.hash,
      firstBadSeq: checked + 1,
      reason: `the chain ends at entry ${checked} but the head records entry ${head.seq} (entries removed from the end)`,
    };
  }
  return { ok: true, checked, headSeq: head.seq, headHash: head.hash };
}

export interface AuditQuery {
  orgId?: string;
  before?: number;
  limit: number;
  action?: string;
}

export async function listAudit(db: Db, q: AuditQuery): Promise<AuditRow[]> {
  const conds: SQL[] = [];
  if (q.orgId) conds.push(eq(auditLog.orgId, q.orgId));
  if (q.before) conds.push(lt(auditLog.seq, q.before));
  if (q.action) conds.push(eq(auditLog.action, q.action));
  return db
    .select()
    .from(auditLog)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(auditLog.seq))
    .limit(q.limit);
}
