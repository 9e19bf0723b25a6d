/**
 * Incidents: reporting (T-1.2.8), classification with a recorded reason (S-2.1), states, assignment to operators
 * and service owners (S-7.3.3), workarounds, holds, notes and public updates, links, the on-call contact outside
 * service-desk hours (S-5.4) and feedback to the reporter on resolution (S-2.2.1–S-2.2.3).
 *
 * Every change appends to `incident_events` and re-derives the SLA clocks from that history with the pure engine
 * (src/kernel/sla) in the same transaction; the cache in `incident_clocks` and the alert jobs follow from it.
 */
import type { Static } from '@sinclair/typebox';
import { and, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { computeClocks, type ClocksResult, type HistoryEvent, type IncidentState } from '../../kernel/sla/index.ts';
import { formatInstant } from '../../kernel/worktime/index.ts';
import { appendAudit } from '../../platform/audit/index.ts';
import { authTables, isCrossTenant, OPERATOR_ROLES, type Caller } from '../../platform/auth/index.ts';
import { publishEvent } from '../../platform/events/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { HttpProblem, problems } from '../../platform/http/problem.ts';
import { actorOf } from '../registry/common.ts';
import { services } from '../registry/tables.ts';
import { afterIncidentChange } from './alerts.ts';
import { syncIncidentStatus } from './status.ts';
import { feedbackToReporter } from './feedback.ts';
import type * as s from './schemas.ts';
import { DONE_STATES, INCIDENT_MOVES, OPEN_STATES } from './states.ts';
import { incidentClocks, incidentEvents, incidentLinks, incidents, incidentServices, refCounters } from './tables.ts';

const { organisations, users, memberships } = authTables;

export type IncidentRow = typeof incidents.$inferSelect;
export type EventRow = typeof incidentEvents.$inferSelect;
type Visibility = (typeof s.VISIBILITIES)[number];

/** History event types that drive the clocks (the rest are notes and bookkeeping). */
const CLOCK_TYPES = new Set(['reported', 'category', 'state', 'responded', 'workaround', 'hold', 'release']);


// ---------------------------------------------------------------------------------------------------------------
// Clocks
// ---------------------------------------------------------------------------------------------------------------

export function historyOf(rows: readonly Pick<EventRow, 'at' | 'type' | 'data'>[]): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  for (const r of rows) {
    if (!CLOCK_TYPES.has(r.type)) continue;
    const at = r.at.getTime();
    const d = r.data as Record<string, any>;
    switch (r.type) {
      case 'reported':
        out.push({ at, type: 'reported', category: d.category });
        break;
      case 'category':
        out.push({ at, type: 'category', category: d.to });
        break;
      case 'state':
        out.push({ at, type: 'state', state: d.to });
        break;
      case 'responded':
        out.push({ at, type: 'responded' });
        break;
      case 'workaround':
        out.push({ at, type: 'workaround', on: Boolean(d.on) });
        break;
      case 'hold':
        out.push({ at, type: 'hold', reason: d.reason });
        break;
      case 'release':
        out.push({ at, type: 'release', reason: d.reason });
        break;
    }
  }
  return out;
}

export function startRule(ctx: AppContext): 'reported' | 'classified' {
  const p = ctx.policy.policy as { incidentClocks?: { startOnReclassification?: 'reported' | 'classified' } };
  return p.incidentClocks?.startOnReclassification ?? 'reported';
}

let targetsCache: { policy: unknown; targets: Record<string, any> } | undefined;
export function engineOptions(ctx: AppContext) {
  const policy = ctx.policy.policy;
  if (targetsCache?.policy !== policy) {
    targetsCache = {
      policy,
      targets: Object.fromEntries(Object.entries(policy.incidentCategories).map(([k, c]) => [k, c.targets])),
    };
  }
  return { targets: targetsCache.targets, calendars: ctx.policy.calendars, startRule: startRule(ctx) };
}

export function clocksFor(ctx: AppContext, rows: readonly Pick<EventRow, 'at' | 'type' | 'data'>[], now: number): ClocksResult {
  return computeClocks(historyOf(rows), engineOptions(ctx), now);
}

async function eventsOf(tx: DbOrTx, incidentIds: string[]): Promise<Map<string, EventRow[]>> {
  const map = new Map<string, EventRow[]>();
  if (incidentIds.length === 0) return map;
  const rows = await tx.select().from(incidentEvents).where(inArray(incidentEvents.incidentId, incidentIds)).orderBy(incidentEvents.at, incidentEvents.id);
  for (const r of rows) {
    let list = map.get(r.incidentId);
    if (!list) map.set(r.incidentId, (list = []));
    list.push(r);
  }
  return map;
}

/** Re-derives the clocks from the history and rewrites the cache (in the caller's transaction). */
export async function refreshClocks(ctx: AppContext, tx: DbOrTx, incidentId: string, now = Date.now()): Promise<ClocksResult> {
  const rows = (await eventsOf(tx, [incidentId])).get(incidentId) ?? [];
  const result = clocksFor(ctx, rows, now);
  const computedAt = new Date(now);
  await tx.delete(incidentClocks).where(eq(incidentClocks.incidentId, incidentId));
  if (result.clocks.length) {
    await tx.insert(incidentClocks).values(
      result.clocks.map((c) => ({
        incidentId,
        targetId: c.targetId,
        kind: c.kind,
        category: c.category,
        status: c.status,
        startedAt: new Date(c.startedAt),
        dueAt: c.dueAt === null ? null : new Date(c.dueAt),
        stoppedAt: c.stoppedAt === null ? null : new Date(c.stoppedAt),
        breachedAt: c.breachedAt === null ? null : new Date(c.breachedAt),
        computedAt,
      })),
    );
  }
  const running = result.clocks.filter((c) => c.status === 'running' && c.dueAt !== null).map((c) => c.dueAt!);
  await tx
    .update(incidents)
    .set({
      breached: result.clocks.some((c) => c.status === 'breached'),
      nextDueAt: running.length ? new Date(Math.min(...running)) : null,
    })
    .where(eq(incidents.id, incidentId));
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Visibility and permissions
// ---------------------------------------------------------------------------------------------------------------

function isOperator(caller: Caller): boolean {
  return Boolean(caller.active && OPERATOR_ROLES.includes(caller.active.role));
}
function isServiceOwner(caller: Caller): boolean {
  return caller.active?.role === 'serviceowner-admin' || caller.active?.role === 'serviceowner-member';
}

/** SQL condition: incidents the caller may see (undefined = all). */
export function visibleIncidentsWhere(caller: Caller): SQL | undefined {
  if (isCrossTenant(caller)) return undefined;
  const org = caller.active?.orgId;
  if (!org) throw problems.forbidden('You are not a member of any organisation.');
  if (isServiceOwner(caller)) {
    return or(
      eq(incidents.reporterOrgId, org),
      eq(incidents.assigneeOrgId, org),
      sql`exists (select 1 from ${incidentServices} join ${services} on ${services.id} = ${incidentServices.serviceId}
                  where ${incidentServices.incidentId} = ${incidents.id} and ${services.orgId} = ${org})`,
    );
  }
  return eq(incidents.reporterOrgId, org);
}

async function loadVisible(tx: DbOrTx, caller: Caller, id: string, forUpdate = false): Promise<IncidentRow> {
  const where = visibleIncidentsWhere(caller);
  const q = tx.select().from(incidents).where(where ? and(eq(incidents.id, id), where) : eq(incidents.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw problems.notFound('The incident');
  return row;
}

/** The assignee organisation's members handle the incident like operators do (S-7.3.3). */
function isAssignedOrg(caller: Caller, inc: IncidentRow): boolean {
  return Boolean(inc.assigneeOrgId && caller.active?.orgId === inc.assigneeOrgId && isServiceOwner(caller));
}
function canHandle(caller: Caller, inc: IncidentRow): boolean {
  return isOperator(caller) || isAssignedOrg(caller, inc);
}
function permissions(caller: Caller, inc: IncidentRow): s.IncidentDetail['can'] {
  const op = isOperator(caller);
  const handle = canHandle(caller, inc);
  const notAuditor = caller.active?.role !== 'auditor';
  return {
    edit: op,
    classify: op,
    assign: op,
    changeState: handle,
    workaround: handle,
    noteInternal: handle,
    noteShared: notAuditor,
    notePublic: handle,
    link: op,
  };
}
function requireHandler(caller: Caller, inc: IncidentRow): void {
  if (!canHandle(caller, inc)) throw problems.forbidden('Only operators and the service owner the incident is assigned to may do this.');
}
/** Which history entries the caller sees: operators and the assignee everything, others shared and public. */
function seesInternal(caller: Caller, inc: IncidentRow): boolean {
  return isCrossTenant(caller) || isAssignedOrg(caller, inc);
}

// ---------------------------------------------------------------------------------------------------------------
// Presentation
// ---------------------------------------------------------------------------------------------------------------

const iso = (d: Date | number | null | undefined): string | null => (d === null || d === undefined ? null : new Date(d).toISOString());

function clockView(ctx: AppContext, c: ClocksResult['clocks'][number], withOpen: boolean, now: number): s.ClockView {
  const target = ctx.policy.policy.incidentCategories[c.category]?.targets.find((t) => t.id === c.targetId);
  const view: s.ClockView = {
    targetId: c.targetId,
    kind: c.kind,
    category: c.category,
    calendar: c.calendar,
    clauses: c.clauses,
    description: target?.description ?? null,
    status: c.status,
    startedAt: iso(c.startedAt)!,
    dueAt: iso(c.dueAt),
    stoppedAt: iso(c.stoppedAt),
    stoppedBy: c.stoppedBy,
    breachedAt: iso(c.breachedAt),
    budgetMs: c.budgetMs,
    elapsed: c.elapsed,
    remaining: c.remaining,
    percent: c.percent === null ? null : Math.round(c.percent * 10) / 10,
    thresholds: c.thresholds.map((t) => ({ percent: t.percent, at: iso(t.at), reached: t.reached })),
    segments: c.segments.map((g) => ({ from: iso(g.from)!, to: iso(g.to)!, counting: g.counting, ...(g.reason ? { reason: g.reason } : {}) })),
  };
  if (withOpen) {
    const cal = ctx.policy.calendar(c.calendar);
    const end = Math.max(now, c.dueAt ?? 0, c.stoppedAt ?? 0) + 2 * 3_600_000;
    const span = Math.min(end, c.startedAt + 62 * 86_400_000);
    view.open = cal ? cal.openIntervals(c.startedAt, span).map((o) => ({ from: iso(o.start)!, to: iso(o.end)! })) : [];
  }
  return view;
}

interface Names {
  users: Map<string, { name: string; email: string }>;
  orgs: Map<string, string>;
  services: Map<string, { id: string; name: string; orgId: string }[]>;
}

async function namesFor(tx: DbOrTx, rows: IncidentRow[], extraUsers: string[] = [], extraOrgs: string[] = []): Promise<Names> {
  const userIds = new Set(extraUsers);
  const orgIds = new Set(extraOrgs);
  for (const r of rows) {
    for (const u of [r.reporterUserId, r.assigneeUserId]) if (u) userIds.add(u);
    for (const o of [r.reporterOrgId, r.assigneeOrgId]) if (o) orgIds.add(o);
  }
  const us = userIds.size ? await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, [...userIds])) : [];
  const os = orgIds.size ? await tx.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, [...orgIds])) : [];
  const ids = rows.map((r) => r.id);
  const ss = ids.length
    ? await tx
        .select({ incidentId: incidentServices.incidentId, id: services.id, name: services.name, orgId: services.orgId })
        .from(incidentServices)
        .innerJoin(services, eq(services.id, incidentServices.serviceId))
        .where(inArray(incidentServices.incidentId, ids))
    : [];
  const svcMap = new Map<string, { id: string; name: string; orgId: string }[]>();
  for (const x of ss) {
    const list = svcMap.get(x.incidentId) ?? [];
    list.push({ id: x.id, name: x.name, orgId: x.orgId });
    svcMap.set(x.incidentId, list);
  }
  return { users: new Map(us.map((u) => [u.id, u])), orgs: new Map(os.map((o) => [o.id, o.name])), services: svcMap };
}

function summary(ctx: AppContext, r: IncidentRow, names: Names, clocks: ClocksResult, now: number, withOpen = false): s.IncidentSummary {
  const reporterUser = r.reporterUserId ? names.users.get(r.reporterUserId) : undefined;
  const assigneeUser = r.assigneeUserId ? names.users.get(r.assigneeUserId) : undefined;
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    category: r.category,
    state: r.state as IncidentState,
    reportedAt: r.reportedAt.toISOString(),
    reporter: {
      userId: r.reporterUserId,
      userName: reporterUser?.name ?? r.reporterName ?? null,
      email: reporterUser?.email ?? r.reporterEmail ?? null,
      orgId: r.reporterOrgId,
      orgName: r.reporterOrgId ? (names.orgs.get(r.reporterOrgId) ?? null) : null,
    },
    assignee: {
      userId: r.assigneeUserId,
      userName: assigneeUser?.name ?? null,
      email: assigneeUser?.email ?? null,
      orgId: r.assigneeOrgId,
      orgName: r.assigneeOrgId ? (names.orgs.get(r.assigneeOrgId) ?? null) : null,
    },
    workaround: r.workaround,
    components: r.components,
    impact: (r.impact as s.IncidentSummary['impact']) ?? null,
    services: names.services.get(r.id) ?? [],
    breached: clocks.clocks.some((c) => c.status === 'breached'),
    nextDueAt: iso(r.nextDueAt),
    respondedAt: iso(r.respondedAt),
    resolvedAt: iso(r.resolvedAt),
    clocks: clocks.clocks.map((c) => clockView(ctx, c, withOpen, now)),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** S-5.4: the on-call channel serving this category, when its calendar (the service desk) is closed now. */
export function onCallFor(ctx: AppContext, category: string, state: string, now: number): s.IncidentDetail['onCall'] {
  if (DONE_STATES.includes(state as IncidentState)) return null;
  for (const ch of Object.values(ctx.policy.policy.supportChannels)) {
    if (!ch.outsideCalendar || !ch.contact) continue;
    if (ch.incidentCategories && !ch.incidentCategories.includes(category)) continue;
    const cal = ctx.policy.calendar(ch.outsideCalendar);
    if (!cal || cal.isOpen(now)) continue;
    return { name: ch.name, contact: ch.contact, clauses: ch.clauses };
  }
  return null;
}

async function detail(ctx: AppContext, tx: DbOrTx, caller: Caller, id: string, now = Date.now()): Promise<s.IncidentDetail> {
  const inc = await loadVisible(tx, caller, id);
  const rows = (await eventsOf(tx, [id])).get(id) ?? [];
  const clocks = clocksFor(ctx, rows, now);
  const internal = seesInternal(caller, inc);
  const visibleRows = internal ? rows : rows.filter((e) => e.visibility !== 'internal');
  const actorIds = visibleRows.map((e) => e.actorUserId).filter((x): x is string => Boolean(x));
  const actorOrgs = visibleRows.map((e) => e.actorOrgId).filter((x): x is string => Boolean(x));
  const names = await namesFor(tx, [inc], actorIds, actorOrgs);
  const linkRows = await tx
    .select({ fromId: incidentLinks.fromId, toId: incidentLinks.toId, kind: incidentLinks.kind })
    .from(incidentLinks)
    .where(or(eq(incidentLinks.fromId, id), eq(incidentLinks.toId, id)));
  const otherIds = linkRows.map((l) => (l.fromId === id ? l.toId : l.fromId));
  const vis = visibleIncidentsWhere(caller);
  const others = otherIds.length
    ? await tx
        .select({ id: incidents.id, ref: incidents.ref, title: incidents.title, state: incidents.state })
        .from(incidents)
        .where(vis ? and(inArray(incidents.id, otherIds), vis) : inArray(incidents.id, otherIds))
    : [];
  const byId = new Map(others.map((o) => [o.id, o]));
  const links = linkRows.flatMap((l) => {
    const other = byId.get(l.fromId === id ? l.toId : l.fromId);
    return other ? [{ incidentId: other.id, ref: other.ref, title: other.title, state: other.state, kind: l.kind, direction: (l.fromId === id ? 'out' : 'in') as 'out' | 'in' }] : [];
  });
  return {
    ...summary(ctx, inc, names, clocks, now, true),
    description: inc.description,
    workaroundText: inc.workaroundText,
    closedAt: iso(inc.closedAt),
    events: visibleRows.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      type: e.type,
      data: e.data,
      reason: e.reason,
      body: e.body,
      visibility: e.visibility as Visibility,
      actor: e.actorUserId || e.actorOrgId
        ? {
            userId: e.actorUserId,
            name: e.actorUserId ? (names.users.get(e.actorUserId)?.name ?? null) : null,
            orgName: e.actorOrgId ? (names.orgs.get(e.actorOrgId) ?? null) : null,
          }
        : null,
    })),
    links,
    onCall: onCallFor(ctx, inc.category, inc.state, now),
    can: permissions(caller, inc),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------------------------

export function categoryInfo(ctx: AppContext) {
  return Object.entries(ctx.policy.policy.incidentCategories)
    .sort((a, b) => a[1].rank - b[1].rank)
    .map(([key, c]) => ({
      key,
      name: c.name,
      rank: c.rank,
      definition: c.definition,
      examples: c.examples,
      targets: c.targets.map((t) => ({
        id: t.id,
        kind: t.kind,
        description: t.description ?? null,
        duration: t.duration ?? null,
        calendar: t.calendar,
        stopOnWorkaround: Boolean(t.stopOnWorkaround),
        warnAt: t.warnAt ?? [],
        clauses: t.clauses,
      })),
      clauses: c.clauses,
    }));
}

function encodeCursor(r: IncidentRow): string {
  return Buffer.from(`${r.reportedAt.toISOString()}|${r.id}`).toString('base64url');
}
function decodeCursor(c: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(c, 'base64url').toString().split('|');
  const d = new Date(at ?? '');
  if (!id || Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw problems.invalidField('querystring.before', 'not a cursor from this API');
  return { at: d, id };
}

export async function listIncidents(ctx: AppContext, caller: Caller, q: s.ListQuery): Promise<{ items: s.IncidentSummary[]; next: string | null }> {
  const conds: (SQL | undefined)[] = [visibleIncidentsWhere(caller)];
  if (q.category) conds.push(eq(incidents.category, q.category));
  if (q.state === 'open') conds.push(inArray(incidents.state, [...OPEN_STATES]));
  else if (q.state) conds.push(eq(incidents.state, q.state));
  if (q.breached !== undefined) conds.push(eq(incidents.breached, q.breached));
  if (q.assignee) {
    if (q.assignee === 'me') conds.push(eq(incidents.assigneeUserId, caller.user.id));
    else if (/^[0-9a-f-]{36}$/i.test(q.assignee)) conds.push(or(eq(incidents.assigneeUserId, q.assignee), eq(incidents.assigneeOrgId, q.assignee)));
    else throw problems.invalidField('querystring.assignee', 'expected "me", a user id or an organisation id');
  }
  if (q.orgId) conds.push(or(eq(incidents.reporterOrgId, q.orgId), eq(incidents.assigneeOrgId, q.orgId)));
  if (q.q) {
    const pattern = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conds.push(or(ilike(incidents.title, pattern), ilike(incidents.ref, pattern), ilike(incidents.description, pattern)));
  }
  if (q.from) conds.push(sql`${incidents.reportedAt} >= ${new Date(q.from)}`);
  if (q.to) conds.push(lt(incidents.reportedAt, new Date(q.to)));
  if (q.before) {
    const c = decodeCursor(q.before);
    conds.push(sql`(${incidents.reportedAt}, ${incidents.id}) < (${c.at}, ${c.id})`);
  }
  const limit = q.limit ?? 50;
  const rows = await ctx.db
    .select()
    .from(incidents)
    .where(and(...conds.filter(Boolean)))
    .orderBy(desc(incidents.reportedAt), desc(incidents.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const now = Date.now();
  const events = await eventsOf(ctx.db, page.map((r) => r.id));
  const names = await namesFor(ctx.db, page);
  return {
    items: page.map((r) => summary(ctx, r, names, clocksFor(ctx, events.get(r.id) ?? [], now), now)),
    next: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
  };
}

export async function getIncident(ctx: AppContext, caller: Caller, id: string): Promise<s.IncidentDetail> {
  return detail(ctx, ctx.db, caller, id);
}

// ---------------------------------------------------------------------------------------------------------------
// Changes
// ---------------------------------------------------------------------------------------------------------------

/** Next reference of a yearly series (INC-2026-0042), claimed in the transaction. */
export async function nextRef(tx: DbOrTx, prefix: string, at: Date): Promise<string> {
  const year = Number(formatInstant(at).slice(0, 4));
  const [row] = await tx
    .insert(refCounters)
    .values({ prefix, year, value: 1 })
    .onConflictDoUpdate({ target: [refCounters.prefix, refCounters.year], set: { value: sql`${refCounters.value} + 1` } })
    .returning({ value: refCounters.value });
  return `${prefix}-${year}-${String(row!.value).padStart(4, '0')}`;
}

function requireCategory(ctx: AppContext, key: string, field = 'body.category'): void {
  if (!ctx.policy.policy.incidentCategories[key]) {
    throw problems.invalidField(field, `unknown category "${key}"; the policy has ${Object.keys(ctx.policy.policy.incidentCategories).join(', ')}`);
  }
}

function knownComponents(ctx: AppContext): Set<string> {
  const ids = new Set<string>();
  for (const cls of Object.values(ctx.policy.policy.componentClasses)) for (const c of cls.components) ids.add(c.id);
  return ids;
}
function requireComponents(ctx: AppContext, list: string[] | undefined): void {
  if (!list) return;
  const known = knownComponents(ctx);
  const bad = list.filter((c) => !known.has(c));
  if (bad.length) throw problems.invalidField('body.components', `unknown component ${bad.map((b) => `"${b}"`).join(', ')}; known: ${[...known].join(', ')}`);
}

async function requireServices(tx: DbOrTx, caller: Caller, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const rows = await tx.select({ id: services.id, orgId: services.orgId }).from(services).where(inArray(services.id, ids));
  const found = new Map(rows.map((r) => [r.id, r.orgId]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw problems.invalidField('body.serviceIds', `unknown service ${missing.join(', ')}`);
  // A service owner names only its own services; vendors and operators may name any (they report what they see).
  if (isServiceOwner(caller) && ids.some((id) => found.get(id) !== caller.active!.orgId)) {
    throw problems.invalidField('body.serviceIds', 'a service owner can only name its own services');
  }
}

async function setServices(tx: DbOrTx, incidentId: string, ids: string[]): Promise<void> {
  await tx.delete(incidentServices).where(eq(incidentServices.incidentId, incidentId));
  if (ids.length) await tx.insert(incidentServices).values(ids.map((serviceId) => ({ incidentId, serviceId })));
}

interface EventInput {
  type: string;
  at?: Date;
  data?: Record<string, unknown>;
  reason?: string | null;
  body?: string | null;
  visibility?: Visibility;
}

async function addEvent(tx: DbOrTx, caller: Caller | null, incidentId: string, e: EventInput): Promise<void> {
  await tx.insert(incidentEvents).values({
    incidentId,
    at: e.at ?? new Date(),
    type: e.type,
    data: e.data ?? {},
    reason: e.reason ?? null,
    body: e.body ?? null,
    visibility: e.visibility ?? 'internal',
    actorUserId: caller?.user.id ?? null,
    actorOrgId: caller?.active?.orgId ?? null,
  });
}

/**
 * Publishes an incident event (CloudEvent, src/platform/events) in the change's transaction. It belongs to the
 * reporting organisation (operators see it too); an incident reported for an external address only to operators.
 * Data shapes: src/platform/notify/catalogue.ts.
 */
async function publishIncident(ctx: AppContext, tx: DbOrTx, inc: IncidentRow, type: 'created' | 'state' | 'resolved', data: Record<string, unknown>): Promise<void> {
  let subject: string | null = null;
  if (inc.reporterOrgId) {
    const [o] = await tx.select({ orgNumber: organisations.orgNumber }).from(organisations).where(eq(organisations.id, inc.reporterOrgId));
    if (o) subject = `/org/${o.orgNumber}`;
  }
  await publishEvent(tx, ctx, {
    type: `no.samsvar.incident.${type}`,
    resource: `urn:samsvar:incident:${inc.id}`,
    subject,
    source: '/api/v1/incidents',
    orgId: inc.reporterOrgId,
    visibility: inc.reporterOrgId ? 'org' : 'operators',
    data: { ref: inc.ref, title: inc.title, category: inc.category, reporterOrgId: inc.reporterOrgId, reporterUserId: inc.reporterUserId, ...data },
  });
}

/**
 * The frame of every change: lock the incident, apply, append, re-derive the clocks, audit; after commit schedule
 * the alert jobs and kick the mail worker. Answers with the caller's view.
 */
async function change(
  ctx: AppContext,
  caller: Caller,
  id: string,
  apply: (tx: DbOrTx, inc: IncidentRow, now: Date) => Promise<{ action: string; details?: Record<string, unknown> } | null>,
): Promise<s.IncidentDetail> {
  let next: number | null = null;
  await ctx.db.transaction(async (tx) => {
    const inc = await loadVisible(tx, caller, id, true);
    const now = new Date();
    const done = await apply(tx, inc, now);
    if (!done) return;
    await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, id));
    await syncIncidentStatus(ctx, tx, id, { publicChange: isPublicChange(done), at: now });
    // Computed after every event of the change is written (their times are ≤ this).
    const clocks = await refreshClocks(ctx, tx, id, Date.now());
    next = clocks.nextThresholdAt;
    await appendAudit(tx, { actor: actorOf(caller), orgId: inc.reporterOrgId, action: `incident.${done.action}`, targetType: 'incident', targetId: id, details: { ref: inc.ref, ...done.details } });
  });
  await afterIncidentChange(ctx, id, next);
  return detail(ctx, ctx.db, caller, id);
}

/** Changes the status page shows for a published incident (a public update, its status, title, components, impact). */
function isPublicChange(done: { action: string; details?: Record<string, unknown> }): boolean {
  if (done.action === 'note') return done.details?.visibility === 'public';
  return ['state', 'reopen', 'edit'].includes(done.action);
}

export async function reportIncident(ctx: AppContext, caller: Caller, body: s.ReportBody): Promise<s.IncidentDetail> {
  requireCategory(ctx, body.category);
  requireComponents(ctx, body.components);
  const op = isOperator(caller);
  for (const f of ['reportedAt', 'reporterOrgId', 'reporterEmail', 'reporterName', 'impact'] as const) {
    if (body[f] !== undefined && !op) throw problems.invalidField(`body.${f}`, 'only operators may set this (they report on behalf of others)');
  }
  const now = new Date();
  let reportedAt = now;
  if (body.reportedAt) {
    reportedAt = new Date(body.reportedAt);
    if (reportedAt.getTime() > now.getTime() + 60_000) throw problems.invalidField('body.reportedAt', 'cannot be in the future');
    if (reportedAt.getTime() < now.getTime() - 31 * 86_400_000) throw problems.invalidField('body.reportedAt', 'at most 31 days back; older incidents are imported, not reported');
  }
  let next: number | null = null;
  const id = await ctx.db.transaction(async (tx) => {
    await requireServices(tx, caller, body.serviceIds);
    let reporterOrgId = caller.active?.orgId ?? null;
    let reporterUserId: string | null = caller.user.id;
    if (op && (body.reporterOrgId || body.reporterEmail)) {
      reporterUserId = null;
      reporterOrgId = body.reporterOrgId ?? null;
      if (reporterOrgId) {
        const [o] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, reporterOrgId));
        if (!o) throw problems.invalidField('body.reporterOrgId', 'unknown organisation');
      }
    }
    const ref = await nextRef(tx, 'INC', reportedAt);
    const [row] = await tx
      .insert(incidents)
      .values({
        ref,
        title: body.title.trim(),
        description: body.description ?? '',
        category: body.category,
        state: 'new',
        reportedAt,
        reporterUserId,
        reporterOrgId,
        reporterEmail: body.reporterEmail?.toLowerCase() ?? null,
        reporterName: body.reporterName ?? null,
        components: body.components ?? [],
        impact: body.impact ?? null,
        createdBy: caller.user.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const inc = row!;
    await setServices(tx, inc.id, body.serviceIds ?? []);
    await addEvent(tx, caller, inc.id, { type: 'reported', at: reportedAt, data: { category: body.category }, visibility: 'shared' });
    await publishIncident(ctx, tx, inc, 'created', { actorUserId: caller.user.id });
    await syncIncidentStatus(ctx, tx, inc.id, { publicChange: false, at: reportedAt });
    const clocks = await refreshClocks(ctx, tx, inc.id, Date.now());
    next = clocks.nextThresholdAt;
    await appendAudit(tx, { actor: actorOf(caller), orgId: reporterOrgId, action: 'incident.report', targetType: 'incident', targetId: inc.id, details: { ref, category: body.category } });
    return inc.id;
  });
  await afterIncidentChange(ctx, id, next, { reported: true });
  return detail(ctx, ctx.db, caller, id);
}

export async function editIncident(ctx: AppContext, caller: Caller, id: string, body: Static<typeof s.EditBody>) {
  requireComponents(ctx, body.components);
  return change(ctx, caller, id, async (tx, inc) => {
    await requireServices(tx, caller, body.serviceIds);
    const set: Partial<IncidentRow> = {};
    if (body.title !== undefined) set.title = body.title.trim();
    if (body.description !== undefined) set.description = body.description;
    if (body.components !== undefined) set.components = body.components;
    if (body.impact !== undefined) {
      if (!canHandle(caller, inc)) throw problems.invalidField('body.impact', 'only those handling the incident set its impact on components');
      set.impact = body.impact;
    }
    if (Object.keys(set).length) await tx.update(incidents).set(set).where(eq(incidents.id, inc.id));
    if (body.serviceIds) await setServices(tx, inc.id, body.serviceIds);
    const fields = Object.keys(body);
    await addEvent(tx, caller, inc.id, { type: 'edited', data: { fields, before: { title: inc.title, components: inc.components, impact: inc.impact } } });
    return { action: 'edit', details: { fields } };
  });
}

export async function classify(ctx: AppContext, caller: Caller, id: string, body: Static<typeof s.CategoryBody>) {
  requireCategory(ctx, body.category);
  return change(ctx, caller, id, async (tx, inc) => {
    if (inc.category === body.category) throw problems.conflict(`The incident is already category ${body.category}.`);
    await tx.update(incidents).set({ category: body.category }).where(eq(incidents.id, inc.id));
    await addEvent(tx, caller, inc.id, { type: 'category', data: { from: inc.category, to: body.category }, reason: body.reason.trim(), visibility: 'shared' });
    return { action: 'classify', details: { from: inc.category, to: body.category, reason: body.reason } };
  });
}

const MOVES = INCIDENT_MOVES;

export async function changeState(ctx: AppContext, caller: Caller, id: string, body: Static<typeof s.StateBody>) {
  let resolved = false;
  const result = await change(ctx, caller, id, async (tx, inc, now) => {
    requireHandler(caller, inc);
    const from = inc.state as IncidentState;
    const to = body.state;
    if (from === to) throw problems.conflict(`The incident is already ${to}.`);
    if (!MOVES[from].includes(to)) {
      throw new HttpProblem(409, 'invalid-transition', `An incident cannot go from ${from} to ${to}; from ${from} it can go to ${MOVES[from].join(', ')}.`, { extensions: { allowed: MOVES[from] } });
    }
    const reopen = DONE_STATES.includes(from) && OPEN_STATES.includes(to);
    if (reopen && !body.reason?.trim()) throw problems.invalidField('body.reason', 'reopening an incident needs a reason');
    const set: Partial<IncidentRow> = { state: to };
    if (from === 'new' && !inc.respondedAt) set.respondedAt = now;
    if (to === 'resolved') set.resolvedAt = now;
    if (to === 'closed') set.closedAt = now;
    if (reopen) Object.assign(set, { resolvedAt: null, closedAt: null });
    await tx.update(incidents).set(set).where(eq(incidents.id, inc.id));
    await addEvent(tx, caller, inc.id, {
      type: 'state',
      at: now,
      data: { from, to, ...(reopen ? { reopen: true } : {}) },
      body: body.message ?? null,
      reason: body.reason ?? null,
      visibility: body.visibility ?? (body.message ? 'shared' : 'shared'),
    });
    const shared = body.message && (body.visibility ?? 'shared') !== 'internal' ? body.message : null;
    if (to === 'resolved') {
      await feedbackToReporter(ctx, tx, { ...inc, ...set } as IncidentRow, body.message ?? null, now);
      await publishIncident(ctx, tx, inc, 'resolved', { resolvedAt: now.toISOString(), message: shared, actorUserId: caller.user.id });
      resolved = true;
    } else {
      await publishIncident(ctx, tx, inc, 'state', { from, to, message: shared, actorUserId: caller.user.id });
    }
    return { action: reopen ? 'reopen' : 'state', details: { from, to } };
  });
  if (resolved) await ctx.mail.kick();
  return result;
}

export async function respond(ctx: AppContext, caller: Caller, id: string, body: Static<typeof s.RespondBody>) {
  return change(ctx, caller, id, async (tx, inc, now) => {
    requireHandler(caller, inc);
    if (inc.respondedAt) throw problems.conflict('Work on this incident has already started.');
    await tx.update(incidents).set({ respondedAt: now }).where(eq(incidents.id, inc.id));
    await addEvent(tx, caller, inc.id, { type: 'responded', at: now, body: body.message ?? null, visibility: 'shared' });
    return { action: 'respond' };
  });
}

export async function assign(ctx: AppContext, caller: Caller, id: string, body: Static<typeof s.AssignBody>) {
  return change(ctx, caller, id, async (tx, inc) => {
    const set: Partial<IncidentRow> = {};
    if (body.userId !== undefined) {
      if (body.userId) {
        const ok = await tx
          .select({ id: users.id })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(and(eq(memberships.userId, body.userId), inArray(memberships.role, [...OPERATOR_ROLES]), eq(users.disabled, false)));
        if (!ok.length) throw problems.invalidField('body.userId', 'the assignee must be an active operator agent or admin');
      }
      set.assigneeUserId = body.userId;
    }
    if (body.orgId !== undefined) {
      if (body.orgId) {
        const [o] = await tx.select({ kinds: organisations.kinds }).from(organisations).where(eq(organisations.id, body.orgId));
        if (!o) throw problems.invalidField('body.orgId', 'unknown organisation');
        if (!o.kinds.includes('serviceOwner')) throw problems.invalidField('body.orgId', 'incidents are assigned to service owners (S-7.3.3), not to other kinds of organisation');
      }
      set.assigneeOrgId = body.orgId;
    }
    await tx.update(incidents).set(set).where(eq(incidents.id, inc.id));
    await addEvent(tx, caller, inc.id, {
      type: 'assigned',
      data: { userId: set.assigneeUserId ?? inc.assigneeUserId, orgId: set.assigneeOrgId ?? inc.assigneeOrgId, fromUserId: inc.assigneeUserId, fromOrgId: inc.assigneeOrgId },
      visibility: 'internal',
    });
    return { action: 'assign', details: { userId: set.assigneeUserId, orgId: set.assigneeOrgId } };
  });
}

export async function setWorkaround(ctx: AppContext, caller: Caller, id: string, body: Static<typeof s.WorkaroundBody>) {
  return change(ctx, caller, id, async (tx, inc, now) => {
    requireHandler(caller, inc);
    if (DONE_STATES.includes(inc.state as IncidentState)) throw problems.conflict('The incident is resolved; reopen it first.');
    if (inc.workaround === body.inPlace) throw problems.conflict(body.inPlace ? 'A workaround is already recorded.' : 'There is no workaround to withdraw.');
    if (body.inPlace && !body.description?.trim()) throw problems.invalidField('body.description', 'describe the workaround (it is shared with the reporter)');
    await tx.update(incidents).set({ workaround: body.inPlace, workaroundText: body.inPlace ? body.description!.trim() : inc.workaroundText }).where(eq(incidents.id, inc.id));
    await addEvent(tx, caller, inc.id, { type: 'workaround', at: now, data: { on: body.inPlace }, body: body.description ?? null, visibility: 'shared' });
    return { action: 'workaround', details: { on: body.inPlace } };
  });
}

export async function hold(ctx: AppContext, caller: Caller, id: string, body: Static<typeof s.HoldBody>) {
  return change(ctx, caller, id, async (tx, inc, now) => {
    requireHandler(caller, inc);
    const rows = (await eventsOf(tx, [inc.id])).get(inc.id) ?? [];
    let open = false;
    for (const r of rows) if ((r.type === 'hold' || r.type === 'release') && (r.data as any).reason === body.reason) open = r.type === 'hold';
    if (open === body.on) throw problems.conflict(body.on ? `The incident is already on hold (${body.reason}).` : `The incident is not on hold (${body.reason}).`);
    await addEvent(tx, caller, inc.id, { type: body.on ? 'hold' : 'release', at: now, data: { reason: body.reason }, body: body.message ?? null, visibility: 'shared' });
    return { action: body.on ? 'hold' : 'release', details: { reason: body.reason } };
  });
}

export async function addNote(ctx: AppContext, caller: Caller, id: string, body: Static<typeof s.NoteBody>) {
  return change(ctx, caller, id, async (tx, inc) => {
    const can = permissions(caller, inc);
    const allowed = body.visibility === 'internal' ? can.noteInternal : body.visibility === 'public' ? can.notePublic : can.noteShared;
    if (!allowed) throw problems.forbidden(`You may not add ${body.visibility} notes to this incident; reporters add shared notes.`);
    await addEvent(tx, caller, inc.id, { type: body.visibility === 'public' ? 'update' : 'note', body: body.body.trim(), visibility: body.visibility });
    return { action: 'note', details: { visibility: body.visibility } };
  });
}

export async function link(ctx: AppContext, caller: Caller, id: string, body: Static<typeof s.LinkBody>) {
  return change(ctx, caller, id, async (tx, inc) => {
    if (body.incidentId === inc.id) throw problems.invalidField('body.incidentId', 'an incident cannot be linked to itself');
    const [other] = await tx.select({ id: incidents.id, ref: incidents.ref }).from(incidents).where(eq(incidents.id, body.incidentId));
    if (!other) throw problems.invalidField('body.incidentId', 'unknown incident');
    const existing = await tx
      .select()
      .from(incidentLinks)
      .where(or(and(eq(incidentLinks.fromId, inc.id), eq(incidentLinks.toId, other.id)), and(eq(incidentLinks.fromId, other.id), eq(incidentLinks.toId, inc.id))));
    if (existing.length) throw problems.conflict(`${inc.ref} and ${other.ref} are already linked.`);
    await tx.insert(incidentLinks).values({ fromId: inc.id, toId: other.id, kind: body.kind, createdBy: caller.user.id });
    await addEvent(tx, caller, inc.id, { type: 'link', data: { incidentId: other.id, ref: other.ref, kind: body.kind } });
    return { action: 'link', details: { other: other.ref, kind: body.kind } };
  });
}

export async function unlink(ctx: AppContext, caller: Caller, id: string, otherId: string) {
  return change(ctx, caller, id, async (tx, inc) => {
    const removed = await tx
      .delete(incidentLinks)
      .where(or(and(eq(incidentLinks.fromId, inc.id), eq(incidentLinks.toId, otherId)), and(eq(incidentLinks.fromId, otherId), eq(incidentLinks.toId, inc.id))))
      .returning();
    if (!removed.length) throw problems.notFound('The link');
    await addEvent(tx, caller, inc.id, { type: 'unlink', data: { incidentId: otherId } });
    return { action: 'unlink', details: { other: otherId } };
  });
}
