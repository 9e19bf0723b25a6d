/**
 * Builds the status snapshot (model.ts) from the database: the component catalogue and current states, 90 days of
 * per-day availability and the current and previous month's figures (components module), published incidents
 * (incidents), notices, posts and meetings (notices). `assembleSnapshot` is the pure part; `buildSnapshot` reads.
 * One keeper per process (`statusKeeper(ctx)`) holds the snapshot and republishes it on every `status` change and
 * every minute (keeper.ts).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { componentCatalogue, currentStates, availabilityMonth, dailyAvailability, type CurrentState } from '../components/index.ts';
import { publicIncidents, type PublicIncident } from '../incidents/index.ts';
import { listMeetings, listNotices, listPosts } from '../notices/index.ts';
import type { Policy } from '../../kernel/policy/schema.ts';
import { onChange } from '../../platform/changes/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { SNAPSHOT_FILE, StatusKeeper } from './keeper.ts';
import { SNAPSHOT_FORMAT, type ComponentState, type NoticeState, type PostKind, type SnapComponent, type SnapGroup, type StatusSnapshot, type Text } from './model.ts';
import { TIME_ZONE } from './text.ts';

export const STATUS_TOPIC = 'status';
const DAY_MS = 86_400_000;

// ------------------------------------------------------------------------------------------------ inputs

export interface DayInput {
  date: string;
  windowMs: number;
  excludedMs: number;
  downMs: number;
  availability: number | null;
  worst: ComponentState;
}

export interface MonthInput {
  componentId: string;
  month: string;
  target: number;
  windowMs: number;
  excludedMs: number;
  downMs: number;
  availability: number | null;
  budgetMs: number;
  budgetLeftMs: number;
  met: boolean | null;
  clauses: string[];
}

export interface NoticeInput {
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
  publishedAt: Date;
  startsAt: Date;
  endsAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  late: boolean;
  updates: { at: Date; kind: string; body: string; bodyEn: string | null }[];
  createdAt: Date;
  updatedAt: Date;
}

export interface PostInput {
  id: string;
  kind: PostKind | string;
  title: string;
  body: string;
  titleEn?: string | null;
  bodyEn?: string | null;
  components?: string[];
  version?: string | null;
  roadmapState?: string | null;
  target?: string | null;
  publishedAt: Date;
  updatedAt?: Date;
}

export interface MeetingInput {
  id: string;
  title: string;
  description?: string | null;
  startsAt: Date;
  endsAt: Date;
  location?: string | null;
  url?: string | null;
  cancelled: boolean;
  sequence?: number;
  updatedAt?: Date;
}

export interface SnapshotInput {
  policy: Policy;
  publicUrl: string;
  now: Date;
  historyDays: number;
  states: Map<string, CurrentState>;
  days: Map<string, DayInput[]>;
  /** Figures of the current month, then the previous month. */
  months: MonthInput[][];
  incidents: PublicIncident[];
  notices: NoticeInput[];
  posts: PostInput[];
  meetings: MeetingInput[];
}

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The Oslo calendar month of an instant, and the month before it. */
export function osloMonths(now: Date): [string, string] {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit' }).formatToParts(now);
  const y = Number(parts.find((p) => p.type === 'year')!.value);
  const m = Number(parts.find((p) => p.type === 'month')!.value);
  const prev = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  return [`${y}-${String(m).padStart(2, '0')}`, prev];
}

/** A stable, URL-derived page id (Statuspage's page.id / page_id). */
export function pageId(publicUrl: string): string {
  return createHash('sha256').update(publicUrl).digest('hex').slice(0, 12);
}

/** The snapshot from what was read; pure. */
export function assembleSnapshot(input: SnapshotInput): StatusSnapshot {
  const { policy } = input;
  const catalogue = componentCatalogue(policy);
  const policyGroups = policy.componentGroups ?? {};
  const groups: SnapGroup[] = [];
  for (const c of catalogue) {
    let g = groups.find((x) => x.id === c.group);
    if (!g) {
      const declared = policyGroups[c.group];
      g = { id: c.group, name: c.groupName, description: declared?.description ?? null, components: [], standalone: !declared };
      groups.push(g);
    }
    g.components.push(c.id);
  }
  const monthsOf = (id: string) =>
    input.months.map((list) => list.find((m) => m.componentId === id)).filter((m): m is MonthInput => Boolean(m));
  const components: SnapComponent[] = catalogue.map((c) => {
    const st = input.states.get(c.id);
    return {
      id: c.id,
      name: c.name,
      description: c.description,
      group: c.group,
      className: c.className,
      operatingWindow: c.operatingWindow,
      classDescription: policy.componentClasses[c.classKey]?.description ?? null,
      target: c.target,
      docs: c.docs,
      clauses: c.clauses,
      position: c.order,
      state: st?.state ?? 'operational',
      since: isoOrNull(st?.since),
      days: (input.days.get(c.id) ?? []).map((d) => ({
        date: d.date,
        availability: d.availability,
        worst: d.worst,
        windowMs: d.windowMs,
        excludedMs: d.excludedMs,
        downMs: d.downMs,
      })),
      months: monthsOf(c.id).map((m) => ({
        month: m.month,
        availability: m.availability,
        target: m.target,
        met: m.met,
        windowMs: m.windowMs,
        excludedMs: m.excludedMs,
        downMs: m.downMs,
        budgetMs: m.budgetMs,
        budgetLeftMs: m.budgetLeftMs,
        clauses: m.clauses,
      })),
    };
  });
  const body: Omit<StatusSnapshot, 'version'> = {
    format: SNAPSHOT_FORMAT,
    builtAt: iso(input.now),
    page: {
      id: pageId(input.publicUrl),
      name: { nb: 'Driftsstatus', en: 'Service status' },
      url: input.publicUrl.replace(/\/+$/, ''),
      timeZone: TIME_ZONE,
      createdAt: new Date(`${policy.effectiveFrom}T00:00:00Z`).toISOString(),
    },
    historyDays: input.historyDays,
    groups,
    components,
    incidents: input.incidents.map((i) => ({
      id: i.id,
      ref: i.ref,
      title: i.title,
      category: i.category,
      impact: i.impact,
      status: i.status,
      components: i.components,
      reportedAt: iso(i.reportedAt),
      resolvedAt: isoOrNull(i.resolvedAt),
      updatedAt: iso(i.updatedAt),
      updates: i.updates.map((u) => ({ id: String(u.id), at: iso(u.at), body: u.body, status: u.status })),
    })),
    notices: input.notices
      .map((n) => ({
        id: n.id,
        ref: n.ref,
        noticeClass: n.noticeClass,
        className: n.className,
        title: n.title,
        body: n.body,
        titleEn: n.titleEn,
        bodyEn: n.bodyEn,
        state: n.state,
        components: n.components,
        apis: n.apis,
        impact: n.impact,
        publishedAt: iso(n.publishedAt),
        startsAt: iso(n.startsAt),
        endsAt: isoOrNull(n.endsAt),
        startedAt: isoOrNull(n.startedAt),
        completedAt: isoOrNull(n.completedAt),
        cancelledAt: isoOrNull(n.cancelledAt),
        late: n.late,
        updates: [...n.updates].sort((a, b) => a.at.getTime() - b.at.getTime()).map((u) => ({ at: iso(u.at), kind: u.kind, body: u.body, bodyEn: u.bodyEn })),
        createdAt: iso(n.createdAt),
        updatedAt: iso(n.updatedAt),
      }))
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
    posts: input.posts
      .filter((p): p is PostInput & { kind: PostKind } => p.kind === 'changelog' || p.kind === 'roadmap' || p.kind === 'release')
      .map((p) => ({
        id: p.id,
        kind: p.kind,
        title: p.title,
        body: p.body,
        titleEn: p.titleEn ?? null,
        bodyEn: p.bodyEn ?? null,
        components: p.components ?? [],
        version: p.version ?? null,
        roadmapState: p.roadmapState ?? null,
        target: p.target ?? null,
        publishedAt: iso(p.publishedAt),
        updatedAt: iso(p.updatedAt ?? p.publishedAt),
      }))
      .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt)),
    meetings: input.meetings
      .map((m) => ({
        id: m.id,
        title: m.title,
        description: m.description ?? '',
        startsAt: iso(m.startsAt),
        endsAt: iso(m.endsAt),
        location: m.location ?? null,
        url: m.url ?? null,
        cancelled: m.cancelled,
        sequence: m.sequence ?? 0,
        updatedAt: iso(m.updatedAt ?? m.startsAt),
      }))
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
  };
  const version = createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 16);
  return { ...body, version } as StatusSnapshot;
}

// ------------------------------------------------------------------------------------------------ reading

/** Reads everything the snapshot needs (in parallel) and assembles it. */
export async function buildSnapshot(ctx: AppContext, now = new Date()): Promise<StatusSnapshot> {
  const policy = ctx.policy.policy;
  const historyDays = policy.statusPage?.historyDays ?? 90;
  const since = new Date(now.getTime() - historyDays * DAY_MS);
  const [current, previous] = osloMonths(now);
  // Notices: every scheduled or running one, and those whose work ended inside the history.
  const [states, days, monthNow, monthBefore, incidents, notices, posts, meetings] = await Promise.all([
    currentStates(ctx.db),
    dailyAvailability(ctx, { days: historyDays, now }),
    availabilityMonth(ctx, current, { now }),
    availabilityMonth(ctx, previous, { now }),
    publicIncidents(ctx.db, { since, limit: 200 }),
    listNotices(ctx.db, { from: since, limit: 500, policy }),
    listPosts(ctx.db, { limit: 200 }),
    listMeetings(ctx.db, { from: since, includeCancelled: true }),
  ]);
  return assembleSnapshot({
    policy,
    publicUrl: ctx.config.PUBLIC_URL,
    now,
    historyDays,
    states,
    days,
    months: [monthNow.components, monthBefore.components],
    incidents,
    notices,
    posts,
    meetings,
  });
}

// ------------------------------------------------------------------------------------------------ one per process

const keepers = new WeakMap<AppContext, Promise<StatusKeeper>>();

/**
 * This process's status keeper (one per context, started on first use: loads the last published snapshot from
 * DATA_DIR and the database, builds a fresh one, listens for `status` changes). The routes stop it on close.
 */
export function statusKeeper(ctx: AppContext): Promise<StatusKeeper> {
  let k = keepers.get(ctx);
  if (!k) {
    const keeper = new StatusKeeper(() => buildSnapshot(ctx), {
      file: path.join(ctx.config.DATA_DIR, SNAPSHOT_FILE),
      db: ctx.db,
      listen: (cb) => onChange(ctx.database, STATUS_TOPIC, cb),
      debounceMs: 500,
      refreshMs: 60_000,
      onError: (e, what) => ctx.log.warn({ err: e, what }, 'status snapshot: keeping the last published snapshot'),
    });
    k = keeper.start();
    k.catch(() => keepers.delete(ctx));
    keepers.set(ctx, k);
  }
  return k;
}

export async function stopStatusKeeper(ctx: AppContext): Promise<void> {
  const k = keepers.get(ctx);
  if (!k) return;
  keepers.delete(ctx);
  const keeper = await k.catch(() => undefined);
  await keeper?.stop();
}

/** Rebuilds and publishes the snapshot now (after a write whose effect a caller wants to see at once). */
export async function refreshStatus(ctx: AppContext): Promise<StatusSnapshot> {
  return (await statusKeeper(ctx)).refresh();
}
