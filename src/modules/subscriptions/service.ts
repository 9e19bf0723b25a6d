/**
 * Status subscriptions (T-3.1.1): subscribe with double opt-in, confirm, change, unsubscribe, and hand a status
 * message to every confirmed subscriber whose components it concerns. Plain functions; every write in one
 * transaction with the mail it causes (outbox).
 */
import { and, arrayOverlaps, asc, eq, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { HttpProblem, problems } from '../../platform/http/problem.ts';
import { componentCatalogue } from '../components/catalogue.ts';
import { getStatusChannel, statusChannels, type Lang, type StatusMessage } from './channels.ts';
import { alreadySubscribedMail, confirmationMail } from './email.ts';
import { statusSubscribers } from './tables.ts';
import { newSubscriberToken, subscriberByToken, type SubscriberRow } from './tokens.ts';

export const EMAIL_RE = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/;
/** Unconfirmed subscriptions are deleted this many days after their last request. */
export const UNCONFIRMED_DAYS = 7;
/** Ended subscriptions (and their addresses) are deleted this many days after unsubscribing; their links then 404. */
export const UNSUBSCRIBED_DAYS = 30;

export interface SubscribeInput {
  email: string;
  components?: readonly string[];
  lang?: string;
}

/** What a token's holder sees of a subscription (the address masked: links get forwarded). */
export interface SubscriptionView {
  address: string;
  channel: string;
  components: string[];
  lang: Lang;
  state: 'pending' | 'confirmed' | 'unsubscribed';
}

/** "ola.nordmann@example.no" → "o***n@example.no". */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  const local = address.slice(0, at);
  return `${local.length <= 2 ? `${local[0]}***` : `${local[0]}***${local[local.length - 1]}`}${address.slice(at)}`;
}

export function subscriptionView(row: SubscriberRow): SubscriptionView {
  return {
    address: maskAddress(row.address),
    channel: row.channel,
    components: row.components,
    lang: row.lang === 'en' ? 'en' : 'nb',
    state: row.unsubscribedAt ? 'unsubscribed' : row.confirmedAt ? 'confirmed' : 'pending',
  };
}

export function normaliseAddress(email: string, field = 'body.email'): string {
  const a = email.trim().toLowerCase();
  if (a.length > 254 || !EMAIL_RE.test(a)) throw problems.invalidField(field, 'is not an e-mail address');
  return a;
}

export function normaliseLang(lang: string | undefined, field = 'body.lang'): Lang {
  if (lang === undefined || lang === '') return 'nb';
  if (lang !== 'nb' && lang !== 'en') throw problems.invalidField(field, 'must be nb or en');
  return lang;
}

/** Known component ids, unique, in catalogue order; empty = every component. */
export function normaliseComponents(ctx: AppContext, ids: readonly string[] | undefined, field = 'body.components'): string[] {
  const wanted = new Set((ids ?? []).map((c) => c.trim()).filter(Boolean));
  const known = componentCatalogue(ctx.policy.policy);
  const knownIds = new Set(known.map((c) => c.id));
  for (const id of wanted) if (!knownIds.has(id)) throw problems.invalidField(field, `unknown component "${id.slice(0, 80)}"`);
  return known.filter((c) => wanted.has(c.id)).map((c) => c.id);
}

export const notFound = () => new HttpProblem(404, 'not-found', 'The link is not valid (it may have been cut off, or replaced by a newer one).');

/**
 * Subscribes an address (double opt-in). The answer is the same whatever the address's state, so it tells nobody
 * whether an address subscribes: a new or unconfirmed or unsubscribed address gets a confirmation mail (with a new
 * secret; earlier links stop working), a confirmed one a note with its manage link and no change.
 */
export async function subscribe(ctx: AppContext, input: SubscribeInput): Promise<void> {
  const address = normaliseAddress(input.email);
  const lang = normaliseLang(input.lang);
  const components = normaliseComponents(ctx, input.components);
  await ctx.db.transaction(async (tx) => {
    const { token, hash } = newSubscriberToken();
    const [created] = await tx
      .insert(statusSubscribers)
      .values({ channel: 'email', address, components, lang, tokenHash: hash })
      .onConflictDoNothing()
      .returning();
    if (created) {
      await ctx.mail.enqueue(tx, confirmationMail(ctx, created, lang, token));
      return;
    }
    const [row] = await tx
      .select()
      .from(statusSubscribers)
      .where(and(eq(statusSubscribers.channel, 'email'), eq(statusSubscribers.address, address)))
      .for('update');
    if (row.confirmedAt && !row.unsubscribedAt) {
      await ctx.mail.enqueue(tx, alreadySubscribedMail(ctx, row));
      return;
    }
    const [renewed] = await tx
      .update(statusSubscribers)
      .set({ components, lang, tokenHash: hash, confirmedAt: null, unsubscribedAt: null, updatedAt: sql`now()` })
      .where(eq(statusSubscribers.id, row.id))
      .returning();
    await ctx.mail.enqueue(tx, confirmationMail(ctx, renewed, lang, token));
  });
  await ctx.mail.kick();
}

/** The subscription a link token opens; 404 for an unknown one. */
export async function subscriptionByToken(ctx: AppContext, token: string | undefined): Promise<SubscriberRow> {
  const row = await subscriberByToken(ctx.db, ctx.secret, token);
  if (!row) throw notFound();
  return row;
}

/** Confirms (double opt-in); idempotent. An unsubscribed subscription stays unsubscribed (subscribe again). */
export async function confirmSubscription(ctx: AppContext, token: string | undefined): Promise<SubscriberRow> {
  return ctx.db.transaction(async (tx) => {
    const row = await subscriberByToken(tx, ctx.secret, token, { lock: true });
    if (!row) throw notFound();
    if (row.confirmedAt || row.unsubscribedAt) return row;
    const [done] = await tx
      .update(statusSubscribers)
      .set({ confirmedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(statusSubscribers.id, row.id))
      .returning();
    return done;
  });
}

/** Changes components and language; 409 once unsubscribed. */
export async function updateSubscription(ctx: AppContext, token: string | undefined, input: { components?: readonly string[]; lang?: string }): Promise<SubscriberRow> {
  const components = normaliseComponents(ctx, input.components);
  const lang = normaliseLang(input.lang);
  return ctx.db.transaction(async (tx) => {
    const row = await subscriberByToken(tx, ctx.secret, token, { lock: true });
    if (!row) throw notFound();
    if (row.unsubscribedAt) throw new HttpProblem(409, 'unsubscribed', 'This subscription has ended. Subscribe again on the status page.');
    const [done] = await tx
      .update(statusSubscribers)
      .set({ components, lang, updatedAt: sql`now()` })
      .where(eq(statusSubscribers.id, row.id))
      .returning();
    return done;
  });
}

/** Ends the subscription (RFC 8058 one-click and the unsubscribe page); idempotent. */
export async function unsubscribe(ctx: AppContext, token: string | undefined): Promise<SubscriberRow> {
  return ctx.db.transaction(async (tx) => {
    const row = await subscriberByToken(tx, ctx.secret, token, { lock: true });
    if (!row) throw notFound();
    if (row.unsubscribedAt) return row;
    const [done] = await tx
      .update(statusSubscribers)
      .set({ unsubscribedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(statusSubscribers.id, row.id))
      .returning();
    return done;
  });
}

/**
 * Confirmed, not unsubscribed subscribers of registered channels whose components meet the message's (or who take
 * every component). `confirmedBy`: only those confirmed by then (an event is not sent to someone who subscribed
 * after it happened).
 */
export async function recipientsOf(tx: DbOrTx, components: readonly string[], opts: { confirmedBy?: Date } = {}): Promise<SubscriberRow[]> {
  const channels = statusChannels().map((c) => c.name);
  if (!channels.length) return [];
  const all = sql`cardinality(${statusSubscribers.components}) = 0`;
  return tx
    .select()
    .from(statusSubscribers)
    .where(
      and(
        inArray(statusSubscribers.channel, channels),
        isNotNull(statusSubscribers.confirmedAt),
        isNull(statusSubscribers.unsubscribedAt),
        opts.confirmedBy ? lte(statusSubscribers.confirmedAt, opts.confirmedBy) : undefined,
        components.length ? or(all, arrayOverlaps(statusSubscribers.components, [...components])) : all,
      ),
    )
    .orderBy(asc(statusSubscribers.id));
}

/** Hands a message to its recipients, per channel, in `tx`; answers how many were queued. */
export async function dispatchStatus(ctx: AppContext, tx: DbOrTx, message: StatusMessage, opts: { confirmedBy?: Date } = {}): Promise<number> {
  const recipients = await recipientsOf(tx, message.components, opts);
  const byChannel = new Map<string, SubscriberRow[]>();
  for (const r of recipients) byChannel.set(r.channel, [...(byChannel.get(r.channel) ?? []), r]);
  let n = 0;
  for (const [name, subs] of byChannel) n += (await getStatusChannel(name)?.deliver(ctx, tx, message, subs)) ?? 0;
  return n;
}

/**
 * Data minimisation: deletes subscriptions never confirmed within UNCONFIRMED_DAYS of their last request, and ended
 * ones UNSUBSCRIBED_DAYS after unsubscribing; answers how many.
 */
export async function purgeSubscribers(db: DbOrTx): Promise<number> {
  const gone = await db
    .delete(statusSubscribers)
    .where(
      or(
        and(isNull(statusSubscribers.confirmedAt), isNull(statusSubscribers.unsubscribedAt), sql`${statusSubscribers.updatedAt} < now() - make_interval(days => ${UNCONFIRMED_DAYS})`),
        sql`${statusSubscribers.unsubscribedAt} < now() - make_interval(days => ${UNSUBSCRIBED_DAYS})`,
      ),
    )
    .returning({ id: statusSubscribers.id });
  return gone.length;
}
