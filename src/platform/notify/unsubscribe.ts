/**
 * Unsubscribe links: every notification mail carries `${PUBLIC_URL}/notifications/unsubscribe?token=…`. The token
 * is the credential — no table: base64url of [userId, typeFilter, channel] and an HMAC of it under the instance's
 * secret (`ctx.secret`), so it cannot be forged or altered and does not expire. Applying it switches the channel
 * off for the types the filter covers and keeps every other channel as it was.
 */
import { eq } from 'drizzle-orm';
import { authTables, hmac } from '../auth/index.ts';
import { safeEqual } from '../auth/tokens.ts';
import type { DbOrTx } from '../db/index.ts';
import { HttpProblem } from '../http/problem.ts';
import { loadPreferences, lockUserPreferences, replacePreferences, resolvePreference, type PreferenceRow } from './preferences.ts';
import { isTypeFilter, typesMatching, type Channel } from './registry.ts';

const { users } = authTables;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UnsubscribeClaim {
  userId: string;
  typeFilter: string;
  /** The channel to switch off (links in e-mail: "email"). */
  channel: Exclude<Channel, 'none'>;
}

const sign = (secret: string, payload: string) => hmac(secret, `notify-unsubscribe:${payload}`);

export function unsubscribeToken(secret: string, claim: UnsubscribeClaim): string {
  const payload = Buffer.from(JSON.stringify([claim.userId, claim.typeFilter, claim.channel])).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

export function unsubscribeUrl(publicUrl: string, secret: string, claim: UnsubscribeClaim): string {
  return `${publicUrl.replace(/\/$/, '')}/notifications/unsubscribe?token=${unsubscribeToken(secret, claim)}`;
}

const invalid = () => new HttpProblem(400, 'unsubscribe-token', 'The unsubscribe link is not valid (it may have been cut off or changed). Open it again from the e-mail, or change your notifications in the portal.');

/** The claim of a genuine token; a 400 problem for anything else (changed, cut off, forged). */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeClaim {
  const m = /^([A-Za-z0-9_-]{10,800})\.([A-Za-z0-9_-]{43})$/.exec(token.trim());
  if (!m || !safeEqual(sign(secret, m[1]), m[2])) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [userId, typeFilter, channel] = parsed as unknown[];
  if (typeof userId !== 'string' || !UUID_RE.test(userId)) throw invalid();
  if (typeof typeFilter !== 'string' || !isTypeFilter(typeFilter)) throw invalid();
  if (channel !== 'email' && channel !== 'inbox') throw invalid();
  return { userId, typeFilter, channel };
}

/** The user a claim is for (enabled or not), or a 400 when the account is gone. */
export async function claimUser(tx: DbOrTx, claim: UnsubscribeClaim): Promise<{ id: string; email: string; locale: string }> {
  const [u] = await tx.select({ id: users.id, email: users.email, locale: users.locale }).from(users).where(eq(users.id, claim.userId));
  if (!u) throw invalid();
  return u;
}

/** Does the user still get the channel for any type the filter covers (as far as their rules and the defaults say)? */
export function stillSubscribed(rows: readonly PreferenceRow[], claim: UnsubscribeClaim): boolean {
  const types = typesMatching(claim.typeFilter);
  const has = (r: ReturnType<typeof resolvePreference>) => (claim.channel === 'email' ? r.email !== null : r.inbox);
  if (types.some((d) => has(resolvePreference(rows, d.type, null, d.defaults)))) return true;
  // Organisation-specific rules that still carry the channel for a covered type.
  return rows.some((r) => r.orgId !== null && r.channel === claim.channel && coveredBy(claim.typeFilter, r.typeFilter));
}

/** Is every type the filter `inner` covers also covered by the filter `outer`? */
export function coveredBy(outer: string, inner: string): boolean {
  if (outer === '*') return true;
  if (!outer.endsWith('.*')) return inner === outer;
  return inner !== '*' && (inner.endsWith('.*') ? inner.slice(0, -1) : inner).startsWith(outer.slice(0, -1));
}

/**
 * Switches the claim's channel off for every type its filter covers, in the caller's transaction; every other
 * channel stays as it was. Idempotent. For each covered type the rule in force (its own, a prefix's, or the default)
 * is written as an exact rule without the channel (or `none` when nothing is left), and the channel is taken out of
 * the user's rules the filter covers (organisation-specific ones too).
 */
export async function applyUnsubscribe(tx: DbOrTx, claim: UnsubscribeClaim): Promise<void> {
  await lockUserPreferences(tx, claim.userId);
  const rows = await loadPreferences(tx, claim.userId);
  const next = new Map<string, PreferenceRow[]>();
  const keyOf = (filter: string, orgId: string | null) => `${filter}\u0000${orgId ?? ''}`;
  for (const r of rows) {
    const k = keyOf(r.typeFilter, r.orgId);
    next.set(k, [...(next.get(k) ?? []), r]);
  }
  // 1. Every covered type gets an exact rule (all organisations) = what it resolves to now, minus the channel.
  for (const d of typesMatching(claim.typeFilter)) {
    const now = resolvePreference(rows, d.type, null, d.defaults);
    const keep: PreferenceRow[] = [];
    if (now.email !== null && claim.channel !== 'email') keep.push({ typeFilter: d.type, orgId: null, channel: 'email', digest: now.email });
    if (now.inbox && claim.channel !== 'inbox') keep.push({ typeFilter: d.type, orgId: null, channel: 'inbox', digest: 'immediate' });
    next.set(keyOf(d.type, null), keep.length ? keep : [{ typeFilter: d.type, orgId: null, channel: 'none', digest: 'immediate' }]);
  }
  // 2. Every other rule the filter covers loses the channel (an emptied rule becomes `none`).
  for (const [k, group] of next) {
    const [first] = group;
    if (!first || !coveredBy(claim.typeFilter, first.typeFilter)) continue;
    if (!group.some((r) => r.channel === claim.channel)) continue;
    const rest = group.filter((r) => r.channel !== claim.channel);
    next.set(k, rest.length ? rest : [{ typeFilter: first.typeFilter, orgId: first.orgId, channel: 'none', digest: 'immediate' }]);
  }
  await replacePreferences(tx, claim.userId, [...next.values()].flat());
}
