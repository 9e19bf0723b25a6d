/** TypeBox request and response schemas of notices, posts and meetings (validation, types and OpenAPI in one). */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

const lit = <const T extends readonly string[]>(xs: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...xs], ...(description ? { description } : {}) });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time', description: 'ISO 8601 instant' });
const Text2 = Type.Object({ nb: Type.String(), en: Type.String() });

export const NOTICE_STATES = ['scheduled', 'in_progress', 'completed', 'cancelled'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];
/**
 * What the work does to its components while it runs: under_maintenance (they are down for planned maintenance),
 * degraded_performance (slower), none (a change without downtime: no component state, no window rule).
 */
export const NOTICE_IMPACTS = ['under_maintenance', 'degraded_performance', 'none'] as const;
export type NoticeImpact = (typeof NOTICE_IMPACTS)[number];
export const POST_KINDS = ['changelog', 'roadmap', 'release'] as const;
export type PostKind = (typeof POST_KINDS)[number];
export const ROADMAP_STATES = ['planned', 'in_progress', 'done'] as const;

export const Uuid = Type.String({ format: 'uuid' });
const ClassKey = Type.String({ pattern: '^[a-z][A-Za-z0-9]*$', maxLength: 40, description: 'Key of the policy\'s noticeClasses' });
const ComponentId = Type.String({ pattern: '^[a-z][A-Za-z0-9-]*$', maxLength: 60 });
const Title = Type.String({ minLength: 3, maxLength: 200 });
const LongText = Type.String({ maxLength: 20000 });
const Reason = Type.String({ minLength: 3, maxLength: 2000 });

export const AffectedApi = Type.Object(
  {
    product: Type.Optional(Type.String({ pattern: '^[a-z][A-Za-z0-9]*$', maxLength: 40, description: 'Product key of the policy' })),
    method: Type.String({ pattern: '^(\\*|[A-Z]+)$', maxLength: 10, description: 'HTTP method in upper case, or "*"' }),
    path: Type.String({ pattern: '^/', minLength: 1, maxLength: 500, description: 'Path pattern, e.g. /broker/api/v1/filetransfer/{id}' }),
    deprecatedAt: Type.Optional(DateTime),
    sunsetAt: DateTime,
  },
  { additionalProperties: false },
);
export type AffectedApiBody = Static<typeof AffectedApi>;

const NoticeFields = {
  noticeClass: ClassKey,
  components: Type.Array(ComponentId, { maxItems: 30, uniqueItems: true, default: [] }),
  apis: Type.Optional(Type.Array(AffectedApi, { maxItems: 50 })),
  impact: Type.Optional(lit(NOTICE_IMPACTS, 'Default: under_maintenance for maintenance and emergency, none for the others')),
  startsAt: DateTime,
  endsAt: Type.Optional(Nullable(DateTime)),
  /** Emergency changes: the open A or B incident the change fixes (S-2.3.5). */
  incidentId: Type.Optional(Nullable(Uuid)),
};

export const CheckBody = Type.Object(
  {
    ...NoticeFields,
    /** Check a reschedule of this notice: the lead time counts from its original publication. */
    noticeId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type CheckBody = Static<typeof CheckBody>;

export const Override = Type.Object({ reason: Reason }, { additionalProperties: false, description: 'Operators: publish a late notice anyway; recorded as a deviation' });

export const CreateBody = Type.Object(
  {
    ...NoticeFields,
    title: Title,
    body: Type.Optional(LongText),
    titleEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    bodyEn: Type.Optional(Nullable(LongText)),
    override: Type.Optional(Override),
  },
  { additionalProperties: false },
);
export type CreateBody = Static<typeof CreateBody>;

export const EditBody = Type.Object(
  {
    title: Type.Optional(Title),
    body: Type.Optional(LongText),
    titleEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    bodyEn: Type.Optional(Nullable(LongText)),
    components: Type.Optional(Type.Array(ComponentId, { maxItems: 30, uniqueItems: true })),
    apis: Type.Optional(Type.Array(AffectedApi, { maxItems: 50 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type EditBody = Static<typeof EditBody>;

export const RescheduleBody = Type.Object(
  {
    startsAt: DateTime,
    endsAt: Type.Optional(Nullable(DateTime)),
    reason: Reason,
    reasonEn: Type.Optional(Type.String({ maxLength: 2000 })),
    override: Type.Optional(Override),
  },
  { additionalProperties: false },
);
export type RescheduleBody = Static<typeof RescheduleBody>;

export const ExtendBody = Type.Object(
  { endsAt: DateTime, body: Type.Optional(Type.String({ maxLength: 2000 })), bodyEn: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export const MessageBody = Type.Object(
  { body: Type.Optional(Type.String({ maxLength: 2000 })), bodyEn: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export const UpdateBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 20000 }), bodyEn: Type.Optional(Nullable(Type.String({ maxLength: 20000 }))) },
  { additionalProperties: false },
);
export const CancelBody = Type.Object(
  { reason: Reason, reasonEn: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([lit(NOTICE_STATES), Type.Literal('open')], { description: 'open = scheduled or in progress' })),
    noticeClass: Type.Optional(ClassKey),
    component: Type.Optional(ComponentId),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

// ---------------------------------------------------------------- responses

const Issue = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    nb: Type.String(),
    clauses: Type.Array(Type.String()),
    components: Type.Optional(Type.Array(Type.String())),
    window: Type.Optional(Type.Object({ calendar: Type.String(), hours: Type.String(), hoursNb: Type.String(), overlapStart: Type.String(), overlapEnd: Type.String() })),
    period: Type.Optional(Type.Object({ id: Type.String(), from: Type.String(), to: Type.String() })),
  },
  { additionalProperties: true },
);

const StoredIssue = Type.Object({ code: Type.String(), message: Type.String(), nb: Type.Optional(Type.String()), clauses: Type.Array(Type.String()) }, { additionalProperties: true });

export const CheckResult = Type.Object({
  noticeClass: Type.String(),
  className: Text2,
  publishedAt: DateTime,
  earliestStart: DateTime,
  late: Type.Boolean(),
  leadTime: Type.Object({ amount: Type.Number(), unit: Type.String(), counting: Type.String(), calendar: Nullable(Type.String()) }),
  /** refuse: a late notice is refused; deviation: an operator may override it with a reason (recorded as a deviation). */
  onLate: Type.String(),
  /** The caller may publish this late notice with an override. */
  canOverride: Type.Boolean(),
  /** Incident categories the class requires a link to (emergency: A, B), or null. */
  requiresIncident: Nullable(Type.Array(Type.String())),
  warnings: Type.Array(Issue),
  errors: Type.Array(Issue),
  clauses: Type.Array(Type.String()),
});

const NoticeUpdateView = Type.Object({ at: DateTime, kind: Type.String(), body: Type.String(), bodyEn: Nullable(Type.String()) });

export const NoticeView = Type.Object({
  id: Uuid,
  ref: Type.String(),
  noticeClass: Type.String(),
  className: Text2,
  title: Type.String(),
  body: Type.String(),
  titleEn: Nullable(Type.String()),
  bodyEn: Nullable(Type.String()),
  state: lit(NOTICE_STATES),
  components: Type.Array(Type.String()),
  apis: Type.Array(AffectedApi),
  impact: Type.String(),
  publishedAt: DateTime,
  startsAt: DateTime,
  endsAt: Nullable(DateTime),
  startedAt: Nullable(DateTime),
  completedAt: Nullable(DateTime),
  cancelledAt: Nullable(DateTime),
  late: Type.Boolean(),
  incidentId: Nullable(Uuid),
  /** Oldest first. */
  updates: Type.Array(NoticeUpdateView),
  createdAt: DateTime,
  updatedAt: DateTime,
});

/** What operators (and the issuing service owner) see besides the public view. */
export const NoticeDetail = Type.Object({
    ...NoticeView.properties,
    /** Operators and the issuing service owner: the stored check, the override and the deviation it opened. */
    check: Type.Optional(Nullable(Type.Object({ earliestStart: Nullable(Type.String()), late: Type.Boolean(), warnings: Type.Array(StoredIssue) }, { additionalProperties: true }))),
    overrideReason: Type.Optional(Nullable(Type.String())),
    deviationId: Type.Optional(Nullable(Uuid)),
    orgId: Type.Optional(Nullable(Uuid)),
    incidentRef: Nullable(Type.String()),
    can: Type.Object({ edit: Type.Boolean(), start: Type.Boolean(), complete: Type.Boolean(), cancel: Type.Boolean(), reschedule: Type.Boolean(), extend: Type.Boolean(), update: Type.Boolean() }),
});

export const ClassInfo = Type.Object({
  key: Type.String(),
  name: Text2,
  description: Text2,
  issuedBy: Type.String(),
  leadTime: Type.Object({ amount: Type.Number(), unit: Type.String() }),
  calendar: Nullable(Type.String()),
  counting: Type.String(),
  appliesTo: Nullable(Type.Array(Type.String())),
  onLate: Type.String(),
  requiresIncident: Nullable(Type.Array(Type.String())),
  overridesWindowRule: Type.Boolean(),
  defaultImpact: Type.String(),
  clauses: Type.Array(Type.String()),
});

// ---------------------------------------------------------------- posts

const PostFields = {
  title: Title,
  body: Type.Optional(LongText),
  titleEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  bodyEn: Type.Optional(Nullable(LongText)),
  components: Type.Optional(Type.Array(ComponentId, { maxItems: 30, uniqueItems: true })),
  version: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 60 }))),
  roadmapState: Type.Optional(Nullable(lit(ROADMAP_STATES))),
  target: Type.Optional(Nullable(Type.String({ pattern: '^\\d{4}(-Q[1-4]|-(0[1-9]|1[0-2])|-H[12])?$', description: 'e.g. 2027-Q1, 2027-03, 2027-H2 or 2027' }))),
  publishedAt: Type.Optional(DateTime),
};
export const PostBody = Type.Object({ kind: lit(POST_KINDS), ...PostFields }, { additionalProperties: false });
export type PostBody = Static<typeof PostBody>;
export const PostEditBody = Type.Partial(Type.Object(PostFields), { additionalProperties: false, minProperties: 1 });
export type PostEditBody = Static<typeof PostEditBody>;
export const PostQuery = Type.Object(
  { kind: Type.Optional(lit(POST_KINDS)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
  { additionalProperties: false },
);
export const PostView = Type.Object({
  id: Uuid,
  kind: lit(POST_KINDS),
  title: Type.String(),
  body: Type.String(),
  titleEn: Nullable(Type.String()),
  bodyEn: Nullable(Type.String()),
  components: Type.Array(Type.String()),
  version: Nullable(Type.String()),
  roadmapState: Nullable(Type.String()),
  target: Nullable(Type.String()),
  publishedAt: DateTime,
  createdAt: DateTime,
  updatedAt: DateTime,
});

// ---------------------------------------------------------------- meetings

const MeetingFields = {
  title: Title,
  description: Type.Optional(LongText),
  startsAt: DateTime,
  endsAt: DateTime,
  location: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  url: Type.Optional(Nullable(Type.String({ pattern: '^https?://', maxLength: 1000 }))),
};
export const MeetingBody = Type.Object(MeetingFields, { additionalProperties: false });
export type MeetingBody = Static<typeof MeetingBody>;
export const MeetingEditBody = Type.Partial(Type.Object(MeetingFields), { additionalProperties: false, minProperties: 1 });
export type MeetingEditBody = Static<typeof MeetingEditBody>;
export const MeetingQuery = Type.Object(
  { from: Type.Optional(DateTime), to: Type.Optional(DateTime), includeCancelled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const MeetingView = Type.Object({
  id: Uuid,
  title: Type.String(),
  description: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  location: Nullable(Type.String()),
  url: Nullable(Type.String()),
  cancelled: Type.Boolean(),
  sequence: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
