/** HTTP surface of call efficiency (T-1.2.4): usage per route and polling findings; vendors see only their own. */
import { Type } from '@sinclair/typebox';
import type { UserRole } from '../../platform/auth/index.ts';
import type { ModuleRoutes } from '../../platform/context.ts';
import { Problem } from '../../platform/http/schemas.ts';
import { Day, Decision, Env, Finding, FindingStatus, Summary, Uuid } from './schemas.ts';
import { decideFinding, listFindings, usageSummary } from './service.ts';

const READERS: UserRole[] = ['operator-admin', 'operator-agent', 'auditor', 'vendor-admin', 'vendor-developer'];
const DECIDERS: UserRole[] = ['operator-admin', 'operator-agent'];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

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
        querystring: Type.Object({ orgId: Type.Optional(Uuid), status: Type.Optional(FindingStatus) }, { additionalProperties: false }),
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
        body: Decision,
        response: { 200: Finding, ...errors },
      },
    },
    async (req) => decideFinding(ctx, req.caller!, req.params.id, req.body),
  );
};
