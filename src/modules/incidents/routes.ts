/** HTTP surface of incidents [S-2.1, S-2.2, S-5.4, S-7.3.3, T-1.2.8]. Thin handlers; the rules are in service.ts. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { CROSS_TENANT_ROLES, OPERATOR_ROLES, USER_ROLES, type Caller, type UserRole } from '../../platform/auth/index.ts';
import type { ModuleRoutes } from '../../platform/context.ts';
import { Problem } from '../../platform/http/schemas.ts';
import { dutyRoutes } from './duty-routes.ts';
import { monthlyReport, reportCsv } from './report.ts';
import * as s from './schemas.ts';
import * as svc from './service.ts';

const ALL: readonly UserRole[] = USER_ROLES;
const REPORTERS: UserRole[] = USER_ROLES.filter((r) => r !== 'auditor');
const OPS: readonly UserRole[] = OPERATOR_ROLES;
/** Operators, and service owners assigned to the incident (checked per incident) [S-7.3.3]. */
const HANDLERS: UserRole[] = [...OPERATOR_ROLES, 'serviceowner-admin', 'serviceowner-member'];
const REPORT_READERS: UserRole[] = [...CROSS_TENANT_ROLES, 'serviceowner-admin', 'serviceowner-member'];

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const IdParams = Type.Object({ id: s.Uuid });
const tags = ['incidents'];

export const incidentRoutes: ModuleRoutes = async (app, { ctx }) => {
  const caller = (req: FastifyRequest): Caller => req.caller!;
  await app.register(dutyRoutes, { ctx });

  app.get(
    '/incidents/categories',
    {
      config: { access: ALL },
      schema: { tags, summary: 'Incident categories of the policy: definitions, examples and clock targets [S-2.1]', response: { 200: Type.Object({ items: Type.Array(s.CategoryInfo) }), ...errors } },
    },
    async () => ({ items: svc.categoryInfo(ctx) }),
  );
  app.get(
    '/incidents',
    {
      config: { access: ALL },
      schema: {
        tags,
        summary: 'Incidents the caller may see, newest first, with live SLA clocks. Operators see all; a service owner those of its organisation, affecting its services or assigned to it; a vendor those it reported.',
        querystring: s.ListQuery,
        response: { 200: s.IncidentPage, ...errors },
      },
    },
    async (req) => svc.listIncidents(ctx, caller(req), req.query as s.ListQuery),
  );
  app.post(
    '/incidents',
    {
      config: { access: REPORTERS },
      schema: { tags, summary: 'Report an incident [T-1.2.8]; clocks start at the report time', body: s.ReportBody, response: { 201: s.IncidentDetail, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await svc.reportIncident(ctx, caller(req), req.body as s.ReportBody)),
  );
  app.get(
    '/incidents/report',
    {
      config: { access: REPORT_READERS },
      schema: {
        tags,
        summary: 'Monthly incident report (Oslo calendar month): per category count, response and resolution times, share within target, breaches; per service owner [S-2.2]. format=csv for CSV.',
        querystring: s.ReportQuery,
        response: { 200: s.MonthlyReport, ...errors },
      },
    },
    async (req, reply) => {
      const report = await monthlyReport(ctx, caller(req), req.query.month);
      if (req.query.format === 'csv' || (req.headers.accept ?? '').startsWith('text/csv')) {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="incidents-${req.query.month}.csv"`)
          .serializer((x: unknown) => String(x))
          .send(reportCsv(report) as never);
      }
      return report;
    },
  );
  app.get(
    '/incidents/:id',
    { config: { access: ALL }, schema: { tags, summary: 'One incident with clocks, history, links and the on-call contact [S-5.4]', params: IdParams, response: { 200: s.IncidentDetail, ...errors } } },
    async (req) => svc.getIncident(ctx, caller(req), req.params.id),
  );
  app.patch(
    '/incidents/:id',
    { config: { access: OPS }, schema: { tags, summary: 'Change title, description, components or services', params: IdParams, body: s.EditBody, response: { 200: s.IncidentDetail, ...errors } } },
    async (req) => svc.editIncident(ctx, caller(req), req.params.id, req.body as Static<typeof s.EditBody>),
  );
  app.post(
    '/incidents/:id/category',
    {
      config: { access: OPS },
      schema: { tags, summary: 'Re-classify with a reason [S-2.1]; every clock is re-derived from the history', params: IdParams, body: s.CategoryBody, response: { 200: s.IncidentDetail, ...errors } },
    },
    async (req) => svc.classify(ctx, caller(req), req.params.id, req.body),
  );
  app.post(
    '/incidents/:id/state',
    {
      config: { access: HANDLERS },
      schema: {
        tags,
        summary: 'Move to another state (new → investigating → identified → monitoring → resolved → closed; reopen with a reason). Resolving sends the reporter feedback [S-2.2.1–S-2.2.3].',
        params: IdParams,
        body: s.StateBody,
        response: { 200: s.IncidentDetail, ...errors },
      },
    },
    async (req) => svc.changeState(ctx, caller(req), req.params.id, req.body as Static<typeof s.StateBody>),
  );
  app.post(
    '/incidents/:id/respond',
    {
      config: { access: HANDLERS },
      schema: { tags, summary: 'Record that work has started (stops the response clock) without changing the state', params: IdParams, body: s.RespondBody, response: { 200: s.IncidentDetail, ...errors } },
    },
    async (req) => svc.respond(ctx, caller(req), req.params.id, req.body),
  );
  app.post(
    '/incidents/:id/assign',
    {
      config: { access: OPS },
      schema: { tags, summary: 'Assign to an operator agent and/or a service owner [S-7.3.3] (null clears)', params: IdParams, body: s.AssignBody, response: { 200: s.IncidentDetail, ...errors } },
    },
    async (req) => svc.assign(ctx, caller(req), req.params.id, req.body),
  );
  app.post(
    '/incidents/:id/workaround',
    {
      config: { access: HANDLERS },
      schema: { tags, summary: 'Record or withdraw a workaround [S-2.2.3]', params: IdParams, body: s.WorkaroundBody, response: { 200: s.IncidentDetail, ...errors } },
    },
    async (req) => svc.setWorkaround(ctx, caller(req), req.params.id, req.body),
  );
  app.post(
    '/incidents/:id/hold',
    {
      config: { access: HANDLERS },
      schema: { tags, summary: 'Put on hold (awaiting the reporter or a third party) or release; pauses clocks whose target allows it', params: IdParams, body: s.HoldBody, response: { 200: s.IncidentDetail, ...errors } },
    },
    async (req) => svc.hold(ctx, caller(req), req.params.id, req.body as Static<typeof s.HoldBody>),
  );
  app.post(
    '/incidents/:id/notes',
    {
      config: { access: REPORTERS },
      schema: {
        tags,
        summary: 'Add a note: internal (operators and the assignee), shared (also the reporter) or a public update (also the status page)',
        params: IdParams,
        body: s.NoteBody,
        response: { 200: s.IncidentDetail, ...errors },
      },
    },
    async (req) => svc.addNote(ctx, caller(req), req.params.id, req.body as Static<typeof s.NoteBody>),
  );
  app.post(
    '/incidents/:id/links',
    { config: { access: OPS }, schema: { tags, summary: 'Link to another incident', params: IdParams, body: s.LinkBody, response: { 200: s.IncidentDetail, ...errors } } },
    async (req) => svc.link(ctx, caller(req), req.params.id, req.body as Static<typeof s.LinkBody>),
  );
  app.delete(
    '/incidents/:id/links/:otherId',
    {
      config: { access: OPS },
      schema: { tags, summary: 'Remove a link', params: Type.Object({ id: s.Uuid, otherId: s.Uuid }), response: { 200: s.IncidentDetail, ...errors } },
    },
    async (req) => svc.unlink(ctx, caller(req), req.params.id, req.params.otherId),
  );
};
