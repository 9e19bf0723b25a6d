/**
 * Who may be told: helpers for definitions' `audience` (members of an organisation, Digdir's staff, vendors' admins)
 * and the visibility cap every notification passes whatever the audience says:
 *
 * - `public` events: anyone;
 * - `org` events: members of the event's organisation, and Digdir's staff (operator admins, operator agents,
 *   auditors: the roles that see every organisation's data); an `org` event without an organisation: staff only;
 * - `operators` events: Digdir's staff only;
 * - disabled users never; an unknown visibility: nobody.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { authTables, CROSS_TENANT_ROLES, OPERATOR_ROLES, type UserRole } from '../auth/index.ts';
import type { DbOrTx } from '../db/index.ts';
import type { Lang, NotifyEvent } from './registry.ts';

const { users, memberships } = authTables;

/** Enabled members of an organisation (optionally only these roles). */
export async function membersOf(tx: DbOrTx, orgId: string | null | undefined, roles?: readonly UserRole[]): Promise<string[]> {
  if (!orgId) return [];
  const rows = await tx
    .select({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(users.disabled, false), roles ? inArray(memberships.role, [...roles]) : undefined));
  return rows.map((r) => r.id);
}

/** Enabled users with one of the roles in any organisation (default: operator admins and agents). */
export async function usersWithRole(tx: DbOrTx, roles: readonly UserRole[] = OPERATOR_ROLES): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(inArray(memberships.role, [...roles]), eq(users.disabled, false)));
  return rows.map((r) => r.id);
}

/** A user the notifier may tell: address, language and memberships (for the visibility cap). */
export interface Recipient {
  id: string;
  email: string;
  lang: Lang;
  memberships: Array<{ orgId: string; role: string }>;
}

/** The enabled users among `ids` with their memberships. */
export async function loadRecipients(tx: DbOrTx, ids: readonly string[]): Promise<Map<string, Recipient>> {
  const out = new Map<string, Recipient>();
  if (ids.length === 0) return out;
  const rows = await tx
    .select({ id: users.id, email: users.email, locale: users.locale, disabled: users.disabled })
    .from(users)
    .where(inArray(users.id, [...ids]));
  for (const u of rows) if (!u.disabled) out.set(u.id, { id: u.id, email: u.email, lang: u.locale === 'en' ? 'en' : 'nb', memberships: [] });
  if (out.size === 0) return out;
  const ms = await tx
    .select({ userId: memberships.userId, orgId: memberships.orgId, role: memberships.role })
    .from(memberships)
    .where(inArray(memberships.userId, [...out.keys()]));
  for (const m of ms) out.get(m.userId)?.memberships.push({ orgId: m.orgId, role: m.role });
  return out;
}

export function isStaff(r: Pick<Recipient, 'memberships'>): boolean {
  return r.memberships.some((m) => (CROSS_TENANT_ROLES as readonly string[]).includes(m.role));
}

/** The visibility cap: may this user learn of this event at all? */
export function mayReceive(r: Pick<Recipient, 'memberships'>, e: Pick<NotifyEvent, 'visibility' | 'orgId'>): boolean {
  switch (e.visibility) {
    case 'public':
      return true;
    case 'operators':
      return isStaff(r);
    case 'org':
      return isStaff(r) || (e.orgId !== null && r.memberships.some((m) => m.orgId === e.orgId));
    default:
      return false;
  }
}
