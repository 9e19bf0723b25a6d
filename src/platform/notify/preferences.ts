/**
 * Notification preferences: per user (and optionally per organisation), per type filter (an exact type, a prefix
 * "no.samsvar.incident.*" or "*"), a channel (email | inbox | none) and for e-mail a digest (immediate | daily |
 * weekly). Several rows with the same filter and organisation form one rule ("e-mail and inbox"); `none` stands alone.
 *
 * For an event the most specific matching rule wins as a whole: an exact type beats any prefix, a longer prefix a
 * shorter one, "*" comes last; with equal filters a rule for the event's organisation beats one for all
 * organisations. No matching rule: the type's default — for the users the type is meant for (its audience).
 */
import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { authTables, CROSS_TENANT_ROLES, type UserRole } from '../auth/index.ts';
import type { DbOrTx } from '../db/index.ts';
import { notificationPreferences } from '../events/tables.ts';
import { problems, type FieldError } from '../http/problem.ts';
import {
  CHANNELS,
  DIGESTS,
  filterMatches,
  filterSpecificity,
  getNotification,
  isTypeFilter,
  notificationTypes,
  typesMatching,
  type Channel,
  type Digest,
  type NotificationDefaults,
} from './registry.ts';

const { organisations, users } = authTables;

export interface PreferenceRow {
  typeFilter: string;
  /** The organisation whose events the rule is for; null: every organisation. */
  orgId: string | null;
  channel: Channel;
  digest: Digest;
}

/** What a user gets for one event type. */
export interface Resolved {
  /** E-mail: immediately or in a digest; null for no e-mail. */
  email: Digest | null;
  inbox: boolean;
  /** Where it comes from: the user's rule, the type's default, or nothing (not meant for the user, no rule). */
  source: 'preference' | 'default' | 'none';
  typeFilter: string | null;
  orgId: string | null;
}

const NOTHING: Resolved = { email: null, inbox: false, source: 'none', typeFilter: null, orgId: null };

/**
 * The user's choice for an event of `type` in organisation `orgId` (pure). `fallback` is the type's default for a
 * user it is meant for, null for anyone else (then only an explicit rule tells them).
 */
export function resolvePreference(rows: readonly PreferenceRow[], type: string, orgId: string | null, fallback: NotificationDefaults | null): Resolved {
  let best: PreferenceRow | undefined;
  let bestRank = -1;
  for (const r of rows) {
    if (r.orgId !== null && r.orgId !== orgId) continue;
    if (!filterMatches(r.typeFilter, type)) continue;
    // Filter specificity first, then organisation-specific over all organisations.
    const rank = filterSpecificity(r.typeFilter) * 2 + (r.orgId === null ? 0 : 1);
    if (rank > bestRank) {
      best = r;
      bestRank = rank;
    }
  }
  if (best) {
    const group = rows.filter((r) => r.typeFilter === best!.typeFilter && r.orgId === best!.orgId);
    const email = group.find((r) => r.channel === 'email');
    const none = group.some((r) => r.channel === 'none');
    return {
      email: none || !email ? null : email.digest,
      inbox: !none && group.some((r) => r.channel === 'inbox'),
      source: 'preference',
      typeFilter: best.typeFilter,
      orgId: best.orgId,
    };
  }
  if (!fallback) return NOTHING;
  return {
    email: fallback.channel === 'email' ? fallback.digest : null,
    inbox: fallback.channel === 'inbox',
    source: 'default',
    typeFilter: null,
    orgId: null,
  };
}

function present(r: typeof notificationPreferences.$inferSelect): PreferenceRow {
  return { typeFilter: r.typeFilter, orgId: r.orgId, channel: r.channel as Channel, digest: r.digest as Digest };
}

/** Sort order of a user's rules: by filter, organisation (all first), channel. */
function byRule(a: PreferenceRow, b: PreferenceRow): number {
  return a.typeFilter.localeCompare(b.typeFilter) || (a.orgId ?? '').localeCompare(b.orgId ?? '') || CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel);
}

/** The rules of one user. */
export async function loadPreferences(tx: DbOrTx, userId: string): Promise<PreferenceRow[]> {
  const rows = await tx.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  return rows.map(present).sort(byRule);
}

/** The rules of several users, by user. */
export async function loadPreferencesOf(tx: DbOrTx, userIds: readonly string[]): Promise<Map<string, PreferenceRow[]>> {
  const out = new Map<string, PreferenceRow[]>();
  if (userIds.length === 0) return out;
  const rows = await tx.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, [...userIds]));
  for (const r of rows) {
    const list = out.get(r.userId) ?? [];
    list.push(present(r));
    out.set(r.userId, list);
  }
  return out;
}

/**
 * Users with a rule that may switch the type on for an event of organisation `orgId` (channel email or inbox; a
 * more specific `none` may still win — the caller resolves).
 */
export async function optedInUsers(tx: DbOrTx, type: string, orgId: string | null): Promise<string[]> {
  const p = notificationPreferences;
  const rows = await tx
    .selectDistinct({ userId: p.userId })
    .from(p)
    .where(
      and(
        ne(p.channel, 'none'),
        orgId ? or(isNull(p.orgId), eq(p.orgId, orgId)) : isNull(p.orgId),
        or(
          eq(p.typeFilter, type),
          eq(p.typeFilter, '*'),
          // "prefix.*" covers the type when the type starts with "prefix."
          sql`(right(${p.typeFilter}, 2) = '.*' and left(${type}, length(${p.typeFilter}) - 1) = left(${p.typeFilter}, -1))`,
        ),
      ),
    );
  return rows.map((r) => r.userId);
}

/** What the user gets for every registered type (for events of no particular organisation), as the portal shows it. */
export function effectivePreferences(rows: readonly PreferenceRow[]) {
  return notificationTypes().map((d) => ({ type: d.type, ...resolvePreference(rows, d.type, null, d.defaults) }));
}

export interface PreferenceInput {
  typeFilter: string;
  orgId?: string | null;
  channel: Channel;
  digest?: Digest;
}

/**
 * Checks a whole list of rules for a user and answers the rows to store, or throws a 400 naming every bad item.
 * `orgIds`: the organisations the user may set rules for (their own; every one for Digdir's staff: null).
 */
export async function validatePreferences(tx: DbOrTx, items: readonly PreferenceInput[], allowedOrgIds: ReadonlySet<string> | null): Promise<PreferenceRow[]> {
  const errors: FieldError[] = [];
  const out: PreferenceRow[] = [];
  const seen = new Map<string, Set<Channel>>();
  const unknownOrgs = new Set<string>();
  if (allowedOrgIds === null) {
    const ids = [...new Set(items.map((i) => i.orgId).filter((x): x is string => Boolean(x)))];
    if (ids.length) {
      const found = new Set((await tx.select({ id: organisations.id }).from(organisations).where(inArray(organisations.id, ids))).map((r) => r.id));
      for (const id of ids) if (!found.has(id)) unknownOrgs.add(id);
    }
  }
  items.forEach((item, i) => {
    const at = (f: string) => `body.items.${i}.${f}`;
    const filter = item.typeFilter.trim();
    if (!isTypeFilter(filter)) {
      errors.push({ field: at('typeFilter'), message: 'must be an event type, a prefix ending in ".*", or "*"' });
      return;
    }
    if (filter.endsWith('*') ? typesMatching(filter).length === 0 : !getNotification(filter)) {
      errors.push({ field: at('typeFilter'), message: `matches no notification type (GET /api/v1/notifications/types lists them)` });
      return;
    }
    if (!(CHANNELS as readonly string[]).includes(item.channel)) {
      errors.push({ field: at('channel'), message: `must be one of ${CHANNELS.join(', ')}` });
      return;
    }
    const digest = item.digest ?? 'immediate';
    if (!(DIGESTS as readonly string[]).includes(digest)) {
      errors.push({ field: at('digest'), message: `must be one of ${DIGESTS.join(', ')}` });
      return;
    }
    if (digest !== 'immediate' && item.channel !== 'email') {
      errors.push({ field: at('digest'), message: 'a digest is for e-mail only; the inbox is always immediate' });
      return;
    }
    const orgId = item.orgId ?? null;
    if (orgId && (allowedOrgIds ? !allowedOrgIds.has(orgId) : unknownOrgs.has(orgId))) {
      errors.push({ field: at('orgId'), message: allowedOrgIds ? 'is not an organisation you belong to' : 'is not an organisation' });
      return;
    }
    const key = `${filter}\u0000${orgId ?? ''}`;
    const channels = seen.get(key) ?? new Set<Channel>();
    if (channels.has(item.channel)) {
      errors.push({ field: at('channel'), message: `"${filter}" has channel ${item.channel} twice` });
      return;
    }
    if ((item.channel === 'none' && channels.size > 0) || (item.channel !== 'none' && channels.has('none'))) {
      errors.push({ field: at('channel'), message: `"none" stands alone: "${filter}" cannot be both off and on` });
      return;
    }
    channels.add(item.channel);
    seen.set(key, channels);
    out.push({ typeFilter: filter, orgId, channel: item.channel, digest });
  });
  if (errors.length) throw problems.badRequest(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  return out.sort(byRule);
}

/** Serialises changes of one user's rules (PUT and unsubscribe) in the caller's transaction. */
export async function lockUserPreferences(tx: DbOrTx, userId: string): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('no key update');
}

/** Replaces the user's rules with `rows` (validated) in the caller's transaction. */
export async function replacePreferences(tx: DbOrTx, userId: string, rows: readonly PreferenceRow[]): Promise<void> {
  await tx.delete(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  if (rows.length === 0) return;
  await tx.insert(notificationPreferences).values(rows.map((r) => ({ userId, orgId: r.orgId, typeFilter: r.typeFilter, channel: r.channel, digest: r.digest })));
}

/** The organisations a user may set rules for: their own, or null (any) for Digdir's staff. */
export function allowedOrgs(memberships: ReadonlyArray<{ orgId: string; role: UserRole | string }>): Set<string> | null {
  if (memberships.some((m) => (CROSS_TENANT_ROLES as readonly string[]).includes(m.role))) return null;
  return new Set(memberships.map((m) => m.orgId));
}
