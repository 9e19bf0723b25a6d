import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/tables.ts';

/**
 * The portal inbox: notifications for one user, shown in the portal beside the e-mail that may carry the same
 * message. Texts are stored in both languages so the portal shows them in the reader's.
 */
export const inboxItems = pgTable(
  'inbox_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Event type, e.g. "incident.clock.warning", "incident.clock.breached", "deviation.escalated". */
    kind: text('kind').notNull(),
    title: jsonb('title').$type<{ nb: string; en: string }>().notNull(),
    body: jsonb('body').$type<{ nb: string; en: string }>().notNull().default(sql`'{"nb":"","en":""}'::jsonb`),
    /** Portal path to open, e.g. "/incidents/<id>". */
    link: text('link'),
    /** Idempotence key: the same notification is stored once per user. */
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('inbox_items_user').on(t.userId, t.createdAt), index('inbox_items_dedupe').on(t.userId, t.dedupeKey)],
);
