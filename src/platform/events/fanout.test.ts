/**
 * Who gets what: fan-out at publish time by Altinn Events' filters (plus the ".*" type prefix) and by visibility —
 * tenant isolation, public events to everyone, operators seeing organisations' events — re-checked at delivery;
 * what a subscription may ask for; deletion; and the pull API.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers.ts';
import { authTables } from '../auth/index.ts';
import type { AppContext } from '../context.ts';
import { HttpProblem } from '../http/problem.ts';
import { deliverDue } from './delivery.ts';
import { filtersMatch, sourceMatches, typeMatches, visibleTo } from './filters.ts';
import { publishEvent, toCloudEvent } from './publish.ts';
import { createSubscription, deleteSubscription, listDeliveries, listSubscriptions, pullEvents } from './subscriptions.ts';
import { deliveries, events } from './tables.ts';
import { resetSubscriptions, startReceiver, validatedSubscription, type Receiver } from './testkit.ts';
import type { PublishInput } from './types.ts';

let server: TestServer;
let ctx: AppContext;
let recv: Receiver;
type Org = { orgId: string; orgNumber: string };
let digdir: Org, skatt: Org, fjord: Org, lonn: Org;

beforeAll(async () => {
  server = await startTestServer();
  ctx = server.ctx;
  const o = server.demo.orgs;
  const org = (k: string) => ({ orgId: o[k]!.id, orgNumber: o[k]!.orgNumber });
  digdir = org('digdir');
  skatt = org('skatt');
  fjord = org('fjordregnskap');
  lonn = org('lonnsmester');
  recv = await startReceiver();
});
afterEach(async () => {
  await resetSubscriptions(ctx);
});
afterAll(async () => {
  await recv?.close();
  await server?.stop();
});

const publish = (input: Partial<PublishInput> & { type: string }) =>
  ctx.db.transaction((tx) =>
    publishEvent(tx, ctx, { resource: 'urn:samsvar:incident:1', source: '/api/v1/incidents', visibility: 'public', ...input }),
  );

/** Subscription ids that got a delivery of the event. */
async function fannedTo(seq: number): Promise<number[]> {
  const rows = await ctx.db.select({ s: deliveries.subscriptionId }).from(deliveries).where(eq(deliveries.eventSeq, seq));
  return rows.map((r) => Number(r.s)).sort((a, b) => a - b);
}

const sub = (org: Org, path: string, filters: Record<string, string> = {}) => validatedSubscription(ctx, org, { endPoint: `${recv.url}${path}`, ...filters });

describe('filters', () => {
  it('[T-1.2.4] match as Altinn Events’ do: source at a path boundary, resource and subject exact, type exact or a ".*" prefix', async () => {
    const all = await sub(fjord, '/all');
    const byType = await sub(fjord, '/type', { typeFilter: 'no.samsvar.incident.created' });
    const byPrefix = await sub(fjord, '/prefix', { typeFilter: 'no.samsvar.incident.*' });
    const bySource = await sub(fjord, '/source', { sourceFilter: 'http://localhost:8080/api/v1/incidents' });
    const byResource = await sub(fjord, '/resource', { resourceFilter: 'urn:samsvar:incident:42' });
    const bySubject = await sub(fjord, '/subject', { subjectFilter: `/org/${fjord.orgNumber}` });
    const combined = await sub(fjord, '/combined', { typeFilter: 'no.samsvar.incident.*', resourceFilter: 'urn:samsvar:incident:42' });

    const created42 = await publish({ type: 'no.samsvar.incident.created', resource: 'urn:samsvar:incident:42', subject: `/org/${fjord.orgNumber}` });
    expect(await fannedTo(created42.seq)).toEqual([all.id, byType.id, byPrefix.id, bySource.id, byResource.id, bySubject.id, combined.id]);
    expect(created42.deliveries).toBe(7);

    const breached = await publish({ type: 'no.samsvar.incident.clock.breached', resource: 'urn:samsvar:incident:7', source: '/api/v1/incidents/7' });
    expect(await fannedTo(breached.seq)).toEqual([all.id, byPrefix.id, bySource.id]);

    const other = await publish({ type: 'no.samsvar.incidents.archived', source: '/api/v1/incidents-old', resource: 'urn:samsvar:incident:42' });
    expect(await fannedTo(other.seq)).toEqual([all.id, byResource.id]);

    const notice = await publish({ type: 'no.samsvar.notice.published', subject: `/org/${lonn.orgNumber}`, resource: 'urn:samsvar:notice:1', source: '/api/v1/notices' });
    expect(await fannedTo(notice.seq)).toEqual([all.id]);
  });

  it('[T-1.2.4] the JavaScript matchers agree with the SQL', () => {
    expect(typeMatches('no.samsvar.incident.*', 'no.samsvar.incident.created')).toBe(true);
    expect(typeMatches('no.samsvar.incident.*', 'no.samsvar.incident.clock.breached')).toBe(true);
    expect(typeMatches('no.samsvar.incident.*', 'no.samsvar.incidents.x')).toBe(false);
    expect(typeMatches('no.samsvar.incident.*', 'no.samsvar.incident')).toBe(false);
    expect(typeMatches('no.samsvar.incident.created', 'no.samsvar.incident.created')).toBe(true);
    expect(typeMatches(null, 'anything')).toBe(true);
    expect(sourceMatches('https://x.no/api/v1/incidents', 'https://x.no/api/v1/incidents/17')).toBe(true);
    expect(sourceMatches('https://x.no/api/v1/incidents/', 'https://x.no/api/v1/incidents')).toBe(true);
    expect(sourceMatches('https://x.no/api/v1/incidents', 'https://x.no/api/v1/incidents-old')).toBe(false);
    expect(sourceMatches('https://x.no', 'https://x.no.evil.example/a')).toBe(false);
    expect(sourceMatches('urn:samsvar:incident', 'urn:samsvar:incident:1')).toBe(true);
    expect(sourceMatches('urn:samsvar:incident', 'urn:samsvar:incidents')).toBe(false);
    expect(filtersMatch({ subjectFilter: '/org/1', typeFilter: 'a.*' }, { type: 'a.b', source: 's', subject: '/org/1', resource: 'urn:x:y' })).toBe(true);
    expect(filtersMatch({ subjectFilter: '/org/1' }, { type: 'a.b', source: 's', subject: null, resource: 'urn:x:y' })).toBe(false);
  });
});

describe('visibility and tenant isolation', () => {
  it('[T-1.2.4] an organisation’s event reaches that organisation and operators, never another organisation; public reaches all; operators-only reaches operators', async () => {
    const sDigdir = await sub(digdir, '/digdir');
    const sSkatt = await sub(skatt, '/skatt');
    const sFjord = await sub(fjord, '/fjord');
    const sLonn = await sub(lonn, '/lonn');

    const fjordOwn = await publish({ type: 'no.samsvar.incident.created', orgId: fjord.orgId, visibility: 'org', subject: `/org/${fjord.orgNumber}` });
    expect(await fannedTo(fjordOwn.seq)).toEqual([sDigdir.id, sFjord.id]);
    const pub = await publish({ type: 'no.samsvar.status.changed', visibility: 'public' });
    expect(await fannedTo(pub.seq)).toEqual([sDigdir.id, sSkatt.id, sFjord.id, sLonn.id]);
    const ops = await publish({ type: 'no.samsvar.duty.changed', visibility: 'operators' });
    expect(await fannedTo(ops.seq)).toEqual([sDigdir.id]);

    await deliverDue(ctx, { now: () => Date.now() + 1000 });
    expect(recv.at('/lonn').map((r) => r.json.id)).not.toContain(fjordOwn.id);
    expect(recv.at('/skatt').map((r) => r.json.id)).not.toContain(fjordOwn.id);
    expect(recv.at('/fjord').map((r) => r.json.id)).toContain(fjordOwn.id);
    expect(recv.at('/digdir').map((r) => r.json.id)).toEqual(expect.arrayContaining([fjordOwn.id, pub.id, ops.id]));

    expect(visibleTo({ id: 'a', kinds: ['vendor'] }, { visibility: 'org', orgId: 'b' })).toBe(false);
    expect(visibleTo({ id: 'a', kinds: ['operator'] }, { visibility: 'org', orgId: 'b' })).toBe(true);
    expect(visibleTo({ id: 'a', kinds: ['vendor'] }, { visibility: 'operators', orgId: null })).toBe(false);
  });

  it('[T-1.2.4] re-checks at delivery: an organisation that is no longer an operator does not get another organisation’s event', async () => {
    const sDigdir = await sub(digdir, '/recheck');
    const ev = await publish({ type: 'no.samsvar.incident.created', orgId: skatt.orgId, visibility: 'org' });
    expect(await fannedTo(ev.seq)).toEqual([sDigdir.id]);
    const { organisations } = authTables;
    await ctx.db.update(organisations).set({ kinds: ['serviceOwner'] }).where(eq(organisations.id, digdir.orgId));
    try {
      const round = await deliverDue(ctx, { now: () => Date.now() + 1000 });
      expect(round.cancelled).toBe(1);
      const [d] = await ctx.db.select().from(deliveries).where(and(eq(deliveries.eventSeq, ev.seq), eq(deliveries.subscriptionId, sDigdir.id)));
      expect(d).toMatchObject({ status: 'cancelled', attempts: 0 });
      expect(d!.lastError).toMatch(/may no longer see this event/);
      expect(recv.at('/recheck').map((r) => r.json.id)).not.toContain(ev.id);
    } finally {
      await ctx.db.update(organisations).set({ kinds: ['operator'] }).where(eq(organisations.id, digdir.orgId));
    }
  });
});

describe('subscribing', () => {
  const who = (o: Org) => ({ orgId: o.orgId, consumer: `/org/${o.orgNumber}`, createdBy: '/user/test' });
  const problem = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => null,
      (x) => x,
    );
    expect(e).toBeInstanceOf(HttpProblem);
    return e as HttpProblem;
  };

  it('[T-1.2.4] refuses endpoints the outbound guard refuses and filters of the wrong shape, naming the field', async () => {
    expect((await problem(createSubscription(ctx, who(fjord), { endPoint: 'http://10.0.0.1/hook' }))).message).toMatch(/^body.endPoint: 10.0.0.1 is a private address/);
    expect((await problem(createSubscription(ctx, who(fjord), { endPoint: 'http://169.254.169.254/latest' }))).message).toMatch(/link-local/);
    expect((await problem(createSubscription(ctx, who(fjord), { endPoint: 'ftp://example.no/x' }))).message).toMatch(/^body.endPoint: must use https/);
    expect((await problem(createSubscription(ctx, who(fjord), { endPoint: 'https://localhost/x' }))).message).toMatch(/internal name/);
    expect((await problem(createSubscription(ctx, { ...who(fjord) }, { endPoint: `${recv.url}/x`, typeFilter: 'no.samsvar.*.created' }))).errors?.[0]?.field).toBe('body.typeFilter');
    expect((await problem(createSubscription(ctx, who(fjord), { endPoint: `${recv.url}/x`, resourceFilter: 'incident 42' }))).errors?.[0]?.field).toBe('body.resourceFilter');
    expect((await problem(createSubscription(ctx, who(fjord), { endPoint: `${recv.url}/x`, sourceFilter: 'not a url' }))).errors?.[0]?.field).toBe('body.sourceFilter');
    expect((await problem(createSubscription(ctx, who(fjord), { endPoint: `${recv.url}/x`, subjectFilter: 'someone' }))).errors?.[0]?.field).toBe('body.subjectFilter');
    const strict = { ...ctx, config: { ...ctx.config, OUTBOUND_ALLOW_HTTP: false } } as AppContext;
    expect((await problem(createSubscription(strict, who(fjord), { endPoint: `${recv.url}/x` }))).message).toBe('body.endPoint: must use https');
    const ok = await createSubscription(ctx, who(fjord), { endPoint: `${recv.url}/ok`, typeFilter: 'no.samsvar.*', sourceFilter: ' ', resourceFilter: 'urn:samsvar:incident:1' });
    expect(ok).toMatchObject({ typeFilter: 'no.samsvar.*', sourceFilter: null, resourceFilter: 'urn:samsvar:incident:1', validated: false, status: 'active' });
  });

  it('[T-1.2.4] refuses a subject filter of another organisation unless the subscriber is an operator', async () => {
    const e = await problem(createSubscription(ctx, who(fjord), { endPoint: `${recv.url}/x`, subjectFilter: `/org/${lonn.orgNumber}` }));
    expect(e.status).toBe(403);
    expect(e.message).toContain(`/org/${fjord.orgNumber}`);
    await expect(createSubscription(ctx, who(fjord), { endPoint: `${recv.url}/own`, subjectFilter: `/org/${fjord.orgNumber}` })).resolves.toMatchObject({ subjectFilter: `/org/${fjord.orgNumber}` });
    await expect(createSubscription(ctx, who(digdir), { endPoint: `${recv.url}/op`, subjectFilter: `/org/${lonn.orgNumber}` })).resolves.toMatchObject({ subjectFilter: `/org/${lonn.orgNumber}` });
  });

  it('[T-1.2.4] deleting a subscription cancels its pending deliveries and stops fan-out; lists leave it out', async () => {
    const s = await sub(fjord, '/deleted');
    const ev = await publish({ type: 'no.samsvar.status.changed' });
    expect(await fannedTo(ev.seq)).toEqual([s.id]);
    expect(await deleteSubscription(ctx, s.id)).toBe(true);
    expect(await deleteSubscription(ctx, s.id)).toBe(false);
    const page = await listDeliveries(ctx, s.id);
    expect(page.items.find((d) => d.eventSeq === ev.seq)).toMatchObject({ status: 'cancelled', lastError: 'cancelled: the subscription was deleted' });
    expect((await publish({ type: 'no.samsvar.status.changed' })).deliveries).toBe(0);
    expect((await listSubscriptions(ctx, fjord.orgId)).map((x) => x.id)).not.toContain(s.id);
    expect((await listSubscriptions(ctx, fjord.orgId, { includeDeleted: true })).map((x) => x.id)).toContain(s.id);
  });
});

describe('publishing', () => {
  it('[T-1.2.4] stores the event in the caller’s transaction: a rolled-back change publishes nothing', async () => {
    const s = await sub(fjord, '/tx');
    const before = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(events);
    await expect(
      ctx.db.transaction(async (tx) => {
        await publishEvent(tx, ctx, { type: 'no.samsvar.incident.created', resource: 'urn:samsvar:incident:9', visibility: 'public' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const after = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(events);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect((await listDeliveries(ctx, s.id)).items.filter((d) => d.eventSeq !== null)).toHaveLength(0);
  });

  it('[T-1.2.4] refuses an invalid type and an "org" event without its organisation', async () => {
    await expect(publish({ type: 'Not A Type' })).rejects.toThrow(/invalid event type/);
    await expect(publish({ type: 'no.samsvar.x.y', visibility: 'org' })).rejects.toThrow(/needs its orgId/);
  });
});

describe('the pull API', () => {
  it('[T-1.2.4] returns what the caller may see after a cursor, oldest first, filtered by type (exact or ".*"), with the next cursor', async () => {
    const [{ max }] = (await ctx.db.select({ max: sql<number>`coalesce(max(${events.seq}), 0)::int` }).from(events)) as Array<{ max: number }>;
    const a = await publish({ type: 'no.samsvar.pull.one', orgId: fjord.orgId, visibility: 'org' });
    const b = await publish({ type: 'no.samsvar.pull.two', orgId: lonn.orgId, visibility: 'org' });
    const c = await publish({ type: 'no.samsvar.pull.three', visibility: 'public' });
    const d = await publish({ type: 'no.samsvar.pull.four', visibility: 'operators' });

    const mine = await pullEvents(ctx, { orgId: fjord.orgId, isOperator: false, after: max, type: 'no.samsvar.pull.*', size: 10 });
    expect(mine.map((e) => e.id)).toEqual([a.id, c.id]);
    expect(mine.next).toBe(c.seq);
    expect(mine[0]).toMatchObject({ specversion: '1.0', type: 'no.samsvar.pull.one', sequence: String(a.seq), source: 'http://localhost:8080/api/v1/incidents' });

    const ops = await pullEvents(ctx, { orgId: null, isOperator: true, after: max, type: 'no.samsvar.pull.*', size: 2 });
    expect(ops.map((e) => e.id)).toEqual([a.id, b.id]);
    const ops2 = await pullEvents(ctx, { orgId: null, isOperator: true, after: ops.next, type: 'no.samsvar.pull.*', size: 2 });
    expect(ops2.map((e) => e.id)).toEqual([c.id, d.id]);
    const ops3 = await pullEvents(ctx, { orgId: null, isOperator: true, after: ops2.next, type: 'no.samsvar.pull.*', size: 2 });
    expect([...ops3]).toEqual([]);
    expect(ops3.next).toBe(ops2.next);

    const narrowed = await pullEvents(ctx, { orgId: lonn.orgId, isOperator: true, after: max, type: 'no.samsvar.pull.*' });
    expect(narrowed.map((e) => e.id)).toEqual([b.id]);
    const exact = await pullEvents(ctx, { orgId: lonn.orgId, isOperator: false, after: max, type: 'no.samsvar.pull.two' });
    expect(exact.map((e) => e.id)).toEqual([b.id]);
    const anonymous = await pullEvents(ctx, { orgId: null, isOperator: false, after: max });
    expect(anonymous.map((e) => e.id)).toEqual([c.id]);

    const [row] = await ctx.db.select().from(events).where(eq(events.seq, a.seq));
    expect(toCloudEvent(row!, 'http://localhost:8080')).toEqual(mine[0]);
    expect(JSON.parse(JSON.stringify(mine))).toHaveLength(2);
  });
});

