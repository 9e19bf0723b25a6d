/**
 * HTTP surface of notices (S-2.3.2–S-2.3.5, S-2.4.1–S-2.4.4, T-3.1, T-3.1.1, T-3.1.2), posts (S-3.4) and meetings
 * (S-3.3). Reads are public; writes are operators' (service owners: notices of the classes they issue). Thin
 * handlers; the rules are in service.ts and posts.ts.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { OPERATOR_ROLES, type Caller, type UserRole } from '../../platform/auth/index.ts';
import type { ModuleRoutes } from '../../platform/context.ts';
import { Problem } from '../../platform/http/schemas.ts';
import * as posts from './posts.ts';
import * as s from './schemas.ts';
import * as svc from './service.ts';

const OPS: UserRole[] = [...OPERATOR_ROLES];
/** Operators, and service owners for the classes they issue (checked per class and notice). */
const ISSUERS: UserRole[] = [...OPERATOR_ROLES, 'serviceowner-admin', 'serviceowner-member'];

/** The JSON form of a value (Dates become ISO strings), typed as such for the response schemas. */
type Json<T> = T extends Date ? string : T extends readonly (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;
const json = <T>(v: T): Json<T> => JSON.parse(JSON.stringify(v)) as Json<T>;

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };
const IdParams = Type.Object({ id: s.Uuid });
const NoticeParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40, description: 'Notice id or reference (VAR-2026-0007)' }) });

export const noticeRoutes: ModuleRoutes = async (app, { ctx }) => {
  svc.rememberPolicy(ctx.policy.policy);
  const caller = (req: FastifyRequest): Caller => req.caller!;
  const tags = ['notices'];

  app.get(
    '/notices/classes',
    { config: { access: 'public' }, schema: { tags, summary: 'Notice classes of the policy: lead time, counting, calendar, window rule, incident link', response: { 200: Type.Object({ items: Type.Array(s.ClassInfo) }) } } },
    async () => ({ items: svc.classInfo(ctx) }),
  );
  app.get(
    '/notices',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Notices of planned maintenance and changes, by start [T-3.1.1]', querystring: s.ListQuery, response: { 200: Type.Object({ items: Type.Array(s.NoticeView) }), ...errors } },
    },
    async (req) => ({ items: json(await svc.listRequest(ctx, req.query as s.ListQuery)) }),
  );
  app.post(
    '/notices/check',
    {
      config: { access: ISSUERS },
      schema: {
        tags,
        summary: 'Dry run: earliest allowed start, lateness, window rule and critical periods of a notice being written (nothing is stored) [S-2.3.2–S-2.3.5, S-2.4.1, T-3.1]',
        body: s.CheckBody,
        response: { 200: s.CheckResult, ...errors },
      },
    },
    async (req) => json(await svc.checkRequest(ctx, caller(req), req.body as s.CheckBody)),
  );
  app.post(
    '/notices',
    {
      config: { access: ISSUERS },
      schema: {
        tags,
        summary:
          'Publish a notice. Late (before the earliest start its class allows) → 422 with `earliestStart`, unless an operator sends `override: { reason }` and the class records late notices as deviations. Emergency changes need an open A or B incident.',
        body: s.CreateBody,
        response: { 201: s.NoticeDetail, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(json(await svc.createNotice(ctx, caller(req), req.body as s.CreateBody))),
  );
  app.get(
    '/notices/:id',
    { config: { access: 'public' }, schema: { tags, summary: 'One notice with its updates (by id or reference)', params: NoticeParams, response: { 200: s.NoticeDetail, ...errors } } },
    async (req) => json(await svc.getNotice(ctx, req.caller, req.params.id)),
  );
  app.patch(
    '/notices/:id',
    { config: { access: ISSUERS }, schema: { tags, summary: 'Change the texts, components or affected APIs (times: reschedule or extend)', params: IdParams, body: s.EditBody, response: { 200: s.NoticeDetail, ...errors } } },
    async (req) => json(await svc.editNotice(ctx, caller(req), req.params.id, req.body as never)),
  );
  app.post(
    '/notices/:id/reschedule',
    {
      config: { access: ISSUERS },
      schema: { tags, summary: 'Move a scheduled notice; the lead time still counts from the original publication [S-2.3.2]', params: IdParams, body: s.RescheduleBody, response: { 200: s.NoticeDetail, ...errors } },
    },
    async (req) => json(await svc.rescheduleNotice(ctx, caller(req), req.params.id, req.body as never)),
  );
  app.post(
    '/notices/:id/start',
    { config: { access: OPS }, schema: { tags, summary: 'Start the work now (components go under maintenance)', params: IdParams, body: s.MessageBody, response: { 200: s.NoticeDetail, ...errors } } },
    async (req) => json(await svc.startNotice(ctx, caller(req), req.params.id, req.body as never)),
  );
  app.post(
    '/notices/:id/complete',
    { config: { access: OPS }, schema: { tags, summary: 'Complete the work now (components leave maintenance)', params: IdParams, body: s.MessageBody, response: { 200: s.NoticeDetail, ...errors } } },
    async (req) => json(await svc.completeNotice(ctx, caller(req), req.params.id, req.body as never)),
  );
  app.post(
    '/notices/:id/extend',
    { config: { access: OPS }, schema: { tags, summary: 'Move the end of scheduled or running work later', params: IdParams, body: s.ExtendBody, response: { 200: s.NoticeDetail, ...errors } } },
    async (req) => json(await svc.extendNotice(ctx, caller(req), req.params.id, req.body as never)),
  );
  app.post(
    '/notices/:id/updates',
    { config: { access: ISSUERS }, schema: { tags, summary: 'Add a public update (bokmål, optional English)', params: IdParams, body: s.UpdateBody, response: { 200: s.NoticeDetail, ...errors } } },
    async (req) => json(await svc.addNoticeUpdate(ctx, caller(req), req.params.id, req.body as never)),
  );
  app.post(
    '/notices/:id/cancel',
    { config: { access: ISSUERS }, schema: { tags, summary: 'Cancel with a reason (components leave maintenance)', params: IdParams, body: s.CancelBody, response: { 200: s.NoticeDetail, ...errors } } },
    async (req) => json(await svc.cancelNotice(ctx, caller(req), req.params.id, req.body as never)),
  );

  // ------------------------------------------------------------------ posts (S-3.4)
  const ptags = ['posts'];
  app.get(
    '/posts',
    { config: { access: 'public' }, schema: { tags: ptags, summary: 'Change log, roadmap and production releases, newest first [S-3.4]', querystring: s.PostQuery, response: { 200: Type.Object({ items: Type.Array(s.PostView) }), ...errors } } },
    async (req) => ({ items: json(await posts.listPosts(ctx.db, { kind: req.query.kind as s.PostKind | undefined, limit: req.query.limit })) }),
  );
  app.get(
    '/posts/:id',
    { config: { access: 'public' }, schema: { tags: ptags, summary: 'One post', params: IdParams, response: { 200: s.PostView, ...errors } } },
    async (req) => json(await posts.getPost(ctx, req.params.id)),
  );
  app.post(
    '/posts',
    { config: { access: OPS }, schema: { tags: ptags, summary: 'Publish a change-log entry, roadmap item or release', body: s.PostBody, response: { 201: s.PostView, ...errors } } },
    async (req, reply) => reply.status(201).send(json(await posts.createPost(ctx, caller(req), req.body as s.PostBody))),
  );
  app.patch(
    '/posts/:id',
    { config: { access: OPS }, schema: { tags: ptags, summary: 'Change a post (e.g. move a roadmap item to done)', params: IdParams, body: s.PostEditBody, response: { 200: s.PostView, ...errors } } },
    async (req) => json(await posts.editPost(ctx, caller(req), req.params.id, req.body as s.PostEditBody)),
  );
  app.delete(
    '/posts/:id',
    { config: { access: OPS }, schema: { tags: ptags, summary: 'Withdraw a post', params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      await posts.deletePost(ctx, caller(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  // ------------------------------------------------------------------ meetings (S-3.3)
  const mtags = ['meetings'];
  app.get(
    '/meetings',
    { config: { access: 'public' }, schema: { tags: mtags, summary: 'Central meetings with service owners, by start [S-3.3]', querystring: s.MeetingQuery, response: { 200: Type.Object({ items: Type.Array(s.MeetingView) }), ...errors } } },
    async (req) =>
      ({
        items: json(await posts.listMeetings(ctx.db, {
          from: req.query.from ? new Date(req.query.from) : undefined,
          to: req.query.to ? new Date(req.query.to) : undefined,
          includeCancelled: req.query.includeCancelled,
        })),
      }),
  );
  app.get(
    '/meetings/:id',
    { config: { access: 'public' }, schema: { tags: mtags, summary: 'One meeting', params: IdParams, response: { 200: s.MeetingView, ...errors } } },
    async (req) => json(await posts.getMeeting(ctx, req.params.id)),
  );
  app.post(
    '/meetings',
    { config: { access: OPS }, schema: { tags: mtags, summary: 'Schedule a meeting', body: s.MeetingBody, response: { 201: s.MeetingView, ...errors } } },
    async (req, reply) => reply.status(201).send(json(await posts.createMeeting(ctx, caller(req), req.body as s.MeetingBody))),
  );
  app.patch(
    '/meetings/:id',
    { config: { access: OPS }, schema: { tags: mtags, summary: 'Change a meeting (its iCalendar sequence is bumped)', params: IdParams, body: s.MeetingEditBody, response: { 200: s.MeetingView, ...errors } } },
    async (req) => json(await posts.editMeeting(ctx, caller(req), req.params.id, req.body as s.MeetingEditBody)),
  );
  app.post(
    '/meetings/:id/cancel',
    { config: { access: OPS }, schema: { tags: mtags, summary: 'Cancel a meeting (stays in the calendar as cancelled)', params: IdParams, response: { 200: s.MeetingView, ...errors } } },
    async (req) => json(await posts.cancelMeeting(ctx, caller(req), req.params.id)),
  );
  app.delete(
    '/meetings/:id',
    { config: { access: OPS }, schema: { tags: mtags, summary: 'Remove a meeting entered by mistake', params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      await posts.deleteMeeting(ctx, caller(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
