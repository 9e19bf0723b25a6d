/** HTTP surface of deviation cases and escalation contacts (S-8). Thin handlers over service.ts. */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Caller, UserRole } from '../../platform/auth/index.ts';
import type { ModuleRoutes } from '../../platform/context.ts';
import { problems } from '../../platform/http/problem.ts';
import { Problem } from '../../platform/http/schemas.ts';
import * as s from './schemas.ts';
import * as svc from './service.ts';

const CROSS: UserRole[] = ['operator-admin', 'operator-agent', 'auditor'];
const OPERATORS: UserRole[] = ['operator-admin', 'operator-agent'];
const SERVICE_OWNERS: UserRole[] = ['serviceowner-admin', 'serviceowner-member'];
const READERS: UserRole[] = [...CROSS, ...SERVICE_OWNERS];
const NOTE_WRITERS: UserRole[] = [...OPERATORS, ...SERVICE_OWNERS];
const CONTACT_READERS: UserRole[] = [...CROSS, 'serviceowner-admin'];
const CONTACT_WRITERS: UserRole[] = ['operator-admin', 'serviceowner-admin'];

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const IdParams = Type.Object({ id: s.Uuid });
const tags = ['deviations'];

export const deviationRoutes: ModuleRoutes = async (app, { ctx }) => {
  const caller = (req: FastifyRequest): Caller => req.caller!;
  const knownLevel = (level: string | undefined, field: string) => {
    if (level !== undefined && !svc.ladder(ctx).some((l) => l.id === level)) {
      throw problems.invalidField(field, `must be a level of the escalation ladder: ${svc.ladder(ctx).map((l) => l.id).join(', ')}`);
    }
  };

  // ------------------------------------------------------------ cases [S-8]
  app.get(
    '/deviations',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Deviation cases with the level reached on the escalation ladder (operators and auditors: all; a service owner: its own)',
        querystring: s.ListQuery,
        response: { 200: s.CaseList, ...errors },
      },
    },
    async (req) => {
      knownLevel(req.query.level, 'querystring.level');
      return svc.listCases(ctx, caller(req), req.query);
    },
  );
  app.get(
    '/deviations/candidates',
    {
      config: { access: CROSS },
      schema: {
        tags,
        summary: `Breached SLA clocks in no case, grouped by party, organisation and clause; "repeated" when a group has two breaches within ${svc.REPEAT_WINDOW_DAYS} days`,
        response: { 200: s.Candidates, ...errors },
      },
    },
    async () => svc.candidates(ctx),
  );
  app.get(
    '/deviations/:id',
    {
      config: { access: READERS },
      schema: { tags, summary: 'One case with its history, breached clocks and the contacts of its current level', params: IdParams, response: { 200: s.CaseDetail, ...errors } },
    },
    async (req) => svc.getCase(ctx, caller(req), req.params.id),
  );
  app.post(
    '/deviations',
    {
      config: { access: OPERATORS },
      schema: {
        tags,
        summary: 'Open a case at the lowest level of the ladder (optionally with breached clocks); the contacts of that level are mailed',
        body: s.OpenBody,
        response: { 201: s.CaseDetail, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.openCase(ctx, caller(req), req.body)),
  );
  app.post(
    '/deviations/:id/escalate',
    {
      config: { access: OPERATORS },
      schema: {
        tags,
        summary: 'Move the case exactly one level up, with a reason; the contacts of the new level are mailed (409 at the top level or when resolved)',
        params: IdParams,
        body: s.EscalateBody,
        response: { 200: s.CaseDetail, ...errors },
      },
    },
    async (req) => svc.escalateCase(ctx, caller(req), req.params.id, req.body.reason),
  );
  app.post(
    '/deviations/:id/items',
    {
      config: { access: OPERATORS },
      schema: {
        tags,
        summary: 'Add a breached SLA clock to the case (409 when the clock is not breached or belongs to another case; 200 when already there)',
        params: IdParams,
        body: s.JoinBody,
        response: { 200: s.CaseDetail, 201: s.CaseDetail, ...errors },
      },
    },
    async (req, reply) => {
      const r = await svc.joinClock(ctx, caller(req), req.params.id, req.body);
      return reply.status(r.created ? 201 : 200).send(r.view);
    },
  );
  app.post(
    '/deviations/:id/notes',
    {
      config: { access: NOTE_WRITERS },
      schema: { tags, summary: 'Add a note to the history (operators, and the service owner of the case)', params: IdParams, body: s.NoteBody, response: { 201: s.CaseDetail, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await svc.addNote(ctx, caller(req), req.params.id, req.body.body)),
  );
  app.post(
    '/deviations/:id/resolve',
    {
      config: { access: OPERATORS },
      schema: { tags, summary: 'Resolve the case with what settled it', params: IdParams, body: s.ResolveBody, response: { 200: s.CaseDetail, ...errors } },
    },
    async (req) => svc.resolveCase(ctx, caller(req), req.params.id, req.body.resolution),
  );
  app.post(
    '/deviations/:id/reopen',
    {
      config: { access: OPERATORS },
      schema: { tags, summary: 'Reopen a resolved case at the level it had reached', params: IdParams, body: s.ReopenBody, response: { 200: s.CaseDetail, ...errors } },
    },
    async (req) => svc.reopenCase(ctx, caller(req), req.params.id, req.body.reason),
  );

  // ------------------------------------------------------------ escalation contacts [S-8]
  app.get(
    '/escalation-contacts',
    {
      config: { access: CONTACT_READERS },
      schema: {
        tags,
        summary: "Contacts of each level of the escalation ladder (operators: both sides; a service owner admin: its own organisation's)",
        querystring: s.ContactQuery,
        response: { 200: Type.Object({ items: Type.Array(s.ContactSchema), ladder: Type.Array(s.LadderLevel) }), ...errors },
      },
    },
    async (req) => {
      knownLevel(req.query.level, 'querystring.level');
      return svc.listContacts(ctx, caller(req), req.query);
    },
  );
  app.post(
    '/escalation-contacts',
    {
      config: { access: CONTACT_WRITERS },
      schema: {
        tags,
        summary: "Add a contact to a level: orgId null for the operator side (operator admins), or a service owner's own organisation",
        body: s.ContactBody,
        response: { 201: s.ContactSchema, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createContact(ctx, caller(req), req.body)),
  );
  app.delete(
    '/escalation-contacts/:id',
    { config: { access: CONTACT_WRITERS }, schema: { tags, summary: 'Remove an escalation contact', params: IdParams } },
    async (req, reply) => {
      await svc.deleteContact(ctx, caller(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
