/**
 * Measures over HTTP: operators apply and lift them (validated, audited, published), who sees which measure, and
 * gate 4 of a real gateway refusing calls within a second of a change — on a second gateway node sharing the
 * database when PostgreSQL is there (T-1.2.8, T-7.1, T-7.2, S-7.3.5, S-7.3.8, S-7.3.9).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usingPostgres, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { openDatabase } from '../../platform/db/index.ts';
import { events } from '../../platform/events/tables.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import { drainNotifier } from '../../platform/notify/index.ts';
import { gatewayOf } from '../gateway/index.ts';
import { invalidateAccess } from '../terms/index.ts';
import { systemClients, systemProducts } from '../registry/tables.ts';
import { measuresOf, throttleFor } from './gate.ts';
import { liftForResolvedIncidents } from './service.ts';
import { FJORD_CLIENT, gatewayCall, harness, LONN_CLIENT, orgClaim, until, type Harness } from './testkit.ts';

let h: Harness;
let server: TestServer;
let gw: string;
const c: Record<string, TestClient> = {};
let fjordNo: string;
let lonnNo: string;
let fjordToken: string;
let lonnToken: string;

const LONN_READ = '/test/broker/api/v1/filetransfer';
const FJORD_READ = '/test/dialogporten/api/v1/enduser/dialogs';

beforeAll(async () => {
  h = await harness();
  server = await h.start();
  gw = gatewayOf(server.ctx)!.url;
  for (const k of ['operatorAgent', 'operatorAdmin', 'auditor', 'vendorDev', 'vendorAdmin', 'vendor2Admin', 'skattAdmin', 'navAdmin']) c[k] = await server.as(k);
  fjordNo = server.demo.orgs.fjordregnskap.orgNumber;
  lonnNo = server.demo.orgs.lonnsmester.orgNumber;
  // Fjordregnskap's system also uses the apps (to test stopping one).
  const [client] = await server.ctx.db.select().from(systemClients).where(eq(systemClients.clientId, FJORD_CLIENT));
  await server.ctx.db.insert(systemProducts).values({ systemId: client!.systemId, product: 'apps', purpose: 'Sende inn MVA-meldingen for kundene' }).onConflictDoNothing();
  invalidateAccess(server.ctx);
  const dir = gatewayOf(server.ctx)!.directory;
  dir.invalidate();
  await dir.current();
  fjordToken = await h.token({ scope: 'digdir:dialogporten altinn:correspondence.read altinn:instances.write altinn:instances.read', client_id: FJORD_CLIENT, supplier: orgClaim(fjordNo) });
  lonnToken = await h.token({ scope: 'altinn:broker.read', client_id: LONN_CLIENT, supplier: orgClaim(lonnNo) });
}, 300_000);

afterAll(async () => {
  await h?.close();
});

const apply = (body: Record<string, unknown>, who = 'operatorAgent') => c[who].post('/api/v1/measures', body);
const lift = (id: string, reason = 'Fikset av leverandøren', who = 'operatorAgent') => c[who].post(`/api/v1/measures/${id}/lift`, { reason });
const fjord = (path = FJORD_READ, method = 'GET') => gatewayCall(gw, method, path, fjordToken);
const lonn = (path = LONN_READ) => gatewayCall(gw, 'GET', path, lonnToken);

describe('applying and lifting', () => {
  it('[T-1.2.8] only operators apply and lift measures; vendors, service owners and auditors are refused', async () => {
    const body = { kind: 'suspend', vendor: lonnNo, reason: 'Forsøk fra feil rolle' };
    for (const who of ['vendorAdmin', 'vendor2Admin', 'skattAdmin', 'auditor']) {
      const res = await apply(body, who);
      expect(res.status, `${who}: ${res.text}`).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
    expect((await c.vendorAdmin.get('/api/v1/measures')).status).toBe(200);
  });

  it('validates each kind: what it needs, what does not apply, known vendor, product, route, app, incident, future end', async () => {
    const bad = async (body: Record<string, unknown>, field: RegExp) => {
      const res = await apply(body);
      expect(res.status, res.text).toBe(400);
      expect(res.body.type).toBe('urn:samsvar:problem:validation');
      expect(res.text).toMatch(field);
    };
    await bad({ kind: 'throttle', vendor: fjordNo, reason: 'Mangler rate' }, /rate/);
    await bad({ kind: 'suspend', reason: 'Mangler leverandør' }, /vendor/);
    await bad({ kind: 'suspend', vendor: '999999999', reason: 'Ukjent leverandør' }, /vendor/);
    await bad({ kind: 'suspend', vendor: server.demo.orgs.skatt.orgNumber, reason: 'Ikke en leverandør' }, /vendor/);
    await bad({ kind: 'disconnect', vendor: fjordNo, reason: 'Med slutt', endsAt: new Date(Date.now() + 3600_000).toISOString() }, /endsAt/);
    await bad({ kind: 'suspend', vendor: fjordNo, reason: 'Slutt i fortiden', endsAt: new Date(Date.now() - 1000).toISOString() }, /endsAt/);
    await bad({ kind: 'block-route', product: 'correspondence', route: 'GET /correspondence/api/v1/nope', reason: 'Ukjent rute' }, /route/);
    await bad({ kind: 'block-route', route: 'GET /correspondence/api/v1/correspondence', reason: 'Mangler produkt' }, /product/);
    await bad({ kind: 'throttle', vendor: fjordNo, product: 'nope', rate: { requests: 1, perSeconds: 1 }, reason: 'Ukjent produkt' }, /product/);
    await bad({ kind: 'throttle', vendor: fjordNo, route: 'GET /broker/api/v1/filetransfer', rate: { requests: 1, perSeconds: 1 }, reason: 'Rute uten produkt' }, /product/);
    await bad({ kind: 'throttle', vendor: fjordNo, product: 'broker', route: 'GET /correspondence/api/v1/correspondence', rate: { requests: 1, perSeconds: 1 }, reason: 'Rute i et annet produkt' }, /route/);
    await bad({ kind: 'suspend', vendor: fjordNo, route: 'GET /broker/api/v1/filetransfer', reason: 'Rute på suspensjon' }, /route/);
    await bad({ kind: 'stop-app', app: { org: 'skd', app: 'finnes-ikke' }, reason: 'Ukjent app' }, /app/);
    await bad({ kind: 'stop-app', vendor: fjordNo, app: { org: 'skd', app: 'mva-melding' }, reason: 'App med leverandør' }, /vendor/);
    await bad({ kind: 'suspend', vendor: fjordNo, reason: 'Ukjent hendelse', incident: 'INC-1999-0001' }, /incident/);
    await bad({ kind: 'suspend', vendor: fjordNo, reason: 'Rate på suspensjon', rate: { requests: 1, perSeconds: 1 } }, /rate/);
    const res = await apply({ kind: 'nope', vendor: fjordNo, reason: 'Ukjent type' });
    expect(res.status).toBe(400);
  });

  it('[T-7.2] a measure is stored with who and when, audited, published to the vendor, and lifted once with a reason', async () => {
    const res = await apply({ kind: 'suspend', vendor: lonnNo, environment: 'production', reason: 'Sikkerhetsbrudd under utredning', endsAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(res.status, res.text).toBe(201);
    const m = res.body;
    expect(m).toMatchObject({ kind: 'suspend', state: 'active', clause: 'T-1.2.8', environment: 'production', appliedBy: 'Sindre Servicedesk', vendor: { orgNumber: lonnNo }, org: { orgNumber: lonnNo } });
    const [audit] = await server.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'measure.apply'), eq(auditLog.targetId, m.id)));
    expect(audit?.orgId).toBe(server.demo.orgs.lonnsmester.id);
    const [ev] = await server.ctx.db.select().from(events).where(eq(events.resource, `urn:samsvar:measure:${m.id}`));
    expect(ev).toMatchObject({ type: 'no.samsvar.measure.applied', visibility: 'org', orgId: server.demo.orgs.lonnsmester.id });
    expect((ev!.data as any).reason).toBe('Sikkerhetsbrudd under utredning');

    // The vendor's members are told by e-mail (the default), with the reason and a link to the measure; no one else.
    await drainNotifier(server.ctx);
    const mails = (await server.ctx.db.select().from(mailOutbox)).filter((x) => x.text.includes(`/measures/${m.id}`));
    expect(mails.map((x) => x.to)).toContain(server.demo.users.vendor2Admin.email);
    expect(mails.map((x) => x.to)).not.toContain(server.demo.users.vendorAdmin.email);
    expect(mails.map((x) => x.to)).not.toContain(server.demo.users.skattAdmin.email);
    expect(mails.find((x) => x.to === server.demo.users.vendor2Admin.email)!.text).toContain('Sikkerhetsbrudd under utredning');
    const l = await lift(m.id, 'Utredningen er ferdig');
    expect(l.status, l.text).toBe(200);
    expect(l.body).toMatchObject({ state: 'lifted', liftedBy: 'Sindre Servicedesk', liftReason: 'Utredningen er ferdig' });
    expect((await lift(m.id)).status).toBe(409);
    expect((await lift('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const lifted = await server.ctx.db.select().from(events).where(and(eq(events.resource, `urn:samsvar:measure:${m.id}`), eq(events.type, 'no.samsvar.measure.lifted')));
    expect(lifted).toHaveLength(1);
    expect((await server.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'measure.lift'), eq(auditLog.targetId, m.id))))).toHaveLength(1);
  });
});

describe('who sees which measure', () => {
  let lonnMeasure: string;
  let appMeasure: string;
  beforeAll(async () => {
    const a = await apply({ kind: 'throttle', vendor: lonnNo, product: 'broker', environment: 'production', rate: { requests: 10, perSeconds: 60 }, reason: 'Polling av filoverføringer' });
    expect(a.status, a.text).toBe(201);
    lonnMeasure = a.body.id;
    const b = await apply({ kind: 'stop-app', app: { org: 'skd', app: 'skattemelding' }, environment: 'production', reason: 'Appen gir ekstraordinære kostnader', endsAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(b.status, b.text).toBe(201);
    appMeasure = b.body.id;
    expect(b.body).toMatchObject({ clause: 'S-7.3.8', org: { orgNumber: server.demo.orgs.skatt.orgNumber }, product: 'apps', app: { org: 'skd', app: 'skattemelding' } });
  });

  it('[T-1.2.8] a vendor sees its own measures with the reason, not another vendor\'s (404)', async () => {
    const own = await c.vendor2Admin.get('/api/v1/measures');
    expect(own.status).toBe(200);
    expect(own.body.items.map((m: any) => m.id)).toContain(lonnMeasure);
    expect(own.body.items.every((m: any) => m.org?.orgNumber === lonnNo)).toBe(true);
    expect(own.body.items.find((m: any) => m.id === lonnMeasure).reason).toBe('Polling av filoverføringer');
    expect((await c.vendor2Admin.get(`/api/v1/measures/${lonnMeasure}`)).status).toBe(200);

    const other = await c.vendorDev.get('/api/v1/measures?state=all');
    expect(other.body.items.map((m: any) => m.id)).not.toContain(lonnMeasure);
    expect(other.body.items.every((m: any) => m.org?.orgNumber === fjordNo)).toBe(true);
    expect((await c.vendorDev.get(`/api/v1/measures/${lonnMeasure}`)).status).toBe(404);
    expect((await c.vendorDev.get(`/api/v1/measures/${appMeasure}`)).status).toBe(404);
    // Asking for another organisation's measures gives nothing.
    const q = await c.vendorDev.get(`/api/v1/measures?org=${server.demo.orgs.lonnsmester.id}`);
    expect(q.body.items).toEqual([]);
  });

  it('[S-7.3.8] a service owner sees measures on its own apps; another service owner does not', async () => {
    const skatt = await c.skattAdmin.get('/api/v1/measures');
    expect(skatt.body.items.map((m: any) => m.id)).toEqual([appMeasure]);
    expect((await c.skattAdmin.get(`/api/v1/measures/${appMeasure}`)).body.reason).toBe('Appen gir ekstraordinære kostnader');
    expect((await c.skattAdmin.get(`/api/v1/measures/${lonnMeasure}`)).status).toBe(404);
    expect((await c.navAdmin.get('/api/v1/measures')).body.items).toEqual([]);
    expect((await c.navAdmin.get(`/api/v1/measures/${appMeasure}`)).status).toBe(404);
  });

  it('Digdir staff (the auditor too) see every measure; the demo vendor has a lifted and an active throttle', async () => {
    for (const who of ['auditor', 'operatorAdmin']) {
      const all = await c[who].get('/api/v1/measures?state=all');
      const ids = all.body.items.map((m: any) => m.id);
      expect(ids).toContain(lonnMeasure);
      expect(ids).toContain(appMeasure);
    }
    const demo = (await c.vendorDev.get('/api/v1/measures?state=all')).body.items.filter((m: any) => m.kind === 'throttle' && m.product === 'correspondence');
    expect(demo.map((m: any) => m.state).sort()).toEqual(['active', 'lifted']);
    const active = (await c.vendorDev.get('/api/v1/measures')).body.items;
    expect(active.map((m: any) => m.state)).toEqual(['active']);
  });

  it('the apply form\'s options (products with routes, vendors, apps) are for Digdir\'s staff only', async () => {
    const o = await c.operatorAgent.get('/api/v1/measures/options');
    expect(o.status, o.text).toBe(200);
    expect(o.body.products.find((p: any) => p.key === 'correspondence').routes).toContain('GET /correspondence/api/v1/correspondence');
    expect(o.body.vendors.map((v: any) => v.orgNumber)).toEqual(expect.arrayContaining([fjordNo, lonnNo]));
    expect(o.body.vendors.map((v: any) => v.orgNumber)).not.toContain(server.demo.orgs.skatt.orgNumber);
    expect(o.body.apps).toContainEqual(expect.objectContaining({ org: 'skd', app: 'mva-melding' }));
    expect((await c.auditor.get('/api/v1/measures/options')).status).toBe(200);
    expect((await c.vendorAdmin.get('/api/v1/measures/options')).status).toBe(403);
    expect((await c.skattAdmin.get('/api/v1/measures/options')).status).toBe(403);
  });

  it('refuses unauthenticated calls and bad ids', async () => {
    expect((await server.client().get('/api/v1/measures')).status).toBe(401);
    expect((await c.auditor.get('/api/v1/measures/not-a-uuid')).status).toBe(400);
    expect((await c.auditor.get('/api/v1/measures?state=bogus')).status).toBe(400);
  });

  afterAll(async () => {
    await lift(lonnMeasure);
    await lift(appMeasure);
  });
});

describe('gate 4: measures in force on the gateway', () => {
  it('[T-1.2.8] suspending a vendor refuses its calls within a second, saying why and what to do; lifting lets them through', async () => {
    expect((await lonn()).status).toBe(200);
    const incident = await c.operatorAgent.post('/api/v1/incidents', { title: 'Unormal trafikk fra Lønnsmester', description: 'Mange kall', category: 'B' });
    expect(incident.status, incident.text).toBe(201);
    const res = await apply({ kind: 'suspend', vendor: lonnNo, reason: 'Unormal trafikk under hendelse', incident: incident.body.ref, endsAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(res.status, res.text).toBe(201);
    const t0 = Date.now();
    const { value, elapsed } = await until(() => lonn(), (r) => r.status === 403, 3000);
    expect(value.status, value.text).toBe(403);
    expect(elapsed).toBeLessThan(1000);
    expect(value.body).toMatchObject({ type: 'urn:samsvar:problem:gateway:vendor-suspended', clause: 'T-1.2.8', reason: 'Unormal trafikk under hendelse', measure: { id: res.body.id, kind: 'suspend' } });
    expect(value.body.detail).toMatch(/Contact Digdir/);
    expect(value.body.measure.url).toMatch(new RegExp(`/measures/${res.body.id}$`));
    expect(value.body.incident.ref).toBe(incident.body.ref);
    expect(Number(value.headers.get('retry-after'))).toBeGreaterThan(3000);
    // Other vendors are not affected.
    expect((await fjord()).status).toBe(200);
    expect((await lift(res.body.id)).status).toBe(200);
    const back = await until(() => lonn(), (r) => r.status === 200, 3000);
    expect(back.value.status).toBe(200);
    expect(back.elapsed).toBeLessThan(1000);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('[T-1.2.8] a measure tied to an incident is lifted when the incident is resolved', async () => {
    const incident = await c.operatorAgent.post('/api/v1/incidents', { title: 'Lekkasje av tilgangsnøkler hos Lønnsmester', description: 'Nøkler på avveie', category: 'A' });
    expect(incident.status, incident.text).toBe(201);
    const res = await apply({ kind: 'suspend', vendor: lonnNo, reason: 'Til nøklene er byttet', incident: incident.body.id });
    expect(res.status, res.text).toBe(201);
    expect(res.body.incident).toMatchObject({ id: incident.body.id, ref: incident.body.ref });
    expect((await until(() => lonn(), (x) => x.status === 403)).value.status).toBe(403);
    // Not resolved yet: nothing to lift.
    expect(await liftForResolvedIncidents(server.ctx)).toBe(0);
    const resolved = await c.operatorAgent.post(`/api/v1/incidents/${incident.body.id}/state`, { state: 'resolved', message: 'Nøklene er byttet' });
    expect(resolved.status, resolved.text).toBe(200);
    expect(await liftForResolvedIncidents(server.ctx)).toBe(1);
    const m = (await c.auditor.get(`/api/v1/measures/${res.body.id}`)).body;
    expect(m).toMatchObject({ state: 'lifted', liftedBy: 'Samsvar' });
    expect(m.liftReason).toContain(incident.body.ref);
    expect((await until(() => lonn(), (x) => x.status === 200)).value.status).toBe(200);
    expect(await liftForResolvedIncidents(server.ctx)).toBe(0);
  });

  it('[T-7.1] disconnecting a vendor refuses every call until lifted', async () => {
    const res = await apply({ kind: 'disconnect', vendor: lonnNo, reason: 'Skjermskraping av sluttbrukerdata', clause: 'T-7.1' });
    expect(res.status, res.text).toBe(201);
    const r = await until(() => lonn(), (x) => x.status === 403);
    expect(r.value.body.type).toBe('urn:samsvar:problem:gateway:vendor-disconnected');
    expect(r.value.body).toMatchObject({ clause: 'T-7.1', reason: 'Skjermskraping av sluttbrukerdata' });
    expect(r.value.headers.get('retry-after')).toBeNull();
    await lift(res.body.id);
    expect((await until(() => lonn(), (x) => x.status === 200)).value.status).toBe(200);
  });

  it('[T-1.2.8] a temporary suspension ends by itself at its end time', async () => {
    const res = await apply({ kind: 'suspend', vendor: lonnNo, reason: 'Kort pause', endsAt: new Date(Date.now() + 1500).toISOString() });
    expect(res.status, res.text).toBe(201);
    expect((await until(() => lonn(), (x) => x.status === 403)).value.status).toBe(403);
    const loads = measuresOf(server.ctx)!.loads;
    const back = await until(() => lonn(), (x) => x.status === 200, 4000);
    expect(back.value.status).toBe(200);
    // The end was noticed by the snapshot's clock, not by a reload.
    expect(measuresOf(server.ctx)!.loads).toBe(loads);
    expect((await c.auditor.get(`/api/v1/measures/${res.body.id}`)).body.state).toBe('ended');
  });

  it('[S-7.3.5] [S-7.3.9] a blocked route refuses every vendor\'s calls to it, or (at once, for a vendor degrading the platform) one vendor\'s; other routes pass', async () => {
    const route = '/test/correspondence/api/v1/correspondence/0b7c5a1e-0000-4000-8000-000000000001';
    expect((await fjord(route)).status).toBe(200);
    const all = await apply({ kind: 'block-route', product: 'correspondence', route: 'GET /correspondence/api/v1/correspondence/{correspondenceId}', reason: 'Kritisk sikkerhetsfeil i ruten' });
    expect(all.status, all.text).toBe(201);
    expect(all.body.clause).toBe('S-7.3.5');
    const r = await until(() => fjord(route), (x) => x.status === 403);
    expect(r.value.body).toMatchObject({ type: 'urn:samsvar:problem:gateway:route-blocked', clause: 'S-7.3.5', reason: 'Kritisk sikkerhetsfeil i ruten' });
    expect((await fjord()).status).toBe(200);
    await lift(all.body.id);
    await until(() => fjord(route), (x) => x.status === 200);

    const one = await apply({ kind: 'block-route', vendor: lonnNo, product: 'broker', route: 'GET /broker/api/v1/filetransfer', reason: 'Polling av listen', clause: 'S-7.3.9' });
    expect(one.status, one.text).toBe(201);
    const rr = await until(() => lonn(), (x) => x.status === 403);
    expect(rr.value.body).toMatchObject({ type: 'urn:samsvar:problem:gateway:route-blocked', clause: 'S-7.3.9' });
    expect(rr.value.body.detail).toMatch(/for your organisation/);
    // The vendor's other routes pass.
    expect((await lonn('/test/broker/api/v1/filetransfer/abc')).status).toBe(200);
    await lift(one.body.id);
    await until(() => lonn(), (x) => x.status === 200);
  });

  it('[S-7.3.8] a stopped app refuses calls to it; the owner\'s other apps pass', async () => {
    const stopped = '/test/skd/mva-melding/instances/51234/0b7c5a1e-0000-4000-8000-000000000002';
    const other = '/test/skd/formuesgrunnlag/instances/51234/0b7c5a1e-0000-4000-8000-000000000002';
    expect((await fjord(stopped)).status).toBe(200);
    const res = await apply({ kind: 'stop-app', app: { org: 'skd', app: 'mva-melding' }, reason: 'Ekstraordinære infrastrukturkostnader' });
    expect(res.status, res.text).toBe(201);
    const r = await until(() => fjord(stopped), (x) => x.status === 403);
    expect(r.value.body).toMatchObject({ type: 'urn:samsvar:problem:gateway:app-stopped', clause: 'S-7.3.8' });
    expect((await fjord(other)).status).toBe(200);
    await lift(res.body.id);
    await until(() => fjord(stopped), (x) => x.status === 200);
  });

  it('[T-1.2.8] a measure for production only leaves the test environment alone', async () => {
    const res = await apply({ kind: 'suspend', vendor: fjordNo, environment: 'production', reason: 'Bare i produksjon' });
    expect(res.status, res.text).toBe(201);
    const prod = await until(() => fjord('/prod/dialogporten/api/v1/enduser/dialogs'), (x) => x.body?.type === 'urn:samsvar:problem:gateway:vendor-suspended');
    expect(prod.value.body?.type).toBe('urn:samsvar:problem:gateway:vendor-suspended');
    // In force in production, and the test environment still passes.
    expect((await fjord()).status).toBe(200);
    await lift(res.body.id);
  });

  it('[T-1.2.8] a throttle is handed to the rate-limit gate: throttleFor gives the lowered rate per vendor, product and environment', async () => {
    const fjordId = server.demo.orgs.fjordregnskap.id;
    // The demo's active throttle: Altinn Melding in production at 120 per minute.
    expect(throttleFor(fjordId, 'correspondence', 'production')).toEqual({ requests: 120, perSeconds: 60 });
    expect(throttleFor(fjordId, 'correspondence', 'test')).toBeUndefined();
    expect(throttleFor(fjordId, 'dialogporten')).toBeUndefined();
    const res = await apply({ kind: 'throttle', vendor: fjordNo, rate: { requests: 30, perSeconds: 60 }, environment: 'test', reason: 'Alle produkter' });
    expect(res.status, res.text).toBe(201);
    await until(async () => throttleFor(fjordId, 'dialogporten', 'test'), (x) => x !== undefined, 3000);
    expect(throttleFor(fjordId, 'dialogporten', 'test')).toEqual({ requests: 30, perSeconds: 60 });
    expect(throttleFor(fjordId, 'broker', 'test')).toEqual({ requests: 30, perSeconds: 60 });
    // Without an environment: the strictest in either.
    expect(throttleFor(fjordId, 'correspondence')).toEqual({ requests: 30, perSeconds: 60 });
    await lift(res.body.id);
    await until(async () => throttleFor(fjordId, 'dialogporten', 'test'), (x) => x === undefined, 3000);
    expect(throttleFor(fjordId, 'dialogporten', 'test')).toBeUndefined();
  });

  it('[T-1.2.8] the rate-limit gate enforces a throttle: calls over the lowered rate get 429 with the throttle named', async () => {
    const res = await apply({ kind: 'throttle', vendor: lonnNo, product: 'broker', environment: 'test', rate: { requests: 3, perSeconds: 60 }, reason: 'For mange kall til Formidling' });
    expect(res.status, res.text).toBe(201);
    await until(async () => throttleFor(server.demo.orgs.lonnsmester.id, 'broker', 'test'), (x) => x !== undefined, 3000);
    const path = '/test/broker/api/v1/filetransfer/throttled';
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof lonn>> | undefined;
    for (let i = 0; i < 4; i++) {
      last = await lonn(path);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last!.body).toMatchObject({ type: 'urn:samsvar:problem:gateway:rate-limited', policy: 'throttle', limit: 3, windowSeconds: 60 });
    expect(last!.headers.get('ratelimit-policy')).toMatch(/"throttle";q=3;w=60/);
    await lift(res.body.id);
    await until(async () => throttleFor(server.demo.orgs.lonnsmester.id, 'broker', 'test'), (x) => x === undefined, 3000);
    expect((await lonn(path)).status).toBe(200);
  });
});

describe('two gateway nodes', () => {
  it.skipIf(!usingPostgres)(
    '[T-1.2.8] a measure applied through the API on one node blocks calls on a second gateway node within a second (PostgreSQL only: two nodes cannot share a PGlite database; set DATABASE_URL)',
    async () => {
      const second = await h.start({ database: await openDatabase({ url: server.ctx.database.url!, poolSize: 3 }), demo: false });
      const gw2 = gatewayOf(second.ctx)!.url;
      expect(gw2).not.toBe(gw);
      const on2 = () => gatewayCall(gw2, 'GET', LONN_READ, lonnToken);
      expect((await on2()).status).toBe(200);
      const res = await apply({ kind: 'suspend', vendor: lonnNo, reason: 'Gjelder alle noder' });
      expect(res.status, res.text).toBe(201);
      const { value, elapsed } = await until(on2, (r) => r.status === 403, 3000);
      expect(value.body?.type).toBe('urn:samsvar:problem:gateway:vendor-suspended');
      expect(elapsed).toBeLessThan(1000);
      await lift(res.body.id);
      const back = await until(on2, (r) => r.status === 200, 3000);
      expect(back.value.status).toBe(200);
      expect(back.elapsed).toBeLessThan(1000);
    },
  );
  if (!usingPostgres) console.info('measures: the two-node test needs PostgreSQL (DATABASE_URL); on PGlite only the single node is tested.');
});
