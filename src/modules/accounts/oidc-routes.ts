/**
 * Portal log-in with OpenID Connect (ID-porten, Ansattporten or Entra ID — whichever OIDC_ISSUER names) and the
 * list of log-in methods the portal offers.
 *
 * The callback finds the user by the identity link (issuer, sub); else links the account with the same e-mail when
 * the provider does not say the e-mail is unverified; else creates a user without password and without
 * memberships (the portal shows "no access yet" until an admin invites the same e-mail or an operator adds a
 * membership). ID-porten's `pid` (a fødselsnummer) is never read past platform/auth/oidc.ts: not logged, not
 * stored [T-5].
 *
 * Errors on the two legs answer a browser (Accept: text/html) with 302 to `/login?error=oidc` and a warn log line
 * naming the reason; other clients get problem details (400, or 502 when the provider is unreachable). The
 * callback route logs at warn level only, so the authorization code in its query string never reaches the log.
 */
import { Type } from '@sinclair/typebox';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { cookieSecure } from '../../config.ts';
import { appendAudit } from '../../platform/audit/index.ts';
import { authTables, SESSION_COOKIE, sha256 } from '../../platform/auth/index.ts';
import {
  beginOidcLogin,
  finishOidcLogin,
  OIDC_PROVIDER_ID,
  OIDC_STATE_COOKIE,
  OIDC_STATE_TTL_SECONDS,
  oidcCallbackPath,
  oidcEnabled,
  OidcLoginError,
  oidcProviders,
  OidcUnavailableError,
  openOidcState,
  safeReturnTo,
  sealOidcState,
  type OidcIdentity,
} from '../../platform/auth/oidc.ts';
import type { AppContext } from '../../platform/context.ts';
import { HttpProblem, problems } from '../../platform/http/problem.ts';
import { Problem } from '../../platform/http/schemas.ts';
import { createUser, normaliseEmail, startSession } from './service.ts';

const { users, identities } = authTables;

/** Where a browser lands when an OIDC log-in fails. */
export const OIDC_ERROR_LOCATION = '/login?error=oidc';
const STATE_COOKIE_PATH = '/api/v1/auth/oidc';

export type OidcLinkKind = 'identity' | 'email' | 'created';

/**
 * Resolves the Samsvar user of a provider identity (link, e-mail or new user), refreshes the identity row and
 * writes the audit record, all in one transaction [T-6]. Throws OidcLoginError for a disabled account.
 */
export async function oidcSignIn(ctx: AppContext, id: OidcIdentity): Promise<{ userId: string; linked: OidcLinkKind }> {
  return ctx.db.transaction(async (tx) => {
    const now = new Date();
    const [link] = await tx
      .select({ userId: identities.userId })
      .from(identities)
      .where(and(eq(identities.provider, id.issuer), eq(identities.subject, id.sub)));
    let userId: string;
    let linked: OidcLinkKind;
    // An e-mail counts only when the provider does not call it unverified.
    const email = id.email && id.emailVerified !== false ? normaliseEmail(id.email) : undefined;
    if (link) {
      userId = link.userId;
      linked = 'identity';
    } else {
      const [existing] = email ? await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`) : [];
      if (existing) {
        userId = existing.id;
        linked = 'email';
      } else {
        // ID-porten and Ansattporten release no e-mail: such users get a placeholder address that can never receive
        // mail (.invalid), derived from the pairwise subject, never from the pid.
        const address = email ?? `oidc-${sha256(`${id.issuer}|${id.sub}`).slice(0, 20)}@users.invalid`;
        const name = id.name ?? email?.split('@')[0] ?? `${ctx.config.OIDC_NAME}-bruker`;
        const u = await createUser(tx, { label: `oidc:${ctx.config.OIDC_NAME}` }, { email: address, name });
        userId = u.id;
        linked = 'created';
      }
    }
    const [user] = await tx.select({ email: users.email, disabled: users.disabled }).from(users).where(eq(users.id, userId));
    if (!user || user.disabled) throw new OidcLoginError('user-disabled', 'The account linked to this identity is disabled.');
    await tx
      .insert(identities)
      .values({ provider: id.issuer, subject: id.sub, userId, lastLoginAt: now })
      .onConflictDoUpdate({ target: [identities.provider, identities.subject], set: { lastLoginAt: now } });
    await appendAudit(tx, {
      actor: { userId, label: user.email },
      action: 'user.oidc-login',
      targetType: 'user',
      targetId: userId,
      details: { provider: id.issuer, linked },
    });
    return { userId, linked };
  });
}

export const oidcRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const stateCookieOpts = (maxAge?: number) => ({
    path: STATE_COOKIE_PATH,
    httpOnly: true,
    secure: cookieSecure(ctx.config),
    sameSite: 'lax' as const,
    maxAge,
  });
  const sessionCookieOpts = (expires?: Date) => ({
    path: '/',
    httpOnly: true,
    secure: cookieSecure(ctx.config),
    sameSite: 'lax' as const,
    expires,
  });
  const fromBrowser = (req: FastifyRequest) => String(req.headers.accept ?? '').includes('text/html');
  const assertConfigured = (id: string) => {
    if (!oidcEnabled(ctx.config) || id !== OIDC_PROVIDER_ID) throw problems.notFound(`The log-in provider "${id}"`);
  };
  /** The failure answer: redirect a browser to the log-in page, give other clients problem details. */
  const fail = (req: FastifyRequest, reply: FastifyReply, reason: string, detail: string, status = 400) => {
    req.log.warn({ reason, detail }, 'oidc log-in failed');
    reply.clearCookie(OIDC_STATE_COOKIE, stateCookieOpts());
    if (fromBrowser(req)) return reply.redirect(OIDC_ERROR_LOCATION, 302);
    throw new HttpProblem(status, status === 502 ? 'oidc-unavailable' : 'oidc-login-failed', detail, { extensions: { reason } });
  };

  app.get(
    '/auth/providers',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Log-in methods the portal offers',
        response: {
          200: Type.Object({
            local: Type.Boolean(),
            oidc: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
            demo: Type.Boolean(),
          }),
        },
      },
    },
    async () => ({ local: true, oidc: oidcProviders(ctx.config), demo: ctx.config.DEMO === true }),
  );

  const IdParam = Type.Object({ id: Type.String({ maxLength: 50 }) });

  app.get(
    '/auth/oidc/:id/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Start an OpenID Connect log-in (302 to the provider)',
        params: IdParam,
        querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2000 })) }),
        response: { 302: Type.Null({ description: 'Redirect to the provider' }), 404: Problem, 502: Problem },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      assertConfigured(id);
      const returnTo = safeReturnTo((req.query as { returnTo?: string }).returnTo);
      let begun: Awaited<ReturnType<typeof beginOidcLogin>>;
      try {
        begun = await beginOidcLogin(ctx.config, {
          redirectUri: `${ctx.config.PUBLIC_URL}${oidcCallbackPath(id)}`,
          returnTo,
          provider: id,
        });
      } catch (e) {
        if (e instanceof OidcUnavailableError) return fail(req, reply, 'provider-unreachable', e.message, 502);
        throw e;
      }
      reply.setCookie(OIDC_STATE_COOKIE, await sealOidcState(ctx.secret, begun.pending), stateCookieOpts(OIDC_STATE_TTL_SECONDS));
      reply.header('cache-control', 'no-store');
      return reply.redirect(begun.url.href, 302);
    },
  );

  app.get(
    '/auth/oidc/:id/callback',
    {
      // Request logs would carry the authorization code and state of the query string: keep them out.
      logLevel: 'warn',
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Where the provider sends the browser back (sets the session cookie, 302 to returnTo)',
        params: IdParam,
        response: { 302: Type.Null({ description: 'Redirect to returnTo, or to /login?error=oidc' }), 400: Problem, 404: Problem, 502: Problem },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      assertConfigured(id);
      const query = req.query as Record<string, unknown>;
      const pending = await openOidcState(ctx.secret, req.cookies[OIDC_STATE_COOKIE]);
      if (typeof query.error === 'string') {
        return fail(req, reply, 'provider-error', `The provider answered error=${query.error.slice(0, 100)}.`);
      }
      if (!pending) return fail(req, reply, 'state-missing', 'The log-in state cookie is missing, expired or not ours; start the log-in again.');
      if (pending.provider !== id) return fail(req, reply, 'state-mismatch', 'The log-in was started for another provider.');
      const qs = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      const callbackUrl = new URL(`${ctx.config.PUBLIC_URL}${oidcCallbackPath(id)}${qs}`);
      let userId: string;
      let linked: OidcLinkKind;
      try {
        const identity = await finishOidcLogin(ctx.config, callbackUrl, pending);
        ({ userId, linked } = await oidcSignIn(ctx, identity));
      } catch (e) {
        if (e instanceof OidcUnavailableError) return fail(req, reply, 'provider-unreachable', e.message, 502);
        if (e instanceof OidcLoginError) return fail(req, reply, e.reason, e.message);
        throw e;
      }
      const s = await startSession(ctx, userId, 'oidc');
      reply.setCookie(SESSION_COOKIE, s.cookie, sessionCookieOpts(s.expiresAt));
      reply.clearCookie(OIDC_STATE_COOKIE, stateCookieOpts());
      reply.header('cache-control', 'no-store');
      // This route logs at warn; the success line goes through the process logger (user id only).
      ctx.log.info({ reqId: req.id, userId, linked }, 'oidc log-in');
      return reply.redirect(pending.returnTo, 302);
    },
  );
};
