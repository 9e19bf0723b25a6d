/**
 * The terms of use through the HTTP API: publishing and tracking versions (T-8), acceptance with its attestations and
 * receipt (T-1.1, T-1.2, T-1.2.2), service owners' conditions (T-1.2.5), termination (T-9), the test before production
 * (T-1.2.3) and the access decision with its reasons; tenant isolation and immutable acceptances.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDuration } from '../../kernel/worktime/index.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { events } from '../../platform/events/tables.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { contacts, services, systemProducts, vendorSystems } from '../registry/tables.ts';
import { productionAccess, recordTestCalls, sendAcceptanceReminders, sendTerminationNotices, textSha256 } from './index.ts';

const DAY = 86_400_000;
let server: TestServer;
const c: Record<string, TestClient> = {};
let fjord: string;
let lonn: string;
let skatt: string;
let svcProd: string;
let svcPlanned: string;
const RESOURCE = 'urn:altinn:resource:app_skd_test';

const TEXT_V1 = '# Vilkår v1 (test)\n\nTekst for versjon 1.\n';
const TEXT_V2 = '# Vilkår v2 (test)\n\nTekst for versjon 2, med endringer.\n';
const fullAccept = (sha: string) => ({ signingAuthority: true, attestations: { customerAgreements: true, accessControl: true, platformTerms: true }, textSha256: sha });
const isoDaysAgo = (d: number) => new Date(Date.now() - d * DAY).toISOString();

async function mails(kind: string) {
  return server.ctx.db.select().from(mailOutbox).where(sql`${mailOutbox.kind} = ${kind}`);
}
const codes = (d: { reasons: readonly { code: string }[] }) => d.reasons.map((r) => r.code);
/** The messages of an error and its causes (drizzle wraps the database's error). */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    let m = '';
    for (let x: any = e; x; x = x.cause) m += ` ${x.message}`;
    return m;
  }
}

beforeAll(async () => {
  server = await startTestServer();
  for (const k of ['operatorAdmin', 'operatorAgent', 'auditor', 'skattAdmin', 'navAdmin', 'vendorAdmin', 'vendorDev', 'vendor2Admin']) c[k] = await server.as(k);
  fjord = server.demo.orgs.fjordregnskap.id;
  lonn = server.demo.orgs.lonnsmester.id;
  skatt = server.demo.orgs.skatt.id;
  const db = server.ctx.db;
  // Registry rows written directly (the registry module has its own tests): systems with products, two services.
  await db.insert(vendorSystems).values([
    { id: `${server.demo.orgs.fjordregnskap.orgNumber}_regnskap`, orgId: fjord, name: 'Fjord Regnskap' },
    { id: `${server.demo.orgs.lonnsmester.orgNumber}_lonn`, orgId: lonn, name: 'Lønn' },
  ]);
  await db.insert(systemProducts).values([
    { systemId: `${server.demo.orgs.fjordregnskap.orgNumber}_regnskap`, product: 'dialogporten', purpose: 'Vise dialoger for kundene' },
    { systemId: `${server.demo.orgs.fjordregnskap.orgNumber}_regnskap`, product: 'correspondence', purpose: 'Lese meldinger' },
    { systemId: `${server.demo.orgs.lonnsmester.orgNumber}_lonn`, product: 'dialogporten', purpose: 'A-melding' },
  ]);
  const [a] = await db.insert(services).values({ orgId: skatt, resourceId: RESOURCE, name: 'Testtjeneste', kind: 'app', lifecycle: 'production' }).returning();
  const [b] = await db.insert(services).values({ orgId: skatt, resourceId: 'urn:altinn:resource:planned', name: 'Planlagt', kind: 'app', lifecycle: 'planned' }).returning();
  svcProd = a.id;
  svcPlanned = b.id;
  // Lønnsmester has a registered signatory: the notices go there instead of to its admins.
  await db.insert(contacts).values({ orgId: lonn, name: 'Signe Signatar', role: 'signatory', email: 'signatar@lonnsmester.demo' });
});
afterAll(async () => server?.stop());

let v1: { id: string; sha256: string };
let v2: { id: string; sha256: string };
let acceptanceId: string;

describe('versions', () => {
  it('[T-8] publishing a version computes the SHA-256, notifies every vendor (mail in the outbox, same transaction) and is audited', async () => {
    const res = await c.operatorAdmin.post('/api/v1/terms/versions', {
      version: '2025-1',
      title: 'Bruksvilkår (test)',
      text: TEXT_V1,
      effectiveAt: isoDaysAgo(90),
      changeLog: 'Første versjon',
    });
    expect(res.status).toBe(201);
    expect(res.body.version.sha256).toBe(textSha256(TEXT_V1));
    expect(res.body.version.status).toBe('in-force');
    expect(res.body.vendorsNotified).toBe(2);
    v1 = res.body.version;
    const sent = await mails('terms.published');
    expect(sent.map((m) => m.to).sort()).toEqual(['admin@fjordregnskap.demo', 'signatar@lonnsmester.demo']);
    expect(sent[0].subject).toContain('2025-1');
    const [audit] = await server.ctx.db.select().from(auditLog).where(sql`${auditLog.action} = 'terms.publish'`);
    expect(audit.targetId).toBe(v1.id);
  });

  it('[T-8] a version label is published once (409), and only operator admins publish', async () => {
    const dup = await c.operatorAdmin.post('/api/v1/terms/versions', { version: '2025-1', title: 'x', text: 'y', effectiveAt: isoDaysAgo(1), changeLog: 'z' });
    expect(dup.status).toBe(409);
    expect((await c.operatorAgent.post('/api/v1/terms/versions', { version: 'x', title: 'x', text: 'y', effectiveAt: isoDaysAgo(1), changeLog: 'z' })).status).toBe(403);
    const bad = await c.operatorAdmin.post('/api/v1/terms/versions', { version: '2025-9', title: 'x', text: 'y', effectiveAt: 'next tuesday', changeLog: 'z' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('effectiveAt');
    // a version taking effect before the latest published one would never be in force
    const past = await c.operatorAdmin.post('/api/v1/terms/versions', { version: '2020-1', title: 'x', text: 'y', effectiveAt: isoDaysAgo(3000), changeLog: 'z' });
    expect(past.status).toBe(409);
    expect(past.body.type).toBe('urn:samsvar:problem:terms-effective-order');
    expect(past.body.errors[0].field).toBe('effectiveAt');
  });

  it('[T-8] the terms are public: list, current (with text) and one version without logging in', async () => {
    const anon = server.client();
    const list = await anon.get('/api/v1/terms/versions');
    expect(list.status).toBe(200);
    expect(list.body.items.map((v: any) => v.version)).toEqual(['2025-1']);
    const cur = await anon.get('/api/v1/terms/versions/current');
    expect(cur.status).toBe(200);
    expect(cur.body.text).toBe(TEXT_V1);
    expect(cur.body.changeLog).toBe('Første versjon');
    expect((await anon.get(`/api/v1/terms/versions/${v1.id}`)).body.sha256).toBe(v1.sha256);
  });
});

describe('acceptance', () => {
  it('[T-1.2] refuses an acceptance without the attestations of T-1.2, naming the field', async () => {
    for (const k of ['customerAgreements', 'accessControl']) {
      const body = fullAccept(v1.sha256);
      (body.attestations as any)[k] = false;
      const res = await c.vendorAdmin.post(`/api/v1/terms/versions/${v1.id}/accept`, body);
      expect(res.status, k).toBe(400);
      expect(res.body.errors[0].field).toBe(`body.attestations.${k}`);
    }
    const missing = await c.vendorAdmin.post(`/api/v1/terms/versions/${v1.id}/accept`, { signingAuthority: true, textSha256: v1.sha256 });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('body.attestations');
  });

  it('[T-1.2.2] refuses an acceptance unless the Maskinporten / ID-porten terms are attested', async () => {
    const body = fullAccept(v1.sha256);
    body.attestations.platformTerms = false;
    const res = await c.vendorAdmin.post(`/api/v1/terms/versions/${v1.id}/accept`, body);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toEqual({ field: 'body.attestations.platformTerms', message: expect.stringMatching(/Maskinporten/) });
  });

  it('[T-1.1] refuses without the statement of signing authority, with a hash of another text, and from a non-admin', async () => {
    const noAuth = await c.vendorAdmin.post(`/api/v1/terms/versions/${v1.id}/accept`, { ...fullAccept(v1.sha256), signingAuthority: false });
    expect(noAuth.status).toBe(400);
    expect(noAuth.body.errors[0].field).toBe('body.signingAuthority');
    const wrongHash = await c.vendorAdmin.post(`/api/v1/terms/versions/${v1.id}/accept`, fullAccept(textSha256('another text')));
    expect(wrongHash.status).toBe(400);
    expect(wrongHash.body.errors[0].field).toBe('body.textSha256');
    expect((await c.vendorDev.post(`/api/v1/terms/versions/${v1.id}/accept`, fullAccept(v1.sha256))).status).toBe(403);
  });

  it('[T-1.1] records the acceptance: signer, signing authority, organisation, version, hash, time and client IP; a second one is 409', async () => {
    const t0 = Date.now();
    const res = await c.vendorAdmin.post(`/api/v1/terms/versions/${v1.id}/accept`, fullAccept(v1.sha256.toUpperCase()));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      orgId: fjord,
      versionId: v1.id,
      version: '2025-1',
      signerUserId: server.demo.users.vendorAdmin.id,
      signerName: 'Lars Leverandør',
      signerEmail: 'admin@fjordregnskap.demo',
      signingAuthority: true,
      attestations: { customerAgreements: true, accessControl: true, platformTerms: true },
      textSha256: v1.sha256,
      clientIp: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(Date.parse(res.body.acceptedAt)).toBeGreaterThanOrEqual(t0 - 1000);
    expect(res.body.auditHash).toMatch(/^[0-9a-f]{64}$/);
    acceptanceId = res.body.id;
    expect((await c.vendorAdmin.post(`/api/v1/terms/versions/${v1.id}/accept`, fullAccept(v1.sha256))).status).toBe(409);
    const list = await c.vendorDev.get(`/api/v1/organisations/${fjord}/terms-acceptances`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: any) => a.id)).toEqual([acceptanceId]);
    expect((await mails('terms.accepted')).map((m) => m.to)).toContain('admin@fjordregnskap.demo');
    // [T-1.2.4] the vendor's systems learn that the access decision changed from an event, not by polling.
    const changed = await server.ctx.db.select().from(events).where(sql`${events.type} = 'no.samsvar.access.changed' and ${events.orgId} = ${fjord}`);
    expect(changed.map((e) => (e.data as any).reason)).toContain('terms.accept');
    expect(changed[0]).toMatchObject({ visibility: 'org', resource: `urn:samsvar:access:${fjord}` });
  });

  it('[T-1.1] acceptances cannot be edited or deleted: the database refuses raw SQL', async () => {
    expect(await failure(server.ctx.db.execute(sql`update terms_acceptances set signer_name = 'Someone Else' where id = ${acceptanceId}`))).toMatch(/signed evidence/);
    expect(await failure(server.ctx.db.execute(sql`delete from terms_acceptances where id = ${acceptanceId}`))).toMatch(/signed evidence/);
    const [row] = ((await server.ctx.db.execute(sql`select signer_name from terms_acceptances where id = ${acceptanceId}`)) as unknown as { rows: any[] }).rows;
    expect(row.signer_name).toBe('Lars Leverandør');
  });

  it('[T-1.1] the receipt is printable HTML with organisation, signer, statements, version, SHA-256, Oslo time, IP, id and audit hash', async () => {
    const res = await c.vendorDev.get(`/api/v1/terms/acceptances/${acceptanceId}/receipt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = res.text;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(res.headers.get('content-security-policy')).toMatch(/style-src[^;]*'unsafe-inline'/);
    const [audit] = await server.ctx.db.select().from(auditLog).where(sql`${auditLog.targetId} = ${acceptanceId} and ${auditLog.action} = 'terms.accept'`);
    for (const s of ['Fjordregnskap AS (demo)', 'Lars Leverandør', 'admin@fjordregnskap.demo', 'Statement of authority', 'Maskinporten', '2025-1', v1.sha256, 'Europe/Oslo', '127.0.0.1', acceptanceId, audit.hash]) {
      expect(html, s).toContain(s);
    }
    const orgNo = server.demo.orgs.fjordregnskap.orgNumber;
    expect(html).toContain(`${orgNo.slice(0, 3)} ${orgNo.slice(3, 6)} ${orgNo.slice(6)}`);
    expect(html).not.toMatch(/<script/i);
    expect((await c.auditor.get(`/api/v1/terms/acceptances/${acceptanceId}/receipt`)).status).toBe(200);
  });

  it('[T-8] progress per version: every vendor with accepted yes/no, when and by whom, and the counts', async () => {
    const res = await c.auditor.get(`/api/v1/terms/versions/${v1.id}/progress`);
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ vendors: 2, accepted: 1, pending: 1 });
    const f = res.body.items.find((i: any) => i.orgId === fjord);
    expect(f).toMatchObject({ accepted: true, signerName: 'Lars Leverandør', acceptanceId });
    expect(res.body.items.find((i: any) => i.orgId === lonn)).toMatchObject({ accepted: false, acceptedAt: null });
    expect((await c.vendorAdmin.get(`/api/v1/terms/versions/${v1.id}/progress`)).status).toBe(403);
  });
});

describe('test before production and registration', () => {
  it('[T-1.2.3] production access to a product needs the successful test calls the policy asks, or an operator\u2019s approval', async () => {
    const before = await productionAccess(server.ctx, fjord, 'dialogporten');
    expect(codes(before)).toEqual(['test-not-passed']);
    expect((await recordTestCalls(server.ctx, fjord, 'dialogporten', 9)).passed).toBe(false);
    expect(codes(await productionAccess(server.ctx, fjord, 'dialogporten'))).toEqual(['test-not-passed']);
    expect(await recordTestCalls(server.ctx, fjord, 'dialogporten', 1)).toEqual({ successfulTestCalls: 10, passed: true });
    expect(await productionAccess(server.ctx, fjord, 'dialogporten')).toEqual({ allowed: true, reasons: [], warnings: [] });

    expect(codes(await productionAccess(server.ctx, fjord, 'correspondence'))).toEqual(['test-not-passed']);
    const ok = await c.operatorAdmin.post(`/api/v1/organisations/${fjord}/product-tests/correspondence/approve`, {});
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ product: 'correspondence', passed: true });
    expect((await productionAccess(server.ctx, fjord, 'correspondence')).allowed).toBe(true);
    expect((await c.operatorAdmin.post(`/api/v1/organisations/${fjord}/product-tests/nonsense/approve`, {})).status).toBe(400);
    expect((await c.operatorAdmin.post(`/api/v1/organisations/${skatt}/product-tests/broker/approve`, {})).status).toBe(404);

    const list = await c.vendorDev.get(`/api/v1/organisations/${fjord}/product-tests`);
    expect(list.body.minSuccessfulTestCalls).toBe(10);
    const byProduct = Object.fromEntries(list.body.items.map((i: any) => [i.product, i]));
    expect(byProduct.dialogporten).toMatchObject({ successfulTestCalls: 10, passed: true, approvedAt: null });
    expect(byProduct.correspondence).toMatchObject({ passed: true, approvedBy: server.demo.users.operatorAdmin.id });
    expect(byProduct.broker).toMatchObject({ successfulTestCalls: 0, passed: false });
  });

  it('[T-1.2.1] a product none of the vendor\u2019s systems has registered is refused', async () => {
    await recordTestCalls(server.ctx, fjord, 'broker', 20);
    const d = await productionAccess(server.ctx, fjord, 'broker');
    expect(codes(d)).toEqual(['product-not-registered']);
    const api = await c.vendorDev.get(`/api/v1/organisations/${fjord}/access?product=broker`);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ orgId: fjord, product: 'broker', allowed: false, reasons: [{ code: 'product-not-registered', clause: 'T-1.2.1' }] });
  });

  it('[T-1.1] a service owner is not a vendor', async () => {
    expect(codes(await productionAccess(server.ctx, skatt, 'dialogporten'))).toEqual(['not-a-vendor']);
  });
});

describe('new versions and the grace period', () => {
  it('[T-1.1] a vendor that never accepted the terms is refused', async () => {
    await recordTestCalls(server.ctx, lonn, 'dialogporten', 10);
    expect(codes(await productionAccess(server.ctx, lonn, 'dialogporten'))).toEqual(['terms-not-accepted']);
  });

  it('[T-8] a new version keeps access inside the grace period with a warning; access is refused after it until the vendor accepts', async () => {
    const effective = Date.now() - 10 * DAY;
    const res = await c.operatorAdmin.post('/api/v1/terms/versions', {
      version: '2026-1',
      title: 'Bruksvilkår (test) 2026',
      text: TEXT_V2,
      effectiveAt: new Date(effective).toISOString(),
      changeLog: 'Nytt punkt om tjenesteeieres vilkår',
    });
    expect(res.status).toBe(201);
    v2 = res.body.version;
    const deadline = addCalendarDuration(effective, { amount: 30, unit: 'calendarDays' });
    expect(Date.parse(res.body.version.acceptanceDeadline)).toBe(Math.floor(deadline / 1000) * 1000);

    const now = await productionAccess(server.ctx, fjord, 'dialogporten');
    expect(now.allowed).toBe(true);
    expect(now.warnings.map((w) => w.code)).toEqual(['terms-acceptance-pending']);
    expect(now.warnings[0].at).toBeDefined();

    const later = await productionAccess(server.ctx, fjord, 'dialogporten', undefined, deadline + 1000);
    expect(later.allowed).toBe(false);
    expect(codes(later)).toEqual(['terms-not-accepted']);

    const accept = await c.vendorAdmin.post(`/api/v1/terms/versions/${v2.id}/accept`, fullAccept(v2.sha256));
    expect(accept.status).toBe(201);
    expect(await productionAccess(server.ctx, fjord, 'dialogporten', undefined, deadline + 1000)).toEqual({ allowed: true, reasons: [], warnings: [] });

    const progress = await c.operatorAgent.get(`/api/v1/terms/versions/${v1.id}/progress`);
    expect(progress.body.items.find((i: any) => i.orgId === fjord).laterVersionAccepted).toBe(true);
    const list = await server.client().get('/api/v1/terms/versions');
    expect(list.body.items.map((v: any) => [v.version, v.status])).toEqual([
      ['2026-1', 'in-force'],
      ['2025-1', 'superseded'],
    ]);
  });

  it('[T-8] vendors that have not accepted are reminded before the deadline, once per step', async () => {
    const deadline = addCalendarDuration(Date.now() - 10 * DAY, { amount: 30, unit: 'calendarDays' });
    expect((await sendAcceptanceReminders(server.ctx, deadline - 20 * DAY)).reminded).toBe(0);
    expect((await sendAcceptanceReminders(server.ctx, deadline - 13 * DAY)).reminded).toBe(1);
    expect((await sendAcceptanceReminders(server.ctx, deadline - 12 * DAY)).reminded).toBe(0);
    expect((await sendAcceptanceReminders(server.ctx, deadline - 2 * DAY)).reminded).toBe(1);
    expect((await mails('terms.reminder')).map((m) => m.to)).toEqual(['signatar@lonnsmester.demo', 'signatar@lonnsmester.demo']);
  });
});

describe("service owners' conditions", () => {
  let cond1: any;
  it('[T-1.2.5] the owning service owner publishes conditions; others may not', async () => {
    const res = await c.skattAdmin.post(`/api/v1/services/${svcProd}/conditions`, { text: 'Valider før innsending.' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 1, sha256: textSha256('Valider før innsending.'), latest: true });
    cond1 = res.body;
    expect((await c.navAdmin.post(`/api/v1/services/${svcProd}/conditions`, { text: 'x' })).status).toBe(403);
    expect((await c.vendorAdmin.post(`/api/v1/services/${svcProd}/conditions`, { text: 'x' })).status).toBe(403);
    const read = await c.vendorDev.get(`/api/v1/services/${svcProd}/conditions`);
    expect(read.status).toBe(200);
    expect(read.body.items[0]).toMatchObject({ id: cond1.id, text: 'Valider før innsending.', acceptedByYourOrganisation: false });
  });

  it('[T-1.2.5] conditions block access to the service until the vendor accepts their latest version', async () => {
    const blocked = await productionAccess(server.ctx, fjord, 'dialogporten', svcProd);
    expect(codes(blocked)).toEqual(['conditions-not-accepted']);
    expect(codes(await productionAccess(server.ctx, fjord, 'dialogporten', RESOURCE))).toEqual(['conditions-not-accepted']);
    expect((await c.vendorAdmin.post(`/api/v1/conditions/${cond1.id}/accept`, { textSha256: textSha256('other') })).status).toBe(400);
    expect((await c.vendorDev.post(`/api/v1/conditions/${cond1.id}/accept`, { textSha256: cond1.sha256 })).status).toBe(403);
    const ok = await c.vendorAdmin.post(`/api/v1/conditions/${cond1.id}/accept`, { textSha256: cond1.sha256 });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ orgId: fjord, serviceId: svcProd, version: 1, signerName: 'Lars Leverandør' });
    expect((await c.vendorAdmin.post(`/api/v1/conditions/${cond1.id}/accept`, { textSha256: cond1.sha256 })).status).toBe(409);
    expect((await productionAccess(server.ctx, fjord, 'dialogporten', svcProd)).allowed).toBe(true);

    // A new version must be accepted again; the old acceptance stays as evidence.
    const v2c = await c.operatorAdmin.post(`/api/v1/services/${svcProd}/conditions`, { text: 'Valider før innsending. Meld feil.' });
    expect(v2c.body.version).toBe(2);
    expect((await mails('conditions.published')).map((m) => m.to)).toContain('admin@fjordregnskap.demo');
    expect(codes(await productionAccess(server.ctx, fjord, 'dialogporten', svcProd))).toEqual(['conditions-not-accepted']);
    expect((await c.vendorAdmin.post(`/api/v1/conditions/${cond1.id}/accept`, { textSha256: cond1.sha256 })).status).toBe(409);
    expect((await c.vendorAdmin.post(`/api/v1/conditions/${v2c.body.id}/accept`, { textSha256: v2c.body.sha256 })).status).toBe(201);
    expect((await productionAccess(server.ctx, fjord, 'dialogporten', svcProd)).allowed).toBe(true);
    const acc = await c.vendorDev.get(`/api/v1/organisations/${fjord}/condition-acceptances`);
    expect(acc.body.items.map((a: any) => a.version)).toEqual([2, 1]);
    expect(await failure(server.ctx.db.execute(sql`delete from condition_acceptances where org_id = ${fjord}`))).toMatch(/signed evidence/);
    expect(await failure(server.ctx.db.execute(sql`update condition_acceptances set text_sha256 = 'x' where org_id = ${fjord}`))).toMatch(/signed evidence/);
  });

  it('[S-7.3.6] a service that is not in production is refused', async () => {
    expect(codes(await productionAccess(server.ctx, fjord, 'dialogporten', svcPlanned))).toEqual(['service-not-in-production']);
  });

  it('the access summary lists every product of the catalogue with what is missing, and the conditions to accept', async () => {
    const res = await c.vendor2Admin.get(`/api/v1/organisations/${lonn}/access-summary`);
    expect(res.status).toBe(200);
    expect(res.body.products.map((p: any) => p.product)).toEqual(Object.keys(server.ctx.policy.policy.products!));
    const dp = res.body.products.find((p: any) => p.product === 'dialogporten');
    expect(dp).toMatchObject({ allowed: false, name: { nb: 'Dialogporten' } });
    expect(codes(dp)).toEqual(['terms-not-accepted']);
    expect(codes(res.body.products.find((p: any) => p.product === 'broker'))).toEqual(['terms-not-accepted', 'product-not-registered', 'test-not-passed']);
    expect(res.body.conditionsToAccept).toEqual([expect.objectContaining({ serviceId: svcProd, resourceId: RESOURCE, version: 2 })]);
    const fj = await c.vendorAdmin.get(`/api/v1/organisations/${fjord}/access-summary`);
    expect(fj.body.conditionsToAccept).toEqual([]);
    expect(fj.body.products.find((p: any) => p.product === 'dialogporten').allowed).toBe(true);
  });
});

describe('termination', () => {
  let term: any;
  it('[T-9] a vendor terminates: access ends three months after the request, with a warning until then; only one open at a time', async () => {
    const t0 = Date.now();
    const res = await c.vendorAdmin.post(`/api/v1/organisations/${fjord}/termination`, { reason: 'Vi legger ned produktet' });
    expect(res.status).toBe(201);
    term = res.body;
    expect(term.status).toBe('pending');
    const expected = addCalendarDuration(Date.parse(term.requestedAt), { amount: 3, unit: 'months' });
    expect(Date.parse(term.effectiveAt)).toBe(Math.floor(expected / 1000) * 1000);
    expect(Date.parse(term.effectiveAt) - t0).toBeGreaterThan(88 * DAY);
    expect((await c.vendorAdmin.post(`/api/v1/organisations/${fjord}/termination`, {})).status).toBe(409);

    const now = await productionAccess(server.ctx, fjord, 'dialogporten');
    expect(now.allowed).toBe(true);
    expect(now.warnings.map((w) => w.code)).toEqual(['termination-pending']);
    const after = await productionAccess(server.ctx, fjord, 'dialogporten', undefined, expected);
    expect(codes(after)).toEqual(['terminated']);
    expect((await mails('termination.requested')).map((m) => m.to)).toContain('admin@fjordregnskap.demo');

    const seen = await c.vendorDev.get(`/api/v1/organisations/${fjord}/termination`);
    expect(seen.body.current).toMatchObject({ id: term.id, status: 'pending', reason: 'Vi legger ned produktet' });
    const all = await c.auditor.get('/api/v1/terminations');
    expect(all.body.items).toEqual([expect.objectContaining({ id: term.id, orgName: 'Fjordregnskap AS (demo)' })]);
  });

  it('[T-9] the operator confirms; the vendor can withdraw before it takes effect, and access continues', async () => {
    const conf = await c.operatorAgent.post(`/api/v1/terminations/${term.id}/confirm`, {});
    expect(conf.status).toBe(200);
    expect(conf.body.confirmedAt).toBeTruthy();
    expect((await c.operatorAgent.post(`/api/v1/terminations/${term.id}/confirm`, {})).status).toBe(409);
    expect((await mails('termination.confirmed')).length).toBe(1);
    expect((await c.vendor2Admin.post(`/api/v1/terminations/${term.id}/withdraw`, {})).status).toBe(404);
    const w = await c.vendorAdmin.post(`/api/v1/terminations/${term.id}/withdraw`, {});
    expect(w.status).toBe(200);
    expect(w.body.status).toBe('withdrawn');
    expect((await mails('termination.withdrawn')).length).toBe(1);
    const later = await productionAccess(server.ctx, fjord, 'dialogporten', undefined, Date.parse(term.effectiveAt) + DAY);
    expect(later.reasons.map((r) => r.code)).not.toContain('terminated');
    expect((await c.vendorAdmin.post(`/api/v1/terminations/${term.id}/withdraw`, {})).status).toBe(409);
  });

  it('[T-9] once it has taken effect a termination cannot be withdrawn, access is refused and the vendor is told', async () => {
    const res = await c.vendor2Admin.post(`/api/v1/organisations/${lonn}/termination`, {});
    expect(res.status).toBe(201);
    // Move the request three months back (the terminations table is not evidence; only acceptances are immutable).
    await server.ctx.db.execute(sql`update terminations set requested_at = now() - interval '92 days', effective_at = now() - interval '1 day' where id = ${res.body.id}`);
    // A write from elsewhere: the snapshot hears of it through NOTIFY (delivered on commit, asynchronously on PostgreSQL).
    await server.ctx.db.execute(sql`select pg_notify('samsvar_access', 'test')`);
    await expect.poll(async () => codes(await productionAccess(server.ctx, lonn, 'dialogporten')), { timeout: 5000 }).toContain('terminated');
    const w = await c.vendor2Admin.post(`/api/v1/terminations/${res.body.id}/withdraw`, {});
    expect(w.status).toBe(409);
    expect(w.body.detail).toMatch(/took effect/);
    expect((await c.vendor2Admin.post(`/api/v1/organisations/${lonn}/termination`, {})).status).toBe(409);
    expect((await sendTerminationNotices(server.ctx)).notified).toBe(1);
    expect((await sendTerminationNotices(server.ctx)).notified).toBe(0);
    expect((await mails('termination.effective')).map((m) => m.to)).toEqual(['signatar@lonnsmester.demo']);
    const list = await c.operatorAdmin.get('/api/v1/terminations?status=effective');
    expect(list.body.items.map((t: any) => t.orgId)).toEqual([lonn]);
  });
});

describe('tenant isolation', () => {
  it('[T-5] a vendor cannot see another vendor\u2019s acceptances, conditions, terminations, tests or access (404)', async () => {
    const other = c.vendor2Admin;
    for (const p of ['terms-acceptances', 'condition-acceptances', 'termination', 'product-tests', 'access?product=dialogporten', 'access-summary']) {
      expect((await other.get(`/api/v1/organisations/${fjord}/${p}`)).status, p).toBe(404);
    }
    expect((await other.get(`/api/v1/terms/acceptances/${acceptanceId}/receipt`)).status).toBe(404);
    expect((await c.skattAdmin.get(`/api/v1/terms/acceptances/${acceptanceId}/receipt`)).status).toBe(404);
    expect((await other.post(`/api/v1/organisations/${fjord}/termination`, {})).status).toBe(404);
    // Operators and auditors see every organisation.
    expect((await c.auditor.get(`/api/v1/organisations/${fjord}/terms-acceptances`)).body.items.length).toBe(2);
    expect((await c.operatorAgent.get(`/api/v1/organisations/${fjord}/termination`)).status).toBe(200);
  });
});
