/** TypeBox request and response schemas of incidents (one schema: validation, types and OpenAPI). */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { HOLD_REASONS, INCIDENT_IMPACTS, INCIDENT_STATES, LINK_KINDS, VISIBILITIES } from './states.ts';

/** One of the strings (a JSON Schema enum; typed as the union, which the route type provider also understands). */
const lit = <const T extends readonly string[]>(xs: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...xs] });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time', description: 'ISO 8601 instant' });
const Text2 = Type.Object({ nb: Type.String(), en: Type.String() });

export const Uuid = Type.String({ format: 'uuid' });
export const IncidentState = lit(INCIDENT_STATES);
export const CategoryKey = Type.String({ pattern: '^[A-Z][A-Za-z0-9]*$', maxLength: 20, description: 'Category key of the policy: A, B or C' });
export { HOLD_REASONS, LINK_KINDS, VISIBILITIES };
/** internal: operators and the assignee; shared: also the reporter and affected service owners; public: also the status page. */
export const Visibility = lit(VISIBILITIES);
export const LinkKind = lit(LINK_KINDS);

const Title = Type.String({ minLength: 3, maxLength: 200 });
const Body = Type.String({ minLength: 1, maxLength: 20000 });
const Reason = Type.String({ minLength: 3, maxLength: 2000, description: 'Why (recorded in the history)' });
const ComponentId = Type.String({ pattern: '^[a-z][A-Za-z0-9-]*$', maxLength: 60 });

// ---------------------------------------------------------------- requests

/** The component state an open incident causes (S-2.3.1): degraded_performance, partial_outage, major_outage. */
export const Impact = Type.Unsafe<(typeof INCIDENT_IMPACTS)[number]>({ type: 'string', enum: [...INCIDENT_IMPACTS] });
const NullableImpact = Type.Unsafe<(typeof INCIDENT_IMPACTS)[number] | null>({ anyOf: [{ type: 'string', enum: [...INCIDENT_IMPACTS] }, { type: 'null' }] });

export const ReportBody = Type.Object(
  {
    title: Title,
    description: Type.String({ maxLength: 20000, default: '' }),
    category: CategoryKey,
    components: Type.Optional(Type.Array(ComponentId, { maxItems: 30, uniqueItems: true })),
    serviceIds: Type.Optional(Type.Array(Uuid, { maxItems: 30, uniqueItems: true })),
    /** Operators only: the state the incident puts its components in while open (status page, availability). */
    impact: Type.Optional(NullableImpact),
    /** Operators only: when the incident was reported (e.g. by phone a few minutes ago); default now. */
    reportedAt: Type.Optional(DateTime),
    /** Operators only: report on behalf of an organisation or an external e-mail address. */
    reporterOrgId: Type.Optional(Uuid),
    reporterEmail: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    reporterName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ReportBody = Static<typeof ReportBody>;

export const EditBody = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Type.String({ maxLength: 20000 })),
    components: Type.Optional(Type.Array(ComponentId, { maxItems: 30, uniqueItems: true })),
    serviceIds: Type.Optional(Type.Array(Uuid, { maxItems: 30, uniqueItems: true })),
    /** Handlers only: the component state while open; null = no effect on component state. */
    impact: Type.Optional(NullableImpact),
  },
  { additionalProperties: false, minProperties: 1 },
);
export const CategoryBody = Type.Object({ category: CategoryKey, reason: Reason }, { additionalProperties: false });
export const StateBody = Type.Object(
  {
    state: IncidentState,
    /** A message for the history; with `visibility` public it is a public update (status page). */
    message: Type.Optional(Type.String({ minLength: 1, maxLength: 20000 })),
    visibility: Type.Optional(Visibility),
    /** Required to reopen (leave resolved/closed). */
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export const AssignBody = Type.Object(
  { userId: Type.Optional(Nullable(Uuid)), orgId: Type.Optional(Nullable(Uuid)) },
  { additionalProperties: false, minProperties: 1 },
);
export const WorkaroundBody = Type.Object(
  { inPlace: Type.Boolean(), description: Type.Optional(Type.String({ minLength: 1, maxLength: 20000 })) },
  { additionalProperties: false },
);
export const NoteBody = Type.Object({ body: Body, visibility: Visibility }, { additionalProperties: false });
export const HoldBody = Type.Object({ reason: lit(HOLD_REASONS), on: Type.Boolean(), message: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const RespondBody = Type.Object({ message: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const LinkBody = Type.Object({ incidentId: Uuid, kind: LinkKind }, { additionalProperties: false });

export const ListQuery = Type.Object(
  {
    category: Type.Optional(CategoryKey),
    state: Type.Optional(Type.Union([IncidentState, Type.Literal('open')], { description: 'open = not resolved or closed' })),
    breached: Type.Optional(Type.Boolean()),
    /** A user id, an organisation id, or "me". */
    assignee: Type.Optional(Type.String({ maxLength: 40 })),
    orgId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    /** Cursor: the `next` value of the previous page. */
    before: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

export const ReportQuery = Type.Object(
  {
    month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'Calendar month in Oslo time, YYYY-MM' }),
    format: Type.Optional(lit(['json', 'csv'] as const)),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- responses

const Times = Type.Object({ calendarMs: Type.Number(), workingMs: Type.Number() });
export const ClockView = Type.Object({
  targetId: Type.String(),
  kind: Type.String(),
  category: Type.String(),
  calendar: Type.String(),
  clauses: Type.Array(Type.String()),
  description: Nullable(Text2),
  status: lit(['running', 'paused', 'met', 'breached', 'tracking', 'tracked'] as const),
  startedAt: DateTime,
  dueAt: Nullable(DateTime),
  stoppedAt: Nullable(DateTime),
  stoppedBy: Nullable(Type.String()),
  breachedAt: Nullable(DateTime),
  budgetMs: Nullable(Type.Number()),
  elapsed: Times,
  remaining: Nullable(Times),
  percent: Nullable(Type.Number()),
  thresholds: Type.Array(Type.Object({ percent: Type.Number(), at: Nullable(DateTime), reached: Type.Boolean() })),
  segments: Type.Array(Type.Object({ from: DateTime, to: DateTime, counting: Type.Boolean(), reason: Type.Optional(Type.String()) })),
  /** Detail view only: the clock calendar's open periods from the start to after the due time (for drawing). */
  open: Type.Optional(Type.Array(Type.Object({ from: DateTime, to: DateTime }))),
});
export type ClockView = Static<typeof ClockView>;

const PartyRef = Type.Object({
  userId: Nullable(Type.String()),
  userName: Nullable(Type.String()),
  email: Nullable(Type.String()),
  orgId: Nullable(Type.String()),
  orgName: Nullable(Type.String()),
});

export const IncidentSummary = Type.Object({
  id: Type.String(),
  ref: Type.String(),
  title: Type.String(),
  category: Type.String(),
  state: IncidentState,
  reportedAt: DateTime,
  reporter: PartyRef,
  assignee: PartyRef,
  workaround: Type.Boolean(),
  components: Type.Array(Type.String()),
  impact: NullableImpact,
  services: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), orgId: Type.String() })),
  breached: Type.Boolean(),
  nextDueAt: Nullable(DateTime),
  respondedAt: Nullable(DateTime),
  resolvedAt: Nullable(DateTime),
  clocks: Type.Array(ClockView),
  updatedAt: DateTime,
});
export type IncidentSummary = Static<typeof IncidentSummary>;

export const IncidentEvent = Type.Object({
  id: Type.Number(),
  at: DateTime,
  type: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  reason: Nullable(Type.String()),
  body: Nullable(Type.String()),
  visibility: Visibility,
  actor: Nullable(Type.Object({ userId: Nullable(Type.String()), name: Nullable(Type.String()), orgName: Nullable(Type.String()) })),
});

export const IncidentDetail = Type.Intersect([
  IncidentSummary,
  Type.Object({
    description: Type.String(),
    workaroundText: Nullable(Type.String()),
    closedAt: Nullable(DateTime),
    events: Type.Array(IncidentEvent),
    links: Type.Array(
      Type.Object({ incidentId: Type.String(), ref: Type.String(), title: Type.String(), state: Type.String(), kind: Type.String(), direction: lit(['out', 'in'] as const) }),
    ),
    /** S-5.4: outside service-desk hours, A and B incidents show the on-call contact. */
    onCall: Nullable(Type.Object({ name: Text2, contact: Type.String(), clauses: Type.Array(Type.String()) })),
    /** What the caller may do with this incident (the API enforces the same). */
    can: Type.Object({
      edit: Type.Boolean(),
      classify: Type.Boolean(),
      assign: Type.Boolean(),
      changeState: Type.Boolean(),
      workaround: Type.Boolean(),
      noteInternal: Type.Boolean(),
      noteShared: Type.Boolean(),
      notePublic: Type.Boolean(),
      link: Type.Boolean(),
    }),
  }),
]);
export type IncidentDetail = Static<typeof IncidentDetail>;

export const IncidentPage = Type.Object({ items: Type.Array(IncidentSummary), next: Nullable(Type.String()) });

export const CategoryInfo = Type.Object({
  key: Type.String(),
  name: Text2,
  rank: Type.Integer(),
  definition: Text2,
  examples: Type.Array(Text2),
  targets: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: Type.String(),
      description: Nullable(Text2),
      duration: Nullable(Type.Object({ amount: Type.Number(), unit: Type.String() })),
      calendar: Type.String(),
      stopOnWorkaround: Type.Boolean(),
      warnAt: Type.Array(Type.Number()),
      clauses: Type.Array(Type.String()),
    }),
  ),
  clauses: Type.Array(Type.String()),
});

const Stat = Type.Object({
  /** Incidents with this clock. */
  count: Type.Integer(),
  /** Clocks that have stopped (the time is known). */
  measured: Type.Integer(),
  medianMs: Nullable(Type.Number()),
  p90Ms: Nullable(Type.Number()),
  maxMs: Nullable(Type.Number()),
  /** The unit the times are counted in: "calendar" (elapsed) or "working" (open time of the target's calendar). */
  basis: lit(['calendar', 'working'] as const),
  /** Clocks with a target: met, breached, and the share met (percent of met + breached); null when none has a target. */
  met: Type.Integer(),
  breached: Type.Integer(),
  sharePercent: Nullable(Type.Number()),
  target: Nullable(Type.Object({ amount: Type.Number(), unit: Type.String() })),
  clauses: Type.Array(Type.String()),
});
export const MonthlyReport = Type.Object({
  month: Type.String(),
  from: DateTime,
  to: DateTime,
  generatedAt: DateTime,
  categories: Type.Array(
    Type.Object({
      category: Type.String(),
      name: Text2,
      count: Type.Integer(),
      resolved: Type.Integer(),
      feedbackSent: Type.Integer(),
      clocks: Type.Record(Type.String(), Stat),
      breaches: Type.Array(Type.Object({ incidentId: Type.String(), ref: Type.String(), title: Type.String(), targetId: Type.String(), breachedAt: DateTime })),
    }),
  ),
  serviceOwners: Type.Array(
    Type.Object({
      orgId: Type.String(),
      orgName: Type.String(),
      count: Type.Integer(),
      byCategory: Type.Record(Type.String(), Type.Integer()),
      breached: Type.Integer(),
      open: Type.Integer(),
    }),
  ),
  /** Per day of the month (Oslo): incidents reported per category, for the chart. */
  daily: Type.Array(Type.Object({ date: Type.String(), counts: Type.Record(Type.String(), Type.Integer()) })),
});
export type MonthlyReport = Static<typeof MonthlyReport>;
