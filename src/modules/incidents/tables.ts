/**
 * Incidents (S-2.1, S-2.2, S-7.3.3, T-1.2.8). The history (`incident_events`) is the source of every SLA figure:
 * clocks are recomputed from it by the pure engine in src/kernel/sla; `incident_clocks` is a cache of the last
 * computation for lists and filters, rewritten in the same transaction as every change.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../platform/auth/tables.ts';
import { services } from '../registry/tables.ts';

export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human reference, e.g. "INC-2026-0042" (year of reporting, Oslo time). */
    ref: text('ref').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** Current category key of the policy (A, B, C). */
    category: text('category').notNull(),
    /** new | investigating | identified | monitoring | resolved | closed */
    state: text('state').notNull().default('new'),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
    /** Reporter: a user (with their organisation), an organisation, or an external e-mail address. */
    reporterUserId: uuid('reporter_user_id').references(() => users.id, { onDelete: 'set null' }),
    reporterOrgId: uuid('reporter_org_id').references(() => organisations.id, { onDelete: 'set null' }),
    reporterEmail: text('reporter_email'),
    reporterName: text('reporter_name'),
    /** Assignee: an operator agent (user) or a service owner (organisation, S-7.3.3), or both. */
    assigneeUserId: uuid('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    assigneeOrgId: uuid('assignee_org_id').references(() => organisations.id, { onDelete: 'set null' }),
    workaround: boolean('workaround').notNull().default(false),
    workaroundText: text('workaround_text'),
    /** Component ids (policy component classes now, the component catalogue later). */
    components: text('components').array().notNull().default(sql`'{}'::text[]`),
    /**
     * The component state this incident causes on its components while it is open (degraded_performance,
     * partial_outage, major_outage); null = no effect on component state. Written to component signals (source
     * "incident") and so into availability (S-2.3.1).
     */
    impact: text('impact'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** Any SLA clock breached (cache of the last computation). */
    breached: boolean('breached').notNull().default(false),
    /** Earliest due time of a running clock (cache), for "due soon" ordering. */
    nextDueAt: timestamp('next_due_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('incidents_reported').on(t.reportedAt),
    index('incidents_state').on(t.state, t.category),
    index('incidents_reporter_org').on(t.reporterOrgId),
    index('incidents_assignee_org').on(t.assigneeOrgId),
  ],
);

/** Services affected by an incident (service owners see incidents touching their services). */
export const incidentServices = pgTable(
  'incident_services',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.serviceId] }), index('incident_services_service').on(t.serviceId)],
);

/**
 * The history: every change, note and update, in order. `type`:
 *  reported | category | state | responded | workaround | hold | release   (clock-relevant, see HistoryEvent)
 *  assigned | note | update | edited | link | unlink | feedback | alert
 * `visibility`: internal (operators and the assignee) or public (everyone who sees the incident; the status page).
 */
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    type: text('type').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** Why (required for re-classification and escalation-like changes). */
    reason: text('reason'),
    body: text('body'),
    visibility: text('visibility').notNull().default('internal'),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    actorOrgId: uuid('actor_org_id').references(() => organisations.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('incident_events_incident').on(t.incidentId, t.at)],
);

/** Cache of the engine's last result per clock, for lists, filters and the report. */
export const incidentClocks = pgTable(
  'incident_clocks',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    targetId: text('target_id').notNull(),
    kind: text('kind').notNull(),
    category: text('category').notNull(),
    status: text('status').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
    breachedAt: timestamp('breached_at', { withTimezone: true }),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.targetId] }), index('incident_clocks_due').on(t.status, t.dueAt)],
);

/** Warnings and breaches sent, once per (incident, clock, threshold, due time): the jobs are idempotent through it. */
export const incidentAlerts = pgTable(
  'incident_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    targetId: text('target_id').notNull(),
    category: text('category').notNull(),
    percent: integer('percent').notNull(),
    /** The threshold instant the alert is for (a re-derived clock with another due time alerts again). */
    thresholdAt: timestamp('threshold_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('incident_alerts_once').on(t.incidentId, t.targetId, t.category, t.percent)],
);

export const incidentLinks = pgTable(
  'incident_links',
  {
    fromId: uuid('from_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    toId: uuid('to_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** related | duplicateOf | causedBy */
    kind: text('kind').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.fromId, t.toId] }), index('incident_links_to').on(t.toId)],
);

/** The operator on duty: who gets SLA warnings besides the assignee. Outside every entry: operator admins. */
export const dutyRoster = pgTable(
  'duty_roster',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('duty_roster_time').on(t.startsAt, t.endsAt)],
);

/** Yearly counter behind incident and deviation references. */
export const refCounters = pgTable(
  'ref_counters',
  {
    prefix: text('prefix').notNull(),
    year: integer('year').notNull(),
    value: integer('value').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.year] })],
);
