/** HTTP surface of monitors [S-2.3.1, S-7.1.1]. Thin handlers; the rules are in service.ts. */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { CROSS_TENANT_ROLES, OPERATOR_ROLES, type Caller, type UserRole } from '../../platform/auth/index.ts';
import type { ModuleRoutes } from '../../platform/context.ts';
import { Problem } from '../../platform/http/schemas.ts';
import * as s from './schemas.ts';
import * as svc from './service.ts';

const SERVICE_OWNERS: UserRole[] = ['serviceowner-admin', 'serviceowner-member'];
/** Operators and auditors see every monitor; service owners their own organisation's. */
const READERS: UserRole[] = [...CROSS_TENANT_ROLES, ...SERVICE_OWNERS];
/** Operators manage every monitor; service owners their own organisation's (S-7.1.1). */
const WRITERS: UserRole[] = [...OPERATOR_ROLES, ...SERVICE_OWNERS];

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const IdParams = Type.Object({ id: s.Uuid });
const tags = ['monitors'];

export const monitorRoutes: ModuleRoutes = async (app, { ctx }) => {
  const caller = (req: FastifyRequest): Caller => req.caller!;

  app.get(
    '/monitors',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Monitors the caller may see, by name, with status, last check and uptime over 24 h and 30 days. Operators see all (orgId=platform: Digdir\'s own); a service owner its own organisation\'s.',
        querystring: s.ListQuery,
        response: { 200: s.MonitorPage, ...errors },
      },
    },
    async (req) => svc.listMonitors(ctx, caller(req), req.query as s.ListQuery),
  );
  app.post(
    '/monitors',
    {
      config: { access: WRITERS },
      schema: {
        tags,
        summary: 'Create an HTTP(S) or TCP monitor. The target is refused (400) when it is a private, loopback or link-local address or an internal name, unless OUTBOUND_ALLOW lists it. Only operators may set componentId.',
        body: s.CreateBody,
        response: { 201: s.Monitor, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createMonitor(ctx, caller(req), req.body as s.CreateBody)),
  );
  app.post(
    '/monitors/test',
    {
      config: { access: WRITERS },
      schema: { tags, summary: 'Test now: one check of a monitor definition, through the same guard; nothing is stored', body: s.TestBody, response: { 200: s.CheckResult, ...errors } },
    },
    async (req) => svc.testDefinition(ctx, caller(req), req.body as s.TestBody),
  );
  app.get(
    '/monitors/:id',
    { config: { access: READERS }, schema: { tags, summary: 'One monitor', params: IdParams, response: { 200: s.Monitor, ...errors } } },
    async (req) => svc.getMonitor(ctx, caller(req), req.params.id),
  );
  app.patch(
    '/monitors/:id',
    {
      config: { access: WRITERS },
      schema: {
        tags,
        summary: 'Change a monitor. A change to what is checked (target, method, expected status, keyword, timeout, component, thresholds of state) starts its status again from unknown and ends its component signal.',
        params: IdParams,
        body: s.UpdateBody,
        response: { 200: s.Monitor, ...errors },
      },
    },
    async (req) => svc.updateMonitor(ctx, caller(req), req.params.id, req.body as s.UpdateBody),
  );
  app.delete(
    '/monitors/:id',
    {
      config: { access: WRITERS },
      schema: { tags, summary: 'Delete a monitor (its results stay until the retention removes them; its component signal ends)', params: IdParams },
    },
    async (req, reply) => {
      await svc.deleteMonitor(ctx, caller(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/monitors/:id/pause',
    { config: { access: WRITERS }, schema: { tags, summary: 'Pause: no checks until resumed; the component signal ends', params: IdParams, response: { 200: s.Monitor, ...errors } } },
    async (req) => svc.setPaused(ctx, caller(req), req.params.id, true),
  );
  app.post(
    '/monitors/:id/resume',
    { config: { access: WRITERS }, schema: { tags, summary: 'Resume a paused monitor', params: IdParams, response: { 200: s.Monitor, ...errors } } },
    async (req) => svc.setPaused(ctx, caller(req), req.params.id, false),
  );
  app.post(
    '/monitors/:id/test',
    {
      config: { access: WRITERS },
      schema: { tags, summary: 'Test now: one check of the saved monitor; its status and results are not changed', params: IdParams, response: { 200: s.CheckResult, ...errors } },
    },
    async (req) => svc.testMonitor(ctx, caller(req), req.params.id),
  );
  app.get(
    '/monitors/:id/results',
    {
      config: { access: READERS },
      schema: { tags, summary: 'Check results, newest first, optionally within [from, to); page with before=nextCursor', params: IdParams, querystring: s.ResultsQuery, response: { 200: s.ResultPage, ...errors } },
    },
    async (req) => svc.listResults(ctx, caller(req), req.params.id, req.query),
  );
  app.get(
    '/monitors/:id/uptime',
    {
      config: { access: READERS },
      schema: { tags, summary: 'Share of successful checks and latency p50/p95 (successful checks) over 24 hours, 7 days and 30 days', params: IdParams, response: { 200: s.Uptime, ...errors } },
    },
    async (req) => svc.getUptime(ctx, caller(req), req.params.id),
  );
};
