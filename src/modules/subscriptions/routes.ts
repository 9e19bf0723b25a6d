/**
 * HTTP surface of status subscriptions (T-3.1.1). Outside /api: the HTML form post of the public status page and
 * the pages behind the links in mails — confirm, manage, unsubscribe (RFC 8058 one-click POST). They are public and
 * carry no CSRF token: the token in the link is the credential (and the subscribe answer reveals nothing). Under
 * /api/v1: `POST /status/subscriptions` for API users (202, the same answer for every address).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext, ModuleRoutes } from '../../platform/context.ts';
import { HttpProblem } from '../../platform/http/problem.ts';
import { Problem } from '../../platform/http/schemas.ts';
import type { Lang } from './channels.ts';
import { createSubscribeLimiter, type SubscribeLimiter } from './limiter.ts';
import * as pages from './pages.ts';
import * as s from './schemas.ts';
import * as svc from './service.ts';

type Form = Record<string, string | string[]>;

/** application/x-www-form-urlencoded → fields (a repeated name gives an array). */
export function parseUrlEncoded(body: string): Form {
  const out: Form = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

/** multipart/form-data without files (RFC 8058 allows it for the one-click POST) → fields. */
export function parseMultipart(body: string, contentType: string | undefined): Form {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const out: Form = {};
  if (!m) return out;
  const boundary = `--${m[1] ?? m[2]}`;
  for (const part of body.split(boundary).slice(1)) {
    if (part.startsWith('--')) break;
    const sep = part.indexOf('\r\n\r\n');
    if (sep < 0) continue;
    const name = /name="([^"]*)"/i.exec(part.slice(0, sep))?.[1];
    if (!name) continue;
    const v = part.slice(sep + 4).replace(/\r\n$/, '');
    const had = out[name];
    out[name] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);
const many = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const langOf = (v: unknown): Lang => (one(v) === 'en' ? 'en' : 'nb');

const limiters = new WeakMap<AppContext, SubscribeLimiter>();
function limiterFor(ctx: AppContext): SubscribeLimiter {
  let l = limiters.get(ctx);
  if (!l) limiters.set(ctx, (l = createSubscribeLimiter({ redisUrl: ctx.config.REDIS_URL, keyPrefix: ctx.config.REDIS_PREFIX })));
  return l;
}
function closeLimiter(ctx: AppContext) {
  limiters.get(ctx)?.close();
  limiters.delete(ctx);
}

/** The token of a link: in the query (links in mails, form actions) or a form field. */
function tokenOf(req: FastifyRequest): string | undefined {
  return one((req.query as Form | undefined)?.token) ?? one((req.body as Form | undefined)?.token);
}

function html(reply: FastifyReply, status: number, body: string, opts: { private?: boolean } = {}) {
  reply.status(status).type('text/html; charset=utf-8');
  if (opts.private) reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
  return reply.send(body);
}

/** Runs a page handler; a problem becomes an HTML error page in `lang`. */
async function asPage(reply: FastifyReply, lang: Lang, fn: () => Promise<string>) {
  try {
    return html(reply, 200, await fn(), { private: true });
  } catch (err) {
    if (!(err instanceof HttpProblem)) throw err;
    if (err.headers) reply.headers(err.headers);
    return html(reply, err.status, pages.errorPage(lang, err.status, err.message, err.errors?.[0]?.field), { private: true });
  }
}

export const subscriptionPages: ModuleRoutes = async (app, { ctx }) => {
  const parserOpts = { parseAs: 'string' as const, bodyLimit: 64 * 1024 };
  app.addContentTypeParser('application/x-www-form-urlencoded', parserOpts, (_req, body: string | Buffer, done) => done(null, parseUrlEncoded(String(body))));
  app.addContentTypeParser('multipart/form-data', parserOpts, (req, body: string | Buffer, done) => done(null, parseMultipart(String(body), req.headers['content-type'])));
  app.addHook('onClose', async () => closeLimiter(ctx));
  const hide = { hide: true };

  app.get('/status/subscribe', { schema: hide }, async (req, reply) => html(reply, 200, pages.subscribeFormPage(ctx.policy.policy, langOf((req.query as Form).lang))));

  app.post('/status/subscribe', { schema: hide }, async (req, reply) => {
    const f = (req.body ?? {}) as Form;
    const lang = langOf(f.lang);
    return asPage(reply, lang, async () => {
      const email = one(f.email) ?? '';
      svc.normaliseAddress(email);
      await limiterFor(ctx).consume(req.ip, email);
      await svc.subscribe(ctx, { email, components: many(f.components), lang: one(f.lang) });
      return pages.checkInboxPage(lang);
    });
  });

  app.get('/status/subscriptions/confirm', { schema: hide }, async (req, reply) =>
    asPage(reply, langOf((req.query as Form).lang), async () => {
      const token = tokenOf(req)!;
      return pages.confirmPage(svc.subscriptionView(await svc.subscriptionByToken(ctx, token)), token);
    }),
  );
  app.post('/status/subscriptions/confirm', { schema: hide }, async (req, reply) =>
    asPage(reply, langOf((req.query as Form).lang), async () => {
      const token = tokenOf(req)!;
      return pages.confirmedPage(svc.subscriptionView(await svc.confirmSubscription(ctx, token)), token);
    }),
  );

  app.get('/status/subscriptions/manage', { schema: hide }, async (req, reply) =>
    asPage(reply, langOf((req.query as Form).lang), async () => {
      const token = tokenOf(req)!;
      return pages.managePage(ctx.policy.policy, svc.subscriptionView(await svc.subscriptionByToken(ctx, token)), token);
    }),
  );
  app.post('/status/subscriptions/manage', { schema: hide }, async (req, reply) => {
    const f = (req.body ?? {}) as Form;
    return asPage(reply, langOf(f.lang), async () => {
      const token = tokenOf(req)!;
      const row = await svc.updateSubscription(ctx, token, { components: many(f.components), lang: one(f.lang) });
      return pages.managePage(ctx.policy.policy, svc.subscriptionView(row), token, { saved: true });
    });
  });

  app.get('/status/unsubscribe', { schema: hide }, async (req, reply) =>
    asPage(reply, langOf((req.query as Form).lang), async () => {
      const token = tokenOf(req)!;
      return pages.unsubscribePage(svc.subscriptionView(await svc.subscriptionByToken(ctx, token)), token);
    }),
  );
  // RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click" to the link; no session, no CSRF token — the
  // token in the URL is the credential. The page's own button posts the same.
  app.post('/status/unsubscribe', { schema: hide }, async (req, reply) =>
    asPage(reply, langOf((req.query as Form).lang), async () => {
      const row = await svc.unsubscribe(ctx, tokenOf(req));
      return pages.unsubscribedPage(row.lang === 'en' ? 'en' : 'nb');
    }),
  );
};

export const subscriptionApi: ModuleRoutes = async (app, { ctx }) => {
  app.addHook('onClose', async () => closeLimiter(ctx));
  app.post(
    '/status/subscriptions',
    {
      config: { access: 'public' },
      schema: {
        tags: ['status'],
        summary:
          'Subscribe an e-mail address to status updates (T-3.1.1): incidents, planned work and reminders, for chosen components or all. Double opt-in: the address gets a confirmation link. The answer is the same whether or not the address already subscribes.',
        body: s.SubscribeBody,
        response: { 202: s.SubscribeAccepted, 400: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      const body = req.body as s.SubscribeBody;
      svc.normaliseAddress(body.email);
      svc.normaliseComponents(ctx, body.components);
      await limiterFor(ctx).consume(req.ip, body.email);
      await svc.subscribe(ctx, body);
      return reply.status(202).send({ status: 'accepted' as const, detail: 'If the address can receive mail, it gets a link to confirm the subscription.' });
    },
  );
};
