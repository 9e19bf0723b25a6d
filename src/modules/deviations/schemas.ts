/** TypeBox request and response schemas of deviation cases and escalation contacts (S-8). */
import { Type, type TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Text = Type.Object({ nb: Type.String(), en: Type.String() });

export const Uuid = Type.String({ format: 'uuid' });
export const PARTIES = ['operator', 'serviceOwner'] as const;
export const STATUSES = ['open', 'resolved'] as const;
export const EVENT_TYPES = ['opened', 'escalated', 'note', 'joined', 'resolved', 'reopened'] as const;
export const Party = Type.Union(PARTIES.map((p) => Type.Literal(p)), {
  description: 'Who failed the requirement: operator (ASF/Digdir) or serviceOwner',
});
export const Status = Type.Union(STATUSES.map((s) => Type.Literal(s)));
const LevelId = Type.String({ minLength: 1, maxLength: 50, description: 'Escalation ladder level id of the policy (escalationLadder.levels[].id)' });
const TargetId = Type.String({ minLength: 1, maxLength: 50, description: 'Clock target id of the incident category (response, resolution …)' });

export const ClockRef = Type.Object({ incidentId: Uuid, targetId: TargetId }, { additionalProperties: false });

// ---------------------------------------------------------------- requests

export const ListQuery = Type.Object({
  status: Type.Optional(Status),
  level: Type.Optional(LevelId),
  orgId: Type.Optional(Uuid),
  party: Type.Optional(Party),
});

export const OpenBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.Optional(Type.String({ maxLength: 10000 })),
    clauses: Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { minItems: 1, maxItems: 20, uniqueItems: true, description: 'IDs of the requirements not met, e.g. ["S-2.2.2"]' }),
    party: Party,
    orgId: Type.Optional(Nullable(Uuid)),
    clocks: Type.Optional(Type.Array(ClockRef, { maxItems: 100, description: 'Breached SLA clocks that make up the case' })),
  },
  { additionalProperties: false },
);

export const EscalateBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
export const JoinBody = Type.Object(
  { incidentId: Uuid, targetId: TargetId, note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export const NoteBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 10000 }) }, { additionalProperties: false });
export const ResolveBody = Type.Object({ resolution: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
export const ReopenBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });

export const ContactQuery = Type.Object({
  level: Type.Optional(LevelId),
  orgId: Type.Optional(Type.Union([Uuid, Type.Literal('operator')], { description: 'an organisation, or "operator" for the operator side' })),
});
export const ContactBody = Type.Object(
  {
    level: LevelId,
    orgId: Type.Optional(Nullable(Uuid)),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ format: 'email', maxLength: 254 }),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 40, pattern: '^[+0-9 ()-]*$' }))),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- responses

export const LadderLevel = Type.Object({ id: Type.String(), level: Type.Integer(), name: Text, description: Type.Optional(Text) });

export const ContactSchema = Type.Object({
  id: Type.String(),
  level: Type.String(),
  orgId: Nullable(Type.String()),
  orgName: Nullable(Type.String()),
  side: Type.Union([Type.Literal('operator'), Type.Literal('serviceOwner')]),
  name: Type.String(),
  email: Type.String(),
  phone: Nullable(Type.String()),
  createdAt: DateTime,
});

export const CaseSummary = Type.Object({
  id: Type.String(),
  ref: Type.String({ description: 'e.g. AVV-2026-0003' }),
  title: Type.String(),
  description: Type.String(),
  clauses: Type.Array(Type.String()),
  party: Type.String(),
  orgId: Nullable(Type.String()),
  orgName: Nullable(Type.String()),
  level: Type.String(),
  levelNumber: Type.Integer({ description: '1 = the lowest level of the ladder' }),
  levelCount: Type.Integer(),
  levelName: Nullable(Text),
  status: Type.String(),
  resolution: Nullable(Type.String()),
  openedAt: DateTime,
  resolvedAt: Nullable(DateTime),
  updatedAt: DateTime,
  itemCount: Type.Integer(),
});

export const EventSchema = Type.Object({
  id: Type.Integer(),
  at: DateTime,
  type: Type.String(),
  fromLevel: Nullable(Type.String()),
  toLevel: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  body: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
  actorName: Nullable(Type.String()),
});

export const ItemSchema = Type.Object({
  id: Type.String(),
  incidentId: Nullable(Type.String()),
  incidentRef: Nullable(Type.String()),
  incidentTitle: Nullable(Type.String()),
  category: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  clockStatus: Nullable(Type.String()),
  breachedAt: Nullable(DateTime),
  occurredAt: DateTime,
  note: Nullable(Type.String()),
  addedAt: DateTime,
  addedByName: Nullable(Type.String()),
});

export const CaseDetail = Type.Composite([
  CaseSummary,
  Type.Object({
    openedByName: Nullable(Type.String()),
    nextLevel: Nullable(Type.String()),
    ladder: Type.Array(LadderLevel),
    events: Type.Array(EventSchema),
    items: Type.Array(ItemSchema),
    contacts: Type.Array(ContactSchema, { description: 'Contacts of the current level: the operator side and the organisation of the case' }),
  }),
]);

export const CaseList = Type.Object({ items: Type.Array(CaseSummary), ladder: Type.Array(LadderLevel) });

export const CandidateClock = Type.Object({
  incidentId: Type.String(),
  incidentRef: Type.String(),
  incidentTitle: Type.String(),
  category: Type.String(),
  targetId: Type.String(),
  kind: Type.String(),
  breachedAt: DateTime,
  clauses: Type.Array(Type.String()),
});
export const CandidateGroup = Type.Object({
  key: Type.String(),
  party: Type.String(),
  orgId: Nullable(Type.String()),
  orgName: Nullable(Type.String()),
  clause: Nullable(Type.String()),
  count: Type.Integer(),
  repeated: Type.Boolean({ description: 'At least two breaches within the window (a deviation is a repeated failure)' }),
  firstBreachedAt: DateTime,
  lastBreachedAt: DateTime,
  clocks: Type.Array(CandidateClock),
  suggestedCase: Nullable(Type.Object({ id: Type.String(), ref: Type.String(), title: Type.String(), level: Type.String() })),
});
export const Candidates = Type.Object({ windowDays: Type.Integer(), groups: Type.Array(CandidateGroup), ladder: Type.Array(LadderLevel) });
