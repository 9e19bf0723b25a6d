/**
 * Usage and call efficiency (T-1.2.4, S-2.3.1): calls per day, vendor, environment, product and route as the gateway
 * counted them (written in batches by the gateway's polling observer, never per call), and polling findings per
 * vendor, environment and read route with their escalation level.
 */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../platform/auth/tables.ts';

/** Calls per UTC day, vendor, environment, product and route (route id as in the catalogue, e.g. "GET /broker/…"). */
export const usageDaily = pgTable(
  'usage_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    vendorOrgId: uuid('vendor_org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    env: text('env').notNull(),
    product: text('product').notNull(),
    route: text('route').notNull(),
    /** Every call the gateway matched to this route for this vendor, passed or refused after gate 2. */
    calls: integer('calls').notNull().default(0),
    /** Reads whose answer was unchanged: 304, or the same ETag or body digest as the previous read of the same resource. */
    unchanged: integer('unchanged').notNull().default(0),
    /** Reads counted as polling (part of a run that met the policy's thresholds). */
    polling: integer('polling').notNull().default(0),
    /** Calls refused by the rate limit (429). */
    rateLimited: integer('rate_limited').notNull().default(0),
    /** Calls refused by any gate. */
    refused: integer('refused').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.day, t.vendorOrgId, t.env, t.product, t.route] }), index('usage_daily_vendor').on(t.vendorOrgId, t.day)],
);

/**
 * A polling finding: a vendor reads a route's resources over and over while the answer stays the same. One open
 * finding per vendor, environment and route; its level climbs by the policy's escalation steps while the polling
 * goes on: 1 header and weekly report, 2 warning, 3 throttle, 4 proposal to suspend (operators decide).
 */
export const pollingFindings = pgTable(
  'polling_findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorOrgId: uuid('vendor_org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    env: text('env').notNull(),
    product: text('product').notNull(),
    route: text('route').notNull(),
    /** The event types to subscribe to instead (from the catalogue). */
    eventTypes: text('event_types').array().notNull().default(sql`'{}'::text[]`),
    /** One polled resource path (national identity numbers redacted), as an example. */
    samplePath: text('sample_path').notNull(),
    /** Distinct resources seen polled within one flush interval, the most seen (a lower bound). */
    resources: integer('resources').notNull().default(0),
    /** Polling reads counted into this finding, and how many of them were unchanged. */
    reads: integer('reads').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    /** Shortest median interval between reads of one resource seen, in milliseconds. */
    intervalMs: integer('interval_ms').notNull(),
    level: integer('level').notNull().default(1),
    levelSince: timestamp('level_since', { withTimezone: true }).notNull().defaultNow(),
    /** The highest level the vendor (or, at 4, the operators) has been told about. */
    notifiedLevel: integer('notified_level').notNull().default(0),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** open | resolved (no polling seen for the policy's quiet period) | dismissed (an operator's decision). */
    status: text('status').notNull().default('open'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** At level 3: the throttle applied through the measures module ("applied: 10/60s"). */
    throttle: text('throttle'),
    /** The throttle measure escalation applied at level 3 (lifted when the finding resolves or is dismissed). */
    throttleMeasureId: uuid('throttle_measure_id'),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decisionNote: text('decision_note'),
  },
  (t) => [
    uniqueIndex('polling_findings_open').on(t.vendorOrgId, t.env, t.route).where(sql`status = 'open'`),
    index('polling_findings_vendor').on(t.vendorOrgId, t.lastSeenAt),
    check('polling_findings_level', sql`${t.level} between 1 and 4`),
    check('polling_findings_status', sql`${t.status} in ('open', 'resolved', 'dismissed')`),
  ],
);
