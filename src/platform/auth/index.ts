/**
 * Who is calling: a portal session (cookie) or a personal API token (Bearer ssv_…). Every route declares who may
 * call it (`config.access`); `enforceAccess` checks the caller, the role of its active organisation, the token's
 * scope and — for cookie sessions — the CSRF token on unsafe methods.
 */
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/index.ts';
import { HttpProblem, problems } from '../http/problem.ts';
import { CROSS_TENANT_ROLES, type OrgKind, type TokenScope, type UserRole } from './roles.ts';
import { apiTokens, memberships, organisations, sessions, users } from './tables.ts';
import { API_TOKEN_PREFIX, hmac, newSecret, safeEqual, sha256 } from './tokens.ts';

export * from './roles.ts';
export { hashPassword, verifyPassword, passwordProblem } from './password.ts';
export { sha256, newSecret, hmac, API_TOKEN_PREFIX } from './tokens.ts';
export * as authTables from './tables.ts';

export const SESSION_COOKIE = 'samsvar_session';

export interface Membership {
  orgId: string;
  orgNumber: string;
  orgName: string;
  kinds: OrgKind[];
  role: UserRole;
}

export interface Caller {
  user: { id: string; email: string; name: string; locale: string };
  via: 'session' | 'token';
  sessionIdHash?: string;
  tokenId?: string;
  /** Scopes of a token; a session has every scope. */
  scopes: TokenScope[];
  memberships: Membership[];
  /** The organisation the caller acts for (a token is bound to one). */
  active?: Membership;
}

/** Who may call a route: anyone, any logged-in caller, or callers whose active role is in the list. */
export type Access = 'public' | 'authenticated' | readonly UserRole[];

export async function loadMemberships(db: DbOrTx, userId: string): Promise<Membership[]> {
  const rows = await db
    .select({
      orgId: memberships.orgId,
      role: memberships.role,
      orgNumber: organisations.orgNumber,
      orgName: organisations.name,
      kinds: organisations.kinds,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(organisations.name);
  return rows.map((r) => ({ ...r, role: r.role as UserRole, kinds: r.kinds as OrgKind[] }));
}

export async function createSession(
  db: DbOrTx,
  userId: string,
  activeOrgId: string | null,
  ttlHours: number,
  via = 'password',
): Promise<{ cookie: string; idHash: string; expiresAt: Date }> {
  const cookie = newSecret('', 32);
  const idHash = sha256(cookie);
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await db.insert(sessions).values({ idHash, userId, activeOrgId, expiresAt, via });
  return { cookie, idHash, expiresAt };
}

export async function deleteSession(db: DbOrTx, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

export function csrfTokenFor(secret: string, sessionIdHash: string): string {
  return hmac(secret, `csrf:${sessionIdHash}`);
}

export function checkCsrf(secret: string, sessionIdHash: string, presented: string | undefined): boolean {
  if (!presented) return false;
  return safeEqual(csrfTokenFor(secret, sessionIdHash), presented);
}

async function userRow(db: Db, userId: string) {
  const [u] = await db
    .select({ id: users.id, email: users.email, name: users.name, locale: users.locale, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, userId));
  return u && !u.disabled ? u : undefined;
}

export async function callerFromSession(db: Db, cookie: string): Promise<Caller | null> {
  const idHash = sha256(cookie);
  const [s] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, sql`now()`)));
  if (!s) return null;
  const user = await userRow(db, s.userId);
  if (!user) return null;
  const ms = await loadMemberships(db, user.id);
  const active = ms.find((m) => m.orgId === s.activeOrgId) ?? ms[0];
  // Sliding activity stamp, written at most once a minute.
  if (Date.now() - s.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.idHash, idHash));
  }
  return {
    user: { id: user.id, email: user.email, name: user.name, locale: user.locale },
    via: 'session',
    sessionIdHash: idHash,
    scopes: ['read', 'write', 'admin'],
    memberships: ms,
    active,
  };
}

export async function callerFromToken(db: Db, token: string): Promise<Caller | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const [t] = await db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, sha256(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
      ),
    );
  if (!t) return null;
  const user = await userRow(db, t.userId);
  if (!user) return null;
  const ms = await loadMemberships(db, user.id);
  const active = ms.find((m) => m.orgId === t.orgId);
  if (!active) return null; // the membership the token was made for is gone
  if (!t.lastUsedAt || Date.now() - t.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, t.id));
  }
  return {
    user: { id: user.id, email: user.email, name: user.name, locale: user.locale },
    via: 'token',
    tokenId: t.id,
    scopes: t.scopes as TokenScope[],
    memberships: [active],
    active,
  };
}

const SCOPE_RANK: Record<TokenScope, number> = { read: 1, write: 2, admin: 3 };

/**
 * Throws the problem that answers a caller who may not use a route, or returns normally.
 * `requiredScope` defaults to read for safe methods and write otherwise.
 */
export function enforceAccess(opts: {
  access: Access;
  caller: Caller | null;
  method: string;
  requiredScope?: TokenScope;
  csrfHeader?: string;
  secret: string;
}): void {
  const { access, caller, method } = opts;
  if (access === 'public') return;
  if (!caller) throw problems.unauthenticated();
  const safe = method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
  if (caller.via === 'session' && !safe && !checkCsrf(opts.secret, caller.sessionIdHash!, opts.csrfHeader)) {
    throw new HttpProblem(403, 'csrf', 'Missing or wrong x-csrf-token header (take it from GET /api/v1/auth/session).');
  }
  const needed: TokenScope = opts.requiredScope ?? (safe ? 'read' : 'write');
  const has = Math.max(0, ...caller.scopes.map((s) => SCOPE_RANK[s]));
  if (has < SCOPE_RANK[needed]) throw new HttpProblem(403, 'insufficient-scope', `This API token lacks the "${needed}" scope.`);
  if (access === 'authenticated') return;
  if (!caller.active || !access.includes(caller.active.role)) {
    throw problems.forbidden(`This needs one of the roles ${access.join(', ')}.`);
  }
}

/** True when the caller sees every organisation's data (Digdir operators and auditors). */
export function isCrossTenant(caller: Caller | null | undefined): boolean {
  return Boolean(caller?.active && CROSS_TENANT_ROLES.includes(caller.active.role));
}

/**
 * The organisation filter for a query: undefined for cross-tenant callers, else the caller's organisation.
 * Every module's list queries go through this, so a vendor or service owner only ever sees its own rows.
 */
export function orgScope(caller: Caller | null | undefined): string | undefined {
  if (isCrossTenant(caller)) return undefined;
  if (!caller?.active) throw problems.forbidden('You are not a member of any organisation.');
  return caller.active.orgId;
}

/** Throws 404 (not 403: existence is not revealed) unless the caller may see the organisation's data. */
export function assertOrgVisible(caller: Caller | null | undefined, orgId: string, what = 'The organisation'): void {
  const scope = orgScope(caller);
  if (scope !== undefined && scope !== orgId) throw problems.notFound(what);
}

export function newApiToken(): { token: string; prefix: string; hash: string } {
  const token = newSecret(API_TOKEN_PREFIX, 32);
  return { token, prefix: token.slice(0, 10), hash: sha256(token) };
}
