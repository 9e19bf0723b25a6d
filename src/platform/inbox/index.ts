/**
 * The portal inbox: one notification service for every module. `notifyInbox` stores a message for users in the
 * caller's transaction (so a notification exists exactly when the change that caused it does); a `dedupeKey`
 * makes it idempotent per user, so a job that runs twice notifies once.
 */
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
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

/** An inbox item as the API and the portal see it. */
export function presentInboxItem(r: InboxRow) {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  };
}
export type InboxItemView = ReturnType<typeof presentInboxItem>;

/** How many of the user's items are unread. */
export async function unreadCount(tx: DbOrTx, userId: string): Promise<number> {
  const [r] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(inboxItems)
    .where(and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt)));
  return Number(r?.n ?? 0);
}

/**
 * The user's items, newest first. `before` is the id of the last item already shown (keyset on created_at, id, so
 * items written in the same transaction are neither skipped nor repeated); it resolves to `null` when that item is
 * not the user's. One more row than `limit` is read to know whether more follow.
 */
export async function listInbox(
  tx: DbOrTx,
  userId: string,
  opts: { unread?: boolean; limit: number; before?: string },
): Promise<{ items: InboxRow[]; more: boolean } | null> {
  let after: SQL | undefined;
  if (opts.before) {
    const [b] = await tx
      .select({ id: inboxItems.id })
      .from(inboxItems)
      .where(and(eq(inboxItems.id, opts.before), eq(inboxItems.userId, userId)));
    if (!b) return null;
    // Compared in SQL: created_at has microseconds, a JavaScript Date only milliseconds.
    after = sql`(${inboxItems.createdAt}, ${inboxItems.id}) < (select b.created_at, b.id from inbox_items b where b.id = ${b.id})`;
  }
  const rows = await tx
    .select()
    .from(inboxItems)
    .where(and(eq(inboxItems.userId, userId), opts.unread ? isNull(inboxItems.readAt) : undefined, after))
    .orderBy(desc(inboxItems.createdAt), desc(inboxItems.id))
    .limit(opts.limit + 1);
  return { items: rows.slice(0, opts.limit), more: rows.length > opts.limit };
}

/** Marks one of the user's items read (the first reading time is kept); `null` when the user has no such item. */
export async function markInboxRead(tx: DbOrTx, userId: string, id: string, at = new Date()): Promise<InboxRow | null> {
  const [updated] = await tx
    .update(inboxItems)
    .set({ readAt: sql`coalesce(${inboxItems.readAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(inboxItems.id, id), eq(inboxItems.userId, userId)))
    .returning();
  return updated ?? null;
}

/** Marks every unread item of the user read; resolves to how many were unread. */
export async function markAllInboxRead(tx: DbOrTx, userId: string, at = new Date()): Promise<number> {
  const rows = await tx
    .update(inboxItems)
    .set({ readAt: at })
    .where(and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt)))
    .returning({ id: inboxItems.id });
  return rows.length;
}
