/**
 * The notifier [T-1.2.4]: an in-process consumer of the `events` table that tells people, by e-mail and in the
 * portal inbox, what they chose to hear about. It follows `events` by `seq` with its cursor row `notifier` in
 * `event_cursors`; one round locks the cursor row (`select … for update`), handles the next events and moves the
 * cursor in the same transaction as the inbox items, mails (outbox) and digest items it writes. So every event is
 * handled exactly once by the notifier, also with several workers (a second round waits for the lock and then starts
 * where the first ended) and after a crash (nothing of an unfinished round is committed).
 *
 * Gaps: `seq` is assigned when a row is inserted, not when its transaction commits, so a publisher still in progress
 * may hold a lower seq than one already visible. The notifier never steps over a missing seq while another
 * transaction is writing to `events` (it may be the one holding it); with no writer, the gap is a rolled-back insert
 * and is passed. As a safety valve a gap older than GAP_TIMEOUT_SECONDS is passed anyway (and logged).
 *
 * An event whose definition fails (audience, render) is logged and skipped (a savepoint undoes its part), so one bad
 * event never stops the notifier.
 */
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { onChange } from '../changes/index.ts';
import { rowsOf, type DbOrTx } from '../db/index.ts';
import { eventCursors, events, notificationDigestItems } from '../events/tables.ts';
import type { EventVisibility } from '../events/types.ts';
import { notifyInbox } from '../inbox/index.ts';
import { loadRecipients, mayReceive } from './audience.ts';
import { noticeMail } from './mailtext.ts';
import { loadPreferencesOf, optedInUsers, resolvePreference } from './preferences.ts';
import { getNotification, type Lang, type NotificationDef, type NotifyEvent, type Rendered } from './registry.ts';

export const NOTIFIER_CURSOR = 'notifier';
/** The change topic publishers raise (`notifyChange(tx, 'events')`) when they commit an event. */
export const EVENTS_TOPIC = 'events';
export const GAP_TIMEOUT_SECONDS = 60;

type EventRow = typeof events.$inferSelect;

export interface NotifierRound {
  /** Events handled (the cursor moved past them). */
  events: number;
  /** Inbox items stored, immediate mails queued, digest items collected. */
  inbox: number;
  mails: number;
  digestItems: number;
  /** Events that failed and were skipped. */
  failed: number;
  /** The cursor after the round. */
  cursor: number;
  /** True when the round stopped before a missing seq another transaction may still commit. */
  waiting: boolean;
}

export function toNotifyEvent(r: EventRow): NotifyEvent {
  return {
    seq: r.seq,
    id: r.id,
    type: r.type,
    source: r.source,
    subject: r.subject,
    resource: r.resource,
    time: r.time,
    data: r.data ?? {},
    orgId: r.orgId,
    visibility: r.visibility as EventVisibility,
  };
}

/** Is another transaction writing to `events` right now (so a missing seq may still appear)? */
async function otherEventWriters(tx: DbOrTx): Promise<boolean> {
  const res = await tx.execute(
    sql`select count(*)::int as n from pg_locks where locktype = 'relation' and relation = 'events'::regclass and mode = 'RowExclusiveLock' and pid <> pg_backend_pid()`,
  );
  return Number(rowsOf<{ n: number }>(res)[0]?.n ?? 0) > 0;
}

async function nextEvents(tx: DbOrTx, after: number, limit: number): Promise<EventRow[]> {
  return tx.select().from(events).where(gt(events.seq, after)).orderBy(asc(events.seq)).limit(limit);
}

/**
 * The events after `cursor` that are safe to handle now, in order: up to the first missing seq that another
 * transaction may still fill.
 */
export async function readyEvents(ctx: AppContext, tx: DbOrTx, cursor: number, limit: number): Promise<{ rows: EventRow[]; waiting: boolean }> {
  let rows = await nextEvents(tx, cursor, limit);
  const contiguous = (list: EventRow[], from: number) => {
    let expect = from + 1;
    for (let i = 0; i < list.length; i++) {
      if (list[i].seq !== expect) return i;
      expect++;
    }
    return list.length;
  };
  if (contiguous(rows, cursor) === rows.length) return { rows, waiting: false };
  const seen = rows[rows.length - 1].seq;
  if (!(await otherEventWriters(tx))) {
    // Nobody is writing: every seq up to `seen` is committed (visible to a new statement) or rolled back. Read again
    // with a fresh snapshot; gaps above `seen` belong to transactions that began after the check and must wait.
    rows = await nextEvents(tx, cursor, limit);
    const upTo = rows.findIndex((r) => r.seq > seen);
    if (upTo === -1) return { rows, waiting: false };
    const head = rows.slice(0, upTo);
    const tail = rows.slice(upTo);
    const cut = contiguous(tail, head.length ? head[head.length - 1].seq : cursor);
    return { rows: [...head, ...tail.slice(0, cut)], waiting: cut < tail.length };
  }
  // Someone is writing: stop at the first gap, unless the event after it is older than the timeout.
  const out: EventRow[] = [];
  let expect = cursor + 1;
  for (const r of rows) {
    if (r.seq !== expect) {
      const old = await tx.execute(sql`select (${r.createdAt.toISOString()}::timestamptz < now() - make_interval(secs => ${GAP_TIMEOUT_SECONDS})) as old`);
      const isOld = Boolean(rowsOf<{ old: boolean }>(old)[0]?.old);
      if (!isOld) return { rows: out, waiting: true };
      ctx.log.warn({ from: expect, to: r.seq - 1 }, 'notifier: passing a gap in event seq older than the timeout');
    }
    out.push(r);
    expect = r.seq + 1;
  }
  return { rows: out, waiting: false };
}

interface Tally {
  inbox: number;
  mails: number;
  digestItems: number;
}

/** Tells the people an event is for; runs inside the round's transaction (in a savepoint). */
export async function notifyEvent(ctx: AppContext, tx: DbOrTx, def: NotificationDef, e: NotifyEvent, tally: Tally): Promise<void> {
  if (def.when && !def.when(e)) return;
  const audience = new Set(await def.audience(ctx, tx, e));
  const candidates = new Set([...audience, ...(await optedInUsers(tx, e.type, e.orgId))]);
  const actor = (e.data as { actorUserId?: unknown } | null)?.actorUserId;
  if (typeof actor === 'string') candidates.delete(actor);
  if (candidates.size === 0) return;
  const recipients = await loadRecipients(tx, [...candidates]);
  const prefs = await loadPreferencesOf(tx, [...recipients.keys()]);
  const rendered = new Map<Lang, Rendered>();
  const render = (lang: Lang) => {
    let r = rendered.get(lang);
    if (!r) rendered.set(lang, (r = def.render(e, lang)));
    return r;
  };
  const inboxUsers: string[] = [];
  const env = { publicUrl: ctx.config.PUBLIC_URL, secret: ctx.secret };
  for (const r of recipients.values()) {
    if (!mayReceive(r, e)) continue;
    const choice = resolvePreference(prefs.get(r.id) ?? [], e.type, e.orgId, audience.has(r.id) ? def.defaults : null);
    if (choice.inbox) inboxUsers.push(r.id);
    if (choice.email === 'immediate') {
      await ctx.mail.enqueue(tx, noticeMail(env, def, render(r.lang), r.lang, r, e.orgId));
      tally.mails++;
    } else if (choice.email) {
      const added = await tx
        .insert(notificationDigestItems)
        .values({ userId: r.id, digest: choice.email, eventSeq: e.seq })
        .onConflictDoNothing()
        .returning({ id: notificationDigestItems.id });
      tally.digestItems += added.length;
    }
  }
  if (inboxUsers.length) {
    const nb = render('nb');
    const en = render('en');
    tally.inbox += await notifyInbox(tx, inboxUsers, {
      kind: e.type,
      title: { nb: nb.title, en: en.title },
      body: { nb: nb.body, en: en.body },
      link: nb.link ?? undefined,
      dedupeKey: `event:${e.id}`,
    });
  }
}

/**
 * One round: the next events (at most `limit`) after the cursor, handled and the cursor moved, in one transaction.
 * Queued mail is kicked after the commit.
 */
export async function runNotifier(ctx: AppContext, opts: { limit?: number } = {}): Promise<NotifierRound> {
  const limit = Math.max(1, Math.min(opts.limit ?? 200, 1000));
  const round = await ctx.db.transaction(async (tx) => {
    let [cur] = await tx.select().from(eventCursors).where(eq(eventCursors.name, NOTIFIER_CURSOR)).for('update');
    if (!cur) {
      await tx.insert(eventCursors).values({ name: NOTIFIER_CURSOR, seq: 0 }).onConflictDoNothing();
      [cur] = await tx.select().from(eventCursors).where(eq(eventCursors.name, NOTIFIER_CURSOR)).for('update');
    }
    const { rows, waiting } = await readyEvents(ctx, tx, cur.seq, limit);
    const tally: Tally = { inbox: 0, mails: 0, digestItems: 0 };
    let failed = 0;
    for (const row of rows) {
      const def = getNotification(row.type);
      if (!def) continue;
      const e = toNotifyEvent(row);
      const before = { ...tally };
      try {
        await tx.transaction(async (sp) => notifyEvent(ctx, sp, def, e, tally));
      } catch (err) {
        Object.assign(tally, before);
        failed++;
        ctx.log.error({ err, seq: row.seq, type: row.type }, 'notifier: event skipped (its notification failed)');
      }
    }
    const cursor = rows.length ? rows[rows.length - 1].seq : cur.seq;
    if (rows.length) await tx.update(eventCursors).set({ seq: cursor, updatedAt: new Date() }).where(eq(eventCursors.name, NOTIFIER_CURSOR));
    return { events: rows.length, ...tally, failed, cursor, waiting };
  });
  if (round.mails) await ctx.mail.kick();
  return round;
}

/** Rounds until the notifier has caught up (or `maxRounds`); answers the totals. */
export async function drainNotifier(ctx: AppContext, opts: { limit?: number; maxRounds?: number } = {}): Promise<NotifierRound> {
  const limit = opts.limit ?? 200;
  const total: NotifierRound = { events: 0, inbox: 0, mails: 0, digestItems: 0, failed: 0, cursor: 0, waiting: false };
  for (let i = 0; i < (opts.maxRounds ?? 50); i++) {
    const r = await runNotifier(ctx, { limit });
    total.events += r.events;
    total.inbox += r.inbox;
    total.mails += r.mails;
    total.digestItems += r.digestItems;
    total.failed += r.failed;
    total.cursor = r.cursor;
    total.waiting = r.waiting;
    if (r.events < limit || r.waiting) break;
  }
  return total;
}

/**
 * A loop that follows the event log: `drain` runs at start, every `intervalMs`, and at once when a publisher raises
 * the `events` change topic (LISTEN/NOTIFY). Rounds never overlap in one process (a notice during a round runs one
 * more). `name` labels the log lines; `drain` answers what to log at debug level (nothing: nothing happened).
 * Answers stop(), which waits for a running round.
 */
export async function followEvents(ctx: AppContext, name: string, drain: () => Promise<object | undefined>, opts: { intervalMs?: number } = {}): Promise<() => Promise<void>> {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        const r = await drain();
        if (r) ctx.log.debug({ [name]: r }, `${name} round`);
      } while (again && !stopped);
    })()
      .catch((err) => {
        if (!stopped) ctx.log.error({ err }, `${name} round failed`);
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const unlisten = await onChange(ctx.database, EVENTS_TOPIC, () => void tick());
  const timer = setInterval(() => void tick(), opts.intervalMs ?? 5000);
  timer.unref?.();
  void tick();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await unlisten().catch(() => undefined);
    await running;
  };
}

/** The worker's notifier loop (followEvents). Answers stop(). */
export function startNotifierLoop(ctx: AppContext, opts: { intervalMs?: number; limit?: number } = {}): Promise<() => Promise<void>> {
  return followEvents(
    ctx,
    'notifier',
    async () => {
      const r = await drainNotifier(ctx, { limit: opts.limit });
      return r.events ? r : undefined;
    },
    opts,
  );
}
