/**
 * Component state over time (S-2.3.1, S-2.4.1). Every source of state — monitors, incidents, running maintenance,
 * an operator's manual override, and (issue 7) the gateway's passive measurements — writes *signals*: intervals in
 * which that source says the component is in some state. The effective state is derived from the open signals and
 * kept as non-overlapping intervals in `component_states`; the availability engine reads those intervals.
 * Component ids are the policy's (`componentClasses.*.components[].id`).
 */
import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../../platform/auth/tables.ts';

export const componentSignals = pgTable(
  'component_signals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    componentId: text('component_id').notNull(),
    /** monitor | incident | maintenance | operator | gateway (pluggable: any lower-case word). */
    source: text('source').notNull(),
    /** The source's own id (monitor id, incident id, notice id, product …); "" for a singleton source. */
    sourceRef: text('source_ref').notNull().default(''),
    /** One of COMPONENT_STATES. */
    state: text('state').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    /** Null while the signal is in force. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('component_signals_component').on(t.componentId, t.startedAt),
    uniqueIndex('component_signals_open').on(t.componentId, t.source, t.sourceRef).where(sql`ended_at is null`),
  ],
);

export const componentStates = pgTable(
  'component_states',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    componentId: text('component_id').notNull(),
    state: text('state').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** The signals that made this state (source, ref), for the "why" on the status history. */
    causes: jsonb('causes').$type<{ source: string; ref: string; state: string }[]>().notNull().default([]),
  },
  (t) => [
    index('component_states_component').on(t.componentId, t.startedAt),
    uniqueIndex('component_states_open').on(t.componentId).where(sql`ended_at is null`),
  ],
);
