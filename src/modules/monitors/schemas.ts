/** TypeBox request and response schemas of monitors (validation, types and OpenAPI in one). */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { HTTP_METHODS, MONITOR_KINDS } from './check.ts';
import { DOWN_STATES, MONITOR_STATUSES } from './state.ts';

const lit = <const T extends readonly string[]>(xs: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...xs], ...(description ? { description } : {}) });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time', description: 'ISO 8601 instant' });

export const Uuid = Type.String({ format: 'uuid' });
export const MonitorKind = lit(MONITOR_KINDS, 'http: an HTTP(S) request; tcp: a TCP connect to host:port');
export const HttpMethod = lit(HTTP_METHODS);
export const MonitorStatus = lit(MONITOR_STATUSES);
export const DownState = lit(DOWN_STATES, 'Component state signalled while the monitor is down');

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Target = Type.String({ minLength: 3, maxLength: 2000, description: 'http: the URL (https unless OUTBOUND_ALLOW_HTTP); tcp: host:port' });
const ExpectedStatus = Type.String({ minLength: 3, maxLength: 200, description: 'Accepted status codes, e.g. "200-299,301" (http)' });
const Keyword = Nullable(Type.String({ minLength: 1, maxLength: 500, description: 'The answer must contain this text (http)' }));
const TimeoutMs = Type.Integer({ minimum: 100, maximum: 60_000, description: 'Deadline of one check: connect, answer and body (ms)' });
const IntervalSeconds = Type.Integer({ minimum: 1, maximum: 86_400, description: 'Seconds between checks (at least MONITOR_MIN_INTERVAL_SECONDS, default 10)' });
const Threshold = (description?: string) => Type.Integer({ minimum: 1, maximum: 100, ...(description ? { description } : {}) });
const ComponentId = Type.String({ pattern: '^[a-z][A-Za-z0-9-]*$', maxLength: 60 });

const definition = {
  name: Name,
  kind: MonitorKind,
  target: Target,
  method: Type.Optional(HttpMethod),
  expectedStatus: Type.Optional(ExpectedStatus),
  keyword: Type.Optional(Keyword),
  timeoutMs: Type.Optional(TimeoutMs),
  intervalSeconds: Type.Optional(IntervalSeconds),
  failureThreshold: Type.Optional(Threshold('Consecutive failed checks before the monitor is down (default 3)')),
  recoveryThreshold: Type.Optional(Threshold('Consecutive successful checks before a down monitor is up again (default 1)')),
  downState: Type.Optional(DownState),
  degradedLatencyMs: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 60_000, description: 'Successful checks slower than this count as degraded' }))),
  enabled: Type.Optional(Type.Boolean()),
  /** Operators only: the policy component the monitor measures (its state follows the monitor). */
  componentId: Type.Optional(Nullable(ComponentId)),
  /** Operators only: the service owner the monitor belongs to (null: a platform monitor). Service owners: always their own. */
  orgId: Type.Optional(Nullable(Uuid)),
};

export const CreateBody = Type.Object(definition, { additionalProperties: false });
export type CreateBody = Static<typeof CreateBody>;

export const UpdateBody = Type.Object(
  {
    name: Type.Optional(Name),
    kind: Type.Optional(MonitorKind),
    target: Type.Optional(Target),
    method: Type.Optional(HttpMethod),
    expectedStatus: Type.Optional(ExpectedStatus),
    keyword: Type.Optional(Keyword),
    timeoutMs: Type.Optional(TimeoutMs),
    intervalSeconds: Type.Optional(IntervalSeconds),
    failureThreshold: Type.Optional(Threshold()),
    recoveryThreshold: Type.Optional(Threshold()),
    downState: Type.Optional(DownState),
    degradedLatencyMs: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 60_000 }))),
    enabled: Type.Optional(Type.Boolean()),
    componentId: Type.Optional(Nullable(ComponentId)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateBody = Static<typeof UpdateBody>;

export const TestBody = Type.Object(
  {
    kind: MonitorKind,
    target: Target,
    method: Type.Optional(HttpMethod),
    expectedStatus: Type.Optional(ExpectedStatus),
    keyword: Type.Optional(Keyword),
    timeoutMs: Type.Optional(TimeoutMs),
  },
  { additionalProperties: true, description: 'A monitor definition (the other fields of a create body are ignored)' },
);
export type TestBody = Static<typeof TestBody>;

export const ListQuery = Type.Object(
  {
    orgId: Type.Optional(Type.String({ description: 'Operators: only this organisation\'s monitors, or "platform" for Digdir\'s own' })),
    status: Type.Optional(MonitorStatus),
    componentId: Type.Optional(ComponentId),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the name or target' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

export const ResultsQuery = Type.Object(
  {
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 100 })),
    before: Type.Optional(Type.String({ pattern: '^[0-9]+\\.[0-9]+$', description: 'Cursor: nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type ResultsQuery = Static<typeof ResultsQuery>;

// ---------------------------------------------------------------- responses

export const CheckResult = Type.Object({
  ok: Type.Boolean(),
  statusCode: Nullable(Type.Integer()),
  latencyMs: Type.Integer(),
  error: Nullable(Type.String()),
  checkedAt: DateTime,
});

export const UptimeWindow = Type.Object({
  window: lit(['24h', '7d', '30d'] as const),
  checks: Type.Integer(),
  okChecks: Type.Integer(),
  /** Share of successful checks in percent; null without checks. */
  uptime: Nullable(Type.Number()),
  p50LatencyMs: Nullable(Type.Number()),
  p95LatencyMs: Nullable(Type.Number()),
});
export const Uptime = Type.Object({ monitorId: Uuid, windows: Type.Array(UptimeWindow) });

export const Monitor = Type.Object({
  id: Uuid,
  orgId: Nullable(Uuid),
  orgName: Nullable(Type.String()),
  componentId: Nullable(Type.String()),
  name: Type.String(),
  kind: MonitorKind,
  target: Type.String(),
  method: Type.String(),
  expectedStatus: Type.String(),
  keyword: Nullable(Type.String()),
  timeoutMs: Type.Integer(),
  intervalSeconds: Type.Integer(),
  failureThreshold: Type.Integer(),
  recoveryThreshold: Type.Integer(),
  downState: Type.String(),
  degradedLatencyMs: Nullable(Type.Integer()),
  enabled: Type.Boolean(),
  status: MonitorStatus,
  statusSince: Nullable(DateTime),
  consecutiveFailures: Type.Integer(),
  consecutiveSuccesses: Type.Integer(),
  lastCheckedAt: Nullable(DateTime),
  lastLatencyMs: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  /** Share of successful checks over the last 24 hours and 30 days (percent; null without checks). */
  uptime24h: Nullable(Type.Number()),
  uptime30d: Nullable(Type.Number()),
});
export type MonitorView = Static<typeof Monitor>;

export const MonitorPage = Type.Object({ items: Type.Array(Monitor), total: Type.Integer() });

export const ResultItem = Type.Object({
  id: Type.String(),
  checkedAt: DateTime,
  ok: Type.Boolean(),
  statusCode: Nullable(Type.Integer()),
  latencyMs: Type.Integer(),
  error: Nullable(Type.String()),
});
export const ResultPage = Type.Object({ items: Type.Array(ResultItem), nextCursor: Nullable(Type.String()) });
