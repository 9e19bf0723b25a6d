/**
 * Measures in force on the gateway (T-1.2.8, T-7.1, T-7.2, S-7.3.5, S-7.3.8, S-7.3.9): an operator throttles,
 * suspends or disconnects a vendor, blocks a route (for everyone or one vendor) or stops an app of a service owner,
 * with a reason and an optional link to an incident or a deviation case, until it is lifted or its end time passes.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../platform/auth/tables.ts';
import { deviationCases } from '../deviations/tables.ts';
import { incidents } from '../incidents/tables.ts';
import { services } from '../registry/tables.ts';

export const measures = pgTable(
  'measures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** throttle | suspend | disconnect | block-route | stop-app */
    kind: text('kind').notNull(),
    /** The organisation the measure is about: the vendor (vendor measures, a route blocked for one vendor) or the service owner (a stopped app). */
    orgId: uuid('org_id').references(() => organisations.id, { onDelete: 'cascade' }),
    /** The vendor whose calls it affects (throttle, suspend, disconnect; block-route for one vendor). */
    vendorOrgId: uuid('vendor_org_id').references(() => organisations.id, { onDelete: 'cascade' }),
    /** Product key of the policy: a throttle of one product (null = every product), a blocked route's product, "apps" for a stopped app. */
    product: text('product'),
    /** A blocked route's id, e.g. "GET /correspondence/api/v1/correspondence". */
    routeId: text('route_id'),
    /** A stopped app: its Altinn org code and app name, and the registered service. */
    appOrg: text('app_org'),
    appName: text('app_name'),
    serviceId: uuid('service_id').references(() => services.id, { onDelete: 'set null' }),
    /** test | production | both */
    environment: text('environment').notNull().default('both'),
    /** A throttle: at most `rateRequests` per `ratePerSeconds` seconds. */
    rateRequests: integer('rate_requests'),
    ratePerSeconds: integer('rate_per_seconds'),
    reason: text('reason').notNull(),
    /** The clause the measure rests on, e.g. "T-7.1" (default per kind). */
    clause: text('clause').notNull().default('T-1.2.8'),
    incidentId: uuid('incident_id').references(() => incidents.id, { onDelete: 'set null' }),
    deviationCaseId: uuid('deviation_case_id').references(() => deviationCases.id, { onDelete: 'set null' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull().defaultNow(),
    /** A temporary measure ends by itself at this time. */
    endsAt: timestamp('ends_at', { withTimezone: true }),
    appliedBy: uuid('applied_by').references(() => users.id, { onDelete: 'set null' }),
    appliedByName: text('applied_by_name').notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftedBy: uuid('lifted_by').references(() => users.id, { onDelete: 'set null' }),
    liftedByName: text('lifted_by_name'),
    liftReason: text('lift_reason'),
  },
  (t) => [
    index('measures_active').on(t.liftedAt, t.endsAt),
    index('measures_org').on(t.orgId, t.appliedAt),
    check('measures_kind', sql`${t.kind} in ('throttle', 'suspend', 'disconnect', 'block-route', 'stop-app')`),
    check('measures_environment', sql`${t.environment} in ('test', 'production', 'both')`),
  ],
);

export type MeasureRow = typeof measures.$inferSelect;
