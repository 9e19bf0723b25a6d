/**
 * Service owners' obligations: semi-annual access reviews (S-7.2.1) and data elements made available to them, with
 * download confirmation (S-7.4.1), end-user control after confirmation (S-7.4.2) and deletion requests (S-7.4.3).
 */
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../platform/auth/tables.ts';
import { services } from '../registry/tables.ts';

export interface AccessReviewEntry {
  name: string;
  email: string;
  role: string;
  active: boolean;
}

export const accessReviews = pgTable(
  'access_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: uuid('submitted_by').references(() => users.id, { onDelete: 'set null' }),
    entries: jsonb('entries').$type<AccessReviewEntry[]>(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('access_reviews_org').on(t.orgId, t.dueAt)],
);

export const dataElements = pgTable(
  'data_elements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id').references(() => services.id, { onDelete: 'set null' }),
    /** The instance or transfer the element belongs to (e.g. an app instance id). */
    instanceRef: text('instance_ref'),
    /** The data element's id in Altinn. */
    elementRef: text('element_ref').notNull(),
    madeAvailableAt: timestamp('made_available_at', { withTimezone: true }).notNull().defaultNow(),
    downloadedAt: timestamp('downloaded_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmedBy: uuid('confirmed_by').references(() => users.id, { onDelete: 'set null' }),
    /** available | confirmed (under the end user's control, S-7.4.2) | deleted */
    status: text('status').notNull().default('available'),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('data_elements_org').on(t.orgId, t.status, t.madeAvailableAt)],
);

export const deletionRequests = pgTable(
  'deletion_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    elementId: uuid('element_id')
      .notNull()
      .references(() => dataElements.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** mistake | securityRisk */
    reasonKind: text('reason_kind').notNull(),
    reason: text('reason').notNull(),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    /** pending | approved | refused */
    status: text('status').notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
  },
  (t) => [index('deletion_requests_org').on(t.orgId, t.status)],
);
