/** The audit log over HTTP: Digdir's operator admins and auditors read and verify it [T-6]. */
import { Type } from '@sinclair/typebox';
import { listAudit, verifyAudit } from '../../platform/audit/index.ts';
import type { ModuleRoutes, SamsvarModule } from '../../platform/context.ts';

const routes: ModuleRoutes = async (app, { ctx }) => {
  app.get(
    '/audit',
    {
      config: { access: ['operator-admin', 'auditor'] },
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, newest first (cursor = the seq to continue below)',
        querystring: Type.Object({
          cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          orgId: Type.Optional(Type.String({ format: 'uuid' })),
          action: Type.Optional(Type.String({ maxLength: 100 })),
        }),
      },
    },
    async (req) => {
      const rows = await listAudit(ctx.db, {
        before: req.query.cursor ? Number(req.query.cursor) : undefined,
        limit: req.query.limit + 1,
        orgId: req.query.orgId,
        action: req.query.action,
      });
      const more = rows.length > req.query.limit;
      const items = rows.slice(0, req.query.limit).map((r) => ({ ...r, at: r.at.toISOString(), details: r.details ? JSON.parse(r.details) : null }));
      return { items, nextCursor: more ? String(items[items.length - 1].seq) : null };
    },
  );
  app.get(
    '/audit/verify',
    { config: { access: ['operator-admin', 'auditor'] }, schema: { tags: ['audit'], summary: 'Recompute the hash chain and report the first broken entry' } },
    async () => verifyAudit(ctx.db),
  );
};

export const auditModule: SamsvarModule = { name: 'audit', routes };
