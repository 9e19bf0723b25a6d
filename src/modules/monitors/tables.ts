/**
 * Active monitors (S-2.3.1 "probes", S-7.1.1 service owners' own apps): HTTP(S) and TCP checks run by the prober
 * role. Every result is kept (pruned after MONITOR_RESULTS_RETENTION_DAYS); consecutive failures past a threshold
 * move the monitor down, which signals its component (if any) through src/modules/components.
 */

import { bigserial, boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../platform/auth/tables.ts';

export const monitors = pgTable(
  'monitors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Owner: a service owner for its own apps (S-7.1.1); null = Digdir's platform monitors. */
    orgId: uuid('org_id').references(() => organisations.id, { onDelete: 'cascade' }),
    /** Policy component this monitor measures (platform monitors only); null for service owners' app monitors. */
    componentId: text('component_id'),
    name: text('name').notNull(),
    /** http | tcp */
    kind: text('kind').notNull(),
    /** http: the URL; tcp: "host:port". */
    target: text('target').notNull(),
    method: text('method').notNull().default('GET'),
    /** Accepted status codes, e.g. "200-299" or "200,204". */
    expectedStatus: text('expected_status').notNull().default('200-299'),
    /** The body must contain this text (http only). */
    keyword: text('keyword'),
    timeoutMs: integer('timeout_ms').notNull().default(10_000),
    intervalSeconds: integer('interval_seconds').notNull().default(60),
    /** Consecutive failures before the monitor goes down / successes before it is up again. */
    failureThreshold: integer('failure_threshold').notNull().default(3),
    recoveryThreshold: integer('recovery_threshold').notNull().default(1),
    /** Component state signalled while down: major_outage | partial_outage | degraded_performance. */
    downState: text('down_state').notNull().default('major_outage'),
    /** A successful check slower than this signals degraded_performance (null: no latency rule). */
    degradedLatencyMs: integer('degraded_latency_ms'),
    enabled: boolean('enabled').notNull().default(true),
    /** unknown | up | degraded | down */
    status: text('status').notNull().default('unknown'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    consecutiveSuccesses: integer('consecutive_successes').notNull().default(0),
    statusSince: timestamp('status_since', { withTimezone: true }),
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    lastLatencyMs: integer('last_latency_ms'),
    lastError: text('last_error'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('monitors_org').on(t.orgId), index('monitors_component').on(t.componentId)],
);

export const monitorResults = pgTable(
  'monitor_results',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    monitorId: uuid('monitor_id')
      .notNull()
      .references(() => monitors.id, { onDelete: 'cascade' }),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
    ok: boolean('ok').notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    error: text('error'),
  },
  (t) => [index('monitor_results_monitor').on(t.monitorId, t.checkedAt)],
);

