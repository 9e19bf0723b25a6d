/**
 * Log-in rate limiting with rate-limiter-flexible: in process by default, shared through Redis with REDIS_URL so
 * several api processes count together.
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LoginLimiter } from '../context.ts';

export function createLoginLimiter(opts: { maxAttempts: number; windowMinutes: number; redisUrl?: string; keyPrefix?: string }): LoginLimiter & { close(): void } {
  const duration = opts.windowMinutes * 60;
  let redis: Redis | undefined;
  let limiter: RateLimiterAbstract;
  if (opts.redisUrl) {
    redis = new Redis(opts.redisUrl, { enableOfflineQueue: true, maxRetriesPerRequest: 2, lazyConnect: true });
    redis.on('error', () => undefined);
    limiter = new RateLimiterRedis({ storeClient: redis, points: opts.maxAttempts, duration, keyPrefix: opts.keyPrefix ?? 'samsvar:login' });
  } else {
    limiter = new RateLimiterMemory({ points: opts.maxAttempts, duration, keyPrefix: opts.keyPrefix ?? 'login' });
  }
  return {
    async fail(key) {
      try {
        const res = await limiter.consume(key);
        return res.remainingPoints <= 0 ? Math.ceil(res.msBeforeNext / 1000) : 0;
      } catch (e) {
        if (e instanceof RateLimiterRes) return Math.max(1, Math.ceil(e.msBeforeNext / 1000));
        throw e;
      }
    },
    async blockedFor(key) {
      const res = await limiter.get(key);
      if (!res) return 0;
      return res.consumedPoints >= opts.maxAttempts ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
    },
    async reset(key) {
      await limiter.delete(key);
    },
    close() {
      redis?.disconnect();
    },
  };
}
