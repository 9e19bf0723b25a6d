/** HTTP surface of the terms of use: thin handlers — check the caller and input, call the service, present the result. */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { OPERATOR_ROLES, CROSS_TENANT_ROLES, type Caller } from '../../platform/auth/index.ts';
import type { ModuleRoutes } from '../../platform/context.ts';
import { Problem } from '../../platform/http/schemas.ts';
import { renderReceipt } from './receipt.ts';
import {
  AcceptBody,
  AcceptanceSchema,
  AcceptResult,
  AccessSchema,
  AccessSummarySchema,
  ConditionAcceptanceSchema,
  ConditionAcceptBody,
  ConditionBody,
  ConditionSchema,
  ConditionsList,
  ProductTestSchema,
  ProgressSchema,
  PublishBody,
  PublishResult,
  TerminationBody,
  TerminationSchema,
  TerminationStatusQuery,
  Uuid,
  VersionSchema,
  VersionWithTextSchema,
} from './schemas.ts';
import * as svc from './service.ts';
import { stopAccessDecisions } from './snapshot.ts';

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const IdParam = Type.Object({ id: Uuid });
const OrgParam = Type.Object({ orgId: Uuid });
const ServiceParam = Type.Object({ serviceId: Uuid });
const OPERATORS = [...OPERATOR_ROLES];
const OPERATORS_AND_AUDITORS = [...CROSS_TENANT_ROLES];

export const termsRoutes: ModuleRoutes = async (app, { ctx }) => {
  const caller = (req: FastifyRequest): Caller => req.caller!;
  // The access snapshot of this process is started on first use; it stops with the server.
  app.addHook('onClose', async () => stopAccessDecisions(ctx));

  // ------------------------------------------------------------ versions (T-8)
  app.get(
    '/terms/versions',
    {
      config: { access: 'public' },
      schema: { tags: ['terms'], summary: 'Every version of the terms of use, newest first (the terms are public)', response: { 200: Type.Object({ items: Type.Array(VersionSchema) }) } },
    },
    async () => ({ items: await svc.listVersions(ctx) }),
  );
  app.get(
    '/terms/versions/current',
    {
      config: { access: 'public' },
      schema: { tags: ['terms'], summary: 'The version in force now (latest effective date not after now), with its text', response: { 200: VersionWithTextSchema, 404: Problem } },
    },
    async () => svc.currentVersion(ctx),
  );
  app.get(
    '/terms/versions/:id',
    { config: { access: 'public' }, schema: { tags: ['terms'], summary: 'One version with its text', params: IdParam, response: { 200: VersionWithTextSchema, ...errors } } },
    async (req) => svc.getVersion(ctx, req.params.id),
  );
  app.post(
    '/terms/versions',
    {
      config: { access: ['operator-admin'] },
      schema: {
        tags: ['terms'],
        summary: "Publish a version: computes the text's SHA-256, notifies every vendor's signatories, starts tracking acceptance",
        body: PublishBody,
        response: { 201: PublishResult, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.publishVersion(ctx, caller(req), req.body)),
  );
  app.get(
    '/terms/versions/:id/progress',
    {
      config: { access: OPERATORS_AND_AUDITORS },
      schema: { tags: ['terms'], summary: 'Which vendors have accepted the version: when, by whom; counts', params: IdParam, response: { 200: ProgressSchema, ...errors } },
    },
    async (req) => svc.versionProgress(ctx, req.params.id),
  );

  // ------------------------------------------------------------ acceptance (T-1.1, T-1.2, T-1.2.2)
  app.post(
    '/terms/versions/:id/accept',
    {
      config: { access: ['vendor-admin'] },
      schema: {
        tags: ['terms'],
        summary: 'Accept the version for your organisation: signing authority, the attestations and the SHA-256 of the text read',
        params: IdParam,
        body: AcceptBody,
        response: { 201: AcceptResult, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.acceptTerms(ctx, caller(req), req.params.id, req.body, req.ip ?? null)),
  );
  app.get(
    '/organisations/:orgId/terms-acceptances',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['terms'], summary: "An organisation's acceptances of the terms, newest first", params: OrgParam, response: { 200: Type.Object({ items: Type.Array(AcceptanceSchema) }), ...errors } },
    },
    async (req) => ({ items: await svc.listAcceptances(ctx, caller(req), req.params.orgId) }),
  );
  app.get(
    '/terms/acceptances/:id/receipt',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['terms'],
        summary: 'Printable receipt of an acceptance (HTML), with the audit entry hash as verification reference',
        params: IdParam,
        produces: ['text/html'],
        response: { 200: Type.String({ description: 'text/html' }), ...errors },
      },
    },
    async (req, reply) => {
      const r = await svc.acceptanceReceipt(ctx, caller(req), req.params.id);
      const html = renderReceipt({ ...r, publicUrl: ctx.config.PUBLIC_URL });
      return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(html);
    },
  );

  // ------------------------------------------------------------ service owners' conditions (T-1.2.5)
  app.post(
    '/services/:serviceId/conditions',
    {
      config: { access: ['operator-admin', 'serviceowner-admin'] },
      schema: {
        tags: ['terms'],
        summary: "Publish a new version of a service's conditions (the owning service owner's admins, or operator admins)",
        params: ServiceParam,
        body: ConditionBody,
        response: { 201: ConditionSchema, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.publishCondition(ctx, caller(req), req.params.serviceId, req.body.text)),
  );
  app.get(
    '/services/:serviceId/conditions',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['terms'], summary: "A service's conditions, newest version first (vendors read them before accepting)", params: ServiceParam, response: { 200: ConditionsList, ...errors } },
    },
    async (req) => svc.listConditions(ctx, caller(req), req.params.serviceId),
  );
  app.post(
    '/conditions/:id/accept',
    {
      config: { access: ['vendor-admin'] },
      schema: { tags: ['terms'], summary: 'Accept the latest version of a service\u2019s conditions for your organisation', params: IdParam, body: ConditionAcceptBody, response: { 201: ConditionAcceptanceSchema, ...errors } },
    },
    async (req, reply) => reply.status(201).send(await svc.acceptCondition(ctx, caller(req), req.params.id, req.body, req.ip ?? null)),
  );
  app.get(
    '/organisations/:orgId/condition-acceptances',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['terms'], summary: "An organisation's acceptances of service owners' conditions", params: OrgParam, response: { 200: Type.Object({ items: Type.Array(ConditionAcceptanceSchema) }), ...errors } },
    },
    async (req) => ({ items: await svc.listConditionAcceptances(ctx, caller(req), req.params.orgId) }),
  );

  // ------------------------------------------------------------ termination (T-9)
  app.post(
    '/organisations/:orgId/termination',
    {
      config: { access: ['vendor-admin'] },
      schema: {
        tags: ['terms'],
        summary: 'Terminate the terms for your organisation: production access ends after the notice period (three months)',
        params: OrgParam,
        body: TerminationBody,
        response: { 201: TerminationSchema, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.requestTermination(ctx, caller(req), req.params.orgId, req.body ?? {})),
  );
  app.get(
    '/organisations/:orgId/termination',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['terms'],
        summary: "An organisation's termination (current: pending or effective) and its history",
        params: OrgParam,
        response: { 200: Type.Object({ current: Type.Union([TerminationSchema, Type.Null()]), items: Type.Array(TerminationSchema) }), ...errors },
      },
    },
    async (req) => svc.getTerminations(ctx, caller(req), req.params.orgId),
  );
  app.post(
    '/terminations/:id/withdraw',
    {
      config: { access: ['vendor-admin'] },
      schema: { tags: ['terms'], summary: 'Withdraw your termination before it takes effect', params: IdParam, response: { 200: TerminationSchema, ...errors } },
    },
    async (req) => svc.withdrawTermination(ctx, caller(req), req.params.id),
  );
  app.post(
    '/terminations/:id/confirm',
    {
      config: { access: OPERATORS },
      schema: { tags: ['terms'], summary: 'Confirm a termination (Digdir)', params: IdParam, response: { 200: TerminationSchema, ...errors } },
    },
    async (req) => svc.confirmTermination(ctx, caller(req), req.params.id),
  );
  app.get(
    '/terminations',
    {
      config: { access: OPERATORS_AND_AUDITORS },
      schema: { tags: ['terms'], summary: 'Every termination, newest first', querystring: TerminationStatusQuery, response: { 200: Type.Object({ items: Type.Array(TerminationSchema) }), ...errors } },
    },
    async (req) => ({ items: await svc.listTerminations(ctx, req.query) }),
  );

  // ------------------------------------------------------------ test before production (T-1.2.3)
  app.get(
    '/organisations/:orgId/product-tests',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['terms'],
        summary: 'Test before production per product: successful test calls, approval, passed',
        params: OrgParam,
        response: { 200: Type.Object({ minSuccessfulTestCalls: Type.Integer(), items: Type.Array(ProductTestSchema) }), ...errors },
      },
    },
    async (req) => svc.listProductTests(ctx, caller(req), req.params.orgId),
  );
  app.post(
    '/organisations/:orgId/product-tests/:product/approve',
    {
      config: { access: ['operator-admin'] },
      schema: {
        tags: ['terms'],
        summary: "Approve a vendor's test of a product (instead of the successful test calls)",
        params: Type.Object({ orgId: Uuid, product: Type.String({ minLength: 1, maxLength: 60 }) }),
        response: { 200: Type.Composite([ProductTestSchema, Type.Object({ minSuccessfulTestCalls: Type.Integer() })]), ...errors },
      },
    },
    async (req) => svc.approveProductTest(ctx, caller(req), req.params.orgId, req.params.product),
  );

  // ------------------------------------------------------------ the access decision
  app.get(
    '/organisations/:orgId/access',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['terms'],
        summary: 'May the vendor use the product (and reach the service) in production now? With every reason and warning',
        params: OrgParam,
        querystring: Type.Object({
          product: Type.String({ minLength: 1, maxLength: 60 }),
          serviceId: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Service id or Altinn resource id' })),
        }),
        response: { 200: AccessSchema, ...errors },
      },
    },
    async (req) => svc.accessFor(ctx, caller(req), req.params.orgId, req.query.product, req.query.serviceId),
  );
  app.get(
    '/organisations/:orgId/access-summary',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['terms'], summary: "Production access per product of the catalogue, and what is missing (the vendor's checklist)", params: OrgParam, response: { 200: AccessSummarySchema, ...errors } },
    },
    async (req) => svc.accessSummary(ctx, caller(req), req.params.orgId),
  );
};
