/** HTTP surface of call efficiency (T-1.2.4): usage per route and polling findings; vendors see only their own. */
import { Type } from '@sinclair/typebox';
import type { UserRole } from '../../platform/auth/index.ts';
import type { ModuleRoutes } from '../../platform/context.ts';
import { Problem } from '../../platform/http/schemas.ts';
import { decideFinding, listFindings, usageSummary } from './service.ts';

const READERS: UserRole[] = ['operator-admin', 'operator-agent', 'auditor', 'vendor-admin', 'vendor-developer'];
const DECIDERS: UserRole[] = ['operator-admin', 'operator-agent'];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const Uuid = Type.String({ format: 'uuid' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a UTC day, YYYY-MM-DD' });
const Env = Type.Union([Type.Literal('test'), Type.Literal('production')]);

const UsageRow = Type.Object({
  vendorOrgId: Type.String(),
  vendorName: Type.String(),
  env: Type.String(),
  product: Type.String(),
  route: Type.String(),
  calls: Type.Integer(),
  unchanged: Type.Integer(),
  polling: Type.Integer(),
  rateLimited: Type.Integer(),
  refused: Type.Integer(),
  unchangedShare: Type.Number(),
});
const Summary = Type.Object({
  from: Type.String(),
  to: Type.String(),
  totals: Type.Object({ calls: Type.Integer(), unchanged: Type.Integer(), polling: Type.Integer(), unchangedShare: Type.Number() }),
  days: Type.Array(Type.Object({ day: Type.String(), calls: Type.Integer(), unchanged: Type.Integer(), polling: Type.Integer() })),
  items: Type.Array(UsageRow),
});
const Finding = Type.Object({
  id: Type.String(),
  vendorOrgId: Type.String(),
  vendorName: Type.String(),
  env: Type.String(),
  product: Type.String(),
  route: Type.String(),
  eventTypes: Type.Array(Type.String()),
  samplePath: Type.String(),
  resources: Type.Integer(),
  reads: Type.Integer(),
  unchanged: Type.Integer(),
  unchangedShare: Type.Number(),
  intervalSeconds: Type.Number(),
  level: Type.Integer(),
  action: Type.String(),
  levelSince: Type.String(),
  firstSeenAt: Type.String(),
  lastSeenAt: Type.String(),
  status: Type.String(),
  resolvedAt: Type.Union([Type.String(), Type.Null()]),
  throttle: Type.Union([Type.String(), Type.Null()]),
  decisionNote: Type.Union([Type.String(), Type.Null()]),
  nextStepAt: Type.Union([Type.String(), Type.Null()]),
});

export const usageRoutes: ModuleRoutes = async (app, { ctx }) => {
  app.get(
    '/usage/summary',
    {
      config: { access: READERS },
      schema: {
        tags: ['usage'],
        summary: 'Calls per vendor, environment and route with the unchanged share and polling reads (vendors: their own organisation) [T-1.2.4]',
        querystring: Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day), orgId: Type.Optional(Uuid), env: Type.Optional(Env) }, { additionalProperties: false }),
        response: { 200: Summary, ...errors },
      },
    },
    async (req) => usageSummary(ctx, req.caller!, req.query),
  );
  app.get(
    '/usage/findings',
    {
      config: { access: READERS },
      schema: {
        tags: ['usage'],
        summary: 'Polling findings with their escalation level and the event types to subscribe to instead (vendors: their own) [T-1.2.4]',
        querystring: Type.Object({ orgId: Type.Optional(Uuid), status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('dismissed')])) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Finding) }), ...errors },
      },
    },
    async (req) => ({ items: await listFindings(ctx, req.caller!, req.query) }),
  );
  app.post(
    '/usage/findings/:id/decision',
    {
      config: { access: DECIDERS },
      schema: {
        tags: ['usage'],
        summary: 'Close an open polling finding: dismiss it or mark it resolved, with a note (operators) [T-1.2.4]',
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ decision: Type.Union([Type.Literal('dismiss'), Type.Literal('resolve')]), note: Type.String({ minLength: 3, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: Finding, ...errors },
      },
    },
    async (req) => decideFinding(ctx, req.caller!, req.params.id, req.body),
  );
};
