/**
 * TypeBox schemas of the event hub's HTTP API (T-1.2.4, T-2.5). The subscription resource uses Altinn Events'
 * field names exactly (`endPoint`, `sourceFilter`, `resourceFilter`, `subjectFilter`, `typeFilter`, `consumer`,
 * `createdBy`, `created`, `validated`), so an Altinn client library works against Samsvar; our additions sit beside
 * them and are ignored by such clients.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** One of the strings (a JSON Schema enum typed as the union; the route type provider mis-types literal unions). */
const lit = <const T extends readonly string[]>(xs: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...xs] });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time', description: 'ISO 8601 instant' });

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const SUBSCRIPTION_STATUSES = ['active', 'disabled'] as const;

export const SubscriptionId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Subscription id (an integer, as in Altinn Events)' });
export const SubscriptionParams = Type.Object({ id: SubscriptionId });
export const DeliveryParams = Type.Object({ id: Type.String({ format: 'uuid', description: 'Delivery id (the Standard Webhooks `webhook-id`)' }) });

/** An optional filter; empty or null means none (Altinn clients send either). */
const Filter = (description: string, maxLength = 500) => Type.Optional(Nullable(Type.String({ maxLength, description })));

// ---------------------------------------------------------------- requests

export const SubscriptionRequest = Type.Object(
  {
    endPoint: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'Where matching events are POSTed: an absolute https URL on the public internet (http only where the operator allows it)',
    }),
    sourceFilter: Filter('Only events whose CloudEvents `source` is this absolute URL (or URN) or lies below it, at a path boundary'),
    resourceFilter: Filter('Only events about this resource (exact), e.g. urn:samsvar:incident:<uuid>'),
    subjectFilter: Filter('Only events whose `subject` is exactly this, e.g. /org/991825827 (your own organisation, unless you are Digdir)', 200),
    typeFilter: Filter('Only events of this type: exact (no.samsvar.incident.created) or a prefix ending in ".*" (no.samsvar.incident.*)', 200),
    /** Altinn lets a client state the consumer; here it must be the caller's own organisation ("/org/<orgnr>"). */
    consumer: Type.Optional(Type.String({ maxLength: 200, description: 'Optional; must be the caller’s own organisation, /org/<organisation number>' })),
  },
  { additionalProperties: false },
);
export type SubscriptionRequest = Static<typeof SubscriptionRequest>;

export const ListSubscriptionsQuery = Type.Object(
  { orgId: Type.Optional(Type.String({ format: 'uuid', description: 'Operators and auditors: only this organisation’s subscriptions (default: all)' })) },
  { additionalProperties: false },
);

export const DeliveriesQuery = Type.Object(
  {
    status: Type.Optional(lit(DELIVERY_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    /** Cursor: the `nextCursor` of the previous page (`cursor` is accepted as a synonym). */
    before: Type.Optional(Type.String({ format: 'uuid' })),
    cursor: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export type DeliveriesQuery = Static<typeof DeliveriesQuery>;

export const DeadLettersQuery = Type.Object(
  {
    orgId: Type.Optional(Type.String({ format: 'uuid', description: 'Operators and auditors: only this organisation' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    before: Type.Optional(Type.String({ format: 'uuid' })),
    cursor: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export type DeadLettersQuery = Static<typeof DeadLettersQuery>;

export const RotateBody = Type.Object(
  {
    overlapHours: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 720, default: 24, description: 'How long the previous secret keeps signing beside the new one (0: at once)' }),
    ),
  },
  { additionalProperties: false },
);

export const ReplaySinceBody = Type.Object(
  { since: Type.String({ format: 'date-time', description: 'Deliver again every event since this instant (ISO 8601 with offset) that matches the subscription' }) },
  { additionalProperties: false },
);

export const PullQuery = Type.Object(
  {
    after: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'Only events after this one: a `sequence` number, or a CloudEvents `id` (Altinn style). Default 0: from the beginning.',
      }),
    ),
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Exact type or a prefix ending in ".*"' })),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50, description: 'At most this many events' })),
    orgId: Type.Optional(Type.String({ format: 'uuid', description: 'Operators and auditors: only this organisation’s events' })),
  },
  { additionalProperties: false },
);
export type PullQuery = Static<typeof PullQuery>;

// ---------------------------------------------------------------- responses

export const Subscription = Type.Object({
  id: Type.Integer(),
  endPoint: Type.String(),
  sourceFilter: Nullable(Type.String()),
  resourceFilter: Nullable(Type.String()),
  subjectFilter: Nullable(Type.String()),
  typeFilter: Nullable(Type.String()),
  consumer: Type.String({ description: 'The organisation the events go to, /org/<organisation number>' }),
  createdBy: Type.String({ description: '/user/<uuid> (portal) or /token/<prefix> (API token)' }),
  created: DateTime,
  validated: Type.Boolean({ description: 'True once the endpoint has answered the validation event with 2xx' }),
  // Samsvar's additions
  orgId: Type.String({ format: 'uuid' }),
  orgName: Type.Optional(Type.String()),
  status: lit(SUBSCRIPTION_STATUSES),
  validatedAt: Nullable(DateTime),
  disabledReason: Nullable(Type.String()),
  disabledAt: Nullable(DateTime),
  failingSince: Nullable(DateTime),
  lastSuccessAt: Nullable(DateTime),
  /** Deliveries waiting (or retrying) and dead letters right now. */
  pending: Type.Integer(),
  deadLetters: Type.Integer(),
});
export type Subscription = Static<typeof Subscription>;

export const SubscriptionCreated = Type.Intersect([
  Subscription,
  Type.Object({ secret: Type.String({ description: 'The signing secret (whsec_…), in this answer only; GET …/secret reveals it again' }) }),
]);

export const SubscriptionList = Type.Object({ count: Type.Integer(), subscriptions: Type.Array(Subscription) });

export const Secret = Type.Object({
  secret: Type.String({ description: 'Standard Webhooks signing secret, whsec_<base64>' }),
  createdAt: DateTime,
  /** Older secrets that still sign during a rotation's overlap (their ids and expiry only). */
  previous: Type.Array(Type.Object({ id: Type.String(), createdAt: DateTime, expiresAt: Nullable(DateTime) })),
});
export type Secret = Static<typeof Secret>;

export const Delivery = Type.Object({
  id: Type.String({ description: 'The Standard Webhooks `webhook-id` (stable across retries and replays)' }),
  subscriptionId: Type.Integer(),
  orgId: Nullable(Type.String()),
  eventSeq: Nullable(Type.Integer({ description: 'The event’s sequence; null for the validation event' })),
  eventId: Nullable(Type.String()),
  eventType: Nullable(Type.String()),
  status: lit(DELIVERY_STATUSES),
  attempts: Type.Integer({ description: 'Attempts in the current cycle (a replay starts again at 0)' }),
  nextAttemptAt: Nullable(DateTime),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  deliveredAt: Nullable(DateTime),
  createdAt: DateTime,
});
export type Delivery = Static<typeof Delivery>;
export const DeliveryPage = Type.Object({ items: Type.Array(Delivery), nextCursor: Nullable(Type.String()) });

export const DeadLetter = Type.Intersect([Delivery, Type.Object({ endPoint: Type.String() })]);
export type DeadLetter = Static<typeof DeadLetter>;
export const DeadLetterPage = Type.Object({ items: Type.Array(DeadLetter), nextCursor: Nullable(Type.String()) });

export const Attempt = Type.Object({
  attempt: Type.Integer(),
  at: DateTime,
  statusCode: Nullable(Type.Integer()),
  latencyMs: Type.Integer(),
  responseExcerpt: Nullable(Type.String()),
  error: Nullable(Type.String()),
});
export type Attempt = Static<typeof Attempt>;
export const AttemptList = Type.Object({ delivery: Delivery, items: Type.Array(Attempt) });

export const ReplayResult = Type.Object({ replayed: Type.Integer({ description: 'Deliveries queued again' }) });

export const CloudEvent = Type.Object(
  {
    specversion: Type.Literal('1.0'),
    id: Type.String(),
    source: Type.String(),
    type: Type.String(),
    subject: Type.Optional(Type.String()),
    time: Type.String(),
    resource: Type.String(),
    datacontenttype: Type.Optional(Type.String()),
    data: Type.Optional(Type.Unknown()),
    sequence: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
export type CloudEventOut = Static<typeof CloudEvent>;
export const CloudEventBatch = Type.Array(CloudEvent);

const Text2 = Type.Object({ nb: Type.String(), en: Type.String() });
export const EventType = Type.Object({
  type: Type.String(),
  /** Name and meaning from the notification catalogue; null for a type only seen in the events table. */
  title: Nullable(Text2),
  description: Nullable(Text2),
});
export const EventTypeList = Type.Object({ items: Type.Array(EventType) });
