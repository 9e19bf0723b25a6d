/**
 * The event hub (T-1.2.4, T-2.5): every change Samsvar records is a CloudEvent in `events`; organisations subscribe
 * (Altinn-Events-shaped subscriptions) and a delivery table claimed with SKIP LOCKED carries each event to each
 * matching subscription at least once, signed per Standard Webhooks, with every attempt recorded.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../auth/tables.ts';

export const events = pgTable(
  'events',
  {
    /** Order of acceptance; the pull API's cursor. */
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** CloudEvents `id`. */
    id: uuid('id').notNull().unique().defaultRandom(),
    /** e.g. "no.samsvar.incident.created" */
    type: text('type').notNull(),
    /** CloudEvents `source`, e.g. "https://samsvar.example/api/v1/incidents". */
    source: text('source').notNull(),
    /** e.g. "/org/991825827" — who the event is about (Altinn: the party). */
    subject: text('subject'),
    /** e.g. "urn:samsvar:incident:<uuid>" (Altinn extension attribute `resource`). */
    resource: text('resource').notNull(),
    time: timestamp('time', { withTimezone: true }).notNull(),
    data: jsonb('data').$type<unknown>(),
    /** The organisation the event belongs to (null: none, e.g. a public status event). */
    orgId: uuid('org_id').references(() => organisations.id, { onDelete: 'set null' }),
    /** Who may receive it: public (anyone) | org (that organisation and operators) | operators (operators only). */
    visibility: text('visibility').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('events_type').on(t.type, t.seq), index('events_org').on(t.orgId, t.seq)],
);

export const subscriptions = pgTable(
  'event_subscriptions',
  {
    /** Integer ids as in Altinn Events. */
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** Altinn's `consumer`, e.g. "/org/991825827". */
    consumer: text('consumer').notNull(),
    /** Altinn's `createdBy`, e.g. "/user/<uuid>" or "/token/<prefix>". */
    createdBy: text('created_by').notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    endPoint: text('end_point').notNull(),
    sourceFilter: text('source_filter'),
    resourceFilter: text('resource_filter'),
    subjectFilter: text('subject_filter'),
    /** Exact type, or a prefix ending in ".*" (Samsvar's improvement over Altinn). */
    typeFilter: text('type_filter'),
    validated: boolean('validated').notNull().default(false),
    validatedAt: timestamp('validated_at', { withTimezone: true }),
    /** active | disabled */
    status: text('status').notNull().default('active'),
    disabledReason: text('disabled_reason'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /**
     * Signing secrets (Standard Webhooks `whsec_…`), newest first, encrypted at rest. During a rotation the old one
     * keeps signing until `expiresAt`, so receivers can switch without losing a delivery.
     */
    secrets: jsonb('secrets').$type<Array<{ id: string; enc: string; createdAt: string; expiresAt: string | null }>>().notNull().default(sql`'[]'::jsonb`),
    /** First failure since the last success (null while healthy): a subscription failing for the policy's period is disabled. */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('event_subscriptions_org').on(t.orgId)],
);

export const deliveries = pgTable(
  'event_deliveries',
  {
    /** Standard Webhooks `webhook-id` (stable across retries and replays: receivers deduplicate on it). */
    id: uuid('id').primaryKey().defaultRandom(),
    subscriptionId: bigint('subscription_id', { mode: 'number' })
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    /** null for the subscription's validation event. */
    eventSeq: bigint('event_seq', { mode: 'number' }).references(() => events.seq, { onDelete: 'cascade' }),
    /** pending | delivered | dead | cancelled */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A worker holds the row until then (crash safety: an expired lock is claimable again). */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('event_deliveries_due').on(t.status, t.nextAttemptAt),
    index('event_deliveries_subscription').on(t.subscriptionId, t.eventSeq),
    unique('event_deliveries_once').on(t.subscriptionId, t.eventSeq),
  ],
);

export const deliveryAttempts = pgTable(
  'event_delivery_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => deliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** HTTP status, null when no answer (timeout, refused, SSRF guard). */
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    /** First bytes of the answer (≤ 1 KiB). */
    responseExcerpt: text('response_excerpt'),
    error: text('error'),
  },
  (t) => [index('event_delivery_attempts_delivery').on(t.deliveryId, t.attempt)],
);

/**
 * Notification preferences (e-mail and portal inbox) per user: which event types (exact or "prefix.*"), which
 * channel, immediately or as a digest. A user without a row for a type gets the module's default.
 */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The organisation the preference applies in (a user may belong to several); null: all. */
    orgId: uuid('org_id').references(() => organisations.id, { onDelete: 'cascade' }),
    typeFilter: text('type_filter').notNull(),
    /** email | inbox | none */
    channel: text('channel').notNull(),
    /** immediate | daily | weekly */
    digest: text('digest').notNull().default('immediate'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('notification_preferences_once').on(t.userId, t.orgId, t.typeFilter, t.channel)],
);

/** Events waiting for a user's digest (sent and deleted by the digest job). */
export const notificationDigestItems = pgTable(
  'notification_digest_items',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    digest: text('digest').notNull(),
    eventSeq: bigint('event_seq', { mode: 'number' })
      .notNull()
      .references(() => events.seq, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notification_digest_items_user').on(t.userId, t.digest), unique('notification_digest_items_once').on(t.userId, t.digest, t.eventSeq)],
);

/** Cursors of in-process event consumers (e.g. the notifier): the last event seq each has handled. */
export const eventCursors = pgTable('event_cursors', {
  name: text('name').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
