/**
 * Which catalogue routes a breaking-change notice's APIs name (pure). A notice names an API by method ("*" = every
 * method) and path pattern, optionally with its product; the pattern is compared segment by segment with each route's
 * pattern: a literal matches the same literal, `{x}` matches any one segment of the route (literal or parameter, the
 * names need not agree), `{x*}` as the last segment matches the rest (one or more segments). Run once per change of
 * the notices (or of the catalogue), never per call.
 */
import type { CompiledRoute } from '../../kernel/gateway/index.ts';

export interface NoticeApi {
  product?: string;
  method: string;
  path: string;
  deprecatedAt?: string;
  sunsetAt: string;
}

export interface DeprecationNotice {
  id: string;
  ref: string;
  publishedAt: Date;
  apis: NoticeApi[];
}

/** One deprecation of one route: the notice, when it was deprecated and when it is gone, and its answer headers. */
export interface RouteDeprecation {
  noticeId: string;
  ref: string;
  routeId: string;
  /** Epoch ms: the notice is published from then on (headers only after it). */
  publishedAt: number;
  deprecatedAt: number;
  sunsetAt: number;
  /** RFC 9745 `Deprecation` value: "@<unix seconds>". */
  deprecation: string;
  /** RFC 8594 `Sunset` value: an HTTP-date. */
  sunset: string;
  /** The notice page on the status site. */
  link: string;
}

const seg = (p: string) => p.replace(/^\//, '').split('/');

export function patternCovers(noticePath: string, routePath: string): boolean {
  const a = seg(noticePath.split('?')[0]);
  const b = seg(routePath);
  for (let i = 0; i < a.length; i++) {
    const s = a[i];
    if (/^\{[^}]+\*\}$/.test(s)) return i === a.length - 1 && b.length > i;
    if (i >= b.length) return false;
    if (/^\{[^}]+\}$/.test(s)) continue;
    if (s !== b[i]) return false;
  }
  return a.length === b.length;
}

export function apiCovers(api: NoticeApi, route: CompiledRoute): boolean {
  if (api.product && api.product !== route.product) return false;
  if (api.method !== '*' && api.method.toUpperCase() !== route.method) return false;
  return patternCovers(api.path, route.path);
}

/**
 * Route id → its deprecations, earliest sunset first. `publicUrl` is the portal/status site's base URL. Notices or
 * APIs with an unreadable date are left out.
 */
export function compileDeprecations(notices: readonly DeprecationNotice[], routes: readonly CompiledRoute[], publicUrl: string): Map<string, RouteDeprecation[]> {
  const out = new Map<string, RouteDeprecation[]>();
  const base = publicUrl.replace(/\/$/, '');
  for (const n of notices) {
    for (const api of n.apis) {
      const sunsetAt = Date.parse(api.sunsetAt);
      const deprecatedAt = api.deprecatedAt ? Date.parse(api.deprecatedAt) : n.publishedAt.getTime();
      if (!Number.isFinite(sunsetAt) || !Number.isFinite(deprecatedAt)) continue;
      for (const r of routes) {
        if (!apiCovers(api, r)) continue;
        const list = out.get(r.id) ?? [];
        // The same notice naming a route twice (e.g. "*" and "GET"): keep the earlier sunset.
        const same = list.find((d) => d.noticeId === n.id);
        if (same && same.sunsetAt <= sunsetAt) continue;
        const d: RouteDeprecation = {
          noticeId: n.id,
          ref: n.ref,
          routeId: r.id,
          publishedAt: n.publishedAt.getTime(),
          deprecatedAt,
          sunsetAt,
          deprecation: `@${Math.floor(deprecatedAt / 1000)}`,
          sunset: new Date(sunsetAt).toUTCString(),
          link: `${base}/status/maintenance/${encodeURIComponent(n.ref)}`,
        };
        if (same) list.splice(list.indexOf(same), 1, d);
        else list.push(d);
        out.set(r.id, list);
      }
    }
  }
  for (const list of out.values()) list.sort((x, y) => x.sunsetAt - y.sunsetAt);
  return out;
}
