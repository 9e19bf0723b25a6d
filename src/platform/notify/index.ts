/**
 * One notification service for every module [T-1.2.4]: event types are registered with `defineNotification`
 * (registry.ts; the incident, deviation and terms types in catalogue.ts), users choose per type a channel (e-mail,
 * portal inbox, none) and for e-mail a digest (preferences.ts), the notifier follows the `events` table and tells
 * them (notifier.ts), digests go out daily and weekly (digest.ts), and every mail carries an unsubscribe link whose
 * token is its own credential (unsubscribe.ts). Webhooks are the event hub's subscriptions, not this service.
 */
import './catalogue.ts';

export {
  CHANNELS,
  DIGESTS,
  TYPE_FILTER_PATTERN,
  TYPE_PATTERN,
  defineNotification,
  filterMatches,
  filterSpecificity,
  getNotification,
  isTypeFilter,
  notificationTypes,
  typesMatching,
  type Channel,
  type Digest,
  type Lang,
  type NotificationDef,
  type NotificationDefaults,
  type NotifyEvent,
  type Rendered,
  type Text,
} from './registry.ts';
export { isStaff, loadRecipients, mayReceive, membersOf, usersWithRole, type Recipient } from './audience.ts';
export {
  allowedOrgs,
  effectivePreferences,
  loadPreferences,
  lockUserPreferences,
  replacePreferences,
  resolvePreference,
  validatePreferences,
  type PreferenceInput,
  type PreferenceRow,
  type Resolved,
} from './preferences.ts';
export { applyUnsubscribe, claimUser, coveredBy, stillSubscribed, unsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken, type UnsubscribeClaim } from './unsubscribe.ts';
export { EVENTS_TOPIC, GAP_TIMEOUT_SECONDS, NOTIFIER_CURSOR, drainNotifier, notifyEvent, runNotifier, startNotifierLoop, toNotifyEvent, type NotifierRound } from './notifier.ts';
export { sendDigests, type DigestKind, type DigestRun } from './digest.ts';
export * as catalogue from './catalogue.ts';
