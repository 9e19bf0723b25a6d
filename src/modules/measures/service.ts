/**
 * Measures (T-1.2.8, T-7.1, T-7.2, S-7.3.5, S-7.3.8, S-7.3.9): operators apply and lift them with a reason and an
 * optional link to an incident or a deviation case; each write is audited, wakes every gateway node
 * (`notifyChange(tx, 'measures')`) and is published as `no.samsvar.measure.applied` / `.lifted` to the organisation
 * it is about (and operators). Digdir's staff see every measure; a vendor or service owner sees the measures about
 * its own organisation (another organisation's measure is 404).
 */
import { and, desc, eq, gt, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { appendAudit, type AuditActor } from '../../platform/audit/index.ts';
import { authTables, CROSS_TENANT_ROLES, OPERATOR_ROLES, type Caller } from '../../platform/auth/index.ts';
import { notifyChange } from '../../platform/changes/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { problems } from '../../platform/http/problem.ts';
import { deviationCases } from '../deviations/tables.ts';
import { incidents } from '../incidents/tables.ts';
import { services } from '../registry/tables.ts';
import { DEFAULT_CLAUSE, type ApplyBody, type ListQuery, type MeasureKind, type MeasureState, type MeasureView } from './schemas.ts';
import { measures, type MeasureRow } from './tables.ts';

/** The change topic every gateway node listens on. */
export const MEASURES_TOPIC = 'measures';
const { organisations } = authTables;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const VENDOR_KINDS: readonly MeasureKind[] = ['throttle', 'suspend', 'disconnect'];

export function actorOf(caller: Caller | null | undefined): AuditActor {
  return caller ? { userId: caller.user.id, label: caller.user.email } : { label: 'system' };
}
const isStaff = (caller: Caller | null | undefined) => Boolean(caller?.active && CROSS_TENANT_ROLES.includes(caller.active.role));
const isOperator = (caller: Caller | null | undefined) => Boolean(caller?.active && OPERATOR_ROLES.includes(caller.active.role));

/** The state of a measure at `now`. */
export function stateOf(m: Pick<MeasureRow, 'liftedAt' | 'startsAt' | 'endsAt'>, now = Date.now()): MeasureState {
  if (m.liftedAt) return 'lifted';
  if (m.endsAt && m.endsAt.getTime() <= now) return 'ended';
  if (m.startsAt.getTime() > now) return 'scheduled';
  return 'active';
}

/** Measures not lifted and not yet ended (in force or scheduled). */
export const notOverSql = (now: Date): SQL => and(isNull(measures.liftedAt), or(isNull(measures.endsAt), gt(measures.endsAt, now)))!;

const orgAlias = alias(organisations, 'measure_org');
const vendorAlias = alias(organisations, 'measure_vendor');

function selectViews(db: DbOrTx) {
  return db
    .select({
      m: measures,
      org: { id: orgAlias.id, orgNumber: orgAlias.orgNumber, name: orgAlias.name },
      vendor: { id: vendorAlias.id, orgNumber: vendorAlias.orgNumber, name: vendorAlias.name },
      incident: { id: incidents.id, ref: incidents.ref, title: incidents.title },
      deviationCase: { id: deviationCases.id, ref: deviationCases.ref, title: deviationCases.title },
    })
    .from(measures)
    .leftJoin(orgAlias, eq(orgAlias.id, measures.orgId))
    .leftJoin(vendorAlias, eq(vendorAlias.id, measures.vendorOrgId))
    .leftJoin(incidents, eq(incidents.id, measures.incidentId))
    .leftJoin(deviationCases, eq(deviationCases.id, measures.deviationCaseId));
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof selectViews>['execute']>>[number];

function present(r: ViewRow, now = Date.now()): MeasureView {
  const m = r.m;
  return {
    id: m.id,
    kind: m.kind as MeasureKind,
    state: stateOf(m, now),
    clause: m.clause,
    org: r.org?.id ? r.org : null,
    vendor: r.vendor?.id ? r.vendor : null,
    product: m.product,
    route: m.routeId,
    app: m.appOrg && m.appName ? { org: m.appOrg, app: m.appName } : null,
    environment: m.environment as MeasureView['environment'],
    rate: m.rateRequests && m.ratePerSeconds ? { requests: m.rateRequests, perSeconds: m.ratePerSeconds } : null,
    reason: m.reason,
    incident: r.incident?.id ? r.incident : null,
    deviationCase: r.deviationCase?.id ? r.deviationCase : null,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt?.toISOString() ?? null,
    appliedAt: m.appliedAt.toISOString(),
    appliedBy: m.appliedByName,
    liftedAt: m.liftedAt?.toISOString() ?? null,
    liftedBy: m.liftedByName,
    liftReason: m.liftReason,
  };
}

/** Who may see which measures: staff every one; others those about their active organisation. */
function visibleWhere(caller: Caller): SQL | undefined {
  if (isStaff(caller)) return undefined;
  const orgId = caller.active?.orgId;
  if (!orgId) return sql`false`;
  return eq(measures.orgId, orgId);
}

export async function listMeasures(ctx: AppContext, caller: Caller, q: ListQuery): Promise<MeasureView[]> {
  const now = new Date();
  const conds: (SQL | undefined)[] = [visibleWhere(caller)];
  if ((q.state ?? 'active') === 'active') conds.push(notOverSql(now));
  if (q.org) conds.push(eq(measures.orgId, q.org));
  const rows = await selectViews(ctx.db)
    .where(and(...conds))
    .orderBy(desc(measures.appliedAt))
    .limit(q.limit ?? 200);
  return rows.map((r) => present(r, now.getTime()));
}

async function loadVisible(db: DbOrTx, caller: Caller, id: string): Promise<ViewRow> {
  const [r] = await selectViews(db).where(and(eq(measures.id, id), visibleWhere(caller)));
  if (!r) throw problems.notFound('The measure');
  return r;
}

export async function getMeasure(ctx: AppContext, caller: Caller, id: string): Promise<MeasureView> {
  return present(await loadVisible(ctx.db, caller, id));
}

/** An incident or deviation case by id or reference; 400 naming the field when there is none. */
async function resolveLink(tx: DbOrTx, table: typeof incidents | typeof deviationCases, value: string | undefined, field: string): Promise<string | null> {
  if (!value) return null;
  const where = UUID.test(value) ? eq(table.id, value) : eq(table.ref, value.toUpperCase());
  const [row] = await tx.select({ id: table.id }).from(table).where(where);
  if (!row) throw problems.invalidField(field, `no ${field === 'body.incident' ? 'incident' : 'deviation case'} "${value}"`);
  return row.id;
}

interface Target {
  orgId: string | null;
  vendorOrgId: string | null;
  product: string | null;
  routeId: string | null;
  appOrg: string | null;
  appName: string | null;
  serviceId: string | null;
}

/** Checks the body against its kind and resolves what the measure is about. */
async function resolveTarget(ctx: AppContext, tx: DbOrTx, b: ApplyBody): Promise<Target> {
  const products = ctx.policy.policy.products ?? {};
  const refuse = (field: string, msg: string) => {
    throw problems.invalidField(`body.${field}`, msg);
  };
  const needs = (field: keyof ApplyBody, yes: boolean) => {
    if (yes && b[field] === undefined) refuse(field, `is required for a ${b.kind} measure`);
    if (!yes && b[field] !== undefined) refuse(field, `does not apply to a ${b.kind} measure`);
  };
  needs('rate', b.kind === 'throttle');
  needs('app', b.kind === 'stop-app');
  if (b.kind === 'block-route') needs('route', true);
  else if (b.kind !== 'throttle') needs('route', false);
  if (b.kind === 'throttle' && b.route !== undefined) needs('product', true);
  if (VENDOR_KINDS.includes(b.kind)) needs('vendor', true);
  if (b.kind === 'stop-app') needs('vendor', false);
  if (b.kind === 'disconnect' && b.endsAt) refuse('endsAt', 'a disconnection holds until it is lifted; suspend the vendor for a temporary measure');
  if (b.kind === 'suspend' || b.kind === 'disconnect' || b.kind === 'stop-app') needs('product', false);
  if (b.kind === 'block-route') needs('product', true);
  if (b.product !== undefined && !products[b.product]?.routes?.length) refuse('product', `unknown product "${b.product}"; the catalogue has ${Object.keys(products).join(', ')}`);

  let vendorOrgId: string | null = null;
  if (b.vendor) {
    const [v] = await tx.select({ id: organisations.id, kinds: organisations.kinds }).from(organisations).where(eq(organisations.orgNumber, b.vendor));
    if (!v || !v.kinds.includes('vendor')) refuse('vendor', `no vendor with organisation number ${b.vendor}`);
    vendorOrgId = v!.id;
  }
  let routeId: string | null = null;
  if (b.route !== undefined) {
    const route = b.route.trim().replace(/\s+/, ' ');
    if (!(products[b.product!]?.routes ?? []).some((r) => `${r.method} ${r.path}` === route)) refuse('route', `"${route}" is not a route of ${b.product}`);
    routeId = route;
  }
  let appOrg: string | null = null;
  let appName: string | null = null;
  let serviceId: string | null = null;
  let ownerOrgId: string | null = null;
  if (b.app) {
    const [svc] = await tx.select({ id: services.id, orgId: services.orgId }).from(services).where(eq(services.resourceId, `urn:altinn:resource:app_${b.app.org}_${b.app.app}`));
    if (!svc) refuse('app', `no registered app ${b.app.org}/${b.app.app} (service urn:altinn:resource:app_${b.app.org}_${b.app.app})`);
    appOrg = b.app.org;
    appName = b.app.app;
    serviceId = svc!.id;
    ownerOrgId = svc!.orgId;
  }
  return {
    orgId: b.kind === 'stop-app' ? ownerOrgId : vendorOrgId,
    vendorOrgId,
    product: b.kind === 'stop-app' ? 'apps' : (b.product ?? null),
    routeId,
    appOrg,
    appName,
    serviceId,
  };
}

async function announce(ctx: AppContext, tx: DbOrTx, what: 'applied' | 'lifted', id: string): Promise<ViewRow> {
  const [r] = await selectViews(tx).where(eq(measures.id, id));
  const v = present(r!);
  await notifyChange(tx, MEASURES_TOPIC, id);
  await publishEvent(tx, ctx, {
    type: `no.samsvar.measure.${what}`,
    resource: `urn:samsvar:measure:${id}`,
    subject: v.org ? `/org/${v.org.orgNumber}` : null,
    source: '/api/v1/measures',
    orgId: r!.m.orgId,
    visibility: r!.m.orgId ? 'org' : 'operators',
    data: {
      id,
      kind: v.kind,
      clause: v.clause,
      vendor: v.vendor?.orgNumber ?? null,
      product: v.product,
      route: v.route,
      app: v.app,
      environment: v.environment,
      rate: v.rate,
      reason: v.reason,
      endsAt: v.endsAt,
      incident: v.incident?.ref ?? null,
      deviationCase: v.deviationCase?.ref ?? null,
      ...(what === 'lifted' ? { liftReason: v.liftReason } : {}),
    },
  });
  return r!;
}

/** Who applies or lifts a measure: an operator, or Samsvar itself (userId null). */
export interface MeasureActor {
  userId: string | null;
  name: string;
  actor: AuditActor;
}

export async function applyMeasure(ctx: AppContext, caller: Caller, b: ApplyBody, now = new Date()): Promise<MeasureView> {
  if (!isOperator(caller)) throw problems.forbidden('Only Digdir operators apply measures.');
  const row = await ctx.db.transaction((tx) => insertMeasure(ctx, tx, b, { userId: caller.user.id, name: caller.user.name, actor: actorOf(caller) }, now));
  return present(row);
}

/**
 * A measure Samsvar applies itself, inside the caller's transaction — the throttle of polling escalation's third
 * step (T-1.2.4), after the warning and its deadline. Validated, audited and announced like an operator's.
 */
export async function applySystemMeasure(ctx: AppContext, tx: DbOrTx, b: ApplyBody, by: MeasureActor, now = new Date()): Promise<MeasureView> {
  return present(await insertMeasure(ctx, tx, b, by, now));
}

/** Lifts a measure Samsvar applied (or any) inside the caller's transaction; false when it was no longer in force. */
export async function liftSystemMeasure(ctx: AppContext, tx: DbOrTx, id: string, by: MeasureActor, reason: string, now = new Date()): Promise<boolean> {
  const r = await lift(ctx, tx, id, by, reason, now);
  return typeof r !== 'string';
}

async function insertMeasure(ctx: AppContext, tx: DbOrTx, b: ApplyBody, by: MeasureActor, now: Date): Promise<ViewRow> {
  let endsAt: Date | null = null;
  if (b.endsAt) {
    endsAt = new Date(b.endsAt);
    if (Number.isNaN(endsAt.getTime()) || endsAt <= now) throw problems.invalidField('body.endsAt', 'must be in the future');
  }
  const t = await resolveTarget(ctx, tx, b);
  const incidentId = await resolveLink(tx, incidents, b.incident, 'body.incident');
  const deviationCaseId = await resolveLink(tx, deviationCases, b.deviationCase, 'body.deviationCase');
  const [m] = await tx
    .insert(measures)
    .values({
      kind: b.kind,
      ...t,
      environment: b.environment ?? 'both',
      rateRequests: b.rate?.requests ?? null,
      ratePerSeconds: b.rate?.perSeconds ?? null,
      reason: b.reason.trim(),
      clause: b.clause ?? DEFAULT_CLAUSE[b.kind],
      incidentId,
      deviationCaseId,
      startsAt: now,
      endsAt,
      appliedBy: by.userId,
      appliedByName: by.name,
      appliedAt: now,
    })
    .returning();
  await appendAudit(tx, {
    actor: by.actor,
    orgId: m!.orgId,
    action: 'measure.apply',
    targetType: 'measure',
    targetId: m!.id,
    after: { kind: m!.kind, clause: m!.clause, vendorOrgId: m!.vendorOrgId, product: m!.product, route: m!.routeId, app: t.appOrg ? `${t.appOrg}/${t.appName}` : null, environment: m!.environment, rate: b.rate ?? null, endsAt: m!.endsAt },
    details: { reason: m!.reason, incidentId, deviationCaseId },
  });
  return announce(ctx, tx, 'applied', m!.id);
}

export async function liftMeasure(ctx: AppContext, caller: Caller, id: string, reason: string, now = new Date()): Promise<MeasureView> {
  if (!isOperator(caller)) throw problems.forbidden('Only Digdir operators lift measures.');
  const row = await ctx.db.transaction(async (tx) => {
    const r = await lift(ctx, tx, id, { userId: caller.user.id, name: caller.user.name, actor: actorOf(caller) }, reason, now);
    if (r === 'missing') throw problems.notFound('The measure');
    if (typeof r === 'string') throw problems.conflict(`The measure is already ${r}.`);
    return r;
  });
  return present(row);
}

async function lift(ctx: AppContext, tx: DbOrTx, id: string, by: MeasureActor, reason: string, now: Date): Promise<ViewRow | 'missing' | MeasureState> {
  const [before] = await tx.select().from(measures).where(eq(measures.id, id)).for('update');
  if (!before) return 'missing';
  const st = stateOf(before, now.getTime());
  if (st === 'lifted' || st === 'ended') return st;
  await tx.update(measures).set({ liftedAt: now, liftedBy: by.userId, liftedByName: by.name, liftReason: reason.trim() }).where(eq(measures.id, id));
  await appendAudit(tx, { actor: by.actor, orgId: before.orgId, action: 'measure.lift', targetType: 'measure', targetId: id, before: { state: st }, after: { state: 'lifted' }, details: { reason: reason.trim(), kind: before.kind } });
  return announce(ctx, tx, 'lifted', id);
}

/**
 * T-1.2.8: a measure tied to an incident is lifted when the incident is resolved. Lifts every open measure whose
 * incident is resolved or closed (audited as Samsvar, announced like an operator's lift); returns how many.
 */
export async function liftForResolvedIncidents(ctx: AppContext, now = new Date()): Promise<number> {
  const due = await ctx.db
    .select({ id: measures.id, ref: incidents.ref })
    .from(measures)
    .innerJoin(incidents, eq(incidents.id, measures.incidentId))
    .where(and(notOverSql(now), sql`${incidents.state} in ('resolved', 'closed')`));
  let n = 0;
  for (const d of due) {
    const r = await ctx.db.transaction((tx) =>
      lift(ctx, tx, d.id, { userId: null, name: 'Samsvar', actor: { label: 'system:measures' } }, `Hendelsen ${d.ref} er løst. / Incident ${d.ref} is resolved.`, now),
    );
    if (typeof r !== 'string') n++;
  }
  return n;
}

/** Every measure not lifted and not ended, for the gateway's snapshot (one query, off the hot path). */
export async function loadOpenMeasures(db: DbOrTx, now = new Date()) {
  return selectViews(db).where(notOverSql(now));
}
export type OpenMeasure = Awaited<ReturnType<typeof loadOpenMeasures>>[number];

/** What the apply form offers: the catalogue's products with their route ids, the vendors and the registered apps. */
export async function measureOptions(ctx: AppContext) {
  const products = Object.entries(ctx.policy.policy.products ?? {})
    .filter(([, p]) => p.routes?.length)
    .map(([key, p]) => ({ key, name: p.name, routes: (p.routes ?? []).map((r) => `${r.method} ${r.path}`) }));
  const vendors = await ctx.db
    .select({ id: organisations.id, orgNumber: organisations.orgNumber, name: organisations.name })
    .from(organisations)
    .where(sql`'vendor' = any(${organisations.kinds})`)
    .orderBy(organisations.name);
  const apps = (
    await ctx.db
      .select({ resourceId: services.resourceId, name: services.name, owner: organisations.name })
      .from(services)
      .innerJoin(organisations, eq(organisations.id, services.orgId))
      .where(sql`${services.resourceId} like 'urn:altinn:resource:app\\_%'`)
      .orderBy(services.resourceId)
  ).flatMap((r) => {
    const m = /^urn:altinn:resource:app_([a-z0-9]+)_([a-z0-9][a-z0-9-]*)$/.exec(r.resourceId);
    return m ? [{ org: m[1]!, app: m[2]!, name: r.name, owner: r.owner }] : [];
  });
  return { products, vendors, apps };
}
