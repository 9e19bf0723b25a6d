/**
 * Subscriptions to the status page (T-3.1.1): e-mail with double opt-in and one-click unsubscribe (RFC 8058), per
 * component or all. Webhook subscriptions are ordinary event-hub subscriptions (type filter "no.samsvar.status.*",
 * "no.samsvar.notice.*", …); the `channel` column keeps room for other channels. The mailer follows the event log
 * with its own row in `event_cursors` (consumer "status-subscribers").
 */
import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const statusSubscribers = pgTable(
  'status_subscribers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** email (webhooks go through the event hub). */
    channel: text('channel').notNull().default('email'),
    /** Lower-cased address. */
    address: text('address').notNull(),
    /** Component ids; empty = every component. */
    components: text('components').array().notNull().default(sql`'{}'::text[]`),
    /** nb | en */
    lang: text('lang').notNull().default('nb'),
    /** sha256 of the secret token in confirm and unsubscribe links. */
    tokenHash: text('token_hash').notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('status_subscribers_address').on(t.channel, t.address), index('status_subscribers_token').on(t.tokenHash)],
);

/** Reminders sent before maintenance starts (one per notice and reminder offset; makes the job idempotent). */
export const maintenanceReminders = pgTable(
  'maintenance_reminders',
  {
    noticeId: uuid('notice_id').notNull(),
    /** Offset before start in minutes. */
    offsetMinutes: bigint('offset_minutes', { mode: 'number' }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('maintenance_reminders_key').on(t.noticeId, t.offsetMinutes)],
);
