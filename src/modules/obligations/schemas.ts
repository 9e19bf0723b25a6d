/** TypeBox schemas of the obligations module and the compliance overview. */
import { Type, type TSchema } from '@sinclair/typebox';
import { ELEMENT_STATUSES, REASON_KINDS, REQUEST_STATUSES } from './data-elements.ts';

const lit = <T extends readonly string[]>(xs: T) => Type.Union(xs.map((x) => Type.Literal(x)));
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
export const Uuid = Type.String({ format: 'uuid' });

export const ReviewEntry = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ format: 'email', maxLength: 254 }),
    role: Type.String({ minLength: 1, maxLength: 100, description: 'Role or access the person has (free text, e.g. serviceowner-admin or Altinn Studio developer)' }),
    active: Type.Boolean({ description: 'Whether the person still uses the access' }),
  },
  { additionalProperties: false },
);
export const ReviewSubmitBody = Type.Object(
  { entries: Type.Array(ReviewEntry, { minItems: 1, maxItems: 5000 }), note: Type.Optional(Type.String({ maxLength: 4000 })) },
  { additionalProperties: false },
);
export const ReviewStatus = lit(['open', 'due', 'overdue', 'submitted'] as const);
export const ReviewSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  periodStart: DateTime,
  dueAt: DateTime,
  remindAt: DateTime,
  status: Type.String({ description: 'open | due (inside the reminder window) | overdue | submitted' }),
  overdue: Type.Boolean(),
  submittedAt: Nullable(DateTime),
  submittedBy: Nullable(Type.String()),
  entries: Nullable(Type.Array(Type.Object({ name: Type.String(), email: Type.String(), role: Type.String(), active: Type.Boolean() }))),
  note: Nullable(Type.String()),
  createdAt: DateTime,
});
export const AdminChangeSchema = Type.Object({
  at: DateTime,
  change: Type.String({ description: 'added | roleChanged | removed' }),
  userId: Nullable(Type.String()),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  fromRole: Nullable(Type.String()),
  toRole: Nullable(Type.String()),
  by: Type.String(),
});
export const CurrentReviewSchema = Type.Composite([
  ReviewSchema,
  Type.Object({
    members: Type.Array(Type.Object({ name: Type.String(), email: Type.String(), role: Type.String(), active: Type.Boolean() }), {
      description: 'The organisation members now: the starting list of the review',
    }),
    adminChanges: Type.Array(AdminChangeSchema),
    previous: Nullable(Type.Object({ id: Type.String(), submittedAt: DateTime, dueAt: DateTime })),
  }),
]);
export const SubmittedReviewSchema = Type.Composite([ReviewSchema, Type.Object({ adminChanges: Type.Array(AdminChangeSchema), next: ReviewSchema })]);
export const ReviewWithChangesSchema = Type.Composite([ReviewSchema, Type.Object({ adminChanges: Type.Array(AdminChangeSchema) })]);
export const OverdueReviewSchema = Type.Composite([ReviewSchema, Type.Object({ orgName: Type.String(), orgNumber: Type.String(), daysOverdue: Type.Integer() })]);

export const ElementStatus = lit(ELEMENT_STATUSES);
export const ElementBody = Type.Object(
  {
    serviceId: Type.Optional(Uuid),
    instanceRef: Type.Optional(Type.String({ maxLength: 200 })),
    elementRef: Type.String({ minLength: 1, maxLength: 200, description: "The data element's id in Altinn" }),
    madeAvailableAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export const ElementSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  serviceId: Nullable(Type.String()),
  resourceId: Nullable(Type.String()),
  serviceName: Nullable(Type.String()),
  instanceRef: Nullable(Type.String()),
  elementRef: Type.String(),
  madeAvailableAt: DateTime,
  downloadDueAt: Type.String({ format: 'date-time', description: 'madeAvailableAt + policy dataElementDownload.limit' }),
  overdue: Type.Boolean(),
  downloadedAt: Nullable(DateTime),
  confirmedAt: Nullable(DateTime),
  status: Type.String({ description: 'available | confirmed (under the end user’s control, S-7.4.2) | deleted' }),
  underEndUserControl: Type.Boolean(),
  deletedAt: Nullable(DateTime),
  pendingDeletionRequestId: Nullable(Type.String()),
});

export const DeletionRequestBody = Type.Object(
  { reasonKind: lit(REASON_KINDS), reason: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);
export const DecisionBody = Type.Object(
  { decision: lit(['approved', 'refused'] as const), note: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);
export const RequestStatus = lit(REQUEST_STATUSES);
export const DeletionRequestSchema = Type.Object({
  id: Type.String(),
  elementId: Type.String(),
  elementRef: Nullable(Type.String()),
  instanceRef: Nullable(Type.String()),
  serviceId: Nullable(Type.String()),
  elementStatus: Nullable(Type.String()),
  orgId: Type.String(),
  orgName: Type.String(),
  reasonKind: Type.String(),
  reason: Type.String(),
  requestedBy: Nullable(Type.String()),
  requestedByName: Nullable(Type.String()),
  requestedAt: DateTime,
  status: Type.String(),
  decidedBy: Nullable(Type.String()),
  decidedByName: Nullable(Type.String()),
  decidedAt: Nullable(DateTime),
  decisionNote: Nullable(Type.String()),
});

const Count = Type.Integer();
export const OverviewRowSchema = Type.Object({
  orgId: Type.String(),
  orgNumber: Type.String(),
  name: Type.String(),
  kinds: Type.Array(Type.String()),
  contacts: Type.Object({ total: Count, stale: Count, soonStale: Count }),
  systems: Nullable(Count),
  products: Nullable(Type.Array(Type.String())),
  services: Nullable(
    Type.Object({
      total: Count,
      planned: Count,
      notified: Count,
      production: Count,
      deactivated: Count,
      removed: Count,
      outdated: Count,
      idle: Count,
      reviewOverdue: Count,
    }),
  ),
  accessReview: Nullable(Type.Object({ id: Type.String(), dueAt: DateTime, status: Type.String() })),
  dataElementsOverdue: Nullable(Count),
  deletionRequestsPending: Nullable(Count),
  terms: Nullable(
    Type.Object({
      state: Type.Union([Type.Literal('accepted'), Type.Literal('pending'), Type.Literal('notAccepted')]),
      deadline: Nullable(DateTime),
      termination: Nullable(DateTime),
      terminated: Type.Boolean(),
    }),
  ),
  attention: Type.Boolean(),
  reasons: Type.Array(Type.String()),
});
