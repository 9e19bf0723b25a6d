/**
 * SLA warnings and breaches [S-2.2.1, S-2.2.2, S-2.2.3]: at 50 %, 75 % and 90 % of a clock's target (the policy's
 * `warnAt`) and at 100 % (the breach), the assignee and the operator on duty are told by e-mail and in the portal
 * inbox, once per (incident, clock, category, threshold) through `incident_alerts`.
 *
 * Scheduling: after every change the next threshold instant the engine projects is sent to pg-boss as a delayed job
 * (`startAfter`), so it fires on time after a restart too (the job is in the database). A job that fires after the
 * incident changed simply recomputes from the history: if nothing is due it schedules the next instant. A sweep
 * every five minutes catches anything a lost job would miss.
 */
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { ClockResult } from '../../kernel/sla/index.ts';
import { authTables } from '../../platform/auth/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { notifyInbox } from '../../platform/inbox/index.ts';
import { defineJob, type JobDef } from '../../platform/jobs/index.ts';
import { operatorsOnDuty } from './duty.ts';
import { refreshClocks } from './service.ts';
import { incidentAlerts, incidentEvents, incidents } from './tables.ts';
import { durationText, osloTime, targetName } from './text.ts';

const { users, memberships } = authTables;
type IncidentRow = typeof incidents.$inferSelect;

export const ALERT_JOB = 'incidents.clock-alerts';
export const SWEEP_JOB = 'incidents.clock-sweep';

/** Schedules the alert job for the next threshold (or now, for a new incident's notice to the operator on duty). */
export async function afterIncidentChange(ctx: AppContext, incidentId: string, nextThresholdAt: number | null, opts: { reported?: boolean } = {}): Promise<void> {
  await ctx.mail.kick();
  if (!ctx.jobs) return;
  if (opts.reported) await ctx.jobs.send(ALERT_JOB, { incidentId, reported: true });
  if (nextThresholdAt === null) return;
  const seconds = Math.max(0, Math.ceil((nextThresholdAt - Date.now()) / 1000));
  await ctx.jobs.send(ALERT_JOB, { incidentId }, { startAfterSeconds: seconds, singletonKey: `${incidentId}:${nextThresholdAt}` });
}

interface Recipient {
  userId: string;
  email: string;
}

/** The assignee (user, or the service owner organisation's members) and the operators on duty at `at`. */
export async function alertRecipients(tx: DbOrTx, inc: IncidentRow, at: Date): Promise<Recipient[]> {
  const out = new Map<string, Recipient>();
  if (inc.assigneeUserId) {
    const [u] = await tx.select({ id: users.id, email: users.email, disabled: users.disabled }).from(users).where(eq(users.id, inc.assigneeUserId));
    if (u && !u.disabled) out.set(u.id, { userId: u.id, email: u.email });
  }
  if (inc.assigneeOrgId) {
    const rows = await tx
      .select({ id: users.id, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, inc.assigneeOrgId), inArray(memberships.role, ['serviceowner-admin', 'serviceowner-member']), eq(users.disabled, false)));
    for (const r of rows) out.set(r.id, { userId: r.id, email: r.email });
  }
  for (const o of await operatorsOnDuty(tx, at)) out.set(o.userId, { userId: o.userId, email: o.email });
  return [...out.values()];
}

function alertText(ctx: AppContext, inc: IncidentRow, clock: ClockResult, percent: number) {
  const link = `${ctx.config.PUBLIC_URL}/incidents/${inc.id}`;
  const due = clock.dueAt === null ? '' : osloTime(clock.dueAt);
  const breach = percent >= 100;
  const nbWhat = breach ? `Fristen for ${targetName(clock.targetId, 'nb')} er brutt` : `${percent} % av ${targetName(clock.targetId, 'nb')} er brukt`;
  const enWhat = breach ? `The ${targetName(clock.targetId, 'en')} target is breached` : `${percent} % of the ${targetName(clock.targetId, 'en')} has run`;
  const left = clock.remaining ? clock.remaining.workingMs : 0;
  const title = {
    nb: `${inc.ref} (${inc.category}): ${nbWhat}`,
    en: `${inc.ref} (${inc.category}): ${enWhat}`,
  };
  const body = {
    nb: `${inc.title}. Frist ${due}${breach ? '' : `, ${durationText(left, 'nb')} igjen`} (${clock.clauses.join(', ')}).`,
    en: `${inc.title}. Due ${due} Oslo time${breach ? '' : `, ${durationText(left, 'en')} left`} (${clock.clauses.join(', ')}).`,
  };
  return { title, body, link, breach };
}

/**
 * Recomputes an incident's clocks now and sends every warning or breach that is due and not yet sent (for several
 * thresholds passed at once, one message for the highest). Idempotent. Resolves to the number of alerts recorded.
 */
export async function runAlerts(ctx: AppContext, incidentId: string, now = Date.now()): Promise<number> {
  let next: number | null = null;
  let recorded = 0;
  await ctx.db.transaction(async (tx) => {
    const [inc] = await tx.select().from(incidents).where(eq(incidents.id, incidentId)).for('update');
    if (!inc) return;
    const result = await refreshClocks(ctx, tx, incidentId, now);
    next = result.nextThresholdAt;
    for (const clock of result.clocks) {
      const reached = clock.thresholds.filter((t) => t.reached && t.at !== null);
      if (!reached.length) continue;
      const inserted = await tx
        .insert(incidentAlerts)
        .values(reached.map((t) => ({ incidentId, targetId: clock.targetId, category: clock.category, percent: t.percent, thresholdAt: new Date(t.at!) })))
        .onConflictDoNothing()
        .returning({ percent: incidentAlerts.percent });
      if (!inserted.length) continue;
      recorded += inserted.length;
      const percent = Math.max(...inserted.map((r) => r.percent));
      const highest = reached.find((t) => t.percent === percent)!;
      const msg = alertText(ctx, inc, clock, percent);
      const to = await alertRecipients(tx, inc, new Date(now));
      await notifyInbox(tx, to.map((r) => r.userId), {
        kind: msg.breach ? 'incident.clock.breached' : 'incident.clock.warning',
        title: msg.title,
        body: msg.body,
        link: `/incidents/${incidentId}`,
        dedupeKey: `incident:${incidentId}:${clock.category}:${clock.targetId}:${percent}`,
      });
      for (const r of to) {
        await ctx.mail.enqueue(tx, {
          to: r.email,
          kind: msg.breach ? 'incident.clock.breached' : 'incident.clock.warning',
          orgId: inc.assigneeOrgId ?? inc.reporterOrgId,
          subject: `[Samsvar] ${msg.title.nb}`,
          text: `${msg.title.nb}\n${msg.body.nb}\n\n${msg.link}\n\n— English —\n${msg.title.en}\n${msg.body.en}\n`,
        });
      }
      await tx.insert(incidentEvents).values({
        incidentId,
        at: new Date(highest.at!),
        type: 'alert',
        data: { targetId: clock.targetId, category: clock.category, percent, breach: msg.breach, to: to.map((r) => r.email), clauses: clock.clauses },
        visibility: 'internal',
      });
    }
  });
  if (recorded) await ctx.mail.kick();
  if (ctx.jobs && next !== null) {
    const seconds = Math.max(1, Math.ceil((next - Date.now()) / 1000));
    await ctx.jobs.send(ALERT_JOB, { incidentId }, { startAfterSeconds: seconds, singletonKey: `${incidentId}:${next}` });
  }
  return recorded;
}

/** Tells the operators on duty about a new incident (inbox; e-mail for A and B, which need work within the hour). */
export async function announceNewIncident(ctx: AppContext, incidentId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [inc] = await tx.select().from(incidents).where(eq(incidents.id, incidentId));
    if (!inc) return;
    const onDuty = await operatorsOnDuty(tx, new Date());
    const name = ctx.policy.policy.incidentCategories[inc.category]?.name ?? { nb: inc.category, en: inc.category };
    const title = { nb: `Ny hendelse ${inc.ref} (${inc.category} – ${name.nb}): ${inc.title}`, en: `New incident ${inc.ref} (${inc.category} – ${name.en}): ${inc.title}` };
    const stored = await notifyInbox(tx, onDuty.map((o) => o.userId), { kind: 'incident.reported', title, link: `/incidents/${inc.id}`, dedupeKey: `incident:${inc.id}:reported` });
    const rank = ctx.policy.policy.incidentCategories[inc.category]?.rank ?? 99;
    if (stored && rank <= 2) {
      for (const o of onDuty) {
        await ctx.mail.enqueue(tx, {
          to: o.email,
          kind: 'incident.reported',
          subject: `[Samsvar] ${title.nb}`,
          text: `${title.nb}\nMeldt ${osloTime(inc.reportedAt)}.\n\n${ctx.config.PUBLIC_URL}/incidents/${inc.id}\n\n— English —\n${title.en}\n`,
        });
      }
    }
  });
  await ctx.mail.kick();
}

/** Incidents with a running clock: the sweep re-runs their alerts. */
export async function runSweep(ctx: AppContext, now = Date.now()): Promise<number> {
  const open = await ctx.db.select({ id: incidents.id }).from(incidents).where(notInArray(incidents.state, ['resolved', 'closed']));
  let n = 0;
  for (const r of open) n += await runAlerts(ctx, r.id, now);
  return n;
}

export function alertJobs(ctx: AppContext): JobDef<any>[] {
  return [
    defineJob<{ incidentId: string; reported?: boolean }>({
      name: ALERT_JOB,
      doc: 'SLA clock warnings (50/75/90 %) and breaches of one incident, to the assignee and the operator on duty [S-2.2.1, S-2.2.2, S-2.2.3]; also the new-incident notice.',
      retryLimit: 5,
      handler: async (p) => {
        if (p.reported) await announceNewIncident(ctx, p.incidentId);
        else await runAlerts(ctx, p.incidentId);
      },
    }),
    defineJob<{}>({
      name: SWEEP_JOB,
      cron: '*/5 * * * *',
      doc: 'Safety net: re-runs the alerts of every open incident (in case a scheduled alert job was lost).',
      handler: async () => {
        const n = await runSweep(ctx);
        if (n) ctx.log.info({ job: SWEEP_JOB, alerts: n }, 'alerts sent by the sweep');
      },
    }),
  ];
}
