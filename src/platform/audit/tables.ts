import { bigint, bigserial, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The hash-chained audit log [T-6]: each row's hash covers its content and the previous row's hash, so a change,
 * deletion or reordering breaks the chain from that row on (`samsvar audit verify`).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label').notNull(),
    orgId: uuid('org_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    beforeDigest: text('before_digest'),
    afterDigest: text('after_digest'),
    /** Redacted, non-sensitive context (JSON text). */
    details: text('details'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_org').on(t.orgId, t.seq), index('audit_log_target').on(t.targetType, t.targetId)],
);

/** One row (id = 1): the head of the chain. Appenders lock it, so the chain order is the commit order. */
export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/**
 * Lines committed by one audit entry (the gateway's call records, decision 0010): the entry's details hold the line
 * count and the root — the SHA-256 of the lines' SHA-256 hashes (hex, joined by "\n") — so a changed, removed or
 * added line breaks the entry, and an export can prove one organisation's lines with the other lines' hashes alone.
 */
export const auditLineBatches = pgTable(
  'audit_line_batches',
  {
    /** The committing entry's seq in audit_log. */
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    /** Time of the first and the last line (the calls' own times). */
    firstAt: timestamp('first_at', { withTimezone: true, precision: 3 }).notNull(),
    lastAt: timestamp('last_at', { withTimezone: true, precision: 3 }).notNull(),
    /** The organisations the lines belong to (each once), to find an organisation's batches. */
    orgIds: uuid('org_ids').array().notNull(),
    count: integer('count').notNull(),
    /** The lines (JSON text, one per line), joined by "\n". */
    lines: text('lines').notNull(),
  },
  (t) => [index('audit_line_batches_time').on(t.lastAt, t.firstAt)],
);
