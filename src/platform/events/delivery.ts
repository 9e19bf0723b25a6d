/**
 * Delivery: the worker role claims due rows of `event_deliveries` with `FOR UPDATE SKIP LOCKED` and a short lease
 * (`locked_until`, LEASE_MS) that it renews every LEASE_RENEW_MS for the rows it still holds (a killed process's
 * rows become claimable again within about a minute), sends each as a signed CloudEvent
 * (Standard Webhooks) through the outbound guard, and records every attempt. Deliveries to one subscription go one
 * after another in order of acceptance; subscriptions go side by side up to EVENTS_CONCURRENCY.
 *
 * Outcomes: 2xx → delivered (a validation delivery validates its subscription); 410 → the subscription is disabled
 * and its pending deliveries cancelled; anything else (other status, 3xx — redirects are not followed —, timeout,
 * network error, refused by the guard) → retried on RETRY_SCHEDULE_SECONDS (or later when the answer's
 * Retry-After says so, at most 12 h), a dead letter after MAX_ATTEMPTS. A subscription whose every attempt has
 * failed for the policy's `events.disableAfterFailing` (default 5 calendar days) is disabled and its owner told.
 *
 * Time comes from `now()` (default Date.now) so tests drive the schedule; the signature's timestamp is always the
 * wall clock (receivers check it against theirs).
 */
import { performance } from 'node:perf_hooks';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { addCalendarDuration, type CalendarDuration } from '../../kernel/worktime/index.ts';
import { authTables, ORG_ADMIN_ROLES } from '../auth/index.ts';
import { onChange } from '../changes/index.ts';
import type { AppContext } from '../context.ts';
import { rowsOf, type DbOrTx } from '../db/index.ts';
import { notifyInbox } from '../inbox/index.ts';
import { guardedRequest, outboundConfig, OutboundError, type GuardedResponse, type Resolver } from '../net/ssrf.ts';
import { visibleTo } from './filters.ts';
import { toCloudEvent } from './publish.ts';
import { decryptSecret, validSecrets, webhookHeaders, type StoredSecret } from './signing.ts';
import { deliveries, deliveryAttempts, events, subscriptions } from './tables.ts';
import { MAX_ATTEMPTS, RETRY_SCHEDULE_SECONDS, VALIDATION_EVENT_TYPE, type CloudEvent } from './types.ts';

const { organisations, memberships, users } = authTables;

/** Deliveries of one subscription taken in one claim (keeps one slow endpoint from holding many rows). */
export const PER_SUBSCRIPTION = 20;
/** How often the worker looks for due deliveries without a notice. */
export const POLL_MS = 500;
/** Longest wait before a retry, also the cap on Retry-After. */
export const MAX_RETRY_DELAY_MS = 12 * 3600 * 1000;
/** The answer read at most; the first 1 KiB is kept with the attempt. */
export const MAX_RESPONSE_BYTES = 64 * 1024;
export const EXCERPT_BYTES = 1024;
/** Default of the policy's `events.disableAfterFailing`. */
export const DEFAULT_DISABLE_AFTER_FAILING: CalendarDuration = { amount: 5, unit: 'calendarDays' };

export interface DeliveryOptions {
  /** The clock (ms since the epoch); default Date.now. */
  now?: () => number;
  /** Rows claimed in one round. */
  limit?: number;
  /** Subscriptions sent to at once (default EVENTS_CONCURRENCY). */
  concurrency?: number;
  perSubscription?: number;
  /** DNS resolver of the outbound guard (tests). */
  resolve?: Resolver;
}

export interface RoundResult {
  claimed: number;
  delivered: number;
  retried: number;
  dead: number;
  cancelled: number;
  /** Subscriptions disabled in this round (410, or failing for the policy's period). */
  disabled: number;
}

const emptyResult = (): RoundResult => ({ claimed: 0, delivered: 0, retried: 0, dead: 0, cancelled: 0, disabled: 0 });
function add(a: RoundResult, b: Partial<RoundResult>): void {
  for (const k of Object.keys(b) as Array<keyof RoundResult>) a[k] += b[k] ?? 0;
}

/** How long a claim (or a renewal) holds its rows; a killed worker's rows are claimable again after at most this. */
export const LEASE_MS = 60_000;
/** How often a worker renews the lease of the rows it still holds (well inside LEASE_MS). */
export const LEASE_RENEW_MS = 20_000;

/** How long a claim holds its rows before it is renewed (kept as a function: callers and tests use it). */
export function leaseMs(_ctx?: AppContext, _perSubscription = PER_SUBSCRIPTION): number {
  return LEASE_MS;
}

/**
 * Renews, every LEASE_RENEW_MS, the lease of the claimed rows still in `held` (the caller removes a row once it is
 * recorded, cancelled or released). Rows locked at that moment (being recorded) are skipped, not waited for, so a
 * renewal never takes part in a deadlock; a row whose lease was ended (locked_until null) is not locked again.
 * Resolves to the stop function.
 */
function startLeaseRenewal(ctx: AppContext, held: Set<string>, now: () => number): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy || held.size === 0) return;
    busy = true;
    const ids = [...held];
    void ctx.db
      .execute(
        sql`update event_deliveries set locked_until = ${iso(now() + LEASE_MS)}::timestamptz
             where id in (select id from event_deliveries
                           where id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
                             and status = 'pending' and locked_until is not null
                           for update skip locked)`,
      )
      .catch((e) => ctx.log.warn({ err: e }, 'event delivery lease renewal failed'))
      .finally(() => {
        busy = false;
      });
  }, LEASE_RENEW_MS);
  timer.unref?.();
  return () => clearInterval(timer);
}

export function disableAfterFailing(ctx: AppContext): CalendarDuration {
  return ctx.policy.policy.events?.disableAfterFailing ?? DEFAULT_DISABLE_AFTER_FAILING;
}

/** When attempt `attempt` (1-based) has failed: the next try per the schedule, or later per Retry-After, capped at 12 h. */
export function nextAttemptDelayMs(attempt: number, retryAfterMs: number | null): number {
  const scheduled = RETRY_SCHEDULE_SECONDS[Math.min(attempt - 1, RETRY_SCHEDULE_SECONDS.length - 1)]! * 1000;
  return Math.min(MAX_RETRY_DELAY_MS, Math.max(scheduled, retryAfterMs ?? 0));
}

/** Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | null {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

// ---------------------------------------------------------------------------------------------------------------
// Claiming
// ---------------------------------------------------------------------------------------------------------------

type DeliveryRow = typeof deliveries.$inferSelect;

interface Item {
  delivery: DeliveryRow;
  subscription: typeof subscriptions.$inferSelect;
  orgKinds: string[];
  event: typeof events.$inferSelect | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Claims up to `limit` due deliveries (pending, due, lock free or expired), at most `perSubscription` per
 * subscription, skipping rows other workers hold; resolves to them with their subscription and event. Only the
 * `5 × limit` longest-due rows are considered in one claim (the due index), so a large backlog costs no more.
 */
async function claim(
  ctx: AppContext,
  o: { nowMs: number; limit: number; perSubscription: number; exclude?: readonly number[]; lease: number },
): Promise<Item[]> {
  const now = iso(o.nowMs);
  const exclude = o.exclude?.length ? sql`and subscription_id not in (${sql.join(o.exclude.map((id) => sql`${id}`), sql`, `)})` : sql``;
  // The lock conditions are repeated on every level: after waiting for a row PostgreSQL re-checks the row's own
  // conditions against its newest version, so a row another worker claimed meanwhile is not taken twice.
  const due = sql`status = 'pending' and next_attempt_at < ${now}::timestamptz + interval '1 millisecond'
    and (locked_until is null or locked_until <= ${now}::timestamptz)`;
  const claimed = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`
      update event_deliveries d set locked_until = ${iso(o.nowMs + o.lease)}::timestamptz
       where d.id in (
         select c.id from event_deliveries c
          where c.id in (
                  select x.id from (
                    select id, row_number() over (partition by subscription_id order by event_seq nulls first, created_at, id) as rn
                      from (select id, subscription_id, event_seq, created_at
                              from event_deliveries
                             where ${due} ${exclude}
                             order by next_attempt_at
                             limit ${o.limit * 5}) candidates
                  ) x
                   where x.rn <= ${o.perSubscription})
            and c.status = 'pending' and (c.locked_until is null or c.locked_until <= ${now}::timestamptz)
          order by c.next_attempt_at, c.event_seq nulls first
          limit ${o.limit}
          for update skip locked)
         and d.status = 'pending' and (d.locked_until is null or d.locked_until <= ${now}::timestamptz)
      returning d.id`),
  );
  if (claimed.length === 0) return [];
  const rows = await ctx.db
    .select({ delivery: deliveries, subscription: subscriptions, orgKinds: organisations.kinds, event: events })
    .from(deliveries)
    .innerJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .innerJoin(organisations, eq(organisations.id, subscriptions.orgId))
    .leftJoin(events, eq(events.seq, deliveries.eventSeq))
    .where(inArray(deliveries.id, claimed.map((c) => c.id)));
  return rows.map((r) => ({ ...r, subscription: { ...r.subscription, id: Number(r.subscription.id) } }));
}

/** The items grouped per subscription, each group in order of acceptance (the validation event first). */
function bySubscription(items: Item[]): Item[][] {
  const groups = new Map<number, Item[]>();
  for (const it of items) {
    const k = Number(it.delivery.subscriptionId);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(it);
  }
  const order = (it: Item) => (it.delivery.eventSeq === null ? -1 : Number(it.delivery.eventSeq));
  return [...groups.values()].map((g) => g.sort((a, b) => order(a) - order(b) || a.delivery.createdAt.getTime() - b.delivery.createdAt.getTime()));
}

async function release(ctx: AppContext, items: Item[]): Promise<void> {
  if (items.length === 0) return;
  await ctx.db
    .update(deliveries)
    .set({ lockedUntil: null })
    .where(and(inArray(deliveries.id, items.map((i) => i.delivery.id)), eq(deliveries.status, 'pending')));
}

// ---------------------------------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------------------------------

/** The validation handshake's CloudEvent (Altinn's shape, with Samsvar's required attributes). */
export function validationEvent(ctx: AppContext, subscriptionId: number, deliveryId: string, createdAt: Date): CloudEvent {
  return {
    specversion: '1.0',
    id: deliveryId,
    source: `${ctx.config.PUBLIC_URL.replace(/\/$/, '')}/events/api/v1/subscriptions/${subscriptionId}`,
    type: VALIDATION_EVENT_TYPE,
    time: createdAt.toISOString(),
    resource: `urn:samsvar:events:subscription:${subscriptionId}`,
  };
}

/** Why a delivery must not go out now (it is cancelled), or null. */
function cancelReason(it: Item): string | null {
  const s = it.subscription;
  if (s.deletedAt) return 'the subscription was deleted';
  if (s.status !== 'active') return `the subscription is ${s.status}`;
  if (it.delivery.eventSeq !== null) {
    if (!it.event) return 'the event no longer exists';
    if (!s.validated) return 'the subscription is not validated';
    // Re-checked at delivery: the organisation's kinds may have changed since the fan-out.
    if (!visibleTo({ id: s.orgId, kinds: it.orgKinds }, it.event)) return 'the subscription’s organisation may no longer see this event';
  }
  return null;
}

interface Outcome {
  status: number | null;
  latencyMs: number;
  excerpt: string | null;
  error: string | null;
  retryAfterMs: number | null;
  ok: boolean;
  gone: boolean;
}

function excerptOf(res: GuardedResponse): string | null {
  if (res.body.length === 0) return null;
  // Text columns take no NUL characters.
  return res.body.subarray(0, EXCERPT_BYTES).toString('utf8').replace(/\u0000/g, '');
}

async function send(ctx: AppContext, it: Item, nowMs: number, resolve?: Resolver): Promise<Outcome> {
  const s = it.subscription;
  const ce =
    it.delivery.eventSeq === null
      ? validationEvent(ctx, s.id, it.delivery.id, it.delivery.createdAt)
      : toCloudEvent(it.event!, ctx.config.PUBLIC_URL);
  const body = JSON.stringify(ce);
  const wall = Date.now();
  let secrets: string[];
  try {
    secrets = validSecrets(s.secrets as StoredSecret[], wall).map((st) => decryptSecret(ctx.secret, st));
  } catch {
    // Nothing is sent unsigned: the attempt fails (and is retried) until the owner rotates the secret.
    const error = 'the signing secret cannot be decrypted (was SESSION_SECRET changed?); rotate the subscription’s secret';
    return { status: null, latencyMs: 0, excerpt: null, error, retryAfterMs: null, ok: false, gone: false };
  }
  const started = performance.now();
  try {
    const res = await guardedRequest(s.endPoint, outboundConfig(ctx.config), {
      method: 'POST',
      headers: {
        'content-type': 'application/cloudevents+json; charset=utf-8',
        'user-agent': 'Samsvar-Webhooks/1.0',
        ...webhookHeaders(secrets, it.delivery.id, Math.floor(wall / 1000), body),
      },
      body,
      timeoutMs: ctx.config.EVENTS_TIMEOUT_MS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      resolve,
      // Connections to receivers are reused (pooled per SSRF-checked address).
      keepAlive: true,
    });
    const latencyMs = Math.round(performance.now() - started);
    const ok = res.status >= 200 && res.status < 300;
    let error: string | null = null;
    if (res.status >= 300 && res.status < 400) {
      const loc = res.headers.location;
      error = `HTTP ${res.status}: redirect${loc ? ` to ${String(loc).slice(0, 500)}` : ''} not followed`;
    } else if (!ok) error = `HTTP ${res.status}`;
    return {
      status: res.status,
      latencyMs,
      excerpt: excerptOf(res),
      error,
      retryAfterMs: ok ? null : parseRetryAfter(res.headers['retry-after'], nowMs),
      ok,
      gone: res.status === 410,
    };
  } catch (e) {
    const latencyMs = Math.round(performance.now() - started);
    const msg = e instanceof OutboundError ? (e.kind === 'refused' ? `refused by the outbound guard: ${e.message}` : e.message) : String((e as Error).message ?? e);
    return { status: null, latencyMs, excerpt: null, error: msg.slice(0, 1000), retryAfterMs: null, ok: false, gone: false };
  }
}

/** Disables the subscription (once), cancels its pending deliveries and tells its organisation's admins. */
async function disableSubscription(ctx: AppContext, tx: DbOrTx, sub: Item['subscription'], reason: string, at: Date): Promise<boolean> {
  const [row] = await tx
    .update(subscriptions)
    .set({ status: 'disabled', disabledReason: reason, disabledAt: at })
    .where(and(eq(subscriptions.id, sub.id), eq(subscriptions.status, 'active')))
    .returning({ id: subscriptions.id });
  if (!row) return false;
  await tx
    .update(deliveries)
    .set({ status: 'cancelled', lockedUntil: null, lastError: `cancelled: ${reason}` })
    .where(and(eq(deliveries.subscriptionId, sub.id), eq(deliveries.status, 'pending')));
  const admins = await tx
    .select({ id: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, sub.orgId), inArray(memberships.role, [...ORG_ADMIN_ROLES]), eq(users.disabled, false)));
  const title = {
    nb: `Hendelsesabonnement ${sub.id} er slått av`,
    en: `Event subscription ${sub.id} was disabled`,
  };
  const body = {
    nb: `Abonnementet på ${sub.endPoint} er slått av: ${reason}. Ventende leveranser er kansellert. Opprett et nytt abonnement når mottakeren virker, og hent det som ble gått glipp av med «spill av på nytt» eller pull-API-et.`,
    en: `The subscription to ${sub.endPoint} was disabled: ${reason}. Pending deliveries were cancelled. Create a new subscription once the receiver works, and recover what was missed with a replay or the pull API.`,
  };
  for (const a of admins) {
    await ctx.mail.enqueue(tx, {
      to: a.email,
      subject: `${title.nb} / ${title.en}`,
      text: `${body.nb}\n\n${body.en}\n`,
      kind: 'events.subscription.disabled',
      orgId: sub.orgId,
    });
  }
  await notifyInbox(
    tx,
    admins.map((a) => a.id),
    { kind: 'events.subscription.disabled', title, body, link: `/events/subscriptions/${sub.id}`, dedupeKey: `events.subscription.disabled:${sub.id}:${at.getTime()}` },
  );
  ctx.log.warn({ subscriptionId: sub.id, reason }, 'event subscription disabled');
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Recording successes in batches
// ---------------------------------------------------------------------------------------------------------------

/** How long a success waits for others to be recorded with it in one transaction (across every lane). */
export const RECORD_BATCH_MS = 2;
/** Successes recorded in one transaction at most. */
export const RECORD_BATCH_MAX = 500;
/** A subscription's last_success_at is moved on at most this often by batched successes. */
const LAST_SUCCESS_GRANULARITY = "interval '1 second'";

interface OkRecord {
  it: Item;
  out: Outcome;
  nowMs: number;
  resolve: (r: Partial<RoundResult>) => void;
  reject: (e: unknown) => void;
}
interface OkBatcher {
  queue: OkRecord[];
  scheduled: boolean;
  flushing: boolean;
}
const okBatchers = new WeakMap<AppContext, OkBatcher>();

/**
 * Records a successful attempt together with the others finishing within RECORD_BATCH_MS, one transaction at a
 * time per process: the subscriptions locked first (in id order, as deleteSubscription locks a subscription before
 * its deliveries) and updated only when something changes (validated, failing_since, or last_success_at older
 * than a second), then one insert of the attempts and one update of the deliveries. When the batch fails, each is
 * recorded on its own.
 */
function recordSuccess(ctx: AppContext, it: Item, out: Outcome, nowMs: number): Promise<Partial<RoundResult>> {
  let b = okBatchers.get(ctx);
  if (!b) okBatchers.set(ctx, (b = { queue: [], scheduled: false, flushing: false }));
  const batcher = b;
  return new Promise((resolve, reject) => {
    batcher.queue.push({ it, out, nowMs, resolve, reject });
    scheduleFlush(ctx, batcher);
  });
}

function scheduleFlush(ctx: AppContext, b: OkBatcher): void {
  if (b.scheduled || b.flushing || b.queue.length === 0) return;
  b.scheduled = true;
  setTimeout(() => {
    b.scheduled = false;
    void flushSuccesses(ctx, b);
  }, RECORD_BATCH_MS);
}

async function flushSuccesses(ctx: AppContext, b: OkBatcher): Promise<void> {
  if (b.flushing) return;
  b.flushing = true;
  const batch = b.queue.splice(0, RECORD_BATCH_MAX);
  try {
    await writeSuccesses(ctx, batch);
    for (const r of batch) r.resolve({ delivered: 1 });
  } catch (e) {
    ctx.log.warn({ err: e, n: batch.length }, 'event deliveries could not be recorded together; recording them one by one');
    for (const r of batch) {
      try {
        r.resolve(await recordOne(ctx, r.it, r.out, r.nowMs));
      } catch (e2) {
        r.reject(e2);
      }
    }
  } finally {
    b.flushing = false;
    scheduleFlush(ctx, b);
  }
}

async function writeSuccesses(ctx: AppContext, batch: OkRecord[]): Promise<void> {
  if (batch.length === 0) return;
  const subs = new Map<number, { at: number; validation: boolean }>();
  for (const r of batch) {
    const cur = subs.get(r.it.subscription.id);
    const validation = r.it.delivery.eventSeq === null;
    subs.set(r.it.subscription.id, { at: Math.max(cur?.at ?? 0, r.nowMs), validation: Boolean(cur?.validation) || validation });
  }
  const subIds = [...subs.keys()].sort((a, b) => a - b);
  await ctx.db.transaction(async (tx) => {
    // Lock order: subscriptions (in id order) before deliveries, as deleteSubscription and record do.
    await tx.execute(sql`select id from event_subscriptions where id in (${sql.join(subIds.map((id) => sql`${id}::bigint`), sql`, `)}) order by id for no key update`);
    await tx.execute(sql`
      update event_subscriptions s
         set last_success_at = greatest(s.last_success_at, v.at), failing_since = null,
             validated = s.validated or v.validation,
             validated_at = case when not s.validated and v.validation then v.at else s.validated_at end
        from (values ${sql.join(subIds.map((id) => sql`(${id}::bigint, ${iso(subs.get(id)!.at)}::timestamptz, ${subs.get(id)!.validation}::boolean)`), sql`, `)}) v(id, at, validation)
       where s.id = v.id
         and (s.failing_since is not null or s.last_success_at is null
              or s.last_success_at <= v.at - ${sql.raw(LAST_SUCCESS_GRANULARITY)} or (v.validation and not s.validated))`);
    await tx.execute(sql`
      insert into event_delivery_attempts (delivery_id, attempt, at, status_code, latency_ms, response_excerpt, error)
      values ${sql.join(batch.map((r) => sql`(${r.it.delivery.id}::uuid, ${r.it.delivery.attempts + 1}::int, ${iso(r.nowMs)}::timestamptz, ${r.out.status}::int, ${r.out.latencyMs}::int, ${r.out.excerpt}::text, null)`), sql`, `)}`);
    await tx.execute(sql`
      update event_deliveries d
         set status = 'delivered', attempts = v.attempt, delivered_at = v.at, last_status = v.status, last_error = null, locked_until = null
        from (values ${sql.join(batch.map((r) => sql`(${r.it.delivery.id}::uuid, ${r.it.delivery.attempts + 1}::int, ${iso(r.nowMs)}::timestamptz, ${r.out.status}::int)`), sql`, `)}) v(id, attempt, at, status)
       where d.id = v.id and d.status = 'pending'`);
  });
}

/** Records one attempt and its consequences (successes in batches, see recordSuccess). */
async function record(ctx: AppContext, it: Item, out: Outcome, nowMs: number): Promise<Partial<RoundResult>> {
  if (out.ok) return recordSuccess(ctx, it, out, nowMs);
  return recordOne(ctx, it, out, nowMs);
}

/** Records one attempt and its consequences, in one transaction. */
async function recordOne(ctx: AppContext, it: Item, out: Outcome, nowMs: number): Promise<Partial<RoundResult>> {
  const at = new Date(nowMs);
  const attempt = it.delivery.attempts + 1;
  const sub = it.subscription;
  const result: Partial<RoundResult> = {};
  let mailed = false;
  await ctx.db.transaction(async (tx) => {
    // Lock order: the subscription before the delivery (deleteSubscription locks them in that order too), or a
    // concurrent delete deadlocks with this record.
    await tx.select({ id: subscriptions.id }).from(subscriptions).where(eq(subscriptions.id, sub.id)).for('no key update');
    await tx.insert(deliveryAttempts).values({
      deliveryId: it.delivery.id,
      attempt,
      at,
      statusCode: out.status,
      latencyMs: out.latencyMs,
      responseExcerpt: out.excerpt,
      error: out.error,
    });
    const mine = and(eq(deliveries.id, it.delivery.id), eq(deliveries.status, 'pending'));
    if (out.ok) {
      await tx
        .update(deliveries)
        .set({ status: 'delivered', attempts: attempt, deliveredAt: at, lastStatus: out.status, lastError: null, lockedUntil: null })
        .where(mine);
      await tx
        .update(subscriptions)
        .set({
          lastSuccessAt: at,
          failingSince: null,
          ...(it.delivery.eventSeq === null && !sub.validated ? { validated: true, validatedAt: at } : {}),
        })
        .where(eq(subscriptions.id, sub.id));
      result.delivered = 1;
      return;
    }
    if (out.gone) {
      await tx
        .update(deliveries)
        .set({ status: 'cancelled', attempts: attempt, lastStatus: out.status, lastError: 'HTTP 410 Gone: the subscription was disabled', lockedUntil: null })
        .where(mine);
      result.cancelled = 1;
      if (await disableSubscription(ctx, tx, sub, 'the endpoint answered 410 Gone', at)) {
        result.disabled = 1;
        mailed = true;
      }
      return;
    }
    const dead = attempt >= MAX_ATTEMPTS;
    await tx
      .update(deliveries)
      .set({
        status: dead ? 'dead' : 'pending',
        attempts: attempt,
        lastStatus: out.status,
        lastError: out.error,
        lockedUntil: null,
        nextAttemptAt: dead ? it.delivery.nextAttemptAt : new Date(nowMs + nextAttemptDelayMs(attempt, out.retryAfterMs)),
      })
      .where(mine);
    if (dead) result.dead = 1;
    else result.retried = 1;
    const [s] = await tx
      .update(subscriptions)
      .set({ failingSince: sql`coalesce(${subscriptions.failingSince}, ${at.toISOString()}::timestamptz)` })
      .where(eq(subscriptions.id, sub.id))
      .returning({ failingSince: subscriptions.failingSince, status: subscriptions.status });
    if (s?.status === 'active' && s.failingSince && addCalendarDuration(s.failingSince, disableAfterFailing(ctx)) <= nowMs) {
      const d = disableAfterFailing(ctx);
      const since = s.failingSince.toISOString().slice(0, 16).replace('T', ' ');
      const reason = `every delivery attempt has failed since ${since} UTC (${d.amount} ${d.unit})`;
      if (await disableSubscription(ctx, tx, sub, reason, at)) {
        result.disabled = 1;
        mailed = true;
      }
    }
  });
  if (mailed) await ctx.mail.kick();
  return result;
}

/** Cancels a delivery that must not go out (no attempt: nothing was sent). */
async function cancel(ctx: AppContext, it: Item, reason: string): Promise<void> {
  await ctx.db
    .update(deliveries)
    .set({ status: 'cancelled', lockedUntil: null, lastError: `cancelled: ${reason}` })
    .where(and(eq(deliveries.id, it.delivery.id), eq(deliveries.status, 'pending')));
}

/** One subscription's claimed deliveries, one after another; stops early (releasing the rest) when asked. */
async function runGroup(
  ctx: AppContext,
  group: Item[],
  o: { now: () => number; resolve?: Resolver; stopping?: () => boolean; held?: Set<string> },
): Promise<RoundResult> {
  const res = emptyResult();
  for (let i = 0; i < group.length; i++) {
    const it = group[i]!;
    if (o.stopping?.()) {
      const rest = group.slice(i);
      await release(ctx, rest).finally(() => {
        for (const r of rest) o.held?.delete(r.delivery.id);
      });
      break;
    }
    try {
      const why = cancelReason(it);
      if (why) {
        await cancel(ctx, it, why);
        res.cancelled++;
        continue;
      }
      const out = await send(ctx, it, o.now(), o.resolve);
      const r = await record(ctx, it, out, o.now());
      add(res, r);
      // A disabled subscription ends the group: the rest were cancelled with it.
      if (out.gone || r.disabled) for (const rest of group.slice(i + 1)) rest.subscription.status = 'disabled';
    } catch (e) {
      // The database failed us: leave the row to its lease (it is retried when the lease ends).
      ctx.log.error({ err: e, deliveryId: it.delivery.id }, 'event delivery could not be recorded');
    } finally {
      // Recorded, cancelled or left to its lease: no longer renewed.
      o.held?.delete(it.delivery.id);
    }
  }
  return res;
}

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * One claim-and-send round (tests drive the schedule with it): claims the due deliveries and sends them, up to
 * `concurrency` subscriptions at once, resolving when every one is recorded.
 */
export async function deliverDue(ctx: AppContext, opts: DeliveryOptions = {}): Promise<RoundResult> {
  const now = opts.now ?? Date.now;
  const per = opts.perSubscription ?? PER_SUBSCRIPTION;
  const items = await claim(ctx, { nowMs: now(), limit: opts.limit ?? 500, perSubscription: per, lease: leaseMs(ctx, per) });
  const total = emptyResult();
  total.claimed = items.length;
  const held = new Set(items.map((it) => it.delivery.id));
  const stopRenewal = startLeaseRenewal(ctx, held, now);
  try {
    await pool(bySubscription(items), opts.concurrency ?? ctx.config.EVENTS_CONCURRENCY, async (g) => {
      add(total, await runGroup(ctx, g, { now, resolve: opts.resolve, held }));
    });
  } finally {
    stopRenewal();
  }
  return total;
}

/**
 * The worker role's delivery loop: wakes on every `events` change notice and polls every POLL_MS otherwise; keeps
 * up to `concurrency` subscriptions in flight, claiming more as lanes free up. Resolves to its stop function,
 * which lets in-flight requests finish (each is bounded by EVENTS_TIMEOUT_MS) and releases what it had not sent.
 */
export async function startDeliveryWorker(ctx: AppContext, opts: DeliveryOptions & { pollMs?: number } = {}): Promise<() => Promise<void>> {
  const now = opts.now ?? Date.now;
  const concurrency = opts.concurrency ?? ctx.config.EVENTS_CONCURRENCY;
  const per = opts.perSubscription ?? PER_SUBSCRIPTION;
  const lanes = new Map<number, Promise<void>>();
  const waiting: Item[][] = [];
  /** Claimed rows not yet recorded, cancelled or released: their lease is renewed. */
  const held = new Set<string>();
  let stopped = false;
  let pumping = false;
  let again = false;

  const startLane = (group: Item[]) => {
    const id = Number(group[0]!.delivery.subscriptionId);
    const p = runGroup(ctx, group, { now, resolve: opts.resolve, stopping: () => stopped, held })
      .then(() => undefined)
      .catch((e) => ctx.log.error({ err: e }, 'event delivery lane failed'))
      .finally(() => {
        lanes.delete(id);
        void pump();
      });
    lanes.set(id, p);
  };

  async function pump(): Promise<void> {
    if (stopped) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        while (waiting.length > 0 && lanes.size < concurrency && !stopped) startLane(waiting.shift()!);
        while (!stopped && waiting.length === 0 && lanes.size < concurrency) {
          const free = concurrency - lanes.size;
          const items = await claim(ctx, {
            nowMs: now(),
            limit: free * per,
            perSubscription: per,
            exclude: [...lanes.keys()],
            lease: leaseMs(ctx, per),
          });
          if (items.length === 0) break;
          for (const it of items) held.add(it.delivery.id);
          for (const g of bySubscription(items)) {
            if (lanes.size < concurrency && !stopped) startLane(g);
            else waiting.push(g);
          }
          if (items.length < free * per) break;
        }
      } while (again && !stopped);
    } catch (e) {
      if (!stopped) ctx.log.error({ err: e }, 'event delivery claim failed');
    } finally {
      pumping = false;
    }
  }

  const unlisten = await onChange(ctx.database, 'events', () => void pump());
  const timer = setInterval(() => void pump(), opts.pollMs ?? POLL_MS);
  timer.unref?.();
  const stopRenewal = startLeaseRenewal(ctx, held, now);
  void pump();
  ctx.log.info({ concurrency }, 'event delivery worker started');

  return async () => {
    stopped = true;
    clearInterval(timer);
    await unlisten().catch(() => undefined);
    while (pumping) await new Promise((r) => setTimeout(r, 10));
    await Promise.allSettled([...lanes.values()]);
    const left = waiting.splice(0).flat();
    await release(ctx, left).catch(() => undefined);
    stopRenewal();
    held.clear();
  };
}
