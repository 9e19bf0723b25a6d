/**
 * HTTP surface of measures (T-1.2.8, T-7.1, T-7.2, S-7.3.5, S-7.3.8, S-7.3.9). Operators apply and lift; Digdir's
 * staff (auditors too) read every measure; vendors and service owners read the measures about their own
 * organisation. Thin handlers; the rules are in service.ts.
 */
import { Type } from '@sinclair/typebox';
import { OPERATOR_ROLES, USER_ROLES, type UserRole } from '../../platform/auth/index.ts';
import type { ModuleRoutes } from '../../platform/context.ts';
import { Problem } from '../../platform/http/schemas.ts';
import * as s from './schemas.ts';
import * as svc from './service.ts';

const OPS: UserRole[] = [...OPERATOR_ROLES];
/** Everyone with a role reads; what each sees is filtered by organisation in the service. */
const READERS: UserRole[] = [...USER_ROLES];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const IdParams = Type.Object({ id: s.Uuid });

export const measureRoutes: ModuleRoutes = async (app, { ctx }) => {
  const tags = ['measures'];
  app.get(
    '/measures',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Measures in force (or every measure with state=all): Digdir sees all, a vendor or service owner those about its organisation [T-1.2.8] [S-7.3.5]',
        querystring: s.ListQuery,
        response: { 200: Type.Object({ items: Type.Array(s.MeasureView) }), ...errors },
      },
    },
    async (req) => ({ items: await svc.listMeasures(ctx, req.caller!, req.query as s.ListQuery) }),
  );
  app.get(
    '/measures/options',
    { config: { access: [...OPS, 'auditor'] }, schema: { tags, summary: 'What a measure can be about: products with their routes, vendors, registered apps', response: { 200: s.Options, ...errors } } },
    async () => svc.measureOptions(ctx),
  );
  app.get(
    '/measures/:id',
    { config: { access: READERS }, schema: { tags, summary: 'One measure', params: IdParams, response: { 200: s.MeasureView, ...errors } } },
    async (req) => svc.getMeasure(ctx, req.caller!, req.params.id),
  );
  app.post(
    '/measures',
    {
      config: { access: OPS },
      schema: {
        tags,
        summary: 'Apply a measure: throttle, suspend or disconnect a vendor, block a route, stop an app; with a reason and an optional incident or deviation case. Every gateway node enforces it within a second.',
        body: s.ApplyBody,
        response: { 201: s.MeasureView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.applyMeasure(ctx, req.caller!, req.body as s.ApplyBody)),
  );
  app.post(
    '/measures/:id/lift',
    { config: { access: OPS }, schema: { tags, summary: 'Lift a measure, with a reason', params: IdParams, body: s.LiftBody, response: { 200: s.MeasureView, ...errors } } },
    async (req) => svc.liftMeasure(ctx, req.caller!, req.params.id, req.body.reason),
  );
};
