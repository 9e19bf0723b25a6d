/**
 * Typed calls of the event hub's API. The hub lives beside Altinn's own paths (`/events/api/v1/…`, not under
 * `/api/v1`): calls go through the shared client at that base (same CSRF header, `ProblemError`, session handling).
 * Shapes are the server's TypeBox schemas.
 */
import type { Static } from '@sinclair/typebox';
import { api, apiAt, seg } from '../../app/api.ts';
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

/** The hub's base as users and curl see it. */
export const HUB_PATH = '/events/api/v1';
const hub = apiAt(HUB_PATH);

const sub = (id: number) => `/subscriptions/${seg(String(id))}`;

export const listSubscriptions = (orgId: string | undefined, signal?: AbortSignal) =>
  hub.get<{ count: number; subscriptions: Subscription[] }>('/subscriptions', { orgId }, signal);
export const getSubscription = (id: number, signal?: AbortSignal) => hub.get<Subscription>(sub(id), undefined, signal);
export const createSubscription = (body: NewSubscription) => hub.post<Subscription>('/subscriptions', body);
export const deleteSubscription = (id: number) => hub.del(sub(id));

export const revealSecret = (id: number) => hub.get<Secret>(`${sub(id)}/secret`);
export const rotateSecret = (id: number, overlapHours: number) => hub.post<Secret>(`${sub(id)}/secret/rotate`, { overlapHours });

export const listDeliveries = (id: number, status: DeliveryStatus | undefined, cursor: string | undefined, signal?: AbortSignal) =>
  hub.get<{ items: Delivery[]; nextCursor: string | null }>(`${sub(id)}/deliveries`, { status, before: cursor, limit: 25 }, signal);
export const listAttempts = (deliveryId: string, signal?: AbortSignal) =>
  hub.get<{ delivery: Delivery; items: Attempt[] }>(`/deliveries/${seg(deliveryId)}/attempts`, undefined, signal);
export const replayDelivery = (deliveryId: string) => hub.post<{ replayed: number }>(`/deliveries/${seg(deliveryId)}/replay`);
export const replaySince = (id: number, since: string) => hub.post<{ replayed: number }>(`${sub(id)}/replay`, { since });
export const listDeadLetters = (orgId: string | undefined, cursor: string | undefined, signal?: AbortSignal) =>
  hub.get<{ items: DeadLetter[]; nextCursor: string | null }>('/deadletters', { orgId, before: cursor, limit: 25 }, signal);

/** The pull API: events after `after` (a sequence number), oldest first. */
export const pullEvents = (q: { after?: string; type?: string; size?: number; orgId?: string }, signal?: AbortSignal) =>
  hub.get<CloudEvent[]>('/events', q, signal);

/** The catalogue of event types (for the type filter picker). */
export const listEventTypes = (signal?: AbortSignal) => api.get<{ items: EventType[] }>('/event-types', undefined, signal);

export type OrgRef = { id: string; name: string; orgNumber: string };
export const listOrgs = (signal?: AbortSignal) => api.get<{ items: OrgRef[]; nextCursor: string | null }>('/organisations', { limit: 200 }, signal);
