/**
 * Semi-annual access reviews (S-7.2.1): every service owner reports the people with access and whether each is
 * active, every `accessReview.interval` (six months). Reviews are created lazily: the first is due `interval` after
 * the organisation was registered, each next one `interval` after the previous was submitted. A review lists the
 * administrator changes of its period, read from the audit log (member.add / member.role / member.remove records
 * whose role digests decode to an administrator role).
 */
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { appendAudit, auditLog, digest } from '../../platform/audit/index.ts';
import { assertOrgVisible, authTables, ORG_ADMIN_ROLES, USER_ROLES, type Caller } from '../../platform/auth/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { problems } from '../../platform/http/problem.ts';
import { actorOf, durationText, loadOrg, minus, osloDate, plus, requireKind, sendGroupedReminders } from '../registry/index.ts';
import { accessReviews, type AccessReviewEntry } from './tables.ts';

const { organisations, memberships, users } = authTables;

type ReviewRow = typeof accessReviews.$inferSelect;
export type ReviewStatus = 'open' | 'due' | 'overdue' | 'submitted';

export function reviewStatus(ctx: AppContext, r: ReviewRow, now = new Date()): { status: ReviewStatus; remindAt: Date } {
  const remindAt = minus(r.dueAt, ctx.policy.policy.obligations.accessReview.remindBefore);
  if (r.submittedAt) return { status: 'submitted', remindAt };
  if (r.dueAt.getTime() < now.getTime()) return { status: 'overdue', remindAt };
  if (remindAt.getTime() <= now.getTime()) return { status: 'due', remindAt };
  return { status: 'open', remindAt };
}

export function presentReview(ctx: AppContext, r: ReviewRow, now = new Date()) {
  const { status, remindAt } = reviewStatus(ctx, r, now);
  return {
    id: r.id,
    orgId: r.orgId,
    periodStart: r.periodStart.toISOString(),
    dueAt: r.dueAt.toISOString(),
    remindAt: remindAt.toISOString(),
    status,
    overdue: status === 'overdue',
    submittedAt: r.submittedAt?.toISOString() ?? null,
    submittedBy: r.submittedBy,
    entries: r.entries ?? null,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
  };
}
export type ReviewView = ReturnType<typeof presentReview>;

/** The next review's period for an organisation given its latest review (or none). */
function nextPeriod(ctx: AppContext, orgCreatedAt: Date, latest: ReviewRow | undefined): { periodStart: Date; dueAt: Date } {
  const periodStart = latest?.submittedAt ?? orgCreatedAt;
  return { periodStart, dueAt: plus(periodStart, ctx.policy.policy.obligations.accessReview.interval) };
}

async function latestReviews(tx: DbOrTx, orgIds: string[]): Promise<Map<string, ReviewRow>> {
  if (orgIds.length === 0) return new Map();
  const rows = await tx
    .selectDistinctOn([accessReviews.orgId])
    .from(accessReviews)
    .where(inArray(accessReviews.orgId, orgIds))
    .orderBy(accessReviews.orgId, desc(accessReviews.dueAt), desc(accessReviews.createdAt));
  return new Map(rows.map((r) => [r.orgId, r]));
}

/**
 * The current (unsubmitted) review of every service owner — or of the given ones — creating those that are missing.
 * After the first call for an organisation this is one query.
 */
export async function ensureCurrentReviews(ctx: AppContext, orgIds?: string[]): Promise<Map<string, ReviewRow>> {
  const orgs = await ctx.db
    .select({ id: organisations.id, createdAt: organisations.createdAt })
    .from(organisations)
    .where(and(sql`'serviceOwner' = any(${organisations.kinds})`, orgIds ? inArray(organisations.id, orgIds) : undefined));
  const latest = await latestReviews(ctx.db, orgs.map((o) => o.id));
  const current = new Map<string, ReviewRow>();
  const missing = orgs.filter((o) => {
    const l = latest.get(o.id);
    if (l && !l.submittedAt) current.set(o.id, l);
    return !l || l.submittedAt;
  });
  if (missing.length) {
    await ctx.db.transaction(async (tx) => {
      for (const o of missing) current.set(o.id, await ensureCurrentReviewTx(ctx, tx, o.id, o.createdAt));
    });
  }
  return current;
}

/** Inside a transaction: locks the organisation, re-reads its latest review and creates the next one if needed. */
async function ensureCurrentReviewTx(ctx: AppContext, tx: DbOrTx, orgId: string, orgCreatedAt: Date): Promise<ReviewRow> {
  await tx.execute(sql`select id from organisations where id = ${orgId} for update`);
  const l = (await latestReviews(tx, [orgId])).get(orgId);
  if (l && !l.submittedAt) return l;
  const [created] = await tx.insert(accessReviews).values({ orgId, ...nextPeriod(ctx, orgCreatedAt, l) }).returning();
  return created;
}

export async function ensureCurrentReview(ctx: AppContext, orgId: string): Promise<ReviewRow> {
  const r = (await ensureCurrentReviews(ctx, [orgId])).get(orgId);
  if (!r) throw problems.conflict('Access reviews belong to service owner organisations.');
  return r;
}

async function serviceOwnerOrg(ctx: AppContext, caller: Caller, orgId: string) {
  assertOrgVisible(caller, orgId);
  const org = await loadOrg(ctx.db, orgId);
  requireKind(org, 'serviceOwner', 'Access reviews');
  return org;
}

export async function listReviews(ctx: AppContext, caller: Caller, orgId: string, now = new Date()) {
  await serviceOwnerOrg(ctx, caller, orgId);
  await ensureCurrentReview(ctx, orgId);
  const rows = await ctx.db.select().from(accessReviews).where(eq(accessReviews.orgId, orgId)).orderBy(desc(accessReviews.dueAt));
  return rows.map((r) => presentReview(ctx, r, now));
}

// ---------------------------------------------------------------- administrator changes from the audit log

const ROLE_BY_DIGEST = new Map(USER_ROLES.map((r) => [digest({ role: r })!, r]));
const ADMIN_ROLES = new Set<string>(ORG_ADMIN_ROLES);

export interface AdminChange {
  at: string;
  change: 'added' | 'roleChanged' | 'removed';
  userId: string | null;
  name: string | null;
  email: string | null;
  fromRole: string | null;
  toRole: string | null;
  by: string;
}

/**
 * Administrator changes of an organisation in [from, to]: members added as administrators, administrators removed,
 * and role changes to or from an administrator role — as the audit log recorded them.
 */
export async function adminChanges(db: DbOrTx, orgId: string, from: Date, to?: Date): Promise<AdminChange[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.orgId, orgId),
        inArray(auditLog.action, ['member.add', 'member.role', 'member.remove']),
        gte(auditLog.at, from),
        to ? lte(auditLog.at, to) : undefined,
      ),
    )
    .orderBy(asc(auditLog.seq));
  const changes = rows
    .map((r) => {
      const fromRole = r.beforeDigest ? (ROLE_BY_DIGEST.get(r.beforeDigest) ?? null) : null;
      const toRole = r.afterDigest ? (ROLE_BY_DIGEST.get(r.afterDigest) ?? null) : null;
      const change: AdminChange['change'] = r.action === 'member.add' ? 'added' : r.action === 'member.remove' ? 'removed' : 'roleChanged';
      return { r, fromRole, toRole, change };
    })
    .filter((c) => (c.fromRole && ADMIN_ROLES.has(c.fromRole)) || (c.toRole && ADMIN_ROLES.has(c.toRole)));
  const ids = [...new Set(changes.map((c) => c.r.targetId).filter((x): x is string => Boolean(x)))];
  const people = ids.length
    ? await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, ids))
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  return changes.map((c) => ({
    at: c.r.at.toISOString(),
    change: c.change,
    userId: c.r.targetId,
    name: byId.get(c.r.targetId ?? '')?.name ?? null,
    email: byId.get(c.r.targetId ?? '')?.email ?? null,
    fromRole: c.fromRole,
    toRole: c.toRole,
    by: c.r.actorLabel,
  }));
}

/** The organisation's members now, as the starting list of a review. */
async function currentMembers(db: DbOrTx, orgId: string): Promise<AccessReviewEntry[]> {
  const rows = await db
    .select({ name: users.name, email: users.email, role: memberships.role, disabled: users.disabled })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(users.name));
  return rows.map((r) => ({ name: r.name, email: r.email, role: r.role, active: !r.disabled }));
}

/** The current review with its starting list (the members now) and the administrator changes of its period. */
export async function currentReview(ctx: AppContext, caller: Caller, orgId: string, now = new Date()) {
  await serviceOwnerOrg(ctx, caller, orgId);
  const r = await ensureCurrentReview(ctx, orgId);
  const [previous] = await ctx.db
    .select()
    .from(accessReviews)
    .where(and(eq(accessReviews.orgId, orgId), sql`${accessReviews.submittedAt} is not null`))
    .orderBy(desc(accessReviews.submittedAt))
    .limit(1);
  return {
    ...presentReview(ctx, r, now),
    members: await currentMembers(ctx.db, orgId),
    adminChanges: await adminChanges(ctx.db, orgId, r.periodStart),
    previous: previous ? { id: previous.id, submittedAt: previous.submittedAt!.toISOString(), dueAt: previous.dueAt.toISOString() } : null,
  };
}

/** A submitted review with the administrator changes of its period. */
export async function getReview(ctx: AppContext, caller: Caller, id: string, now = new Date()) {
  const [r] = await ctx.db.select().from(accessReviews).where(eq(accessReviews.id, id));
  if (!r) throw problems.notFound('The access review');
  assertOrgVisible(caller, r.orgId, 'The access review');
  return { ...presentReview(ctx, r, now), adminChanges: await adminChanges(ctx.db, r.orgId, r.periodStart, r.submittedAt ?? undefined) };
}

/** The service owner's administrator submits the list of people with access and whether each is active (S-7.2.1). */
export async function submitReview(ctx: AppContext, caller: Caller, id: string, input: { entries: AccessReviewEntry[]; note?: string }) {
  const entries = input.entries.map((e, i) => {
    const name = e.name.trim();
    if (!name) throw problems.invalidField(`body.entries.${i}.name`, 'must not be empty');
    return { name, email: e.email.trim().toLowerCase(), role: e.role.trim(), active: e.active };
  });
  const emails = new Set<string>();
  entries.forEach((e, i) => {
    if (emails.has(e.email)) throw problems.invalidField(`body.entries.${i}.email`, `${e.email} is listed twice`);
    emails.add(e.email);
  });
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx.select().from(accessReviews).where(eq(accessReviews.id, id)).for('update');
    if (!r) throw problems.notFound('The access review');
    assertOrgVisible(caller, r.orgId, 'The access review');
    if (r.submittedAt) throw problems.conflict(`This access review was submitted ${osloDate(r.submittedAt)}; the next one is open.`);
    const now = new Date();
    const changes = await adminChanges(tx, r.orgId, r.periodStart, now);
    const [after] = await tx
      .update(accessReviews)
      .set({ entries, note: input.note?.trim() || null, submittedAt: now, submittedBy: caller.user.id })
      .where(eq(accessReviews.id, id))
      .returning();
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: r.orgId,
      action: 'access-review.submit',
      targetType: 'access-review',
      targetId: id,
      after: { entries, note: after.note },
      details: {
        entries: entries.length,
        active: entries.filter((e) => e.active).length,
        adminChanges: changes.length,
        dueAt: r.dueAt.toISOString(),
        late: r.dueAt.getTime() < now.getTime(),
      },
    });
    const [org] = await tx.select({ createdAt: organisations.createdAt }).from(organisations).where(eq(organisations.id, r.orgId));
    const next = await ensureCurrentReviewTx(ctx, tx, r.orgId, org.createdAt);
    return { ...presentReview(ctx, after, now), adminChanges: changes, next: presentReview(ctx, next, now) };
  });
}

/** Unsubmitted reviews past their due date, every service owner, most overdue first. */
export async function overdueReviews(ctx: AppContext, now = new Date()) {
  const current = await ensureCurrentReviews(ctx);
  const overdue = [...current.values()].filter((r) => reviewStatus(ctx, r, now).status === 'overdue');
  if (overdue.length === 0) return [];
  const orgs = await ctx.db
    .select({ id: organisations.id, name: organisations.name, orgNumber: organisations.orgNumber })
    .from(organisations)
    .where(inArray(organisations.id, overdue.map((r) => r.orgId)));
  const byId = new Map(orgs.map((o) => [o.id, o]));
  return overdue
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
    .map((r) => ({
      ...presentReview(ctx, r, now),
      orgName: byId.get(r.orgId)?.name ?? '',
      orgNumber: byId.get(r.orgId)?.orgNumber ?? '',
      daysOverdue: Math.floor((now.getTime() - r.dueAt.getTime()) / 86400_000),
    }));
}

/** Daily: a reminder `remindBefore` the due date, and one when the review is overdue, to the org's administrators. */
export async function runAccessReviewReminders(ctx: AppContext, now = new Date()) {
  const p = ctx.policy.policy.obligations.accessReview;
  const current = await ensureCurrentReviews(ctx);
  const due = [...current.values()].filter((r) => ['due', 'overdue'].includes(reviewStatus(ctx, r, now).status));
  if (due.length === 0) return { reminded: 0, messages: 0 };
  const orgs = await ctx.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, due.map((r) => r.orgId)));
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const stage = (r: ReviewRow) => reviewStatus(ctx, r, now).status;
  const link = `${ctx.config.PUBLIC_URL}/access-reviews`;
  return sendGroupedReminders(ctx, due, {
    kind: 'access-review',
    orgId: (r) => r.orgId,
    orgName: (r) => names.get(r.orgId) ?? '',
    key: (r) => `access-review:${r.id}:${stage(r)}`,
    alsoClaim: (r) => (stage(r) === 'overdue' ? [`access-review:${r.id}:due`] : []),
    compose: (org, [r]) => {
      const late = stage(r) === 'overdue';
      return {
        subject: late
          ? `Tilgangsgjennomgangen for ${org.name} er forsinket / Access review overdue`
          : `Tilgangsgjennomgang for ${org.name} innen ${osloDate(r.dueAt)} / Access review due`,
        text:
          `Tjenesteeier skal ha oversikt over alle med tilgang og rapportere brukere og om de er aktive hvert halvår, og endringer av administratorer (tjenesteavtale 7.2.1).\n` +
          (late ? `Gjennomgangen for ${org.name} skulle vært levert ${osloDate(r.dueAt)}.\n` : `Gjennomgangen for ${org.name} skal leveres innen ${osloDate(r.dueAt)} (hver ${durationText(p.interval, 'nb')}).\n`) +
          `${link}\n\n` +
          `Service owners keep an overview of everyone with access and report the users and whether they are active every six months, with administrator changes (SLA S-7.2.1).\n` +
          (late ? `The review of ${org.name} was due on ${osloDate(r.dueAt)}.\n` : `The review of ${org.name} is due on ${osloDate(r.dueAt)} (every ${durationText(p.interval, 'en')}).\n`) +
          `${link}\n`,
      };
    },
  });
}

