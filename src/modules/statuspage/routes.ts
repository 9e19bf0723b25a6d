/**
 * Routes of the public status page, outside /api/v1 (registered as the module's rootRoutes): the HTML pages under
 * /status, the feeds, the stylesheet, and the Statuspage-compatible JSON under /api/v2 (public, CORS open to every
 * origin for widgets on other sites). Every answer comes from the in-memory snapshot — rendered once per snapshot
 * version, language and page — so nothing here waits for the database, and nothing fails when it is down.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleRoutes } from '../../platform/context.ts';
import { problemBody } from '../../platform/http/problem.ts';
import { stylesheet } from './assets.ts';
import { changelogRss, maintenanceIcs, meetingsIcs, statusAtom, statusRss } from './feeds.ts';
import { renderComponent, renderHistory, renderHome, renderIncident, renderMeetings, renderNotFound, renderNotice, renderPosts, renderUnavailable, type RenderOptions } from './html.ts';
import type { Lang, StatusSnapshot } from './model.ts';
import { statusKeeper, stopStatusKeeper } from './snapshot.ts';
import { V2_ENDPOINTS } from './v2.ts';

/** Where the routes read the snapshot from (the keeper, or a fixed one in tests). */
export interface SnapshotSource {
  readonly snapshot: StatusSnapshot | undefined;
  readonly stale: boolean;
}

export const CONTENT_TYPES = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
  css: 'text/css; charset=utf-8',
} as const;

export function langOf(req: FastifyRequest): Lang {
  const q = (req.query as { lang?: unknown } | undefined)?.lang;
  return q === 'en' ? 'en' : 'nb';
}

interface Rendered {
  body: string;
  etag: string;
  status: number;
  /** The body gzipped, made on first request that accepts it. */
  gzip?: Buffer;
}

/** Answers rendered once per (snapshot version, staleness, key); the cache empties when the version changes. */
class RenderCache {
  private version: string | undefined;
  private entries = new Map<string, Rendered>();

  get(snap: StatusSnapshot, stale: boolean, key: string, render: () => { body: string; status?: number }): Rendered {
    if (snap.version !== this.version) {
      this.version = snap.version;
      this.entries.clear();
    }
    const k = `${stale ? 1 : 0}|${key}`;
    let hit = this.entries.get(k);
    if (!hit) {
      const r = render();
      const etag = `"${createHash('sha1').update(r.body).digest('base64url').slice(0, 22)}"`;
      hit = { body: r.body, etag, status: r.status ?? 200 };
      // Unknown refs render a 404 page: kept too, but the cache stays bounded.
      if (this.entries.size < 2000) this.entries.set(k, hit);
    }
    return hit;
  }
}

function send(req: FastifyRequest, reply: FastifyReply, snap: StatusSnapshot, r: Rendered, type: string, maxAge: number): FastifyReply {
  reply.header('content-type', type);
  reply.header('cache-control', `public, max-age=${maxAge}`);
  reply.header('etag', r.etag);
  reply.header('last-modified', new Date(snap.builtAt).toUTCString());
  reply.header('vary', 'accept-encoding');
  if (r.status === 200 && req.headers['if-none-match'] === r.etag) return reply.status(304).send();
  // Pages are large (a bar with a title per component and day) and compress ~15:1: gzip once per version.
  if (r.body.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    r.gzip ??= gzipSync(r.body);
    return reply.status(r.status).header('content-encoding', 'gzip').send(r.gzip);
  }
  return reply.status(r.status).send(r.body);
}

function unavailable(reply: FastifyReply, lang: Lang, json: boolean): FastifyReply {
  reply.header('retry-after', '10').header('cache-control', 'no-store').status(503);
  if (json) return reply.type('application/problem+json').send(problemBody(503, 'unavailable', 'The status page has no published snapshot yet.'));
  return reply.type(CONTENT_TYPES.html).send(renderUnavailable(lang, stylesheet().path));
}

/** Registers every status page route on `app`, answering from `source`. */
export async function registerStatusRoutes(app: FastifyInstance, source: SnapshotSource): Promise<void> {
  const cache = new RenderCache();
  const css = stylesheet();
  const opts = (lang: Lang, stale: boolean): RenderOptions => ({ lang, stale, stylesheet: css.path });

  type Page = (snap: StatusSnapshot, o: RenderOptions, req: FastifyRequest) => string | null;
  const page = (url: string, render: Page, schema: Record<string, unknown> = {}) =>
    app.get(url, { schema: { hide: true, ...schema } }, async (req, reply) => {
      const lang = langOf(req);
      const snap = source.snapshot;
      if (!snap) return unavailable(reply, lang, false);
      const stale = source.stale;
      const r = cache.get(snap, stale, `${lang}|${req.url.split('?')[0]}`, () => {
        const o = opts(lang, stale);
        const html = render(snap, o, req);
        return html === null ? { body: renderNotFound(snap, o, req.url.split('?')[0]!), status: 404 } : { body: html };
      });
      return send(req, reply, snap, r, CONTENT_TYPES.html, 30);
    });

  const Ref = { params: Type.Object({ ref: Type.String({ maxLength: 200 }) }) };
  const Id = { params: Type.Object({ id: Type.String({ maxLength: 200 }) }) };
  page('/status', (s, o) => renderHome(s, o));
  page('/status/incidents', (s, o) => renderHistory(s, o));
  page('/status/incidents/:ref', (s, o, req) => renderIncident(s, o, (req.params as { ref: string }).ref), Ref);
  page('/status/maintenance/:ref', (s, o, req) => renderNotice(s, o, (req.params as { ref: string }).ref), Ref);
  page('/status/components/:id', (s, o, req) => renderComponent(s, o, (req.params as { id: string }).id), Id);
  page('/status/changelog', (s, o) => renderPosts(s, o, 'changelog'));
  page('/status/roadmap', (s, o) => renderPosts(s, o, 'roadmap'));
  page('/status/meetings', (s, o) => renderMeetings(s, o));

  const feed = (url: string, type: string, render: (snap: StatusSnapshot, lang: Lang) => string, maxAge = 60) =>
    app.get(url, { schema: { hide: true } }, async (req, reply) => {
      const lang = langOf(req);
      const snap = source.snapshot;
      if (!snap) return unavailable(reply, lang, false);
      const r = cache.get(snap, false, `${lang}|${url}`, () => ({ body: render(snap, lang) }));
      return send(req, reply, snap, r, type, maxAge);
    });
  feed('/status/feed.rss', CONTENT_TYPES.rss, statusRss);
  feed('/status/feed.atom', CONTENT_TYPES.atom, statusAtom);
  feed('/status/changelog.rss', CONTENT_TYPES.rss, changelogRss);
  feed('/status/maintenance.ics', CONTENT_TYPES.ics, maintenanceIcs, 300);
  feed('/status/meetings.ics', CONTENT_TYPES.ics, meetingsIcs, 300);

  app.get('/status/assets/style.css', { schema: { hide: true } }, async (req, reply) => {
    const v = (req.query as { v?: string }).v;
    reply.header('content-type', CONTENT_TYPES.css).header('etag', css.etag);
    // The versioned URL never changes content: cache it for a year.
    reply.header('cache-control', v === css.path.split('v=')[1] ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    if (req.headers['if-none-match'] === css.etag) return reply.status(304).send();
    return reply.send(css.css);
  });

  // Statuspage-compatible JSON: public, open to every origin, independent of who calls.
  await app.register(async (api) => {
    api.addHook('onRequest', async (req, reply) => {
      // Callers are irrelevant here; dropping credentials keeps these answers independent of the database.
      delete req.headers.authorization;
      (req as unknown as { cookies: Record<string, string> }).cookies = {};
      reply.header('access-control-allow-origin', '*');
      reply.header('cross-origin-resource-policy', 'cross-origin');
    });
    for (const [path, build] of Object.entries(V2_ENDPOINTS)) {
      api.get(
        `/api/v2/${path}`,
        {
          config: { access: 'public' },
          schema: {
            tags: ['status'],
            summary: `Statuspage-compatible ${path}`,
            description: 'Same field names and enums as the public Atlassian Statuspage v2 API. `?lang=en` for English names. See docs/status-page.md.',
            querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 5 })) }),
          },
        },
        async (req, reply) => {
          const lang = langOf(req);
          const snap = source.snapshot;
          if (!snap) return unavailable(reply, lang, true);
          const r = cache.get(snap, false, `${lang}|api|${path}`, () => ({ body: JSON.stringify(build(snap, lang)) }));
          return send(req, reply, snap, r, CONTENT_TYPES.json, 30);
        },
      );
    }
  });
}

/** The module's rootRoutes: starts this process's snapshot keeper and serves from it. */
export const statusRootRoutes: ModuleRoutes = async (app, { ctx }) => {
  const keeper = await statusKeeper(ctx);
  app.addHook('onClose', async () => stopStatusKeeper(ctx));
  await registerStatusRoutes(app as unknown as FastifyInstance, keeper);
};
