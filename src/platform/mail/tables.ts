import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Every outgoing message is stored first, then sent by a job; without SMTP it stays here as `kept`. */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    /** Extra header fields, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) of status mails. */
    headers: jsonb('headers').$type<Record<string, string>>(),
    /** pending | sent | failed (retries exhausted: a dead letter, replayable) | kept (no SMTP configured) */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** What caused the message, e.g. "invitation"; for filtering in the portal. */
    kind: text('kind').notNull().default('general'),
    orgId: uuid('org_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('mail_outbox_status').on(t.status, t.nextAttemptAt)],
);
