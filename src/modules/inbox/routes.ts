/**
 * HTTP surface of the portal inbox: the caller's own notifications, newest first, and marking them read. Every user
 * sees only their own items, whatever organisation they act for; another user's item is "not found".
 * Reading is personal state, not an administrative act, so it is not written to the audit log.
 */
import { Type } from '@sinclair/typebox';
import type { ModuleRoutes } from '../../platform/context.ts';
import { problems } from '../../platform/http/problem.ts';
import { Problem } from '../../platform/http/schemas.ts';
import { listInbox, markAllInboxRead, markInboxRead, presentInboxItem, unreadCount } from '../../platform/inbox/index.ts';

const Uuid = Type.String({ format: 'uuid' });
const Text = Type.Object({ nb: Type.String(), en: Type.String() });
export const InboxItemSchema = Type.Object({
  id: Uuid,
  kind: Type.String({ description: 'Event type, e.g. "incident.clock.warning"' }),
  title: Text,
  body: Text,
  link: Type.Union([Type.String({ description: 'Portal path to open, e.g. "/incidents/<id>"' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem };

export const inboxRoutes: ModuleRoutes = async (app, { ctx }) => {
  app.get(
    '/inbox',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['inbox'],
        summary: "The caller's notifications, newest first, with the number unread",
        description: 'Page on with `before` = `nextBefore` of the previous answer (the id of the last item shown) until it is null.',
        querystring: Type.Object({
          unread: Type.Optional(Type.Boolean({ description: 'Only unread items' })),
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
          before: Type.Optional(Type.String({ format: 'uuid', description: 'Items older than this item of the caller' })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(InboxItemSchema), unreadCount: Type.Integer(), nextBefore: Type.Union([Uuid, Type.Null()]) }),
          ...errors,
        },
      },
    },
    async (req) => {
      const userId = req.caller!.user.id;
      const page = await listInbox(ctx.db, userId, { unread: req.query.unread, limit: req.query.limit, before: req.query.before });
      if (!page) throw problems.invalidField('querystring.before', 'is not an item of your inbox');
      return {
        items: page.items.map(presentInboxItem),
        unreadCount: await unreadCount(ctx.db, userId),
        nextBefore: page.more ? page.items[page.items.length - 1].id : null,
      };
    },
  );
  app.post(
    '/inbox/:id/read',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['inbox'],
        summary: 'Mark one of your notifications read (idempotent: the first reading time is kept)',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ item: InboxItemSchema, unreadCount: Type.Integer() }), ...errors },
      },
    },
    async (req) => {
      const userId = req.caller!.user.id;
      const row = await markInboxRead(ctx.db, userId, req.params.id);
      if (!row) throw problems.notFound('The notification');
      return { item: presentInboxItem(row), unreadCount: await unreadCount(ctx.db, userId) };
    },
  );
  app.post(
    '/inbox/read-all',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['inbox'],
        summary: 'Mark all your notifications read',
        response: { 200: Type.Object({ marked: Type.Integer({ description: 'How many were unread' }), unreadCount: Type.Integer() }), ...errors },
      },
    },
    async (req) => ({ marked: await markAllInboxRead(ctx.db, req.caller!.user.id), unreadCount: 0 }),
  );
};
