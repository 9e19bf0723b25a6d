/**
 * The api role's HTTP server: Fastify with problem details for every error, OpenAPI at /docs, health, metrics,
 * request ids, security headers, access declarations on every route, and the built portal.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { safeEqual } from '../auth/tokens.ts';
import { callerFromSession, callerFromToken, enforceAccess, SESSION_COOKIE } from '../auth/index.ts';
import type { AppContext, SamsvarModule } from '../context.ts';
import { createMetrics } from '../metrics/index.ts';
import { HttpProblem, problemBody, type FieldError } from './problem.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface RouteInfo {
  method: string;
  url: string;
  access: unknown;
  scope?: string;
}

export async function buildHttpApp(ctx: AppContext, modules: SamsvarModule[]): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as unknown as FastifyBaseLogger,
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && REQUEST_ID.test(h) ? h : randomUUID();
    },
    trustProxy: true,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('caller', null);
  const routes: RouteInfo[] = [];
  app.decorate('samsvarRoutes', routes);

  // Every /api route must say who may call it; a route without a declaration stops start-up.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const access = route.config?.access;
    if ((route.url.startsWith('/api/') || route.url.startsWith('/events/')) && access === undefined) {
      throw new Error(`Route ${methods.join(',')} ${route.url} declares no config.access`);
    }
    for (const m of methods) if (m !== 'HEAD') routes.push({ method: m, url: route.url, access, scope: route.config?.scope });
  });

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    strictTransportSecurity: ctx.config.PUBLIC_URL.startsWith('https:') ? { maxAge: 31536000 } : false,
    crossOriginEmbedderPolicy: false,
  });

  const metrics = createMetrics();
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    (req as unknown as { startNs: bigint }).startNs = process.hrtime.bigint();
  });
  app.addHook('onResponse', async (req, reply) => {
    const start = (req as unknown as { startNs?: bigint }).startNs;
    if (start === undefined) return;
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe(
      { method: req.method, route, status: String(reply.statusCode) },
      Number(process.hrtime.bigint() - start) / 1e9,
    );
  });

  // Resolve the caller, then enforce the route's declaration — before body validation, so an unauthenticated or
  // unauthorised caller learns nothing about the input a route expects.
  app.addHook('preValidation', async (req) => {
    const access = req.routeOptions.config?.access;
    if (access === undefined) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      req.caller = await callerFromToken(ctx.db, auth.slice(7).trim());
      if (!req.caller && access !== 'public') throw new HttpProblem(401, 'invalid-token', 'The API token is unknown, expired or revoked.');
    } else {
      const cookie = req.cookies[SESSION_COOKIE];
      if (cookie) req.caller = await callerFromSession(ctx.db, cookie);
    }
    enforceAccess({
      access,
      caller: req.caller,
      method: req.method,
      requiredScope: req.routeOptions.config?.scope,
      csrfHeader: req.headers['x-csrf-token'] as string | undefined,
      secret: ctx.secret,
    });
  });

  app.setErrorHandler((err: FastifyError | HttpProblem, req, reply) => {
    let status: number;
    let body;
    if (err instanceof HttpProblem) {
      status = err.status;
      body = err.toBody(req.url.split('?')[0]);
      if (err.headers) reply.headers(err.headers);
    } else if ((err as FastifyError).validation) {
      const fe = err as FastifyError;
      status = 400;
      const errors: FieldError[] = (fe.validation ?? []).map((v) => {
        const missing = (v.params as { missingProperty?: string })?.missingProperty;
        const extra = (v.params as { additionalProperty?: string })?.additionalProperty;
        const base = `${fe.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`;
        const field = missing ? `${base}.${missing}` : extra ? `${base}.${extra}` : base;
        return { field, message: extra ? 'is not an allowed property' : (v.message ?? 'is invalid') };
      });
      body = problemBody(400, 'validation', errors.map((e) => `${e.field} ${e.message}`).join('; '), {
        instance: req.url.split('?')[0],
        errors,
      });
    } else {
      const fe = err as FastifyError;
      status = fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 600 ? fe.statusCode : 500;
      if (status >= 500) req.log.error({ err }, 'request failed');
      const slug =
        status === 415 ? 'unsupported-media-type' : status === 413 ? 'too-large' : status === 400 ? 'bad-request' : status >= 500 ? 'internal' : 'error';
      body = problemBody(status, slug, status >= 500 ? 'Something went wrong on our side. The request id identifies it in the logs.' : fe.message, {
        instance: req.url.split('?')[0],
        requestId: req.id,
      });
    }
    reply.status(status).type('application/problem+json').send(body);
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Samsvar API',
        version: '1',
        description:
          'The Altinn agreements as software. Authenticate with a session cookie (portal) plus `x-csrf-token` on unsafe methods, or `Authorization: Bearer ssv_…` (personal API token). Errors are RFC 9457 problem details.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Personal API token (ssv_…)' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });

  app.get('/health/live', { schema: { hide: true }, config: { access: 'public' } }, async () => ({ status: 'ok' }));
  app.get('/health/ready', { schema: { hide: true }, config: { access: 'public' } }, async (_req, reply) => {
    const checks: Record<string, string> = {};
    try {
      await ctx.database.ping();
      checks.database = 'ok';
    } catch (e) {
      checks.database = `unreachable: ${(e as Error).message}`;
    }
    checks.migrations = checks.database === 'ok' && (await ctx.database.migrationsApplied()) ? 'ok' : 'pending';
    const ok = Object.values(checks).every((v) => v === 'ok');
    reply.status(ok ? 200 : 503);
    return { status: ok ? 'ready' : 'not-ready', checks };
  });
  app.get('/metrics', { schema: { hide: true }, config: { access: 'public' } }, async (req, reply) => {
    const token = ctx.config.METRICS_TOKEN;
    if (token && !safeEqual(req.headers.authorization ?? '', `Bearer ${token}`)) {
      throw new HttpProblem(401, 'unauthenticated', 'Send the metrics token as Authorization: Bearer <token>.');
    }
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  for (const m of modules) {
    if (m.routes) await app.register(m.routes, { prefix: '/api/v1', ctx });
    if (m.rootRoutes) await app.register(m.rootRoutes, { ctx });
  }

  const webDist = path.resolve(ctx.config.WEB_DIST);
  const hasWeb = existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    // wildcard: files are looked up per request, so a rebuilt portal is served without a restart.
    await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: true, index: false, maxAge: '1h' });
    app.get('/', { schema: { hide: true }, config: { access: 'public' } }, (_req, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false }),
    );
  }
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0];
    const api = /^\/(api|health|metrics|docs|events\/api)(\/|$)/.test(url);
    if (!api && hasWeb && (req.method === 'GET' || req.method === 'HEAD') && !path.extname(url)) {
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html', { cacheControl: false });
    }
    reply
      .status(404)
      .type('application/problem+json')
      .send(problemBody(404, 'not-found', `No route ${req.method} ${url}.`, { instance: url }));
  });

  return app as unknown as FastifyInstance;
}

declare module 'fastify' {
  interface FastifyInstance {
    samsvarRoutes: RouteInfo[];
  }
}
