/**
 * The portal inbox: every user reads and marks only their own notifications; the unread count drives the bell in
 * the portal header. Items are written by modules with `notifyInbox` (idempotent per user and dedupe key).
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { inboxItems, notifyInbox } from '../../platform/inbox/index.ts';

let server: TestServer;
const c: Record<string, TestClient> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const k of ['operatorAdmin', 'operatorAgent', 'skattAdmin', 'vendorDev']) c[k] = await server.as(k);
});
afterAll(async () => server?.stop());

const user = (k: string) => server.demo.users[k].id;
const msg = (n: number, extra: { link?: string; dedupeKey?: string } = {}) => ({
  kind: 'test.message',
  title: { nb: `Melding ${n}`, en: `Message ${n}` },
  body: { nb: `Tekst ${n}`, en: `Text ${n}` },
  ...extra,
});
/** Stores messages one by one, a millisecond apart, so their order is known. */
async function seed(userKey: string, from: number, to: number) {
  for (let n = from; n <= to; n++) {
    await notifyInbox(server.ctx.db, [user(userKey)], msg(n, { link: `/things/${n}` }));
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('inbox', () => {
  it('lists the caller’s own items newest first, in both languages, with the unread count; anonymous callers get 401', async () => {
    await seed('skattAdmin', 1, 3);
    await seed('vendorDev', 100, 100);
    const res = await c.skattAdmin.get('/api/v1/inbox');
    expect(res.status, res.text).toBe(200);
    expect(res.body.unreadCount).toBe(3);
    expect(res.body.nextBefore).toBeNull();
    expect(res.body.items.map((i: any) => i.title.en)).toEqual(['Message 3', 'Message 2', 'Message 1']);
    const first = res.body.items[0];
    expect(first).toMatchObject({ kind: 'test.message', title: { nb: 'Melding 3', en: 'Message 3' }, body: { nb: 'Tekst 3', en: 'Text 3' }, link: '/things/3', readAt: null });
    expect(Date.now() - new Date(first.createdAt).getTime()).toBeLessThan(60_000);
    expect((await server.client().get('/api/v1/inbox')).status).toBe(401);
  });

  it('marks one item read (the first reading time is kept) and filters unread items', async () => {
    const list = (await c.skattAdmin.get('/api/v1/inbox')).body.items;
    const read = await c.skattAdmin.post(`/api/v1/inbox/${list[1].id}/read`);
    expect(read.status, read.text).toBe(200);
    expect(read.body.unreadCount).toBe(2);
    expect(read.body.item.id).toBe(list[1].id);
    const readAt = read.body.item.readAt;
    expect(readAt).not.toBeNull();
    await new Promise((r) => setTimeout(r, 5));
    const again = await c.skattAdmin.post(`/api/v1/inbox/${list[1].id}/read`);
    expect(again.body.item.readAt).toBe(readAt);
    expect(again.body.unreadCount).toBe(2);
    const unread = await c.skattAdmin.get('/api/v1/inbox?unread=true');
    expect(unread.body.items.map((i: any) => i.title.en)).toEqual(['Message 3', 'Message 1']);
    expect(unread.body.unreadCount).toBe(2);
  });

  it('a user never sees, reads or pages from another user’s items (404 / 400)', async () => {
    const theirs = (await c.vendorDev.get('/api/v1/inbox')).body.items;
    expect(theirs.map((i: any) => i.title.en)).toEqual(['Message 100']);
    const mine = (await c.skattAdmin.get('/api/v1/inbox')).body.items;
    expect(mine.some((i: any) => i.id === theirs[0].id)).toBe(false);
    const foreign = await c.skattAdmin.post(`/api/v1/inbox/${theirs[0].id}/read`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.type).toBe('urn:samsvar:problem:not-found');
    // even an operator admin reads only their own inbox
    expect((await c.operatorAdmin.post(`/api/v1/inbox/${theirs[0].id}/read`)).status).toBe(404);
    expect((await c.skattAdmin.post(`/api/v1/inbox/${randomUUID()}/read`)).status).toBe(404);
    const paging = await c.skattAdmin.get(`/api/v1/inbox?before=${theirs[0].id}`);
    expect(paging.status).toBe(400);
    expect(paging.body.errors[0].field).toBe('querystring.before');
    // still unread for its owner
    expect((await c.vendorDev.get('/api/v1/inbox')).body.unreadCount).toBe(1);
    expect((await c.skattAdmin.post('/api/v1/inbox/not-a-uuid/read')).status).toBe(400);
  });

  it('pages with before = nextBefore, without skipping items written in the same transaction', async () => {
    // Five items in one transaction share created_at: the page boundary falls between them.
    await server.ctx.db.transaction(async (tx) => {
      for (let n = 11; n <= 15; n++) await notifyInbox(tx, [user('operatorAgent')], msg(n));
    });
    await seed('operatorAgent', 16, 17);
    const seen: string[] = [];
    let before: string | null | undefined;
    let pages = 0;
    do {
      const res = await c.operatorAgent.get(`/api/v1/inbox?limit=3${before ? `&before=${before}` : ''}`);
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((i: any) => i.title.en));
      before = res.body.nextBefore;
      pages++;
    } while (before && pages < 10);
    expect(pages).toBe(3);
    expect(seen.length).toBe(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen.slice(0, 2)).toEqual(['Message 17', 'Message 16']);
    expect(seen.slice(2).sort()).toEqual(['Message 11', 'Message 12', 'Message 13', 'Message 14', 'Message 15']);
    expect((await c.operatorAgent.get('/api/v1/inbox?limit=0')).status).toBe(400);
    expect((await c.operatorAgent.get('/api/v1/inbox?limit=101')).status).toBe(400);
  });

  it('marks every unread item read at once, only the caller’s', async () => {
    const res = await c.operatorAgent.post('/api/v1/inbox/read-all');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ marked: 7, unreadCount: 0 });
    expect((await c.operatorAgent.get('/api/v1/inbox?unread=true')).body.items).toEqual([]);
    expect((await c.operatorAgent.post('/api/v1/inbox/read-all')).body.marked).toBe(0);
    expect((await c.vendorDev.get('/api/v1/inbox')).body.unreadCount).toBe(1);
    expect((await c.skattAdmin.get('/api/v1/inbox')).body.unreadCount).toBe(2);
  });

  it('notifyInbox stores a message once per user and dedupe key', async () => {
    const ids = [user('operatorAdmin'), user('operatorAdmin'), user('skattAdmin')];
    expect(await notifyInbox(server.ctx.db, ids, msg(50, { dedupeKey: 'k-50' }))).toBe(2);
    expect(await notifyInbox(server.ctx.db, ids, msg(50, { dedupeKey: 'k-50' }))).toBe(0);
    expect(await notifyInbox(server.ctx.db, [user('operatorAdmin'), user('vendorDev')], msg(50, { dedupeKey: 'k-50' }))).toBe(1);
    const rows = await server.ctx.db.select().from(inboxItems).where(eq(inboxItems.dedupeKey, 'k-50'));
    expect(rows.length).toBe(3);
    const admin = await c.operatorAdmin.get('/api/v1/inbox');
    expect(admin.body.items.filter((i: any) => i.title.en === 'Message 50').length).toBe(1);
    expect(admin.body.items[0].link).toBeNull();
  });

  it('a read-only API token lists the inbox but cannot mark items read', async () => {
    const made = await c.vendorDev.post('/api/v1/me/tokens', { name: 'inbox', scopes: ['read'] });
    expect(made.status, made.text).toBe(201);
    const t = server.client();
    t.bearer = made.body.token;
    const list = await t.get('/api/v1/inbox');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBe(2);
    expect((await t.post(`/api/v1/inbox/${list.body.items[0].id}/read`)).status).toBe(403);
  });
});
