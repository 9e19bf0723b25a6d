/**
 * Organisations, users, memberships, invitations, sessions and personal API tokens as use cases on plain objects.
 * Every administrative act writes its audit record in the same transaction [T-6].
 */
import { and, asc, desc, eq, gt, ilike, isNull, or, sql } from 'drizzle-orm';
import { isValidOrgNumber } from '../../kernel/ids/index.ts';
import { appendAudit, type AuditActor } from '../../platform/audit/index.ts';
import { notifyChange } from '../../platform/changes/index.ts';
import {
  assertOrgVisible,
  authTables,
  createSession,
  CROSS_TENANT_ROLES,
  hashPassword,
  isCrossTenant,
  loadMemberships,
  newApiToken,
  newSecret,
  orgScope,
  passwordProblem,
  ROLE_ORG_KIND,
  sha256,
  verifyPassword,
  type Caller,
  type Membership,
  type OrgKind,
  type TokenScope,
  type UserRole,
} from '../../platform/auth/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { HttpProblem, problems } from '../../platform/http/problem.ts';

const { organisations, users, memberships, invitations, apiTokens, sessions } = authTables;

export type OrganisationRow = typeof organisations.$inferSelect;

export function actorOf(caller: Caller | null | undefined): AuditActor {
  return caller ? { userId: caller.user.id, label: caller.user.email } : { label: 'system' };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkOrgNumber(orgNumber: string): string {
  const n = orgNumber.replace(/\s/g, '');
  if (!isValidOrgNumber(n)) throw problems.invalidField('orgNumber', 'is not a valid Norwegian organisation number (9 digits, mod 11)');
  return n;
}

function checkRoleFitsOrg(role: UserRole, kinds: string[]): void {
  const kind = ROLE_ORG_KIND[role];
  if (!kinds.includes(kind)) {
    throw problems.invalidField('role', `the role ${role} belongs to ${kind} organisations; this organisation is ${kinds.join(', ') || 'of no kind'}`);
  }
}

// ---------------------------------------------------------------- log-in and sessions

export interface SessionView {
  user: { id: string; email: string; name: string; locale: string };
  memberships: Membership[];
  activeOrgId: string | null;
}

export async function login(
  ctx: AppContext,
  input: { email: string; password: string; clientKey: string },
): Promise<{ cookie: string; expiresAt: Date; view: SessionView; sessionIdHash: string }> {
  const email = normaliseEmail(input.email);
  const limitKey = `${input.clientKey}|${email}`;
  const wait = await ctx.loginLimiter.blockedFor(limitKey);
  if (wait > 0) throw problems.tooMany(`Too many failed log-ins. Try again in ${Math.ceil(wait / 60)} minutes.`, wait);
  const [u] = await ctx.db.select().from(users).where(sql`lower(${users.email}) = ${email}`);
  const ok = await verifyPassword(input.password, u?.passwordHash);
  if (!u || !ok || u.disabled) {
    const blocked = await ctx.loginLimiter.fail(limitKey);
    if (blocked > 0) throw problems.tooMany(`Too many failed log-ins. Try again in ${Math.ceil(blocked / 60)} minutes.`, blocked);
    throw new HttpProblem(401, 'invalid-credentials', 'Wrong e-mail or password.');
  }
  await ctx.loginLimiter.reset(limitKey);
  return startSession(ctx, u.id, 'password');
}

export async function startSession(ctx: AppContext, userId: string, via: string) {
  const ms = await loadMemberships(ctx.db, userId);
  const s = await createSession(ctx.db, userId, ms[0]?.orgId ?? null, ctx.config.SESSION_TTL_HOURS, via);
  const view = await sessionView(ctx, userId, ms[0]?.orgId ?? null);
  return { cookie: s.cookie, expiresAt: s.expiresAt, view, sessionIdHash: s.idHash };
}

export async function sessionView(ctx: AppContext, userId: string, activeOrgId: string | null): Promise<SessionView> {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, userId));
  const ms = await loadMemberships(ctx.db, userId);
  return {
    user: { id: u.id, email: u.email, name: u.name, locale: u.locale },
    memberships: ms,
    activeOrgId: ms.find((m) => m.orgId === activeOrgId)?.orgId ?? ms[0]?.orgId ?? null,
  };
}

export async function setActiveOrg(ctx: AppContext, caller: Caller, orgId: string): Promise<void> {
  if (caller.via !== 'session') throw problems.badRequest('Only portal sessions switch organisation; an API token is bound to one.');
  if (!caller.memberships.some((m) => m.orgId === orgId)) throw problems.notFound('The organisation');
  await ctx.db.update(sessions).set({ activeOrgId: orgId }).where(eq(sessions.idHash, caller.sessionIdHash!));
}

// ---------------------------------------------------------------- organisations

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function encodeCursor(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}
function decodeCursor(cursor: string | undefined): unknown[] | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Array.isArray(v)) return v;
  } catch {
    /* fall through */
  }
  throw problems.invalidField('cursor', 'is not a cursor this API gave out');
}

export function presentOrg(o: OrganisationRow) {
  return { id: o.id, orgNumber: o.orgNumber, name: o.name, kinds: o.kinds as OrgKind[], createdAt: o.createdAt.toISOString() };
}

export async function listOrganisations(
  ctx: AppContext,
  caller: Caller,
  q: { q?: string; cursor?: string; limit: number; kind?: OrgKind },
): Promise<Page<ReturnType<typeof presentOrg>>> {
  const scope = orgScope(caller);
  const after = decodeCursor(q.cursor) as [string, string] | undefined;
  const conds = [];
  if (scope) conds.push(eq(organisations.id, scope));
  if (q.q) conds.push(or(ilike(organisations.name, `%${q.q}%`), ilike(organisations.orgNumber, `${q.q.replace(/\s/g, '')}%`)));
  if (q.kind) conds.push(sql`${q.kind} = any(${organisations.kinds})`);
  if (after) conds.push(sql`(${organisations.name}, ${organisations.id}) > (${after[0]}, ${after[1]}::uuid)`);
  const rows = await ctx.db
    .select()
    .from(organisations)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(organisations.name), asc(organisations.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items: items.map(presentOrg), nextCursor: more && last ? encodeCursor([last.name, last.id]) : null };
}

export async function getOrganisation(ctx: AppContext, caller: Caller, id: string) {
  assertOrgVisible(caller, id);
  const [o] = await ctx.db.select().from(organisations).where(eq(organisations.id, id));
  if (!o) throw problems.notFound('The organisation');
  return presentOrg(o);
}

export async function createOrganisation(
  ctx: AppContext,
  caller: Caller | null,
  input: { orgNumber: string; name: string; kinds: OrgKind[] },
  tx: DbOrTx = ctx.db,
) {
  const orgNumber = checkOrgNumber(input.orgNumber);
  const name = input.name.trim();
  if (!name) throw problems.invalidField('name', 'must not be empty');
  const run = async (t: DbOrTx) => {
    const [exists] = await t.select({ id: organisations.id }).from(organisations).where(eq(organisations.orgNumber, orgNumber));
    if (exists) throw problems.conflict(`An organisation with number ${orgNumber} already exists.`);
    const [o] = await t.insert(organisations).values({ orgNumber, name, kinds: [...new Set(input.kinds)] }).returning();
    await appendAudit(t, { actor: actorOf(caller), orgId: o.id, action: 'organisation.create', targetType: 'organisation', targetId: o.id, after: presentOrg(o) });
    return presentOrg(o);
  };
  return tx === ctx.db ? ctx.db.transaction(run) : run(tx);
}

export async function updateOrganisation(ctx: AppContext, caller: Caller, id: string, patch: { name?: string; kinds?: OrgKind[] }) {
  assertOrgVisible(caller, id);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(organisations).where(eq(organisations.id, id)).for('update');
    if (!before) throw problems.notFound('The organisation');
    const next = {
      name: patch.name?.trim() || before.name,
      kinds: patch.kinds ? [...new Set(patch.kinds)] : before.kinds,
      updatedAt: new Date(),
    };
    if (patch.kinds) {
      const ms = await tx.select().from(memberships).where(eq(memberships.orgId, id));
      for (const m of ms) {
        if (!next.kinds.includes(ROLE_ORG_KIND[m.role as UserRole])) {
          throw problems.invalidField('kinds', `a member still has the role ${m.role}, which needs kind ${ROLE_ORG_KIND[m.role as UserRole]}`);
        }
      }
    }
    const [after] = await tx.update(organisations).set(next).where(eq(organisations.id, id)).returning();
    // An organisation's kinds decide whether it is a vendor: gateways refresh their access snapshot.
    if (patch.kinds) await notifyChange(tx, 'access');
    await appendAudit(tx, { actor: actorOf(caller), orgId: id, action: 'organisation.update', targetType: 'organisation', targetId: id, before: presentOrg(before), after: presentOrg(after) });
    return presentOrg(after);
  });
}

// ---------------------------------------------------------------- members

/** Organisation admins manage their own organisation; operator admins manage every organisation. */
function assertCanAdminOrg(caller: Caller, orgId: string): void {
  assertOrgVisible(caller, orgId);
  const role = caller.active?.role;
  if (role === 'operator-admin') return;
  if ((role === 'serviceowner-admin' || role === 'vendor-admin') && caller.active?.orgId === orgId) return;
  throw problems.forbidden('Only administrators of the organisation (or Digdir operator admins) manage its members.');
}

export async function listMembers(ctx: AppContext, caller: Caller, orgId: string) {
  assertOrgVisible(caller, orgId);
  const rows = await ctx.db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, createdAt: memberships.createdAt, disabled: users.disabled })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(users.name));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

async function orgKinds(t: DbOrTx, orgId: string): Promise<string[]> {
  const [o] = await t.select({ kinds: organisations.kinds }).from(organisations).where(eq(organisations.id, orgId));
  if (!o) throw problems.notFound('The organisation');
  return o.kinds;
}

export async function updateMemberRole(ctx: AppContext, caller: Caller, orgId: string, userId: string, role: UserRole) {
  assertCanAdminOrg(caller, orgId);
  return ctx.db.transaction(async (tx) => {
    checkRoleFitsOrg(role, await orgKinds(tx, orgId));
    const [before] = await tx.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId))).for('update');
    if (!before) throw problems.notFound('The member');
    await assertNotLastAdmin(tx, orgId, before.role, role);
    await tx.update(memberships).set({ role }).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
    await appendAudit(tx, { actor: actorOf(caller), orgId, action: 'member.role', targetType: 'user', targetId: userId, before: { role: before.role }, after: { role } });
    return { userId, role };
  });
}

const ADMIN_ROLES = ['operator-admin', 'serviceowner-admin', 'vendor-admin'];

async function assertNotLastAdmin(tx: DbOrTx, orgId: string, fromRole: string, toRole: string | null): Promise<void> {
  if (!ADMIN_ROLES.includes(fromRole) || (toRole && ADMIN_ROLES.includes(toRole))) return;
  const [{ n }] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, fromRole)));
  if (n <= 1) throw problems.conflict('An organisation keeps at least one administrator.');
}

export async function removeMember(ctx: AppContext, caller: Caller, orgId: string, userId: string) {
  assertCanAdminOrg(caller, orgId);
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId))).for('update');
    if (!before) throw problems.notFound('The member');
    await assertNotLastAdmin(tx, orgId, before.role, null);
    await tx.delete(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
    await tx.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
    await appendAudit(tx, { actor: actorOf(caller), orgId, action: 'member.remove', targetType: 'user', targetId: userId, before: { role: before.role } });
  });
}

/** Adds a user to an organisation directly (CLI and demo). */
export async function addMember(tx: DbOrTx, actor: AuditActor, orgId: string, userId: string, role: UserRole) {
  checkRoleFitsOrg(role, await orgKinds(tx, orgId));
  await tx.insert(memberships).values({ orgId, userId, role }).onConflictDoUpdate({ target: [memberships.userId, memberships.orgId], set: { role } });
  await appendAudit(tx, { actor, orgId, action: 'member.add', targetType: 'user', targetId: userId, after: { role } });
}

// ---------------------------------------------------------------- invitations

function presentInvitation(i: typeof invitations.$inferSelect) {
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    expiresAt: i.expiresAt.toISOString(),
    acceptedAt: i.acceptedAt?.toISOString() ?? null,
    createdAt: i.createdAt.toISOString(),
  };
}

export async function listInvitations(ctx: AppContext, caller: Caller, orgId: string) {
  assertCanAdminOrg(caller, orgId);
  const rows = await ctx.db.select().from(invitations).where(eq(invitations.orgId, orgId)).orderBy(desc(invitations.createdAt));
  return rows.map(presentInvitation);
}

export async function invite(ctx: AppContext, caller: Caller, orgId: string, input: { email: string; role: UserRole }) {
  assertCanAdminOrg(caller, orgId);
  const email = normaliseEmail(input.email);
  const token = newSecret('inv_', 24);
  const result = await ctx.db.transaction(async (tx) => {
    const [org] = await tx.select().from(organisations).where(eq(organisations.id, orgId));
    if (!org) throw problems.notFound('The organisation');
    checkRoleFitsOrg(input.role, org.kinds);
    const [member] = await tx
      .select({ id: users.id })
      .from(users)
      .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.orgId, orgId)))
      .where(sql`lower(${users.email}) = ${email}`);
    if (member) throw problems.conflict(`${email} is already a member of ${org.name}.`);
    const [inv] = await tx
      .insert(invitations)
      .values({
        orgId,
        email,
        role: input.role,
        tokenHash: sha256(token),
        invitedBy: caller.user.id,
        expiresAt: new Date(Date.now() + ctx.config.INVITATION_TTL_DAYS * 86400_000),
      })
      .returning();
    const link = `${ctx.config.PUBLIC_URL}/invitation/${token}`;
    await ctx.mail.enqueue(tx, {
      to: email,
      kind: 'invitation',
      orgId,
      subject: `Invitasjon til Samsvar: ${org.name} / Invitation to Samsvar`,
      text:
        `${caller.user.name} har invitert deg til ${org.name} i Samsvar med rollen ${input.role}.\n` +
        `Godta invitasjonen her (gyldig til ${inv.expiresAt.toISOString().slice(0, 10)}):\n${link}\n\n` +
        `${caller.user.name} has invited you to ${org.name} in Samsvar with the role ${input.role}.\nAccept the invitation: ${link}\n`,
    });
    await appendAudit(tx, { actor: actorOf(caller), orgId, action: 'invitation.create', targetType: 'invitation', targetId: inv.id, after: { email, role: input.role } });
    return presentInvitation(inv);
  });
  await ctx.mail.kick();
  return result;
}

export async function revokeInvitation(ctx: AppContext, caller: Caller, orgId: string, id: string) {
  assertCanAdminOrg(caller, orgId);
  await ctx.db.transaction(async (tx) => {
    const [inv] = await tx.delete(invitations).where(and(eq(invitations.id, id), eq(invitations.orgId, orgId), isNull(invitations.acceptedAt))).returning();
    if (!inv) throw problems.notFound('The open invitation');
    await appendAudit(tx, { actor: actorOf(caller), orgId, action: 'invitation.revoke', targetType: 'invitation', targetId: id, before: { email: inv.email, role: inv.role } });
  });
}

async function openInvitation(t: DbOrTx, token: string) {
  const [row] = await t
    .select({ inv: invitations, orgName: organisations.name })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.orgId))
    .where(and(eq(invitations.tokenHash, sha256(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, sql`now()`)));
  if (!row) throw problems.notFound('The invitation (it may have expired or been used)');
  return row;
}

export async function describeInvitation(ctx: AppContext, token: string) {
  const { inv, orgName } = await openInvitation(ctx.db, token);
  const [existing] = await ctx.db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${inv.email}`);
  return { email: inv.email, orgName, role: inv.role, expiresAt: inv.expiresAt.toISOString(), existingAccount: Boolean(existing) };
}

/**
 * Accepts an invitation. A caller already logged in (e.g. through ID-porten, whose accounts have no password and
 * often no e-mail) takes the membership for the account they are logged in with: holding the link sent to the
 * invited address is the proof, as in most products. Otherwise an existing account with the invited e-mail proves
 * itself with its password, or a new account is created.
 */
export async function acceptInvitation(
  ctx: AppContext,
  token: string,
  input: { name?: string; password?: string },
  caller?: Caller | null,
) {
  const userId = await ctx.db.transaction(async (tx) => {
    const { inv } = await openInvitation(tx, token);
    let uid: string;
    if (caller) {
      uid = caller.user.id;
    } else {
      const [existing] = await tx.select().from(users).where(sql`lower(${users.email}) = ${inv.email}`);
      if (existing) {
        if (!(await verifyPassword(input.password ?? '', existing.passwordHash))) {
          throw new HttpProblem(401, 'invalid-credentials', 'Wrong password for the existing account (or log in first, then open the link).');
        }
        uid = existing.id;
      } else {
        const bad = passwordProblem(input.password ?? '');
        if (bad) throw problems.invalidField('body.password', bad);
        const name = input.name?.trim();
        if (!name) throw problems.invalidField('body.name', 'is required for a new account');
        const [u] = await tx.insert(users).values({ email: inv.email, name, passwordHash: await hashPassword(input.password!) }).returning();
        uid = u.id;
        await appendAudit(tx, { actor: { userId: uid, label: inv.email }, orgId: inv.orgId, action: 'user.create', targetType: 'user', targetId: uid, after: { email: inv.email, name } });
      }
    }
    const [already] = await tx.select().from(memberships).where(and(eq(memberships.orgId, inv.orgId), eq(memberships.userId, uid)));
    if (already) throw problems.conflict('You are already a member of this organisation.');
    await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, inv.id));
    const actor = { userId: uid, label: caller?.user.email ?? inv.email };
    await addMember(tx, actor, inv.orgId, uid, inv.role as UserRole);
    await appendAudit(tx, { actor, orgId: inv.orgId, action: 'invitation.accept', targetType: 'invitation', targetId: inv.id, details: { invitedEmail: inv.email } });
    return uid;
  });
  return startSession(ctx, userId, caller ? 'session' : 'invitation');
}

// ---------------------------------------------------------------- users

export async function createUser(
  tx: DbOrTx,
  actor: AuditActor,
  input: { email: string; name: string; password?: string },
): Promise<{ id: string; email: string }> {
  const email = normaliseEmail(input.email);
  if (input.password) {
    const bad = passwordProblem(input.password);
    if (bad) throw problems.invalidField('password', bad);
  }
  const [u] = await tx
    .insert(users)
    .values({ email, name: input.name, passwordHash: input.password ? await hashPassword(input.password) : null })
    .returning();
  await appendAudit(tx, { actor, action: 'user.create', targetType: 'user', targetId: u.id, after: { email, name: input.name } });
  return { id: u.id, email };
}

export async function listUsers(ctx: AppContext, q: { q?: string; limit: number }) {
  const rows = await ctx.db
    .select()
    .from(users)
    .where(q.q ? or(ilike(users.email, `%${q.q}%`), ilike(users.name, `%${q.q}%`)) : undefined)
    .orderBy(asc(users.name))
    .limit(q.limit);
  const out = [];
  for (const u of rows) {
    out.push({
      id: u.id,
      email: u.email,
      name: u.name,
      disabled: u.disabled,
      createdAt: u.createdAt.toISOString(),
      memberships: await loadMemberships(ctx.db, u.id),
    });
  }
  return out;
}

export async function setUserDisabled(ctx: AppContext, caller: Caller, id: string, disabled: boolean) {
  if (id === caller.user.id && disabled) throw problems.conflict('You cannot disable your own account.');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!before) throw problems.notFound('The user');
    await tx.update(users).set({ disabled, updatedAt: new Date() }).where(eq(users.id, id));
    if (disabled) await tx.delete(sessions).where(eq(sessions.userId, id));
    await appendAudit(tx, { actor: actorOf(caller), action: disabled ? 'user.disable' : 'user.enable', targetType: 'user', targetId: id, before: { disabled: before.disabled }, after: { disabled } });
    return { id, disabled };
  });
}

export async function updateProfile(ctx: AppContext, caller: Caller, patch: { name?: string; locale?: 'nb' | 'en' }) {
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, caller.user.id));
    const next = { name: patch.name?.trim() || before.name, locale: patch.locale ?? before.locale, updatedAt: new Date() };
    await tx.update(users).set(next).where(eq(users.id, caller.user.id));
    await appendAudit(tx, { actor: actorOf(caller), action: 'user.profile', targetType: 'user', targetId: caller.user.id, before: { name: before.name, locale: before.locale }, after: { name: next.name, locale: next.locale } });
    return { id: caller.user.id, email: caller.user.email, name: next.name, locale: next.locale };
  });
}

export async function changePassword(ctx: AppContext, caller: Caller, currentPassword: string, newPassword: string) {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, caller.user.id));
  if (u.passwordHash && !(await verifyPassword(currentPassword, u.passwordHash))) {
    throw new HttpProblem(400, 'validation', 'The current password is wrong.', { errors: [{ field: 'body.currentPassword', message: 'is wrong' }] });
  }
  const bad = passwordProblem(newPassword);
  if (bad) throw problems.invalidField('body.newPassword', bad);
  const hash = await hashPassword(newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash: hash, updatedAt: new Date() }).where(eq(users.id, u.id));
    // Other sessions end; this one stays.
    await tx.delete(sessions).where(and(eq(sessions.userId, u.id), caller.sessionIdHash ? sql`${sessions.idHash} <> ${caller.sessionIdHash}` : undefined));
    await appendAudit(tx, { actor: actorOf(caller), action: 'user.password', targetType: 'user', targetId: u.id });
  });
}

// ---------------------------------------------------------------- API tokens

function presentToken(t: typeof apiTokens.$inferSelect) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    orgId: t.orgId,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

export async function listTokens(ctx: AppContext, caller: Caller) {
  const rows = await ctx.db.select().from(apiTokens).where(eq(apiTokens.userId, caller.user.id)).orderBy(desc(apiTokens.createdAt));
  return rows.map(presentToken);
}

export async function createToken(
  ctx: AppContext,
  caller: Caller,
  input: { name: string; scopes: TokenScope[]; orgId?: string; expiresInDays?: number },
) {
  if (caller.via === 'token') throw problems.forbidden('API tokens are made in the portal, not with another token.');
  const orgId = input.orgId ?? caller.active?.orgId;
  const m = caller.memberships.find((x) => x.orgId === orgId);
  if (!orgId || !m) throw problems.invalidField('orgId', 'you are not a member of this organisation');
  const { token, prefix, hash } = newApiToken();
  const row = await ctx.db.transaction(async (tx) => {
    const [t] = await tx
      .insert(apiTokens)
      .values({
        userId: caller.user.id,
        orgId,
        name: input.name.trim(),
        prefix,
        tokenHash: hash,
        scopes: [...new Set(input.scopes)],
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86400_000) : null,
      })
      .returning();
    await appendAudit(tx, { actor: actorOf(caller), orgId, action: 'token.create', targetType: 'api-token', targetId: t.id, after: { name: t.name, scopes: t.scopes, prefix } });
    return t;
  });
  return { token, ...presentToken(row) };
}

export async function revokeToken(ctx: AppContext, caller: Caller, id: string) {
  await ctx.db.transaction(async (tx) => {
    const [t] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, caller.user.id), isNull(apiTokens.revokedAt)))
      .returning();
    if (!t) throw problems.notFound('The active token');
    await appendAudit(tx, { actor: actorOf(caller), orgId: t.orgId, action: 'token.revoke', targetType: 'api-token', targetId: id });
  });
}

export { isCrossTenant, CROSS_TENANT_ROLES };
