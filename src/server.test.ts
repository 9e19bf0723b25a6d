/** The program as a whole: start with roles, demo data idempotent, data kept across restarts. */
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig, usingPostgres } from '../test/helpers.ts';
import { DEMO_ORGS, DEMO_USERS, loadDemo } from './demo.ts';
import { modules } from './modules/index.ts';
import { rowsOf } from './platform/db/index.ts';
import { createLogger } from './platform/http/logger.ts';
import { startSamsvar, type RunningSamsvar } from './server.ts';

const running: RunningSamsvar[] = [];
afterAll(async () => {
  for (const r of running) await r.stop();
});

async function count(r: RunningSamsvar, table: string): Promise<number> {
  return Number(rowsOf<{ n: number }>(await r.ctx.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0].n);
}

describe.skipIf(usingPostgres)('samsvar start on the embedded database', () => {
  it('loads the demo data idempotently and keeps it across a restart', async () => {
    const config = testConfig();
    const log = createLogger('silent');
    const first = await startSamsvar(config, { roles: ['api'], port: 0, host: '127.0.0.1', jobs: false, log });
    running.push(first);
    await loadDemo(first.ctx, modules);
    await loadDemo(first.ctx, modules);
    expect(await count(first, 'organisations')).toBe(DEMO_ORGS.length);
    expect(await count(first, 'users')).toBe(DEMO_USERS.length);
    expect(await count(first, 'memberships')).toBe(DEMO_USERS.length);
    const audit = await count(first, 'audit_log');
    await first.stop();

    const second = await startSamsvar(config, { roles: ['api'], port: 0, host: '127.0.0.1', jobs: false, log });
    running.push(second);
    expect(await count(second, 'users')).toBe(DEMO_USERS.length);
    await loadDemo(second.ctx, modules);
    expect(await count(second, 'audit_log')).toBe(audit);
    const res = await fetch(`${second.url}/health/ready`);
    expect(res.status).toBe(200);
  });

  it('plays only the roles it is given', async () => {
    const lines: string[] = [];
    const r = await startSamsvar(testConfig(), {
      roles: ['worker', 'gateway'],
      log: createLogger('silent'),
      onReady: ({ detail }) => lines.push(detail),
    });
    running.push(r);
    expect(r.api).toBeUndefined();
    expect(r.url).toBeUndefined();
    expect(lines.some((l) => l.startsWith('worker: running'))).toBe(true);
    expect(lines.some((l) => l.startsWith('gateway:'))).toBe(true);
    expect(lines.some((l) => l.startsWith('api:'))).toBe(false);
  });
});
if (usingPostgres) console.log('server.test.ts: the embedded-database start test runs in the PGlite pass of .ci/run.');
