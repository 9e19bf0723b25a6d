/**
 * Gate 5: rate limits (T-1.2.4, T-2.1–T-2.6). Every call counts against its vendor's limit for the product
 * (`products.<p>.rateLimit`), against the route's own limit where the catalogue sets one (`routes[].rateLimit`,
 * tighter), and against a throttle measure when one is in force (`throttleFor`, from the measures module) — each per
 * environment. Answers carry the IETF httpapi draft headers (draft-ietf-httpapi-ratelimit-headers-10, structured
 * fields):
 *
 *     RateLimit-Policy: "route";q=60;w=60, "vendor";q=6000;w=60
 *     RateLimit: "route";r=59;t=60, "vendor";r=5999;t=60
 *
 * (tightest first: a throttle of the route, "throttle-route", and of the product, "throttle", come before the rest)
 *
 * and a refusal is 429 with `Retry-After` and a problem that says what to do (subscribe to events, back off).
 *
 * Counters: rate-limiter-flexible, fixed windows. In memory per process without REDIS_URL (RateLimiterMemory); with
 * REDIS_URL shared by every gateway process (RateLimiterRedis, keys under REDIS_PREFIX, an in-memory insurance
 * limiter when Redis fails). To keep the limiter (and Redis) off the hot path, a process takes points in **leases**
 * (`consume(key, n)`, n = 1 % of the limit, at most 50, shrinking as the window runs out) and spends them locally,
 * synchronously: one limiter call (one Redis round trip) per n calls. Leased points are counted at once, so the
 * processes together never pass the limit; at most n − 1 points per process go unused at the end of a window (a
 * limit of 100 or less is exact).
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { GatewayEnv } from '../../kernel/gateway/index.ts';
import type { RateLimit } from '../../kernel/policy/schema.ts';
import { Refusal, type AddedHeaders, type CallState, type GatewayPlugin } from './proxy.ts';

/** A throttle measure in force for a vendor and product (the measures module), or undefined. */
export type ThrottleLookup = (vendorOrgId: string, product: string, env: GatewayEnv) => RateLimit | undefined;

export interface RateLimitOptions {
  redisUrl?: string;
  /** Key prefix in Redis (REDIS_PREFIX); the limiter adds "gw-rl:". */
  keyPrefix: string;
  /**
   * Hook for gate 4's throttle measures: when given, a throttled vendor gets the measure's rate as a further, tighter
   * limit on the product ("throttle" in the headers). startGateway passes the measures module's `throttleFor` when
   * that module is present.
   */
  throttleFor?: ThrottleLookup;
  /** A throttle measure of one route (e.g. applied by polling escalation, T-1.2.4): a further limit on that route. */
  routeThrottleFor?: (vendorOrgId: string, routeId: string, env: GatewayEnv) => RateLimit | undefined;
  log: { warn(o: object, m: string): void };
}

/** Points held locally for one key (Redis mode). */
interface Lease {
  /** Points left to spend before asking Redis again. */
  left: number;
  /** Remaining points Redis reported at the last lease (other processes' use included). */
  remote: number;
  /** End of the window (ms epoch). */
  resetAt: number;
  /** Set while a lease request is under way (concurrent calls wait for it instead of asking too). */
  pending?: Promise<void>;
  /** Calls waiting for the pending lease: the next lease covers them too. */
  waiting: number;
}

interface Outcome {
  name: string;
  rate: RateLimit;
  ok: boolean;
  remaining: number;
  resetMs: number;
}

/** A limit to take a point from: its name in the headers, its rate, its counter key. */
type Wanted = [name: string, rate: RateLimit, key: string];

const sf = (name: string, rate: RateLimit) => `"${name}";q=${rate.requests};w=${rate.perSeconds}`;

export class RateLimits implements GatewayPlugin {
  readonly name = 'rate-limits';
  private readonly redis: Redis | undefined;
  private readonly limiters = new Map<string, RateLimiterAbstract>();
  private readonly leases = new Map<string, Lease>();
  /** RateLimit-Policy per product/route/throttle combination, built once. */
  private readonly policyHeader = new Map<string, string>();

  constructor(private readonly opts: RateLimitOptions) {
    if (opts.redisUrl) {
      this.redis = new Redis(opts.redisUrl, { enableOfflineQueue: true, maxRetriesPerRequest: 1, lazyConnect: false });
      this.redis.on('error', (e) => opts.log.warn({ err: e.message }, 'gateway rate limits: Redis unavailable, counting in memory meanwhile'));
    }
  }

  private limiter(rate: RateLimit): RateLimiterAbstract {
    const id = `${rate.requests}/${rate.perSeconds}`;
    let l = this.limiters.get(id);
    if (!l) {
      const o = { points: rate.requests, duration: rate.perSeconds, keyPrefix: `${this.opts.keyPrefix}gw-rl:${id}` };
      l = this.redis ? new RateLimiterRedis({ storeClient: this.redis, ...o, insuranceLimiter: new RateLimiterMemory(o) }) : new RateLimiterMemory(o);
      this.limiters.set(id, l);
    }
    return l;
  }

  /**
   * Takes one point for `key` under `rate` from the local lease, synchronously; undefined when the lease is spent or
   * out of date and a new one must be asked for (`take`).
   */
  private takeLocal(name: string, rate: RateLimit, k: string): Outcome | undefined {
    const lease = this.leases.get(k);
    if (!lease) return undefined;
    const now = Date.now();
    if (lease.resetAt <= now) return undefined;
    if (lease.left > 0) {
      lease.left--;
      return { name, rate, ok: true, remaining: lease.remote + lease.left, resetMs: lease.resetAt - now };
    }
    if (!lease.pending && lease.remote <= 0) return { name, rate, ok: false, remaining: 0, resetMs: lease.resetAt - now };
    return undefined;
  }

  /** Takes one point for `key` under `rate`: from the local lease, or after leasing points from the limiter. */
  private async take(name: string, rate: RateLimit, k: string): Promise<Outcome> {
    const limiter = this.limiter(rate);
    const key = k.slice(k.indexOf('|') + 1);
    // Ends: every round either returns, waits for a lease another call asked for, or asks for one itself; a lease
    // either hands out points or sets `remote` to 0 for the rest of the window.
    for (;;) {
      const local = this.takeLocal(name, rate, k);
      if (local) return local;
      const now = Date.now();
      let lease = this.leases.get(k);
      if (lease?.pending) {
        lease.waiting++;
        try {
          await lease.pending;
        } finally {
          lease.waiting--;
        }
        continue;
      }
      if (!lease || lease.resetAt <= now) {
        lease = { left: 0, remote: rate.requests, resetAt: 0, waiting: 0 };
        if (this.leases.size > 100_000) this.leases.clear();
        this.leases.set(k, lease);
      }
      const l = lease;
      // 1 % of the limit (at most 50, at most a quarter of what is left), or enough for the calls already waiting.
      const base = Math.max(1, Math.min(50, Math.floor(rate.requests / 100), Math.floor(l.remote / 4)));
      const size = Math.max(base, Math.min(l.waiting + 1, l.remote));
      l.pending = limiter
        .consume(key, size)
        .then(
          (r) => {
            l.left += size;
            l.remote = r.remainingPoints;
            l.resetAt = Date.now() + r.msBeforeNext;
          },
          (e) => {
            if (!(e instanceof RateLimiterRes)) throw e;
            // Counted all the same: the share that was still under the limit is ours to spend.
            const before = e.consumedPoints - size;
            l.left += Math.max(0, Math.min(size, rate.requests - before));
            l.remote = 0;
            l.resetAt = Date.now() + e.msBeforeNext;
          },
        )
        .finally(() => (l.pending = undefined));
      await l.pending;
    }
  }

  /** Synchronous when every limit is decided from a local lease (most calls); a promise when a lease is asked for. */
  gate(st: CallState, _rec: unknown, headers: AddedHeaders): void | Promise<void> {
    const product = st.product.rateLimit;
    const route = st.route.rateLimit;
    const throttle = this.opts.throttleFor?.(st.vendorOrgId, st.product.key, st.env);
    const routeThrottle = this.opts.routeThrottleFor?.(st.vendorOrgId, st.route.id, st.env);
    if (!product && !route && !throttle && !routeThrottle) return;
    const base = `${st.env}|${st.vendorOrgId}|`;
    // Tightest first, so a refused call does not use up the wider limits.
    const wanted: Wanted[] = [];
    if (routeThrottle) wanted.push(['throttle-route', routeThrottle, `${routeThrottle.requests}/${routeThrottle.perSeconds}|${base}throttle-route|${st.route.id}`]);
    if (throttle) wanted.push(['throttle', throttle, `${throttle.requests}/${throttle.perSeconds}|${base}throttle|${st.product.key}`]);
    if (route) wanted.push(['route', route, `${route.requests}/${route.perSeconds}|${base}${st.route.id}`]);
    if (product) wanted.push(['vendor', product, `${product.requests}/${product.perSeconds}|${base}${st.product.key}`]);
    const outcomes: Outcome[] = [];
    for (let i = 0; i < wanted.length; i++) {
      const [name, rate, k] = wanted[i];
      const o = this.takeLocal(name, rate, k);
      if (!o) return this.gateAsync(st, headers, wanted, outcomes, i);
      outcomes.push(o);
      if (!o.ok) break;
    }
    this.limitHeaders(st, headers, wanted, outcomes);
  }

  private async gateAsync(st: CallState, headers: AddedHeaders, wanted: Wanted[], outcomes: Outcome[], from: number): Promise<void> {
    for (let i = from; i < wanted.length; i++) {
      const [name, rate, k] = wanted[i];
      const o = await this.take(name, rate, k);
      outcomes.push(o);
      if (!o.ok) break;
    }
    this.limitHeaders(st, headers, wanted, outcomes);
  }

  /** The headers of the outcomes, and the refusal when one limit is reached. */
  private limitHeaders(st: CallState, headers: AddedHeaders, wanted: Wanted[], outcomes: Outcome[]): void {
    let pk = st.route.id;
    for (const w of wanted) if (w[0].startsWith('throttle')) pk += `|${sf(w[0], w[1])}`;
    let policy = this.policyHeader.get(pk);
    if (policy === undefined) {
      policy = wanted.map(([name, rate]) => sf(name, rate)).join(', ');
      if (this.policyHeader.size < 10_000) this.policyHeader.set(pk, policy);
    }
    headers['ratelimit-policy'] = policy;
    let limits = '';
    let refused: Outcome | undefined;
    for (const o of outcomes) {
      limits += `${limits ? ', ' : ''}"${o.name}";r=${Math.max(0, o.remaining)};t=${Math.max(0, Math.ceil(o.resetMs / 1000))}`;
      if (!o.ok) refused ??= o;
    }
    headers.ratelimit = limits;
    if (refused) {
      const retry = Math.max(1, Math.ceil(refused.resetMs / 1000));
      const events = st.route.eventTypes;
      const what =
        refused.name === 'route'
          ? st.route.id
          : refused.name === 'throttle-route'
            ? `${st.route.id} (throttled by a measure)`
            : refused.name === 'throttle'
              ? `${st.product.name.en} (throttled by a measure)`
              : st.product.name.en;
      throw new Refusal(
        429,
        'rate-limited',
        `Over the rate limit of ${refused.rate.requests} calls per ${refused.rate.perSeconds} s for ${what} in the ${st.env} environment; retry after ${retry} s. ` +
          (events.length ? `Instead of polling, subscribe to the event types ${events.join(', ')} in the event hub. ` : '') +
          'Back off on 429 (respect Retry-After) and spread calls out.',
        'T-1.2.4',
        { policy: refused.name, limit: refused.rate.requests, windowSeconds: refused.rate.perSeconds, retryAfterSeconds: retry, ...(events.length ? { eventTypes: events } : {}) },
        { 'retry-after': String(retry) },
      );
    }
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }
}
