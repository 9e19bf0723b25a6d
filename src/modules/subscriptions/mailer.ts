/**
 * The status mailer (T-3.1.1, T-3.1): follows the event log like the notifier does (src/platform/notify/notifier.ts)
 * with its own cursor row `status-subscribers` in `event_cursors`. One round locks the cursor row, turns the next
 * events into status messages — `no.samsvar.status.incident` (the newest public update of a published incident) and
 * `no.samsvar.notice.{scheduled,updated,started,completed,cancelled}` — hands each to the subscribers whose
 * components it concerns (one outbox insert per event and channel), and moves the cursor, all in one transaction:
 * every event is mailed exactly once, also with several workers and after a crash.
 *
 * Reminders before planned work starts (policy `statusPage.maintenanceReminders`, e.g. 24 h and 1 h): a job every
 * minute finds scheduled notices whose start minus an offset has passed, records (notice, offset) in
 * `maintenance_reminders` and mails the subscribers in the same transaction — safe to run twice, and a reminder whose
 * moment was missed (the worker was down, or the notice was published late) still goes out while the work has not
 * started; offsets falling due together give one mail.
 */
import { and, asc, desc, eq, gt, lt, lte } from 'drizzle-orm';
import type { Duration, Policy } from '../../kernel/policy/schema.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { eventCursors, events } from '../../platform/events/tables.ts';
import { followEvents, readyEvents } from '../../platform/notify/notifier.ts';
import { notices } from '../notices/tables.ts';
import type { StatusMessage } from './channels.ts';
import { incidentMessage, NOTICE_CHANGES, noticeMessage, reminderMessage, type IncidentData, type NoticeChange, type NoticeData } from './messages.ts';
import { dispatchStatus } from './service.ts';
import { maintenanceReminders } from './tables.ts';

export const STATUS_MAILER_CURSOR = 'status-subscribers';
export const INCIDENT_EVENT = 'no.samsvar.status.incident';
export const NOTICE_EVENT_PREFIX = 'no.samsvar.notice.';

type EventRow = typeof events.$inferSelect;

export interface StatusMailerRound {
  /** Events passed (the cursor moved past them), of any type. */
  events: number;
  /** Status messages dispatched and messages queued (one per recipient). */
  messages: number;
  mails: number;
  /** Events whose message failed and was skipped. */
  failed: number;
  cursor: number;
  /** True when the round stopped before a missing seq another transaction may still commit. */
  waiting: boolean;
}

/** The newest public update and status of an incident event's data (what makes a mail worth sending). */
function incidentKey(data: unknown): string | null {
  const inc = (data as { incident?: IncidentData } | null)?.incident;
  const u = inc?.updates?.[0];
  return u ? `${u.id ?? u.at ?? ''}|${u.status ?? ''}|${inc?.status ?? ''}` : null;
}

/**
 * The message an event makes for subscribers, or null. An incident event repeating the previous one's newest update
 * and status (e.g. only the impact on components changed) makes none.
 */
export async function messageForEvent(ctx: AppContext, tx: DbOrTx, row: EventRow): Promise<StatusMessage | null> {
  if (row.visibility !== 'public') return null;
  const policy = ctx.policy.policy;
  if (row.type === INCIDENT_EVENT) {
    const inc = (row.data as { incident?: IncidentData } | null)?.incident;
    if (!inc?.ref) return null;
    const key = incidentKey(row.data);
    if (!key) return null;
    const [prev] = await tx
      .select({ data: events.data })
      .from(events)
      .where(and(eq(events.type, INCIDENT_EVENT), eq(events.resource, row.resource), lt(events.seq, row.seq)))
      .orderBy(desc(events.seq))
      .limit(1);
    if (prev && incidentKey(prev.data) === key) return null;
    return incidentMessage(policy, ctx.config.PUBLIC_URL, inc);
  }
  if (row.type.startsWith(NOTICE_EVENT_PREFIX)) {
    const change = row.type.slice(NOTICE_EVENT_PREFIX.length) as NoticeChange;
    const notice = (row.data as { notice?: NoticeData } | null)?.notice;
    if (!NOTICE_CHANGES.includes(change) || !notice?.ref || !notice.startsAt) return null;
    return noticeMessage(policy, ctx.config.PUBLIC_URL, change, notice);
  }
  return null;
}

/** One round: the next events (at most `limit`) after the cursor, mailed and the cursor moved, in one transaction. */
export async function runStatusMailer(ctx: AppContext, opts: { limit?: number } = {}): Promise<StatusMailerRound> {
  const limit = Math.max(1, Math.min(opts.limit ?? 200, 1000));
  const round = await ctx.db.transaction(async (tx) => {
    let [cur] = await tx.select().from(eventCursors).where(eq(eventCursors.name, STATUS_MAILER_CURSOR)).for('update');
    if (!cur) {
      await tx.insert(eventCursors).values({ name: STATUS_MAILER_CURSOR, seq: 0 }).onConflictDoNothing();
      [cur] = await tx.select().from(eventCursors).where(eq(eventCursors.name, STATUS_MAILER_CURSOR)).for('update');
    }
    const { rows, waiting } = await readyEvents(ctx, tx, cur.seq, limit);
    let messages = 0;
    let mails = 0;
    let failed = 0;
    for (const row of rows) {
      if (row.type !== INCIDENT_EVENT && !row.type.startsWith(NOTICE_EVENT_PREFIX)) continue;
      try {
        const n = await tx.transaction(async (sp) => {
          const msg = await messageForEvent(ctx, sp, row);
          if (!msg) return -1;
          return dispatchStatus(ctx, sp, msg, { confirmedBy: row.createdAt });
        });
        if (n >= 0) {
          messages++;
          mails += n;
        }
      } catch (err) {
        failed++;
        ctx.log.error({ err, seq: row.seq, type: row.type }, 'status mailer: event skipped (its message failed)');
      }
    }
    const cursor = rows.length ? rows[rows.length - 1].seq : cur.seq;
    if (rows.length) await tx.update(eventCursors).set({ seq: cursor, updatedAt: new Date() }).where(eq(eventCursors.name, STATUS_MAILER_CURSOR));
    return { events: rows.length, messages, mails, failed, cursor, waiting };
  });
  if (round.mails) await ctx.mail.kick();
  return round;
}

/** Rounds until the mailer has caught up (or `maxRounds`); answers the totals. */
export async function drainStatusMailer(ctx: AppContext, opts: { limit?: number; maxRounds?: number } = {}): Promise<StatusMailerRound> {
  const limit = opts.limit ?? 200;
  const total: StatusMailerRound = { events: 0, messages: 0, mails: 0, failed: 0, cursor: 0, waiting: false };
  for (let i = 0; i < (opts.maxRounds ?? 50); i++) {
    const r = await runStatusMailer(ctx, { limit });
    total.events += r.events;
    total.messages += r.messages;
    total.mails += r.mails;
    total.failed += r.failed;
    total.cursor = r.cursor;
    total.waiting = r.waiting;
    if (r.events < limit || r.waiting) break;
  }
  return total;
}

/** The worker's status mailer loop: follows the event log (followEvents). Answers stop(). */
export function startStatusMailerLoop(ctx: AppContext, opts: { intervalMs?: number; limit?: number } = {}): Promise<() => Promise<void>> {
  return followEvents(
    ctx,
    'statusMailer',
    async () => {
      const r = await drainStatusMailer(ctx, { limit: opts.limit });
      return r.mails ? r : undefined;
    },
    opts,
  );
}

const UNIT_MINUTES: Partial<Record<Duration['unit'], number>> = { minutes: 1, hours: 60, calendarDays: 1440, weeks: 7 * 1440 };

/** The policy's reminder offsets in minutes, largest first (working-time units and months are not supported: skipped). */
export function reminderOffsets(policy: Policy): number[] {
  const out = new Set<number>();
  for (const d of policy.statusPage?.maintenanceReminders ?? []) {
    const per = UNIT_MINUTES[d.unit];
    if (per === undefined) continue;
    const m = Math.round(d.amount * per);
    if (m > 0) out.add(m);
  }
  return [...out].sort((a, b) => b - a);
}

export interface ReminderRun {
  /** Notices reminded about in this run, and mails queued. */
  notices: number;
  mails: number;
}

/**
 * Sends the reminders due at `at`: for every scheduled notice with startsAt − offset ≤ at < startsAt and no
 * reminder recorded for that offset, records the due offsets and mails the subscribers (one mail for all offsets
 * falling due together), per notice in one transaction. Idempotent.
 */
export async function runReminders(ctx: AppContext, opts: { at?: Date } = {}): Promise<ReminderRun> {
  const at = opts.at ?? new Date();
  const offsets = reminderOffsets(ctx.policy.policy);
  const run: ReminderRun = { notices: 0, mails: 0 };
  if (!offsets.length) return run;
  const horizon = new Date(at.getTime() + offsets[0] * 60_000);
  const candidates = await ctx.db
    .select({ id: notices.id })
    .from(notices)
    .where(and(eq(notices.state, 'scheduled'), gt(notices.startsAt, at), lte(notices.startsAt, horizon)))
    .orderBy(asc(notices.startsAt));
  for (const { id } of candidates) {
    try {
      const mails = await ctx.db.transaction(async (tx) => {
        const [n] = await tx.select().from(notices).where(eq(notices.id, id));
        if (!n || n.state !== 'scheduled' || n.startsAt.getTime() <= at.getTime()) return -1;
        const due = offsets.filter((o) => n.startsAt.getTime() - o * 60_000 <= at.getTime());
        if (!due.length) return -1;
        const fresh = await tx
          .insert(maintenanceReminders)
          .values(due.map((o) => ({ noticeId: n.id, offsetMinutes: o, sentAt: at })))
          .onConflictDoNothing()
          .returning({ offsetMinutes: maintenanceReminders.offsetMinutes });
        if (!fresh.length) return -1;
        const msg = reminderMessage(ctx.policy.policy, ctx.config.PUBLIC_URL, n, at);
        return dispatchStatus(ctx, tx, msg);
      });
      if (mails >= 0) {
        run.notices++;
        run.mails += mails;
      }
    } catch (err) {
      ctx.log.error({ err, noticeId: id }, 'maintenance reminder failed');
    }
  }
  if (run.mails) await ctx.mail.kick();
  return run;
}

/** Sent reminders of a notice (offsets in minutes), for tests and the docs. */
export async function remindersOf(db: DbOrTx, noticeId: string): Promise<number[]> {
  const rows = await db.select().from(maintenanceReminders).where(eq(maintenanceReminders.noticeId, noticeId)).orderBy(desc(maintenanceReminders.offsetMinutes));
  return rows.map((r) => r.offsetMinutes);
}

