/**
 * The last published snapshot of the public status page. The status page answers from memory; this row (and a copy
 * in the data directory) lets a restarted process answer before — or without — reaching the database.
 */
import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const statusSnapshots = pgTable('status_snapshots', {
  id: text('id').primaryKey(),
  data: jsonb('data').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
});
