/** HTTP surface: which vendors still call deprecated APIs (T-1.2.6, T-3.1.2). Vendors see their own calls only. */
import { Type } from '@sinclair/typebox';
import type { ModuleRoutes } from '../../platform/context.ts';
import { Problem } from '../../platform/http/schemas.ts';
import { DeprecationView } from './schemas.ts';
import { listDeprecations } from './service.ts';

export const deprecationRoutes: ModuleRoutes = async (app, { ctx }) => {
  app.get(
    '/deprecations',
    {
      config: { access: ['operator-admin', 'operator-agent', 'auditor', 'vendor-admin', 'vendor-developer'] },
      schema: {
        tags: ['gateway'],
        summary: 'Deprecated APIs of breaking-change notices and the vendors still calling them (vendors: their own calls) [T-1.2.6] [T-3.1.2]',
        querystring: Type.Object(
          {
            env: Type.Optional(Type.Union([Type.Literal('test'), Type.Literal('production')])),
            noticeId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(DeprecationView) }), 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req) => ({ items: await listDeprecations(ctx, req.caller!, req.query) }),
  );
};
