/** HTTP surface: which vendors still call deprecated APIs (T-1.2.6, T-3.1.2). Vendors see their own calls only. */
import { Type } from '@sinclair/typebox';
import type { ModuleRoutes } from '../../platform/context.ts';
import { Problem } from '../../platform/http/schemas.ts';
import { listDeprecations } from './service.ts';

const DateTime = Type.String({ format: 'date-time' });
const Usage = Type.Object({
  routeId: Type.String(),
  env: Type.String(),
  vendorOrgId: Type.String({ format: 'uuid' }),
  vendorOrgNumber: Type.String(),
  vendorName: Type.String(),
  calls: Type.Integer(),
  callsAfterSunset: Type.Integer(),
  firstCallAt: DateTime,
  lastCallAt: DateTime,
});
const Api = Type.Object({ product: Type.Optional(Type.String()), method: Type.String(), path: Type.String(), deprecatedAt: Type.Optional(Type.String()), sunsetAt: Type.String() });
const View = Type.Object({
  noticeId: Type.String({ format: 'uuid' }),
  ref: Type.String(),
  title: Type.String(),
  titleEn: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  publishedAt: DateTime,
  apis: Type.Array(Api),
  sunsetAt: Type.Union([DateTime, Type.Null()]),
  usage: Type.Array(Usage),
  vendors: Type.Integer(),
});

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
        response: { 200: Type.Object({ items: Type.Array(View) }), 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req) => ({ items: await listDeprecations(ctx, req.caller!, req.query) }),
  );
};
