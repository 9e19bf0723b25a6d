/** The mail outbox for operators: what was sent, what waits, dead letters and their replay. */
import { Type } from '@sinclair/typebox';
import { appendAudit } from '../../platform/audit/index.ts';
import type { ModuleRoutes, SamsvarModule } from '../../platform/context.ts';
import { problems } from '../../platform/http/problem.ts';

const routes: ModuleRoutes = async (app, { ctx }) => {
  app.get(
    '/mail/outbox',
    {
      config: { access: ['operator-admin', 'operator-agent'] },
      schema: {
        tags: ['mail'],
        summary: 'Outgoing mail, newest first',
        querystring: Type.Object({
          status: Type.Optional(Type.Union(['pending', 'sent', 'failed', 'kept'].map((s) => Type.Literal(s)))),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
      },
    },
    async (req) => {
      const rows = await ctx.mail.list(ctx.db, { limit: req.query.limit, status: req.query.status });
      return {
        smtpConfigured: ctx.mail.smtpConfigured,
        items: rows.map((r) => ({
          id: r.id,
          to: r.to,
          subject: r.subject,
          text: r.text,
          kind: r.kind,
          status: r.status,
          attempts: r.attempts,
          lastError: r.lastError,
          createdAt: r.createdAt.toISOString(),
          sentAt: r.sentAt?.toISOString() ?? null,
          nextAttemptAt: r.nextAttemptAt.toISOString(),
        })),
      };
    },
  );
  app.post(
    '/mail/outbox/:id/replay',
    {
      config: { access: ['operator-admin'] },
      schema: { tags: ['mail'], summary: 'Send a dead letter (failed) again', params: Type.Object({ id: Type.String({ format: 'uuid' }) }) },
    },
    async (req) => {
      const row = await ctx.mail.replay(ctx.db, req.params.id);
      if (!row) throw problems.notFound('A failed or kept message with this id');
      await appendAudit(ctx.db, { actor: { userId: req.caller!.user.id, label: req.caller!.user.email }, action: 'mail.replay', targetType: 'mail', targetId: row.id });
      return { id: row.id, status: row.status };
    },
  );
};

export const outboxModule: SamsvarModule = { name: 'outbox', routes };
