/**
 * Rate limits on subscribing (so the form cannot be used to mail-bomb an address or to flood the table), with
 * rate-limiter-flexible like the log-in limiter (src/platform/auth/limiter.ts): in process by default, shared
 * through Redis with REDIS_URL so several api processes count together. Per client IP and per address (the
 * address is hashed before it becomes a key).
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { sha256 } from '../../platform/auth/tokens.ts';
import { HttpProblem } from '../../platform/http/problem.ts';

export const SUBSCRIBE_LIMITS = {
  /** Subscribe requests per client IP per hour. */
  perIp: { points: 30, minutes: 60 },
  /** Subscribe requests (so confirmation mails) per address per hour. */
  perAddress: { points: 3, minutes: 60 },
} as const;

export interface SubscribeLimiter {
  /** Counts one request; throws a 429 problem (with Retry-After) when the IP or the address is over its limit. */
  consume(ip: string, address: string): Promise<void>;
  close(): void;
}

export function createSubscribeLimiter(opts: { redisUrl?: string; keyPrefix: string }): SubscribeLimiter {
  let redis: Redis | undefined;
  const make = (name: string, l: { points: number; minutes: number }): RateLimiterAbstract => {
    const o = { points: l.points, duration: l.minutes * 60, keyPrefix: `${opts.keyPrefix}status-subscribe-${name}` };
    return redis ? new RateLimiterRedis({ storeClient: redis, ...o }) : new RateLimiterMemory(o);
  };
  if (opts.redisUrl) {
    redis = new Redis(opts.redisUrl, { enableOfflineQueue: true, maxRetriesPerRequest: 2, lazyConnect: true });
    redis.on('error', () => undefined);
  }
  const ip = make('ip', SUBSCRIBE_LIMITS.perIp);
  const address = make('address', SUBSCRIBE_LIMITS.perAddress);
  const take = async (l: RateLimiterAbstract, key: string) => {
    try {
      await l.consume(key);
      return 0;
    } catch (e) {
      if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
      throw e;
    }
  };
  return {
    async consume(clientIp, addr) {
      const wait = Math.max(await take(ip, clientIp), await take(address, sha256(addr.trim().toLowerCase())));
      if (wait > 0) {
        throw new HttpProblem(429, 'rate-limited', `Too many subscription requests; try again in ${Math.ceil(wait / 60)} minute(s).`, {
          headers: { 'retry-after': String(wait) },
        });
      }
    },
    close() {
      redis?.disconnect();
    },
  };
}
