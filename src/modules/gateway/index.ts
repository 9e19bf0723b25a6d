/**
 * The governance gateway (data plane): the terms of use enforced on every API call to the Altinn products. The
 * gateway role listens on GATEWAY_PORT and serves the test environment under /test and production under /prod; the
 * api role offers the test token issuer. See docs/gateway.md.
 */
import type { AddressInfo } from 'node:net';
import { compileCatalogue } from '../../kernel/gateway/index.ts';
import type { AppContext, SamsvarModule } from '../../platform/context.ts';
import { DeprecationWatch } from '../deprecations/index.ts';
import { productRulesGate, startMeasuresGate } from '../measures/index.ts';
import { accessDecisions, stopAccessDecisions } from '../terms/index.ts';
import { startPollingDetector } from '../usage/index.ts';
import { Directory } from './directory.ts';
import { PassiveAvailability } from './health.ts';
import { TokenVerifier, type IssuerSpec } from './identity.ts';
import { createGatewayServer, type GatewayPlugin } from './proxy.ts';
import { RateLimits } from './ratelimit.ts';
import { CallRecorder, createGatewayMetrics } from './recorder.ts';
import { gatewayRootRoutes, gatewayRoutes } from './routes.ts';
import { ServiceTraffic } from './serviceTraffic.ts';
import { testIssuer, testIssuerEnabled } from './testIssuer.ts';

export interface RunningGateway {
  /** Base URL the gateway listens on (http://host:port). */
  url: string;
  verifier: TokenVerifier;
  directory: Directory;
  recorder: CallRecorder;
  /** Writes buffered call records and test calls now. */
  flush(): Promise<void>;
  /** Passive availability (S-2.3.1): `tick()` evaluates the windows now. */
  health: PassiveAvailability;
}

const running = new WeakMap<AppContext, RunningGateway>();

/** The gateway this process runs for `ctx` (tests reach its URL and flush it). */
export function gatewayOf(ctx: AppContext): RunningGateway | undefined {
  return running.get(ctx);
}

export async function startGateway(ctx: AppContext): Promise<() => Promise<void>> {
  const cfg = ctx.config;
  const catalogue = compileCatalogue(ctx.policy.policy.products ?? {}, cfg.GATEWAY_UPSTREAMS);
  const specs: IssuerSpec[] = cfg.GATEWAY_ISSUERS.map((i) => ({
    name: i.name,
    issuer: i.issuer,
    jwksUri: i.jwksUri,
    environments: i.environments,
    algorithms: i.algorithms ?? ['RS256'],
    audience: i.audience,
    cooldownMs: i.cooldownSeconds !== undefined ? i.cooldownSeconds * 1000 : undefined,
  }));
  let testJwks: unknown;
  if (testIssuerEnabled(cfg)) {
    const ti = await testIssuer(cfg);
    testJwks = ti.jwks;
    // The test issuer's tokens are for the test environment only.
    specs.push({ name: 'Samsvar test issuer', issuer: ti.issuer, environments: ['test'], algorithms: ['RS256'], keys: ti.keys });
  }
  const verifier = new TokenVerifier(specs);
  const directory = await new Directory(ctx).start();
  const access = await accessDecisions(ctx);
  const metrics = createGatewayMetrics();
  const recorder = new CallRecorder(ctx, metrics, cfg.GATEWAY_FLUSH_MS);
  recorder.start();
  // Gates after 3 and observers, in this order: 4 measures, 5 rate limits, 6 product rules, then observers.
  const plugins: GatewayPlugin[] = [];
  // 4. Measures in force: suspend, disconnect, block a route, stop an app; throttles go to gate 5 (measures module).
  const measures = await startMeasuresGate(ctx, { productKeys: [...catalogue.products.keys()] });
  plugins.push(measures.plugin);
  // 5. Rate limits per vendor and product/route, shared through Redis with REDIS_URL (ratelimit.ts).
  const rateLimits = new RateLimits({ redisUrl: cfg.REDIS_URL, keyPrefix: cfg.REDIS_PREFIX, log: ctx.log, throttleFor: (vendor, product, env) => measures.snapshot.throttleFor(vendor, product, env), routeThrottleFor: (vendor, route, env) => measures.snapshot.routeThrottleFor(vendor, route, env) });
  plugins.push(rateLimits);
  // 6. Product rules of the policy: flag or refuse calls to a route (T-2.2; measures module).
  const productRules = productRulesGate(ctx.policy.policy.productRules ?? [], catalogue, metrics);
  if (productRules) plugins.push(productRules);
  // Observer: call counts and polling detection (src/modules/usage).
  const polling = await startPollingDetector(ctx);
  plugins.push(polling);
  // Deprecated APIs (T-1.2.6, T-3.1.2): Deprecation/Sunset headers, calls counted per vendor, 410 after the sunset
  // when the policy says so (src/modules/deprecations).
  const deprecations = await new DeprecationWatch(ctx, catalogue, cfg.GATEWAY_FLUSH_MS).start();
  plugins.push(deprecations);
  // Observers: passive availability per product (S-2.3.1, health.ts); traffic per service and service owners'
  // download confirmations (S-7.3.1, S-7.4.1, serviceTraffic.ts).
  const health = await new PassiveAvailability(ctx).start();
  if (health.enabled) plugins.push(health);
  const serviceTraffic = new ServiceTraffic(ctx, catalogue, directory, Math.max(cfg.GATEWAY_FLUSH_MS, 1000)).start();
  plugins.push(serviceTraffic);
  const gw = createGatewayServer({ catalogue, verifier, directory, access, recorder, metrics, upstreamTimeoutMs: cfg.GATEWAY_UPSTREAM_TIMEOUT_MS, testJwks, metricsToken: cfg.METRICS_TOKEN, plugins, log: ctx.log });
  await new Promise<void>((resolve, reject) => {
    gw.server.once('error', reject);
    gw.server.listen(cfg.GATEWAY_PORT, cfg.HOST, () => resolve());
  });
  const addr = gw.server.address() as AddressInfo;
  const host = addr.address === '0.0.0.0' || addr.address === '::' ? 'localhost' : addr.address.includes(':') ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;
  running.set(ctx, { url, verifier, directory, recorder, flush: () => recorder.flush().then(() => Promise.all([deprecations.flush(), serviceTraffic.flush()])).then(() => undefined), health });
  ctx.log.info({ role: 'gateway' }, `gateway: ${catalogue.router.size} routes of ${catalogue.products.size} products at ${url}/test/… (TT02) and ${url}/prod/… (production)`);
  return async () => {
    running.delete(ctx);
    await gw.close();
    await recorder.stop();
    await deprecations.stop();
    await health.stop();
    await serviceTraffic.stop();
    await polling.stop();
    await rateLimits.close();
    await measures.stop();
    await directory.stop();
    await stopAccessDecisions(ctx);
  };
}

export const gatewayModule: SamsvarModule = {
  name: 'gateway',
  routes: gatewayRoutes,
  rootRoutes: gatewayRootRoutes,
  roles: { gateway: startGateway },
};

export { TokenVerifier, TokenRefused, identityFromClaims, type CallerIdentity, type IssuerSpec } from './identity.ts';
export { testIssuer, testIssuerEnabled, TEST_JWKS_PATH } from './testIssuer.ts';
