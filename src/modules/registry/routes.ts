/** HTTP surface of the registry: contacts, vendors' systems and service owners' services. Thin handlers. */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { USER_ROLES, type Caller, type UserRole } from '../../platform/auth/index.ts';
import type { ModuleRoutes } from '../../platform/context.ts';
import { Problem } from '../../platform/http/schemas.ts';
import * as contacts from './contacts.ts';
import * as s from './schemas.ts';
import * as services from './services.ts';
import * as systems from './systems.ts';

const ALL: readonly UserRole[] = USER_ROLES;
const CROSS: UserRole[] = ['operator-admin', 'operator-agent', 'auditor'];
const ORG_ADMINS: UserRole[] = ['operator-admin', 'serviceowner-admin', 'vendor-admin'];
const VENDOR_WRITERS: UserRole[] = ['operator-admin', 'vendor-admin', 'vendor-developer'];
const SO_WRITERS: UserRole[] = ['operator-admin', 'serviceowner-admin', 'serviceowner-member'];
const SO_READERS: UserRole[] = [...CROSS, 'serviceowner-admin', 'serviceowner-member'];

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const OrgParams = Type.Object({ orgId: s.Uuid });
const IdParams = Type.Object({ id: s.Uuid });
const SystemParams = Type.Object({ systemId: Type.String({ minLength: 1, maxLength: 100 }) });
const ServiceParams = Type.Object({ serviceId: s.Uuid });
const items = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Object({ items: Type.Array(t) });

export const registryRoutes: ModuleRoutes = async (app, { ctx }) => {
  const caller = (req: FastifyRequest): Caller => req.caller!;

  // ------------------------------------------------------------ contacts [T-1.2.7, S-3.2, S-7.2.2]
  app.get(
    '/organisations/:orgId/contacts',
    {
      config: { access: ALL },
      schema: { tags: ['registry'], summary: "An organisation's contacts with their last-confirmed date and staleness", params: OrgParams, response: { 200: items(s.ContactSchema), ...errors } },
    },
    async (req) => ({ items: await contacts.listContacts(ctx, caller(req), req.params.orgId) }),
  );
  app.post(
    '/organisations/:orgId/contacts',
    {
      config: { access: ORG_ADMINS },
      schema: { tags: ['registry'], summary: 'Add a contact (confirmed now)', params: OrgParams, body: s.ContactBody, response: { 201: s.ContactSchema, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await contacts.createContact(ctx, caller(req), req.params.orgId, req.body)),
  );
  app.get(
    '/contacts/stale',
    {
      config: { access: CROSS },
      schema: { tags: ['registry'], summary: 'Stale contacts and contacts inside the reminder window, oldest first, with their organisation', response: { 200: items(s.StaleContactSchema), ...errors } },
    },
    async (req) => ({ items: await contacts.listStaleContacts(ctx, caller(req)) }),
  );
  app.patch(
    '/contacts/:id',
    {
      config: { access: ORG_ADMINS },
      schema: { tags: ['registry'], summary: 'Change a contact (counts as a confirmation)', params: IdParams, body: s.ContactPatch, response: { 200: s.ContactSchema, ...errors } },
    },
    async (req) => contacts.updateContact(ctx, caller(req), req.params.id, req.body),
  );
  app.delete(
    '/contacts/:id',
    { config: { access: ORG_ADMINS }, schema: { tags: ['registry'], summary: 'Remove a contact', params: IdParams, } },
    async (req, reply) => {
      await contacts.deleteContact(ctx, caller(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/contacts/:id/confirm',
    {
      config: { access: ORG_ADMINS },
      schema: { tags: ['registry'], summary: 'Confirm that a contact is still right (sets lastConfirmedAt)', params: IdParams, response: { 200: s.ContactSchema, ...errors } },
    },
    async (req) => contacts.confirmContact(ctx, caller(req), req.params.id),
  );

  // ------------------------------------------------------------ vendors' systems [T-2.4, T-1.2.1]
  app.get(
    '/organisations/:orgId/systems',
    { config: { access: ALL }, schema: { tags: ['registry'], summary: "A vendor's systems (system register)", params: OrgParams, response: { 200: items(s.SystemSchema), ...errors } } },
    async (req) => ({ items: await systems.listSystems(ctx, caller(req), req.params.orgId) }),
  );
  app.post(
    '/organisations/:orgId/systems',
    {
      config: { access: VENDOR_WRITERS },
      schema: {
        tags: ['registry'],
        summary: 'Register a system with its Maskinporten client ids and the products it uses, each with a purpose',
        params: OrgParams,
        body: s.SystemBody,
        response: { 201: s.SystemSchema, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await systems.createSystem(ctx, caller(req), req.params.orgId, req.body)),
  );
  app.get(
    '/systems/:systemId',
    { config: { access: ALL }, schema: { tags: ['registry'], summary: 'One system', params: SystemParams, response: { 200: s.SystemSchema, ...errors } } },
    async (req) => systems.getSystem(ctx, caller(req), req.params.systemId),
  );
  app.patch(
    '/systems/:systemId',
    {
      config: { access: VENDOR_WRITERS },
      schema: {
        tags: ['registry'],
        summary: 'Change a system (clientIds and products replace the lists)',
        params: SystemParams,
        body: s.SystemPatch,
        response: { 200: s.SystemSchema, ...errors },
      },
    },
    async (req) => systems.updateSystem(ctx, caller(req), req.params.systemId, req.body),
  );
  app.delete(
    '/systems/:systemId',
    { config: { access: VENDOR_WRITERS }, schema: { tags: ['registry'], summary: 'Remove a system', params: SystemParams, } },
    async (req, reply) => {
      await systems.deleteSystem(ctx, caller(req), req.params.systemId);
      return reply.status(204).send();
    },
  );

  // ------------------------------------------------------------ services [S-7.1.2, S-7.3.x]
  app.get(
    '/services',
    {
      config: { access: ALL },
      schema: {
        tags: ['registry'],
        summary: 'Services: operators all, service owners their own, vendors the catalogue of services in production',
        querystring: Type.Object({
          orgId: Type.Optional(s.Uuid),
          lifecycle: Type.Optional(s.Lifecycle),
          flag: Type.Optional(s.ServiceFlag),
          q: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { 200: items(s.ServiceSchema), ...errors },
      },
    },
    async (req) => ({ items: await services.listServices(ctx, caller(req), req.query) }),
  );
  app.post(
    '/organisations/:orgId/services',
    {
      config: { access: SO_WRITERS },
      schema: { tags: ['registry'], summary: 'Register a service (lifecycle planned)', params: OrgParams, body: s.ServiceBody, response: { 201: s.ServiceSchema, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await services.createService(ctx, caller(req), req.params.orgId, req.body)),
  );
  app.get(
    '/services/:serviceId',
    { config: { access: ALL }, schema: { tags: ['registry'], summary: 'One service (vendors: catalogue entry of a service in production)', params: ServiceParams, response: { 200: s.ServiceSchema, ...errors } } },
    async (req) => services.getService(ctx, caller(req), req.params.serviceId),
  );
  app.patch(
    '/services/:serviceId',
    {
      config: { access: SO_WRITERS },
      schema: {
        tags: ['registry'],
        summary: 'Change name, kind or "Om skjema" information (new information counts as reviewed)',
        params: ServiceParams,
        body: s.ServicePatch,
        response: { 200: s.ServiceSchema, ...errors },
      },
    },
    async (req) => services.updateService(ctx, caller(req), req.params.serviceId, req.body),
  );
  app.post(
    '/services/:serviceId/lifecycle',
    {
      config: { access: SO_WRITERS },
      schema: {
        tags: ['registry'],
        summary: 'Move along planned → notified (the new-service notice to ASF, S-7.3.6) → production → deactivated → removed',
        params: ServiceParams,
        body: s.LifecycleBody,
        response: { 200: s.ServiceSchema, ...errors },
      },
    },
    async (req) => services.changeLifecycle(ctx, caller(req), req.params.serviceId, req.body.to, req.body.note),
  );
  app.post(
    '/services/:serviceId/about-reviewed',
    {
      config: { access: SO_WRITERS },
      schema: { tags: ['registry'], summary: 'The "Om skjema" information is reviewed and current (S-7.3.2)', params: ServiceParams, response: { 200: s.ServiceSchema, ...errors } },
    },
    async (req) => services.markAboutReviewed(ctx, caller(req), req.params.serviceId),
  );
  app.post(
    '/services/:serviceId/library-version',
    {
      config: { access: SO_WRITERS },
      schema: {
        tags: ['registry'],
        summary: 'An app reports its app library version (S-7.1.2); older than the policy minimum = outdated',
        params: ServiceParams,
        body: s.LibraryVersionBody,
        response: { 200: s.ServiceSchema, ...errors },
      },
    },
    async (req) => services.reportLibraryVersion(ctx, caller(req), req.params.serviceId, req.body.version),
  );
  app.get(
    '/services/:serviceId/assessments',
    {
      config: { access: SO_READERS },
      schema: { tags: ['registry'], summary: 'Security, risk and privacy assessments of a service (S-7.3.4)', params: ServiceParams, response: { 200: items(s.AssessmentSchema), ...errors } },
    },
    async (req) => ({ items: await services.listAssessments(ctx, caller(req), req.params.serviceId) }),
  );
  app.post(
    '/services/:serviceId/assessments',
    {
      config: { access: SO_WRITERS },
      schema: { tags: ['registry'], summary: 'Record an assessment (kind, date, https link)', params: ServiceParams, body: s.AssessmentBody, response: { 201: s.AssessmentSchema, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await services.addAssessment(ctx, caller(req), req.params.serviceId, req.body)),
  );
};
