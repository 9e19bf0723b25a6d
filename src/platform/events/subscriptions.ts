/**
 * Subscriptions and their deliveries: the service functions the HTTP API calls. Who may call what (tenant
 * isolation, roles) is the API's; these functions take an organisation or an id and do what they are told, except
 * for the rules that belong to the hub itself — an endpoint passes the outbound guard's static checks, filters have
 * their shapes, and an organisation does not subscribe to another organisation's subject unless it is an operator.
 *
 * Convention: `ctx` first; an optional `tx` last lets the caller compose a call with its own writes (audit).
 */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { authTables } from '../auth/index.ts';
import { notifyChange } from '../changes/index.ts';
import type { AppContext } from '../context.ts';
import { rowsOf, type DbOrTx } from '../db/index.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { checkUrl, outboundConfig, OutboundRefused } from '../net/ssrf.ts';
import { filtersMatchSql, typeFilterSql, visibleToOrgSql } from './filters.ts';
import { toCloudEvent } from './publish.ts';
import { createSecret, decryptSecret, storedSecret, validSecrets, type StoredSecret } from './signing.ts';
import { deliveries, deliveryAttempts, events, subscriptions } from './tables.ts';
import type { CloudEvent } from './types.ts';

const { organisations } = authTables;

export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type DeliveryRow = typeof deliveries.$inferSelect;
export type AttemptRow = typeof deliveryAttempts.$inferSelect;

/** Who subscribes: the organisation, Altinn's `consumer` and `createdBy`, and the user behind it. */
export interface Subscriber {
  orgId: string;
  /** e.g. "/org/991825827" */
  consumer: string;
  /** e.g. "/user/<uuid>" or "/token/<prefix>" */
  createdBy: string;
  userId?: string | null;
}

export interface SubscriptionInput {
  endPoint: string;
  sourceFilter?: string | null;
  resourceFilter?: string | null;
  subjectFilter?: string | null;
  /** Exact type, or a prefix ending in ".*". */
  typeFilter?: string | null;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentSubscription(r: SubscriptionRow) {
  return {
    id: Number(r.id),
    orgId: r.orgId,
    consumer: r.consumer,
    createdBy: r.createdBy,
    endPoint: r.endPoint,
    sourceFilter: r.sourceFilter,
    resourceFilter: r.resourceFilter,
    subjectFilter: r.subjectFilter,
    typeFilter: r.typeFilter,
    validated: r.validated,
    validatedAt: iso(r.validatedAt),
    status: r.status as 'active' | 'disabled',
    disabledReason: r.disabledReason,
    disabledAt: iso(r.disabledAt),
    failingSince: iso(r.failingSince),
    lastSuccessAt: iso(r.lastSuccessAt),
    createdAt: r.createdAt.toISOString(),
    deletedAt: iso(r.deletedAt),
  };
}
export type SubscriptionView = ReturnType<typeof presentSubscription>;

// ---------------------------------------------------------------------------------------------------------------
// Validation of a new subscription
// ---------------------------------------------------------------------------------------------------------------

const URN = /^urn:[a-z0-9][a-z0-9-]{0,31}:[A-Za-z0-9()+,\-.:=@;$_!*'%/?#]+$/i;
const SUBJECT_PATH = /^\/[a-z][a-z0-9-]*\/[A-Za-z0-9._~:@%+-]+(\/[A-Za-z0-9._~:@%+-]+)*$/;
export const TYPE_FILTER_PATTERN = /^[a-z][a-z0-9-]*(\.[A-Za-z0-9_-]+)*(\.\*)?$/;

function clean(v: string | null | undefined): string | null {
  if (v === undefined || v === null) return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** Throws a 400 naming the field unless the filters have their shapes; returns them trimmed (empty → null). */
export function checkFilters(input: Omit<SubscriptionInput, 'endPoint'>) {
  const f = {
    sourceFilter: clean(input.sourceFilter),
    resourceFilter: clean(input.resourceFilter),
    subjectFilter: clean(input.subjectFilter),
    typeFilter: clean(input.typeFilter),
  };
  const long = (field: string, v: string | null, max: number) => {
    if (v && v.length > max) throw problems.invalidField(`body.${field}`, `must be at most ${max} characters`);
  };
  long('sourceFilter', f.sourceFilter, 500);
  long('resourceFilter', f.resourceFilter, 500);
  long('subjectFilter', f.subjectFilter, 200);
  long('typeFilter', f.typeFilter, 200);
  if (f.sourceFilter && !URN.test(f.sourceFilter)) {
    let u: URL | undefined;
    try {
      u = new URL(f.sourceFilter);
    } catch {
      /* below */
    }
    if (!u || !['http:', 'https:'].includes(u.protocol) || !u.hostname) {
      throw problems.invalidField('body.sourceFilter', 'must be an absolute http(s) URL or a URN, e.g. https://samsvar.example/api/v1/incidents');
    }
  }
  if (f.resourceFilter && !URN.test(f.resourceFilter)) {
    throw problems.invalidField('body.resourceFilter', 'must be a URN, e.g. urn:samsvar:incident:<id>');
  }
  if (f.subjectFilter && !SUBJECT_PATH.test(f.subjectFilter) && !URN.test(f.subjectFilter)) {
    throw problems.invalidField('body.subjectFilter', 'must be a subject such as /org/991825827');
  }
  if (f.typeFilter && !TYPE_FILTER_PATTERN.test(f.typeFilter)) {
    throw problems.invalidField('body.typeFilter', 'must be an event type (no.samsvar.incident.created) or a prefix ending in ".*" (no.samsvar.incident.*)');
  }
  return f;
}

/** The organisation number a subject names, for "/org/<n>" and Altinn's organisation URNs; else null. */
export function subjectOrgNumber(subject: string): string | null {
  const m = /^\/org\/(\d{9})$/.exec(subject) ?? /^urn:altinn:organization:identifier-no:(\d{9})$/.exec(subject);
  return m ? m[1]! : null;
}

async function orgOf(db: DbOrTx, orgId: string) {
  const [o] = await db.select({ id: organisations.id, orgNumber: organisations.orgNumber, kinds: organisations.kinds }).from(organisations).where(eq(organisations.id, orgId));
  return o;
}

// ---------------------------------------------------------------------------------------------------------------
// Subscriptions
// ---------------------------------------------------------------------------------------------------------------

/**
 * Stores a subscription (validated = false) with a new signing secret and its validation delivery (the synthetic
 * `platform.events.validatesubscription` event, retried like any other). Events fan out to it once the endpoint
 * has answered that with a 2xx. Resolves to the subscription and its secret.
 */
export async function createSubscription(
  ctx: AppContext,
  who: Subscriber,
  input: SubscriptionInput,
  tx: DbOrTx = ctx.db,
): Promise<SubscriptionView & { secret: string }> {
  const endPoint = (input.endPoint ?? '').trim();
  if (endPoint.length > 2000) throw problems.invalidField('body.endPoint', 'must be at most 2000 characters');
  try {
    checkUrl(endPoint, outboundConfig(ctx.config));
  } catch (e) {
    if (e instanceof OutboundRefused) throw problems.invalidField('body.endPoint', e.message);
    throw e;
  }
  const f = checkFilters(input);
  const org = await orgOf(tx, who.orgId);
  if (!org) throw problems.notFound('The organisation');
  const operator = org.kinds.includes('operator');
  if (f.subjectFilter && !operator) {
    const n = subjectOrgNumber(f.subjectFilter);
    if (n !== null && n !== org.orgNumber) {
      throw new HttpProblem(403, 'forbidden', `An organisation subscribes to its own subject (/org/${org.orgNumber}), not another organisation’s.`);
    }
  }
  const secret = createSecret();
  const now = new Date();
  const run = async (t: DbOrTx) => {
    const [row] = await t
      .insert(subscriptions)
      .values({
        orgId: who.orgId,
        consumer: who.consumer,
        createdBy: who.createdBy,
        createdByUserId: who.userId ?? null,
        endPoint,
        ...f,
        secrets: [storedSecret(ctx.secret, secret, now)],
      })
      .returning();
    await t.insert(deliveries).values({ subscriptionId: row!.id, eventSeq: null });
    await notifyChange(t, 'events');
    return row!;
  };
  const row = tx === ctx.db ? await ctx.db.transaction(run) : await run(tx);
  return { ...presentSubscription(row), secret };
}

export async function getSubscription(ctx: AppContext, id: number, tx: DbOrTx = ctx.db): Promise<SubscriptionView | null> {
  const [r] = await tx.select().from(subscriptions).where(eq(subscriptions.id, id));
  return r ? presentSubscription(r) : null;
}

/** An organisation's subscriptions (null: every organisation's), oldest first; deleted ones only when asked. */
export async function listSubscriptions(
  ctx: AppContext,
  orgId: string | null,
  opts: { includeDeleted?: boolean } = {},
  tx: DbOrTx = ctx.db,
): Promise<SubscriptionView[]> {
  const rows = await tx
    .select()
    .from(subscriptions)
    .where(and(orgId ? eq(subscriptions.orgId, orgId) : undefined, opts.includeDeleted ? undefined : isNull(subscriptions.deletedAt)))
    .orderBy(asc(subscriptions.id));
  return rows.map(presentSubscription);
}

/** Soft delete: the subscription stops receiving, its pending deliveries are cancelled, the history stays. */
export async function deleteSubscription(ctx: AppContext, id: number, opts: { userId?: string; tx?: DbOrTx } = {}): Promise<boolean> {
  const run = async (t: DbOrTx) => {
    const [row] = await t
      .update(subscriptions)
      .set({ deletedAt: new Date() })
      .where(and(eq(subscriptions.id, id), isNull(subscriptions.deletedAt)))
      .returning({ id: subscriptions.id });
    if (!row) return false;
    await t
      .update(deliveries)
      .set({ status: 'cancelled', lockedUntil: null, lastError: 'cancelled: the subscription was deleted' })
      .where(and(eq(deliveries.subscriptionId, id), eq(deliveries.status, 'pending')));
    return true;
  };
  return opts.tx ? run(opts.tx) : ctx.db.transaction(run);
}

// ---------------------------------------------------------------------------------------------------------------
// Signing secrets
// ---------------------------------------------------------------------------------------------------------------

export interface RevealedSecret {
  id: string;
  secret: string;
  createdAt: string;
  /** null for the current secret; the end of the overlap for a previous one. */
  expiresAt: string | null;
}

/**
 * A new signing secret, first in the list; the previous ones keep signing until `overlapHours` from now (default
 * 24; 0 ends them at once), then drop out. Resolves to the new secret.
 */
export async function rotateSecret(
  tx: DbOrTx,
  ctx: Pick<AppContext, 'secret'>,
  subscriptionId: number,
  overlapHours = 24,
  now: Date = new Date(),
): Promise<RevealedSecret> {
  if (!Number.isFinite(overlapHours) || overlapHours < 0 || overlapHours > 24 * 30) {
    throw problems.invalidField('body.overlapHours', 'must be between 0 and 720 hours');
  }
  const [row] = await tx.select({ secrets: subscriptions.secrets }).from(subscriptions).where(eq(subscriptions.id, subscriptionId)).for('update');
  if (!row) throw problems.notFound('The subscription');
  const end = now.getTime() + overlapHours * 3600_000;
  const kept = validSecrets(row.secrets as StoredSecret[], now.getTime()).map((s) => ({
    ...s,
    expiresAt: new Date(Math.min(end, s.expiresAt ? Date.parse(s.expiresAt) : Infinity)).toISOString(),
  }));
  const secret = createSecret();
  const fresh = storedSecret(ctx.secret, secret, now);
  await tx
    .update(subscriptions)
    .set({ secrets: [fresh, ...kept.filter((s) => Date.parse(s.expiresAt) > now.getTime())] })
    .where(eq(subscriptions.id, subscriptionId));
  return { id: fresh.id, secret, createdAt: fresh.createdAt, expiresAt: null };
}

/** The secrets that sign now, newest (the current one) first, decrypted for their owner; [] when there is none. */
export async function subscriptionSecrets(ctx: AppContext, subscriptionId: number, tx: DbOrTx = ctx.db): Promise<RevealedSecret[]> {
  const [row] = await tx.select({ secrets: subscriptions.secrets }).from(subscriptions).where(eq(subscriptions.id, subscriptionId));
  if (!row) return [];
  return validSecrets(row.secrets as StoredSecret[], Date.now()).map((s) => ({
    id: s.id,
    secret: decryptSecret(ctx.secret, s),
    createdAt: s.createdAt,
    expiresAt: s.expiresAt,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Deliveries and attempts
// ---------------------------------------------------------------------------------------------------------------

export function presentDelivery(r: DeliveryRow & { eventId?: string | null; eventType?: string | null; orgId?: string }) {
  return {
    id: r.id,
    subscriptionId: Number(r.subscriptionId),
    orgId: r.orgId ?? null,
    eventSeq: r.eventSeq === null ? null : Number(r.eventSeq),
    eventId: r.eventId ?? null,
    /** The validation handshake's type when eventSeq is null. */
    eventType: r.eventSeq === null ? 'platform.events.validatesubscription' : (r.eventType ?? null),
    status: r.status as 'pending' | 'delivered' | 'dead' | 'cancelled',
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
    lastStatus: r.lastStatus,
    lastError: r.lastError,
    deliveredAt: iso(r.deliveredAt),
    createdAt: r.createdAt.toISOString(),
  };
}
export type DeliveryView = ReturnType<typeof presentDelivery>;

const deliveryColumns = {
  id: deliveries.id,
  subscriptionId: deliveries.subscriptionId,
  eventSeq: deliveries.eventSeq,
  status: deliveries.status,
  attempts: deliveries.attempts,
  nextAttemptAt: deliveries.nextAttemptAt,
  lockedUntil: deliveries.lockedUntil,
  lastStatus: deliveries.lastStatus,
  lastError: deliveries.lastError,
  deliveredAt: deliveries.deliveredAt,
  createdAt: deliveries.createdAt,
  eventId: events.id,
  eventType: events.type,
  orgId: subscriptions.orgId,
};

export async function getDelivery(ctx: AppContext, id: string, tx: DbOrTx = ctx.db): Promise<DeliveryView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [r] = await tx
    .select(deliveryColumns)
    .from(deliveries)
    .innerJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .leftJoin(events, eq(events.seq, deliveries.eventSeq))
    .where(eq(deliveries.id, id));
  return r ? presentDelivery(r) : null;
}

/**
 * A subscription's deliveries, newest first. `before` is the id of the last delivery already shown (keyset on
 * created_at, id); one more row than `limit` is read to know whether more follow.
 */
export async function listDeliveries(
  ctx: AppContext,
  subscriptionId: number,
  opts: { status?: string; limit?: number; before?: string } = {},
  tx: DbOrTx = ctx.db,
): Promise<{ items: DeliveryView[]; more: boolean }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
  let after: SQL | undefined;
  if (opts.before) {
    if (!/^[0-9a-f-]{36}$/i.test(opts.before)) return { items: [], more: false };
    after = sql`(${deliveries.createdAt}, ${deliveries.id}) < (select b.created_at, b.id from event_deliveries b where b.id = ${opts.before})`;
  }
  const rows = await tx
    .select(deliveryColumns)
    .from(deliveries)
    .innerJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .leftJoin(events, eq(events.seq, deliveries.eventSeq))
    .where(and(eq(deliveries.subscriptionId, subscriptionId), opts.status ? eq(deliveries.status, opts.status) : undefined, after))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(limit + 1);
  return { items: rows.slice(0, limit).map(presentDelivery), more: rows.length > limit };
}

export function presentAttempt(r: AttemptRow) {
  return {
    attempt: r.attempt,
    at: r.at.toISOString(),
    statusCode: r.statusCode,
    latencyMs: r.latencyMs,
    responseExcerpt: r.responseExcerpt,
    error: r.error,
  };
}
export type AttemptView = ReturnType<typeof presentAttempt>;

/** Every attempt at a delivery, oldest first (a replay starts a new count at 1; earlier attempts stay). */
export async function listAttempts(ctx: AppContext, deliveryId: string, tx: DbOrTx = ctx.db): Promise<AttemptView[]> {
  if (!/^[0-9a-f-]{36}$/i.test(deliveryId)) return [];
  const rows = await tx
    .select()
    .from(deliveryAttempts)
    .where(eq(deliveryAttempts.deliveryId, deliveryId))
    .orderBy(asc(deliveryAttempts.at), asc(deliveryAttempts.id));
  return rows.map(presentAttempt);
}

async function assertReceiving(tx: DbOrTx, subscriptionId: number): Promise<SubscriptionRow> {
  const [s] = await tx.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
  if (!s || s.deletedAt) throw problems.notFound('The subscription');
  if (s.status !== 'active') throw problems.conflict(`The subscription is ${s.status}${s.disabledReason ? ` (${s.disabledReason})` : ''}; create a new one.`);
  return s;
}

/**
 * Sends a dead or delivered delivery again: pending now, a new cycle of attempts, the same webhook-id (receivers
 * deduplicate on it); the earlier attempts stay in the history. `replayed` is 0 when it was neither dead nor delivered.
 */
export async function replayDelivery(
  ctx: AppContext,
  deliveryId: string,
  tx: DbOrTx = ctx.db,
): Promise<{ replayed: number; delivery: DeliveryView | null }> {
  const d = await getDelivery(ctx, deliveryId, tx);
  if (!d) throw problems.notFound('The delivery');
  const s = await assertReceiving(tx, d.subscriptionId);
  if (d.eventSeq !== null && !s.validated) throw problems.conflict('The subscription is not validated yet.');
  const rows = await tx
    .update(deliveries)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()`, lockedUntil: null, lastError: null, deliveredAt: null })
    .where(and(eq(deliveries.id, deliveryId), inArray(deliveries.status, ['dead', 'delivered'])))
    .returning({ id: deliveries.id });
  if (rows.length) await notifyChange(tx, 'events');
  return { replayed: rows.length, delivery: await getDelivery(ctx, deliveryId, tx) };
}

/**
 * Delivers again every event accepted since `since` that the subscription matches and may see: its existing
 * deliveries (delivered, dead, cancelled) become pending with the same webhook-id, missing ones are created.
 * Pending ones are left as they are. The subscription must be active and validated.
 */
export async function replaySince(
  ctx: AppContext,
  subscriptionId: number,
  since: Date,
  tx: DbOrTx = ctx.db,
): Promise<{ replayed: number; reset: number; inserted: number }> {
  const s = await assertReceiving(tx, subscriptionId);
  if (!s.validated) throw problems.conflict('The subscription is not validated yet: its endpoint has not answered the validation event.');
  const sinceIso = since.toISOString();
  const matching = sql`
    from events e
    join event_subscriptions s on s.id = ${subscriptionId}
    join organisations o on o.id = s.org_id
   where e.created_at >= ${sinceIso}::timestamptz and ${filtersMatchSql} and ${visibleToOrgSql}`;
  const reset = rowsOf(
    await tx.execute(sql`
      update event_deliveries d
         set status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = null, last_error = null, delivered_at = null
       where d.subscription_id = ${subscriptionId}
         and d.status in ('delivered', 'dead', 'cancelled')
         and d.event_seq in (select e.seq ${matching})
      returning d.id`),
  ).length;
  const inserted = rowsOf(
    await tx.execute(sql`
      insert into event_deliveries (subscription_id, event_seq)
      select s.id, e.seq ${matching}
       order by e.seq
      on conflict do nothing
      returning id`),
  ).length;
  if (reset + inserted > 0) await notifyChange(tx, 'events');
  return { replayed: reset + inserted, reset, inserted };
}

// ---------------------------------------------------------------------------------------------------------------
// The pull API
// ---------------------------------------------------------------------------------------------------------------

export interface PullQuery {
  /** The caller's organisation; for an operator, null (every event) or an organisation to narrow to. */
  orgId: string | null;
  /** Operators (and the auditor) see every organisation's events and the operators-only ones. */
  isOperator: boolean;
  /** The last sequence already seen (0 or absent: from the start). */
  after?: number | null;
  /** Exact type, or a prefix ending in ".*". */
  type?: string | null;
  /** 1–1000, default 50. */
  size?: number;
}

/** A page of the pull API: the CloudEvents, oldest first, with `next` — the cursor for the following page. */
export type PullResult = CloudEvent[] & { next: number };

/**
 * Events the caller may see after the cursor, oldest first. Visible: public events; "org" events of the caller's
 * organisation; for operators every event (only those of `orgId` when given).
 * The array's `next` is the sequence of its last event (or `after` when empty): pass it as `after` next time.
 */
export async function pullEvents(ctx: AppContext, q: PullQuery, tx: DbOrTx = ctx.db): Promise<PullResult> {
  const size = Math.min(Math.max(Math.trunc(q.size ?? 50), 1), 1000);
  const after = Math.max(0, Math.trunc(q.after ?? 0));
  const conds: SQL[] = [sql`${events.seq} > ${after}`];
  if (q.isOperator) {
    if (q.orgId) conds.push(sql`${events.orgId} = ${q.orgId}`);
  } else {
    conds.push(
      q.orgId
        ? sql`(${events.visibility} = 'public' or (${events.visibility} = 'org' and ${events.orgId} = ${q.orgId}))`
        : sql`${events.visibility} = 'public'`,
    );
  }
  if (q.type) {
    if (!TYPE_FILTER_PATTERN.test(q.type)) throw problems.invalidField('querystring.type', 'must be an event type, or a prefix ending in ".*"');
    conds.push(typeFilterSql(sql`${events.type}`, q.type));
  }
  const rows = await tx
    .select()
    .from(events)
    .where(and(...conds))
    .orderBy(asc(events.seq))
    .limit(size);
  const out = rows.map((r) => toCloudEvent(r, ctx.config.PUBLIC_URL)) as PullResult;
  out.next = rows.length ? Number(rows[rows.length - 1]!.seq) : after;
  return out;
}
