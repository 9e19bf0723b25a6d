/**
 * What the gateway feeds to the rest of Samsvar, over HTTP against a real gateway role and a local upstream:
 * Deprecation/Sunset headers on APIs of breaking-change notices and who still calls them (T-1.2.6, T-3.1.2), passive
 * availability from upstream errors (S-2.3.1), traffic per service and service owners' download confirmations
 * (S-7.3.1, S-7.4.1), and the export of a vendor's call records with the chain proof, verified offline (T-6).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { verifyExport } from '../../platform/audit/export.ts';
import { notifyChange } from '../../platform/changes/index.ts';
import { componentSignals, currentStates } from '../components/index.ts';
import { modules } from '../index.ts';
import { notices } from '../notices/index.ts';
import { services, systemClients, systemProducts } from '../registry/tables.ts';
import { accessDecisions, invalidateAccess } from '../terms/index.ts';
import { productTests } from '../terms/tables.ts';
import { gatewayOf, startGateway } from './index.ts';

const ISS = 'https://maskinporten.local/';
const AUD = 'https://gateway.samsvar.local';
const FJORD_CLIENT = '3f6c1e8a-5b2d-4c7e-9a10-7d2a4b6c8e01';
const SKATT = '974761076';
const OTHER_CUSTOMER = '910000009';

let server: TestServer;
let stopGateway: () => Promise<void>;
let gw: string;
let key: CryptoKey;
let upstream: http.Server;
let jwksServer: http.Server;
/** Status the upstream answers with. */
let upstreamStatus = 200;
/** Milliseconds the upstream waits before it answers (the timeout test). */
let upstreamDelayMs = 0;
const c: Record<string, TestClient> = {};
let fjordNo: string;
let skattId: string;

const orgClaim = (orgNo: string) => ({ authority: 'iso6523-actorid-upis', ID: `0192:${orgNo}` });

async function token(scope: string, consumer = SKATT): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope, client_id: FJORD_CLIENT, consumer: orgClaim(consumer), supplier: orgClaim(fjordNo) })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(ISS)
    .setAudience(AUD)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key);
}

async function call(method: string, p: string, bearer: string, body?: string) {
  const res = await fetch(gw + p, { method, headers: { authorization: `Bearer ${bearer}` }, body });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, body: json, text };
}

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(upstreamStatus, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: upstreamStatus }));
      };
      if (upstreamDelayMs) setTimeout(answer, upstreamDelayMs);
      else answer();
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const pair = await generateKeyPair('RS256', { extractable: true });
  key = pair.privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwksServer = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
  server = await startTestServer({
    modules,
    roles: ['api'],
    config: {
      GATEWAY_PORT: 0,
      // Altinn Events in production is unreachable (a closed port): the passive availability test's outage.
      GATEWAY_UPSTREAMS: { '*': `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, 'events.production': 'http://127.0.0.1:9' },
      GATEWAY_ISSUERS: [{ name: 'Maskinporten (local)', issuer: ISS, jwksUri: `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwk`, environments: ['test', 'production'], algorithms: ['RS256'], audience: AUD }],
      GATEWAY_FLUSH_MS: 50,
      GATEWAY_UPSTREAM_TIMEOUT_MS: 1000,
    },
  });
  // Passive availability with a short window and no quiet period, so a test sees a change and its end in seconds.
  (server.ctx.policy.policy as { passiveAvailability?: unknown }).passiveAvailability = {
    windowSeconds: 10,
    minCalls: 10,
    levels: [
      { errorShare: 0.2, state: 'partial_outage' },
      { errorShare: 0.5, state: 'major_outage' },
    ],
    clearAfterSeconds: 0,
    clauses: ['S-2.3.1'],
  };
  stopGateway = await startGateway(server.ctx);
  gw = gatewayOf(server.ctx)!.url;
  for (const k of ['operatorAgent', 'operatorAdmin', 'auditor', 'vendorAdmin', 'vendor2Admin']) c[k] = await server.as(k);
  fjordNo = server.demo.orgs.fjordregnskap.orgNumber;
  skattId = server.demo.orgs.skatt.id;
  // Fjordregnskap's system also works with Apps and Formidling, tests passed (for the service-owner calls below).
  const db = server.ctx.db;
  const [sys] = await db.select({ systemId: systemClients.systemId }).from(systemClients).where(eq(systemClients.clientId, FJORD_CLIENT));
  await db.insert(systemProducts).values([
    { systemId: sys.systemId, product: 'apps', purpose: 'Hente og fullføre innsendinger for Skatteetaten' },
    { systemId: sys.systemId, product: 'broker', purpose: 'Motta filer for Skatteetaten' },
    { systemId: sys.systemId, product: 'events', purpose: 'Abonnere på hendelser' },
  ]).onConflictDoNothing();
  const fjordId = server.demo.orgs.fjordregnskap.id;
  await db.insert(productTests).values([
    { orgId: fjordId, product: 'apps', approvedAt: new Date() },
    { orgId: fjordId, product: 'broker', approvedAt: new Date() },
    { orgId: fjordId, product: 'events', approvedAt: new Date() },
  ]).onConflictDoNothing();
  invalidateAccess(server.ctx);
  await (await accessDecisions(server.ctx)).current();
  const dir = gatewayOf(server.ctx)!.directory;
  dir.invalidate();
  await dir.current();
}, 300_000);

afterAll(async () => {
  await stopGateway?.();
  await server?.stop();
  upstream?.close();
  jwksServer?.close();
});

describe('deprecation and sunset', () => {
  let ref: string;
  let noticeId: string;
  const sunsetAt = new Date(Date.now() + 100 * 86_400_000);

  it('[T-1.2.6] [T-3.1.2] APIs of a breaking-change notice answer with Deprecation, Sunset and a Link to the notice', async () => {
    const created = await c.operatorAgent.post('/api/v1/notices', {
      noticeClass: 'breakingChange',
      title: 'Dialogporten: ny versjon av dialog-API-et',
      startsAt: new Date(Date.now() + 9 * 7 * 86_400_000).toISOString(),
      // {id}: the notice need not use the catalogue's parameter names.
      apis: [{ product: 'dialogporten', method: 'GET', path: '/dialogporten/api/v1/enduser/dialogs/{id}', sunsetAt: sunsetAt.toISOString() }],
    });
    expect(created.status, created.text).toBe(201);
    ref = created.body.ref;
    noticeId = created.body.id;
    const publishedAt = Date.parse(created.body.publishedAt);
    const t = await token('digdir:dialogporten');
    let res!: Awaited<ReturnType<typeof call>>;
    await vi.waitFor(async () => {
      res = await call('GET', '/prod/dialogporten/api/v1/enduser/dialogs/d-1', t);
      expect(res.headers.get('deprecation')).not.toBeNull();
    }, { timeout: 5000, interval: 50 });
    expect(res.status).toBe(200);
    expect(res.headers.get('deprecation')).toBe(`@${Math.floor(publishedAt / 1000)}`);
    expect(res.headers.get('sunset')).toBe(sunsetAt.toUTCString());
    const link = `${server.ctx.config.PUBLIC_URL}/status/maintenance/${ref}`;
    expect(res.headers.get('link')).toContain(`<${link}>; rel="deprecation"; type="text/html"`);
    expect(res.headers.get('link')).toContain(`<${link}>; rel="sunset"`);
    // A route the notice does not name has no such headers.
    const other = await call('GET', '/prod/dialogporten/api/v1/enduser/dialogs', t);
    expect(other.status).toBe(200);
    expect(other.headers.get('deprecation')).toBeNull();
    expect(other.headers.get('sunset')).toBeNull();
  });

  it('[T-1.2.6] operators see which vendors still call a deprecated API; a vendor sees only its own calls', async () => {
    const t = await token('digdir:dialogporten');
    await call('GET', '/prod/dialogporten/api/v1/enduser/dialogs/d-2', t);
    await call('GET', '/test/dialogporten/api/v1/enduser/dialogs/d-3', t);
    await gatewayOf(server.ctx)!.flush();
    const ops = await c.operatorAgent.get('/api/v1/deprecations');
    expect(ops.status, ops.text).toBe(200);
    const n = ops.body.items.find((x: any) => x.ref === ref);
    expect(n).toMatchObject({ noticeId, vendors: 1, sunsetAt: sunsetAt.toISOString() });
    const prod = n.usage.find((u: any) => u.env === 'production');
    expect(prod).toMatchObject({ routeId: 'GET /dialogporten/api/v1/enduser/dialogs/{dialogId}', vendorOrgNumber: fjordNo, calls: 2, callsAfterSunset: 0 });
    expect(Date.parse(prod.lastCallAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(n.usage.find((u: any) => u.env === 'test')).toMatchObject({ calls: 1 });
    const onlyProd = await c.operatorAgent.get(`/api/v1/deprecations?env=production&noticeId=${noticeId}`);
    expect(onlyProd.body.items).toHaveLength(1);
    expect(onlyProd.body.items[0].usage.map((u: any) => u.env)).toEqual(['production']);
    // The calling vendor sees its own calls; another vendor sees the notice but no one's calls.
    const own = await c.vendorAdmin.get('/api/v1/deprecations');
    expect(own.body.items.find((x: any) => x.ref === ref).usage.map((u: any) => u.vendorOrgNumber)).toEqual([fjordNo, fjordNo]);
    const other = await c.vendor2Admin.get('/api/v1/deprecations');
    expect(other.status).toBe(200);
    expect(other.body.items.find((x: any) => x.ref === ref).usage).toEqual([]);
    expect((await c.operatorAgent.get('/api/v1/deprecations?env=staging')).status).toBe(400);
  });

  it('[T-1.2.6] after the sunset the route is refused with 410 Gone (policy deprecation.refuseAfterSunset)', async () => {
    const past = new Date(Date.now() - 60_000);
    await server.ctx.db.transaction(async (tx) => {
      await tx.update(notices).set({ apis: [{ product: 'dialogporten', method: 'GET', path: '/dialogporten/api/v1/enduser/dialogs/{id}', sunsetAt: past.toISOString() }] }).where(eq(notices.id, noticeId));
      await notifyChange(tx, 'status', ref);
    });
    const t = await token('digdir:dialogporten');
    let res!: Awaited<ReturnType<typeof call>>;
    await vi.waitFor(async () => {
      res = await call('GET', '/prod/dialogporten/api/v1/enduser/dialogs/d-4', t);
      expect(res.status).toBe(410);
    }, { timeout: 5000, interval: 50 });
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: 'urn:samsvar:problem:gateway:api-sunset', status: 410, notice: ref, clause: 'T-1.2.6' });
    expect(res.headers.get('sunset')).toBe(new Date(Math.floor(past.getTime() / 1000) * 1000).toUTCString());
    await gatewayOf(server.ctx)!.flush();
    const n = (await c.operatorAgent.get(`/api/v1/deprecations?env=production&noticeId=${noticeId}`)).body.items[0];
    expect(n.usage[0].callsAfterSunset).toBeGreaterThanOrEqual(1);
    // Cancelling the notice lifts the deprecation.
    await server.ctx.db.transaction(async (tx) => {
      await tx.update(notices).set({ state: 'cancelled' }).where(eq(notices.id, noticeId));
      await notifyChange(tx, 'status', ref);
    });
    await vi.waitFor(async () => expect((await call('GET', '/prod/dialogporten/api/v1/enduser/dialogs/d-5', t)).status).toBe(200), { timeout: 5000, interval: 50 });
  });
});

describe('passive availability', () => {
  const state = async () => (await currentStates(server.ctx.db)).get('correspondence')?.state ?? 'operational';

  it('[S-2.3.1] upstream 5xx in production change the component state (source "gateway"); recovery ends the signal', async () => {
    const health = gatewayOf(server.ctx)!.health;
    const t = await token('altinn:correspondence.read');
    let n = 0;
    const p = () => `/prod/correspondence/api/v1/correspondence/c-${++n}`;
    expect(await state()).toBe('operational');
    upstreamStatus = 503;
    try {
      for (let i = 0; i < 12; i++) expect((await call('GET', p(), t)).status).toBe(503);
      // Calls in the test environment do not count.
      for (let i = 0; i < 20; i++) await call('GET', p().replace('/prod/', '/test/'), t);
    } finally {
      upstreamStatus = 200;
    }
    await health.tick();
    expect(await state()).toBe('major_outage');
    const [sig] = await server.ctx.db.select().from(componentSignals).where(and(eq(componentSignals.componentId, 'correspondence'), eq(componentSignals.source, 'gateway'), isNull(componentSignals.endedAt)));
    expect(sig).toMatchObject({ state: 'major_outage', sourceRef: 'production' });
    expect(sig.note).toMatch(/12 of 12 production calls failed/);
    // Fewer errors: 12 of 36 (33 %) is a partial outage.
    for (let i = 0; i < 24; i++) expect((await call('GET', p(), t)).status).toBe(200);
    await health.tick();
    expect(await state()).toBe('partial_outage');
    // Recovered: 12 of 96 (12.5 %) reaches no level, and with no quiet period the signal ends.
    for (let i = 0; i < 60; i++) await call('GET', p(), t);
    await health.tick();
    expect(await state()).toBe('operational');
    const open = await server.ctx.db.select().from(componentSignals).where(and(eq(componentSignals.source, 'gateway'), isNull(componentSignals.endedAt)));
    expect(open).toEqual([]);
  });
});

describe('passive availability: timeouts and unreachable upstreams', () => {
  it('[S-2.3.1] an unreachable upstream is an outage of its component; with no calls for the window the signal ends', async () => {
    const health = gatewayOf(server.ctx)!.health;
    const t = await token('altinn:events.subscribe');
    for (let i = 0; i < 10; i++) {
      const res = await call('GET', `/prod/events/api/v1/subscriptions/s-${i}`, t);
      expect(res.status).toBe(502);
      expect(res.body.type).toBe('urn:samsvar:problem:gateway:upstream-unreachable');
    }
    await health.tick();
    expect((await currentStates(server.ctx.db)).get('events')?.state).toBe('major_outage');
    expect((await currentStates(server.ctx.db)).get('correspondence')?.state ?? 'operational').toBe('operational');
    // Eleven seconds later the 10 s window is empty: no level is reached, the signal ends.
    await health.tick(Date.now() + 11_000);
    expect((await currentStates(server.ctx.db)).get('events')?.state).toBe('operational');
  });
});

describe('upstream timeout', () => {
  it('[S-2.3.1] an upstream that does not start answering within GATEWAY_UPSTREAM_TIMEOUT_MS gets 504 upstream-timeout; the next call is answered', async () => {
    const t = await token('digdir:dialogporten');
    upstreamDelayMs = 1500;
    try {
      const slow = await call('GET', '/test/dialogporten/api/v1/enduser/dialogs/d-slow', t);
      expect(slow.status).toBe(504);
      expect(slow.body).toMatchObject({ type: 'urn:samsvar:problem:gateway:upstream-timeout', status: 504, clause: 'S-2.3.1' });
    } finally {
      upstreamDelayMs = 0;
    }
    expect((await call('GET', '/test/dialogporten/api/v1/enduser/dialogs/d-fast', t)).status).toBe(200);
  });
});

describe('traffic per service and download confirmations', () => {
  it('[S-7.3.1] production calls to an app count as traffic of its service (batched), which the idle check reads', async () => {
    const [svc] = await server.ctx.db.select().from(services).where(eq(services.resourceId, 'urn:altinn:resource:app_skd_mva-melding'));
    const before = (await c.operatorAgent.get(`/api/v1/services/${svc.id}`)).body;
    const t = await token('altinn:instances.write altinn:instances.read', OTHER_CUSTOMER);
    for (let i = 0; i < 3; i++) expect((await call('POST', '/prod/skd/mva-melding/instances', t, '{}')).status).toBe(200);
    await call('POST', '/test/skd/mva-melding/instances', t, '{}');
    await gatewayOf(server.ctx)!.flush();
    const after = (await c.operatorAgent.get(`/api/v1/services/${svc.id}`)).body;
    expect(after.trafficCount).toBe(before.trafficCount + 3);
    expect(Date.parse(after.lastTrafficAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(after.idle).toBe(false);
  });

  it("[S-7.4.1] a service owner's confirmdownload and an instance's complete confirm its data elements; others' calls do not", async () => {
    const [svc] = await server.ctx.db.select().from(services).where(eq(services.resourceId, 'urn:altinn:resource:app_skd_mva-melding'));
    const add = async (body: object) => {
      const r = await c.operatorAgent.post(`/api/v1/organisations/${skattId}/data-elements`, body);
      expect(r.status, r.text).toBe(201);
    };
    await add({ serviceId: svc.id, instanceRef: '50001/6f1f1c2e-aaaa-4bbb-8ccc-000000000001', elementRef: 'mva-a' });
    await add({ serviceId: svc.id, instanceRef: '50001/6f1f1c2e-aaaa-4bbb-8ccc-000000000001', elementRef: 'mva-b' });
    await add({ serviceId: svc.id, instanceRef: '50001/6f1f1c2e-aaaa-4bbb-8ccc-000000000002', elementRef: 'mva-c' });
    await add({ elementRef: 'ft-7' });
    await add({ elementRef: 'ft-8' });
    const owner = await token('altinn:serviceowner/instances.write altinn:broker.read');
    const stranger = await token('altinn:serviceowner/instances.write altinn:broker.read', OTHER_CUSTOMER);
    expect((await call('POST', '/prod/skd/mva-melding/instances/50001/6f1f1c2e-aaaa-4bbb-8ccc-000000000001/complete', owner)).status).toBe(200);
    expect((await call('POST', '/prod/broker/api/v1/filetransfer/ft-7/confirmdownload', owner)).status).toBe(200);
    expect((await call('GET', '/prod/broker/api/v1/filetransfer/ft-8/download', owner)).status).toBe(200);
    // Not the owner, or the upstream refused: nothing is recorded.
    expect((await call('POST', '/prod/skd/mva-melding/instances/50001/6f1f1c2e-aaaa-4bbb-8ccc-000000000002/complete', stranger)).status).toBe(200);
    upstreamStatus = 409;
    try {
      expect((await call('POST', '/prod/broker/api/v1/filetransfer/ft-8/confirmdownload', owner)).status).toBe(409);
    } finally {
      upstreamStatus = 200;
    }
    await gatewayOf(server.ctx)!.flush();
    const list = await c.operatorAgent.get(`/api/v1/organisations/${skattId}/data-elements?limit=100`);
    const by = new Map<string, any>(list.body.items.map((e: any) => [e.elementRef, e]));
    expect(by.get('mva-a')).toMatchObject({ status: 'confirmed', underEndUserControl: true });
    expect(by.get('mva-b')).toMatchObject({ status: 'confirmed' });
    expect(by.get('mva-c')).toMatchObject({ status: 'available', confirmedAt: null });
    expect(by.get('ft-7')).toMatchObject({ status: 'confirmed' });
    expect(by.get('ft-8')).toMatchObject({ status: 'available', confirmedAt: null });
    expect(by.get('ft-8').downloadedAt).not.toBeNull();
  });
});

describe('audit export with the chain proof', () => {
  const period = () => `from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`;
  /** `samsvar audit verify --file` as a separate process (exit status, stdout, stderr). */
  const cli = (file: string) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['bin/samsvar.mjs', 'audit', 'verify', '--file', file], { cwd: process.cwd(), timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('[T-6] an auditor exports a vendor\'s call records with the chain proof; the export verifies offline, a tampered one names the first bad entry', async () => {
    await gatewayOf(server.ctx)!.flush();
    const res = await c.auditor.get(`/api/v1/audit/exports/gateway-calls?vendor=${fjordNo}&${period()}`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="gateway-calls_/);
    const lines = res.text.trim().split('\n');
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed[0]).toMatchObject({ type: 'header', format: 'samsvar-audit-export/2', vendor: { orgNumber: fjordNo }, lines: { action: 'gateway.calls', columns: expect.arrayContaining(['vendorOrgId', 'calledAt', 'path', 'status']) } });
    const calls = parsed.filter((e) => e.type === 'line');
    expect(calls.length).toBeGreaterThan(20);
    expect(calls.every((r) => JSON.parse(r.line)[10] === fjordNo)).toBe(true);
    const batches = parsed.filter((e) => e.type === 'batch');
    expect(batches.length).toBeGreaterThan(0);
    // Others' lines are in the batches as hashes only.
    expect(batches.reduce((n, b) => n + b.lineHashes.length, 0)).toBeGreaterThanOrEqual(calls.length);
    const ok = verifyExport(lines);
    expect(ok).toMatchObject({ ok: true, calls: calls.length, lines: calls.length, batches: batches.length });
    const dir = mkdtempSync(path.join(tmpdir(), 'samsvar-export-'));
    const good = path.join(dir, 'export.jsonl');
    writeFileSync(good, res.text);

    // Tampered: one call's status changed.
    const victim = calls[Math.floor(calls.length / 2)];
    const tampered = lines.map((l) => {
      const e = JSON.parse(l);
      if (e.type !== 'line' || e.seq !== victim.seq || e.index !== victim.index) return l;
      const v = JSON.parse(e.line);
      v[5] = v[5] === 200 ? 201 : 200;
      return JSON.stringify({ ...e, line: JSON.stringify(v) });
    });
    expect(verifyExport(tampered)).toMatchObject({ ok: false, badSeq: victim.seq, reason: expect.stringMatching(/changed/) });
    const bad = path.join(dir, 'tampered.jsonl');
    writeFileSync(bad, tampered.join('\n') + '\n');
    // Both files through the command line, side by side (each process loads the whole CLI).
    const [pass, fail] = await Promise.all([cli(good), cli(bad)]);
    expect(pass.status, pass.stderr).toBe(0);
    expect(pass.stdout).toMatch(new RegExp(`export intact: ${calls.length} call records`));
    expect(fail.status).toBe(1);
    expect(fail.stderr).toContain(`export BROKEN at entry ${victim.seq}`);
    // A batch's line hash changed, the batch removed, or the end cut off, breaks it too.
    const batch = batches[0];
    const rehashed = lines.map((l) => {
      const e = JSON.parse(l);
      return e.type === 'batch' && e.seq === batch.seq ? JSON.stringify({ ...e, lineHashes: [[...e.lineHashes[0]].reverse().join(''), ...e.lineHashes.slice(1)] }) : l;
    });
    expect(verifyExport(rehashed)).toMatchObject({ ok: false, badSeq: batch.seq, reason: expect.stringMatching(/root/) });
    expect(verifyExport(lines.filter((l) => !(l.includes('"type":"batch"') && JSON.parse(l).seq === batch.seq)))).toMatchObject({ ok: false, badSeq: batch.seq });
    expect(verifyExport(lines.slice(0, -1))).toMatchObject({ ok: false, reason: expect.stringMatching(/truncated/) });
  }, 60_000);

  it('[T-6] a vendor cannot export (403); operator admins can, also as CSV; the period is checked', async () => {
    expect((await c.vendorAdmin.get(`/api/v1/audit/exports/gateway-calls?vendor=${fjordNo}&${period()}`)).status).toBe(403);
    expect((await c.operatorAgent.get(`/api/v1/audit/exports/gateway-calls?vendor=${fjordNo}&${period()}`)).status).toBe(403);
    const csv = await c.operatorAdmin.get(`/api/v1/audit/exports/gateway-calls?vendor=${fjordNo}&${period()}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toBe('seq,loggedAt,calledAt,env,method,path,status,latencyMs,bytesIn,bytesOut,refusal,customer,systemUser,clientId,product,route,hash');
    expect(rows.length).toBeGreaterThan(20);
    expect(rows[1]).toMatch(/^\d+,\d{4}-\d\d-\d\dT[^,]+Z,\d{4}-\d\d-\d\dT[^,]+Z,(test|production),[A-Z]+,\/[^,]*,\d{3},/);
    const reversed = await c.auditor.get(`/api/v1/audit/exports/gateway-calls?vendor=${fjordNo}&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`);
    expect(reversed.status).toBe(400);
    expect(reversed.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await c.auditor.get(`/api/v1/audit/exports/gateway-calls?vendor=${SKATT}&${period()}`)).status).toBe(400);
    expect((await c.auditor.get(`/api/v1/audit/exports/gateway-calls?vendor=999999999&${period()}`)).status).toBe(404);
    // An empty period verifies too (no records, no anchor).
    const empty = await c.auditor.get(`/api/v1/audit/exports/gateway-calls?vendor=${fjordNo}&from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z`);
    expect(verifyExport(empty.text.split('\n'))).toMatchObject({ ok: true, calls: 0 });
  });
});
