/**
 * Deviation cases (S-8): a repeated failure by either party to meet a requirement of the agreement, settled at the
 * lowest level of the policy's escalation ladder and moved up exactly one step at a time with a recorded reason.
 * Every level has its own contacts (the operator's side and each service owner's side); on opening and on each
 * escalation the contacts of the new level are mailed (portal inbox items come from the notification service), and who was told is
 * kept in the case's history. Breached SLA clocks (incident_clocks) open or join a case; `candidates` groups the
 * breaches no case holds yet by party, organisation and clause and flags repeated ones.
 * Every act is audited in its own transaction.
 */
import { and, asc, desc, eq, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { addCalendarDuration, type CalendarDuration } from '../../kernel/worktime/index.ts';
import { appendAudit, type AuditActor } from '../../platform/audit/index.ts';
import { assertOrgVisible, authTables, isCrossTenant, orgScope, type Caller } from '../../platform/auth/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { problems } from '../../platform/http/problem.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { incidentClocks, incidents, refCounters } from '../incidents/tables.ts';
import { deviationCases, deviationEvents, deviationItems, escalationContacts } from './tables.ts';

const { organisations, users, memberships } = authTables;

export type Party = 'operator' | 'serviceOwner';
export type CaseRow = typeof deviationCases.$inferSelect;
type ContactRow = typeof escalationContacts.$inferSelect;
type Text = { nb: string; en: string };

/** Breaches of the same party, organisation and clause this close together make a repeated failure (default; the policy's `escalationLadder.repeatWindow` wins). */
export const REPEAT_WINDOW_DAYS = 90;
export function repeatWindow(ctx: AppContext): CalendarDuration {
  return ctx.policy.policy.escalationLadder.repeatWindow ?? { amount: REPEAT_WINDOW_DAYS, unit: 'calendarDays' };
}
export const REF_PREFIX = 'AVV';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function actorOf(caller: Caller | null | undefined): AuditActor {
  return caller ? { userId: caller.user.id, label: caller.user.email } : { label: 'system' };
}

// ============================================================================================ the ladder

export interface LadderLevel {
  id: string;
  level: number;
  name: Text;
  description?: Text;
}

/** The escalation ladder of the policy, lowest level first. */
export function ladder(ctx: AppContext): LadderLevel[] {
  return [...ctx.policy.policy.escalationLadder.levels]
    .sort((a, b) => a.level - b.level)
    .map((l) => ({ id: l.id, level: l.level, name: l.name, ...(l.description ? { description: l.description } : {}) }));
}

function levelIndex(ctx: AppContext, id: string): number {
  return ladder(ctx).findIndex((l) => l.id === id);
}

function requireLevel(ctx: AppContext, id: string, field: string): LadderLevel {
  const l = ladder(ctx).find((x) => x.id === id);
  if (!l) throw problems.invalidField(field, `must be a level of the escalation ladder: ${ladder(ctx).map((x) => x.id).join(', ')}`);
  return l;
}

/** The year of an instant in Oslo time (references count per year). */
export function osloYear(at: Date): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric' }).format(at));
}

/** The next reference, e.g. "AVV-2026-0003", counted in `ref_counters` inside the caller's transaction. */
export async function nextRef(tx: DbOrTx, at = new Date()): Promise<string> {
  const year = osloYear(at);
  const [row] = await tx
    .insert(refCounters)
    .values({ prefix: REF_PREFIX, year, value: 1 })
    .onConflictDoUpdate({ target: [refCounters.prefix, refCounters.year], set: { value: sql`${refCounters.value} + 1` } })
    .returning({ value: refCounters.value });
  return `${REF_PREFIX}-${year}-${String(row.value).padStart(4, '0')}`;
}

/** The clauses of an incident category's clock target in the policy. */
export function targetClauses(ctx: AppContext, category: string, targetId: string): string[] {
  const cat = ctx.policy.policy.incidentCategories[category];
  return cat?.targets.find((t) => t.id === targetId)?.clauses ?? [];
}

function checkClauses(ctx: AppContext, clauses: string[]): string[] {
  const known = new Set(ctx.policy.clauses.map((c) => c.id));
  const out = clauses.map((c) => c.trim());
  out.forEach((c, i) => {
    if (!known.has(c)) throw problems.invalidField(`body.clauses.${i}`, `"${c}" is not a clause of the register`);
  });
  return [...new Set(out)];
}

function nonEmpty(value: string, field: string): string {
  const v = value.trim();
  if (!v) throw problems.invalidField(field, 'must not be empty');
  return v;
}

// ============================================================================================ presentation

// Raw column names: drizzle leaves columns unqualified in single-table selects, which would bind them inside the subquery.
const orgName = sql<string | null>`(select o.name from organisations o where o.id = "deviation_cases"."org_id")`;
const itemCount = sql<number>`(select count(*)::int from deviation_items i where i.case_id = "deviation_cases"."id")`;

export function presentCase(ctx: AppContext, c: CaseRow, extra: { orgName: string | null; itemCount: number }) {
  const lv = ladder(ctx);
  const i = lv.findIndex((l) => l.id === c.level);
  return {
    id: c.id,
    ref: c.ref,
    title: c.title,
    description: c.description,
    clauses: c.clauses,
    party: c.party,
    orgId: c.orgId,
    orgName: extra.orgName,
    level: c.level,
    levelNumber: i + 1,
    levelCount: lv.length,
    levelName: lv[i]?.name ?? null,
    status: c.status,
    resolution: c.resolution,
    openedAt: c.openedAt.toISOString(),
    resolvedAt: iso(c.resolvedAt),
    updatedAt: c.updatedAt.toISOString(),
    itemCount: Number(extra.itemCount),
  };
}
export type CaseView = ReturnType<typeof presentCase>;

function presentContact(c: ContactRow, orgNameOf: string | null) {
  return {
    id: c.id,
    level: c.level,
    orgId: c.orgId,
    orgName: orgNameOf,
    side: (c.orgId ? 'serviceOwner' : 'operator') as 'operator' | 'serviceOwner',
    name: c.name,
    email: c.email,
    phone: c.phone,
    createdAt: c.createdAt.toISOString(),
  };
}
export type ContactView = ReturnType<typeof presentContact>;

// ============================================================================================ reading

export interface ListFilter {
  status?: string;
  level?: string;
  orgId?: string;
  party?: string;
}

export async function listCases(ctx: AppContext, caller: Caller, f: ListFilter = {}) {
  const scope = orgScope(caller);
  const where: (SQL | undefined)[] = [
    scope ? eq(deviationCases.orgId, scope) : undefined,
    f.status ? eq(deviationCases.status, f.status) : undefined,
    f.level ? eq(deviationCases.level, f.level) : undefined,
    f.orgId ? eq(deviationCases.orgId, f.orgId) : undefined,
    f.party ? eq(deviationCases.party, f.party) : undefined,
  ];
  const rows = await ctx.db
    .select({ c: deviationCases, orgName, itemCount })
    .from(deviationCases)
    .where(and(...where))
    .orderBy(desc(deviationCases.openedAt), desc(deviationCases.ref))
    .limit(1000);
  return { items: rows.map((r) => presentCase(ctx, r.c, r)), ladder: ladder(ctx) };
}

/** The case, or 404 when it does not exist or belongs to another organisation than a tenant caller's. */
async function visibleCase(tx: DbOrTx, caller: Caller, id: string, lock = false): Promise<CaseRow> {
  const q = tx.select().from(deviationCases).where(eq(deviationCases.id, id));
  const [c] = lock ? await q.for('update') : await q;
  if (!c) throw problems.notFound('The deviation case');
  const scope = orgScope(caller);
  if (scope !== undefined && scope !== c.orgId) throw problems.notFound('The deviation case');
  return c;
}

/** Contacts of a level: the operator side and, for a case with an organisation, that organisation's side. */
async function levelContacts(tx: DbOrTx, level: string, orgId: string | null) {
  const rows = await tx
    .select({ c: escalationContacts, orgName: organisations.name })
    .from(escalationContacts)
    .leftJoin(organisations, eq(organisations.id, escalationContacts.orgId))
    .where(and(eq(escalationContacts.level, level), orgId ? or(isNull(escalationContacts.orgId), eq(escalationContacts.orgId, orgId)) : isNull(escalationContacts.orgId)))
    .orderBy(sql`${escalationContacts.orgId} is not null`, asc(escalationContacts.name));
  return rows.map((r) => presentContact(r.c, r.orgName));
}

export async function getCase(ctx: AppContext, caller: Caller, id: string) {
  const c = await visibleCase(ctx.db, caller, id);
  const [extra] = await ctx.db.select({ orgName, itemCount }).from(deviationCases).where(eq(deviationCases.id, id));
  const [opener] = c.openedBy ? await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, c.openedBy)) : [];
  const events = await ctx.db
    .select({ e: deviationEvents, actorName: users.name })
    .from(deviationEvents)
    .leftJoin(users, eq(users.id, deviationEvents.actorUserId))
    .where(eq(deviationEvents.caseId, id))
    .orderBy(asc(deviationEvents.at), asc(deviationEvents.id));
  const items = await ctx.db
    .select({
      i: deviationItems,
      incidentRef: incidents.ref,
      incidentTitle: incidents.title,
      incidentCategory: incidents.category,
      clockCategory: incidentClocks.category,
      clockStatus: incidentClocks.status,
      breachedAt: incidentClocks.breachedAt,
      addedByName: users.name,
    })
    .from(deviationItems)
    .leftJoin(incidents, eq(incidents.id, deviationItems.incidentId))
    .leftJoin(incidentClocks, and(eq(incidentClocks.incidentId, deviationItems.incidentId), eq(incidentClocks.targetId, deviationItems.targetId)))
    .leftJoin(users, eq(users.id, deviationItems.addedBy))
    .where(eq(deviationItems.caseId, id))
    .orderBy(asc(deviationItems.occurredAt));
  const lv = ladder(ctx);
  const i = lv.findIndex((l) => l.id === c.level);
  return {
    ...presentCase(ctx, c, extra),
    openedByName: opener?.name ?? null,
    nextLevel: i >= 0 && i < lv.length - 1 ? lv[i + 1].id : i < 0 ? (lv[0]?.id ?? null) : null,
    ladder: lv,
    events: events.map(({ e, actorName }) => ({
      id: Number(e.id),
      at: e.at.toISOString(),
      type: e.type,
      fromLevel: e.fromLevel,
      toLevel: e.toLevel,
      reason: e.reason,
      body: typeof e.data?.body === 'string' ? e.data.body : null,
      data: e.data ?? {},
      actorName,
    })),
    items: items.map((r) => ({
      id: r.i.id,
      incidentId: r.i.incidentId,
      incidentRef: r.incidentRef,
      incidentTitle: r.incidentTitle,
      category: r.clockCategory ?? r.incidentCategory,
      targetId: r.i.targetId,
      clockStatus: r.clockStatus,
      breachedAt: iso(r.breachedAt),
      occurredAt: r.i.occurredAt.toISOString(),
      note: r.i.note,
      addedAt: r.i.addedAt.toISOString(),
      addedByName: r.addedByName,
    })),
    contacts: await levelContacts(ctx.db, c.level, c.orgId),
  };
}
export type CaseDetailView = Awaited<ReturnType<typeof getCase>>;

// ============================================================================================ notification

/** User ids of the operator admins of every operator organisation (enabled users). */
async function operatorAdminIds(tx: DbOrTx): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(and(eq(memberships.role, 'operator-admin'), eq(users.disabled, false), sql`'operator' = any(${organisations.kinds})`));
  return [...new Set(rows.map((r) => r.id))];
}

/** User ids of the administrators of a service owner organisation (enabled users). */
async function orgAdminIds(tx: DbOrTx, orgId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'serviceowner-admin'), eq(users.disabled, false)));
  return [...new Set(rows.map((r) => r.id))];
}

export interface NotificationRecord {
  level: string;
  mailed: Array<{ name: string; email: string; side: 'operator' | 'serviceOwner'; orgId: string | null }>;
  /** Sides that have no contact at this level (nobody there was mailed). */
  missingContacts: Array<'operator' | 'serviceOwner'>;
}

const partyText = (c: CaseRow, org: string | null) => ({
  nb: c.party === 'operator' ? 'Digdir/ASF (driftsleverandøren)' : `tjenesteeieren ${org ?? ''}`.trim(),
  en: c.party === 'operator' ? 'Digdir/ASF (the operator)' : `the service owner ${org ?? ''}`.trim(),
});

/**
 * Tells the contacts of the case's (new) level: mails each contact of the operator side and of the case's
 * organisation at that level (Norwegian, then English). Inbox items for the operator admins and the organisation's
 * admins come from the notification service (the no.samsvar.deviation.* events). Runs in the caller's transaction; the caller kicks the mailer after commit.
 */
async function notifyLevel(
  ctx: AppContext,
  tx: DbOrTx,
  c: CaseRow,
  what: { kind: 'opened' | 'escalated'; reason: string | null; fromLevel?: string | null },
): Promise<NotificationRecord> {
  const lv = ladder(ctx);
  const to = lv.find((l) => l.id === c.level);
  const from = what.fromLevel ? lv.find((l) => l.id === what.fromLevel) : undefined;
  const toName = to?.name ?? { nb: c.level, en: c.level };
  const step = { n: (to?.level ?? 0), of: lv.length };
  const [org] = c.orgId ? await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, c.orgId)) : [];
  const orgNameOf = org?.name ?? null;
  const contacts = await levelContacts(tx, c.level, c.orgId);
  const link = `${ctx.config.PUBLIC_URL}/deviations/${c.id}`;
  const party = partyText(c, orgNameOf);
  const clauses = c.clauses.join(', ');

  const subject =
    what.kind === 'opened'
      ? `Avvik ${c.ref} opprettet på nivå ${toName.nb} / Deviation ${c.ref} opened at ${toName.en}`
      : `Avvik ${c.ref} løftet til ${toName.nb} / Deviation ${c.ref} escalated to ${toName.en}`;
  const headNb =
    what.kind === 'opened'
      ? `Avviket ${c.ref} «${c.title}» er opprettet på ${toName.nb} (trinn ${step.n} av ${step.of} i eskaleringstrappen, tjenesteavtalen punkt 8).`
      : `Avviket ${c.ref} «${c.title}» er løftet fra ${from?.name.nb ?? what.fromLevel ?? '–'} til ${toName.nb} (trinn ${step.n} av ${step.of} i eskaleringstrappen, tjenesteavtalen punkt 8).`;
  const headEn =
    what.kind === 'opened'
      ? `Deviation ${c.ref} "${c.title}" has been opened at ${toName.en} (step ${step.n} of ${step.of} of the escalation ladder, SLA clause S-8).`
      : `Deviation ${c.ref} "${c.title}" has been escalated from ${from?.name.en ?? what.fromLevel ?? '–'} to ${toName.en} (step ${step.n} of ${step.of} of the escalation ladder, SLA clause S-8).`;
  const reason = what.reason?.trim() || null;
  const text =
    `${headNb}\n` +
    `Part som ikke har oppfylt kravet: ${party.nb}\n` +
    `Krav: ${clauses}\n` +
    (reason ? `Begrunnelse: ${reason}\n` : '') +
    `Du får denne e-posten som kontaktperson for nivået ${toName.nb}.\n` +
    `Se saken: ${link}\n\n` +
    `${headEn}\n` +
    `Party that failed the requirement: ${party.en}\n` +
    `Requirement: ${clauses}\n` +
    (reason ? `Reason: ${reason}\n` : '') +
    `You receive this e-mail as a contact for the level ${toName.en}.\n` +
    `Open the case: ${link}\n`;

  const mailed: NotificationRecord['mailed'] = [];
  const seen = new Set<string>();
  for (const k of contacts) {
    const email = k.email.trim().toLowerCase();
    if (seen.has(email)) continue;
    seen.add(email);
    await ctx.mail.enqueue(tx, { to: email, kind: `deviation-${what.kind}`, orgId: k.orgId, subject, text });
    mailed.push({ name: k.name, email, side: k.side, orgId: k.orgId });
  }
  const missingContacts: NotificationRecord['missingContacts'] = [];
  if (!contacts.some((k) => k.side === 'operator')) missingContacts.push('operator');
  if (c.orgId && !contacts.some((k) => k.side === 'serviceOwner')) missingContacts.push('serviceOwner');
  if (missingContacts.length) ctx.log.warn({ caseId: c.id, level: c.level, missingContacts }, 'deviation level has sides without escalation contacts');

  // Portal inbox items come from the notification service (no.samsvar.deviation.* events, src/platform/notify).
  return { level: c.level, mailed, missingContacts };
}

// ============================================================================================ breached clocks

interface BreachedClock {
  incidentId: string;
  targetId: string;
  incidentRef: string;
  occurredAt: Date;
}

/** The clock, which must exist and be breached (404 for an unknown incident, 409 for a clock not breached). */
async function breachedClock(tx: DbOrTx, incidentId: string, targetId: string, field: string): Promise<BreachedClock> {
  const [inc] = await tx.select({ id: incidents.id, ref: incidents.ref }).from(incidents).where(eq(incidents.id, incidentId));
  if (!inc) throw problems.notFound('The incident');
  const [clock] = await tx
    .select()
    .from(incidentClocks)
    .where(and(eq(incidentClocks.incidentId, incidentId), eq(incidentClocks.targetId, targetId)));
  if (!clock || clock.status !== 'breached') {
    throw problems.conflict(
      `The ${targetId} clock of ${inc.ref} is ${clock ? `${clock.status}, not breached` : 'unknown'}; only breached SLA clocks can make up a deviation (${field}).`,
    );
  }
  return { incidentId, targetId, incidentRef: inc.ref, occurredAt: clock.breachedAt ?? clock.dueAt ?? clock.computedAt };
}

/** 409 when the clock already belongs to another case (a breach counts in one case). */
async function assertNotInOtherCase(tx: DbOrTx, caseId: string | null, clock: BreachedClock): Promise<void> {
  const [other] = await tx
    .select({ ref: deviationCases.ref })
    .from(deviationItems)
    .innerJoin(deviationCases, eq(deviationCases.id, deviationItems.caseId))
    .where(
      and(
        eq(deviationItems.incidentId, clock.incidentId),
        eq(deviationItems.targetId, clock.targetId),
        caseId ? ne(deviationItems.caseId, caseId) : undefined,
      ),
    );
  if (other) throw problems.conflict(`The ${clock.targetId} clock of ${clock.incidentRef} already belongs to deviation ${other.ref}.`);
}

// ============================================================================================ acts

export interface OpenInput {
  title: string;
  description?: string;
  clauses: string[];
  party: Party;
  orgId?: string | null;
  clocks?: Array<{ incidentId: string; targetId: string }>;
}

/** Opens a case at the lowest level of the ladder and tells that level. */
export async function openCase(ctx: AppContext, caller: Caller, input: OpenInput) {
  const id = await ctx.db.transaction(async (tx) => (await openCaseInTx(ctx, tx, caller, input)).id);
  await ctx.mail.kick();
  return getCase(ctx, caller, id);
}

/**
 * Opens a case inside the caller's transaction (for other modules that record a deviation as part of their own
 * change, e.g. a late notice published with an operator's override). `caller` null = the system. The caller kicks
 * the mailer after commit. Resolves to the new case row.
 */
export async function openCaseInTx(ctx: AppContext, tx: DbOrTx, caller: Caller | null, input: OpenInput): Promise<CaseRow> {
  const title = nonEmpty(input.title, 'body.title');
  const clauses = checkClauses(ctx, input.clauses);
  const orgId = input.orgId ?? null;
  if (input.party === 'serviceOwner' && !orgId) throw problems.invalidField('body.orgId', 'is required when the party is a service owner');
  const lowest = ladder(ctx)[0];
  const userId = caller?.user.id ?? null;
  if (orgId) {
    const [org] = await tx.select({ kinds: organisations.kinds }).from(organisations).where(eq(organisations.id, orgId));
    if (!org) throw problems.invalidField('body.orgId', 'is not a known organisation');
    if (!org.kinds.includes('serviceOwner')) throw problems.invalidField('body.orgId', 'must be a service owner organisation');
  }
  const clocks: BreachedClock[] = [];
  const seenClock = new Set<string>();
  for (const [i, k] of (input.clocks ?? []).entries()) {
    const key = `${k.incidentId}/${k.targetId}`;
    if (seenClock.has(key)) continue;
    seenClock.add(key);
    const clock = await breachedClock(tx, k.incidentId, k.targetId, `body.clocks.${i}`);
    await assertNotInOtherCase(tx, null, clock);
    clocks.push(clock);
  }
  const now = new Date();
  const [c] = await tx
    .insert(deviationCases)
    .values({
      ref: await nextRef(tx, now),
      title,
      description: input.description?.trim() ?? '',
      clauses,
      party: input.party,
      orgId,
      level: lowest.id,
      status: 'open',
      openedBy: userId,
      openedAt: now,
      updatedAt: now,
    })
    .returning();
  for (const k of clocks) {
    await tx.insert(deviationItems).values({ caseId: c.id, incidentId: k.incidentId, targetId: k.targetId, occurredAt: k.occurredAt, addedBy: userId });
  }
  const notified = await notifyLevel(ctx, tx, c, { kind: 'opened', reason: c.description || null });
  await publishDeviation(ctx, tx, c, 'opened', { actorUserId: userId });
  await tx.insert(deviationEvents).values({
    caseId: c.id,
    at: now,
    type: 'opened',
    toLevel: c.level,
    data: { notified, clocks: clocks.map((k) => ({ incidentId: k.incidentId, incidentRef: k.incidentRef, targetId: k.targetId })) },
    actorUserId: userId,
  });
  await appendAudit(tx, {
    actor: actorOf(caller),
    orgId,
    action: 'deviation.open',
    targetType: 'deviation',
    targetId: c.id,
    after: { ref: c.ref, title, clauses, party: c.party, orgId, level: c.level },
    details: { ref: c.ref, level: c.level, clocks: clocks.length, mailed: notified.mailed.length },
  });
  return c;
}

/**
 * Publishes a deviation event (CloudEvent) in the change's transaction: it belongs to the service owner concerned
 * (operators see it too), or to operators only. Data shapes: src/platform/notify/catalogue.ts.
 */
async function publishDeviation(ctx: AppContext, tx: DbOrTx, c: typeof deviationCases.$inferSelect, type: 'opened' | 'escalated' | 'resolved', data: Record<string, unknown>) {
  const levelName = ctx.policy.policy.escalationLadder.levels.find((l) => l.id === c.level)?.name;
  await publishEvent(tx, ctx, {
    type: `no.samsvar.deviation.${type}`,
    resource: `urn:samsvar:deviation:${c.id}`,
    source: '/api/v1/deviations',
    orgId: c.orgId,
    visibility: c.orgId ? 'org' : 'operators',
    data: { ref: c.ref, title: c.title, party: c.party, level: c.level, levelName, clauses: c.clauses, orgId: c.orgId, ...data },
  });
}

/** Moves the case exactly one level up the ladder with a reason and tells the contacts of the new level. */
export async function escalateCase(ctx: AppContext, caller: Caller, id: string, reasonIn: string) {
  const reason = nonEmpty(reasonIn, 'body.reason');
  await ctx.db.transaction(async (tx) => {
    const c = await visibleCase(tx, caller, id, true);
    if (c.status !== 'open') throw problems.conflict(`${c.ref} is resolved; reopen it before escalating it.`);
    const lv = ladder(ctx);
    const i = levelIndex(ctx, c.level);
    if (i >= lv.length - 1) {
      throw problems.conflict(`${c.ref} is already at the top level of the escalation ladder (${lv[i].name.en}); it cannot be escalated further.`);
    }
    const to = lv[i + 1]; // an unknown level (policy changed) restarts at the lowest
    const now = new Date();
    const [after] = await tx.update(deviationCases).set({ level: to.id, updatedAt: now }).where(eq(deviationCases.id, id)).returning();
    const notified = await notifyLevel(ctx, tx, after, { kind: 'escalated', reason, fromLevel: c.level });
    await publishDeviation(ctx, tx, after, 'escalated', { fromLevel: c.level, fromLevelName: ctx.policy.policy.escalationLadder.levels.find((l) => l.id === c.level)?.name, reason, actorUserId: caller.user.id });
    await tx.insert(deviationEvents).values({ caseId: id, at: now, type: 'escalated', fromLevel: c.level, toLevel: to.id, reason, data: { notified }, actorUserId: caller.user.id });
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: c.orgId,
      action: 'deviation.escalate',
      targetType: 'deviation',
      targetId: id,
      before: { level: c.level },
      after: { level: to.id },
      details: { ref: c.ref, from: c.level, to: to.id, mailed: notified.mailed.length },
    });
  });
  await ctx.mail.kick();
  return getCase(ctx, caller, id);
}

/** Adds a breached clock to the case; idempotent (`created: false` when it is there already). */
export async function joinClock(ctx: AppContext, caller: Caller, id: string, input: { incidentId: string; targetId: string; note?: string }) {
  const created = await ctx.db.transaction(async (tx) => {
    const c = await visibleCase(tx, caller, id, true);
    const [existing] = await tx
      .select({ id: deviationItems.id })
      .from(deviationItems)
      .where(and(eq(deviationItems.caseId, id), eq(deviationItems.incidentId, input.incidentId), eq(deviationItems.targetId, input.targetId)));
    if (existing) return false;
    if (c.status !== 'open') throw problems.conflict(`${c.ref} is resolved; reopen it before adding breaches.`);
    const clock = await breachedClock(tx, input.incidentId, input.targetId, 'body');
    await assertNotInOtherCase(tx, id, clock);
    const note = input.note?.trim() || null;
    const now = new Date();
    await tx.insert(deviationItems).values({ caseId: id, incidentId: clock.incidentId, targetId: clock.targetId, occurredAt: clock.occurredAt, note, addedBy: caller.user.id });
    await tx.update(deviationCases).set({ updatedAt: now }).where(eq(deviationCases.id, id));
    await tx.insert(deviationEvents).values({
      caseId: id,
      at: now,
      type: 'joined',
      data: { incidentId: clock.incidentId, incidentRef: clock.incidentRef, targetId: clock.targetId, ...(note ? { body: note } : {}) },
      actorUserId: caller.user.id,
    });
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: c.orgId,
      action: 'deviation.join',
      targetType: 'deviation',
      targetId: id,
      details: { ref: c.ref, incidentId: clock.incidentId, incident: clock.incidentRef, targetId: clock.targetId },
    });
    return true;
  });
  return { created, view: await getCase(ctx, caller, id) };
}

/** A note in the history; operators, and the service owner of the case. */
export async function addNote(ctx: AppContext, caller: Caller, id: string, bodyIn: string) {
  const body = nonEmpty(bodyIn, 'body.body');
  await ctx.db.transaction(async (tx) => {
    const c = await visibleCase(tx, caller, id, true);
    const now = new Date();
    await tx.insert(deviationEvents).values({ caseId: id, at: now, type: 'note', data: { body, byOrgId: caller.active?.orgId ?? null }, actorUserId: caller.user.id });
    await tx.update(deviationCases).set({ updatedAt: now }).where(eq(deviationCases.id, id));
    await appendAudit(tx, { actor: actorOf(caller), orgId: c.orgId, action: 'deviation.note', targetType: 'deviation', targetId: id, details: { ref: c.ref } });
  });
  return getCase(ctx, caller, id);
}

export async function resolveCase(ctx: AppContext, caller: Caller, id: string, resolutionIn: string) {
  const resolution = nonEmpty(resolutionIn, 'body.resolution');
  await ctx.db.transaction(async (tx) => {
    const c = await visibleCase(tx, caller, id, true);
    if (c.status === 'resolved') throw problems.conflict(`${c.ref} is already resolved.`);
    const now = new Date();
    await tx.update(deviationCases).set({ status: 'resolved', resolution, resolvedAt: now, updatedAt: now }).where(eq(deviationCases.id, id));
    await tx.insert(deviationEvents).values({ caseId: id, at: now, type: 'resolved', fromLevel: c.level, reason: resolution, actorUserId: caller.user.id });
    await publishDeviation(ctx, tx, c, 'resolved', { resolution, actorUserId: caller.user.id });
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: c.orgId,
      action: 'deviation.resolve',
      targetType: 'deviation',
      targetId: id,
      before: { status: c.status },
      after: { status: 'resolved' },
      details: { ref: c.ref, level: c.level },
    });
  });
  return getCase(ctx, caller, id);
}

/** Reopens a resolved case at the level it had reached. */
export async function reopenCase(ctx: AppContext, caller: Caller, id: string, reasonIn: string) {
  const reason = nonEmpty(reasonIn, 'body.reason');
  await ctx.db.transaction(async (tx) => {
    const c = await visibleCase(tx, caller, id, true);
    if (c.status !== 'resolved') throw problems.conflict(`${c.ref} is open; only a resolved case can be reopened.`);
    const now = new Date();
    await tx.update(deviationCases).set({ status: 'open', resolution: null, resolvedAt: null, updatedAt: now }).where(eq(deviationCases.id, id));
    await tx.insert(deviationEvents).values({ caseId: id, at: now, type: 'reopened', toLevel: c.level, reason, data: { resolution: c.resolution }, actorUserId: caller.user.id });
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: c.orgId,
      action: 'deviation.reopen',
      targetType: 'deviation',
      targetId: id,
      before: { status: c.status },
      after: { status: 'open' },
      details: { ref: c.ref, level: c.level },
    });
  });
  return getCase(ctx, caller, id);
}

// ============================================================================================ candidates

export interface CandidateClock {
  incidentId: string;
  incidentRef: string;
  incidentTitle: string;
  category: string;
  targetId: string;
  kind: string;
  breachedAt: string;
  clauses: string[];
}

/** True when some two of the instants (ms) lie within the window (a calendar duration, Oslo time) of each other. */
export function hasRepeat(instants: number[], window: CalendarDuration = { amount: REPEAT_WINDOW_DAYS, unit: 'calendarDays' }): boolean {
  const s = [...instants].sort((a, b) => a - b);
  for (let i = 1; i < s.length; i++) if (s[i]! <= addCalendarDuration(s[i - 1]!, window)) return true;
  return false;
}

/**
 * Breached clocks that belong to no case, grouped by (party, organisation, clause), with `repeated` when a group has
 * at least two breaches within the policy's repeat window (default 90 days), and the open case of the same party, organisation and clause to
 * join when there is one. The party is the service owner the incident is assigned to (S-7.3.3), else the operator.
 */
export async function candidates(ctx: AppContext) {
  const win = repeatWindow(ctx);
  const rows = await ctx.db
    .select({
      incidentId: incidentClocks.incidentId,
      targetId: incidentClocks.targetId,
      kind: incidentClocks.kind,
      clockCategory: incidentClocks.category,
      breachedAt: incidentClocks.breachedAt,
      dueAt: incidentClocks.dueAt,
      computedAt: incidentClocks.computedAt,
      ref: incidents.ref,
      title: incidents.title,
      category: incidents.category,
      assigneeOrgId: incidents.assigneeOrgId,
      orgName: organisations.name,
    })
    .from(incidentClocks)
    .innerJoin(incidents, eq(incidents.id, incidentClocks.incidentId))
    .leftJoin(organisations, eq(organisations.id, incidents.assigneeOrgId))
    .where(
      and(
        eq(incidentClocks.status, 'breached'),
        sql`not exists (select 1 from deviation_items d where d.incident_id = "incident_clocks"."incident_id" and d.target_id = "incident_clocks"."target_id")`,
      ),
    )
    .orderBy(asc(incidentClocks.breachedAt));

  type Group = {
    key: string;
    party: Party;
    orgId: string | null;
    orgName: string | null;
    clause: string | null;
    clocks: CandidateClock[];
  };
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const category = r.clockCategory || r.category;
    const clauses = targetClauses(ctx, category, r.targetId);
    const party: Party = r.assigneeOrgId ? 'serviceOwner' : 'operator';
    const orgId = r.assigneeOrgId ?? null;
    const clock: CandidateClock = {
      incidentId: r.incidentId,
      incidentRef: r.ref,
      incidentTitle: r.title,
      category,
      targetId: r.targetId,
      kind: r.kind,
      breachedAt: (r.breachedAt ?? r.dueAt ?? r.computedAt).toISOString(),
      clauses,
    };
    for (const clause of clauses.length ? clauses : [null]) {
      const key = `${party}:${orgId ?? '-'}:${clause ?? '-'}`;
      const g = groups.get(key) ?? { key, party, orgId, orgName: r.orgName ?? null, clause, clocks: [] };
      g.clocks.push(clock);
      groups.set(key, g);
    }
  }

  const open = await ctx.db
    .select({ id: deviationCases.id, ref: deviationCases.ref, title: deviationCases.title, level: deviationCases.level, party: deviationCases.party, orgId: deviationCases.orgId, clauses: deviationCases.clauses })
    .from(deviationCases)
    .where(eq(deviationCases.status, 'open'))
    .orderBy(desc(deviationCases.openedAt));

  const out = [...groups.values()].map((g) => {
    const times = g.clocks.map((k) => Date.parse(k.breachedAt));
    const match = g.clause ? open.find((c) => c.party === g.party && (c.orgId ?? null) === g.orgId && c.clauses.includes(g.clause!)) : undefined;
    return {
      ...g,
      count: g.clocks.length,
      repeated: hasRepeat(times, win),
      firstBreachedAt: new Date(Math.min(...times)).toISOString(),
      lastBreachedAt: new Date(Math.max(...times)).toISOString(),
      suggestedCase: match ? { id: match.id, ref: match.ref, title: match.title, level: match.level } : null,
    };
  });
  out.sort((a, b) => Number(b.repeated) - Number(a.repeated) || b.count - a.count || b.lastBreachedAt.localeCompare(a.lastBreachedAt));
  return { windowDays: Math.round((addCalendarDuration(0, win) - 0) / 86_400_000), groups: out, ladder: ladder(ctx) };
}

// ============================================================================================ escalation contacts

export async function listContacts(ctx: AppContext, caller: Caller, q: { level?: string; orgId?: string }) {
  const cross = isCrossTenant(caller);
  let orgFilter: SQL | undefined;
  if (!cross) {
    const own = caller.active!.orgId;
    if (q.orgId && q.orgId !== own) throw problems.notFound('The organisation');
    orgFilter = eq(escalationContacts.orgId, own);
  } else if (q.orgId === 'operator') orgFilter = isNull(escalationContacts.orgId);
  else if (q.orgId) orgFilter = eq(escalationContacts.orgId, q.orgId);
  const rows = await ctx.db
    .select({ c: escalationContacts, orgName: organisations.name })
    .from(escalationContacts)
    .leftJoin(organisations, eq(organisations.id, escalationContacts.orgId))
    .where(and(orgFilter, q.level ? eq(escalationContacts.level, q.level) : undefined))
    .orderBy(sql`${escalationContacts.orgId} is not null`, asc(organisations.name), asc(escalationContacts.name));
  const order = new Map(ladder(ctx).map((l, i) => [l.id, i]));
  const items = rows.map((r) => presentContact(r.c, r.orgName));
  // stable: side first (SQL order), then the ladder's order
  items.sort((a, b) => Number(a.orgId !== null) - Number(b.orgId !== null) || (a.orgName ?? '').localeCompare(b.orgName ?? '', 'nb') || (order.get(a.level) ?? 99) - (order.get(b.level) ?? 99));
  return { items, ladder: ladder(ctx) };
}

export interface ContactInput {
  level: string;
  orgId?: string | null;
  name: string;
  email: string;
  phone?: string | null;
}

export async function createContact(ctx: AppContext, caller: Caller, input: ContactInput) {
  requireLevel(ctx, input.level, 'body.level');
  const name = nonEmpty(input.name, 'body.name');
  const email = input.email.trim().toLowerCase();
  const phone = input.phone?.trim() || null;
  const orgId = input.orgId ?? null;
  if (orgId === null && caller.active?.role !== 'operator-admin') {
    throw problems.forbidden("Only an operator admin keeps the operator side's escalation contacts; give your organisation's orgId.");
  }
  return ctx.db.transaction(async (tx) => {
    let orgNameOf: string | null = null;
    if (orgId) {
      assertOrgVisible(caller, orgId);
      const [org] = await tx.select().from(organisations).where(eq(organisations.id, orgId));
      if (!org) throw problems.notFound('The organisation');
      if (!org.kinds.includes('serviceOwner')) throw problems.conflict(`Escalation contacts belong to the operator or to service owners; ${org.name} is not a service owner.`);
      orgNameOf = org.name;
    }
    const [row] = await tx.insert(escalationContacts).values({ level: input.level, orgId, name, email, phone }).returning();
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId,
      action: 'escalation-contact.create',
      targetType: 'escalation-contact',
      targetId: row.id,
      after: { level: row.level, orgId, name, email, phone },
      details: { level: row.level, side: orgId ? 'serviceOwner' : 'operator' },
    });
    return presentContact(row, orgNameOf);
  });
}

export async function deleteContact(ctx: AppContext, caller: Caller, id: string) {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(escalationContacts).where(eq(escalationContacts.id, id)).for('update');
    if (!row) throw problems.notFound('The escalation contact');
    if (row.orgId === null) {
      if (caller.active?.role !== 'operator-admin') throw problems.notFound('The escalation contact');
    } else assertOrgVisible(caller, row.orgId, 'The escalation contact');
    await tx.delete(escalationContacts).where(eq(escalationContacts.id, id));
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: row.orgId,
      action: 'escalation-contact.delete',
      targetType: 'escalation-contact',
      targetId: id,
      before: { level: row.level, orgId: row.orgId, name: row.name, email: row.email, phone: row.phone },
      details: { level: row.level },
    });
  });
}
