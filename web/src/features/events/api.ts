/**
 * Typed calls of the event hub's API. The hub lives beside Altinn's own paths (`/events/api/v1/…`, not under
 * `/api/v1`), so calls go through the shared client with a path that climbs out of its `/api/v1` base: the browser
 * resolves `/api/v1/../../events/api/v1/x` to `/events/api/v1/x` (dot segments, WHATWG URL), and the client still
 * adds the CSRF header, throws `ProblemError` and reports an ended session. Shapes are the server's TypeBox schemas.
 */
import type { Static } from '@sinclair/typebox';
import { api, seg } from '../../app/api.ts';
import type {
  Attempt as AttemptSchema,
  CloudEvent as CloudEventSchema,
  DeadLetter as DeadLetterSchema,
  Delivery as DeliverySchema,
  EventType as EventTypeSchema,
  Secret as SecretSchema,
  Subscription as SubscriptionSchema,
  SubscriptionRequest,
} from '../../../../src/modules/events/schemas.ts';

export type Subscription = Static<typeof SubscriptionSchema>;
export type Delivery = Static<typeof DeliverySchema>;
export type DeadLetter = Static<typeof DeadLetterSchema>;
export type Attempt = Static<typeof AttemptSchema>;
export type Secret = Static<typeof SecretSchema>;
export type CloudEvent = Static<typeof CloudEventSchema>;
export type EventType = Static<typeof EventTypeSchema>;
export type NewSubscription = Static<typeof SubscriptionRequest>;
export type DeliveryStatus = Delivery['status'];
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'dead', 'cancelled'];

/** Relative to the client's `/api/v1` base. */
const HUB = '/../../events/api/v1';
/** The hub's base as users and curl see it. */
export const HUB_PATH = '/events/api/v1';

const sub = (id: number) => `${HUB}/subscriptions/${seg(String(id))}`;

export const listSubscriptions = (orgId: string | undefined, signal?: AbortSignal) =>
  api.get<{ count: number; subscriptions: Subscription[] }>(`${HUB}/subscriptions`, { orgId }, signal);
export const getSubscription = (id: number, signal?: AbortSignal) => api.get<Subscription>(sub(id), undefined, signal);
export const createSubscription = (body: NewSubscription) => api.post<Subscription>(`${HUB}/subscriptions`, body);
export const deleteSubscription = (id: number) => api.del(sub(id));

export const revealSecret = (id: number) => api.get<Secret>(`${sub(id)}/secret`);
export const rotateSecret = (id: number, overlapHours: number) => api.post<Secret>(`${sub(id)}/secret/rotate`, { overlapHours });

export const listDeliveries = (id: number, status: DeliveryStatus | undefined, cursor: string | undefined, signal?: AbortSignal) =>
  api.get<{ items: Delivery[]; nextCursor: string | null }>(`${sub(id)}/deliveries`, { status, before: cursor, limit: 25 }, signal);
export const listAttempts = (deliveryId: string, signal?: AbortSignal) =>
  api.get<{ delivery: Delivery; items: Attempt[] }>(`${HUB}/deliveries/${seg(deliveryId)}/attempts`, undefined, signal);
export const replayDelivery = (deliveryId: string) => api.post<{ replayed: number }>(`${HUB}/deliveries/${seg(deliveryId)}/replay`);
export const replaySince = (id: number, since: string) => api.post<{ replayed: number }>(`${sub(id)}/replay`, { since });
export const listDeadLetters = (orgId: string | undefined, cursor: string | undefined, signal?: AbortSignal) =>
  api.get<{ items: DeadLetter[]; nextCursor: string | null }>(`${HUB}/deadletters`, { orgId, before: cursor, limit: 25 }, signal);

/** The pull API: events after `after` (a sequence number), oldest first. */
export const pullEvents = (q: { after?: string; type?: string; size?: number; orgId?: string }, signal?: AbortSignal) =>
  api.get<CloudEvent[]>(`${HUB}/events`, q, signal);

/** The catalogue of event types (for the type filter picker). */
export const listEventTypes = (signal?: AbortSignal) => api.get<{ items: EventType[] }>('/event-types', undefined, signal);

export type OrgRef = { id: string; name: string; orgNumber: string };
export const listOrgs = (signal?: AbortSignal) => api.get<{ items: OrgRef[]; nextCursor: string | null }>('/organisations', { limit: 200 }, signal);
