/**
 * The portal inbox: one notification service for every module. `notifyInbox` stores a message for users in the
 * caller's transaction (so a notification exists exactly when the change that caused it does); a `dedupeKey`
 * makes it idempotent per user, so a job that runs twice notifies once.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/index.ts';
import { inboxItems } from './tables.ts';

export { inboxItems } from './tables.ts';
export type InboxRow = typeof inboxItems.$inferSelect;

export interface InboxMessage {
  /** Event type, e.g. "incident.clock.warning". */
  kind: string;
  title: { nb: string; en: string };
  body?: { nb: string; en: string };
  /** Portal path, e.g. "/incidents/<id>". */
  link?: string;
  /** Stored once per user and key. */
  dedupeKey?: string;
}

/** Stores the message for each user (duplicates by `dedupeKey` skipped); resolves to the number stored. */
export async function notifyInbox(tx: DbOrTx, userIds: readonly string[], msg: InboxMessage): Promise<number> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return 0;
  let targets = ids;
  if (msg.dedupeKey) {
    const seen = await tx
      .select({ userId: inboxItems.userId })
      .from(inboxItems)
      .where(and(inArray(inboxItems.userId, ids), eq(inboxItems.dedupeKey, msg.dedupeKey)));
    const done = new Set(seen.map((r) => r.userId));
    targets = ids.filter((id) => !done.has(id));
  }
  if (targets.length === 0) return 0;
  await tx.insert(inboxItems).values(
    targets.map((userId) => ({
      userId,
      kind: msg.kind,
      title: msg.title,
      body: msg.body ?? { nb: '', en: '' },
      link: msg.link ?? null,
      dedupeKey: msg.dedupeKey ?? null,
    })),
  );
  return targets.length;
}
