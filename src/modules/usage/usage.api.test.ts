/**
 * Polling detection and call efficiency over HTTP (T-1.2.4): a real gateway in front of a local upstream; a vendor
 * reading the same broker file transfer again and again with an unchanged answer (same body, or 304 with an ETag) is
 * found polling, gets the Samsvar-Polling header with the event types to subscribe to, the finding escalates along
 * the policy's steps, the weekly report reaches the vendor's admins, and the API shows each vendor only its own.
 */
import http from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { events } from '../../platform/events/index.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import { getNotification } from '../../platform/notify/index.ts';
import { gatewayOf } from '../gateway/index.ts';
import { measuresOf } from '../measures/gate.ts';
import { applySystemMeasure } from '../measures/service.ts';
import { measures } from '../measures/tables.ts';
import { modules } from '../index.ts';
import { accessDecisions, invalidateAccess } from '../terms/index.ts';
import { productTests } from '../terms/tables.ts';
import { pollingDetectorOf, pollingFindings, runEscalation, runWeeklyReport, usageDaily } from './index.ts';

const ISS = 'https://maskinporten.local/';
const LONN_CLIENT = '9b1e2c3d-4f50-4a6b-8c7d-1e2f3a4b5c6d';
const STATUS_ROUTE = 'GET /broker/api/v1/filetransfer/{fileTransferId}';
const DAY = 86_400_000;

let server: TestServer;
let upstream: http.Server;
let jwksServer: http.Server;
let key: CryptoKey;
let lonnNo: string;
let lonnId: string;
let fjordId: string;
let changing = 0;
const published: JWK[] = [];
const c: Record<string, TestClient> = {};

function testPolicy(): string {
  const doc = YAML.parse(readFileSync('policies/altinn.yaml', 'utf8'));
  doc.polling = {
    minRepeats: 4,
    maxIntervalSeconds: 60,
    unchangedShare: 0.6,
    quietPeriod: { amount: 14, unit: 'calendarDays' },
    steps: [
      { action: 'report' },
      { action: 'warn', after: { amount: 1, unit: 'calendarDays' } },
      { action: 'throttle', after: { amount: 1, unit: 'calendarDays' }, rate: { requests: 10, perSeconds: 60 } },
      { action: 'proposeSuspension', after: { amount: 1, unit: 'calendarDays' } },
    ],
    clauses: ['T-1.2.4'],
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'samsvar-usage-'));
  writeFileSync(path.join(dir, 'policy.yaml'), YAML.stringify(doc));
  return path.join(dir, 'policy.yaml');
}

async function token(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const org = (n: string) => ({ authority: 'iso6523-actorid-upis', ID: `0192:${n}` });
  return new SignJWT({ scope: 'altinn:broker.read', client_id: LONN_CLIENT, consumer: org('974761076'), supplier: org(lonnNo) })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(ISS)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key);
}

async function read(p: string, headers: Record<string, string> = {}) {
  const res = await fetch(gatewayOf(server.ctx)!.url + p, { headers: { authorization: `Bearer ${await token()}`, ...headers } });
  const text = await res.text();
  return Object.assign(res, { bodyText: text });
}

const findingOf = async (env: string, route: string) =>
  (await server.ctx.db.select().from(pollingFindings).where(and(eq(pollingFindings.vendorOrgId, lonnId), eq(pollingFindings.env, env), eq(pollingFindings.route, route))))[0];

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    if (req.url!.endsWith('/details')) {
      // Changes on every read: never polling.
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ status: 'uploading', n: changing++ }));
    }
    if (req.url!.includes('etagged')) {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' });
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"' });
      return void res.end('{"status":"published"}');
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"initialized"}');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  jwksServer = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
  const pair = await generateKeyPair('RS256', { extractable: true });
  key = pair.privateKey;
  published.push({ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' });
  server = await startTestServer({
    modules,
    roles: ['api', 'gateway'],
    config: {
      POLICY_FILE: testPolicy(),
      GATEWAY_PORT: 0,
      GATEWAY_UPSTREAMS: { '*': `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` },
      GATEWAY_ISSUERS: [{ name: 'Maskinporten (local)', issuer: ISS, jwksUri: `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwk`, environments: ['test', 'production'], algorithms: ['RS256'] }],
      GATEWAY_TEST_ISSUER: 'false',
    } as never,
  });
  lonnNo = server.demo.orgs.lonnsmester.orgNumber;
  lonnId = server.demo.orgs.lonnsmester.id;
  fjordId = server.demo.orgs.fjordregnskap.id;
  // Production calls: the broker test approved by Digdir; the access snapshot reads it.
  await server.ctx.db.insert(productTests).values({ orgId: lonnId, product: 'broker', approvedAt: new Date() }).onConflictDoUpdate({ target: [productTests.orgId, productTests.product], set: { approvedAt: new Date() } });
  invalidateAccess(server.ctx);
  await (await accessDecisions(server.ctx)).current();
  for (const k of ['vendorDev', 'vendor2Admin', 'operatorAgent', 'auditor', 'skattAdmin']) c[k] = await server.as(k);
}, 300_000);

afterAll(async () => {
  await server?.stop();
  upstream?.close();
  jwksServer?.close();
});

describe('polling detection in the gateway (T-1.2.4)', () => {
  it('[T-1.2.4] the same read repeated with an identical answer is polling: header with the event types, counted, a finding at level 1', async () => {
    const p = '/test/broker/api/v1/filetransfer/5f1d2c3b-aaaa-4bbb-8ccc-000000000001';
    const headers: (string | null)[] = [];
    for (let i = 0; i < 6; i++) headers.push((await read(p)).headers.get('samsvar-polling'));
    // Reads 1–4 make the run; from the 5th on the answer says so.
    expect(headers.slice(0, 4)).toEqual([null, null, null, null]);
    expect(headers[4]).toBe('polling;level=1;events="no.altinn.broker.published no.altinn.broker.downloadconfirmed no.altinn.broker.allconfirmeddownloaded"');
    expect(headers[5]).toBe(headers[4]);
    await pollingDetectorOf(server.ctx)!.flush();
    const f = await findingOf('test', STATUS_ROUTE);
    expect(f).toMatchObject({ level: 1, status: 'open', product: 'broker', reads: 6, unchanged: 5, eventTypes: ['no.altinn.broker.published', 'no.altinn.broker.downloadconfirmed', 'no.altinn.broker.allconfirmeddownloaded'] });
    expect(f.samplePath).toBe(p);
    const [day] = await server.ctx.db.select().from(usageDaily).where(and(eq(usageDaily.vendorOrgId, lonnId), eq(usageDaily.route, STATUS_ROUTE), eq(usageDaily.env, 'test')));
    expect(day).toMatchObject({ calls: 6, unchanged: 5, polling: 6, product: 'broker' });
  });

  it('[T-1.2.4] a read whose answer changes every time is not polling', async () => {
    const p = '/test/broker/api/v1/filetransfer/5f1d2c3b-aaaa-4bbb-8ccc-000000000002/details';
    for (let i = 0; i < 6; i++) expect((await read(p)).headers.get('samsvar-polling')).toBeNull();
    await pollingDetectorOf(server.ctx)!.flush();
    expect(await findingOf('test', 'GET /broker/api/v1/filetransfer/{fileTransferId}/details')).toBeUndefined();
    const [day] = await server.ctx.db.select().from(usageDaily).where(and(eq(usageDaily.vendorOrgId, lonnId), eq(usageDaily.route, 'GET /broker/api/v1/filetransfer/{fileTransferId}/details')));
    expect(day).toMatchObject({ calls: 6, unchanged: 0, polling: 0 });
  });

  it('[T-1.2.4] 304 answers to conditional reads (ETag) count as unchanged and as polling, in production too', async () => {
    const p = '/prod/broker/api/v1/filetransfer/etagged-1';
    const first = await read(p);
    expect(first.status, first.bodyText).toBe(200);
    for (let i = 0; i < 4; i++) expect((await read(p, { 'if-none-match': '"v1"' })).status).toBe(304);
    await pollingDetectorOf(server.ctx)!.flush();
    const f = await findingOf('production', STATUS_ROUTE);
    expect(f).toMatchObject({ level: 1, reads: 5, unchanged: 4 });
  });
});

describe('escalation (T-1.2.4)', () => {
  it('[T-1.2.4] [T-7.2] steps only while the polling goes on: warning, then the route throttled for the vendor (a measure the gateway enforces), proposal to suspend; each published with the event types', async () => {
    const f = await findingOf('test', STATUS_ROUTE);
    // A day later, but no polling seen since: no step.
    await runEscalation(server.ctx, new Date(Date.now() + DAY + 60_000));
    expect((await findingOf('test', STATUS_ROUTE)).level).toBe(1);
    const steps: Array<{ level: number; throttle: string | null }> = [];
    for (let i = 0; i < 3; i++) {
      const since = new Date(Date.now() - 2 * DAY);
      await server.ctx.db.update(pollingFindings).set({ levelSince: since, lastSeenAt: new Date() }).where(eq(pollingFindings.id, f.id));
      const r = await runEscalation(server.ctx);
      expect(r.escalated).toBeGreaterThanOrEqual(1);
      const now = await findingOf('test', STATUS_ROUTE);
      steps.push({ level: now.level, throttle: now.throttle });
    }
    expect(steps).toEqual([
      { level: 2, throttle: null },
      { level: 3, throttle: 'applied: 10/60s' },
      { level: 4, throttle: 'applied: 10/60s' },
    ]);
    // Level 3 applied a throttle of the polled route, for this vendor, in the environment it polled in.
    const measureId = (await findingOf('test', STATUS_ROUTE)).throttleMeasureId!;
    const [m] = await server.ctx.db.select().from(measures).where(eq(measures.id, measureId));
    expect(m).toMatchObject({ kind: 'throttle', vendorOrgId: lonnId, product: 'broker', routeId: STATUS_ROUTE, environment: 'test', rateRequests: 10, ratePerSeconds: 60, clause: 'T-1.2.4', appliedBy: null, liftedAt: null });
    expect(m.reason).toContain('no.altinn.broker.published');
    // The gateway enforces it on that route only: the 11th read within the minute is refused, other routes pass.
    await measuresOf(server.ctx)!.current();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await read('/test/broker/api/v1/filetransfer/5f1d2c3b-aaaa-4bbb-8ccc-000000000009')).status);
    expect(statuses.filter((x) => x === 200)).toHaveLength(10);
    const refused = await read('/test/broker/api/v1/filetransfer/5f1d2c3b-aaaa-4bbb-8ccc-000000000009');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-policy')).toContain('"throttle-route";q=10;w=60');
    expect(JSON.parse(refused.bodyText)).toMatchObject({ policy: 'throttle-route', eventTypes: expect.arrayContaining(['no.altinn.broker.published']) });
    expect((await read('/test/broker/api/v1/filetransfer/5f1d2c3b-aaaa-4bbb-8ccc-000000000009/details')).status).toBe(200);
    expect((await read('/prod/broker/api/v1/filetransfer/5f1d2c3b-aaaa-4bbb-8ccc-000000000009')).status).toBe(200);
    // No step past the last.
    await server.ctx.db.update(pollingFindings).set({ levelSince: new Date(Date.now() - 30 * DAY), lastSeenAt: new Date() }).where(eq(pollingFindings.id, f.id));
    await runEscalation(server.ctx);
    expect((await findingOf('test', STATUS_ROUTE)).level).toBe(4);

    const evs = await server.ctx.db.select().from(events).where(eq(events.resource, `urn:samsvar:polling-finding:${f.id}`));
    expect(evs.map((e) => (e.data as any).level)).toEqual([2, 3, 4]);
    expect(evs.every((e) => e.type === 'no.samsvar.usage.polling' && e.orgId === lonnId && e.visibility === 'org')).toBe(true);
    expect((evs[0].data as any).eventTypes).toContain('no.altinn.broker.published');
    const audits = await server.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'usage.finding.escalated'), eq(auditLog.targetId, f.id)));
    expect(audits).toHaveLength(3);

    // How each step reads: the warning to the vendor, the proposal to suspend to the operators as well.
    const def = getNotification('no.samsvar.usage.polling')!;
    const asEvent = (e: (typeof evs)[number]) => ({ ...e, seq: Number(e.seq), data: e.data as any }) as never;
    expect(def.when!(asEvent(evs[0]))).toBe(true);
    const warn = def.render(asEvent(evs[0]), 'en');
    expect(warn.title).toBe('Warning: your system is polling.');
    expect(warn.text).toContain('Subscribe to no.altinn.broker.published');
    expect(def.render(asEvent(evs[1]), 'nb').title).toBe('Ruten er strupet til 10/60s for dere.');
    const db = server.ctx.db;
    const vendorAudience = await def.audience(server.ctx, db, asEvent(evs[0]));
    const suspendAudience = await def.audience(server.ctx, db, asEvent(evs[2]));
    expect(vendorAudience).toContain(server.demo.users.vendor2Admin.id);
    expect(vendorAudience).not.toContain(server.demo.users.operatorAgent.id);
    expect(suspendAudience).toEqual(expect.arrayContaining([server.demo.users.vendor2Admin.id, server.demo.users.operatorAgent.id]));
  });

  it('[T-1.2.4] a finding without polling for the quiet period is resolved', async () => {
    const f = await findingOf('production', STATUS_ROUTE);
    // As if its escalation had throttled the route: the throttle is lifted with the finding.
    const m = await server.ctx.db.transaction((tx) =>
      applySystemMeasure(server.ctx, tx, { kind: 'throttle', vendor: lonnNo, product: 'broker', route: STATUS_ROUTE, environment: 'production', rate: { requests: 10, perSeconds: 60 }, clause: 'T-1.2.4', reason: 'Polling (test)' }, { userId: null, name: 'Samsvar', actor: { label: 'system:usage' } }),
    );
    await server.ctx.db.update(pollingFindings).set({ lastSeenAt: new Date(Date.now() - 15 * DAY), throttleMeasureId: m.id }).where(eq(pollingFindings.id, f.id));
    const r = await runEscalation(server.ctx);
    expect(r.resolved).toBe(1);
    const [row] = await server.ctx.db.select().from(pollingFindings).where(eq(pollingFindings.id, f.id));
    expect(row).toMatchObject({ status: 'resolved', level: 1 });
    const [lifted] = await server.ctx.db.select().from(measures).where(eq(measures.id, m.id));
    expect(lifted.liftReason).toContain('quiet period');
    expect((await findingOf('test', STATUS_ROUTE)).status).toBe('open');
  });

  it('[T-1.2.4] the weekly report mails the polling vendor\'s admins once a week, with the event types to subscribe to', async () => {
    const r = await runWeeklyReport(server.ctx);
    expect(r.vendors).toBeGreaterThanOrEqual(1);
    const mails = await server.ctx.db.select().from(mailOutbox).where(and(eq(mailOutbox.kind, 'usage.weekly'), eq(mailOutbox.orgId, lonnId)));
    expect(mails.map((m) => m.to)).toEqual([server.demo.users.vendor2Admin.email]);
    expect(mails[0].text).toContain(STATUS_ROUTE);
    expect(mails[0].text).toContain('no.altinn.broker.published');
    expect(mails[0].text).toContain('/usage');
    expect(await runWeeklyReport(server.ctx)).toEqual({ vendors: 0, messages: 0 });
  });
});

describe('call efficiency API: each vendor sees only its own (T-1.2.4)', () => {
  it('[T-1.2.4] a vendor sees its own usage and findings only; asking for another vendor is 404', async () => {
    const own = await c.vendor2Admin.get('/api/v1/usage/findings');
    expect(own.status, own.text).toBe(200);
    expect(own.body.items.length).toBeGreaterThanOrEqual(1);
    expect(own.body.items.every((f: any) => f.vendorOrgId === lonnId)).toBe(true);
    const fjord = await c.vendorDev.get('/api/v1/usage/findings');
    // Fjordregnskap's own demo finding only.
    expect(fjord.body.items.map((f: any) => f.vendorOrgId)).toEqual([fjordId]);
    expect(fjord.body.items[0]).toMatchObject({ route: STATUS_ROUTE, env: 'production', eventTypes: expect.arrayContaining(['no.altinn.broker.published']) });
    expect((await c.vendorDev.get(`/api/v1/usage/findings?orgId=${lonnId}`)).status).toBe(404);
    expect((await c.vendorDev.get(`/api/v1/usage/summary?orgId=${lonnId}`)).status).toBe(404);
    const sum = await c.vendor2Admin.get('/api/v1/usage/summary');
    expect(sum.status, sum.text).toBe(200);
    expect(sum.body.items.every((r: any) => r.vendorOrgId === lonnId)).toBe(true);
    const status = sum.body.items.find((r: any) => r.route === STATUS_ROUTE && r.env === 'test');
    expect(status).toMatchObject({ calls: 6, unchanged: 5, unchangedShare: 0.833 });
    expect(sum.body.totals.calls).toBe(sum.body.items.reduce((a: number, r: any) => a + r.calls, 0));
  });

  it('[T-1.2.4] operators and auditors see every vendor; service owners may not read it', async () => {
    for (const k of ['operatorAgent', 'auditor']) {
      const all = await c[k].get('/api/v1/usage/findings');
      expect(all.status).toBe(200);
      expect(new Set(all.body.items.map((f: any) => f.vendorOrgId))).toEqual(new Set([lonnId, fjordId]));
      const only = await c[k].get(`/api/v1/usage/summary?orgId=${fjordId}`);
      expect(only.body.items.length).toBeGreaterThan(0);
      expect(only.body.items.every((r: any) => r.vendorOrgId === fjordId)).toBe(true);
    }
    expect((await c.skattAdmin.get('/api/v1/usage/findings')).status).toBe(403);
    expect((await server.client().get('/api/v1/usage/summary')).status).toBe(401);
  });

  it('[T-1.2.4] input is validated (problem details) and only operators close a finding, once', async () => {
    const bad = await c.operatorAgent.get('/api/v1/usage/summary?from=2026-13');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await c.operatorAgent.get('/api/v1/usage/summary?from=2026-05-02&to=2026-05-01')).status).toBe(400);
    const f = await findingOf('test', STATUS_ROUTE);
    expect((await c.vendor2Admin.post(`/api/v1/usage/findings/${f.id}/decision`, { decision: 'dismiss', note: 'we fixed it' })).status).toBe(403);
    expect((await c.operatorAgent.post(`/api/v1/usage/findings/${f.id}/decision`, { decision: 'maybe', note: 'x' })).status).toBe(400);
    const ok = await c.operatorAgent.post(`/api/v1/usage/findings/${f.id}/decision`, { decision: 'dismiss', note: 'Contacted the vendor; they subscribe now.' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ status: 'dismissed', decisionNote: 'Contacted the vendor; they subscribe now.' });
    expect((await c.operatorAgent.post(`/api/v1/usage/findings/${f.id}/decision`, { decision: 'resolve', note: 'again' })).status).toBe(409);
    // The throttle its escalation applied is lifted with it, and the gateway lets the route through again.
    expect(f.throttleMeasureId).toBeTruthy();
    const [m] = await server.ctx.db.select().from(measures).where(eq(measures.id, f.throttleMeasureId!));
    expect(m.liftedAt).not.toBeNull();
    expect(m.liftReason).toContain('Contacted the vendor');
    expect(m.liftedBy).toBe(server.demo.users.operatorAgent.id);
    await measuresOf(server.ctx)!.current();
    expect((await read('/test/broker/api/v1/filetransfer/5f1d2c3b-aaaa-4bbb-8ccc-000000000009')).status).toBe(200);
  });
});
