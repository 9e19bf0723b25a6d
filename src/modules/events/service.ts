/**
 * The event hub's HTTP-facing queries (T-1.2.4, T-2.5): who may see which subscription, the Altinn-shaped
 * subscription view with its delivery counts, deliveries and attempts with cursors, and the dead letters across an
 * organisation's subscriptions. Creating, deleting, signing, delivering and replaying are the core's
 * (src/platform/events); this file only reads the tables and decides visibility.
 */
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/index.ts';
import { authTables, isCrossTenant, OPERATOR_ROLES, type Caller } from '../../platform/auth/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import * as core from '../../platform/events/index.ts';
import { deliveries, events, subscriptions, VALIDATION_EVENT_TYPE } from '../../platform/events/index.ts';
import { HttpProblem, problems } from '../../platform/http/problem.ts';
import { notificationTypes } from '../../platform/notify/index.ts';
import type * as s from './schemas.ts';

const { organisations } = authTables;

export type SubscriptionRow = typeof subscriptions.$inferSelect;

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

/** Records an act on a subscription in the audit log [T-6] (in the act's transaction). Secrets are never recorded. */
export async function audit(
  tx: DbOrTx,
  caller: Caller,
  orgId: string,
  action: string,
  subscriptionId: number,
  o: { before?: unknown; after?: unknown; details?: Record<string, unknown> } = {},
): Promise<void> {
  await appendAudit(tx, {
    actor: { userId: caller.user.id, label: caller.via === 'token' ? `${caller.user.email} (API token)` : caller.user.email },
    orgId,
    action,
    targetType: 'event-subscription',
    targetId: String(subscriptionId),
    ...o,
  });
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

/** A page of deliveries with the cursor of the next one (the id of the last delivery shown). */
export async function listSubscriptionDeliveries(ctx: AppContext, subscriptionId: number, q: s.DeliveriesQuery) {
  const limit = q.limit ?? 50;
  const page = await core.listDeliveries(ctx, subscriptionId, { status: q.status, limit, before: q.before ?? q.cursor });
  const last = page.items[page.items.length - 1];
  return { items: page.items, nextCursor: page.more && last ? last.id : null };
}

/** A delivery and its subscription, if the caller may see them (another organisation's: not found). */
export async function visibleDelivery(ctx: AppContext, caller: Caller, deliveryId: string, manage = false) {
  const delivery = await core.getDelivery(ctx, deliveryId);
  if (!delivery) throw problems.notFound(`Delivery ${deliveryId}`);
  try {
    const subscription = manage ? await manageableSubscription(ctx, caller, delivery.subscriptionId) : await visibleSubscription(ctx, caller, delivery.subscriptionId);
    return { delivery, subscription };
  } catch (e) {
    if (e instanceof HttpProblem && e.status === 404) throw problems.notFound(`Delivery ${deliveryId}`);
    throw e;
  }
}

/**
 * Dead letters (deliveries that used every attempt) across the organisation's subscriptions (Digdir's staff: every
 * organisation's, or one with `orgId`), newest first, with the endpoint each was for.
 */
export async function listDeadLetters(ctx: AppContext, caller: Caller, q: s.DeadLettersQuery) {
  const limit = q.limit ?? 50;
  const cursor = q.before ?? q.cursor;
  const conds: Array<SQL | undefined> = [eq(deliveries.status, 'dead'), isNull(subscriptions.deletedAt)];
  if (isCrossTenant(caller)) {
    if (q.orgId) conds.push(eq(subscriptions.orgId, q.orgId));
  } else {
    const own = activeOrg(caller).orgId;
    if (q.orgId && q.orgId !== own) return { items: [], nextCursor: null };
    conds.push(eq(subscriptions.orgId, own));
  }
  if (cursor) {
    conds.push(sql`(${deliveries.createdAt}, ${deliveries.id}) < (select b.created_at, b.id from event_deliveries b where b.id = ${cursor})`);
  }
  const rows = await ctx.db
    .select({ d: deliveries, eventId: events.id, eventType: events.type, orgId: subscriptions.orgId, endPoint: subscriptions.endPoint })
    .from(deliveries)
    .innerJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .leftJoin(events, eq(events.seq, deliveries.eventSeq))
    .where(and(...conds))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((r) => ({ ...core.presentDelivery({ ...r.d, eventId: r.eventId, eventType: r.eventType, orgId: r.orgId }), endPoint: r.endPoint }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? last.id : null };
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

type EventTypeInfo = { type: string; title: { nb: string; en: string } | null; description: { nb: string; en: string } | null };

const VALIDATION_TYPE_INFO: EventTypeInfo = {
  type: VALIDATION_EVENT_TYPE,
  title: { nb: 'Validering av abonnement', en: 'Subscription validation' },
  description: { nb: 'Sendes én gang til et nytt abonnement; svar 2xx for å ta imot hendelser.', en: 'Sent once to a new subscription; answer 2xx to receive events.' },
};

/**
 * The catalogue: every type the notification registry defines (with its name and description), the validation
 * event, and every other type published so far (no description), sorted.
 */
export async function eventTypes(ctx: AppContext): Promise<EventTypeInfo[]> {
  const byType = new Map<string, EventTypeInfo>([[VALIDATION_EVENT_TYPE, VALIDATION_TYPE_INFO]]);
  for (const d of notificationTypes()) byType.set(d.type, { type: d.type, title: d.title, description: d.description });
  const seen = await ctx.db.selectDistinct({ type: events.type }).from(events);
  for (const { type } of seen) if (!byType.has(type)) byType.set(type, { type, title: null, description: null });
  return [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
}
