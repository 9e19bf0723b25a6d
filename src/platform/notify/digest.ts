/**
 * Digests: events a user chose to get "daily" or "weekly" by e-mail wait in `notification_digest_items`; the
 * digest jobs (daily 07:00, weekly Monday 07:00, Oslo time) send each user one mail listing them in the user's
 * language and delete them — per user in one transaction (the items are deleted with `returning`, so two runs never
 * send the same item twice). At sending time the notifier's rules are checked again: an item the user may no longer
 * see (they left the organisation) or no longer wants by e-mail (they switched it off since) is dropped.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { events, notificationDigestItems } from '../events/tables.ts';
import { loadRecipients, mayReceive } from './audience.ts';
import { digestMail, type DigestEntry } from './mailtext.ts';
import { toNotifyEvent } from './notifier.ts';
import { loadPreferences, resolvePreference } from './preferences.ts';
import { getNotification } from './registry.ts';

export type DigestKind = 'daily' | 'weekly';

export interface DigestRun {
  /** Users whose items were taken, mails queued, items in the mails, items dropped. */
  users: number;
  mails: number;
  items: number;
  dropped: number;
}

/** Sends the `kind` digest of every user with waiting items; `at` is the time the digest is for (its date). */
export async function sendDigests(ctx: AppContext, kind: DigestKind, opts: { at?: Date } = {}): Promise<DigestRun> {
  const at = opts.at ?? new Date();
  const run: DigestRun = { users: 0, mails: 0, items: 0, dropped: 0 };
  const waiting = await ctx.db
    .selectDistinct({ userId: notificationDigestItems.userId })
    .from(notificationDigestItems)
    .where(eq(notificationDigestItems.digest, kind));
  const env = { publicUrl: ctx.config.PUBLIC_URL, secret: ctx.secret };
  for (const { userId } of waiting) {
    const sent = await ctx.db.transaction(async (tx) => {
      const taken = await tx
        .delete(notificationDigestItems)
        .where(and(eq(notificationDigestItems.userId, userId), eq(notificationDigestItems.digest, kind)))
        .returning({ seq: notificationDigestItems.eventSeq });
      if (taken.length === 0) return null;
      const user = (await loadRecipients(tx, [userId])).get(userId);
      if (!user) return { items: 0, dropped: taken.length };
      const rows = await tx
        .select()
        .from(events)
        .where(inArray(events.seq, taken.map((t) => t.seq)))
        .orderBy(asc(events.time), asc(events.seq));
      const prefs = await loadPreferences(tx, userId);
      const entries: DigestEntry[] = [];
      for (const row of rows) {
        const def = getNotification(row.type);
        const e = toNotifyEvent(row);
        if (!def || !mayReceive(user, e)) continue;
        // Still wanted by e-mail (their rule now, else the type's default)?
        if (resolvePreference(prefs, e.type, e.orgId, def.defaults).email === null) continue;
        try {
          entries.push({ def, rendered: def.render(e, user.lang), time: e.time });
        } catch (err) {
          ctx.log.error({ err, seq: row.seq, type: row.type }, 'digest: item skipped (rendering failed)');
        }
      }
      if (entries.length) await ctx.mail.enqueue(tx, digestMail(env, kind, entries, user.lang, user, at));
      return { items: entries.length, dropped: taken.length - entries.length };
    });
    if (!sent) continue;
    run.users++;
    run.items += sent.items;
    run.dropped += sent.dropped;
    if (sent.items) run.mails++;
  }
  if (run.mails) await ctx.mail.kick();
  return run;
}
