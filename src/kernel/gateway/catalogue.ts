/**
 * The gateway's catalogue, compiled from the policy's `products`: one router over every product's routes, each route
 * with its product, scopes (as a Set), flags and rates, and each product's upstream per environment (after the
 * operator's overrides). Pure: the caller passes the policy's products and the overrides from the configuration.
 */
import type { GatewayRoute, Product, RateLimit } from '../policy/schema.ts';
import { parsePattern, RouteConflict, Router } from './router.ts';

export const ENVIRONMENTS = ['test', 'production'] as const;
export type GatewayEnv = (typeof ENVIRONMENTS)[number];

export interface CompiledRoute {
  /** "POST /broker/api/v1/filetransfer/{fileTransferId}/confirmdownload" — stable id in audit records and metrics. */
  id: string;
  product: string;
  method: string;
  path: string;
  /** The token needs one of these (T-1.2.2). */
  scopes: readonly string[];
  mayContainPersonalData: boolean;
  rateLimit?: RateLimit;
  eventTypes: readonly string[];
}

export interface CompiledProduct {
  key: string;
  name: { nb: string; en: string };
  /** Base URL per environment; may hold `{param}` placeholders filled from the matched route's parameters. */
  upstreams: Record<GatewayEnv, string>;
  rateLimit?: RateLimit;
  /** Template of the Altinn resource a call reaches (e.g. "urn:altinn:resource:app_{org}_{app}"). */
  serviceResource?: string;
  routes: CompiledRoute[];
}

export interface Catalogue {
  router: Router<CompiledRoute>;
  products: ReadonlyMap<string, CompiledProduct>;
  /** Every scope some route requires (the test issuer mints only these). */
  scopes: ReadonlySet<string>;
}

/**
 * Upstream overrides, keyed "product.env", "product", "*.env" or "*" (most specific wins), e.g.
 * `{"*.test": "http://127.0.0.1:9000"}` sends every product's test traffic to a local server.
 */
export type UpstreamOverrides = Readonly<Record<string, string>>;

export function upstreamFor(product: string, env: GatewayEnv, base: string | undefined, overrides: UpstreamOverrides): string | undefined {
  return overrides[`${product}.${env}`] ?? overrides[product] ?? overrides[`*.${env}`] ?? overrides['*'] ?? base;
}

const PLACEHOLDER = /\{([a-zA-Z][A-Za-z0-9]*)\}/g;

/** Fills `{name}` placeholders from params; undefined when one is missing. */
export function fillTemplate(template: string, params: Record<string, string>): string | undefined {
  let missing = false;
  const out = template.replace(PLACEHOLDER, (_m, name: string) => {
    const v = params[name];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : out;
}

/** Problems that stop a catalogue from compiling, each naming the product and route. */
export class CatalogueError extends Error {
  constructor(readonly problems: string[]) {
    super(`The gateway catalogue has errors:\n  ${problems.join('\n  ')}`);
  }
}

/** Compiles the products that have routes and upstreams; throws CatalogueError listing every problem. */
export function compileCatalogue(products: Readonly<Record<string, Product>>, overrides: UpstreamOverrides = {}): Catalogue {
  const router = new Router<CompiledRoute>();
  const compiled = new Map<string, CompiledProduct>();
  const scopes = new Set<string>();
  const problems: string[] = [];
  for (const [key, p] of Object.entries(products)) {
    if (!p.routes?.length) continue;
    const upstreams = {} as Record<GatewayEnv, string>;
    for (const env of ENVIRONMENTS) {
      const u = upstreamFor(key, env, p.upstreams?.[env], overrides);
      if (!u) problems.push(`${key}: no upstream for the ${env} environment`);
      else upstreams[env] = u.replace(/\/$/, '');
    }
    const cp: CompiledProduct = { key, name: p.name, upstreams, rateLimit: p.rateLimit, serviceResource: p.serviceResource, routes: [] };
    for (const r of p.routes as GatewayRoute[]) {
      const id = `${r.method} ${r.path}`;
      let names: string[];
      try {
        names = parsePattern(r.path)
          .filter((s) => s.kind !== 'static')
          .map((s) => s.value);
      } catch (e) {
        problems.push(`${key}: ${(e as Error).message}`);
        continue;
      }
      // Every placeholder of the upstreams and the service template must be a parameter of every route.
      for (const t of [...Object.values(upstreams), p.serviceResource ?? '']) {
        for (const m of t.matchAll(PLACEHOLDER)) {
          if (!names.includes(m[1])) problems.push(`${key}: ${id} has no parameter {${m[1]}} that "${t}" needs`);
        }
      }
      const route: CompiledRoute = {
        id,
        product: key,
        method: r.method,
        path: r.path,
        scopes: r.scopes,
        mayContainPersonalData: r.mayContainPersonalData ?? false,
        rateLimit: r.rateLimit,
        eventTypes: r.eventTypes ?? [],
      };
      try {
        router.add(r.method, r.path, route);
      } catch (e) {
        if (!(e instanceof RouteConflict)) throw e;
        problems.push(`${key}: ${e.message}`);
        continue;
      }
      for (const s of r.scopes) scopes.add(s);
      cp.routes.push(route);
    }
    compiled.set(key, cp);
  }
  if (problems.length) throw new CatalogueError(problems);
  return { router, products: compiled, scopes };
}
