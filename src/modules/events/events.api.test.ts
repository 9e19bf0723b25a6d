/**
 * The event hub's HTTP API over HTTP [T-1.2.4, T-2.5]: Altinn Events' subscription API (field names, answers),
 * a receiver on 127.0.0.1 that gets the validation event and then a published event signed per Standard Webhooks,
 * deliveries and attempts, dead letters and replay, the secret (reveal, rotate), tenant isolation as a matrix, the
 * pull API's paging with the Link header, API tokens and their scopes, and problem details naming the field.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import type { AppContext } from '../../platform/context.ts';
import { deliverDue, MAX_ATTEMPTS, publishEvent, RETRY_SCHEDULE_SECONDS, VALIDATION_EVENT_TYPE, type PublishInput } from '../../platform/events/index.ts';
import { resetSubscriptions, startReceiver, testClock, type Receiver } from '../../platform/events/testkit.ts';

const HUB = '/events/api/v1';
const ALTINN_FIELDS = ['id', 'endPoint', 'sourceFilter', 'resourceFilter', 'subjectFilter', 'typeFilter', 'consumer', 'createdBy', 'created', 'validated'];

let server: TestServer;
let ctx: AppContext;
const c: Record<string, TestClient> = {};
const receivers: Receiver[] = [];
let orgs: TestServer['demo']['orgs'];

beforeAll(async () => {
  // Webhook receivers in tests listen on 127.0.0.1 over plain http: the outbound guard lets exactly that through.
  server = await startTestServer({ config: { OUTBOUND_ALLOW_HTTP: true, OUTBOUND_ALLOW: ['127.0.0.1/32'] } });
  ctx = server.ctx;
  orgs = server.demo.orgs;
  for (const key of ['operatorAdmin', 'operatorAgent', 'auditor', 'skattAdmin', 'skattMember', 'navAdmin', 'vendorAdmin', 'vendorDev', 'vendor2Admin']) {
    c[key] = await server.as(key);
  }
});
afterEach(async () => {
  await resetSubscriptions(ctx);
  for (const r of receivers.splice(0)) await r.close().catch(() => undefined);
});
afterAll(async () => server?.stop());

async function receiver(answer?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

/** One round of the delivery worker (the test server plays only the api role). */
const deliver = (now?: () => number) => deliverDue(ctx, { now: now ?? (() => Date.now() + 1000) });

let n = 0;
const publish = (input: Partial<PublishInput> = {}) =>
  ctx.db.transaction((tx) =>
    publishEvent(tx, ctx, {
      type: 'no.samsvar.test.created',
      resource: `urn:samsvar:test:${++n}`,
      subject: `/org/${orgs.fjordregnskap!.orgNumber}`,
      source: '/api/v1/tests',
      orgId: orgs.fjordregnskap!.id,
      visibility: 'org',
      data: { n },
      ...input,
    }),
  );

/** Creates a subscription over HTTP as `who` and runs the worker so its endpoint validates it. */
async function subscribed(who: TestClient, r: Receiver, body: Record<string, unknown> = {}) {
  const res = await who.post(`${HUB}/subscriptions`, { endPoint: `${r.url}/hook`, ...body });
  expect(res.status, res.text).toBe(201);
  await deliver();
  return res.body as { id: number; secret: string; [k: string]: unknown };
}

/** A Link header's next URL as a path on the test server (PUBLIC_URL is http://localhost:8080 in tests). */
function nextPath(res: { headers: Headers }): string {
  const link = res.headers.get('link') ?? '';
  const m = /^<([^>]+)>;\s*rel="next"$/.exec(link);
  expect(m, link).not.toBeNull();
  const u = new URL(m![1]!);
  expect(u.origin).toBe('http://localhost:8080');
  return u.pathname + u.search;
}

describe('subscriptions as Altinn Events has them', () => {
  it('[T-1.2.4] create (201, Location, Altinn’s field names, the secret once), get, list { count, subscriptions }, delete (200)', async () => {
    const r = await receiver();
    const fjord = orgs.fjordregnskap!;
    const created = await c.vendorAdmin.post(`${HUB}/subscriptions`, { endPoint: `${r.url}/hook`, typeFilter: 'no.samsvar.test.*' });
    expect(created.status, created.text).toBe(201);
    const body = created.body;
    for (const f of ALTINN_FIELDS) expect(body, f).toHaveProperty(f);
    expect(body).toMatchObject({
      endPoint: `${r.url}/hook`,
      sourceFilter: null,
      resourceFilter: null,
      subjectFilter: null,
      typeFilter: 'no.samsvar.test.*',
      consumer: `/org/${fjord.orgNumber}`,
      createdBy: `/user/${server.demo.users.vendorAdmin!.id}`,
      validated: false,
      status: 'active',
      orgId: fjord.id,
    });
    expect(typeof body.id).toBe('number');
    expect(Number.isNaN(Date.parse(body.created))).toBe(false);
    expect(body.secret).toMatch(/^whsec_/);
    expect(created.headers.get('location')).toBe(`${HUB}/subscriptions/${body.id}`);

    const got = await c.vendorDev.get(`${HUB}/subscriptions/${body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty('secret');
    expect(got.body).toMatchObject({ id: body.id, consumer: `/org/${fjord.orgNumber}`, typeFilter: 'no.samsvar.test.*' });

    const list = await c.vendorDev.get(`${HUB}/subscriptions`);
    expect(list.status).toBe(200);
    expect(Object.keys(list.body).sort()).toEqual(['count', 'subscriptions']);
    expect(list.body.count).toBe(1);
    expect(list.body.subscriptions.map((s: any) => s.id)).toEqual([body.id]);

    const del = await c.vendorDev.delete(`${HUB}/subscriptions/${body.id}`);
    expect(del.status).toBe(200);
    expect(del.text).toBe('');
    expect((await c.vendorAdmin.get(`${HUB}/subscriptions/${body.id}`)).status).toBe(404);
    expect((await c.vendorAdmin.get(`${HUB}/subscriptions`)).body).toEqual({ count: 0, subscriptions: [] });
    expect((await c.vendorAdmin.delete(`${HUB}/subscriptions/${body.id}`)).status).toBe(404);

    // Every act is in the audit log, never with the secret.
    const audit = await c.operatorAdmin.get('/api/v1/audit?action=events.subscription.create');
    expect(audit.body.items.some((a: any) => a.targetId === String(body.id))).toBe(true);
    expect(JSON.stringify(audit.body)).not.toContain(body.secret);
    const audited = await c.operatorAdmin.get('/api/v1/audit?action=events.subscription.delete');
    expect(audited.body.items.some((a: any) => a.targetId === String(body.id))).toBe(true);
  });

  it('[T-1.2.4] an Altinn client may name its own organisation as consumer, and send empty filters', async () => {
    const r = await receiver();
    const res = await c.skattAdmin.post(`${HUB}/subscriptions`, {
      endPoint: `${r.url}/hook`,
      consumer: `/org/${orgs.skatt!.orgNumber}`,
      sourceFilter: '',
      subjectFilter: null,
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ consumer: `/org/${orgs.skatt!.orgNumber}`, sourceFilter: null, subjectFilter: null });
  });
});

describe('delivery to a receiver', () => {
  it('[T-1.2.4][T-2.5] the receiver gets the validation event, then a published event signed per Standard Webhooks; deliveries and attempts show it', async () => {
    const r = await receiver();
    const sub = await subscribed(c.vendorAdmin, r, { typeFilter: 'no.samsvar.test.*' });
    expect(r.received.map((x) => x.json?.type)).toEqual([VALIDATION_EVENT_TYPE]);
    const got = await c.vendorAdmin.get(`${HUB}/subscriptions/${sub.id}`);
    expect(got.body).toMatchObject({ validated: true, status: 'active', failingSince: null, pending: 0, deadLetters: 0 });
    expect(got.body.validatedAt).toBeTruthy();

    const ev = await publish();
    expect(ev.deliveries).toBe(1);
    await deliver();
    expect(r.received.map((x) => x.json?.type)).toEqual([VALIDATION_EVENT_TYPE, 'no.samsvar.test.created']);
    const hit = r.received[1]!;
    expect(hit.json).toMatchObject({ specversion: '1.0', id: ev.id, type: 'no.samsvar.test.created', sequence: String(ev.seq), data: { n } });
    // The secret the API gave verifies the signature (the official standardwebhooks package).
    expect(() => new Webhook(sub.secret).verify(hit.body, hit.headers as Record<string, string>)).not.toThrow();

    const list = await c.vendorDev.get(`${HUB}/subscriptions/${sub.id}/deliveries`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: any) => [d.eventType, d.status, d.attempts, d.lastStatus])).toEqual([
      ['no.samsvar.test.created', 'delivered', 1, 200],
      [VALIDATION_EVENT_TYPE, 'delivered', 1, 200],
    ]);
    expect(list.body.nextCursor).toBeNull();
    const delivered = list.body.items[0];
    expect(delivered.id).toBe(hit.headers['webhook-id']);
    expect(delivered.eventSeq).toBe(ev.seq);

    const attempts = await c.vendorDev.get(`${HUB}/deliveries/${delivered.id}/attempts`);
    expect(attempts.status).toBe(200);
    expect(attempts.body.delivery.id).toBe(delivered.id);
    expect(attempts.body.items).toHaveLength(1);
    expect(attempts.body.items[0]).toMatchObject({ attempt: 1, statusCode: 200, responseExcerpt: 'ok', error: null });
    expect(attempts.body.items[0].latencyMs).toBeGreaterThanOrEqual(0);

    // Paging and the status filter.
    const page1 = await c.vendorDev.get(`${HUB}/subscriptions/${sub.id}/deliveries?limit=1`);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.nextCursor).toBe(page1.body.items[0].id);
    const page2 = await c.vendorDev.get(`${HUB}/subscriptions/${sub.id}/deliveries?limit=1&before=${page1.body.nextCursor}`);
    expect(page2.body.items.map((d: any) => d.eventType)).toEqual([VALIDATION_EVENT_TYPE]);
    expect(page2.body.nextCursor).toBeNull();
    expect((await c.vendorDev.get(`${HUB}/subscriptions/${sub.id}/deliveries?status=dead`)).body.items).toEqual([]);
  });

  it('[T-2.5] a receiver that keeps failing: attempts recorded, failing since, a dead letter after 12 attempts; replay one and replay since deliver it again', async () => {
    let up = true;
    const r = await receiver(() => (up ? { status: 200, body: 'ok' } : { status: 500, body: 'nede for vedlikehold' }));
    const sub = await subscribed(c.vendorAdmin, r, { typeFilter: 'no.samsvar.test.failing' });
    up = false;
    const ev = await publish({ type: 'no.samsvar.test.failing' });
    const clock = testClock();
    await deliver(clock.now);
    const s1 = await c.vendorAdmin.get(`${HUB}/subscriptions/${sub.id}`);
    expect(s1.body.failingSince).toBeTruthy();
    expect(s1.body.pending).toBe(1);
    const pending = (await c.vendorAdmin.get(`${HUB}/subscriptions/${sub.id}/deliveries?status=pending`)).body.items;
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500' });
    expect(pending[0].nextAttemptAt).toBeTruthy();
    // A delivery still being attempted is not replayed.
    const early = await c.vendorAdmin.post(`${HUB}/deliveries/${pending[0].id}/replay`, {});
    expect(early.status).toBe(409);
    expect(early.headers.get('content-type')).toContain('application/problem+json');

    // Altinn's schedule, about 35 hours in all (well inside the policy's 5 days before a subscription is disabled).
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      clock.advance(RETRY_SCHEDULE_SECONDS[i - 1]! * 1000 + 1000);
      await deliver(clock.now);
    }
    const dead = await c.vendorDev.get(`${HUB}/deadletters`);
    expect(dead.status).toBe(200);
    expect(dead.body.items.map((d: any) => [d.eventSeq, d.status, d.attempts, d.endPoint])).toEqual([[ev.seq, 'dead', MAX_ATTEMPTS, `${r.url}/hook`]]);
    expect((await c.vendorAdmin.get(`${HUB}/subscriptions/${sub.id}`)).body).toMatchObject({ deadLetters: 1, pending: 0 });
    const attempts = await c.vendorDev.get(`${HUB}/deliveries/${dead.body.items[0].id}/attempts`);
    expect(attempts.body.items).toHaveLength(MAX_ATTEMPTS);
    expect(attempts.body.items[0]).toMatchObject({ attempt: 1, statusCode: 500, responseExcerpt: 'nede for vedlikehold' });

    // Replay one, once the receiver is back.
    up = true;
    const replay = await c.vendorDev.post(`${HUB}/deliveries/${dead.body.items[0].id}/replay`, {});
    expect(replay.status, replay.text).toBe(200);
    expect(replay.body).toEqual({ replayed: 1 });
    await deliver();
    const after = (await c.vendorDev.get(`${HUB}/subscriptions/${sub.id}/deliveries?status=delivered`)).body.items;
    expect(after.find((d: any) => d.eventSeq === ev.seq)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(r.received.filter((x) => x.json?.id === ev.id).map((x) => x.headers['webhook-id'])).toEqual(
      Array(MAX_ATTEMPTS + 1).fill(dead.body.items[0].id),
    );
    expect((await c.vendorDev.get(`${HUB}/deadletters`)).body.items).toEqual([]);

    // Replay since a time: every matching event again, with the same webhook-ids.
    const second = await publish({ type: 'no.samsvar.test.failing' });
    await deliver();
    const since = await c.vendorAdmin.post(`${HUB}/subscriptions/${sub.id}/replay`, { since: new Date(Date.now() - 3600_000).toISOString() });
    expect(since.status, since.text).toBe(200);
    expect(since.body.replayed).toBe(2);
    const before = r.received.length;
    await deliver();
    expect(r.received.slice(before).map((x) => x.json.id).sort()).toEqual([ev.id, second.id].sort());

    const audit = await c.operatorAdmin.get('/api/v1/audit?action=events.delivery.replay');
    expect(audit.body.items.some((a: any) => a.targetId === String(sub.id))).toBe(true);
  });
});

describe('the signing secret', () => {
  it('[T-1.2.4] the owner reveals it; rotation returns a new one once, the old one keeps signing through the overlap', async () => {
    const r = await receiver();
    const sub = await subscribed(c.vendorAdmin, r);
    const revealed = await c.vendorDev.get(`${HUB}/subscriptions/${sub.id}/secret`);
    expect(revealed.status).toBe(200);
    expect(revealed.body).toMatchObject({ secret: sub.secret, previous: [] });
    expect(revealed.headers.get('cache-control')).toBe('no-store');

    const rotated = await c.vendorDev.post(`${HUB}/subscriptions/${sub.id}/secret/rotate`, { overlapHours: 2 });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(sub.secret);
    expect(rotated.body.previous).toHaveLength(1);
    const until = Date.parse(rotated.body.previous[0].expiresAt) - Date.now();
    expect(until).toBeGreaterThan(1.9 * 3600_000);
    expect(until).toBeLessThanOrEqual(2 * 3600_000);
    expect((await c.vendorAdmin.get(`${HUB}/subscriptions/${sub.id}/secret`)).body.secret).toBe(rotated.body.secret);

    // Both secrets verify the next delivery.
    await publish();
    await deliver();
    const hit = r.received[r.received.length - 1]!;
    expect(String(hit.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [sub.secret, rotated.body.secret]) {
      expect(() => new Webhook(secret).verify(hit.body, hit.headers as Record<string, string>)).not.toThrow();
    }
    // The default body is {}: 24 hours of overlap.
    const again = await c.vendorAdmin.post(`${HUB}/subscriptions/${sub.id}/secret/rotate`, {});
    expect(again.status).toBe(200);
  });
});

describe('tenant isolation', () => {
  it('[T-5][T-1.2.4] vendors and service owners see and manage only their own organisation’s subscriptions and deliveries; operators all; the auditor reads', async () => {
    const r = await receiver();
    const subs = {
      vendorA: await subscribed(c.vendorAdmin, r),
      vendorB: await subscribed(c.vendor2Admin, r),
      ownerA: await subscribed(c.skattAdmin, r),
      ownerB: await subscribed(c.navAdmin, r),
    };
    const deliveryOf = async (id: number) => (await c.operatorAdmin.get(`${HUB}/subscriptions/${id}/deliveries`)).body.items[0].id as string;
    const dels = {
      vendorA: await deliveryOf(subs.vendorA.id),
      vendorB: await deliveryOf(subs.vendorB.id),
      ownerA: await deliveryOf(subs.ownerA.id),
      ownerB: await deliveryOf(subs.ownerB.id),
    };
    type Key = keyof typeof subs;
    const since = { since: new Date(Date.now() - 60_000).toISOString() };
    const probes = (k: Key): Array<[string, string, unknown]> => [
      ['GET', `${HUB}/subscriptions/${subs[k].id}`, undefined],
      ['GET', `${HUB}/subscriptions/${subs[k].id}/deliveries`, undefined],
      ['GET', `${HUB}/subscriptions/${subs[k].id}/secret`, undefined],
      ['POST', `${HUB}/subscriptions/${subs[k].id}/secret/rotate`, {}],
      ['POST', `${HUB}/subscriptions/${subs[k].id}/replay`, since],
      ['GET', `${HUB}/deliveries/${dels[k]}/attempts`, undefined],
      ['POST', `${HUB}/deliveries/${dels[k]}/replay`, {}],
      ['DELETE', `${HUB}/subscriptions/${subs[k].id}`, undefined],
    ];

    // [who, whose] → every probe answers 404 (existence is not revealed).
    const strangers: Array<[string, Key]> = [
      ['vendorAdmin', 'vendorB'],
      ['vendorDev', 'vendorB'],
      ['vendor2Admin', 'vendorA'],
      ['vendorAdmin', 'ownerA'],
      ['skattAdmin', 'ownerB'],
      ['skattMember', 'ownerB'],
      ['navAdmin', 'ownerA'],
      ['navAdmin', 'vendorA'],
    ];
    const failures: string[] = [];
    for (const [who, whose] of strangers) {
      for (const [method, path, body] of probes(whose)) {
        const res = await c[who]!.request(method, path, body);
        if (res.status !== 404) failures.push(`${who} ${method} ${path} (${whose}) → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);

    // Lists hold only the caller's own.
    const ids = async (who: string, q = '') => (await c[who]!.get(`${HUB}/subscriptions${q}`)).body.subscriptions.map((s: any) => s.id).sort();
    expect(await ids('vendorDev')).toEqual([subs.vendorA.id]);
    expect(await ids('vendor2Admin')).toEqual([subs.vendorB.id]);
    expect(await ids('skattMember')).toEqual([subs.ownerA.id]);
    expect(await ids('navAdmin')).toEqual([subs.ownerB.id]);
    expect(await ids('vendorDev', `?orgId=${orgs.lonnsmester!.id}`)).toEqual([]);
    const all = Object.values(subs)
      .map((s) => s.id)
      .sort();
    expect(await ids('operatorAgent')).toEqual(all);
    expect(await ids('auditor')).toEqual(all);
    expect(await ids('operatorAdmin', `?orgId=${orgs.lonnsmester!.id}`)).toEqual([subs.vendorB.id]);
    expect((await c.operatorAgent.get(`${HUB}/subscriptions`)).body.subscriptions.find((s: any) => s.id === subs.vendorA.id).orgName).toBe(orgs.fjordregnskap!.name);

    // Dead-letter lists are per organisation too.
    expect((await c.vendor2Admin.get(`${HUB}/deadletters?orgId=${orgs.fjordregnskap!.id}`)).body.items).toEqual([]);

    // Operators see and manage every organisation's; the secret stays with its owner.
    for (const who of ['operatorAdmin', 'operatorAgent']) {
      expect((await c[who]!.get(`${HUB}/subscriptions/${subs.vendorB.id}`)).status).toBe(200);
      expect((await c[who]!.get(`${HUB}/subscriptions/${subs.vendorB.id}/deliveries`)).status).toBe(200);
      expect((await c[who]!.get(`${HUB}/deliveries/${dels.vendorB}/attempts`)).status).toBe(200);
      expect((await c[who]!.post(`${HUB}/deliveries/${dels.vendorB}/replay`, {})).status).toBe(200);
      await deliver();
      expect((await c[who]!.get(`${HUB}/subscriptions/${subs.vendorB.id}/secret`)).status).toBe(403);
      expect((await c[who]!.post(`${HUB}/subscriptions/${subs.vendorB.id}/secret/rotate`, {})).status).toBe(403);
    }
    expect((await c.operatorAgent.delete(`${HUB}/subscriptions/${subs.ownerB.id}`)).status).toBe(200);

    // The auditor reads everything and changes nothing.
    expect((await c.auditor.get(`${HUB}/subscriptions/${subs.vendorA.id}`)).status).toBe(200);
    expect((await c.auditor.get(`${HUB}/deliveries/${dels.ownerA}/attempts`)).status).toBe(200);
    expect((await c.auditor.delete(`${HUB}/subscriptions/${subs.vendorA.id}`)).status).toBe(403);
    expect((await c.auditor.post(`${HUB}/deliveries/${dels.vendorA}/replay`, {})).status).toBe(403);
    expect((await c.auditor.post(`${HUB}/subscriptions`, { endPoint: `${r.url}/x` })).status).toBe(403);
    expect((await c.auditor.get(`${HUB}/subscriptions/${subs.vendorA.id}/secret`)).status).toBe(403);

    // The owner still has its own.
    expect((await c.vendorDev.get(`${HUB}/subscriptions/${subs.vendorA.id}/secret`)).status).toBe(200);
    expect((await c.skattMember.post(`${HUB}/deliveries/${dels.ownerA}/replay`, {})).status).toBe(200);
  });

  it('[T-1.2.4] API tokens: read scope reads, write scope subscribes (createdBy is the token), and only write reveals the secret', async () => {
    const r = await receiver();
    const mk = async (scopes: string[]) => {
      const made = await c.vendorDev.post('/api/v1/me/tokens', { name: `events-${scopes.join('-')}`, scopes });
      expect(made.status).toBe(201);
      const t = server.client();
      t.bearer = made.body.token;
      return { client: t, prefix: made.body.prefix as string };
    };
    const read = await mk(['read']);
    const write = await mk(['read', 'write']);
    const denied = await read.client.post(`${HUB}/subscriptions`, { endPoint: `${r.url}/hook` });
    expect(denied.status).toBe(403);
    expect(denied.body.type).toBe('urn:samsvar:problem:insufficient-scope');
    const made = await write.client.post(`${HUB}/subscriptions`, { endPoint: `${r.url}/hook` });
    expect(made.status, made.text).toBe(201);
    expect(made.body.createdBy).toBe(`/token/${write.prefix}`);
    expect((await read.client.get(`${HUB}/subscriptions`)).body.count).toBe(1);
    expect((await read.client.get(`${HUB}/subscriptions/${made.body.id}/secret`)).body.type).toBe('urn:samsvar:problem:insufficient-scope');
    expect((await write.client.get(`${HUB}/subscriptions/${made.body.id}/secret`)).body.secret).toBe(made.body.secret);
    // A token without any credentials is 401, as everywhere.
    expect((await server.client().get(`${HUB}/subscriptions`)).status).toBe(401);
  });
});

describe('the pull API', () => {
  it('[T-1.2.4] pages through the events the caller may see, oldest first, with Link: <…?after=N>; rel="next" (and Altinn’s next header)', async () => {
    const fjord = orgs.fjordregnskap!;
    const lonn = orgs.lonnsmester!;
    const mine = [await publish(), await publish(), await publish({ visibility: 'public', orgId: null, type: 'no.samsvar.test.public' })];
    const other = await publish({ orgId: lonn.id, subject: `/org/${lonn.orgNumber}` });
    const opsOnly = await publish({ visibility: 'operators', orgId: null, type: 'no.samsvar.test.internal' });

    // From the first of these (earlier events belong to other modules' demo data).
    const start = mine[0]!.seq - 1;
    const seen: string[] = [];
    let path = `${HUB}/events?after=${start}&type=no.samsvar.test.*&size=2`;
    for (let page = 0; page < 5; page++) {
      const res = await c.vendorDev.get(path);
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/cloudevents-batch+json');
      expect(res.headers.get('next')).toBe(new URL(path, 'http://localhost:8080').origin + nextPath(res));
      expect(res.body.length).toBeLessThanOrEqual(2);
      for (const e of res.body) {
        expect(e).toMatchObject({ specversion: '1.0' });
        seen.push(e.id);
      }
      const next = nextPath(res);
      expect(next).toContain('type=no.samsvar.test.*');
      expect(next).toContain('size=2');
      if (res.body.length === 0) {
        // An empty page points at itself: poll it again later.
        expect(new URL(next, 'http://x').searchParams.get('after')).toBe(new URL(path, 'http://x').searchParams.get('after'));
        break;
      }
      expect(new URL(next, 'http://x').searchParams.get('after')).toBe(res.body[res.body.length - 1].sequence);
      path = next;
    }
    expect(seen).toEqual(mine.map((e) => e.id));
    expect(seen).not.toContain(other.id);
    expect(seen).not.toContain(opsOnly.id);

    // Operators see every organisation's and the operators-only events; one organisation with orgId.
    const ops = await c.operatorAgent.get(`${HUB}/events?after=${start}&type=no.samsvar.test.*`);
    expect(ops.body.map((e: any) => e.id)).toEqual([...mine.map((e) => e.id), other.id, opsOnly.id]);
    const narrowed = await c.auditor.get(`${HUB}/events?after=${start}&orgId=${lonn.id}`);
    expect(narrowed.body.map((e: any) => e.id)).toEqual([other.id]);
    // Exact type; after as an event id (Altinn's clients send the last id).
    const exact = await c.vendorAdmin.get(`${HUB}/events?after=${mine[0]!.id}&type=no.samsvar.test.created`);
    expect(exact.body.map((e: any) => e.id)).toEqual([mine[1]!.id]);
    // Another organisation's events are not found for a tenant.
    expect((await c.vendorAdmin.get(`${HUB}/events?orgId=${lonn.id}`)).status).toBe(404);
    expect(fjord.id).toBeTruthy();
  });

  it('the catalogue of event types includes the validation event and every type published', async () => {
    await publish({ type: 'no.samsvar.test.catalogued' });
    const res = await c.vendorDev.get('/api/v1/event-types');
    expect(res.status).toBe(200);
    const types = res.body.items.map((i: any) => i.type);
    expect(types).toContain(VALIDATION_EVENT_TYPE);
    expect(types).toContain('no.samsvar.test.catalogued');
  });
});

describe('problem details', () => {
  it('[T-1.2.4] every refusal is application/problem+json naming the field and why', async () => {
    const v = c.vendorAdmin;
    const cases: Array<[string, string, unknown, number, string, RegExp?]> = [
      ['POST', `${HUB}/subscriptions`, {}, 400, 'body.endPoint'],
      ['POST', `${HUB}/subscriptions`, { endPoint: 'ftp://files.example.com/x' }, 400, 'body.endPoint', /http/],
      ['POST', `${HUB}/subscriptions`, { endPoint: 'https://169.254.169.254/latest/meta-data' }, 400, 'body.endPoint', /.+/],
      ['POST', `${HUB}/subscriptions`, { endPoint: 'https://user:pw@hooks.example.com/x' }, 400, 'body.endPoint', /.+/],
      ['POST', `${HUB}/subscriptions`, { endPoint: 'https://hooks.example.com/x', typeFilter: 'Not A Type' }, 400, 'body.typeFilter'],
      ['POST', `${HUB}/subscriptions`, { endPoint: 'https://hooks.example.com/x', resourceFilter: 'no urn' }, 400, 'body.resourceFilter'],
      ['POST', `${HUB}/subscriptions`, { endPoint: 'https://hooks.example.com/x', sourceFilter: 'relative/path' }, 400, 'body.sourceFilter'],
      ['POST', `${HUB}/subscriptions`, { endPoint: 'https://hooks.example.com/x', consumer: '/org/974761076' }, 400, 'body.consumer'],
      ['POST', `${HUB}/subscriptions`, { endPoint: 'https://hooks.example.com/x', alternativeSubjectFilter: '/person/1' }, 400, 'body.alternativeSubjectFilter'],
      ['GET', `${HUB}/subscriptions/abc`, undefined, 400, 'params.id'],
      ['GET', `${HUB}/subscriptions/999999`, undefined, 404, ''],
      ['GET', `${HUB}/subscriptions/1/deliveries?status=lost`, undefined, 400, 'querystring.status'],
      ['GET', `${HUB}/deliveries/not-a-uuid/attempts`, undefined, 400, 'params.id'],
      ['GET', `${HUB}/events?after=yesterday`, undefined, 400, 'querystring.after'],
      ['GET', `${HUB}/events?size=0`, undefined, 400, 'querystring.size'],
      ['GET', `${HUB}/events?type=Bad%20Type`, undefined, 400, 'querystring.type'],
    ];
    const failures: string[] = [];
    for (const [method, path, body, status, field, why] of cases) {
      const res = await v.request(method, path, body);
      const label = `${method} ${path} ${JSON.stringify(body ?? '')}`;
      if (res.status !== status) failures.push(`${label} → ${res.status} ${res.text}`);
      if (!res.headers.get('content-type')?.startsWith('application/problem+json')) failures.push(`${label}: ${res.headers.get('content-type')}`);
      if (field && !(res.body?.errors ?? []).some((e: any) => e.field === field && (!why || why.test(e.message)))) failures.push(`${label}: no error for ${field}: ${res.text}`);
    }
    expect(failures).toEqual([]);

    // A subject of another organisation is refused (403), an operator may.
    const other = await v.post(`${HUB}/subscriptions`, { endPoint: 'https://hooks.example.com/x', subjectFilter: `/org/${orgs.skatt!.orgNumber}` });
    expect(other.status).toBe(403);

    // On an existing subscription: since in the future, the overlap out of range.
    const r = await receiver();
    const sub = await subscribed(v, r);
    const future = await v.post(`${HUB}/subscriptions/${sub.id}/replay`, { since: new Date(Date.now() + 3600_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ field: 'body.since', message: 'must not be in the future' }]);
    const noSince = await v.post(`${HUB}/subscriptions/${sub.id}/replay`, {});
    expect(noSince.body.errors.map((e: any) => e.field)).toEqual(['body.since']);
    const overlap = await v.post(`${HUB}/subscriptions/${sub.id}/secret/rotate`, { overlapHours: 10_000 });
    expect(overlap.status).toBe(400);
    expect(overlap.body.errors.map((e: any) => e.field)).toEqual(['body.overlapHours']);
  });

  it('[T-2.5] an endpoint that is not yet validated cannot be replayed since a time (409), and a deleted one is gone', async () => {
    const r = await receiver(() => ({ status: 503 }));
    const made = await c.vendorAdmin.post(`${HUB}/subscriptions`, { endPoint: `${r.url}/hook` });
    expect(made.status).toBe(201);
    await deliver();
    const res = await c.vendorAdmin.post(`${HUB}/subscriptions/${made.body.id}/replay`, { since: new Date(Date.now() - 60_000).toISOString() });
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('urn:samsvar:problem:conflict');
    const pending = (await c.vendorAdmin.get(`${HUB}/subscriptions/${made.body.id}/deliveries`)).body.items;
    expect(pending[0]).toMatchObject({ eventType: VALIDATION_EVENT_TYPE, status: 'pending', attempts: 1, lastStatus: 503 });
  });
});
