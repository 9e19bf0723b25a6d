/**
 * The event hub's contract, shared by the core (publish, delivery worker), the HTTP API, the notifier and every
 * module that publishes. Event types are namespaced `no.samsvar.<capability>.<what>`, e.g.
 * `no.samsvar.incident.created`; the validation handshake uses Altinn's `platform.events.validatesubscription`.
 */

export const VALIDATION_EVENT_TYPE = 'platform.events.validatesubscription';

/** Who may receive an event: anyone | its organisation (and operators) | operators only. */
export type EventVisibility = 'public' | 'org' | 'operators';

export interface PublishInput {
  /** e.g. "no.samsvar.incident.created" */
  type: string;
  /** What the event is about, e.g. "urn:samsvar:incident:<uuid>" (Altinn's `resource`). */
  resource: string;
  /** Who it is about, e.g. "/org/991825827" (Altinn's party subject); optional. */
  subject?: string | null;
  /** Path of the source under PUBLIC_URL, e.g. "/api/v1/incidents" (made absolute); default "/". */
  source?: string;
  /** The organisation the event belongs to; required for visibility "org". */
  orgId?: string | null;
  visibility: EventVisibility;
  data?: unknown;
  /** Default: now. */
  time?: Date;
}

export interface PublishedEvent {
  seq: number;
  id: string;
  /** Deliveries created (matching, validated, active subscriptions that may see it). */
  deliveries: number;
}

/** CloudEvents 1.0 structured form, as delivered and as returned by the pull API. */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  resource: string;
  datacontenttype?: 'application/json';
  data?: unknown;
  /** Samsvar extension: order of acceptance (integer as string, per CloudEvents extension rules). */
  sequence?: string;
}

/** Altinn's retry schedule (seconds after the previous attempt): 12 attempts in all, then a dead letter. */
export const RETRY_SCHEDULE_SECONDS = [10, 30, 60, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 12 * 3600] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_SECONDS.length + 1;
