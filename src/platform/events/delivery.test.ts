/**
 * Delivery over real HTTP to receivers on 127.0.0.1: the validation handshake, Standard Webhooks signatures checked
 * by the official `standardwebhooks` package and bodies parsed by the `cloudevents` SDK, rotation, Altinn's retry
 * schedule on a controllable clock, Retry-After, 410, a receiver that is down and comes back, dead letters and
 * replays, leases, and disabling a subscription that fails for the policy's period with its owner told.
 */
import { HTTP } from 'cloudevents';
import { and, eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers.ts';
import type { AppContext } from '../context.ts';
import { rowsOf } from '../db/index.ts';
import { deliverDue } from './delivery.ts';
import { publishEvent } from './publish.ts';
import {
  createSubscription,
  getSubscription,
  listAttempts,
  listDeliveries,
  replayDelivery,
  replaySince,
  rotateSecret,
  subscriptionSecrets,
} from './subscriptions.ts';
import { deliveries } from './tables.ts';
import { resetSubscriptions, startReceiver, testClock, validatedSubscription, type Receiver } from './testkit.ts';
import { MAX_ATTEMPTS, RETRY_SCHEDULE_SECONDS, VALIDATION_EVENT_TYPE, type PublishInput } from './types.ts';

let server: TestServer;
let ctx: AppContext;
let vendor: { orgId: string; orgNumber: string };
const receivers: Receiver[] = [];

beforeAll(async () => {
  server = await startTestServer();
  ctx = server.ctx;
  const o = server.demo.orgs.fjordregnskap!;
  vendor = { orgId: o.id, orgNumber: o.orgNumber };
});
afterEach(async () => {
  await resetSubscriptions(ctx);
  for (const r of receivers.splice(0)) await r.close().catch(() => undefined);
});
afterAll(async () => {
  await server?.stop();
});

async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

const publish = (input: Partial<PublishInput> = {}) =>
  ctx.db.transaction((tx) =>
    publishEvent(tx, ctx, {
      type: 'no.samsvar.incident.created',
      resource: `urn:samsvar:incident:${Math.random().toString(36).slice(2)}`,
      subject: `/org/${vendor.orgNumber}`,
      source: '/api/v1/incidents',
      orgId: vendor.orgId,
      visibility: 'org',
      data: { title: 'Innlogging feiler' },
      ...input,
    }),
  );

const deliveryRows = (subscriptionId: number) =>
  ctx.db.select().from(deliveries).where(eq(deliveries.subscriptionId, subscriptionId));

describe('the validation handshake', () => {
  it('[T-2.5] sends platform.events.validatesubscription first; nothing else until a 2xx, and events published before are not delivered', async () => {
    let up = false;
    const r = await receiver(() => (up ? { status: 200 } : { status: 503 }));
    const clock = testClock();
    const s = await createSubscription(ctx, { orgId: vendor.orgId, consumer: `/org/${vendor.orgNumber}`, createdBy: '/user/test' }, { endPoint: `${r.url}/hook` });
    expect(s.validated).toBe(false);
    expect(s.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const before = await publish();
    expect(before.deliveries).toBe(0);
    expect((await deliveryRows(s.id)).map((d) => d.eventSeq)).toEqual([null]);

    const round1 = await deliverDue(ctx, { now: clock.now });
    expect(round1).toMatchObject({ claimed: 1, retried: 1 });
    expect(r.received).toHaveLength(1);
    expect(r.received[0]!.json).toMatchObject({ type: VALIDATION_EVENT_TYPE, specversion: '1.0' });
    expect(r.received[0]!.json.source).toBe(`http://localhost:8080/events/api/v1/subscriptions/${s.id}`);
    expect((await getSubscription(ctx, s.id))!.validated).toBe(false);

    up = true;
    clock.advance(10_000);
    expect(await deliverDue(ctx, { now: clock.now })).toMatchObject({ claimed: 1, delivered: 1 });
    const sub = await getSubscription(ctx, s.id);
    expect(sub).toMatchObject({ validated: true, lastSuccessAt: new Date(clock.t).toISOString(), failingSince: null });
    // Same webhook-id on the retry of the validation event.
    expect(r.received.map((x) => x.headers['webhook-id'])).toEqual([r.received[0]!.headers['webhook-id'], r.received[0]!.headers['webhook-id']]);

    const after = await publish();
    expect(after.deliveries).toBe(1);
    await deliverDue(ctx, { now: clock.now });
    expect(r.received.map((x) => x.json.type)).toEqual([VALIDATION_EVENT_TYPE, VALIDATION_EVENT_TYPE, 'no.samsvar.incident.created']);
    expect(r.received[2]!.json.id).toBe(after.id);
    expect(r.received.some((x) => x.json.id === before.id)).toBe(false);
  });
});

describe('signatures and the CloudEvent', () => {
  it('[T-1.2.4] signs per Standard Webhooks (verified by the standardwebhooks package) and sends structured CloudEvents (parsed by the cloudevents SDK)', async () => {
    const r = await receiver();
    const s = await validatedSubscription(ctx, vendor, { endPoint: `${r.url}/signed` });
    const ev = await publish({ data: { title: 'Æ ø å — “quotes”', n: 1 }, time: new Date('2026-03-02T08:15:00Z') });
    await deliverDue(ctx, { now: () => Date.now() + 1000 });
    const got = r.ofType('no.samsvar.incident.created');
    expect(got).toHaveLength(1);
    const req = got[0]!;

    expect(req.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    const [d] = (await deliveryRows(s.id)).filter((x) => x.eventSeq === ev.seq);
    expect(req.headers['webhook-id']).toBe(d!.id);
    expect(Math.abs(Number(req.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(req.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    const wh = new Webhook(s.secret);
    const verified = wh.verify(req.body, req.headers as Record<string, string>);
    expect(verified).toMatchObject({ id: ev.id, type: 'no.samsvar.incident.created' });
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(req.body, req.headers as Record<string, string>)).toThrow();
    expect(() => wh.verify(req.body.replace('"n":1', '"n":2'), req.headers as Record<string, string>)).toThrow();

    const ce = HTTP.toEvent({ headers: req.headers as Record<string, string>, body: req.body }) as any;
    expect(ce.specversion).toBe('1.0');
    expect(ce.id).toBe(ev.id);
    expect(ce.type).toBe('no.samsvar.incident.created');
    expect(ce.source).toBe('http://localhost:8080/api/v1/incidents');
    expect(ce.subject).toBe(`/org/${vendor.orgNumber}`);
    expect(ce.time).toBe('2026-03-02T08:15:00.000Z');
    expect(ce.resource).toMatch(/^urn:samsvar:incident:/);
    expect(ce.sequence).toBe(String(ev.seq));
    expect(ce.datacontenttype).toBe('application/json');
    expect(ce.data).toEqual({ title: 'Æ ø å — “quotes”', n: 1 });
  });

  it('[T-1.2.4] signs with both secrets during a rotation overlap (either verifies), with the new one alone after it', async () => {
    const r = await receiver();
    const s = await validatedSubscription(ctx, vendor, { endPoint: `${r.url}/rotate` });
    const old = s.secret;
    const fresh = await ctx.db.transaction((tx) => rotateSecret(tx, ctx, s.id, 24));
    expect(fresh.secret).not.toBe(old);
    const secrets = await subscriptionSecrets(ctx, s.id);
    expect(secrets.map((x) => x.secret)).toEqual([fresh.secret, old]);
    expect(secrets[0]!.expiresAt).toBeNull();
    expect(Date.parse(secrets[1]!.expiresAt!) - Date.now()).toBeGreaterThan(23.9 * 3600_000);

    await publish();
    await deliverDue(ctx, { now: () => Date.now() + 1000 });
    const req = r.ofType('no.samsvar.incident.created')[0]!;
    expect((req.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    const h = req.headers as Record<string, string>;
    expect(() => new Webhook(fresh.secret).verify(req.body, h)).not.toThrow();
    expect(() => new Webhook(old).verify(req.body, h)).not.toThrow();

    // Rotating again with no overlap: only the newest signs; the previous two stop at once.
    const newest = await ctx.db.transaction((tx) => rotateSecret(tx, ctx, s.id, 0));
    expect((await subscriptionSecrets(ctx, s.id)).map((x) => x.secret)).toEqual([newest.secret]);
    await publish();
    await deliverDue(ctx, { now: () => Date.now() + 1000 });
    const req2 = r.ofType('no.samsvar.incident.created')[1]!;
    expect((req2.headers['webhook-signature'] as string).split(' ')).toHaveLength(1);
    expect(() => new Webhook(newest.secret).verify(req2.body, req2.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(fresh.secret).verify(req2.body, req2.headers as Record<string, string>)).toThrow();
  });

  it('[T-1.2.4] stores secrets encrypted', async () => {
    const r = await receiver();
    const s = await validatedSubscription(ctx, vendor, { endPoint: `${r.url}/enc` });
    const [row] = rowsOf<{ secrets: unknown }>(await ctx.db.execute(sql`select secrets from event_subscriptions where id = ${s.id}`));
    const text = JSON.stringify(row!.secrets);
    expect(text).not.toContain(s.secret.slice(6));
    expect(text).toMatch(/"enc":"v1:/);

    // With another installation secret nothing goes out unsigned: the attempt fails and says why.
    const original = ctx.secret;
    ctx.secret = 'another-installation-secret-0123456789abcdef';
    try {
      const ev = await publish();
      await deliverDue(ctx, { now: () => Date.now() + 1000 });
      const [d] = (await deliveryRows(s.id)).filter((x) => x.eventSeq === ev.seq);
      expect(d).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/cannot be decrypted/) });
      expect(r.ofType('no.samsvar.incident.created')).toHaveLength(0);
    } finally {
      ctx.secret = original;
    }
  });
});

describe('retries', () => {
  it('[T-2.5] retries on Altinn’s schedule (10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h, 3 h, 6 h, 12 h, 12 h) and makes a dead letter after 12 attempts', async () => {
    const r = await receiver((x) => (x.json?.type === VALIDATION_EVENT_TYPE ? { status: 200 } : { status: 500, body: 'boom' }));
    const s = await validatedSubscription(ctx, vendor, { endPoint: `${r.url}/retry` });
    const ev = await publish();
    const clock = testClock();
    const t0 = clock.t;
    expect(await deliverDue(ctx, { now: clock.now })).toMatchObject({ claimed: 1, retried: 1 });
    for (let i = 0; i < RETRY_SCHEDULE_SECONDS.length; i++) {
      // A millisecond early: nothing is due.
      clock.advance(RETRY_SCHEDULE_SECONDS[i]! * 1000 - 1);
      expect((await deliverDue(ctx, { now: clock.now })).claimed).toBe(0);
      clock.advance(1);
      const round = await deliverDue(ctx, { now: clock.now });
      expect(round.claimed).toBe(1);
      if (i < RETRY_SCHEDULE_SECONDS.length - 1) expect(round.retried).toBe(1);
      else expect(round.dead).toBe(1);
    }
    const [d] = (await deliveryRows(s.id)).filter((x) => x.eventSeq === ev.seq);
    expect(d).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS, lastStatus: 500, lastError: 'HTTP 500' });
    const attempts = await listAttempts(ctx, d!.id);
    expect(attempts).toHaveLength(12);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const gaps = attempts.slice(1).map((a, i) => (Date.parse(a.at) - Date.parse(attempts[i]!.at)) / 1000);
    expect(gaps).toEqual([...RETRY_SCHEDULE_SECONDS]);
    expect(Date.parse(attempts[0]!.at)).toBe(t0);
    expect(attempts[0]).toMatchObject({ statusCode: 500, responseExcerpt: 'boom', error: 'HTTP 500' });
    expect(r.ofType('no.samsvar.incident.created')).toHaveLength(12);
    // Nothing more, ever.
    clock.advance(30 * 86_400_000);
    expect((await deliverDue(ctx, { now: clock.now })).claimed).toBe(0);

    // A replay of the dead letter: pending again, the same webhook-id, a new cycle of attempts; history kept.
    r.answer = () => ({ status: 204 });
    const replay = await replayDelivery(ctx, d!.id);
    expect(replay.replayed).toBe(1);
    expect(replay.delivery).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await deliverDue(ctx, { now: () => Math.max(clock.t, Date.now() + 1000) })).delivered).toBe(1);
    const sent = r.ofType('no.samsvar.incident.created');
    expect(sent).toHaveLength(13);
    expect(new Set(sent.map((x) => x.headers['webhook-id']))).toEqual(new Set([d!.id]));
    expect(await listAttempts(ctx, d!.id)).toHaveLength(13);
    const page = await listDeliveries(ctx, s.id, { status: 'delivered' });
    expect(page.items.map((x) => x.id)).toContain(d!.id);
  });

  it('[T-2.5] honours Retry-After (seconds or an HTTP date) when later than the schedule, capped at 12 hours', async () => {
    const answers: Array<Record<string, string>> = [];
    const r = await receiver((x) => (x.json?.type === VALIDATION_EVENT_TYPE ? { status: 200 } : { status: 503, headers: answers.shift() ?? {} }));
    const s = await validatedSubscription(ctx, vendor, { endPoint: `${r.url}/ra` });
    const ev = await publish();
    const clock = testClock();
    const next = async () => {
      const [d] = (await deliveryRows(s.id)).filter((x) => x.eventSeq === ev.seq);
      return d!.nextAttemptAt.getTime() - clock.t;
    };
    answers.push({ 'retry-after': '120' });
    await deliverDue(ctx, { now: clock.now });
    expect(await next()).toBe(120_000); // later than the schedule's 10 s

    clock.advance(120_000);
    answers.push({ 'retry-after': '1' });
    await deliverDue(ctx, { now: clock.now });
    expect(await next()).toBe(30_000); // the schedule's 30 s is later

    clock.advance(30_000);
    answers.push({ 'retry-after': new Date(clock.t + 3 * 3600_000).toUTCString() });
    await deliverDue(ctx, { now: clock.now });
    expect(Math.abs((await next()) - 3 * 3600_000)).toBeLessThan(1000);

    clock.advance(await next());
    answers.push({ 'retry-after': String(7 * 86_400) });
    await deliverDue(ctx, { now: clock.now });
    expect(await next()).toBe(12 * 3600_000);
  });

  it('[T-2.5] 410 Gone disables the subscription, cancels what is pending and tells the owner', async () => {
    const r = await receiver((x) => (x.json?.type === VALIDATION_EVENT_TYPE ? { status: 200 } : { status: 410, body: 'gone' }));
    const s = await validatedSubscription(ctx, vendor, { endPoint: `${r.url}/gone` });
    await publish();
    await publish();
    await publish();
    const round = await deliverDue(ctx, { now: () => Date.now() + 1000 });
    expect(round).toMatchObject({ disabled: 1 });
    expect(r.ofType('no.samsvar.incident.created')).toHaveLength(1);
    const sub = await getSubscription(ctx, s.id);
    expect(sub).toMatchObject({ status: 'disabled', disabledReason: 'the endpoint answered 410 Gone' });
    const rows = (await deliveryRows(s.id)).filter((d) => d.eventSeq !== null);
    expect(rows.map((d) => d.status).sort()).toEqual(['cancelled', 'cancelled', 'cancelled']);
    // No more fan-out to it.
    expect((await publish()).deliveries).toBe(0);
    const inbox = rowsOf<{ kind: string }>(await ctx.db.execute(sql`select kind from inbox_items where kind = 'events.subscription.disabled' and link = ${`/events/subscriptions/${s.id}`}`));
    expect(inbox.length).toBeGreaterThan(0);
  });

  it('[T-2.5] a 3xx is a failure naming its Location (redirects are not followed); timeouts and refused connections are failures too', async () => {
    const r = await receiver((x) =>
      x.json?.type === VALIDATION_EVENT_TYPE ? { status: 200 } : x.path === '/moved' ? { status: 301, headers: { location: 'https://elsewhere.example/hook' } } : { status: 200, hang: true },
    );
    const moved = await validatedSubscription(ctx, vendor, { endPoint: `${r.url}/moved` });
    await publish();
    await deliverDue(ctx, { now: () => Date.now() + 1000 });
    const [d] = (await deliveryRows(moved.id)).filter((x) => x.eventSeq !== null);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 301, lastError: 'HTTP 301: redirect to https://elsewhere.example/hook not followed' });
    expect(r.at('/moved')).toHaveLength(2); // validation + the one attempt; no request to the Location
    await resetSubscriptions(ctx);

    ctx.config.EVENTS_TIMEOUT_MS = 300;
    try {
      const slow = await validatedSubscription(ctx, vendor, { endPoint: `${r.url}/slow` });
      await publish();
      await deliverDue(ctx, { now: () => Date.now() + 1000 });
      const [d2] = (await deliveryRows(slow.id)).filter((x) => x.eventSeq !== null);
      expect(d2).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null, lastError: 'no complete answer within 300 ms' });
    } finally {
      ctx.config.EVENTS_TIMEOUT_MS = 10_000;
    }
  });
});

describe('nothing lost', () => {
  it('[T-1.2.4] a receiver down for a while gets every event once it is back, in order, with no duplicates after success', async () => {
    const r = await receiver();
    const s = await validatedSubscription(ctx, vendor, { endPoint: `${r.url}/down` });
    await r.close();
    const published: Array<{ id: string; seq: number }> = [];
    for (let i = 0; i < 5; i++) published.push(await publish({ data: { i } }));
    const clock = testClock();
    expect(await deliverDue(ctx, { now: clock.now })).toMatchObject({ claimed: 5, retried: 5 });
    clock.advance(10_000);
    expect(await deliverDue(ctx, { now: clock.now })).toMatchObject({ claimed: 5, retried: 5 });
    const [one] = (await deliveryRows(s.id)).filter((x) => x.eventSeq === published[0]!.seq);
    expect((await listAttempts(ctx, one!.id)).map((a) => a.error)).toEqual([expect.stringMatching(/ECONNREFUSED/), expect.stringMatching(/ECONNREFUSED/)]);

    await r.reopen();
    clock.advance(30_000);
    expect(await deliverDue(ctx, { now: clock.now })).toMatchObject({ claimed: 5, delivered: 5 });
    clock.advance(7 * 86_400_000);
    expect((await deliverDue(ctx, { now: clock.now })).claimed).toBe(0);
    const got = r.ofType('no.samsvar.incident.created');
    expect(got.map((x) => x.json.id)).toEqual(published.map((p) => p.id));
    expect(new Set(got.map((x) => x.headers['webhook-id'])).size).toBe(5);
    expect((await getSubscription(ctx, s.id))!.failingSince).toBeNull();
  });

  it('[T-1.2.4] a delivery held by a killed worker is claimable once its lease ends; two workers never send one delivery twice', async () => {
    const r = await receiver();
    const s = await validatedSubscription(ctx, vendor, { endPoint: `${r.url}/lease` });
    const ev = await publish();
    const clock = testClock();
    // A worker claimed it (lease 5 min) and died.
    await ctx.db.update(deliveries).set({ lockedUntil: new Date(clock.t + 300_000) }).where(and(eq(deliveries.subscriptionId, s.id), eq(deliveries.eventSeq, ev.seq)));
    expect((await deliverDue(ctx, { now: clock.now })).claimed).toBe(0);
    clock.advance(300_000);
    expect(await deliverDue(ctx, { now: clock.now })).toMatchObject({ claimed: 1, delivered: 1 });

    for (let i = 0; i < 30; i++) await publish({ data: { i } });
    const rounds = await Promise.all([1, 2, 3].map(() => deliverDue(ctx, { now: clock.now, perSubscription: 100 })));
    expect(rounds.reduce((n, x) => n + x.delivered, 0)).toBe(30);
    const ids = r.ofType('no.samsvar.incident.created').map((x) => x.headers['webhook-id']);
    expect(ids).toHaveLength(31);
    expect(new Set(ids).size).toBe(31);
  });

  it('[T-1.2.4] replaySince sends again what the subscription matched since a time, and what it never had', async () => {
    const r = await receiver();
    const type = 'no.samsvar.replay.tested';
    const before = await publish({ type });
    await new Promise((res) => setTimeout(res, 20));
    const t = new Date();
    const early = await publish({ type, data: { early: true } });
    const s = await validatedSubscription(ctx, vendor, { endPoint: `${r.url}/since`, typeFilter: 'no.samsvar.replay.*' });
    const later = await publish({ type });
    await publish(); // another type: not matched
    await deliverDue(ctx, { now: () => Date.now() + 1000 });
    expect(r.ofType(type).map((x) => x.json.id)).toEqual([later.id]);
    const res = await replaySince(ctx, s.id, t);
    expect(res).toMatchObject({ reset: 1, inserted: 1, replayed: 2 });
    await deliverDue(ctx, { now: () => Date.now() + 1000 });
    const ids = r.ofType(type).map((x) => x.json.id);
    expect(ids.slice(1).sort()).toEqual([early.id, later.id].sort());
    expect(ids).not.toContain(before.id);
    expect(r.ofType('no.samsvar.incident.created')).toHaveLength(0);
    // The replayed one kept its webhook-id.
    const hooks = r.ofType(type).filter((x) => x.json.id === later.id).map((x) => x.headers['webhook-id']);
    expect(hooks).toHaveLength(2);
    expect(hooks[0]).toBe(hooks[1]);
  });
});

describe('disabling a failing subscription', () => {
  it('[T-1.2.4] [T-2.5] disables a subscription whose every attempt failed for the policy’s period (5 days) and tells its admins by mail and inbox', async () => {
    expect(ctx.policy.policy.events?.disableAfterFailing).toEqual({ amount: 5, unit: 'calendarDays' });
    let ok = false;
    const r = await receiver((x) => (x.json?.type === VALIDATION_EVENT_TYPE || ok ? { status: 200 } : { status: 500 }));
    const s = await validatedSubscription(ctx, vendor, { endPoint: `${r.url}/failing` });
    await publish();
    const clock = testClock();
    const t0 = clock.t;
    await deliverDue(ctx, { now: clock.now });
    expect((await getSubscription(ctx, s.id))!.failingSince).toBe(new Date(t0).toISOString());

    // A success resets the period.
    ok = true;
    await publish();
    clock.advance(86_400_000);
    await deliverDue(ctx, { now: clock.now });
    expect((await getSubscription(ctx, s.id))!.failingSince).toBeNull();
    ok = false;

    await publish();
    clock.advance(1000);
    const t1 = clock.t;
    await deliverDue(ctx, { now: clock.now });
    expect((await getSubscription(ctx, s.id))!.failingSince).toBe(new Date(t1).toISOString());
    clock.set(t1 + 4 * 86_400_000);
    await publish();
    await deliverDue(ctx, { now: clock.now });
    expect((await getSubscription(ctx, s.id))!.status).toBe('active');

    clock.set(t1 + 5 * 86_400_000 + 60_000);
    await publish();
    const round = await deliverDue(ctx, { now: clock.now });
    expect(round.disabled).toBe(1);
    const sub = await getSubscription(ctx, s.id);
    expect(sub!.status).toBe('disabled');
    expect(sub!.disabledReason).toMatch(/^every delivery attempt has failed since .* \(5 calendarDays\)$/);
    const pending = (await deliveryRows(s.id)).filter((d) => d.status === 'pending');
    expect(pending).toHaveLength(0);

    const admin = server.demo.users.vendorAdmin!;
    const mail = rowsOf<{ to: string; subject: string }>(
      await ctx.db.execute(sql`select "to", subject from mail_outbox where kind = 'events.subscription.disabled' and org_id = ${vendor.orgId}`),
    );
    const about = mail.filter((m) => m.subject.includes(`subscription ${s.id} was disabled`));
    expect(about.map((m) => m.to)).toEqual([admin.email]); // admins only, not the developer
    const inbox = rowsOf<{ user_id: string }>(
      await ctx.db.execute(sql`select user_id from inbox_items where kind = 'events.subscription.disabled' and link = ${`/events/subscriptions/${s.id}`}`),
    );
    expect(inbox.map((i) => i.user_id)).toEqual([admin.id]);
  });
});
