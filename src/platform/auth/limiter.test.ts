import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLoginLimiter } from './limiter.ts';

describe('log-in rate limiter', () => {
  it('blocks after the allowed failures and resets after a success (in process)', async () => {
    const l = createLoginLimiter({ maxAttempts: 3, windowMinutes: 15 });
    const key = `ip|${randomUUID()}`;
    expect(await l.blockedFor(key)).toBe(0);
    expect(await l.fail(key)).toBe(0);
    expect(await l.fail(key)).toBe(0);
    expect(await l.fail(key)).toBeGreaterThan(0);
    expect(await l.blockedFor(key)).toBeGreaterThan(800);
    await l.reset(key);
    expect(await l.blockedFor(key)).toBe(0);
    l.close();
  });

  const redisUrl = process.env.REDIS_URL;
  it.runIf(Boolean(redisUrl))('shares counters between processes through Redis (REDIS_URL)', async () => {
    const prefix = `samsvar-test:${randomUUID()}`;
    const a = createLoginLimiter({ maxAttempts: 3, windowMinutes: 1, redisUrl, keyPrefix: prefix });
    const b = createLoginLimiter({ maxAttempts: 3, windowMinutes: 1, redisUrl, keyPrefix: prefix });
    const key = 'ip|someone@example.com';
    await a.fail(key);
    await b.fail(key);
    expect(await a.blockedFor(key)).toBe(0);
    expect(await b.fail(key)).toBeGreaterThan(0);
    expect(await a.blockedFor(key)).toBeGreaterThan(0);
    await a.reset(key);
    expect(await b.blockedFor(key)).toBe(0);
    a.close();
    b.close();
  });
  if (!redisUrl) console.log('REDIS_URL not set: the Redis-shared limiter test is skipped (.ci/run sets it).');
});
