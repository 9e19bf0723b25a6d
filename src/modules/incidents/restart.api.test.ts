/**
 * SLA warnings are scheduled with pg-boss, in the database: a process that stops between a warning's scheduling
 * and its time does not lose it — the next process fires it on time [S-2.2.1].
 */
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { reopenableDatabase, startTestServer, type TestServer } from '../../../test/helpers.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import { incidentAlerts } from './tables.ts';

let store: Awaited<ReturnType<typeof reopenableDatabase>> | undefined;
let second: TestServer | undefined;
afterAll(async () => {
  await second?.stop();
  await store?.drop();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('alerts survive a restart', () => {
  it('[S-2.2.1] a warning scheduled before a restart fires on time in the next process', async () => {
    store = await reopenableDatabase();
    const first = await startTestServer({ database: await store.open(), jobs: true, roles: ['api', 'worker'] });
    const agent = await first.as('operatorAgent');
    // An A incident reported 30 minutes minus 6 seconds ago: its 50 % warning (30 min of the 1-hour response
    // target) is 6 seconds away.
    const reportedAt = Date.now() - 30 * 60_000 + 6_000;
    const res = await agent.post('/api/v1/incidents', {
      title: 'Innlogging feiler',
      category: 'A',
      reportedAt: new Date(reportedAt).toISOString(),
      reporterOrgId: first.demo.orgs.nav!.id,
    });
    expect(res.status, res.text).toBe(201);
    const id = res.body.id as string;
    const warnAt = new Date(res.body.clocks.find((k: any) => k.targetId === 'response').thresholds.find((t: any) => t.percent === 50).at).getTime();
    expect(Math.abs(warnAt - (reportedAt + 30 * 60_000))).toBeLessThan(1000);
    expect(warnAt).toBeGreaterThan(Date.now());
    // The process stops before the warning is due.
    await first.stop();

    // A new process on the same database picks the scheduled job up.
    second = await startTestServer({ database: await store.open(), jobs: true, roles: ['api', 'worker'] });
    const alert = await until(
      'the 50 % warning',
      async () => (await second!.ctx.db.select().from(incidentAlerts).where(eq(incidentAlerts.incidentId, id)))[0],
      40_000,
    );
    expect(alert.percent).toBe(50);
    // Not before its time, and not much after it (job polling is 1 s).
    expect(alert.sentAt.getTime()).toBeGreaterThanOrEqual(warnAt - 50);
    expect(alert.sentAt.getTime() - warnAt).toBeLessThan(20_000);
    const mails = await second.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'incident.clock.warning'));
    expect(mails.some((m) => m.subject.includes(res.body.ref))).toBe(true);
  }, 90_000);
});
