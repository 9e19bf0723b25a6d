/**
 * Notices of planned maintenance and changes (S-2.3.2–S-2.3.5, S-2.4.1–S-2.4.4, T-3.1, T-3.1.1, T-3.1.2).
 *
 * A notice is checked by the pure engine (src/kernel/notices) against its class's lead time from the publication
 * (day 0 in Oslo), the window rule of the affected components' classes and the critical periods. A late notice is
 * refused with the earliest allowed start (422, `earliestStart`), unless an operator overrides it with a reason and
 * the class records late notices as deviations: then it is stored with `late` and a deviation case is opened in the
 * same transaction. Emergency changes must be linked to an open A or B incident.
 *
 * Lifecycle: scheduled → in_progress → completed at its times (pg-boss jobs at startsAt and endsAt plus a one-minute
 * sweep, see jobs.ts) or by hand; updates; reschedule (checked against the original publication); extension;
 * cancellation. While it runs with an impact, each component carries a "maintenance" signal.
 * Every change publishes a public no.samsvar.notice.* event and wakes the status page (notifyChange "status").
 */
import { and, asc, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { checkNotice, type NoticeIssue } from '../../kernel/notices/index.ts';
import type { NoticeClass, Policy, Text } from '../../kernel/policy/schema.ts';
import { formatInstant } from '../../kernel/worktime/index.ts';
import { appendAudit } from '../../platform/audit/index.ts';
import { OPERATOR_ROLES, type Caller } from '../../platform/auth/index.ts';
import { notifyChange } from '../../platform/changes/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { HttpProblem, problems } from '../../platform/http/problem.ts';
import { setSignal } from '../components/signals.ts';
import { componentSignals } from '../components/tables.ts';
import { openCaseInTx } from '../deviations/index.ts';
import { incidents, nextRef } from '../incidents/index.ts';
import { actorOf } from '../registry/common.ts';
import type * as s from './schemas.ts';
import { NOTICE_STATES, type NoticeImpact, type NoticeState } from './schemas.ts';
import { noticeUpdates, notices, type AffectedApi, type NoticeCheck } from './tables.ts';

export type NoticeRow = typeof notices.$inferSelect;
export { NOTICE_STATES, type NoticeState };

export const REF_PREFIX = 'VAR';
/** Signal source of running maintenance on components (component_signals.source). */
export const SIGNAL_SOURCE = 'maintenance';
const OPEN_INCIDENT_STATES = ['new', 'investigating', 'identified', 'monitoring'];

// ---------------------------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------------------------

export interface NoticeUpdateView {
  at: Date;
  kind: string;
  body: string;
  bodyEn: string | null;
}

/** The public view of a notice (status page, API, events). */
export interface NoticeView {
  id: string;
  ref: string;
  noticeClass: string;
  className: Text;
  title: string;
  body: string;
  titleEn: string | null;
  bodyEn: string | null;
  state: NoticeState;
  components: string[];
  apis: AffectedApi[];
  impact: string;
  publishedAt: Date;
  startsAt: Date;
  endsAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  late: boolean;
  incidentId: string | null;
  /** Oldest first. */
  updates: NoticeUpdateView[];
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Class names come from the policy. `listNotices(db)` has no context, so the module remembers the policy it last
 * saw (every entry point with a context records it); pass `opts.policy` to be explicit.
 */
let knownPolicy: Policy | undefined;
export function rememberPolicy(policy: Policy): void {
  knownPolicy = policy;
}
function classNameOf(key: string, policy: Policy | undefined = knownPolicy): Text {
  return policy?.noticeClasses[key]?.name ?? { nb: key, en: key };
}

function present(r: NoticeRow, updates: NoticeUpdateView[], policy?: Policy): NoticeView {
  return {
    id: r.id,
    ref: r.ref,
    noticeClass: r.noticeClass,
    className: classNameOf(r.noticeClass, policy),
    title: r.title,
    body: r.body,
    titleEn: r.titleEn,
    bodyEn: r.bodyEn,
    state: r.state as NoticeState,
    components: r.components,
    apis: r.apis,
    impact: r.impact,
    publishedAt: r.publishedAt,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    startedAt: r.startedAt,
    completedAt: r.completedAt,
    cancelledAt: r.cancelledAt,
    late: r.late,
    incidentId: r.incidentId,
    updates,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

async function updatesOf(db: DbOrTx, ids: string[]): Promise<Map<string, NoticeUpdateView[]>> {
  const out = new Map<string, NoticeUpdateView[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const rows = await db
    .select({ noticeId: noticeUpdates.noticeId, at: noticeUpdates.at, kind: noticeUpdates.kind, body: noticeUpdates.body, bodyEn: noticeUpdates.bodyEn })
    .from(noticeUpdates)
    .where(inArray(noticeUpdates.noticeId, ids))
    .orderBy(asc(noticeUpdates.at), asc(noticeUpdates.id));
  for (const r of rows) out.get(r.noticeId)?.push({ at: r.at, kind: r.kind, body: r.body, bodyEn: r.bodyEn });
  return out;
}

export interface ListNoticesOptions {
  states?: NoticeState[];
  /** Notices whose work overlaps [from, to] (an open-ended notice runs until it is completed or cancelled). */
  from?: Date;
  to?: Date;
  noticeClass?: string;
  component?: string;
  limit?: number;
  /** The policy for class names (default: the one the module last saw). */
  policy?: Policy;
  ids?: string[];
}

/** Public views of notices, by start (earliest first). */
export async function listNotices(db: DbOrTx, opts: ListNoticesOptions = {}): Promise<NoticeView[]> {
  const conds: SQL[] = [];
  if (opts.states) conds.push(inArray(notices.state, opts.states.length ? opts.states : ['-']));
  if (opts.to) conds.push(lte(notices.startsAt, opts.to));
  if (opts.from) {
    const end = sql`coalesce(${notices.completedAt}, ${notices.cancelledAt}, ${notices.endsAt}, ${notices.startsAt})`;
    conds.push(or(sql`${end} >= ${opts.from.toISOString()}`, inArray(notices.state, ['scheduled', 'in_progress']))!);
  }
  if (opts.noticeClass) conds.push(eq(notices.noticeClass, opts.noticeClass));
  if (opts.component) conds.push(sql`${opts.component} = any(${notices.components})`);
  if (opts.ids) conds.push(inArray(notices.id, opts.ids.length ? opts.ids : ['00000000-0000-0000-0000-000000000000']));
  const rows = await db
    .select()
    .from(notices)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(notices.startsAt), asc(notices.ref))
    .limit(opts.limit ?? 200);
  const ups = await updatesOf(db, rows.map((r) => r.id));
  return rows.map((r) => present(r, ups.get(r.id) ?? [], opts.policy));
}

// ---------------------------------------------------------------------------------------------------------------
// Roles and lookup
// ---------------------------------------------------------------------------------------------------------------

function isOperator(caller: Caller | null | undefined): boolean {
  return Boolean(caller?.active && OPERATOR_ROLES.includes(caller.active.role));
}
function isServiceOwner(caller: Caller | null | undefined): boolean {
  return caller?.active?.role === 'serviceowner-admin' || caller?.active?.role === 'serviceowner-member';
}
/** Operators handle every notice; a service owner the notices its organisation issued. */
function canWrite(caller: Caller | null | undefined, row: NoticeRow): boolean {
  return isOperator(caller) || (isServiceOwner(caller) && row.orgId !== null && row.orgId === caller!.active!.orgId);
}

const REF_RE = /^VAR-\d{4}-\d{4,}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function loadNotice(tx: DbOrTx, idOrRef: string, forUpdate = false): Promise<NoticeRow> {
  const where = REF_RE.test(idOrRef) ? eq(notices.ref, idOrRef) : UUID_RE.test(idOrRef) ? eq(notices.id, idOrRef) : undefined;
  if (!where) throw problems.notFound('The notice');
  const q = tx.select().from(notices).where(where);
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw problems.notFound('The notice');
  return row;
}

function noticeClass(ctx: AppContext, key: string, field = 'body.noticeClass'): NoticeClass {
  const nc = ctx.policy.policy.noticeClasses[key];
  if (!nc) throw problems.invalidField(field, `unknown notice class "${key}"; the policy has ${Object.keys(ctx.policy.policy.noticeClasses).join(', ')}`);
  return nc;
}

/** The impact a class's notices have unless told: maintenance and emergency changes take components down. */
export function defaultImpact(classKey: string): NoticeImpact {
  return classKey === 'maintenance' || classKey === 'emergency' ? 'under_maintenance' : 'none';
}

export function classInfo(ctx: AppContext) {
  rememberPolicy(ctx.policy.policy);
  return Object.entries(ctx.policy.policy.noticeClasses).map(([key, c]) => ({
    key,
    name: c.name,
    description: c.description,
    issuedBy: c.issuedBy,
    leadTime: c.leadTime,
    calendar: c.calendar ?? null,
    counting: c.counting,
    appliesTo: c.appliesTo ?? null,
    onLate: c.onLate,
    requiresIncident: c.requiresIncident?.categories ?? null,
    overridesWindowRule: Boolean(c.overridesWindowRule),
    defaultImpact: defaultImpact(key),
    clauses: c.clauses,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------------------------------

/** Module-level findings besides the engine's (incident link, APIs, end time). */
type ModuleIssueCode = 'incidentRequired' | 'incidentNotFound' | 'incidentNotEligible' | 'endRequired' | 'apiInvalid';
export type Issue = Omit<NoticeIssue, 'code'> & { code: NoticeIssue['code'] | ModuleIssueCode; field?: string };

export interface CheckInput {
  noticeClass: string;
  components: string[];
  apis?: AffectedApi[];
  impact?: NoticeImpact;
  startsAt: Date;
  endsAt: Date | null;
  incidentId?: string | null;
}

export interface CheckOutcome {
  noticeClass: string;
  className: Text;
  publishedAt: Date;
  earliestStart: Date;
  late: boolean;
  leadTime: { amount: number; unit: string; counting: string; calendar: string | null };
  onLate: 'refuse' | 'deviation';
  canOverride: boolean;
  requiresIncident: string[] | null;
  warnings: Issue[];
  errors: Issue[];
  clauses: string[];
  /** The linked incident's reference, when found. */
  incidentRef: string | null;
}

const FIELD_OF: Partial<Record<Issue['code'], string>> = {
  unknownComponent: 'body.components',
  classNotApplicable: 'body.components',
  endBeforeStart: 'body.endsAt',
  endRequired: 'body.endsAt',
  insideWindow: 'body.startsAt',
  incidentRequired: 'body.incidentId',
  incidentNotFound: 'body.incidentId',
  incidentNotEligible: 'body.incidentId',
  apiInvalid: 'body.apis',
};

function issue(code: ModuleIssueCode, message: string, nb: string, clauses: string[], field?: string): Issue {
  return { code, message, nb, clauses, ...(field ? { field } : {}) };
}

/** Everything the form shows: lead time, lateness, window rule, critical periods, incident link, APIs. No writes. */
export async function evaluate(ctx: AppContext, tx: DbOrTx, caller: Caller | null, input: CheckInput, publishedAt: Date): Promise<CheckOutcome> {
  rememberPolicy(ctx.policy.policy);
  const nc = noticeClass(ctx, input.noticeClass);
  const impact = input.impact ?? defaultImpact(input.noticeClass);
  const r = checkNotice(ctx.policy, input.noticeClass, {
    publishedAt,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    components: input.components,
    impact,
  });
  const errors: Issue[] = r.errors.map((e) => ({ ...e, field: FIELD_OF[e.code] }));
  const warnings: Issue[] = [...r.warnings];
  if (impact !== 'none' && input.endsAt === null) {
    errors.push(issue('endRequired', 'Work that affects components needs an end time.', 'Arbeid som påvirker komponenter må ha et sluttidspunkt.', nc.clauses, 'body.endsAt'));
  }
  (input.apis ?? []).forEach((a, i) => {
    const field = `body.apis.${i}`;
    const products = ctx.policy.policy.products ?? {};
    if (a.product !== undefined && !products[a.product]) {
      errors.push(issue('apiInvalid', `API ${i + 1}: unknown product "${a.product}"; known: ${Object.keys(products).join(', ')}.`, `API ${i + 1}: ukjent produkt «${a.product}».`, nc.clauses, `${field}.product`));
    }
    const sunset = Date.parse(a.sunsetAt);
    if (!(sunset > input.startsAt.getTime())) {
      errors.push(issue('apiInvalid', `API ${i + 1} (${a.method} ${a.path}): the sunset must be after the change starts.`, `API ${i + 1} (${a.method} ${a.path}): utfasingen må være etter at endringen starter.`, nc.clauses, `${field}.sunsetAt`));
    }
    if (a.deprecatedAt !== undefined && !(Date.parse(a.deprecatedAt) <= sunset)) {
      errors.push(issue('apiInvalid', `API ${i + 1}: deprecatedAt must not be after sunsetAt.`, `API ${i + 1}: deprecatedAt kan ikke være etter sunsetAt.`, nc.clauses, `${field}.deprecatedAt`));
    }
  });
  let incidentRef: string | null = null;
  const categories = nc.requiresIncident?.categories ?? null;
  if (input.incidentId) {
    const [inc] = await tx.select({ ref: incidents.ref, category: incidents.category, state: incidents.state }).from(incidents).where(eq(incidents.id, input.incidentId));
    if (!inc) {
      errors.push(issue('incidentNotFound', 'The incident was not found.', 'Fant ikke hendelsen.', nc.clauses, 'body.incidentId'));
    } else {
      incidentRef = inc.ref;
      if (categories && !categories.includes(inc.category)) {
        errors.push(issue('incidentNotEligible', `${inc.ref} is a ${inc.category} incident; ${nc.name.en.toLowerCase()} needs an incident of category ${categories.join(' or ')}.`, `${inc.ref} er en ${inc.category}-hendelse; ${nc.name.nb.toLowerCase()} krever en hendelse i kategori ${categories.join(' eller ')}.`, nc.clauses, 'body.incidentId'));
      } else if (categories && !OPEN_INCIDENT_STATES.includes(inc.state)) {
        errors.push(issue('incidentNotEligible', `${inc.ref} is ${inc.state}; an emergency change fixes an open incident.`, `${inc.ref} er ${inc.state === 'resolved' ? 'løst' : 'lukket'}; en hasteendring retter en åpen hendelse.`, nc.clauses, 'body.incidentId'));
      }
    }
  } else if (categories) {
    errors.push(issue('incidentRequired', `${nc.name.en} needs a link to an open incident of category ${categories.join(' or ')}.`, `${nc.name.nb} må knyttes til en åpen hendelse i kategori ${categories.join(' eller ')}.`, nc.clauses, 'body.incidentId'));
  }
  return {
    noticeClass: input.noticeClass,
    className: nc.name,
    publishedAt,
    earliestStart: new Date(r.earliestStart),
    late: r.late,
    leadTime: r.leadTime,
    onLate: nc.onLate,
    canOverride: r.late && nc.onLate === 'deviation' && isOperator(caller),
    requiresIncident: categories,
    warnings,
    errors,
    clauses: nc.clauses,
    incidentRef,
  };
}

/** Turns the findings into the HTTP answer: 400 for bad fields, 404 for an unknown incident, 422 for refusals and late notices. */
function enforce(out: CheckOutcome, caller: Caller, override: { reason: string } | undefined): { late: boolean; overrideReason: string | null } {
  const bad = out.errors.find((e) => e.code === 'unknownComponent' || e.code === 'endBeforeStart' || e.code === 'endRequired' || e.code === 'apiInvalid' || e.code === 'incidentRequired');
  if (bad) throw problems.invalidField(bad.field ?? FIELD_OF[bad.code] ?? 'body', bad.message);
  if (out.errors.some((e) => e.code === 'incidentNotFound')) throw problems.notFound('The incident');
  if (out.errors.length) {
    throw new HttpProblem(422, 'notice-refused', out.errors.map((e) => e.message).join(' '), {
      errors: out.errors.map((e) => ({ field: e.field ?? FIELD_OF[e.code] ?? 'body', message: e.message })),
      extensions: { issues: out.errors, earliestStart: formatInstant(out.earliestStart), clauses: [...new Set(out.errors.flatMap((e) => e.clauses))] },
    });
  }
  if (override && !isOperator(caller)) throw problems.invalidField('body.override', 'only operators may publish a late notice');
  if (!out.late) return { late: false, overrideReason: null };
  const earliest = formatInstant(out.earliestStart);
  const lead = `${out.leadTime.amount} ${out.leadTime.unit}`;
  if (out.onLate === 'refuse' || !override) {
    throw new HttpProblem(
      422,
      'notice-late',
      `${out.className.en} needs ${lead} of notice; the earliest allowed start is ${earliest}` +
        (out.onLate === 'deviation' && isOperator(caller) ? ' (an operator may override it with a reason; it is then recorded as a deviation).' : '.'),
      {
        errors: [{ field: 'body.startsAt', message: `earliest allowed start: ${earliest}` }],
        extensions: { earliestStart: earliest, leadTime: out.leadTime, onLate: out.onLate, canOverride: out.canOverride, clauses: out.clauses },
      },
    );
  }
  return { late: true, overrideReason: override.reason.trim() };
}

function storedCheck(out: CheckOutcome): NoticeCheck {
  return { earliestStart: out.earliestStart.toISOString(), late: out.late, warnings: out.warnings.map((w) => ({ ...w, code: w.code, message: w.message, clauses: w.clauses })) };
}

function parseTime(v: string | null | undefined, field: string): Date | null {
  if (v === null || v === undefined) return null;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw problems.invalidField(field, 'is not a valid instant');
  return d;
}

export async function checkRequest(ctx: AppContext, caller: Caller, body: s.CheckBody): Promise<CheckOutcome> {
  noticeClass(ctx, body.noticeClass);
  let publishedAt = new Date();
  if (body.noticeId) {
    const row = await loadNotice(ctx.db, body.noticeId);
    publishedAt = row.publishedAt;
  }
  return evaluate(ctx, ctx.db, caller, {
    noticeClass: body.noticeClass,
    components: body.components ?? [],
    apis: body.apis,
    impact: body.impact,
    startsAt: parseTime(body.startsAt, 'body.startsAt')!,
    endsAt: parseTime(body.endsAt, 'body.endsAt'),
    incidentId: body.incidentId ?? null,
  }, publishedAt);
}

// ---------------------------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------------------------

export async function addUpdate(tx: DbOrTx, noticeId: string, u: { at: Date; kind: string; body?: string | null; bodyEn?: string | null; authorId?: string | null }) {
  await tx.insert(noticeUpdates).values({ noticeId, at: u.at, kind: u.kind, body: u.body ?? '', bodyEn: u.bodyEn || null, authorId: u.authorId ?? null });
}

type EventKind = 'scheduled' | 'updated' | 'started' | 'completed' | 'cancelled';

/**
 * Publishes no.samsvar.notice.<kind> with the public view and wakes the status page. `actorUserId`: the user who
 * acted (the notifier never tells them; the notification catalogue's NoticeEventData is the contract).
 */
export async function publishNotice(ctx: AppContext, tx: DbOrTx, id: string, kind: EventKind, at = new Date(), actorUserId?: string): Promise<void> {
  const [view] = await listNotices(tx, { ids: [id], policy: ctx.policy.policy });
  if (!view) return;
  await publishEvent(tx, ctx, {
    type: `no.samsvar.notice.${kind}`,
    resource: `urn:samsvar:notice:${id}`,
    subject: view.ref,
    source: `/status/notices/${view.ref}`,
    visibility: 'public',
    time: at,
    data: { notice: view, ...(actorUserId ? { actorUserId } : {}) },
  });
  await notifyChange(tx, 'status', view.ref);
}

/** Brings the "maintenance" signals of the notice's components in line with its state and impact. */
export async function syncSignals(ctx: AppContext, tx: DbOrTx, row: NoticeRow, at: Date): Promise<void> {
  const want = new Map<string, 'under_maintenance' | 'degraded_performance'>();
  if (row.state === 'in_progress' && (row.impact === 'under_maintenance' || row.impact === 'degraded_performance')) {
    for (const c of row.components) want.set(c, row.impact);
  }
  const open = await tx
    .select({ componentId: componentSignals.componentId, state: componentSignals.state })
    .from(componentSignals)
    .where(and(eq(componentSignals.source, SIGNAL_SOURCE), eq(componentSignals.sourceRef, row.id), isNull(componentSignals.endedAt)));
  for (const o of open) {
    if (!want.has(o.componentId)) await setSignal(tx, ctx, { componentId: o.componentId, source: SIGNAL_SOURCE, ref: row.id, state: null, at });
  }
  for (const [componentId, state] of want) {
    if (open.find((o) => o.componentId === componentId)?.state === state) continue;
    await setSignal(tx, ctx, { componentId, source: SIGNAL_SOURCE, ref: row.id, state, at, note: row.ref });
  }
}

async function setState(tx: DbOrTx, id: string, set: Partial<NoticeRow>): Promise<NoticeRow> {
  const [row] = await tx.update(notices).set({ ...set, updatedAt: new Date() }).where(eq(notices.id, id)).returning();
  return row!;
}

/**
 * Moves a notice along by the clock (inside the caller's transaction, the row locked): scheduled → in_progress at
 * startsAt, in_progress → completed at endsAt; a change without an end and without impact completes at its start.
 * Automatic transitions are dated at the planned instants. Resolves to the row after the moves.
 */
export async function advanceInTx(ctx: AppContext, tx: DbOrTx, row: NoticeRow, now: Date): Promise<NoticeRow> {
  let r = row;
  if (r.state === 'scheduled' && r.startsAt <= now) {
    r = await setState(tx, r.id, { state: 'in_progress', startedAt: r.startsAt });
    await addUpdate(tx, r.id, { at: r.startsAt, kind: 'in_progress' });
    await syncSignals(ctx, tx, r, r.startsAt);
    await publishNotice(ctx, tx, r.id, 'started', r.startsAt);
  }
  const endAt = r.endsAt ?? (r.impact === 'none' ? r.startsAt : null);
  if (r.state === 'in_progress' && endAt && endAt <= now) {
    const at = r.startedAt && endAt < r.startedAt ? r.startedAt : endAt;
    r = await setState(tx, r.id, { state: 'completed', completedAt: at });
    await addUpdate(tx, r.id, { at, kind: 'completed' });
    await syncSignals(ctx, tx, r, at);
    await publishNotice(ctx, tx, r.id, 'completed', at);
  }
  return r;
}

/** Runs the clock transitions of one notice; idempotent. Resolves to whether anything changed. */
export async function advanceNotice(ctx: AppContext, id: string, now = new Date()): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(notices).where(eq(notices.id, id)).for('update');
    if (!row) return false;
    const after = await advanceInTx(ctx, tx, row, now);
    return after.state !== row.state;
  });
}

export const TRANSITION_JOB = 'notices.transition';

/**
 * Sends pg-boss jobs for the notice's next transitions (its start and its end), deduplicated per notice and
 * instant; a no-op without jobs. See jobs.ts.
 */
export async function scheduleTransitions(ctx: AppContext, row: NoticeRow): Promise<void> {
  if (!ctx.jobs) return;
  const instants: number[] = [];
  if (row.state === 'scheduled') instants.push(row.startsAt.getTime());
  if (row.endsAt && (row.state === 'scheduled' || row.state === 'in_progress')) instants.push(row.endsAt.getTime());
  for (const at of instants) {
    const seconds = Math.max(0, Math.ceil((at - Date.now()) / 1000));
    await ctx.jobs.send(TRANSITION_JOB, { noticeId: row.id }, { startAfterSeconds: seconds, singletonKey: `${row.id}:${at}` });
  }
}

async function afterChange(ctx: AppContext, row: NoticeRow | undefined): Promise<void> {
  await ctx.mail.kick();
  if (row) await scheduleTransitions(ctx, row);
}

async function openLateDeviation(ctx: AppContext, tx: DbOrTx, caller: Caller, row: NoticeRow, out: CheckOutcome, reason: string): Promise<string> {
  const c = await openCaseInTx(ctx, tx, caller, {
    title: `Sent varsel: ${row.ref} ${row.title}`.slice(0, 200),
    description:
      `${out.className.nb} ${row.ref} ble publisert ${formatInstant(row.publishedAt)} med start ${formatInstant(row.startsAt)}; ` +
      `tidligste tillatte start etter varslingsfristen (${out.leadTime.amount} ${out.leadTime.unit}) var ${formatInstant(out.earliestStart)}. ` +
      `Begrunnelse for å publisere likevel: ${reason}\n\n` +
      `${out.className.en} ${row.ref} was published ${formatInstant(row.publishedAt)} starting ${formatInstant(row.startsAt)}; ` +
      `the earliest start the lead time allows was ${formatInstant(out.earliestStart)}. Reason for publishing anyway: ${reason}`,
    clauses: out.clauses,
    party: row.orgId ? 'serviceOwner' : 'operator',
    orgId: row.orgId,
  });
  return c.id;
}

export async function createNotice(ctx: AppContext, caller: Caller, body: s.CreateBody): Promise<NoticeDetail> {
  const nc = noticeClass(ctx, body.noticeClass);
  const op = isOperator(caller);
  if (!op && !(isServiceOwner(caller) && nc.issuedBy === 'serviceOwner')) {
    throw problems.forbidden(`Only operators publish ${nc.name.en.toLowerCase()} notices; service owners publish notices of the classes issued by service owners.`);
  }
  const publishedAt = new Date();
  const impact = body.impact ?? defaultImpact(body.noticeClass);
  const input: CheckInput = {
    noticeClass: body.noticeClass,
    components: body.components ?? [],
    apis: body.apis ?? [],
    impact,
    startsAt: parseTime(body.startsAt, 'body.startsAt')!,
    endsAt: parseTime(body.endsAt, 'body.endsAt'),
    incidentId: body.incidentId ?? null,
  };
  const row = await ctx.db.transaction(async (tx) => {
    const out = await evaluate(ctx, tx, caller, input, publishedAt);
    const { late, overrideReason } = enforce(out, caller, body.override);
    const ref = await nextRef(tx, REF_PREFIX, publishedAt);
    const [inserted] = await tx
      .insert(notices)
      .values({
        ref,
        noticeClass: body.noticeClass,
        title: body.title.trim(),
        body: body.body ?? '',
        titleEn: body.titleEn?.trim() || null,
        bodyEn: body.bodyEn || null,
        state: 'scheduled',
        components: input.components,
        apis: input.apis ?? [],
        impact,
        publishedAt,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        incidentId: input.incidentId ?? null,
        check: storedCheck(out),
        late,
        overrideReason,
        orgId: op ? null : (caller.active?.orgId ?? null),
        createdBy: caller.user.id,
        createdAt: publishedAt,
        updatedAt: publishedAt,
      })
      .returning();
    let r = inserted!;
    if (late && overrideReason) {
      const deviationId = await openLateDeviation(ctx, tx, caller, r, out, overrideReason);
      r = await setState(tx, r.id, { deviationId });
    }
    await addUpdate(tx, r.id, { at: publishedAt, kind: 'scheduled', body: r.body, bodyEn: r.bodyEn, authorId: caller.user.id });
    await publishNotice(ctx, tx, r.id, 'scheduled', publishedAt, caller.user.id);
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: r.orgId,
      action: 'notice.create',
      targetType: 'notice',
      targetId: r.id,
      after: { ref, noticeClass: r.noticeClass, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt?.toISOString() ?? null, components: r.components },
      details: { ref, late, overrideReason, deviationId: r.deviationId, warnings: out.warnings.map((w) => w.code) },
    });
    return advanceInTx(ctx, tx, r, new Date());
  });
  await afterChange(ctx, row);
  return getNotice(ctx, caller, row.id);
}

/** Loads, checks the caller may write, runs `fn` in one transaction, then publishes and reschedules. */
async function change(
  ctx: AppContext,
  caller: Caller,
  id: string,
  fn: (tx: DbOrTx, row: NoticeRow) => Promise<{ row: NoticeRow; event: EventKind; action: string; details?: Record<string, unknown> }>,
): Promise<NoticeDetail> {
  rememberPolicy(ctx.policy.policy);
  const row = await ctx.db.transaction(async (tx) => {
    const before = await loadNotice(tx, id, true);
    if (!canWrite(caller, before)) throw problems.forbidden('Only operators and the issuing service owner change a notice.');
    const { row, event, action, details } = await fn(tx, before);
    await publishNotice(ctx, tx, row.id, event, new Date(), caller.user.id);
    await appendAudit(tx, { actor: actorOf(caller), orgId: row.orgId, action: `notice.${action}`, targetType: 'notice', targetId: row.id, details: { ref: row.ref, ...details } });
    return row;
  });
  await afterChange(ctx, row);
  return getNotice(ctx, caller, row.id);
}

function requireState(row: NoticeRow, allowed: NoticeState[], what: string): void {
  if (!allowed.includes(row.state as NoticeState)) throw problems.conflict(`${row.ref} is ${row.state.replace('_', ' ')}; ${what} needs it ${allowed.map((a) => a.replace('_', ' ')).join(' or ')}.`);
}

export async function editNotice(ctx: AppContext, caller: Caller, id: string, body: s.EditBody): Promise<NoticeDetail> {
  return change(ctx, caller, id, async (tx, row) => {
    requireState(row, ['scheduled', 'in_progress', 'completed'], 'editing');
    const set: Partial<NoticeRow> = {};
    if (body.title !== undefined) set.title = body.title.trim();
    if (body.body !== undefined) set.body = body.body;
    if (body.titleEn !== undefined) set.titleEn = body.titleEn?.trim() || null;
    if (body.bodyEn !== undefined) set.bodyEn = body.bodyEn || null;
    if (body.components !== undefined || body.apis !== undefined) {
      if (row.state === 'completed') throw problems.conflict(`${row.ref} is completed; its components and APIs are history.`);
      const out = await evaluate(ctx, tx, caller, {
        noticeClass: row.noticeClass,
        components: body.components ?? row.components,
        apis: body.apis ?? row.apis,
        impact: row.impact as NoticeImpact,
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        incidentId: row.incidentId,
      }, row.publishedAt);
      // The times and the incident link do not change: lateness stays as published, the incident is not re-judged.
      enforce({ ...out, late: false, errors: out.errors.filter((e) => !e.code.startsWith('incident')) }, caller, undefined);
      if (body.components !== undefined) set.components = body.components;
      if (body.apis !== undefined) set.apis = body.apis;
      set.check = { ...storedCheck(out), late: row.late };
    }
    const updated = await setState(tx, row.id, set);
    if (body.components !== undefined) await syncSignals(ctx, tx, updated, new Date());
    return { row: updated, event: 'updated', action: 'edit', details: { fields: Object.keys(body) } };
  });
}

export async function rescheduleNotice(ctx: AppContext, caller: Caller, id: string, body: s.RescheduleBody): Promise<NoticeDetail> {
  return change(ctx, caller, id, async (tx, row) => {
    requireState(row, ['scheduled'], 'rescheduling');
    const startsAt = parseTime(body.startsAt, 'body.startsAt')!;
    const endsAt = body.endsAt === undefined ? (row.endsAt ? new Date(startsAt.getTime() + (row.endsAt.getTime() - row.startsAt.getTime())) : null) : parseTime(body.endsAt, 'body.endsAt');
    const out = await evaluate(ctx, tx, caller, {
      noticeClass: row.noticeClass,
      components: row.components,
      apis: row.apis,
      impact: row.impact as NoticeImpact,
      startsAt,
      endsAt,
      incidentId: row.incidentId,
    }, row.publishedAt);
    const { late, overrideReason } = enforce(out, caller, body.override);
    const set: Partial<NoticeRow> = { startsAt, endsAt, late, check: storedCheck(out) };
    if (late) set.overrideReason = overrideReason;
    let updated = await setState(tx, row.id, set);
    if (late && overrideReason && !row.deviationId) {
      updated = await setState(tx, row.id, { deviationId: await openLateDeviation(ctx, tx, caller, updated, out, overrideReason) });
    }
    const when = `${formatInstant(startsAt)}${endsAt ? ` – ${formatInstant(endsAt)}` : ''}`;
    await addUpdate(tx, row.id, { at: new Date(), kind: 'rescheduled', body: `${body.reason.trim()} (${when})`, bodyEn: body.reasonEn ? `${body.reasonEn.trim()} (${when})` : null, authorId: caller.user.id });
    updated = await advanceInTx(ctx, tx, updated, new Date());
    return {
      row: updated,
      event: 'updated',
      action: 'reschedule',
      details: { from: { startsAt: row.startsAt.toISOString(), endsAt: row.endsAt?.toISOString() ?? null }, to: { startsAt: startsAt.toISOString(), endsAt: endsAt?.toISOString() ?? null }, late, reason: body.reason },
    };
  });
}

export async function startNotice(ctx: AppContext, caller: Caller, id: string, body: { body?: string; bodyEn?: string }): Promise<NoticeDetail> {
  return change(ctx, caller, id, async (tx, row) => {
    requireState(row, ['scheduled'], 'starting');
    const now = new Date();
    const updated = await setState(tx, row.id, { state: 'in_progress', startedAt: now });
    await addUpdate(tx, row.id, { at: now, kind: 'in_progress', body: body.body, bodyEn: body.bodyEn, authorId: caller.user.id });
    await syncSignals(ctx, tx, updated, now);
    return { row: updated, event: 'started', action: 'start' };
  });
}

export async function completeNotice(ctx: AppContext, caller: Caller, id: string, body: { body?: string; bodyEn?: string }): Promise<NoticeDetail> {
  return change(ctx, caller, id, async (tx, row) => {
    requireState(row, ['in_progress'], 'completing');
    const now = new Date();
    const updated = await setState(tx, row.id, { state: 'completed', completedAt: now });
    await addUpdate(tx, row.id, { at: now, kind: 'completed', body: body.body, bodyEn: body.bodyEn, authorId: caller.user.id });
    await syncSignals(ctx, tx, updated, now);
    return { row: updated, event: 'completed', action: 'complete' };
  });
}

export async function extendNotice(ctx: AppContext, caller: Caller, id: string, body: { endsAt: string; body?: string; bodyEn?: string }): Promise<NoticeDetail> {
  return change(ctx, caller, id, async (tx, row) => {
    requireState(row, ['scheduled', 'in_progress'], 'extending');
    const endsAt = parseTime(body.endsAt, 'body.endsAt')!;
    if (row.endsAt && endsAt <= row.endsAt) throw problems.invalidField('body.endsAt', `must be after the current end ${formatInstant(row.endsAt)}`);
    if (endsAt <= new Date() || endsAt <= row.startsAt) throw problems.invalidField('body.endsAt', 'must be in the future and after the start');
    // The extension is checked like the rest of the work; inside a refusing window it is flagged (the work is running).
    const out = await evaluate(ctx, tx, caller, { noticeClass: row.noticeClass, components: row.components, apis: row.apis, impact: row.impact as NoticeImpact, startsAt: row.startsAt, endsAt, incidentId: null }, row.publishedAt);
    const flagged = out.errors.filter((e) => e.code === 'insideWindow');
    const check: NoticeCheck = { ...(row.check ?? { earliestStart: null, late: row.late, warnings: [] }), warnings: [...storedCheck(out).warnings, ...flagged.map((e) => ({ code: e.code, message: e.message, clauses: e.clauses }))] };
    const updated = await setState(tx, row.id, { endsAt, check });
    const until = formatInstant(endsAt);
    await addUpdate(tx, row.id, { at: new Date(), kind: 'extended', body: body.body ? `${body.body} (${until})` : until, bodyEn: body.bodyEn ? `${body.bodyEn} (${until})` : null, authorId: caller.user.id });
    return { row: updated, event: 'updated', action: 'extend', details: { from: row.endsAt?.toISOString() ?? null, to: endsAt.toISOString(), flagged: flagged.length } };
  });
}

export async function addNoticeUpdate(ctx: AppContext, caller: Caller, id: string, body: { body: string; bodyEn?: string | null }): Promise<NoticeDetail> {
  return change(ctx, caller, id, async (tx, row) => {
    requireState(row, ['scheduled', 'in_progress', 'completed'], 'an update');
    await addUpdate(tx, row.id, { at: new Date(), kind: 'note', body: body.body.trim(), bodyEn: body.bodyEn?.trim() || null, authorId: caller.user.id });
    const updated = await setState(tx, row.id, {});
    return { row: updated, event: 'updated', action: 'update' };
  });
}

export async function cancelNotice(ctx: AppContext, caller: Caller, id: string, body: { reason: string; reasonEn?: string }): Promise<NoticeDetail> {
  return change(ctx, caller, id, async (tx, row) => {
    requireState(row, ['scheduled', 'in_progress'], 'cancelling');
    const now = new Date();
    const updated = await setState(tx, row.id, { state: 'cancelled', cancelledAt: now });
    await addUpdate(tx, row.id, { at: now, kind: 'cancelled', body: body.reason.trim(), bodyEn: body.reasonEn?.trim() || null, authorId: caller.user.id });
    await syncSignals(ctx, tx, updated, now);
    return { row: updated, event: 'cancelled', action: 'cancel', details: { reason: body.reason } };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------------------------

export type NoticeDetail = NoticeView & {
  check?: NoticeCheck | null;
  overrideReason?: string | null;
  deviationId?: string | null;
  orgId?: string | null;
  incidentRef: string | null;
  can: { edit: boolean; start: boolean; complete: boolean; cancel: boolean; reschedule: boolean; extend: boolean; update: boolean };
};

export async function getNotice(ctx: AppContext, caller: Caller | null, idOrRef: string): Promise<NoticeDetail> {
  rememberPolicy(ctx.policy.policy);
  const row = await loadNotice(ctx.db, idOrRef);
  const [view] = await listNotices(ctx.db, { ids: [row.id], policy: ctx.policy.policy });
  const write = canWrite(caller, row);
  const op = isOperator(caller);
  const st = row.state as NoticeState;
  let incidentRef: string | null = null;
  if (row.incidentId) {
    const [inc] = await ctx.db.select({ ref: incidents.ref }).from(incidents).where(eq(incidents.id, row.incidentId));
    incidentRef = inc?.ref ?? null;
  }
  return {
    ...view!,
    incidentRef,
    ...(write ? { check: row.check, overrideReason: row.overrideReason, deviationId: row.deviationId, orgId: row.orgId } : {}),
    can: {
      edit: write && st !== 'cancelled',
      start: op && st === 'scheduled',
      complete: op && st === 'in_progress',
      cancel: write && (st === 'scheduled' || st === 'in_progress'),
      reschedule: write && st === 'scheduled',
      extend: op && (st === 'scheduled' || st === 'in_progress'),
      update: write && st !== 'cancelled',
    },
  };
}

export async function listRequest(ctx: AppContext, q: s.ListQuery): Promise<NoticeView[]> {
  const states: NoticeState[] | undefined = q.state === 'open' ? ['scheduled', 'in_progress'] : q.state ? [q.state] : undefined;
  const list = await listNotices(ctx.db, {
    states,
    noticeClass: q.noticeClass,
    component: q.component,
    from: parseTime(q.from, 'querystring.from') ?? undefined,
    to: parseTime(q.to, 'querystring.to') ?? undefined,
    limit: q.limit ?? 100,
    policy: ctx.policy.policy,
  });
  return list;
}

/** Notices whose clock transition is due (the sweep). */
export async function dueNotices(db: DbOrTx, now = new Date()): Promise<string[]> {
  const rows = await db
    .select({ id: notices.id })
    .from(notices)
    .where(
      or(
        and(eq(notices.state, 'scheduled'), lte(notices.startsAt, now)),
        and(eq(notices.state, 'in_progress'), lte(notices.endsAt, now)),
        and(eq(notices.state, 'in_progress'), isNull(notices.endsAt), eq(notices.impact, 'none'), lte(notices.startsAt, now)),
      ),
    )
    .orderBy(asc(notices.startsAt));
  return rows.map((r) => r.id);
}
