/**
 * The credentials in subscription links. Subscribing makes a random secret (32 bytes, base64url); only its sha256 is
 * stored (`token_hash`), and it travels once, in the confirmation mail. Mails sent later cannot contain it (Samsvar no
 * longer knows it), so they carry a *signed* token instead: `<subscriber id>.<HMAC(instance secret, id + token_hash)>`.
 * Both kinds open the confirm, manage and unsubscribe pages; a new secret (subscribing again before confirming, or
 * after unsubscribing) makes every earlier link of either kind invalid.
 */
import { eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { hmac, safeEqual, sha256 } from '../../platform/auth/tokens.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { statusSubscribers } from './tables.ts';

export type SubscriberRow = typeof statusSubscribers.$inferSelect;

const RANDOM_RE = /^[A-Za-z0-9_-]{43}$/;
const SIGNED_RE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

/** A new secret and the hash to store. */
export function newSubscriberToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: sha256(token) };
}

/** The link token of later mails to a subscriber (valid while its secret is unchanged). */
export function signedSubscriberToken(secret: string, s: Pick<SubscriberRow, 'id' | 'tokenHash'>): string {
  return `${s.id}.${hmac(secret, `status-subscriber:${s.id}:${s.tokenHash}`)}`;
}

/** The subscriber a token (random or signed) belongs to; undefined for anything else. `lock` takes a row lock. */
export async function subscriberByToken(tx: DbOrTx, secret: string, token: string | undefined, opts: { lock?: boolean } = {}): Promise<SubscriberRow | undefined> {
  const t = (token ?? '').trim();
  const signed = SIGNED_RE.exec(t);
  if (signed) {
    const q = tx.select().from(statusSubscribers).where(eq(statusSubscribers.id, signed[1]));
    const [row] = opts.lock ? await q.for('update') : await q;
    if (!row || !safeEqual(signedSubscriberToken(secret, row), t)) return undefined;
    return row;
  }
  if (!RANDOM_RE.test(t)) return undefined;
  const q = tx.select().from(statusSubscribers).where(eq(statusSubscribers.tokenHash, sha256(t)));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row;
}
