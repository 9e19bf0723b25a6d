/**
 * The governance gateway over HTTP: a real gateway role in front of a real local upstream, tokens verified against a
 * JWKS served by a local HTTP server, and the test issuer of the api role. Every gate's refusal and a passing call,
 * the token attacks, test calls counted towards the test before production, and the audit records (T-1.1, T-1.2,
 * T-1.2.1, T-1.2.2, T-1.2.3, T-1.2.5, T-5, T-6, T-9).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { isValidNationalId } from '../../kernel/ids/index.ts';
import { auditLineBatches, auditLog, verifyAudit } from '../../platform/audit/index.ts';
import { parseCallLine } from './callEntry.ts';
import { authTables } from '../../platform/auth/index.ts';
import { modules } from '../index.ts';
import { systemClients, systemProducts, vendorSystems } from '../registry/tables.ts';
import { accessDecisions, invalidateAccess } from '../terms/index.ts';
import { productTests, terminations } from '../terms/tables.ts';
import { gatewayOf } from './index.ts';

const ISS = 'https://maskinporten.local/';
const AUD = 'https://gateway.samsvar.local';
const FJORD_CLIENT = '3f6c1e8a-5b2d-4c7e-9a10-7d2a4b6c8e01';
const LONN_CLIENT = '9b1e2c3d-4f50-4a6b-8c7d-1e2f3a4b5c6d';
const NEW_CLIENT = 'c0ffee00-0000-4000-8000-00000000abcd';

let server: TestServer;
/** Every call line stored so far (flush first). */
const callLines = async () => (await server.ctx.db.select().from(auditLineBatches)).flatMap((b) => b.lines.split('\n').map(parseCallLine));
let gw: string;
const c: Record<string, TestClient> = {};
let upstream: http.Server;
let jwksServer: http.Server;
let jwksFetches = 0;
const published: JWK[] = [];
const seen: Array<{ method: string; url: string; authorization?: string; bytes: number }> = [];
let k1: CryptoKey;
let k2: CryptoKey;
let k2Jwk: JWK;
let k1Public: CryptoKey;
let fjordNo: string;
let lonnNo: string;
let newVendorNo: string;
const CUSTOMER = '974761076';

const orgClaim = (orgNo: string) => ({ authority: 'iso6523-actorid-upis', ID: `0192:${orgNo}` });

async function token(
  claims: Record<string, unknown> = {},
  opts: { key?: CryptoKey; kid?: string; iss?: string; aud?: string | null; exp?: number; nbf?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ scope: 'digdir:dialogporten', client_id: FJORD_CLIENT, consumer: orgClaim(CUSTOMER), supplier: orgClaim(fjordNo), ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'k1' })
    .setIssuer(opts.iss ?? ISS)
    .setIssuedAt(now)
    .setExpirationTime(opts.exp ?? now + 120);
  if (opts.aud !== null) jwt.setAudience(opts.aud ?? AUD);
  if (opts.nbf !== undefined) jwt.setNotBefore(opts.nbf);
  return jwt.sign(opts.key ?? k1);
}

async function call(method: string, path: string, bearer?: string, body?: string | Buffer) {
  const res = await fetch(gw + path, { method, headers: bearer ? { authorization: `Bearer ${bearer}` } : {}, body: typeof body === 'string' || body === undefined ? body : new Uint8Array(body) });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, text, headers: res.headers };
}

/** Status of a request sent with the path exactly as given (no URL normalisation). */
function rawStatus(path: string, bearer: string): Promise<number> {
  const u = new URL(gw);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path, method: 'GET', headers: { authorization: `Bearer ${bearer}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A valid fødselsnummer (checksums right) for the redaction test. */
function someNationalId(): string {
  for (let i = 100; i < 1000; i++) for (let c1 = 0; c1 < 10; c1++) for (let c2 = 0; c2 < 10; c2++) {
    const n = `150385${i}${c1}${c2}`;
    if (isValidNationalId(n)) return n;
  }
  throw new Error('none');
}

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    let bytes = 0;
    req.on('data', (b: Buffer) => (bytes += b.length));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, bytes });
      const body = JSON.stringify({ ok: true, url: req.url, bytes });
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' });
      res.end(body);
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  jwksServer = http.createServer((_req, res) => {
    jwksFetches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));

  const p1 = await generateKeyPair('RS256', { extractable: true });
  k1 = p1.privateKey;
  k1Public = p1.publicKey;
  published.push({ ...(await exportJWK(p1.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' });
  const p2 = await generateKeyPair('RS256', { extractable: true });
  k2 = p2.privateKey;
  k2Jwk = { ...(await exportJWK(p2.publicKey)), kid: 'k2', alg: 'RS256', use: 'sig' };

  server = await startTestServer({
    modules,
    roles: ['api', 'gateway'],
    config: {
      GATEWAY_PORT: 0,
      GATEWAY_UPSTREAMS: { '*': `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` },
      GATEWAY_ISSUERS: [
        { name: 'Maskinporten (local)', issuer: ISS, jwksUri: `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwk`, environments: ['test', 'production'], algorithms: ['RS256'], audience: AUD, cooldownSeconds: 1 },
      ],
      GATEWAY_TEST_ISSUER: 'true',
      GATEWAY_FLUSH_MS: 50,
    },
  });
  gw = gatewayOf(server.ctx)!.url;
  for (const k of ['vendorDev', 'vendor2Admin', 'operatorAgent']) c[k] = await server.as(k);
  fjordNo = server.demo.orgs.fjordregnskap.orgNumber;
  lonnNo = server.demo.orgs.lonnsmester.orgNumber;

  // A third vendor: a system registered for events and apps, both tests approved, but no terms accepted.
  const db = server.ctx.db;
  newVendorNo = '310000039';
  const [org] = await db.insert(authTables.organisations).values({ orgNumber: newVendorNo, name: 'Nyleverandør AS (test)', kinds: ['vendor'] }).returning();
  await db.insert(vendorSystems).values({ id: `${newVendorNo}_ny`, orgId: org.id, name: 'ny' });
  await db.insert(systemClients).values({ clientId: NEW_CLIENT, systemId: `${newVendorNo}_ny` });
  await db.insert(systemProducts).values([
    { systemId: `${newVendorNo}_ny`, product: 'events', purpose: 'Abonnere på hendelser' },
    { systemId: `${newVendorNo}_ny`, product: 'apps', purpose: 'Sende inn MVA-meldingen' },
  ]);
  await db.insert(productTests).values([
    { orgId: org.id, product: 'events', approvedAt: new Date() },
    { orgId: org.id, product: 'apps', approvedAt: new Date() },
  ]);
  await refreshState();
}, 300_000);

afterAll(async () => {
  await server?.stop();
  upstream?.close();
  jwksServer?.close();
});

/** Makes the gateway's in-memory state read the rows a test wrote directly. */
async function refreshState() {
  invalidateAccess(server.ctx);
  await (await accessDecisions(server.ctx)).current();
  const dir = gatewayOf(server.ctx)!.directory;
  dir.invalidate();
  await dir.current();
}

describe('a passing call', () => {
  it('[T-1.2.2] [T-1.2] a vendor with a valid token, registered system, accepted terms and a passed test reaches production', async () => {
    const t = await token({ scope: 'digdir:dialogporten altinn:other' });
    const res = await call('GET', '/prod/dialogporten/api/v1/enduser/dialogs?party=urn:altinn:organization:identifier-no:974761076', t);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-upstream')).toBe('yes');
    expect(res.body.url).toBe('/dialogporten/api/v1/enduser/dialogs?party=urn:altinn:organization:identifier-no:974761076');
    // The upstream verifies the token itself: it is forwarded as it came.
    expect(seen.at(-1)!.authorization).toBe(`Bearer ${t}`);
  });

  it('streams request bodies to the upstream', async () => {
    const t = await token({ scope: 'altinn:broker.write', client_id: LONN_CLIENT, supplier: orgClaim(lonnNo) });
    const body = Buffer.alloc(1024 * 1024, 7);
    const res = await call('POST', '/test/broker/api/v1/filetransfer/8f0c/upload', t, body);
    expect(res.status, res.text).toBe(200);
    expect(res.body.bytes).toBe(body.length);
  });
});

describe('gate 1: the token (T-1.2.2)', () => {
  const path = '/test/dialogporten/api/v1/enduser/dialogs';
  const expectRefused = async (bearer: string | undefined, slug: string, status = 401) => {
    const res = await call('GET', path, bearer);
    expect(res.status, res.text).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.type).toBe(`urn:samsvar:problem:gateway:${slug}`);
    expect(res.body.detail.length).toBeGreaterThan(10);
    return res;
  };

  it('[T-1.2.2] refuses a call without a bearer token, saying what to send', async () => {
    const res = await expectRefused(undefined, 'token-missing');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectRefused('not-a-jwt', 'token-malformed');
  });

  it('[T-1.2.2] refuses alg "none"', async () => {
    const payload = { iss: ISS, aud: AUD, exp: Math.floor(Date.now() / 1000) + 60, scope: 'digdir:dialogporten', client_id: FJORD_CLIENT, consumer: orgClaim(fjordNo) };
    await expectRefused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`, 'token-invalid-signature');
  });

  it('[T-1.2.2] refuses HS256 signed with the RSA public key as the secret', async () => {
    const pem = await exportSPKI(k1Public);
    const payload = { iss: ISS, aud: AUD, exp: Math.floor(Date.now() / 1000) + 60, scope: 'digdir:dialogporten', client_id: FJORD_CLIENT, consumer: orgClaim(fjordNo) };
    const head = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'k1' })}.${b64(payload)}`;
    const sig = createHmac('sha256', pem).update(head).digest('base64url');
    await expectRefused(`${head}.${sig}`, 'token-invalid-signature');
  });

  it('[T-1.2.2] refuses a wrong issuer, a wrong audience, an expired and a not-yet-valid token', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await token({}, { iss: 'https://evil.example/' }), 'token-unknown-issuer');
    await expectRefused(await token({}, { aud: 'https://someone-else' }), 'token-wrong-audience');
    await expectRefused(await token({}, { aud: null }), 'token-wrong-audience');
    await expectRefused(await token({}, { exp: now - 120 }), 'token-expired');
    await expectRefused(await token({}, { nbf: now + 600 }), 'token-not-yet-valid');
    // Signed by a key the issuer does not publish, under the published kid.
    await expectRefused(await token({}, { key: k2, kid: 'k1' }), 'token-invalid-signature');
  });

  it('[T-1.2.2] refuses an unknown kid, refetching the JWKS at most once per cooldown; accepts it once the issuer publishes the key', async () => {
    await call('GET', path, await token()); // the JWKS is loaded
    const before = jwksFetches;
    // A burst of ten tokens with a kid the JWKS lacks: at most a refetch or two (the cooldown), not ten.
    const unknown = await Promise.all(Array.from({ length: 10 }, (_x, i) => token({ jti: String(i) }, { key: k2, kid: 'k2' })));
    await Promise.all(unknown.map((t) => expectRefused(t, 'token-invalid-signature')));
    expect(jwksFetches - before).toBeLessThanOrEqual(2);
    published.push(k2Jwk); // the issuer rotates in a new key
    await new Promise((r) => setTimeout(r, 1100));
    const res = await call('GET', path, unknown[0]);
    expect(res.status, res.text).toBe(200);
  });

  it('[T-1.2.2] refuses a token without a scope of the route, naming the scopes', async () => {
    const res = await call('GET', path, await token({ scope: 'altinn:broker.read' }));
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('urn:samsvar:problem:gateway:insufficient-scope');
    expect(res.body.requiredScopes).toEqual(['digdir:dialogporten']);
    expect(res.headers.get('www-authenticate')).toContain('insufficient_scope');
  });

  it('refuses ambiguous paths, unknown routes and wrong methods', async () => {
    const t = await token();
    // fetch() would normalise these paths; a raw request sends them as they are.
    expect(await rawStatus('/test/dialogporten/api/v1/enduser/dialogs/%2e%2e', t)).toBe(400);
    expect(await rawStatus('/test/dialogporten/api/v1/enduser/dialogs/a/../../serviceowner/dialogs', t)).toBe(400);
    expect(await rawStatus('/test/dialogporten/api/v1/enduser/dialogs/a%2Fb', t)).toBe(400);
    expect((await call('GET', '/test/nothing/here', t)).status).toBe(404);
    const m = await call('DELETE', '/test/dialogporten/api/v1/enduser/dialogs', t);
    expect(m.status).toBe(405);
    expect(m.headers.get('allow')).toBe('GET');
    expect((await call('GET', '/staging/dialogporten/api/v1/enduser/dialogs', t)).body.type).toBe('urn:samsvar:problem:gateway:environment-unknown');
  });
});

describe('gate 2: vendor and registered system (T-1.2.1)', () => {
  it('[T-1.2.1] refuses a supplier claim for a vendor without a registered system (the client belongs to another vendor)', async () => {
    const res = await call('GET', '/test/dialogporten/api/v1/enduser/dialogs', await token({ supplier: orgClaim(lonnNo) }));
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('urn:samsvar:problem:gateway:client-not-registered');
    const unknownClient = await call('GET', '/test/dialogporten/api/v1/enduser/dialogs', await token({ client_id: 'nobody' }));
    expect(unknownClient.body.type).toBe('urn:samsvar:problem:gateway:client-not-registered');
  });

  it('[T-1.2.1] refuses an organisation that is not a vendor', async () => {
    const res = await call('GET', '/test/dialogporten/api/v1/enduser/dialogs', await token({ supplier: orgClaim('974760673') }));
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('urn:samsvar:problem:gateway:vendor-unknown');
  });

  it('[T-1.2.1] refuses a product the system is not registered for, and records the refusal', async () => {
    const res = await call('GET', '/test/broker/api/v1/filetransfer', await token({ scope: 'altinn:broker.read' }));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ type: 'urn:samsvar:problem:gateway:product-not-registered', product: 'broker', clause: 'T-1.2.1' });
    await gatewayOf(server.ctx)!.flush();
    expect((await callLines()).some((l) => l.refusal === 'product-not-registered' && l.vendorOrgId === server.demo.orgs.fjordregnskap.id)).toBe(true);
  });
});

describe('gate 3: production access', () => {
  it('[T-1.2.3] refuses production until the test is passed; successful test calls are counted and flushed, then production opens', async () => {
    const t = await token({ scope: 'altinn:broker.read', client_id: LONN_CLIENT, supplier: orgClaim(lonnNo) });
    const refused = await call('GET', '/prod/broker/api/v1/filetransfer/abc', t);
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('urn:samsvar:problem:gateway:production-access-refused');
    expect(refused.body.reasons.map((r: { code: string }) => r.code)).toEqual(['test-not-passed']);
    // Lønnsmester has 4 successful test calls (demo) and 1 from the streaming test above, of the 10 needed.
    const lonnId = server.demo.orgs.lonnsmester.id;
    await gatewayOf(server.ctx)!.flush();
    const [before] = await server.ctx.db.select().from(productTests).where(and(eq(productTests.orgId, lonnId), eq(productTests.product, 'broker')));
    expect(before.successfulTestCalls).toBeLessThan(10);
    for (let i = before.successfulTestCalls; i < 10; i++) expect((await call('GET', `/test/broker/api/v1/filetransfer/f${i}`, t)).status).toBe(200);
    await gatewayOf(server.ctx)!.flush();
    const [row] = await server.ctx.db.select().from(productTests).where(and(eq(productTests.orgId, lonnId), eq(productTests.product, 'broker')));
    expect(row.successfulTestCalls).toBe(10);
    await (await accessDecisions(server.ctx)).current();
    expect((await call('GET', '/prod/broker/api/v1/filetransfer/abc', t)).status).toBe(200);
  });

  it('[T-1.1] refuses production to a vendor that has not accepted the terms (the test environment stays open)', async () => {
    const t = await token({ scope: 'altinn:events.subscribe', client_id: NEW_CLIENT, supplier: orgClaim(newVendorNo) });
    expect((await call('GET', '/test/events/api/v1/subscriptions/1', t)).status).toBe(200);
    const res = await call('GET', '/prod/events/api/v1/subscriptions/1', t);
    expect(res.status).toBe(403);
    expect(res.body.reasons.map((r: { code: string }) => r.code)).toEqual(['terms-not-accepted']);
    expect(res.body.clause).toBe('T-1.1');
  });

  it("[T-1.2.5] refuses an app whose service owner's conditions the vendor has not accepted", async () => {
    const t = await token({ scope: 'altinn:instances.write', client_id: NEW_CLIENT, supplier: orgClaim(newVendorNo) });
    const res = await call('POST', '/prod/skd/mva-melding/instances', t, '{}');
    expect(res.status).toBe(403);
    expect(res.body.service).toBe('urn:altinn:resource:app_skd_mva-melding');
    expect(res.body.reasons.map((r: { code: string }) => r.code)).toContain('conditions-not-accepted');
  });

  it('[T-9] refuses production once the termination has taken effect', async () => {
    const fjordId = server.demo.orgs.fjordregnskap.id;
    await server.ctx.db.insert(terminations).values({ orgId: fjordId, effectiveAt: new Date(Date.now() - 1000) });
    await refreshState();
    const res = await call('GET', '/prod/dialogporten/api/v1/enduser/dialogs', await token());
    expect(res.status).toBe(403);
    expect(res.body.reasons.map((r: { code: string }) => r.code)).toContain('terminated');
    await server.ctx.db.update(terminations).set({ withdrawnAt: new Date() }).where(eq(terminations.orgId, fjordId));
    await refreshState();
    expect((await call('GET', '/prod/dialogporten/api/v1/enduser/dialogs', await token())).status).toBe(200);
  });
});

describe('the test token issuer', () => {
  it('[T-1.2.3] a vendor mints a token for its own system; it works in the test environment only', async () => {
    const res = await c.vendorDev.post('/api/v1/test-tokens', { clientId: FJORD_CLIENT, scopes: ['digdir:dialogporten'], consumerOrgNo: CUSTOMER });
    expect(res.status, res.text).toBe(201);
    expect(res.body.environment).toBe('test');
    const t = res.body.accessToken as string;
    expect((await call('GET', '/test/dialogporten/api/v1/enduser/dialogs', t)).status).toBe(200);
    const prod = await call('GET', '/prod/dialogporten/api/v1/enduser/dialogs', t);
    expect(prod.status).toBe(401);
    expect(prod.body.type).toBe('urn:samsvar:problem:gateway:token-wrong-environment');
    const jwks = await server.client().get('/test-issuer/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys[0]).not.toHaveProperty('d');
    expect((await call('GET', '/test-issuer/.well-known/jwks.json')).body).toEqual(jwks.body);
  });

  it('vendors mint only as themselves and only catalogue scopes; operators mint for anyone', async () => {
    expect((await c.vendorDev.post('/api/v1/test-tokens', { clientId: FJORD_CLIENT, scopes: ['digdir:dialogporten'], supplierOrgNo: lonnNo })).status).toBe(403);
    const bad = await c.vendorDev.post('/api/v1/test-tokens', { clientId: FJORD_CLIENT, scopes: ['altinn:everything'] });
    expect(bad.status).toBe(400);
    const op = await c.operatorAgent.post('/api/v1/test-tokens', { clientId: LONN_CLIENT, scopes: ['altinn:broker.read'], supplierOrgNo: lonnNo, consumerOrgNo: CUSTOMER, systemUser: { id: 'su-1', orgNo: CUSTOMER } });
    expect(op.status, op.text).toBe(201);
    expect((await call('GET', '/test/broker/api/v1/filetransfer/x', op.body.accessToken)).status).toBe(200);
  });
});

describe('audit and metrics', () => {
  it('[T-6] [T-5] [T-1.2] every call is an audit record with vendor, customer, system user, route, status, latency and bytes; national ids redacted; the chain verifies', async () => {
    const fnr = someNationalId();
    const t = await token({
      scope: 'altinn:broker.read',
      client_id: LONN_CLIENT,
      supplier: orgClaim(lonnNo),
      authorization_details: [{ type: 'urn:altinn:systemuser', systemuser_org: orgClaim(CUSTOMER), systemuser_id: ['su-42'] }],
    });
    expect((await call('GET', `/test/broker/api/v1/filetransfer/${fnr}?owner=${fnr}`, t)).status).toBe(200);
    await gatewayOf(server.ctx)!.flush();
    const lines = (await callLines()).filter((l) => l.systemUser === 'su-42');
    expect(lines).toHaveLength(1);
    const d = lines[0];
    expect(d).toMatchObject({ env: 'test', method: 'GET', status: 200, vendor: lonnNo, customer: CUSTOMER, systemUser: 'su-42', clientId: LONN_CLIENT, product: 'broker', route: 'GET /broker/api/v1/filetransfer/{fileTransferId}' });
    expect(d.latencyMs).toBeGreaterThan(0);
    expect(d.bytesOut).toBeGreaterThan(0);
    expect(d.vendorOrgId).toBe(server.demo.orgs.lonnsmester.id);
    // One chain entry commits to each batch of calls.
    const entries = await server.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'gateway.calls'));
    expect(entries.length).toBeGreaterThan(0);
    expect(JSON.parse(entries[0].details!)).toMatchObject({ lines: expect.any(Number), root: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const all = JSON.stringify(await server.ctx.db.select().from(auditLog)) + JSON.stringify(await server.ctx.db.select().from(auditLineBatches));
    expect(all).not.toContain(fnr);
    expect(d.path).toBe('/test/broker/api/v1/filetransfer/***********?owner=***********');
    expect(all).not.toContain(t.split('.')[2]); // never the token
    expect((await verifyAudit(server.ctx.db)).ok).toBe(true);
  });

  it('counts calls per product and vendor in /metrics', async () => {
    const m = await call('GET', '/metrics');
    expect(m.status).toBe(200);
    expect(m.text).toMatch(new RegExp(`samsvar_gateway_calls_total\\{env="production",product="dialogporten",vendor="${fjordNo}",outcome="2xx"\\} \\d+`));
    expect(m.text).toContain('outcome="insufficient-scope"');
    // The duration histogram: cumulative buckets, +Inf equal to the count.
    expect(m.text).toContain('# TYPE samsvar_gateway_call_duration_seconds histogram');
    const count = Number(/samsvar_gateway_call_duration_seconds_count\{env="production",product="dialogporten"\} (\d+)/.exec(m.text)?.[1]);
    expect(count).toBeGreaterThan(0);
    expect(m.text).toContain(`samsvar_gateway_call_duration_seconds_bucket{env="production",product="dialogporten",le="+Inf"} ${count}`);
    const buckets = [...m.text.matchAll(/samsvar_gateway_call_duration_seconds_bucket\{env="production",product="dialogporten",le="([^"]+)"\} (\d+)/g)].map((x) => Number(x[2]));
    expect(buckets).toHaveLength(13);
    expect(buckets.every((v, i) => i === 0 || v >= buckets[i - 1])).toBe(true);
  });
});
