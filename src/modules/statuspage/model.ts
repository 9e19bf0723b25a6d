/**
 * The status snapshot: one JSON document with everything the public status page, its Statuspage-compatible JSON API
 * and its feeds show (T-3.1.1, S-2.3.1, S-2.4.1, S-3.3, S-3.4). It is built from the database (snapshot.ts), kept in
 * memory, stored in `status_snapshots` and in a file in DATA_DIR, and every page, API answer and feed is a pure
 * function of it — so the page keeps answering from the last published snapshot when the database is unreachable.
 * Instants are ISO strings (the document round-trips through JSON unchanged).
 */
import type { ComponentState, Text } from '../../kernel/policy/schema.ts';

export type { ComponentState, Text };

export const SNAPSHOT_FORMAT = 1;

export type Lang = 'nb' | 'en';
export const LANGS: readonly Lang[] = ['nb', 'en'];

export interface SnapDay {
  /** Oslo calendar date, YYYY-MM-DD. */
  date: string;
  /** Percent inside the day's operating window; null = no window that day (nothing to show). */
  availability: number | null;
  /** Worst state inside the window that day. */
  worst: ComponentState;
  windowMs: number;
  /** Announced maintenance removed from the window. */
  excludedMs: number;
  downMs: number;
}

export interface SnapMonth {
  /** YYYY-MM (Oslo). */
  month: string;
  availability: number | null;
  target: number;
  met: boolean | null;
  windowMs: number;
  excludedMs: number;
  downMs: number;
  budgetMs: number;
  budgetLeftMs: number;
  clauses: string[];
}

export interface SnapComponent {
  id: string;
  name: Text;
  description: Text | null;
  /** Key of its group (see SnapGroup.standalone for components without a group). */
  group: string;
  className: Text;
  /** Calendar key of the operating window, e.g. "always", "tul". */
  operatingWindow: string;
  /** The component class's description (says when it is in operation). */
  classDescription: Text | null;
  target: number;
  docs: { title: Text; url: string }[];
  clauses: string[];
  /** Display order, 0-based. */
  position: number;
  state: ComponentState;
  /** When the current state began (null: no record yet, operational). */
  since: string | null;
  /** Oldest first, `historyDays` long (may be empty when the figures could not be computed). */
  days: SnapDay[];
  /** Current month first, then the previous month. */
  months: SnapMonth[];
}

export interface SnapGroup {
  id: string;
  name: Text;
  description: Text | null;
  /** Component ids in display order. */
  components: string[];
  /** A component without a policy group: shown on its own, not as a group (Statuspage: no group object). */
  standalone: boolean;
}

export interface SnapIncidentUpdate {
  id: string;
  at: string;
  body: string;
  status: 'investigating' | 'identified' | 'monitoring' | 'resolved';
}

export interface SnapIncident {
  id: string;
  ref: string;
  title: string;
  /** Incident category key (A, B, C, …). */
  category: string;
  impact: ComponentState | null;
  status: 'investigating' | 'identified' | 'monitoring' | 'resolved';
  components: string[];
  reportedAt: string;
  resolvedAt: string | null;
  updatedAt: string;
  /** Public updates, newest first. */
  updates: SnapIncidentUpdate[];
}

export type NoticeState = 'scheduled' | 'in_progress' | 'completed' | 'cancelled';

export interface SnapNotice {
  id: string;
  ref: string;
  noticeClass: string;
  className: Text;
  title: string;
  body: string;
  titleEn: string | null;
  bodyEn: string | null;
  state: NoticeState;
  components: string[];
  apis: { product?: string; method: string; path: string; deprecatedAt?: string; sunsetAt: string }[];
  impact: string;
  publishedAt: string;
  startsAt: string;
  endsAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  late: boolean;
  /** Oldest first. */
  updates: { at: string; kind: string; body: string; bodyEn: string | null }[];
  createdAt: string;
  updatedAt: string;
}

export type PostKind = 'changelog' | 'roadmap' | 'release';

export interface SnapPost {
  id: string;
  kind: PostKind;
  title: string;
  body: string;
  titleEn: string | null;
  bodyEn: string | null;
  components: string[];
  version: string | null;
  roadmapState: string | null;
  target: string | null;
  publishedAt: string;
  updatedAt: string;
}

export interface SnapMeeting {
  id: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  location: string | null;
  url: string | null;
  cancelled: boolean;
  sequence: number;
  updatedAt: string;
}

export interface StatusSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  /** Changes with every build (ETag and the rendered-HTML cache key). */
  version: string;
  /** When the snapshot was built: the page's "last updated". */
  builtAt: string;
  page: {
    /** Stable id for the Statuspage API's page.id and page_id. */
    id: string;
    name: Text;
    /** Public base URL of Samsvar (no trailing slash). */
    url: string;
    timeZone: string;
    /** For Statuspage's components[].created_at (the policy's effective date). */
    createdAt: string;
  };
  historyDays: number;
  groups: SnapGroup[];
  components: SnapComponent[];
  /** Published incidents: the open ones and the recent history, newest report first. */
  incidents: SnapIncident[];
  /** Notices: scheduled, in progress and recent ones, by start. */
  notices: SnapNotice[];
  /** Change log, roadmap and releases, newest first. */
  posts: SnapPost[];
  /** Meetings, by start. */
  meetings: SnapMeeting[];
}

// ------------------------------------------------------------------------------------------------ derived views

const SEVERITY: Record<ComponentState, number> = { operational: 0, under_maintenance: 1, degraded_performance: 2, partial_outage: 3, major_outage: 4 };

/** The worst of some states; maintenance ranks above operational but below every failure (for the overall banner). */
export function worstState(states: Iterable<ComponentState>): ComponentState {
  let w: ComponentState = 'operational';
  for (const s of states) if (SEVERITY[s] > SEVERITY[w]) w = s;
  return w;
}

export const isOpenIncident = (i: SnapIncident): boolean => i.status !== 'resolved';
export const isActiveNotice = (n: SnapNotice): boolean => n.state === 'in_progress';
export const isUpcomingNotice = (n: SnapNotice): boolean => n.state === 'scheduled';

export function componentOf(snap: StatusSnapshot, id: string): SnapComponent | undefined {
  return snap.components.find((c) => c.id === id);
}

/** The notice's title and text in a language (English falls back to Norwegian). */
export function noticeText(n: SnapNotice, lang: Lang): { title: string; body: string } {
  return lang === 'en' ? { title: n.titleEn || n.title, body: n.bodyEn || n.body } : { title: n.title, body: n.body };
}

export function postText(p: SnapPost, lang: Lang): { title: string; body: string } {
  return lang === 'en' ? { title: p.titleEn || p.title, body: p.bodyEn || p.body } : { title: p.title, body: p.body };
}

export function pick(t: Text | null | undefined, lang: Lang): string {
  return t ? t[lang] || t.nb : '';
}
