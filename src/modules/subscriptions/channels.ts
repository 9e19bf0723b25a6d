/**
 * Subscription channels (T-3.1.1): how a status message reaches a subscriber. A channel is registered once with
 * `defineStatusChannel({ name, deliver })`; `email` is built in (email.ts). A subscriber row names its channel
 * (`status_subscribers.channel`), and the dispatcher hands each channel its own subscribers in one call per message,
 * inside the transaction that moves the mailer's cursor (so a channel writes an outbox, not the network).
 *
 * Webhooks are not a channel here: they are the event hub's subscriptions with a type filter such as
 * `no.samsvar.status.*` or `no.samsvar.notice.*` (docs/events.md) — one webhook system, with signing, retries and
 * replays.
 */
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { SubscriberRow } from './tokens.ts';

export type Lang = 'nb' | 'en';
export const LANGS: readonly Lang[] = ['nb', 'en'];

/** A message's words in one language, without channel-specific wrapping. */
export interface StatusContent {
  subject: string;
  /** First line, e.g. "Planned work has started". */
  lead: string;
  title: string;
  /** Label/value lines (status, components, times). */
  facts: [string, string][];
  /** Free text (the newest public update, the notice's description); may be empty. */
  body: string;
  /** Absolute URL of the page on the status page, and its label. */
  link: string;
  linkLabel: string;
}

export interface StatusMessage {
  /** incident | notice | reminder */
  kind: 'incident' | 'notice' | 'reminder';
  /** The event type it came from (no.samsvar.status.incident, no.samsvar.notice.started, …) or "reminder". */
  type: string;
  /** Incident or notice reference, e.g. "INC-2026-0042", "VAR-2026-0007". */
  ref: string;
  /** Component ids it concerns; subscribers to all components get it regardless. */
  components: string[];
  content(lang: Lang): StatusContent;
}

export interface StatusChannel {
  name: string;
  /** One line for the docs. */
  doc?: string;
  /** Hands `message` to every subscriber given (all of this channel); answers how many it queued. */
  deliver(ctx: AppContext, tx: DbOrTx, message: StatusMessage, subscribers: readonly SubscriberRow[]): Promise<number>;
}

const channels = new Map<string, StatusChannel>();

/** Registers a channel (once per name). */
export function defineStatusChannel<C extends StatusChannel>(def: C): C {
  if (!/^[a-z][a-z0-9-]*$/.test(def.name)) throw new Error(`invalid status channel name "${def.name}"`);
  if (channels.has(def.name) && channels.get(def.name) !== def) throw new Error(`status channel "${def.name}" is defined twice`);
  channels.set(def.name, def);
  return def;
}

export function getStatusChannel(name: string): StatusChannel | undefined {
  return channels.get(name);
}

export function statusChannels(): StatusChannel[] {
  return [...channels.values()];
}
