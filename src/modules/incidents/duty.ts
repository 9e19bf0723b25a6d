/**
 * The operator on duty: a roster of who among Digdir's operators is on duty when. Whoever is on duty gets the SLA
 * warnings besides the assignee; outside every entry the operator admins of the operator organisations get them
 * instead, so a warning always reaches someone. Entries may overlap (two people on duty) and last at most 31 days.
 * Every change is audited in the same transaction.
 */
import { and, asc, eq, gt, inArray, lte, lt, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { addCalendarDuration, DEFAULT_TIMEZONE, formatInstant, parseInstant } from '../../kernel/worktime/index.ts';
import { appendAudit, type AuditActor } from '../../platform/audit/index.ts';
import { authTables, type Caller, type UserRole } from '../../platform/auth/index.ts';
import type { AppContext, DemoContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { problems } from '../../platform/http/problem.ts';
import { dutyRoster } from './tables.ts';

const { organisations, memberships, users } = authTables;

/** Roles that may be put on duty. */
export const DUTY_ROLES: readonly UserRole[] = ['operator-admin', 'operator-agent'];
/** The longest single roster entry. */
export const MAX_ENTRY_DAYS = 31;
/** The longest window one roster query may ask for. */
export const MAX_LIST_DAYS = 366;

export interface OnDutyUser {
  userId: string;
  email: string;
  name: string;
}

type DutyRow = typeof dutyRoster.$inferSelect;

function actorOf(caller: Caller | null | undefined): AuditActor {
  return caller ? { userId: caller.user.id, label: caller.user.email } : { label: 'system' };
}

const byName = (a: OnDutyUser, b: OnDutyUser) => a.name.localeCompare(b.name, 'nb') || a.email.localeCompare(b.email);

/**
 * Enabled users with one of `roles` in an operator organisation, one row per user (with the first such
 * organisation), optionally only among `userIds`.
 */
async function operatorMembers(tx: DbOrTx, roles: readonly UserRole[], userIds?: string[]): Promise<Array<OnDutyUser & { orgId: string; role: string }>> {
  if (userIds && userIds.length === 0) return [];
  const rows = await tx
    .select({ userId: users.id, email: users.email, name: users.name, orgId: memberships.orgId, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(
      and(
        inArray(memberships.role, [...roles]),
        eq(users.disabled, false),
        sql`'operator' = any(${organisations.kinds})`,
        userIds ? inArray(users.id, userIds) : undefined,
      ),
    )
    .orderBy(asc(organisations.name));
  const seen = new Map<string, OnDutyUser & { orgId: string; role: string }>();
  for (const r of rows) if (!seen.has(r.userId)) seen.set(r.userId, r);
  return [...seen.values()].sort(byName);
}

/** The operators who may be put on duty (operator admins and agents of operator organisations), by name. */
export async function dutyCandidates(tx: DbOrTx): Promise<Array<OnDutyUser & { role: string }>> {
  return (await operatorMembers(tx, DUTY_ROLES)).map(({ userId, email, name, role }) => ({ userId, email, name, role }));
}

/**
 * Who is on duty at `at`: every enabled operator admin or agent whose roster entry covers it (starts at or before,
 * ends after). When nobody is, the operator admins of the operator organisations (`fallback`).
 */
export async function dutyAt(tx: DbOrTx, at: Date): Promise<{ users: OnDutyUser[]; fallback: boolean; entries: DutyRow[] }> {
  const entries = await tx
    .select()
    .from(dutyRoster)
    .where(and(lte(dutyRoster.startsAt, at), gt(dutyRoster.endsAt, at)))
    .orderBy(asc(dutyRoster.startsAt));
  const onDuty = await operatorMembers(tx, DUTY_ROLES, [...new Set(entries.map((e) => e.userId))]);
  if (onDuty.length > 0) {
    const ids = new Set(onDuty.map((u) => u.userId));
    return { users: onDuty.map(plain), fallback: false, entries: entries.filter((e) => ids.has(e.userId)) };
  }
  return { users: (await operatorMembers(tx, ['operator-admin'])).map(plain), fallback: true, entries: [] };
}
const plain = ({ userId, email, name }: OnDutyUser): OnDutyUser => ({ userId, email, name });

/** The users to warn at `at`: those on duty, or — when nobody is — the operator admins of operator organisations. */
export async function operatorsOnDuty(tx: DbOrTx, at: Date): Promise<OnDutyUser[]> {
  return (await dutyAt(tx, at)).users;
}

// ------------------------------------------------------------------ presentation

export function presentDuty(r: DutyRow, u: { name: string; email: string }, now = new Date()) {
  return {
    id: r.id,
    userId: r.userId,
    name: u.name,
    email: u.email,
    startsAt: formatInstant(r.startsAt),
    endsAt: formatInstant(r.endsAt),
    note: r.note,
    /** The entry covers the current time. */
    current: r.startsAt.getTime() <= now.getTime() && r.endsAt.getTime() > now.getTime(),
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}
export type DutyView = ReturnType<typeof presentDuty>;

async function withUsers(tx: DbOrTx, rows: DutyRow[], now = new Date()): Promise<DutyView[]> {
  const ids = [...new Set(rows.map((r) => r.userId))];
  const us = ids.length ? await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, ids)) : [];
  const byId = new Map(us.map((u) => [u.id, u]));
  return rows.map((r) => presentDuty(r, byId.get(r.userId) ?? { name: '', email: '' }, now));
}

// ------------------------------------------------------------------ use cases

/** Monday 00:00 (Europe/Oslo) of the week containing `at`. */
export function osloWeekStart(at: Date): Date {
  return DateTime.fromJSDate(at, { zone: DEFAULT_TIMEZONE }).startOf('week').toJSDate();
}

function instant(field: string, value: string): Date {
  try {
    return new Date(parseInstant(value));
  } catch (e) {
    throw problems.invalidField(field, (e as Error).message);
  }
}

/**
 * Roster entries overlapping [from, to), by start. `from` defaults to Monday 00:00 of this week (Oslo time), `to` to
 * four weeks after `from`. Both accept an ISO instant or a local date/time in Europe/Oslo.
 */
export async function listDuty(ctx: AppContext, q: { from?: string; to?: string }, now = new Date()) {
  const from = q.from ? instant('querystring.from', q.from) : osloWeekStart(now);
  const to = q.to ? instant('querystring.to', q.to) : new Date(addCalendarDuration(from, { amount: 4, unit: 'weeks' }));
  if (to.getTime() <= from.getTime()) throw problems.invalidField('querystring.to', 'must be after from');
  if (to.getTime() > addCalendarDuration(from, { amount: MAX_LIST_DAYS, unit: 'calendarDays' })) {
    throw problems.invalidField('querystring.to', `must be at most ${MAX_LIST_DAYS} days after from`);
  }
  const rows = await ctx.db
    .select()
    .from(dutyRoster)
    .where(and(lt(dutyRoster.startsAt, to), gt(dutyRoster.endsAt, from)))
    .orderBy(asc(dutyRoster.startsAt), asc(dutyRoster.endsAt));
  return { from: formatInstant(from), to: formatInstant(to), items: await withUsers(ctx.db, rows, now) };
}

/** Who is on duty now, with the entries that put them there; `fallback` when nobody is and the operator admins stand in. */
export async function dutyNow(ctx: AppContext, now = new Date()) {
  const d = await dutyAt(ctx.db, now);
  return { at: formatInstant(now), fallback: d.fallback, users: d.users, entries: await withUsers(ctx.db, d.entries, now) };
}

export interface DutyInput {
  userId: string;
  startsAt: string;
  endsAt: string;
  note?: string | null;
}

/** Puts an operator admin or agent on duty from `startsAt` to `endsAt` (at most 31 days; overlaps allowed). */
export async function createDuty(ctx: AppContext, caller: Caller, input: DutyInput) {
  const startsAt = instant('body.startsAt', input.startsAt);
  const endsAt = instant('body.endsAt', input.endsAt);
  if (endsAt.getTime() <= startsAt.getTime()) throw problems.invalidField('body.endsAt', 'must be after startsAt');
  if (endsAt.getTime() > addCalendarDuration(startsAt, { amount: MAX_ENTRY_DAYS, unit: 'calendarDays' })) {
    throw problems.invalidField('body.endsAt', `must be at most ${MAX_ENTRY_DAYS} days after startsAt (split a longer period into several entries)`);
  }
  const note = input.note?.trim() || null;
  return ctx.db.transaction(async (tx) => {
    const [who] = await operatorMembers(tx, DUTY_ROLES, [input.userId]);
    if (!who) throw problems.invalidField('body.userId', 'must be an enabled operator admin or operator agent of an operator organisation');
    const [row] = await tx.insert(dutyRoster).values({ userId: who.userId, startsAt, endsAt, note, createdBy: caller.user.id }).returning();
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: who.orgId,
      action: 'duty.create',
      targetType: 'duty',
      targetId: row.id,
      after: { userId: row.userId, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString(), note },
      details: { userId: row.userId, startsAt: formatInstant(startsAt), endsAt: formatInstant(endsAt) },
    });
    return presentDuty(row, who);
  });
}

/** Removes a roster entry. */
export async function deleteDuty(ctx: AppContext, caller: Caller, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(dutyRoster).where(eq(dutyRoster.id, id)).for('update');
    if (!row) throw problems.notFound('The duty roster entry');
    await tx.delete(dutyRoster).where(eq(dutyRoster.id, id));
    const [m] = await tx
      .select({ orgId: memberships.orgId })
      .from(memberships)
      .innerJoin(organisations, eq(organisations.id, memberships.orgId))
      .where(and(eq(memberships.userId, row.userId), sql`'operator' = any(${organisations.kinds})`))
      .limit(1);
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: m?.orgId ?? null,
      action: 'duty.delete',
      targetType: 'duty',
      targetId: id,
      before: { userId: row.userId, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString(), note: row.note },
      details: { userId: row.userId, startsAt: formatInstant(row.startsAt), endsAt: formatInstant(row.endsAt) },
    });
  });
}

// ------------------------------------------------------------------ demo

/** Demo: the operator agent (servicedesk@digdir.demo) is on duty this week, Monday to Monday, Oslo time (idempotent). */
export async function dutyDemo(ctx: AppContext, demo: DemoContext): Promise<void> {
  const agent = demo.users.operatorAgent;
  if (!agent) return;
  const startsAt = osloWeekStart(new Date());
  const endsAt = new Date(addCalendarDuration(startsAt, { amount: 1, unit: 'weeks' }));
  const [exists] = await ctx.db
    .select({ id: dutyRoster.id })
    .from(dutyRoster)
    .where(and(eq(dutyRoster.userId, agent.id), eq(dutyRoster.startsAt, startsAt)));
  if (exists) return;
  await ctx.db.insert(dutyRoster).values({ userId: agent.id, startsAt, endsAt, note: 'Vakt denne uka (demo)', createdBy: demo.users.operatorAdmin?.id ?? null });
  demo.log(`demo: ${agent.email} on duty ${formatInstant(startsAt)} – ${formatInstant(endsAt)}`);
}
