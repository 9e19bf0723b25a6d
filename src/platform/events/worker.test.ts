/**
 * The delivery worker as the worker role runs it: woken by the change notice at commit (not only by polling),
 * bounded concurrency across subscriptions, one delivery at a time per subscription in order of acceptance.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers.ts';
import type { AppContext } from '../context.ts';
import { startDeliveryWorker } from './delivery.ts';
import { publishEvent } from './publish.ts';
import { createSubscription, getSubscription } from './subscriptions.ts';
import { resetSubscriptions, startReceiver, type Receiver } from './testkit.ts';

let server: TestServer;
let ctx: AppContext;
const receivers: Receiver[] = [];
let stopWorker: (() => Promise<void>) | undefined;

beforeAll(async () => {
  server = await startTestServer();
  ctx = server.ctx;
});
afterEach(async () => {
  await stopWorker?.();
  stopWorker = undefined;
  await resetSubscriptions(ctx);
  for (const r of receivers.splice(0)) await r.close();
});
afterAll(async () => {
  await server?.stop();
});

const org = () => ({ orgId: server.demo.orgs.fjordregnskap!.id, consumer: `/org/${server.demo.orgs.fjordregnskap!.orgNumber}`, createdBy: '/user/test' });
const waitFor = async (cond: () => boolean | Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};
const publish = (i: number) =>
  ctx.db.transaction((tx) => publishEvent(tx, ctx, { type: 'no.samsvar.worker.tested', resource: `urn:samsvar:test:${i}`, visibility: 'public', data: { i } }));

describe('the delivery worker', () => {
  it('[T-1.2.4] wakes on the change notice at commit: validation and events go out at once, without waiting for a poll', async () => {
    const r = await startReceiver();
    receivers.push(r);
    stopWorker = await startDeliveryWorker(ctx, { pollMs: 60_000 });
    const s = await createSubscription(ctx, org(), { endPoint: `${r.url}/wake` });
    await waitFor(async () => Boolean((await getSubscription(ctx, s.id))?.validated), 3000);
    const started = Date.now();
    const ev = await publish(1);
    await waitFor(() => r.received.some((x) => x.json?.id === ev.id), 3000);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('[T-1.2.4] sends to at most EVENTS_CONCURRENCY subscriptions at once, and to one subscription one at a time, in order', async () => {
    const r = await startReceiver(() => ({ status: 200, delayMs: 100 }));
    receivers.push(r);
    const subs: Array<{ id: number }> = [];
    for (let i = 0; i < 5; i++) subs.push(await createSubscription(ctx, org(), { endPoint: `${r.url}/c${i}` }));
    stopWorker = await startDeliveryWorker(ctx, { concurrency: 2, pollMs: 50 });
    await waitFor(async () => (await Promise.all(subs.map((s) => getSubscription(ctx, s.id)))).every((s) => s?.validated), 8000);
    expect(r.maxInFlight).toBe(2);
    await stopWorker();

    const one = await startReceiver(() => ({ status: 200, delayMs: 30 }));
    receivers.push(one);
    await resetSubscriptions(ctx);
    const s = await createSubscription(ctx, org(), { endPoint: `${one.url}/ordered` });
    stopWorker = await startDeliveryWorker(ctx, { concurrency: 8, pollMs: 50 });
    await waitFor(async () => Boolean((await getSubscription(ctx, s.id))?.validated));
    const published: Array<{ id: string }> = [];
    for (let i = 0; i < 8; i++) published.push(await publish(i));
    await waitFor(() => one.ofType('no.samsvar.worker.tested').length === 8, 8000);
    expect(one.maxInFlight).toBe(1);
    expect(one.ofType('no.samsvar.worker.tested').map((x) => x.json.id)).toEqual(published.map((p) => p.id));
  });

  it('[T-1.2.4] runs in the worker role of a Samsvar process', async () => {
    const r = await startReceiver();
    receivers.push(r);
    const worker = await startTestServer({ roles: ['api', 'worker'], demo: true });
    try {
      const s = await createSubscription(worker.ctx, { orgId: worker.demo.orgs.skatt!.id, consumer: '/org/974761076', createdBy: '/user/test' }, { endPoint: `${r.url}/role` });
      await waitFor(async () => Boolean((await getSubscription(worker.ctx, s.id))?.validated));
      expect(worker.logLines.some((l) => /worker: started \([^)]*\bevents\b/.test(l))).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
