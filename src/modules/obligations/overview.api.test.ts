/**
 * The operators' compliance overview over the demo data (JSON and CSV), and the demo data of the registry and the
 * obligations: idempotent, with the states the portal shows.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { loadDemo } from '../../demo.ts';
import { rowsOf } from '../../platform/db/index.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import { modules } from '../index.ts';
import { registryModule } from '../registry/index.ts';
import { obligationsModule } from './index.ts';
import { csvField, toCsv } from './csv.ts';

let server: TestServer;
const c: Record<string, TestClient> = {};
beforeAll(async () => {
  server = await startTestServer({ modules });
  for (const k of ['operatorAdmin', 'operatorAgent', 'auditor', 'skattAdmin', 'vendorAdmin', 'vendorDev']) c[k] = await server.as(k);
});
afterAll(async () => server?.stop());

const count = async (table: string) => Number(rowsOf<{ n: number }>(await server.ctx.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0].n);

describe('demo data', () => {
  it('has the registry and obligations in the states the portal shows, and loads idempotently', async () => {
    const stale = (await c.operatorAgent.get('/api/v1/contacts/stale')).body.items.filter((x: any) => x.stale);
    expect(stale.map((x: any) => x.orgName)).toEqual(['Lønnsmester Systemer AS (demo)']);
    const f = server.demo.orgs.fjordregnskap;
    const sys = (await c.vendorDev.get(`/api/v1/organisations/${f.id}/systems`)).body.items;
    expect(sys.map((s: any) => [s.id, s.products.map((p: any) => p.product).sort(), s.clientIds.length])).toEqual([
      [`${f.orgNumber}_fjordregnskap`, ['correspondence', 'dialogporten', 'systemuser'], 1],
    ]);
    const svc = (await c.auditor.get('/api/v1/services')).body.items;
    const by = (r: string) => svc.find((s: any) => s.resourceId === r);
    expect(by('urn:altinn:resource:app_skd_mva-melding')).toMatchObject({ lifecycle: 'production', libraryVersion: '8.2.1', outdated: false });
    expect(by('urn:altinn:resource:app_skd_skattemelding')).toMatchObject({ lifecycle: 'production', libraryVersion: '7.14.0', outdated: true });
    expect(by('urn:altinn:resource:nav_sykepengesoknad')).toMatchObject({ kind: 'correspondence', lifecycle: 'production', idle: true });
    expect(svc.filter((s: any) => s.orgName === 'Skatteetaten' && s.lifecycle === 'planned').length).toBe(1);
    const mva = by('urn:altinn:resource:app_skd_mva-melding');
    expect((await c.skattAdmin.get(`/api/v1/services/${mva.id}/assessments`)).body.items.length).toBe(1);
    expect((await c.operatorAgent.get('/api/v1/access-reviews/overdue')).body.items.map((r: any) => r.orgName)).toEqual(['Arbeids- og velferdsetaten (NAV)']);
    const skattReview = (await c.skattAdmin.get(`/api/v1/organisations/${server.demo.orgs.skatt.id}/access-reviews`)).body.items;
    expect(skattReview.map((r: any) => r.status)).toEqual(['open', 'submitted']);
    const els = (await c.skattAdmin.get(`/api/v1/organisations/${server.demo.orgs.skatt.id}/data-elements`)).body.items;
    expect(els.filter((e: any) => e.overdue).length).toBe(1);
    expect(els.filter((e: any) => e.status === 'confirmed').length).toBe(1);
    expect((await c.operatorAdmin.get('/api/v1/deletion-requests?status=pending')).body.items.length).toBe(1);

    const tables = ['contacts', 'vendor_systems', 'system_clients', 'system_products', 'services', 'service_assessments', 'access_reviews', 'data_elements', 'deletion_requests', 'audit_log'];
    const before = await Promise.all(tables.map(count));
    await loadDemo(server.ctx, modules);
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });
});

describe('compliance overview', () => {
  it('[T-8] shows one row per organisation with its figures, terms state, whether it needs attention and why', async () => {
    const res = await c.operatorAgent.get('/api/v1/compliance/overview');
    expect(res.status).toBe(200);
    const rows = Object.fromEntries(res.body.items.map((r: any) => [r.name, r]));
    expect(res.body.items.length).toBe(6);

    const l = rows['Lønnsmester Systemer AS (demo)'];
    expect(l).toMatchObject({ systems: 1, products: ['broker', 'events'], services: null, accessReview: null, attention: true, reasons: ['contacts.stale', 'terms.pending'] });
    expect(l.contacts).toEqual({ total: 2, stale: 1, soonStale: 0 });
    // [T-8] Lønnsmester accepted the previous version; the one in force is inside its grace period.
    expect(l.terms).toMatchObject({ state: 'pending', termination: null, terminated: false });
    expect(Date.parse(l.terms.deadline)).toBeGreaterThan(Date.now());
    expect(rows['Fjordregnskap AS (demo)'].terms).toMatchObject({ state: 'accepted', deadline: null });
    expect(rows.Skatteetaten.terms).toBeNull();

    const s = rows.Skatteetaten;
    expect(s.services).toMatchObject({ total: 3, planned: 1, production: 2, outdated: 1, idle: 0 });
    expect(s.accessReview.status).toBe('open');
    expect(s).toMatchObject({ dataElementsOverdue: 1, deletionRequestsPending: 1, systems: null, products: null });
    expect(s.reasons).toEqual(['services.outdated', 'dataElements.overdue', 'deletionRequests.pending']);

    const n = rows['Arbeids- og velferdsetaten (NAV)'];
    expect(n.reasons).toEqual(['services.idle', 'services.reviewOverdue', 'accessReview.overdue']);
    expect(n.accessReview.status).toBe('overdue');

    expect(rows['Fjordregnskap AS (demo)']).toMatchObject({ attention: false, reasons: [] });
    expect(rows.Digitaliseringsdirektoratet).toMatchObject({ attention: false, services: null, systems: null });

    const vendors = (await c.auditor.get('/api/v1/compliance/overview?kind=vendor')).body.items.map((r: any) => r.name);
    expect(vendors).toEqual(['Fjordregnskap AS (demo)', 'Lønnsmester Systemer AS (demo)']);
    const attention = (await c.operatorAdmin.get('/api/v1/compliance/overview?attention=true')).body.items.map((r: any) => r.name);
    expect(attention).toEqual(['Arbeids- og velferdsetaten (NAV)', 'Lønnsmester Systemer AS (demo)', 'Skatteetaten']);
    expect((await c.skattAdmin.get('/api/v1/compliance/overview')).status).toBe(403);
    expect((await c.vendorAdmin.get('/api/v1/compliance/overview')).status).toBe(403);
  });

  it('downloads as CSV: UTF-8 with BOM, semicolons, a header row, one line per organisation', async () => {
    for (const res of [
      await c.auditor.get('/api/v1/compliance/overview?format=csv&attention=true'),
      await c.auditor.get('/api/v1/compliance/overview?attention=true', { accept: 'text/csv' }),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="samsvar-compliance-\d{4}-\d{2}-\d{2}\.csv"$/);
      // (fetch's text() drops the byte-order mark; the bytes are checked below)
      const lines = res.text.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines.pop()).toBe('');
      expect(lines[0].split(';').slice(0, 5)).toEqual(['orgNumber', 'name', 'kinds', 'attention', 'reasons']);
      expect(lines.length).toBe(4);
      const l = lines.find((x) => x.includes('Lønnsmester'))!.split(';');
      expect(l[1]).toBe('Lønnsmester Systemer AS (demo)');
      expect(l[3]).toBe('yes');
      expect(l[4]).toBe('"contacts.stale, terms.pending"');
      const nav = lines.find((x) => x.includes('NAV'))!;
      expect(nav).toContain('"services.idle, services.reviewOverdue, accessReview.overdue"');
      expect(nav.split(';').length).toBe(lines[0].split(';').length);
    }
    const raw = await fetch(`${server.url}/api/v1/compliance/overview?format=csv`, { headers: { cookie: c.auditor.cookie! } });
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toMatch(/^\uFEFForgNumber;name;/);
    // JSON stays the default
    expect((await c.auditor.get('/api/v1/compliance/overview')).headers.get('content-type')).toContain('application/json');
  });

  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvField('Lønn; og "regnskap"')).toBe('"Lønn; og ""regnskap"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(null)).toBe('');
    expect(csvField(['a', 'b'])).toBe('"a, b"');
    expect(toCsv(['a', 'b'], [[1, 'æøå']])).toBe('\uFEFFa;b\r\n1;æøå\r\n');
  });
});

describe('reminder jobs', () => {
  it('[T-1.2.7] [S-7.1.2] [S-7.3.1] [S-7.3.2] [S-7.2.1] [S-7.4.1] are declared daily in Oslo time; on the demo data each handler reminds once', async () => {
    const jobs = [...registryModule.jobs!(server.ctx), ...obligationsModule.jobs!(server.ctx)];
    expect(jobs.map((j) => [j.name, j.cron])).toEqual([
      ['registry.contact-reminders', '0 7 * * *'],
      ['registry.outdated-apps', '10 7 * * *'],
      ['registry.idle-services', '20 7 * * *'],
      ['registry.service-review-reminders', '30 7 * * *'],
      ['obligations.access-review-reminders', '40 7 * * *'],
      ['obligations.data-element-reminders', '0 8 * * *'],
    ]);
    const kinds = ['contact-reminder', 'app-library-outdated', 'service-idle', 'service-review', 'access-review', 'data-element-overdue'];
    const byKind = async () => {
      const rows = await server.ctx.db.select({ kind: mailOutbox.kind, to: mailOutbox.to }).from(mailOutbox);
      return Object.fromEntries(kinds.map((k) => [k, rows.filter((r) => r.kind === k).map((r) => r.to).sort()]));
    };
    const ctx = { retryCount: 0, lastAttempt: false, jobId: 'test' };
    for (const j of jobs) await j.handler({}, ctx);
    const first = await byKind();
    expect(first).toEqual({
      // Lønnsmester's stale contact and NAV's contact inside the reminder window, each with their org's admins
      'contact-reminder': ['admin@lonnsmester.demo', 'admin@nav.demo', 'brukerstotte@nav.demo', 'drift@lonnsmester.demo'],
      'app-library-outdated': ['admin@skatt.demo'],
      'service-idle': ['admin@nav.demo'],
      // NAV's information review is overdue; Skatteetaten's tax return app is due within 30 days
      'service-review': ['admin@nav.demo', 'admin@skatt.demo'],
      'access-review': ['admin@nav.demo'],
      'data-element-overdue': ['admin@skatt.demo'],
    });
    for (const j of jobs) await j.handler({}, ctx);
    expect(await byKind()).toEqual(first);
  });
});
