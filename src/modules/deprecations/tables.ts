/**
 * Calls to deprecated APIs (T-1.2.6, T-3.1.2): per breaking-change notice, route, environment and vendor, how many
 * calls the gateway saw and when the first and last were — so Digdir can contact the vendors before the sunset.
 * Written in batches by the gateway (one upsert per flush), never per call.
 */
import { bigint, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../../platform/auth/tables.ts';
import { notices } from '../notices/tables.ts';

export const deprecatedCalls = pgTable(
  'deprecated_calls',
  {
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    /** The catalogue route id, "METHOD /path/{param}". */
    routeId: text('route_id').notNull(),
    /** test | production */
    env: text('env').notNull(),
    vendorOrgId: uuid('vendor_org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    calls: bigint('calls', { mode: 'number' }).notNull().default(0),
    /** Calls after the sunset (refused with 410 when the policy says so). */
    callsAfterSunset: bigint('calls_after_sunset', { mode: 'number' }).notNull().default(0),
    firstCallAt: timestamp('first_call_at', { withTimezone: true }).notNull(),
    lastCallAt: timestamp('last_call_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.routeId, t.env, t.vendorOrgId] }), index('deprecated_calls_vendor').on(t.vendorOrgId, t.lastCallAt)],
);
