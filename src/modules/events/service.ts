/**
 * The event hub's HTTP-facing queries (T-1.2.4, T-2.5): who may see which subscription, the Altinn-shaped
 * subscription view with its delivery counts, deliveries and attempts with cursors, and the dead letters across an
 * organisation's subscriptions. Creating, deleting, signing, delivering and replaying are the core's
 * (src/platform/events); this file only reads the tables and decides visibility.
 */
import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { authTables, isCrossTenant, OPERATOR_ROLES, type Caller } from '../../platform/auth/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { deliveries, deliveryAttempts, events, subscriptions } from '../../platform/events/tables.ts';
import { VALIDATION_EVENT_TYPE } from '../../platform/events/types.ts';
import { HttpProblem, problems } from '../../platform/http/problem.ts';
import type * as s from './schemas.ts';

const { organisations } = authTables;

export type SubscriptionRow = typeof subscriptions.$inferSelect;
type DeliveryRow = typeof deliveries.$inferSelect;

// ---------------------------------------------------------------------------------------------------------------
// Who the caller is
// ---------------------------------------------------------------------------------------------------------------

/** The organisation the caller acts for (every role has one; a token is bound to one). */
export function activeOrg(caller: Caller): { orgId: string; orgNumber: string } {
  if (!caller.active) throw problems.forbidden('You are not a member of any organisation.');
  return { orgId: caller.active.orgId, orgNumber: caller.active.orgNumber };
}

/** Altinn's `consumer` of the caller's organisation. */
export function consumerOf(caller: Caller): string {
  return `/org/${activeOrg(caller).orgNumber}`;
}

/** Altinn's `createdBy`: the token when called with one (what a vendor's system is), else the user. */
export async function createdByOf(ctx: AppContext, caller: Caller): Promise<string> {
  if (caller.via === 'token' && caller.tokenId) {
    const [t] = await ctx.db
      .select({ prefix: authTables.apiTokens.prefix })
      .from(authTables.apiTokens)
      .where(eq(authTables.apiTokens.id, caller.tokenId));
    if (t) return `/token/${t.prefix}`;
  }
  return `/user/${caller.user.id}`;
}

/** Operators (admin, agent) manage every organisation's subscriptions; the auditor only reads them. */
export function isOperator(caller: Caller): boolean {
  return Boolean(caller.active && OPERATOR_ROLES.includes(caller.active.role));
}

// ---------------------------------------------------------------------------------------------------------------
// Subscriptions
// ---------------------------------------------------------------------------------------------------------------

/**
 * The subscription if the caller may see it: its own organisation's, or any for Digdir's staff. Another
 * organisation's (and a deleted one) is "not found" — existence is not revealed.
 */
export async function visibleSubscription(ctx: AppContext, caller: Caller, id: number): Promise<SubscriptionRow> {
  const [row] = await ctx.db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.id, id), isNull(subscriptions.deletedAt)));
  if (!row || (!isCrossTenant(caller) && row.orgId !== activeOrg(caller).orgId)) throw problems.notFound(`Subscription ${id}`);
  return row;
}

/** Like `visibleSubscription`, for changes: the owning organisation or an operator (never the auditor). */
export async function manageableSubscription(ctx: AppContext, caller: Caller, id: number): Promise<SubscriptionRow> {
  const row = await visibleSubscription(ctx, caller, id);
  if (row.orgId !== activeOrg(caller).orgId && !isOperator(caller)) throw problems.notFound(`Subscription ${id}`);
  return row;
}

/** Only the owning organisation may see or change the signing secret — not even operators. */
export async function ownSubscription(ctx: AppContext, caller: Caller, id: number): Promise<SubscriptionRow> {
  const row = await visibleSubscription(ctx, caller, id);
  if (row.orgId !== activeOrg(caller).orgId) {
    throw new HttpProblem(403, 'forbidden', 'Only the organisation that owns a subscription may see or rotate its signing secret.');
  }
  return row;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

async function countsFor(db: DbOrTx, ids: number[]): Promise<Map<number, { pending: number; dead: number }>> {
  const out = new Map<number, { pending: number; dead: number }>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({
      id: deliveries.subscriptionId,
      pending: sql<number>`count(*) filter (where ${deliveries.status} = 'pending')`.mapWith(Number),
      dead: sql<number>`count(*) filter (where ${deliveries.status} = 'dead')`.mapWith(Number),
    })
    .from(deliveries)
    .where(and(inArray(deliveries.subscriptionId, ids), inArray(deliveries.status, ['pending', 'dead'])))
    .groupBy(deliveries.subscriptionId);
  for (const r of rows) out.set(Number(r.id), { pending: r.pending, dead: r.dead });
  return out;
}

export function subscriptionView(row: SubscriptionRow, counts?: { pending: number; dead: number }, orgName?: string): s.Subscription {
  return {
    id: Number(row.id),
    endPoint: row.endPoint,
    sourceFilter: row.sourceFilter,
    resourceFilter: row.resourceFilter,
    subjectFilter: row.subjectFilter,
    typeFilter: row.typeFilter,
    consumer: row.consumer,
    createdBy: row.createdBy,
    created: row.createdAt.toISOString(),
    validated: row.validated,
    orgId: row.orgId,
    ...(orgName !== undefined ? { orgName } : {}),
    status: row.status === 'disabled' ? 'disabled' : 'active',
    validatedAt: iso(row.validatedAt),
    disabledReason: row.disabledReason,
    disabledAt: iso(row.disabledAt),
    failingSince: iso(row.failingSince),
    lastSuccessAt: iso(row.lastSuccessAt),
    pending: counts?.pending ?? 0,
    deadLetters: counts?.dead ?? 0,
  };
}

/** One subscription as the API shows it (with counts and the organisation's name). */
export async function viewOf(ctx: AppContext, row: SubscriptionRow): Promise<s.Subscription> {
  const counts = await countsFor(ctx.db, [Number(row.id)]);
  const [org] = await ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, row.orgId));
  return subscriptionView(row, counts.get(Number(row.id)), org?.name);
}

/**
 * The caller's organisation's subscriptions (Altinn: the consumer's), oldest first; Digdir's staff see every
 * organisation's, or one organisation's with `orgId`.
 */
export async function listVisibleSubscriptions(ctx: AppContext, caller: Caller, orgId?: string): Promise<s.Subscription[]> {
  const conds: SQL[] = [isNull(subscriptions.deletedAt)];
  if (isCrossTenant(caller)) {
    if (orgId) conds.push(eq(subscriptions.orgId, orgId));
  } else {
    const own = activeOrg(caller).orgId;
    if (orgId && orgId !== own) return [];
    conds.push(eq(subscriptions.orgId, own));
  }
  const rows = await ctx.db
    .select({ sub: subscriptions, orgName: organisations.name })
    .from(subscriptions)
    .innerJoin(organisations, eq(organisations.id, subscriptions.orgId))
    .where(and(...conds))
    .orderBy(subscriptions.id);
  const counts = await countsFor(
    ctx.db,
    rows.map((r) => Number(r.sub.id)),
  );
  return rows.map((r) => subscriptionView(r.sub, counts.get(Number(r.sub.id)), r.orgName));
}

// ---------------------------------------------------------------------------------------------------------------
// Deliveries and attempts
// ---------------------------------------------------------------------------------------------------------------

/** Opaque cursor over (createdAt, id) descending. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'querystring.before'): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const d = new Date(at ?? '');
  if (!id || Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) throw problems.invalidField(field, 'is not a cursor this API gave out');
  return { at: d, id };
}

const deliveryColumns = {
  d: deliveries,
  eventId: events.id,
  eventType: events.type,
  eventTime: events.time,
};
type DeliveryJoin = { d: DeliveryRow; eventId: string | null; eventType: string | null; eventTime: Date | null };

export function deliveryView(r: DeliveryJoin): s.Delivery {
  const d = r.d;
  const status = (['pending', 'delivered', 'dead', 'cancelled'] as const).find((x) => x === d.status) ?? 'pending';
  return {
    id: d.id,
    subscriptionId: Number(d.subscriptionId),
    eventSeq: d.eventSeq === null ? null : Number(d.eventSeq),
    eventId: r.eventId,
    eventType: r.eventType ?? VALIDATION_EVENT_TYPE,
    eventTime: iso(r.eventTime),
    status,
    attempts: d.attempts,
    nextAttemptAt: status === 'pending' ? iso(d.nextAttemptAt) : null,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    deliveredAt: iso(d.deliveredAt),
    createdAt: d.createdAt.toISOString(),
  };
}

function page<T extends { createdAt: string; id: string }>(items: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const more = items.length > limit;
  const shown = more ? items.slice(0, limit) : items;
  const last = shown[shown.length - 1];
  return { items: shown, nextCursor: more && last ? encodeCursor(new Date(last.createdAt), last.id) : null };
}

function beforeCond(cursor: string | undefined, field: string): SQL | undefined {
  if (!cursor) return undefined;
  const c = decodeCursor(cursor, field);
  return or(lt(deliveries.createdAt, c.at), and(eq(deliveries.createdAt, c.at), lt(deliveries.id, c.id)));
}

/** Every delivery of one subscription, newest first, with attempts, status and the last answer. */
export async function listSubscriptionDeliveries(ctx: AppContext, subscriptionId: number, q: s.DeliveriesQuery) {
  const limit = q.limit ?? 50;
  const cursor = q.before ?? q.cursor;
  const conds = [eq(deliveries.subscriptionId, subscriptionId), q.status ? eq(deliveries.status, q.status) : undefined, beforeCond(cursor, q.before ? 'querystring.before' : 'querystring.cursor')];
  const rows = await ctx.db
    .select(deliveryColumns)
    .from(deliveries)
    .leftJoin(events, eq(events.seq, deliveries.eventSeq))
    .where(and(...conds))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(limit + 1);
  return page(rows.map(deliveryView), limit);
}

/** A delivery and its subscription, if the caller may see them (another organisation's: not found). */
export async function visibleDelivery(ctx: AppContext, caller: Caller, deliveryId: string, manage = false) {
  const [row] = await ctx.db
    .select(deliveryColumns)
    .from(deliveries)
    .leftJoin(events, eq(events.seq, deliveries.eventSeq))
    .where(eq(deliveries.id, deliveryId));
  if (!row) throw problems.notFound(`Delivery ${deliveryId}`);
  try {
    const sub = manage ? await manageableSubscription(ctx, caller, Number(row.d.subscriptionId)) : await visibleSubscription(ctx, caller, Number(row.d.subscriptionId));
    return { delivery: deliveryView(row), subscription: sub };
  } catch (e) {
    if (e instanceof HttpProblem && e.status === 404) throw problems.notFound(`Delivery ${deliveryId}`);
    throw e;
  }
}

/** Every attempt of a delivery, in order: when, the status code, the latency and the first bytes of the answer. */
export async function listDeliveryAttempts(ctx: AppContext, deliveryId: string): Promise<s.Attempt[]> {
  const rows = await ctx.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, deliveryId)).orderBy(deliveryAttempts.attempt, deliveryAttempts.id);
  return rows.map((a) => ({
    attempt: a.attempt,
    at: a.at.toISOString(),
    statusCode: a.statusCode,
    latencyMs: a.latencyMs,
    responseExcerpt: a.responseExcerpt,
    error: a.error,
  }));
}

/** Dead letters (deliveries that used every attempt) across the organisation's subscriptions, newest first. */
export async function listDeadLetters(ctx: AppContext, caller: Caller, q: s.DeadLettersQuery) {
  const limit = q.limit ?? 50;
  const cursor = q.before ?? q.cursor;
  const conds: Array<SQL | undefined> = [eq(deliveries.status, 'dead'), isNull(subscriptions.deletedAt), beforeCond(cursor, q.before ? 'querystring.before' : 'querystring.cursor')];
  if (isCrossTenant(caller)) {
    if (q.orgId) conds.push(eq(subscriptions.orgId, q.orgId));
  } else {
    const own = activeOrg(caller).orgId;
    if (q.orgId && q.orgId !== own) return { items: [], nextCursor: null };
    conds.push(eq(subscriptions.orgId, own));
  }
  const rows = await ctx.db
    .select({ ...deliveryColumns, endPoint: subscriptions.endPoint, orgId: subscriptions.orgId })
    .from(deliveries)
    .innerJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .leftJoin(events, eq(events.seq, deliveries.eventSeq))
    .where(and(...conds))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(limit + 1);
  return page(
    rows.map((r) => ({ ...deliveryView(r), endPoint: r.endPoint, orgId: r.orgId })),
    limit,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The pull API's cursor
// ---------------------------------------------------------------------------------------------------------------

/**
 * `after` as a sequence number: digits are a `sequence`; a UUID is a CloudEvents `id` (as Altinn's clients send),
 * looked up. Anything else is a 400 naming the field.
 */
export async function afterSeq(ctx: AppContext, after: string | undefined): Promise<number> {
  if (after === undefined || after === '') return 0;
  if (/^\d{1,15}$/.test(after)) return Number(after);
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(after)) {
    const [row] = await ctx.db.select({ seq: events.seq }).from(events).where(eq(events.id, after));
    if (!row) throw problems.invalidField('querystring.after', `no event has the id ${after}`);
    return Number(row.seq);
  }
  throw problems.invalidField('querystring.after', 'must be an event sequence number or an event id (UUID)');
}

// ---------------------------------------------------------------------------------------------------------------
// The catalogue of event types (for type filters)
// ---------------------------------------------------------------------------------------------------------------

type EventTypeInfo = { type: string; description: { nb: string; en: string } };

/** Types every installation knows about, with what they mean; types seen in the events table are added to them. */
export const KNOWN_EVENT_TYPES: EventTypeInfo[] = [
  { type: VALIDATION_EVENT_TYPE, description: { nb: 'Valideringshendelse som sendes når et abonnement opprettes', en: 'Validation event sent when a subscription is created' } },
];

/** The catalogue: the known types and every type published so far, sorted. */
export async function eventTypes(ctx: AppContext): Promise<EventTypeInfo[]> {
  const seen = await ctx.db.selectDistinct({ type: events.type }).from(events);
  const byType = new Map(KNOWN_EVENT_TYPES.map((t) => [t.type, t]));
  for (const { type } of seen) if (!byType.has(type)) byType.set(type, { type, description: { nb: type, en: type } });
  return [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
}
