/** HTTP surface of service owners' obligations and of the operators' compliance overview. Thin handlers. */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { ORG_KINDS, type Caller, type UserRole } from '../../platform/auth/index.ts';
import type { ModuleRoutes } from '../../platform/context.ts';
import { Problem } from '../../platform/http/schemas.ts';
import * as reviews from './access-reviews.ts';
import * as elements from './data-elements.ts';
import { complianceOverview, overviewCsv } from './overview.ts';
import * as s from './schemas.ts';

const CROSS: UserRole[] = ['operator-admin', 'operator-agent', 'auditor'];
const OPERATORS: UserRole[] = ['operator-admin', 'operator-agent'];
const SO_READERS: UserRole[] = [...CROSS, 'serviceowner-admin', 'serviceowner-member'];
const SO_ROLES: UserRole[] = ['serviceowner-admin', 'serviceowner-member'];

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const OrgParams = Type.Object({ orgId: s.Uuid });
const IdParams = Type.Object({ id: s.Uuid });
const items = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Object({ items: Type.Array(t) });

export const obligationsRoutes: ModuleRoutes = async (app, { ctx }) => {
  const caller = (req: FastifyRequest): Caller => req.caller!;

  // ------------------------------------------------------------ access reviews [S-7.2.1]
  app.get(
    '/organisations/:orgId/access-reviews',
    {
      config: { access: SO_READERS },
      schema: { tags: ['obligations'], summary: "A service owner's access reviews, newest first (the current one is created when due)", params: OrgParams, response: { 200: items(s.ReviewSchema), ...errors } },
    },
    async (req) => ({ items: await reviews.listReviews(ctx, caller(req), req.params.orgId) }),
  );
  app.get(
    '/organisations/:orgId/access-reviews/current',
    {
      config: { access: SO_READERS },
      schema: {
        tags: ['obligations'],
        summary: 'The current access review with the members now (starting list) and the administrator changes since the previous review',
        params: OrgParams,
        response: { 200: s.CurrentReviewSchema, ...errors },
      },
    },
    async (req) => reviews.currentReview(ctx, caller(req), req.params.orgId),
  );
  app.get(
    '/access-reviews/overdue',
    {
      config: { access: CROSS },
      schema: { tags: ['obligations'], summary: 'Access reviews past their due date, every service owner, most overdue first', response: { 200: items(s.OverdueReviewSchema), ...errors } },
    },
    async () => ({ items: await reviews.overdueReviews(ctx) }),
  );
  app.get(
    '/access-reviews/:id',
    {
      config: { access: SO_READERS },
      schema: { tags: ['obligations'], summary: 'One access review with the administrator changes of its period', params: IdParams, response: { 200: s.ReviewWithChangesSchema, ...errors } },
    },
    async (req) => reviews.getReview(ctx, caller(req), req.params.id),
  );
  app.post(
    '/access-reviews/:id/submit',
    {
      config: { access: ['serviceowner-admin'] },
      schema: {
        tags: ['obligations'],
        summary: 'Submit the review: everyone with access and whether each is active (the next review opens)',
        params: IdParams,
        body: s.ReviewSubmitBody,
        response: { 200: s.SubmittedReviewSchema, ...errors },
      },
    },
    async (req) => reviews.submitReview(ctx, caller(req), req.params.id, req.body),
  );

  // ------------------------------------------------------------ data elements [S-7.4.1–S-7.4.3]
  app.post(
    '/organisations/:orgId/data-elements',
    {
      config: { access: OPERATORS },
      schema: {
        tags: ['obligations'],
        summary: 'Record a data element made available to a service owner (201; 200 with the existing one when already recorded)',
        params: OrgParams,
        body: s.ElementBody,
        response: { 200: s.ElementSchema, 201: s.ElementSchema, ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const r = await elements.createDataElement(ctx, caller(req), req.params.orgId, {
        serviceId: b.serviceId,
        instanceRef: b.instanceRef,
        elementRef: b.elementRef,
        madeAvailableAt: b.madeAvailableAt ? new Date(b.madeAvailableAt) : undefined,
      });
      return reply.status(r.created ? 201 : 200).send(r.element);
    },
  );
  app.get(
    '/organisations/:orgId/data-elements',
    {
      config: { access: SO_READERS },
      schema: {
        tags: ['obligations'],
        summary: 'Data elements of a service owner, oldest first; overdue=true: available and past the download limit',
        params: OrgParams,
        querystring: Type.Object({
          status: Type.Optional(s.ElementStatus),
          overdue: Type.Optional(Type.Boolean()),
          cursor: Type.Optional(Type.String({ maxLength: 500 })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(s.ElementSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errors },
      },
    },
    async (req) => elements.listDataElements(ctx, caller(req), req.params.orgId, req.query),
  );
  app.post(
    '/data-elements/:id/confirm-download',
    {
      config: { access: SO_ROLES },
      schema: {
        tags: ['obligations'],
        summary: "Confirm the download (S-7.4.1); the element passes to the end user's control (S-7.4.2)",
        params: IdParams,
        response: { 200: s.ElementSchema, ...errors },
      },
    },
    async (req) => elements.confirmDownload(ctx, caller(req), req.params.id),
  );
  app.post(
    '/data-elements/:id/deletion-requests',
    {
      config: { access: ['serviceowner-admin'] },
      schema: {
        tags: ['obligations'],
        summary: 'Ask ASF to delete an element made available by mistake or posing a security risk (S-7.4.3); not after confirmation',
        params: IdParams,
        body: s.DeletionRequestBody,
        response: { 201: s.DeletionRequestSchema, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await elements.requestDeletion(ctx, caller(req), req.params.id, req.body)),
  );
  app.get(
    '/deletion-requests',
    {
      config: { access: SO_READERS },
      schema: {
        tags: ['obligations'],
        summary: 'Deletion requests, newest first (operators: all; service owners: their own)',
        querystring: Type.Object({ status: Type.Optional(s.RequestStatus), orgId: Type.Optional(s.Uuid) }),
        response: { 200: items(s.DeletionRequestSchema), ...errors },
      },
    },
    async (req) => ({ items: await elements.listDeletionRequests(ctx, caller(req), req.query) }),
  );
  app.post(
    '/deletion-requests/:id/decide',
    {
      config: { access: ['operator-admin'] },
      schema: {
        tags: ['obligations'],
        summary: 'Approve (the element is deleted) or refuse a deletion request, with a note',
        params: IdParams,
        body: s.DecisionBody,
        response: { 200: s.DeletionRequestSchema, ...errors },
      },
    },
    async (req) => elements.decideDeletion(ctx, caller(req), req.params.id, req.body),
  );

  // ------------------------------------------------------------ compliance overview (operators)
  app.get(
    '/compliance/overview',
    {
      config: { access: CROSS },
      schema: {
        tags: ['compliance'],
        summary: 'Every organisation with its compliance state; CSV (semicolon-separated, UTF-8 with BOM) with ?format=csv or Accept: text/csv',
        querystring: Type.Object({
          kind: Type.Optional(Type.Union(ORG_KINDS.map((k) => Type.Literal(k)))),
          attention: Type.Optional(Type.Boolean()),
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
        }),
        response: { 200: items(s.OverviewRowSchema), ...errors },
      },
    },
    async (req, reply) => {
      const rows = await complianceOverview(ctx, { kind: req.query.kind, attention: req.query.attention });
      const accept = String(req.headers.accept ?? '');
      const csv = req.query.format === 'csv' || (req.query.format === undefined && /\btext\/csv\b/.test(accept) && !/application\/json/.test(accept));
      if (!csv) return { items: rows };
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="samsvar-compliance-${day}.csv"`)
        .send(overviewCsv(rows) as never);
    },
  );
};
