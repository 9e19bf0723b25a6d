/** The agreement policy and the clause register, read-only over HTTP (public: the agreements are public). */
import { Type } from '@sinclair/typebox';
import type { ModuleRoutes, SamsvarModule } from '../../platform/context.ts';

const routes: ModuleRoutes = async (app, { ctx }) => {
  app.get('/policy', { config: { access: 'public' }, schema: { tags: ['policy'], summary: 'The agreement policy in force, as JSON' } }, async () => ctx.policy.policy);
  app.get(
    '/clauses',
    {
      config: { access: 'public' },
      schema: {
        tags: ['policy'],
        summary: 'Every clause of both agreements with a summary and what Samsvar does about it',
        querystring: Type.Object({ agreement: Type.Optional(Type.Union([Type.Literal('terms'), Type.Literal('sla')])) }),
      },
    },
    async (req) => ({
      agreements: ctx.policy.register.agreements,
      items: ctx.policy.clauses.filter((c) => !req.query.agreement || c.agreement === req.query.agreement),
    }),
  );
};

export const policyModule: SamsvarModule = { name: 'policy', routes };
