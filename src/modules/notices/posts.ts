/**
 * The change log, the roadmap and production releases (S-3.4), and the calendar of central meetings with service
 * owners (S-3.3). Public information: anyone reads, operators write. Every change wakes the status page (feeds,
 * iCalendar); publishing a post and scheduling, changing or cancelling a meeting are public events.
 */
import { and, asc, desc, eq, gte, isNull, lte, type SQL } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/index.ts';
import { notifyChange } from '../../platform/changes/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { problems } from '../../platform/http/problem.ts';
import { actorOf } from '../registry/common.ts';
import type * as s from './schemas.ts';
import type { PostKind } from './schemas.ts';
import { meetings, posts } from './tables.ts';

type PostRow = typeof posts.$inferSelect;
type MeetingRow = typeof meetings.$inferSelect;

// ============================================================================================ posts

export interface PostView {
  id: string;
  kind: PostKind;
  title: string;
  body: string;
  titleEn: string | null;
  bodyEn: string | null;
  components: string[];
  version: string | null;
  roadmapState: string | null;
  target: string | null;
  publishedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

function presentPost(r: PostRow): PostView {
  return {
    id: r.id,
    kind: r.kind as PostKind,
    title: r.title,
    body: r.body,
    titleEn: r.titleEn,
    bodyEn: r.bodyEn,
    components: r.components,
    version: r.version,
    roadmapState: r.roadmapState,
    target: r.target,
    publishedAt: r.publishedAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** Published posts (not deleted), newest first. */
export async function listPosts(db: DbOrTx, opts: { kind?: PostKind; limit?: number } = {}): Promise<PostView[]> {
  const conds: SQL[] = [isNull(posts.deletedAt), lte(posts.publishedAt, new Date())];
  if (opts.kind) conds.push(eq(posts.kind, opts.kind));
  const rows = await db
    .select()
    .from(posts)
    .where(and(...conds))
    .orderBy(desc(posts.publishedAt), desc(posts.createdAt))
    .limit(opts.limit ?? 200);
  return rows.map(presentPost);
}

async function loadPost(tx: DbOrTx, id: string, lock = false): Promise<PostRow> {
  const q = tx.select().from(posts).where(and(eq(posts.id, id), isNull(posts.deletedAt)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw problems.notFound('The post');
  return row;
}

export async function getPost(ctx: AppContext, id: string): Promise<PostView> {
  const row = await loadPost(ctx.db, id);
  if (row.publishedAt > new Date()) throw problems.notFound('The post');
  return presentPost(row);
}

function knownComponents(ctx: AppContext, list: string[] | undefined): void {
  if (!list) return;
  const known = new Set(Object.values(ctx.policy.policy.componentClasses).flatMap((c) => c.components.map((x) => x.id)));
  const bad = list.filter((c) => !known.has(c));
  if (bad.length) throw problems.invalidField('body.components', `unknown component ${bad.map((b) => `"${b}"`).join(', ')}`);
}

/** The kind decides which of version, roadmapState and target a post carries. */
function kindFields(kind: PostKind, v: { version?: string | null; roadmapState?: string | null; target?: string | null }) {
  if (kind === 'release') {
    if (!v.version) throw problems.invalidField('body.version', 'a release needs its version');
    if (v.roadmapState || v.target) throw problems.invalidField(v.roadmapState ? 'body.roadmapState' : 'body.target', 'only roadmap items have a state and a target');
    return { version: v.version.trim(), roadmapState: null, target: null };
  }
  if (kind === 'roadmap') {
    if (v.version) throw problems.invalidField('body.version', 'only releases have a version');
    return { version: null, roadmapState: v.roadmapState ?? 'planned', target: v.target ?? null };
  }
  if (v.version || v.roadmapState || v.target) {
    throw problems.invalidField(v.version ? 'body.version' : v.roadmapState ? 'body.roadmapState' : 'body.target', 'a change-log entry has no version, state or target');
  }
  return { version: null, roadmapState: null, target: null };
}

function publishedAtOf(v: string | undefined, fallback: Date): Date {
  if (v === undefined) return fallback;
  const d = new Date(v);
  if (d.getTime() > Date.now() + 60_000) throw problems.invalidField('body.publishedAt', 'cannot be in the future');
  return d;
}

async function postEvent(ctx: AppContext, tx: DbOrTx, row: PostRow): Promise<void> {
  await publishEvent(tx, ctx, {
    type: 'no.samsvar.post.published',
    resource: `urn:samsvar:post:${row.id}`,
    subject: row.kind,
    source: `/status/${row.kind === 'changelog' ? 'changelog' : row.kind === 'roadmap' ? 'roadmap' : 'releases'}`,
    visibility: 'public',
    time: row.publishedAt,
    data: { post: presentPost(row) },
  });
}

export async function createPost(ctx: AppContext, caller: Caller, body: s.PostBody): Promise<PostView> {
  knownComponents(ctx, body.components);
  const fields = kindFields(body.kind, body);
  const now = new Date();
  const row = await ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(posts)
      .values({
        kind: body.kind,
        title: body.title.trim(),
        body: body.body ?? '',
        titleEn: body.titleEn?.trim() || null,
        bodyEn: body.bodyEn || null,
        components: body.components ?? [],
        ...fields,
        publishedAt: publishedAtOf(body.publishedAt, now),
        createdBy: caller.user.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await postEvent(ctx, tx, r!);
    await notifyChange(tx, 'status', `post:${r!.id}`);
    await appendAudit(tx, { actor: actorOf(caller), orgId: null, action: 'post.create', targetType: 'post', targetId: r!.id, details: { kind: r!.kind, title: r!.title, version: r!.version } });
    return r!;
  });
  return presentPost(row);
}

export async function editPost(ctx: AppContext, caller: Caller, id: string, body: s.PostEditBody): Promise<PostView> {
  knownComponents(ctx, body.components);
  const row = await ctx.db.transaction(async (tx) => {
    const before = await loadPost(tx, id, true);
    const kind = before.kind as PostKind;
    const merged = {
      version: body.version !== undefined ? body.version : before.version,
      roadmapState: body.roadmapState !== undefined ? body.roadmapState : before.roadmapState,
      target: body.target !== undefined ? body.target : before.target,
    };
    const fields = kindFields(kind, merged);
    const [r] = await tx
      .update(posts)
      .set({
        ...(body.title !== undefined ? { title: body.title.trim() } : {}),
        ...(body.body !== undefined ? { body: body.body } : {}),
        ...(body.titleEn !== undefined ? { titleEn: body.titleEn?.trim() || null } : {}),
        ...(body.bodyEn !== undefined ? { bodyEn: body.bodyEn || null } : {}),
        ...(body.components !== undefined ? { components: body.components } : {}),
        ...(body.publishedAt !== undefined ? { publishedAt: publishedAtOf(body.publishedAt, before.publishedAt) } : {}),
        ...fields,
        updatedAt: new Date(),
      })
      .where(eq(posts.id, id))
      .returning();
    await notifyChange(tx, 'status', `post:${id}`);
    await appendAudit(tx, { actor: actorOf(caller), orgId: null, action: 'post.edit', targetType: 'post', targetId: id, details: { fields: Object.keys(body), roadmapState: { from: before.roadmapState, to: r!.roadmapState } } });
    return r!;
  });
  return presentPost(row);
}

export async function deletePost(ctx: AppContext, caller: Caller, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const before = await loadPost(tx, id, true);
    await tx.update(posts).set({ deletedAt: new Date(), updatedAt: new Date() }).where(eq(posts.id, id));
    await notifyChange(tx, 'status', `post:${id}`);
    await appendAudit(tx, { actor: actorOf(caller), orgId: null, action: 'post.delete', targetType: 'post', targetId: id, details: { kind: before.kind, title: before.title } });
  });
}

// ============================================================================================ meetings

export interface MeetingView {
  id: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  location: string | null;
  url: string | null;
  cancelled: boolean;
  /** iCalendar SEQUENCE: bumped on every change. */
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
}

function presentMeeting(r: MeetingRow): MeetingView {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    location: r.location,
    url: r.url,
    cancelled: r.cancelled,
    sequence: r.sequence,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** Meetings by start; `from`/`to` select those that end after `from` and start before `to`. */
export async function listMeetings(db: DbOrTx, opts: { from?: Date; to?: Date; includeCancelled?: boolean } = {}): Promise<MeetingView[]> {
  const conds: SQL[] = [];
  if (opts.from) conds.push(gte(meetings.endsAt, opts.from));
  if (opts.to) conds.push(lte(meetings.startsAt, opts.to));
  if (!opts.includeCancelled) conds.push(eq(meetings.cancelled, false));
  const rows = await db
    .select()
    .from(meetings)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(meetings.startsAt), asc(meetings.id))
    .limit(1000);
  return rows.map(presentMeeting);
}

async function loadMeeting(tx: DbOrTx, id: string, lock = false): Promise<MeetingRow> {
  const q = tx.select().from(meetings).where(eq(meetings.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw problems.notFound('The meeting');
  return row;
}

export async function getMeeting(ctx: AppContext, id: string): Promise<MeetingView> {
  return presentMeeting(await loadMeeting(ctx.db, id));
}

function times(startsAt: string | Date, endsAt: string | Date): { startsAt: Date; endsAt: Date } {
  const a = new Date(startsAt);
  const b = new Date(endsAt);
  if (!(b > a)) throw problems.invalidField('body.endsAt', 'must be after the start');
  if (b.getTime() - a.getTime() > 7 * 86_400_000) throw problems.invalidField('body.endsAt', 'a meeting lasts at most seven days');
  return { startsAt: a, endsAt: b };
}

async function meetingEvent(ctx: AppContext, tx: DbOrTx, row: MeetingRow, kind: 'scheduled' | 'updated' | 'cancelled'): Promise<void> {
  await publishEvent(tx, ctx, {
    type: `no.samsvar.meeting.${kind}`,
    resource: `urn:samsvar:meeting:${row.id}`,
    subject: row.title,
    source: '/status/meetings',
    visibility: 'public',
    data: { meeting: presentMeeting(row) },
  });
  await notifyChange(tx, 'status', `meeting:${row.id}`);
}

export async function createMeeting(ctx: AppContext, caller: Caller, body: s.MeetingBody): Promise<MeetingView> {
  const t = times(body.startsAt, body.endsAt);
  const row = await ctx.db.transaction(async (tx) => {
    const now = new Date();
    const [r] = await tx
      .insert(meetings)
      .values({ title: body.title.trim(), description: body.description ?? '', ...t, location: body.location?.trim() || null, url: body.url || null, createdBy: caller.user.id, createdAt: now, updatedAt: now })
      .returning();
    await meetingEvent(ctx, tx, r!, 'scheduled');
    await appendAudit(tx, { actor: actorOf(caller), orgId: null, action: 'meeting.create', targetType: 'meeting', targetId: r!.id, details: { title: r!.title, startsAt: t.startsAt.toISOString() } });
    return r!;
  });
  return presentMeeting(row);
}

export async function editMeeting(ctx: AppContext, caller: Caller, id: string, body: s.MeetingEditBody): Promise<MeetingView> {
  const row = await ctx.db.transaction(async (tx) => {
    const before = await loadMeeting(tx, id, true);
    if (before.cancelled) throw problems.conflict('The meeting is cancelled.');
    const t = times(body.startsAt ?? before.startsAt, body.endsAt ?? before.endsAt);
    const [r] = await tx
      .update(meetings)
      .set({
        ...(body.title !== undefined ? { title: body.title.trim() } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.location !== undefined ? { location: body.location?.trim() || null } : {}),
        ...(body.url !== undefined ? { url: body.url || null } : {}),
        ...t,
        sequence: before.sequence + 1,
        updatedAt: new Date(),
      })
      .where(eq(meetings.id, id))
      .returning();
    await meetingEvent(ctx, tx, r!, 'updated');
    await appendAudit(tx, { actor: actorOf(caller), orgId: null, action: 'meeting.edit', targetType: 'meeting', targetId: id, details: { fields: Object.keys(body), sequence: r!.sequence } });
    return r!;
  });
  return presentMeeting(row);
}

export async function cancelMeeting(ctx: AppContext, caller: Caller, id: string): Promise<MeetingView> {
  const row = await ctx.db.transaction(async (tx) => {
    const before = await loadMeeting(tx, id, true);
    if (before.cancelled) throw problems.conflict('The meeting is already cancelled.');
    const [r] = await tx.update(meetings).set({ cancelled: true, sequence: before.sequence + 1, updatedAt: new Date() }).where(eq(meetings.id, id)).returning();
    await meetingEvent(ctx, tx, r!, 'cancelled');
    await appendAudit(tx, { actor: actorOf(caller), orgId: null, action: 'meeting.cancel', targetType: 'meeting', targetId: id, details: { title: r!.title } });
    return r!;
  });
  return presentMeeting(row);
}

/** Removes a meeting entered by mistake (subscribers of a not yet cancelled meeting are told it is cancelled). */
export async function deleteMeeting(ctx: AppContext, caller: Caller, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const before = await loadMeeting(tx, id, true);
    if (!before.cancelled) await meetingEvent(ctx, tx, { ...before, cancelled: true, sequence: before.sequence + 1 }, 'cancelled');
    await tx.delete(meetings).where(eq(meetings.id, id));
    await notifyChange(tx, 'status', `meeting:${id}`);
    await appendAudit(tx, { actor: actorOf(caller), orgId: null, action: 'meeting.delete', targetType: 'meeting', targetId: id, details: { title: before.title } });
  });
}
