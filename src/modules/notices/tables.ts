/**
 * Notices of planned maintenance and changes (S-2.3.2–2.3.5, S-2.4.1–2.4.4, T-3.1, T-3.1.1, T-3.1.2), the change
 * log / roadmap / production releases (S-3.4) and the calendar of central meetings with service owners (S-3.3).
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../platform/auth/tables.ts';

/** An API a breaking change touches; the gateway sends Deprecation/Sunset headers for it (RFC 9745, RFC 8594). */
export interface AffectedApi {
  /** Product key of the policy (dialogporten, correspondence, broker, …), when known. */
  product?: string;
  /** HTTP method, or "*" for every method. */
  method: string;
  /** Path pattern, e.g. "/broker/api/v1/filetransfer/{id}/confirmdownload". */
  path: string;
  /** When the API was (or will be) deprecated; default: the notice's publication. */
  deprecatedAt?: string;
  /** ISO timestamp after which the API is gone. */
  sunsetAt: string;
}

/** What the lead-time and window checks found when the notice was published (or last rescheduled). */
export interface NoticeCheck {
  /** Earliest start the class's lead time allows, ISO. */
  earliestStart: string | null;
  late: boolean;
  /** Warnings: critical periods overlapped (T-3.1), maintenance inside a window that flags it (S-2.4.1). */
  warnings: { code: string; message: string; clauses: string[]; nb?: string }[];
}

export const notices = pgTable(
  'notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human reference, e.g. "VAR-2026-0007". */
    ref: text('ref').notNull().unique(),
    /** Key of the policy's noticeClasses (maintenance, breakingChange, majorChange, emergency, newService). */
    noticeClass: text('notice_class').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** English title and text for the status page's English version (optional). */
    titleEn: text('title_en'),
    bodyEn: text('body_en'),
    /** scheduled | in_progress | completed | cancelled */
    state: text('state').notNull().default('scheduled'),
    components: text('components').array().notNull().default(sql`'{}'::text[]`),
    apis: jsonb('apis').$type<AffectedApi[]>().notNull().default([]),
    /** Whether the work may reduce performance or availability (maintenance: components go under_maintenance). */
    impact: text('impact').notNull().default('under_maintenance'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** Emergency changes: the A or B incident the change fixes (S-2.3.5). */
    incidentId: uuid('incident_id'),
    check: jsonb('check').$type<NoticeCheck>().notNull(),
    /** The notice came later than its lead time and an operator published it anyway (recorded as a deviation). */
    late: boolean('late').notNull().default(false),
    overrideReason: text('override_reason'),
    deviationId: uuid('deviation_id'),
    /** Issuing organisation (service owners' newService notices); null = Digdir. */
    orgId: uuid('org_id').references(() => organisations.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notices_starts').on(t.startsAt), index('notices_state').on(t.state)],
);

export const noticeUpdates = pgTable(
  'notice_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** The state after this update (scheduled, in_progress, completed, cancelled) or "rescheduled"/"extended"/"note". */
    kind: text('kind').notNull(),
    body: text('body').notNull().default(''),
    bodyEn: text('body_en'),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('notice_updates_notice').on(t.noticeId, t.at)],
);

/** Change log entries, roadmap items and production releases (S-3.4). */
export const posts = pgTable(
  'status_posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** changelog | roadmap | release */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    titleEn: text('title_en'),
    bodyEn: text('body_en'),
    components: text('components').array().notNull().default(sql`'{}'::text[]`),
    /** Releases: the version, e.g. "v2026.11.3". */
    version: text('version'),
    /** Roadmap: planned | in_progress | done; null for the others. */
    roadmapState: text('roadmap_state'),
    /** Roadmap: the planned quarter or month, e.g. "2027-Q1". */
    target: text('target'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('status_posts_kind').on(t.kind, t.publishedAt)],
);

/** Central meetings with service owners (S-3.3). */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    location: text('location'),
    url: text('url'),
    cancelled: boolean('cancelled').notNull().default(false),
    /** Bumped on every change (iCalendar SEQUENCE). */
    sequence: integer('sequence').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('meetings_starts').on(t.startsAt)],
);
