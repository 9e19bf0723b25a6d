/** HTTP surface of accounts: thin handlers — check the caller and input, call the service, present the result. */
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieSecure } from '../../config.ts';
import {
  checkCsrf,
  csrfTokenFor,
  deleteSession,
  ORG_KINDS,
  SESSION_COOKIE,
  TOKEN_SCOPES,
  USER_ROLES,
  type Caller,
} from '../../platform/auth/index.ts';
import type { ModuleRoutes } from '../../platform/context.ts';
import { HttpProblem } from '../../platform/http/problem.ts';
import { Problem } from '../../platform/http/schemas.ts';
import * as svc from './service.ts';

const Uuid = Type.String({ format: 'uuid' });
const Role = Type.Union(USER_ROLES.map((r) => Type.Literal(r)));
const Kind = Type.Union(ORG_KINDS.map((k) => Type.Literal(k)));
const Scope = Type.Union(TOKEN_SCOPES.map((s) => Type.Literal(s)));
const Email = Type.String({ format: 'email', maxLength: 254 });

const MembershipSchema = Type.Object({
  orgId: Type.String(),
  orgNumber: Type.String(),
  orgName: Type.String(),
  kinds: Type.Array(Type.String()),
  role: Type.String(),
});
const SessionSchema = Type.Object({
  user: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String(), locale: Type.String() }),
  memberships: Type.Array(MembershipSchema),
  activeOrgId: Type.Union([Type.String(), Type.Null()]),
  csrfToken: Type.String(),
});
const OrgSchema = Type.Object({
  id: Type.String(),
  orgNumber: Type.String(),
  name: Type.String(),
  kinds: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

export const accountsRoutes: ModuleRoutes = async (app, { ctx }) => {
  const cookieOpts = (expires?: Date) => ({
    path: '/',
    httpOnly: true,
    secure: cookieSecure(ctx.config),
    sameSite: 'lax' as const,
    expires,
  });
  const sendSession = (reply: FastifyReply, s: { cookie: string; expiresAt: Date; view: svc.SessionView; sessionIdHash: string }) => {
    reply.setCookie(SESSION_COOKIE, s.cookie, cookieOpts(s.expiresAt));
    return { ...s.view, csrfToken: csrfTokenFor(ctx.secret, s.sessionIdHash) };
  };
  const caller = (req: FastifyRequest): Caller => req.caller!;

  // ------------------------------------------------------------ auth
  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Log in with e-mail and password (sets the session cookie)',
        body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
        response: { 200: SessionSchema, 429: Problem, ...errors },
      },
    },
    async (req, reply) => {
      const s = await svc.login(ctx, { ...req.body, clientKey: req.ip });
      req.log.info({ userId: s.view.user.id }, 'log-in');
      return sendSession(reply, s);
    },
  );

  app.post('/auth/logout', { config: { access: 'public' }, schema: { tags: ['auth'], summary: 'End the session' } }, async (req, reply) => {
    const c = req.caller;
    if (c?.via === 'session') await deleteSession(ctx.db, c.sessionIdHash!);
    reply.clearCookie(SESSION_COOKIE, cookieOpts());
    return reply.status(204).send();
  });

  app.get(
    '/auth/session',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'The current session, memberships and CSRF token', response: { 200: SessionSchema, 401: Problem } } },
    async (req) => {
      const c = caller(req);
      const view = await svc.sessionView(ctx, c.user.id, c.active?.orgId ?? null);
      return { ...view, csrfToken: c.sessionIdHash ? csrfTokenFor(ctx.secret, c.sessionIdHash) : '' };
    },
  );

  app.post(
    '/auth/active-org',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Act for another of your organisations', body: Type.Object({ orgId: Uuid }, { additionalProperties: false }), response: { 200: SessionSchema, ...errors } },
    },
    async (req) => {
      const c = caller(req);
      await svc.setActiveOrg(ctx, c, req.body.orgId);
      const view = await svc.sessionView(ctx, c.user.id, req.body.orgId);
      return { ...view, csrfToken: csrfTokenFor(ctx.secret, c.sessionIdHash!) };
    },
  );

  // ------------------------------------------------------------ organisations
  app.get(
    '/organisations',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['organisations'],
        summary: 'Organisations you may see (operators and auditors: all; others: their own)',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 100 })),
          kind: Type.Optional(Kind),
          cursor: Type.Optional(Type.String({ maxLength: 500 })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(OrgSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errors },
      },
    },
    async (req) => svc.listOrganisations(ctx, caller(req), req.query),
  );

  app.post(
    '/organisations',
    {
      config: { access: ['operator-admin'] },
      schema: {
        tags: ['organisations'],
        summary: 'Register an organisation',
        body: Type.Object(
          { orgNumber: Type.String({ minLength: 9, maxLength: 11 }), name: Type.String({ minLength: 1, maxLength: 200 }), kinds: Type.Array(Kind, { minItems: 1, uniqueItems: true }) },
          { additionalProperties: false },
        ),
        response: { 201: OrgSchema, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createOrganisation(ctx, caller(req), req.body)),
  );

  const OrgParams = Type.Object({ id: Uuid });
  app.get(
    '/organisations/:id',
    { config: { access: 'authenticated' }, schema: { tags: ['organisations'], summary: 'One organisation', params: OrgParams, response: { 200: OrgSchema, ...errors } } },
    async (req) => svc.getOrganisation(ctx, caller(req), req.params.id),
  );

  app.patch(
    '/organisations/:id',
    {
      config: { access: ['operator-admin'] },
      schema: {
        tags: ['organisations'],
        summary: 'Rename an organisation or change its kinds',
        params: OrgParams,
        body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), kinds: Type.Optional(Type.Array(Kind, { minItems: 1, uniqueItems: true })) }, { additionalProperties: false }),
        response: { 200: OrgSchema, ...errors },
      },
    },
    async (req) => svc.updateOrganisation(ctx, caller(req), req.params.id, req.body),
  );

  // ------------------------------------------------------------ members and invitations
  const MemberParams = Type.Object({ id: Uuid, userId: Uuid });
  app.get(
    '/organisations/:id/members',
    { config: { access: 'authenticated' }, schema: { tags: ['organisations'], summary: 'Members of an organisation', params: OrgParams } },
    async (req) => ({ items: await svc.listMembers(ctx, caller(req), req.params.id) }),
  );
  app.patch(
    '/organisations/:id/members/:userId',
    {
      config: { access: ['operator-admin', 'serviceowner-admin', 'vendor-admin'], scope: 'admin' },
      schema: { tags: ['organisations'], summary: "Change a member's role", params: MemberParams, body: Type.Object({ role: Role }, { additionalProperties: false }) },
    },
    async (req) => svc.updateMemberRole(ctx, caller(req), req.params.id, req.params.userId, req.body.role),
  );
  app.delete(
    '/organisations/:id/members/:userId',
    { config: { access: ['operator-admin', 'serviceowner-admin', 'vendor-admin'], scope: 'admin' }, schema: { tags: ['organisations'], summary: 'Remove a member', params: MemberParams } },
    async (req, reply) => {
      await svc.removeMember(ctx, caller(req), req.params.id, req.params.userId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/organisations/:id/invitations',
    { config: { access: ['operator-admin', 'serviceowner-admin', 'vendor-admin'] }, schema: { tags: ['organisations'], summary: 'Invitations of an organisation', params: OrgParams } },
    async (req) => ({ items: await svc.listInvitations(ctx, caller(req), req.params.id) }),
  );
  app.post(
    '/organisations/:id/invitations',
    {
      config: { access: ['operator-admin', 'serviceowner-admin', 'vendor-admin'], scope: 'admin' },
      schema: { tags: ['organisations'], summary: 'Invite someone by e-mail', params: OrgParams, body: Type.Object({ email: Email, role: Role }, { additionalProperties: false }) },
    },
    async (req, reply) => reply.status(201).send(await svc.invite(ctx, caller(req), req.params.id, req.body)),
  );
  app.delete(
    '/organisations/:id/invitations/:invId',
    {
      config: { access: ['operator-admin', 'serviceowner-admin', 'vendor-admin'], scope: 'admin' },
      schema: { tags: ['organisations'], summary: 'Withdraw an open invitation', params: Type.Object({ id: Uuid, invId: Uuid }) },
    },
    async (req, reply) => {
      await svc.revokeInvitation(ctx, caller(req), req.params.id, req.params.invId);
      return reply.status(204).send();
    },
  );

  const TokenParam = Type.Object({ token: Type.String({ minLength: 10, maxLength: 100 }) });
  app.get(
    '/invitations/:token',
    { config: { access: 'public' }, schema: { tags: ['organisations'], summary: 'What an invitation is for', params: TokenParam } },
    async (req) => svc.describeInvitation(ctx, req.params.token),
  );
  app.post(
    '/invitations/:token/accept',
    {
      config: { access: 'public' },
      schema: {
        tags: ['organisations'],
        summary: 'Accept an invitation (creates the account, or proves an existing one with its password) and log in',
        params: TokenParam,
        body: Type.Object({ name: Type.Optional(Type.String({ maxLength: 200 })), password: Type.Optional(Type.String({ maxLength: 256 })) }, { additionalProperties: false }),
        response: { 200: SessionSchema, ...errors },
      },
    },
    async (req, reply) => {
      // A logged-in caller accepts for their own account; that needs the CSRF token like any unsafe session request.
      const c = req.caller?.via === 'session' ? req.caller : null;
      if (c && !checkCsrf(ctx.secret, c.sessionIdHash!, req.headers['x-csrf-token'] as string | undefined)) {
        throw new HttpProblem(403, 'csrf', 'Missing or wrong x-csrf-token header (take it from GET /api/v1/auth/session).');
      }
      return sendSession(reply, await svc.acceptInvitation(ctx, req.params.token, req.body, c));
    },
  );

  // ------------------------------------------------------------ users and me
  app.get(
    '/users',
    {
      config: { access: ['operator-admin'] },
      schema: { tags: ['users'], summary: 'All users', querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }) },
    },
    async (req) => ({ items: await svc.listUsers(ctx, req.query) }),
  );
  app.patch(
    '/users/:id',
    {
      config: { access: ['operator-admin'], scope: 'admin' },
      schema: { tags: ['users'], summary: 'Disable or enable a user', params: OrgParams, body: Type.Object({ disabled: Type.Boolean() }, { additionalProperties: false }) },
    },
    async (req) => svc.setUserDisabled(ctx, caller(req), req.params.id, req.body.disabled),
  );
  app.patch(
    '/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['users'],
        summary: 'Change your name or language',
        body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), locale: Type.Optional(Type.Union([Type.Literal('nb'), Type.Literal('en')])) }, { additionalProperties: false }),
      },
    },
    async (req) => svc.updateProfile(ctx, caller(req), req.body),
  );
  app.post(
    '/me/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['users'],
        summary: 'Change your password (your other sessions end)',
        body: Type.Object({ currentPassword: Type.String({ maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      await svc.changePassword(ctx, caller(req), req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send();
    },
  );

  // ------------------------------------------------------------ tokens
  app.get('/me/tokens', { config: { access: 'authenticated' }, schema: { tags: ['tokens'], summary: 'Your personal API tokens' } }, async (req) => ({
    items: await svc.listTokens(ctx, caller(req)),
  }));
  app.post(
    '/me/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['tokens'],
        summary: 'Create a personal API token (shown once) bound to one of your organisations',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            scopes: Type.Array(Scope, { minItems: 1, uniqueItems: true }),
            orgId: Type.Optional(Uuid),
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createToken(ctx, caller(req), req.body)),
  );
  app.delete(
    '/me/tokens/:id',
    { config: { access: 'authenticated' }, schema: { tags: ['tokens'], summary: 'Revoke a token', params: OrgParams } },
    async (req, reply) => {
      await svc.revokeToken(ctx, caller(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
