/**
 * The event hub's public surface (T-1.2.4, T-2.5): publish events in the caller's transaction, subscriptions and
 * their secrets, deliveries, attempts, replays, the pull API, and the delivery worker. See docs/events.md.
 */
export * from './types.ts';
export { events, subscriptions, deliveries, deliveryAttempts } from './tables.ts';
export { publishEvent, toCloudEvent, absoluteSource, EVENT_TYPE_PATTERN, type EventRow, type PublishEnv } from './publish.ts';
export {
  createSubscription,
  getSubscription,
  listSubscriptions,
  deleteSubscription,
  rotateSecret,
  subscriptionSecrets,
  getDelivery,
  listDeliveries,
  listAttempts,
  replayDelivery,
  replaySince,
  pullEvents,
  checkFilters,
  presentSubscription,
  presentDelivery,
  presentAttempt,
  TYPE_FILTER_PATTERN,
  type Subscriber,
  type SubscriptionInput,
  type SubscriptionView,
  type DeliveryView,
  type AttemptView,
  type RevealedSecret,
  type PullQuery,
  type PullResult,
} from './subscriptions.ts';
export { createSecret, signature, webhookHeaders, SECRET_PREFIX } from './signing.ts';
export { filtersMatch, typeMatches, sourceMatches, visibleTo, typeFilterSql } from './filters.ts';
export {
  deliverDue,
  startDeliveryWorker,
  nextAttemptDelayMs,
  parseRetryAfter,
  disableAfterFailing,
  DEFAULT_DISABLE_AFTER_FAILING,
  type DeliveryOptions,
  type RoundResult,
} from './delivery.ts';
