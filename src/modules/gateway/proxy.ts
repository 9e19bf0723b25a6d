/**
 * The gateway role's HTTP server: a plain node:http server (no framework on the data plane) that serves both
 * environments by path prefix — `/test/<Altinn path>` goes to TT02, `/prod/<Altinn path>` to production — matches
 * the route in the compiled catalogue, runs the gates in order and streams the call to the upstream through an undici
 * Pool per upstream origin. Every refusal is an RFC 9457 problem that says what to do.
 *
 * Gates (each a function of in-memory state; no database on the hot path):
 *   1. token: a bearer JWT from a configured issuer accepted in this environment, scope covers the route   T-1.2.2
 *   2. registry: the vendor is known and the token's client id belongs to one of its systems, which is
 *      registered for the product                                                                          T-1.2.1
 *   3. production only: the access decision (terms accepted, test passed, service in production and its
 *      owner's conditions accepted, not terminated)                                         T-1.1, T-1.2.3, T-1.2.5, T-9
 * Later gates (measures, rate limits, polling, product rules) plug in after 3 as `GatewayPlugin`s (below), in the
 * order given in `GatewayDeps.plugins`; plugins also see the upstream's answer and the finished call.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { Pool, util as undiciUtil } from 'undici';
import { fillTemplate, type Catalogue, type CompiledProduct, type CompiledRoute, type GatewayEnv } from '../../kernel/gateway/index.ts';
import type { AccessDecisions } from '../terms/index.ts';
import type { Directory } from './directory.ts';
import { ENV_BIT, TokenRefused, type CallerIdentity, type TokenVerifier } from './identity.ts';
import type { CallRecord, CallRecorder, GatewayMetrics } from './recorder.ts';

export const PROBLEM_BASE = 'urn:samsvar:problem:gateway:';

export interface GatewayDeps {
  catalogue: Catalogue;
  verifier: TokenVerifier;
  directory: Directory;
  access: AccessDecisions;
  recorder: CallRecorder;
  metrics: GatewayMetrics;
  upstreamTimeoutMs: number;
  /** JWKS of the test issuer, served at /test-issuer/.well-known/jwks.json when on. */
  testJwks?: unknown;
  metricsToken?: string;
  /** Gates 4+ and observers, in order (see GatewayPlugin). */
  plugins?: GatewayPlugin[];
  log: { warn(o: object, m: string): void; error(o: object, m: string): void };
}

/** Headers a plugin adds to the answer (to the upstream's answer, or to the refusal when the call is refused). */
export type AddedHeaders = Record<string, string>;

/** Sees the body of the upstream's answer as it streams (e.g. to digest it); keep it cheap. */
export interface BodyTap {
  data(chunk: Buffer): void;
  end(): void;
}

/**
 * A piece of the gateway after gate 3. Every hook runs on in-memory state (no database on the hot path) and must be
 * cheap; a hook that throws a `Refusal` refuses the call, any other error is a 500.
 *  - `gate`: runs after gates 1–3 in plugin order (4 measures, 5 rate limits, 6 product rules …); may add headers;
 *  - `answer`: the upstream answered (status and headers, before the body); may add headers and return a BodyTap;
 *  - `done`: the call is finished, answered or refused (`st` is absent when it was refused before gate 3 passed).
 */
export interface GatewayPlugin {
  name: string;
  gate?(st: CallState, rec: CallRecord, headers: AddedHeaders): void | Promise<void>;
  answer?(st: CallState, rec: CallRecord, upstreamHeaders: IncomingHttpHeaders, headers: AddedHeaders): BodyTap | void;
  done?(st: CallState | undefined, rec: CallRecord): void;
}

/** A refusal: status, a stable slug, what to do, and extensions for the problem body. */
export class Refusal {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly detail: string,
    readonly clause: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {}
}

const PREFIX: Record<string, GatewayEnv> = { test: 'test', prod: 'production' };

/** The state one call carries through the gates. */
export interface CallState {
  env: GatewayEnv;
  route: CompiledRoute;
  product: CompiledProduct;
  params: Record<string, string>;
  identity: CallerIdentity;
  vendorOrgId: string;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);
/** Percent-encoded slash, dot or backslash, a backslash, or a dot segment: refused so no upstream can re-route. */
const AMBIGUOUS = /%2f|%2e|%5c|\\|(^|\/)\.\.?(\/|$)/i;

export function createGatewayServer(deps: GatewayDeps): { server: http.Server; close(): Promise<void> } {
  const plugins = deps.plugins ?? [];
  const gatePlugins = plugins.filter((p) => p.gate);
  const answerPlugins = plugins.filter((p) => p.answer);
  const donePlugins = plugins.filter((p) => p.done);
  const pools = new Map<string, Pool>();
  const upstreamUrls = new Map<string, { origin: string; basePath: string }>();

  const poolFor = (origin: string): Pool => {
    let p = pools.get(origin);
    if (!p) {
      p = new Pool(origin, { connections: 256, keepAliveTimeout: 10_000, headersTimeout: deps.upstreamTimeoutMs, bodyTimeout: deps.upstreamTimeoutMs });
      pools.set(origin, p);
    }
    return p;
  };
  const parseUpstream = (base: string) => {
    let u = upstreamUrls.get(base);
    if (!u) {
      const url = new URL(base);
      u = { origin: url.origin, basePath: url.pathname.replace(/\/$/, '') };
      if (upstreamUrls.size < 10_000) upstreamUrls.set(base, u);
    }
    return u;
  };

  const sendProblem = (res: http.ServerResponse, r: Refusal, instance: string, added?: AddedHeaders) => {
    const body = JSON.stringify({ type: PROBLEM_BASE + r.slug, title: http.STATUS_CODES[r.status] ?? 'Error', status: r.status, detail: r.detail, instance, clause: r.clause, ...r.extensions });
    res.writeHead(r.status, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', ...added, ...r.headers });
    res.end(body);
    return body.length;
  };

  const tokenRefusal = (e: unknown): Refusal => {
    if (!(e instanceof TokenRefused)) throw e;
    const status = e.code === 'jwks-unavailable' ? 503 : 401;
    return new Refusal(status, `token-${e.code}`, e.message, 'T-1.2.2', {}, { 'www-authenticate': `Bearer realm="samsvar-gateway", error="invalid_token", error_description="${e.code}"` });
  };

  /** Gates 1–3; synchronous when the token was verified before (the hot path), a promise only for a new token. */
  function gates(req: http.IncomingMessage, env: GatewayEnv, route: CompiledRoute, params: Record<string, string>, rec: CallRecord): CallState | Promise<CallState> {
    // 1. Token and scope (T-1.2.2)
    const auth = req.headers.authorization;
    if (!auth || !/^bearer /i.test(auth)) {
      throw new Refusal(401, 'token-missing', 'Send a Maskinporten or ID-porten access token as "Authorization: Bearer <token>".', 'T-1.2.2', {}, { 'www-authenticate': 'Bearer realm="samsvar-gateway"' });
    }
    const token = auth.slice(7).trim();
    let known: CallerIdentity | undefined;
    try {
      known = deps.verifier.lookup(token);
    } catch (e) {
      throw tokenRefusal(e);
    }
    if (known) return identified(env, route, params, rec, known);
    return deps.verifier.verify(token).then(
      (identity) => identified(env, route, params, rec, identity),
      (e: unknown) => {
        throw tokenRefusal(e);
      },
    );
  }

  function identified(env: GatewayEnv, route: CompiledRoute, params: Record<string, string>, rec: CallRecord, identity: CallerIdentity): CallState {
    const product = deps.catalogue.products.get(route.product)!;
    rec.issuer = identity.issuer;
    rec.clientId = identity.clientId;
    rec.vendorOrgNo = identity.vendorOrgNo;
    rec.customerOrgNo = identity.customerOrgNo;
    rec.systemUserId = identity.systemUserId;
    if ((identity.envMask & ENV_BIT[env]) === 0) {
      throw new Refusal(401, 'token-wrong-environment', `Tokens from ${identity.issuerName} are not accepted in the ${env} environment; get a token from the ${env} issuer.`, 'T-1.2.2', {}, { 'www-authenticate': 'Bearer realm="samsvar-gateway", error="invalid_token"' });
    }
    let scoped = false;
    for (const s of route.scopes) if (identity.scopes.has(s)) scoped = true;
    if (!scoped) {
      throw new Refusal(403, 'insufficient-scope', `${route.id} needs a token with one of the scopes ${route.scopes.join(', ')}; ask Maskinporten for it.`, 'T-1.2.2', { requiredScopes: route.scopes }, {
        'www-authenticate': `Bearer realm="samsvar-gateway", error="insufficient_scope", scope="${route.scopes.join(' ')}"`,
      });
    }
    // 2. Vendor and registered system (T-1.2.1)
    const dir = deps.directory.now;
    const vendorOrgId = identity.vendorOrgNo ? dir.vendors.get(identity.vendorOrgNo) : undefined;
    if (!vendorOrgId) {
      throw new Refusal(403, 'vendor-unknown', `Organisation ${identity.vendorOrgNo ?? '(none in the token)'} is not registered as a vendor in Samsvar; register in the portal first.`, 'T-1.2.1');
    }
    rec.vendorOrgId = vendorOrgId;
    const client = identity.clientId ? dir.clients.get(identity.clientId) : undefined;
    if (!client || client.orgId !== vendorOrgId) {
      throw new Refusal(403, 'client-not-registered', `Client ${identity.clientId ?? '(none)'} is not registered to a system of vendor ${identity.vendorOrgNo}; add the Maskinporten client to your system in the portal.`, 'T-1.2.1');
    }
    if (!client.products.has(product.key)) {
      throw new Refusal(403, 'product-not-registered', `System ${client.systemId} is not registered for ${product.name.en}; register the product with its purpose in the portal.`, 'T-1.2.1', { product: product.key });
    }
    // 3. Production access (T-1.1, T-1.2.3, T-1.2.5, T-9)
    if (env === 'production') {
      const service = product.serviceResource ? fillTemplate(product.serviceResource, params) : undefined;
      const d = deps.access.decide(vendorOrgId, product.key, service);
      if (!d.allowed) {
        const reasons = d.reasons.map((r) => ({ code: r.code, clause: r.clause, message: r.message.en, ...(r.at ? { at: r.at } : {}) }));
        throw new Refusal(403, 'production-access-refused', `No production access to ${product.name.en}: ${d.reasons.map((r) => r.message.en).join(' ')}`, d.reasons[0].clause, { reasons, product: product.key, ...(service ? { service } : {}) });
      }
    }
    return { env, route, product, params, identity, vendorOrgId };
  }

  /** Streams the call to the upstream and its answer back; `done` once, with the error when it failed. */
  function forward(req: http.IncomingMessage, res: http.ServerResponse, st: CallState, rest: string, query: string, rec: CallRecord, added: AddedHeaders | undefined, done: (e?: unknown) => void): void {
    const base = fillTemplate(st.product.upstreams[st.env], st.params);
    if (!base) throw new Refusal(502, 'upstream-unknown', 'The upstream of this route could not be determined.', 'T-2.1');
    const up = parseUpstream(base);
    const headers: Record<string, string | string[]> = {};
    const inHeaders = req.headers;
    for (const k in inHeaders) {
      const v = inHeaders[k];
      if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    }
    const xff = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = xff ? `${xff}, ${req.socket.remoteAddress}` : (req.socket.remoteAddress ?? '');
    const hasBody = req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined;
    // The body streams through as it arrives (counted on the way; a 'data' listener would drain it before undici reads).
    const body = hasBody
      ? Readable.from(
          (async function* () {
            for await (const c of req as AsyncIterable<Buffer>) {
              rec.bytesIn += c.length;
              yield c;
            }
          })(),
          { objectMode: false },
        )
      : undefined;
    // undici's dispatch with a handler of our own: the answer goes from the upstream's socket to the caller's without a
    // body stream, a promise per chunk or a second header object (the lean path; see docs/gateway.md, Performance).
    {
      let settled = false;
      const resolve = () => {
        if (settled) return;
        settled = true;
        done();
      };
      const reject = (e: unknown) => {
        if (settled) return;
        settled = true;
        done(e);
      };
      let started = false;
      let abortUpstream: ((e: Error) => void) | undefined;
      let resumeUpstream: (() => void) | undefined;
      let taps: BodyTap[] | undefined;
      res.once('close', () => {
        if (!res.writableFinished) abortUpstream?.(new Error('the caller closed the connection'));
        resolve();
      });
      poolFor(up.origin).dispatch(
        { method: req.method as 'GET', path: up.basePath + rest + query, headers, body },
        {
          onConnect(abort: (e: Error) => void) {
            abortUpstream = abort;
            if (res.destroyed) abort(new Error('the caller closed the connection'));
          },
          onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
            if (statusCode < 200) return true; // 1xx: the final answer follows
            if (res.destroyed) {
              abortUpstream?.(new Error('the caller closed the connection'));
              return false;
            }
            try {
              const upHeaders = undiciUtil.parseHeaders(rawHeaders) as IncomingHttpHeaders;
              const out: Record<string, string | string[]> = {};
              for (const k in upHeaders) {
                const v = upHeaders[k];
                if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
              }
              rec.status = statusCode;
              if (answerPlugins.length) {
                added ??= {};
                for (const p of answerPlugins) {
                  const tap = p.answer!(st, rec, upHeaders, added);
                  if (tap) (taps ??= []).push(tap);
                }
              }
              if (added) for (const k in added) out[k] = added[k]!;
              res.writeHead(statusCode, out);
              started = true;
              resumeUpstream = resume;
              return true;
            } catch (e) {
              reject(e);
              abortUpstream?.(e as Error);
              return false;
            }
          },
          onData(chunk: Buffer): boolean {
            rec.bytesOut += chunk.length;
            if (taps) for (const t of taps) t.data(chunk);
            if (res.write(chunk)) return true;
            res.once('drain', resumeUpstream!);
            return false;
          },
          onComplete() {
            if (taps) for (const t of taps) t.end();
            res.end();
            resolve();
          },
          onError(e: Error) {
            if (started) {
              res.destroy();
              return resolve();
            }
            const code = (e as { code?: string }).code ?? '';
            if (code === 'UND_ERR_HEADERS_TIMEOUT') return reject(new Refusal(504, 'upstream-timeout', `${st.product.name.en} did not answer in time; try again later.`, 'S-2.3.1'));
            reject(new Refusal(502, 'upstream-unreachable', `${st.product.name.en} could not be reached (${code || e.message}); try again later.`, 'S-2.3.1'));
          },
        },
      );
    }
  }

  /** One call through the gateway. No promise on the hot path: each step continues the next, and `finish` ends it. */
  interface Call {
    req: http.IncomingMessage;
    res: http.ServerResponse;
    t0: number;
    pathname: string;
    rest: string;
    query: string;
    rec: CallRecord;
    st?: CallState;
    added?: AddedHeaders;
  }

  function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const t0 = performance.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    const slash = pathname.indexOf('/', 1);
    const env = PREFIX[pathname.slice(1, slash < 0 ? undefined : slash)];
    if (!env) {
      local(req, res, pathname).catch((e) => {
        deps.log.error({ err: e }, 'gateway: local request failed');
        if (!res.headersSent) sendProblem(res, new Refusal(500, 'internal', 'The gateway failed on this request.', 'T-6'), pathname);
      });
      return;
    }
    const rest = slash < 0 ? '' : pathname.slice(slash);
    const rec: CallRecord = { at: Date.now(), env, method: req.method ?? 'GET', url, status: 0, latencyMs: 0, bytesIn: 0, bytesOut: 0 };
    const call: Call = { req, res, t0, pathname, rest, query: q < 0 ? '' : url.slice(q), rec };
    try {
      if (AMBIGUOUS.test(rest)) throw new Refusal(400, 'ambiguous-path', 'The path has an encoded slash, dot or backslash, or a dot segment; send the plain path.', 'T-1.2.2');
      const m = deps.catalogue.router.match(rec.method, rest);
      if (!m) {
        const allowed = deps.catalogue.router.allowed(rest);
        if (allowed.length) throw new Refusal(405, 'method-not-allowed', `${rec.method} is not a route of the catalogue here; allowed: ${allowed.join(', ')}.`, 'T-2.1', {}, { allow: allowed.join(', ') });
        throw new Refusal(404, 'route-unknown', `${rec.method} ${rest || '/'} is not a route of the gateway's catalogue; see the product documentation for the paths.`, 'T-2.1');
      }
      rec.product = m.route.product;
      rec.route = m.route.id;
      const st = gates(req, env, m.route, m.params, rec);
      if (st instanceof Promise) st.then((s) => pluginGates(call, s, 0), (e: unknown) => finish(call, e));
      else pluginGates(call, st, 0);
    } catch (e) {
      finish(call, e);
    }
  }

  /** Gates 4+ from plugin `from` on; most decide synchronously, and only a pending one is waited for. */
  function pluginGates(call: Call, st: CallState, from: number): void {
    call.st = st;
    try {
      for (let i = from; i < gatePlugins.length; i++) {
        const pending = gatePlugins[i].gate!(st, call.rec, (call.added ??= {}));
        if (pending) {
          pending.then(() => pluginGates(call, st, i + 1), (e: unknown) => finish(call, e));
          return;
        }
      }
      forward(call.req, call.res, st, call.rest, call.query, call.rec, call.added, (e) => finish(call, e));
    } catch (e) {
      finish(call, e);
    }
  }

  /** Ends a call: a refusal or failure answered as a problem, then the record and the plugins' `done`. */
  function finish(call: Call, e?: unknown): void {
    const { req, res, rec, st } = call;
    if (e === undefined) {
      if (rec.env === 'test' && st && rec.status >= 200 && rec.status < 400) deps.recorder.testCall(st.vendorOrgId, st.product.key);
    } else {
      let r: Refusal;
      if (e instanceof Refusal) r = e;
      else {
        deps.log.error({ err: e }, 'gateway: call failed');
        r = new Refusal(500, 'internal', 'The gateway failed on this call; try again, and report it if it persists.', 'T-1.2.8');
      }
      rec.status = r.status;
      rec.refusal = r.slug;
      if (!res.headersSent) rec.bytesOut = sendProblem(res, r, call.pathname, call.added);
      else res.destroy();
      // Drain an unread request body so the connection can be reused.
      if (!req.complete) req.resume();
    }
    rec.latencyMs = performance.now() - call.t0;
    deps.recorder.record(rec);
    for (const p of donePlugins) {
      try {
        p.done!(st, rec);
      } catch (err) {
        deps.log.error({ err, plugin: p.name }, 'gateway: plugin failed after the call');
      }
    }
  }

  async function local(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    if (req.method === 'GET' && pathname === '/test-issuer/.well-known/jwks.json' && deps.testJwks) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' });
      return void res.end(JSON.stringify(deps.testJwks));
    }
    if (req.method === 'GET' && pathname === '/health/live') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"status":"ok"}');
    }
    if (req.method === 'GET' && pathname === '/metrics') {
      if (deps.metricsToken && req.headers.authorization !== `Bearer ${deps.metricsToken}`) {
        return void sendProblem(res, new Refusal(401, 'unauthenticated', 'Send the metrics token as Authorization: Bearer <token>.', 'T-6'), pathname);
      }
      res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
      return void res.end(await deps.metrics.registry.metrics());
    }
    sendProblem(res, new Refusal(404, 'environment-unknown', 'Call /test/<Altinn path> for the test environment (TT02) or /prod/<Altinn path> for production.', 'T-1.2.3'), pathname);
  }

  const server = http.createServer(handle);
  server.keepAliveTimeout = 65_000;
  return {
    server,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections?.();
      });
      await Promise.all([...pools.values()].map((p) => p.close().catch(() => undefined)));
    },
  };
}
