/**
 * The registry of notification types: every module says, per event type it publishes, who is told by default, on
 * which channel, and how the event reads in bokmål and English. The notifier (notifier.ts) follows the `events`
 * table and uses this registry; an event type without a definition notifies nobody (webhooks still carry it).
 *
 *     defineNotification<IncidentCreated>({
 *       type: 'no.samsvar.incident.created',
 *       title: { nb: 'Ny hendelse', en: 'New incident' },
 *       description: { nb: '…', en: '…' },
 *       audienceText: { nb: 'Medlemmene i organisasjonen som meldte hendelsen', en: 'Members of the reporting organisation' },
 *       defaults: { channel: 'inbox', digest: 'immediate' },
 *       audience: (ctx, tx, e) => membersOf(tx, e.data.reporterOrgId),
 *       render: (e, lang) => ({ subject, text, title, body, link }),
 *     });
 *
 * Who may be told is capped by the event's visibility whatever `audience` returns (see `mayReceive` in
 * audience.ts): an `org` event reaches only members of that organisation and Digdir's staff, an `operators` event
 * only Digdir's staff, a `public` event anyone who is in the audience or opted in.
 */
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/index.ts';
import type { EventVisibility } from '../events/types.ts';

export type Lang = 'nb' | 'en';
export type Text = { nb: string; en: string };

export const CHANNELS = ['email', 'inbox', 'none'] as const;
export type Channel = (typeof CHANNELS)[number];
export const DIGESTS = ['immediate', 'daily', 'weekly'] as const;
export type Digest = (typeof DIGESTS)[number];

/** An event as the notifier hands it to a definition (a row of `events`; `data` typed by the definition). */
export interface NotifyEvent<D = unknown> {
  seq: number;
  id: string;
  type: string;
  source: string;
  subject: string | null;
  resource: string;
  time: Date;
  data: D;
  orgId: string | null;
  visibility: EventVisibility;
}

/** One notification in one language: `subject` and `text` for e-mail, `title` and `body` for the inbox and digests. */
export interface Rendered {
  subject: string;
  text: string;
  title: string;
  body: string;
  /** Portal path, e.g. "/incidents/<id>" (made absolute in e-mail); null for none. */
  link: string | null;
}

export interface NotificationDefaults {
  channel: Channel;
  /** Only with channel email: immediate, or collected into a daily or weekly digest. */
  digest: Digest;
}

export interface NotificationDef<D = any> {
  /** The event type, e.g. "no.samsvar.incident.created". */
  type: string;
  /** Short name of the type for the preferences page, e.g. "Ny hendelse" / "New incident". */
  title: Text;
  description: Text;
  /** Who is told by default, in words (shown on the preferences page). */
  audienceText: Text;
  defaults: NotificationDefaults;
  /**
   * Users told by default (the type's default channel applies to them unless they chose otherwise). Anyone else the
   * event's visibility allows is told only when they opted in with a preference. Runs in the notifier's transaction.
   */
  audience(ctx: AppContext, tx: DbOrTx, event: NotifyEvent<D>): Promise<readonly string[]>;
  /** Events of the type for which this returns false notify nobody (e.g. a state move another type covers). */
  when?(event: NotifyEvent<D>): boolean;
  render(event: NotifyEvent<D>, lang: Lang): Rendered;
}

const registry = new Map<string, NotificationDef>();

/** Exact type: dot-separated segments of letters, digits, "-" and "_". */
export const TYPE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9][A-Za-z0-9_-]*)*$';
/** Type filter: an exact type, a prefix ending in ".*", or "*" (every type). */
export const TYPE_FILTER_PATTERN = '^(\\*|[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9][A-Za-z0-9_-]*)*(\\.\\*)?)$';
const TYPE_RE = new RegExp(TYPE_PATTERN);
const TYPE_FILTER_RE = new RegExp(TYPE_FILTER_PATTERN);

/** Registers a notification type (once per type; a second definition of the same type is an error). */
export function defineNotification<D>(def: NotificationDef<D>): NotificationDef<D> {
  if (!TYPE_RE.test(def.type)) throw new Error(`notification type "${def.type}" is not a valid event type`);
  if (registry.has(def.type)) throw new Error(`notification type "${def.type}" is defined twice`);
  if (def.defaults.digest !== 'immediate' && def.defaults.channel !== 'email') {
    throw new Error(`notification type "${def.type}": a digest needs the e-mail channel`);
  }
  registry.set(def.type, def as NotificationDef);
  return def;
}

export function getNotification(type: string): NotificationDef | undefined {
  return registry.get(type);
}

/** Every registered type, sorted by type. */
export function notificationTypes(): NotificationDef[] {
  return [...registry.values()].sort((a, b) => a.type.localeCompare(b.type));
}

export function isTypeFilter(filter: string): boolean {
  return filter.length <= 200 && TYPE_FILTER_RE.test(filter);
}

/** Does the filter (exact, "prefix.*" or "*") cover the type? */
export function filterMatches(filter: string, type: string): boolean {
  if (filter === '*' || filter === type) return true;
  return filter.endsWith('.*') && type.startsWith(filter.slice(0, -1));
}

/** How specific a filter is: an exact type beats any prefix, a longer prefix a shorter one, "*" is the least. */
export function filterSpecificity(filter: string): number {
  if (filter === '*') return 0;
  if (filter.endsWith('.*')) return filter.length - 1;
  return Number.MAX_SAFE_INTEGER;
}

/** The registered types a filter covers. */
export function typesMatching(filter: string): NotificationDef[] {
  return notificationTypes().filter((d) => filterMatches(filter, d.type));
}
