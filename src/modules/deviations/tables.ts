/**
 * Deviation cases (S-8): a repeated failure to meet a requirement of the agreement, by either party (ASF, the
 * operator, or a service owner), settled at the lowest level of the escalation ladder and moved up one step at a
 * time with a recorded reason. Breached SLA clocks can open or join a case.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../platform/auth/tables.ts';
import { incidents } from '../incidents/tables.ts';

export const deviationCases = pgTable(
  'deviation_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** e.g. "AVV-2026-0003" */
    ref: text('ref').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** The clause IDs of the requirement not met, e.g. ["S-2.2.2"]. */
    clauses: text('clauses').array().notNull().default(sql`'{}'::text[]`),
    /** Who failed the requirement: operator (ASF/Digdir) | serviceOwner */
    party: text('party').notNull(),
    /** The service owner concerned (party serviceOwner), or the one affected. */
    orgId: uuid('org_id').references(() => organisations.id, { onDelete: 'set null' }),
    /** Escalation ladder level id of the policy (operations, serviceManagers, sectionHead, director). */
    level: text('level').notNull(),
    /** open | resolved */
    status: text('status').notNull().default('open'),
    resolution: text('resolution'),
    openedBy: uuid('opened_by').references(() => users.id, { onDelete: 'set null' }),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('deviation_cases_status').on(t.status, t.openedAt), index('deviation_cases_org').on(t.orgId)],
);

/** History of a case: opened | escalated | note | joined | resolved | reopened. */
export const deviationEvents = pgTable(
  'deviation_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => deviationCases.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    type: text('type').notNull(),
    fromLevel: text('from_level'),
    toLevel: text('to_level'),
    reason: text('reason'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('deviation_events_case').on(t.caseId, t.at)],
);

/** Breached SLA clocks (and other occurrences) that make up the case. */
export const deviationItems = pgTable(
  'deviation_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => deviationCases.id, { onDelete: 'cascade' }),
    incidentId: uuid('incident_id').references(() => incidents.id, { onDelete: 'cascade' }),
    /** The clock target of the incident that breached (response / resolution). */
    targetId: text('target_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    note: text('note'),
    addedBy: uuid('added_by').references(() => users.id, { onDelete: 'set null' }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('deviation_items_case').on(t.caseId), unique('deviation_items_clock').on(t.caseId, t.incidentId, t.targetId)],
);

/** Contacts notified when a case reaches a level; per party side (operator, or a service owner organisation). */
export const escalationContacts = pgTable(
  'escalation_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    level: text('level').notNull(),
    /** null: the operator's side (Digdir); otherwise the service owner organisation's side. */
    orgId: uuid('org_id').references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('escalation_contacts_level').on(t.level, t.orgId)],
);
