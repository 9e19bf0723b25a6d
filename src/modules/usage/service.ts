/**
 * Call efficiency and polling findings (T-1.2.4): what vendors and operators read, the escalation of findings along
 * the policy's steps, and the weekly report to each polling vendor's administrators.
 *
 * Escalation (job `usage.escalate`, hourly): an open finding moves to the next step of `polling.steps` when the step's
 * `after` has passed since it reached its level AND polling was still seen after that; a finding without polling for
 * `quietPeriod` is resolved. Each move is audited and published as `no.samsvar.usage.polling` (visibility org, the
 * vendor): level 2 warns the vendor's admins and developers, level 3 throttles the polled route for the vendor to the
 * policy's rate — a throttle measure Samsvar applies itself (measures module, clause T-1.2.4; the warning and its
 * deadline came first, T-7.2), lifted again when the finding resolves or an operator closes it — and level 4 proposes
 * a suspension to operators (a suspension is applied by an operator's hand).
 */
import { and, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { PollingPolicy, RateLimit } from '../../kernel/policy/schema.ts';
import { addCalendarDuration } from '../../kernel/worktime/index.ts';
import { appendAudit } from '../../platform/audit/index.ts';
import { authTables, orgScope, type Caller } from '../../platform/auth/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { problems } from '../../platform/http/problem.ts';
import { applySystemMeasure, liftSystemMeasure, type MeasureActor } from '../measures/service.ts';
import { claimReminder, orgAdminEmails } from '../registry/index.ts';
import { DEFAULT_POLLING } from './detector.ts';
import { pollingFindings, usageDaily } from './tables.ts';

const { organisations } = authTables;

export const POLLING_EVENT = 'no.samsvar.usage.polling';
export const LEVEL_ACTIONS = ['report', 'warn', 'throttle', 'proposeSuspension'] as const;

export function pollingPolicy(ctx: AppContext): PollingPolicy {
  return ctx.policy.policy.polling ?? DEFAULT_POLLING;
}

// ------------------------------------------------------------------------------------------------ reading

export interface UsageRow {
  vendorOrgId: string;
  vendorName: string;
  env: string;
  product: string;
  route: string;
  calls: number;
  unchanged: number;
  polling: number;
  rateLimited: number;
  refused: number;
  /** unchanged / calls, 0 when there were no calls. */
  unchangedShare: number;
}

export interface UsageDay {
  day: string;
  calls: number;
  unchanged: number;
  polling: number;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Calls per vendor, environment and route over [from, to] (UTC days), the caller's own organisation unless cross-tenant. */
export async function usageSummary(ctx: AppContext, caller: Caller, q: { from?: string; to?: string; orgId?: string; env?: string }) {
  const scope = orgScope(caller);
  if (scope && q.orgId && q.orgId !== scope) throw problems.notFound('The organisation');
  const org = scope ?? q.orgId;
  const to = q.to ?? isoDay(new Date());
  const from = q.from ?? isoDay(new Date(Date.parse(to) - 29 * 86_400_000));
  if (from > to) throw problems.invalidField('from', 'must not be after "to"');
  const where = and(gte(usageDaily.day, from), lte(usageDaily.day, to), org ? eq(usageDaily.vendorOrgId, org) : undefined, q.env ? eq(usageDaily.env, q.env) : undefined);
  const rows = await ctx.db
    .select({
      vendorOrgId: usageDaily.vendorOrgId,
      vendorName: organisations.name,
      env: usageDaily.env,
      product: usageDaily.product,
      route: usageDaily.route,
      calls: sql<number>`sum(${usageDaily.calls})::int`,
      unchanged: sql<number>`sum(${usageDaily.unchanged})::int`,
      polling: sql<number>`sum(${usageDaily.polling})::int`,
      rateLimited: sql<number>`sum(${usageDaily.rateLimited})::int`,
      refused: sql<number>`sum(${usageDaily.refused})::int`,
    })
    .from(usageDaily)
    .innerJoin(organisations, eq(organisations.id, usageDaily.vendorOrgId))
    .where(where)
    .groupBy(usageDaily.vendorOrgId, organisations.name, usageDaily.env, usageDaily.product, usageDaily.route)
    .orderBy(organisations.name, usageDaily.env, usageDaily.product, usageDaily.route);
  const items: UsageRow[] = rows.map((r) => ({ ...r, calls: Number(r.calls), unchanged: Number(r.unchanged), polling: Number(r.polling), rateLimited: Number(r.rateLimited), refused: Number(r.refused), unchangedShare: share(Number(r.unchanged), Number(r.calls)) }));
  const dayRows = await ctx.db
    .select({ day: usageDaily.day, calls: sql<number>`sum(${usageDaily.calls})::int`, unchanged: sql<number>`sum(${usageDaily.unchanged})::int`, polling: sql<number>`sum(${usageDaily.polling})::int` })
    .from(usageDaily)
    .where(where)
    .groupBy(usageDaily.day)
    .orderBy(usageDaily.day);
  const days: UsageDay[] = dayRows.map((d) => ({ day: String(d.day), calls: Number(d.calls), unchanged: Number(d.unchanged), polling: Number(d.polling) }));
  const calls = items.reduce((a, r) => a + r.calls, 0);
  const unchanged = items.reduce((a, r) => a + r.unchanged, 0);
  const polling = items.reduce((a, r) => a + r.polling, 0);
  return { from, to, totals: { calls, unchanged, polling, unchangedShare: share(unchanged, calls) }, days, items };
}

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : 0);

export type FindingRow = typeof pollingFindings.$inferSelect;

export interface FindingView {
  id: string;
  vendorOrgId: string;
  vendorName: string;
  env: string;
  product: string;
  route: string;
  eventTypes: string[];
  samplePath: string;
  resources: number;
  reads: number;
  unchanged: number;
  unchangedShare: number;
  intervalSeconds: number;
  level: number;
  action: (typeof LEVEL_ACTIONS)[number];
  levelSince: string;
  firstSeenAt: string;
  lastSeenAt: string;
  status: string;
  resolvedAt: string | null;
  throttle: string | null;
  decisionNote: string | null;
  /** When the next step applies if the polling goes on (null at the last step or when closed). */
  nextStepAt: string | null;
}

function view(ctx: AppContext, f: FindingRow & { vendorName: string }): FindingView {
  const p = pollingPolicy(ctx);
  const next = f.status === 'open' ? p.steps[f.level] : undefined;
  return {
    id: f.id,
    vendorOrgId: f.vendorOrgId,
    vendorName: f.vendorName,
    env: f.env,
    product: f.product,
    route: f.route,
    eventTypes: f.eventTypes,
    samplePath: f.samplePath,
    resources: f.resources,
    reads: f.reads,
    unchanged: f.unchanged,
    unchangedShare: share(f.unchanged, f.reads),
    intervalSeconds: Math.round(f.intervalMs / 100) / 10,
    level: f.level,
    action: LEVEL_ACTIONS[f.level - 1],
    levelSince: f.levelSince.toISOString(),
    firstSeenAt: f.firstSeenAt.toISOString(),
    lastSeenAt: f.lastSeenAt.toISOString(),
    status: f.status,
    resolvedAt: f.resolvedAt?.toISOString() ?? null,
    throttle: f.throttle,
    decisionNote: f.decisionNote,
    nextStepAt: next?.after ? new Date(addCalendarDuration(f.levelSince, next.after)).toISOString() : null,
  };
}

export async function listFindings(ctx: AppContext, caller: Caller, q: { orgId?: string; status?: string }): Promise<FindingView[]> {
  const scope = orgScope(caller);
  if (scope && q.orgId && q.orgId !== scope) throw problems.notFound('The organisation');
  const org = scope ?? q.orgId;
  const rows = await ctx.db
    .select({ f: pollingFindings, vendorName: organisations.name })
    .from(pollingFindings)
    .innerJoin(organisations, eq(organisations.id, pollingFindings.vendorOrgId))
    .where(and(org ? eq(pollingFindings.vendorOrgId, org) : undefined, q.status ? eq(pollingFindings.status, q.status) : undefined))
    .orderBy(desc(pollingFindings.level), desc(pollingFindings.lastSeenAt))
    .limit(500);
  return rows.map((r) => view(ctx, { ...r.f, vendorName: r.vendorName }));
}

/** An operator closes a finding: dismissed (not polling after all, or handled another way) or resolved. */
export async function decideFinding(ctx: AppContext, caller: Caller, id: string, body: { decision: 'dismiss' | 'resolve'; note: string }): Promise<FindingView> {
  return ctx.db.transaction(async (tx) => {
    const [f] = await tx.select().from(pollingFindings).where(eq(pollingFindings.id, id)).for('update');
    if (!f) throw problems.notFound('The finding');
    if (f.status !== 'open') throw problems.conflict(`The finding is already ${f.status}.`);
    const status = body.decision === 'dismiss' ? 'dismissed' : 'resolved';
    const [row] = await tx
      .update(pollingFindings)
      .set({ status, resolvedAt: new Date(), decidedBy: caller.user.id, decisionNote: body.note })
      .where(eq(pollingFindings.id, id))
      .returning();
    await appendAudit(tx, {
      actor: { userId: caller.user.id, label: caller.user.email },
      orgId: f.vendorOrgId,
      action: `usage.finding.${status}`,
      targetType: 'polling-finding',
      targetId: id,
      before: { status: f.status, level: f.level },
      after: { status },
      details: { note: body.note, route: f.route, env: f.env },
    });
    // The operator who closes the finding lifts its throttle.
    const operator: MeasureActor = { userId: caller.user.id, name: caller.user.name, actor: { userId: caller.user.id, label: caller.user.email } };
    await liftThrottle(ctx, tx, f, `Funnet ${status === 'dismissed' ? 'avvist' : 'løst'} av Digdir: ${body.note} / Finding ${status} by Digdir: ${body.note}`, new Date(), operator);
    const [org] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, f.vendorOrgId));
    return view(ctx, { ...row!, vendorName: org?.name ?? '' });
  });
}

// ------------------------------------------------------------------------------------------------ escalation

export interface PollingEventData {
  findingId: string;
  level: number;
  action: (typeof LEVEL_ACTIONS)[number];
  vendorOrgId: string;
  env: string;
  product: string;
  route: string;
  eventTypes: string[];
  samplePath: string;
  reads: number;
  unchangedShare: number;
  intervalSeconds: number;
  /** At level 3: the rate the vendor is (or is proposed to be) throttled to. */
  throttle?: RateLimit | null;
  throttleApplied?: boolean;
}

/** Samsvar as it applies and lifts the throttles of polling escalation. */
const ESCALATION: MeasureActor = { userId: null, name: 'Samsvar (pollingdeteksjon / polling detection)', actor: { label: 'system:usage' } };

class NotMoved extends Error {}

/** Lifts the throttle a finding's escalation applied, if it is still in force. */
async function liftThrottle(ctx: AppContext, tx: DbOrTx, f: { throttleMeasureId: string | null }, reason: string, now: Date, by: MeasureActor = ESCALATION): Promise<void> {
  if (f.throttleMeasureId) await liftSystemMeasure(ctx, tx, f.throttleMeasureId, by, reason, now);
}

/** Moves due findings up a step and resolves quiet ones; returns what changed. */
export async function runEscalation(ctx: AppContext, now = new Date()): Promise<{ escalated: number; resolved: number }> {
  const p = pollingPolicy(ctx);
  let escalated = 0;
  let resolved = 0;
  const open = await ctx.db.select().from(pollingFindings).where(eq(pollingFindings.status, 'open'));
  for (const f of open) {
    const quietUntil = new Date(addCalendarDuration(f.lastSeenAt, p.quietPeriod));
    if (quietUntil <= now) {
      await ctx.db.transaction(async (tx) => {
        const [row] = await tx.update(pollingFindings).set({ status: 'resolved', resolvedAt: now }).where(and(eq(pollingFindings.id, f.id), eq(pollingFindings.status, 'open'))).returning();
        if (!row) return;
        await appendAudit(tx, { actor: { label: 'system:usage' }, orgId: f.vendorOrgId, action: 'usage.finding.resolved', targetType: 'polling-finding', targetId: f.id, before: { status: 'open', level: f.level }, after: { status: 'resolved' }, details: { reason: 'quiet', lastSeenAt: f.lastSeenAt.toISOString() } });
        await liftThrottle(ctx, tx, row, 'Ingen polling sett på ruten i stilleperioden. / No polling seen on the route for the quiet period.', now);
      });
      resolved++;
      continue;
    }
    const step = p.steps[f.level];
    if (!step?.after) continue;
    const dueAt = new Date(addCalendarDuration(f.levelSince, step.after));
    if (dueAt > now || f.lastSeenAt < dueAt) continue;
    const level = f.level + 1;
    const action = LEVEL_ACTIONS[level - 1];
    let throttle: string | null = f.throttle;
    const moved = await ctx.db.transaction(async (tx) => {
      // Level 3: the vendor was warned (level 2) and polled on past the step's deadline (T-7.2): the route is throttled
      // for the vendor in that environment — a measure like an operator's, shown under Measures, on every gateway node
      // within a second, and lifted when the finding resolves.
      let measureId: string | null = f.throttleMeasureId;
      if (action === 'throttle' && step.rate && !measureId) {
        const [vendor] = await tx.select({ orgNumber: organisations.orgNumber }).from(organisations).where(eq(organisations.id, f.vendorOrgId));
        const m = await applySystemMeasure(
          ctx,
          tx,
          {
            kind: 'throttle',
            vendor: vendor!.orgNumber,
            product: f.product,
            route: f.route,
            environment: f.env as 'test' | 'production',
            rate: step.rate,
            clause: 'T-1.2.4',
            reason:
              `Polling: samme lesing gjentas mens svaret er uendret (${f.reads} lesinger, ${Math.round(share(f.unchanged, f.reads) * 100)} % uendret), også etter varsel. Abonner på ${f.eventTypes.join(', ') || 'hendelser'} i stedet. / ` +
              `Polling: the same read repeats while the answer is unchanged (${f.reads} reads, ${Math.round(share(f.unchanged, f.reads) * 100)} % unchanged), also after the warning. Subscribe to ${f.eventTypes.join(', ') || 'events'} instead.`,
          },
          ESCALATION,
          now,
        );
        measureId = m.id;
        throttle = `applied: ${step.rate.requests}/${step.rate.perSeconds}s`;
      }
      const [row] = await tx
        .update(pollingFindings)
        .set({ level, levelSince: now, throttle, throttleMeasureId: measureId, notifiedLevel: level })
        .where(and(eq(pollingFindings.id, f.id), eq(pollingFindings.status, 'open'), eq(pollingFindings.level, f.level)))
        .returning();
      if (!row) throw new NotMoved();
      await appendAudit(tx, { actor: { label: 'system:usage' }, orgId: f.vendorOrgId, action: 'usage.finding.escalated', targetType: 'polling-finding', targetId: f.id, before: { level: f.level }, after: { level, action }, details: { route: f.route, env: f.env, throttle } });
      const data: PollingEventData = {
        findingId: f.id,
        level,
        action,
        vendorOrgId: f.vendorOrgId,
        env: f.env,
        product: f.product,
        route: f.route,
        eventTypes: f.eventTypes,
        samplePath: f.samplePath,
        reads: f.reads,
        unchangedShare: share(f.unchanged, f.reads),
        intervalSeconds: Math.round(f.intervalMs / 100) / 10,
        ...(action === 'throttle' ? { throttle: step.rate ?? null, throttleApplied: measureId !== null } : {}),
      };
      await publishEvent(tx, ctx, { type: POLLING_EVENT, resource: `urn:samsvar:polling-finding:${f.id}`, source: '/api/v1/usage', orgId: f.vendorOrgId, visibility: 'org', time: now, data });
      return true;
    }).catch((e) => {
      // Another run moved it first: its transaction (and any measure applied in it) is rolled back.
      if (e instanceof NotMoved) return false;
      throw e;
    });
    if (moved) escalated++;
  }
  return { escalated, resolved };
}

// ------------------------------------------------------------------------------------------------ weekly report

/** Monday 00:00 UTC of the week before `now` (the reported week) and its end. */
function lastWeek(now: Date): { from: string; to: string } {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const dow = (d.getUTCDay() + 6) % 7;
  const monday = new Date(d.getTime() - (dow + 7) * 86_400_000);
  return { from: isoDay(monday), to: isoDay(new Date(monday.getTime() + 6 * 86_400_000)) };
}

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

/**
 * The weekly call-efficiency report: every vendor with an open polling finding gets one mail per week to its
 * administrators — calls and unchanged share of last week, each finding with its level and the event types to
 * subscribe to instead. Once per vendor and week (claimed in reminders_sent), so the job may run again.
 */
export async function runWeeklyReport(ctx: AppContext, now = new Date()): Promise<{ vendors: number; messages: number }> {
  const week = lastWeek(now);
  const open = await ctx.db
    .select({ f: pollingFindings, vendorName: organisations.name })
    .from(pollingFindings)
    .innerJoin(organisations, eq(organisations.id, pollingFindings.vendorOrgId))
    .where(eq(pollingFindings.status, 'open'));
  const byVendor = new Map<string, { name: string; findings: FindingView[] }>();
  for (const r of open) {
    const v = byVendor.get(r.f.vendorOrgId) ?? { name: r.vendorName, findings: [] };
    v.findings.push(view(ctx, { ...r.f, vendorName: r.vendorName }));
    byVendor.set(r.f.vendorOrgId, v);
  }
  if (byVendor.size === 0) return { vendors: 0, messages: 0 };
  const totals = await ctx.db
    .select({ vendorOrgId: usageDaily.vendorOrgId, calls: sql<number>`sum(${usageDaily.calls})::int`, unchanged: sql<number>`sum(${usageDaily.unchanged})::int`, polling: sql<number>`sum(${usageDaily.polling})::int` })
    .from(usageDaily)
    .where(and(gte(usageDaily.day, week.from), lte(usageDaily.day, week.to), inArray(usageDaily.vendorOrgId, [...byVendor.keys()])))
    .groupBy(usageDaily.vendorOrgId);
  const totalOf = new Map(totals.map((t) => [t.vendorOrgId, { calls: Number(t.calls), unchanged: Number(t.unchanged), polling: Number(t.polling) }]));
  let vendors = 0;
  let messages = 0;
  for (const [orgId, v] of byVendor) {
    await ctx.db.transaction(async (tx) => {
      if (!(await claimReminder(tx, `usage.weekly:${orgId}:${week.from}`, orgId))) return;
      vendors++;
      const t = totalOf.get(orgId) ?? { calls: 0, unchanged: 0, polling: 0 };
      const lines = v.findings.map(
        (f) =>
          `- ${f.route} (${f.env === 'production' ? 'produksjon / production' : 'test'}): ${f.reads} polling reads, ${pct(f.unchangedShare)} unchanged, every ${f.intervalSeconds} s; level ${f.level} (${f.action}).\n  Subscribe instead / abonner i stedet: ${f.eventTypes.join(', ') || '(no event type for this route yet)'}`,
      );
      const subject = `Samsvar: ukerapport om bruk og polling / weekly call-efficiency report (${week.from} – ${week.to})`;
      const text =
        `${v.name}\n\n` +
        `Uke / week ${week.from} – ${week.to}: ${t.calls} kall / calls, ${pct(share(t.unchanged, t.calls))} uendrede svar / unchanged answers, ${t.polling} polling-kall / polling calls.\n\n` +
        `Polling oppdaget / polling detected (vilkårene punkt 1.2.4 / terms clause T-1.2.4):\n${lines.join('\n')}\n\n` +
        'Abonner på hendelsene i hendelsesnavet i stedet for å spørre igjen og igjen. Vedvarende polling fører til advarsel, struping og til slutt forslag om suspensjon.\n' +
        'Subscribe to the events in the event hub instead of asking again and again. Continued polling leads to a warning, throttling and finally a proposal to suspend.\n\n' +
        `${ctx.config.PUBLIC_URL.replace(/\/$/, '')}/usage`;
      const recipients = await orgAdminEmails(tx, orgId);
      for (const to of recipients) {
        await ctx.mail.enqueue(tx, { to, orgId, kind: 'usage.weekly', subject, text });
        messages++;
      }
    });
  }
  if (messages) await ctx.mail.kick();
  return { vendors, messages };
}
