/**
 * The snapshot in the shape of Atlassian Statuspage's public v2 API (`/api/v2/*.json`), same field names and enums,
 * so existing Statuspage clients and widgets work unchanged (T-3.1.1, S-2.3.1). Pure functions of a snapshot.
 *
 * Mapping: component groups of the policy are components with `group: true` and the ids of their members in
 * `components`; members carry `group_id`. A published incident's `impact` follows the component state it puts on
 * its components (major_outage critical, partial_outage major, degraded_performance minor), or without one its
 * category (A critical, B major, C minor, others none). Notices (planned maintenance and changes) are scheduled
 * maintenances; cancelled notices are left out (Statuspage has no such status).
 */
import {
  componentOf,
  isOpenIncident,
  noticeText,
  pick,
  worstState,
  type ComponentState,
  type Lang,
  type SnapComponent,
  type SnapIncident,
  type SnapNotice,
  type StatusSnapshot,
} from './model.ts';

export const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const;
export const INDICATORS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] as const;
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export const IMPACTS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;

export type Indicator = (typeof INDICATORS)[number];
export type Impact = (typeof IMPACTS)[number];
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

export interface V2Page {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

export interface V2Component {
  id: string;
  name: string;
  status: ComponentState;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Groups only: ids of the member components. */
  components?: string[];
}

export interface V2IncidentUpdate {
  id: string;
  status: string;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: { code: string; name: string; old_status: string; new_status: string }[] | null;
  deliver_notifications: boolean;
  custom_tweet: string | null;
  tweet_id: string | null;
}

export interface V2Incident {
  id: string;
  name: string;
  status: string;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: Impact;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: V2IncidentUpdate[];
  components: V2Component[];
}

export interface V2ScheduledMaintenance extends V2Incident {
  status: MaintenanceStatus;
  scheduled_for: string;
  scheduled_until: string;
}

export interface V2Status {
  indicator: Indicator;
  description: string;
}

const INDICATOR_TEXT: Record<Indicator, { nb: string; en: string }> = {
  none: { nb: 'Alle systemer fungerer normalt', en: 'All Systems Operational' },
  minor: { nb: 'Mindre forstyrrelser', en: 'Minor Service Outage' },
  major: { nb: 'Delvis driftsavbrudd', en: 'Partial System Outage' },
  critical: { nb: 'Alvorlig driftsavbrudd', en: 'Major Service Outage' },
  maintenance: { nb: 'Vedlikehold pågår', en: 'Service Under Maintenance' },
};

export function indicatorText(i: Indicator, lang: Lang): string {
  return INDICATOR_TEXT[i][lang];
}

const IMPACT_RANK: Record<Impact, number> = { none: 0, maintenance: 0, minor: 1, major: 2, critical: 3 };
const BY_CATEGORY: Record<string, Impact> = { A: 'critical', B: 'major', C: 'minor' };
const BY_STATE: Partial<Record<ComponentState, Impact>> = { major_outage: 'critical', partial_outage: 'major', degraded_performance: 'minor' };

/**
 * Statuspage impact of a published incident: from the component state the operators say it puts on its components
 * (the status page's own statement), else from its category.
 */
export function incidentImpact(i: Pick<SnapIncident, 'category' | 'impact'>): Impact {
  const byState = i.impact ? BY_STATE[i.impact] : undefined;
  return byState ?? BY_CATEGORY[i.category] ?? 'none';
}

/** The overall indicator from component states, open incidents and running maintenance. */
export function overallIndicator(snap: StatusSnapshot): Indicator {
  let rank = 0;
  const byState: Record<ComponentState, number> = { operational: 0, under_maintenance: 0, degraded_performance: 1, partial_outage: 2, major_outage: 3 };
  for (const c of snap.components) rank = Math.max(rank, byState[c.state]);
  for (const i of snap.incidents) if (isOpenIncident(i)) rank = Math.max(rank, IMPACT_RANK[incidentImpact(i)]);
  if (rank > 0) return (['none', 'minor', 'major', 'critical'] as const)[rank]!;
  const maintenance = snap.components.some((c) => c.state === 'under_maintenance') || snap.notices.some((n) => n.state === 'in_progress');
  return maintenance ? 'maintenance' : 'none';
}

export function v2Status(snap: StatusSnapshot, lang: Lang): V2Status {
  const indicator = overallIndicator(snap);
  return { indicator, description: indicatorText(indicator, lang) };
}

export function v2Page(snap: StatusSnapshot, lang: Lang): V2Page {
  return { id: snap.page.id, name: pick(snap.page.name, lang), url: `${snap.page.url}/status`, time_zone: snap.page.timeZone, updated_at: snap.builtAt };
}

const groupId = (key: string) => `group-${key}`;

function v2Component(snap: StatusSnapshot, c: SnapComponent, lang: Lang, position: number): V2Component {
  const group = snap.groups.find((g) => g.id === c.group);
  return {
    id: c.id,
    name: pick(c.name, lang),
    status: c.state,
    created_at: snap.page.createdAt,
    updated_at: c.since ?? snap.page.createdAt,
    position,
    description: c.description ? pick(c.description, lang) : null,
    showcase: true,
    start_date: null,
    group_id: group && !group.standalone ? groupId(group.id) : null,
    page_id: snap.page.id,
    group: false,
    only_show_if_degraded: false,
  };
}

/** Every component and group, groups first in their display order, members right after their group. */
export function v2Components(snap: StatusSnapshot, lang: Lang): V2Component[] {
  const out: V2Component[] = [];
  let position = 1;
  for (const g of snap.groups) {
    const members = g.components.map((id) => componentOf(snap, id)).filter((c): c is SnapComponent => Boolean(c));
    if (!g.standalone) {
      const updated = members.map((m) => m.since ?? snap.page.createdAt).sort().at(-1) ?? snap.page.createdAt;
      out.push({
        id: groupId(g.id),
        name: pick(g.name, lang),
        status: worstState(members.map((m) => m.state)),
        created_at: snap.page.createdAt,
        updated_at: updated,
        position: position++,
        description: g.description ? pick(g.description, lang) : null,
        showcase: false,
        start_date: null,
        group_id: null,
        page_id: snap.page.id,
        group: true,
        only_show_if_degraded: false,
        components: members.map((m) => m.id),
      });
    }
    for (const m of members) out.push(v2Component(snap, m, lang, position++));
  }
  return out;
}

function componentsOf(snap: StatusSnapshot, ids: string[], lang: Lang): V2Component[] {
  const all = v2Components(snap, lang);
  return ids.map((id) => all.find((c) => c.id === id && !c.group)).filter((c): c is V2Component => Boolean(c));
}

export function v2Incident(snap: StatusSnapshot, i: SnapIncident, lang: Lang): V2Incident {
  const monitoring = [...i.updates].reverse().find((u) => u.status === 'monitoring');
  return {
    id: i.id,
    name: i.title,
    status: i.status,
    created_at: i.reportedAt,
    updated_at: i.updatedAt,
    monitoring_at: monitoring?.at ?? null,
    resolved_at: i.status === 'resolved' ? (i.resolvedAt ?? i.updatedAt) : null,
    impact: incidentImpact(i),
    shortlink: `${snap.page.url}/status/incidents/${encodeURIComponent(i.ref)}${lang === 'en' ? '?lang=en' : ''}`,
    started_at: i.reportedAt,
    page_id: snap.page.id,
    incident_updates: i.updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body,
      incident_id: i.id,
      created_at: u.at,
      updated_at: u.at,
      display_at: u.at,
      affected_components: null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: componentsOf(snap, i.components, lang),
  };
}

const MAINT_STATUS: Record<string, MaintenanceStatus | undefined> = { scheduled: 'scheduled', in_progress: 'in_progress', completed: 'completed' };

export function v2Maintenance(snap: StatusSnapshot, n: SnapNotice, lang: Lang): V2ScheduledMaintenance {
  const text = noticeText(n, lang);
  // Each update carries the status the notice had after it; notes and reschedules keep the one before.
  let status: MaintenanceStatus = 'scheduled';
  const updates: V2IncidentUpdate[] = n.updates.map((u, k) => {
    status = MAINT_STATUS[u.kind] ?? status;
    return {
      id: `${n.id}-${k}`,
      status,
      body: (lang === 'en' && u.bodyEn) || u.body || text.title,
      incident_id: n.id,
      created_at: u.at,
      updated_at: u.at,
      display_at: u.at,
      affected_components: null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    };
  });
  if (updates.length === 0) {
    updates.push({
      id: `${n.id}-0`,
      status: 'scheduled',
      body: text.body || text.title,
      incident_id: n.id,
      created_at: n.publishedAt,
      updated_at: n.publishedAt,
      display_at: n.publishedAt,
      affected_components: null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    });
  }
  updates.reverse();
  return {
    id: n.id,
    name: text.title,
    status: MAINT_STATUS[n.state] ?? 'scheduled',
    created_at: n.publishedAt,
    updated_at: n.updatedAt,
    monitoring_at: null,
    resolved_at: n.state === 'completed' ? (n.completedAt ?? n.updatedAt) : null,
    impact: 'maintenance',
    shortlink: `${snap.page.url}/status/maintenance/${encodeURIComponent(n.ref)}${lang === 'en' ? '?lang=en' : ''}`,
    started_at: n.startedAt ?? n.startsAt,
    page_id: snap.page.id,
    incident_updates: updates,
    components: componentsOf(snap, n.components, lang),
    scheduled_for: n.startsAt,
    scheduled_until: n.endsAt ?? n.completedAt ?? n.startsAt,
  };
}

/** Incidents newest first, at most 50 (as Statuspage). */
export function v2Incidents(snap: StatusSnapshot, lang: Lang, opts: { unresolved?: boolean } = {}): V2Incident[] {
  return snap.incidents
    .filter((i) => !opts.unresolved || isOpenIncident(i))
    .slice(0, 50)
    .map((i) => v2Incident(snap, i, lang));
}

/** Scheduled maintenances, newest start first, at most 50; `which` filters upcoming (scheduled) or active (in progress). */
export function v2Maintenances(snap: StatusSnapshot, lang: Lang, which: 'all' | 'upcoming' | 'active' | 'summary' = 'all'): V2ScheduledMaintenance[] {
  const keep = (n: SnapNotice) =>
    n.state !== 'cancelled' &&
    (which === 'all' ||
      (which === 'upcoming' && n.state === 'scheduled') ||
      (which === 'active' && n.state === 'in_progress') ||
      (which === 'summary' && (n.state === 'scheduled' || n.state === 'in_progress')));
  const list = snap.notices.filter(keep);
  list.sort((a, b) => (which === 'all' ? b.startsAt.localeCompare(a.startsAt) : a.startsAt.localeCompare(b.startsAt)));
  return list.slice(0, 50).map((n) => v2Maintenance(snap, n, lang));
}

export function v2Summary(snap: StatusSnapshot, lang: Lang) {
  return {
    page: v2Page(snap, lang),
    components: v2Components(snap, lang),
    incidents: v2Incidents(snap, lang, { unresolved: true }),
    scheduled_maintenances: v2Maintenances(snap, lang, 'summary'),
    status: v2Status(snap, lang),
  };
}

/** Every endpoint's body by its path under /api/v2. */
export const V2_ENDPOINTS: Record<string, (snap: StatusSnapshot, lang: Lang) => unknown> = {
  'summary.json': v2Summary,
  'status.json': (s, l) => ({ page: v2Page(s, l), status: v2Status(s, l) }),
  'components.json': (s, l) => ({ page: v2Page(s, l), components: v2Components(s, l) }),
  'incidents.json': (s, l) => ({ page: v2Page(s, l), incidents: v2Incidents(s, l) }),
  'incidents/unresolved.json': (s, l) => ({ page: v2Page(s, l), incidents: v2Incidents(s, l, { unresolved: true }) }),
  'scheduled-maintenances.json': (s, l) => ({ page: v2Page(s, l), scheduled_maintenances: v2Maintenances(s, l, 'all') }),
  'scheduled-maintenances/upcoming.json': (s, l) => ({ page: v2Page(s, l), scheduled_maintenances: v2Maintenances(s, l, 'upcoming') }),
  'scheduled-maintenances/active.json': (s, l) => ({ page: v2Page(s, l), scheduled_maintenances: v2Maintenances(s, l, 'active') }),
};
