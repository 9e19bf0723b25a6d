/**
 * Vendors' systems (T-2.4): id {orgNumber}_{name}, Maskinporten client ids unique across all systems, and the
 * products each system uses with a stated purpose from the policy's catalogue (T-1.2.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { onChange } from '../../platform/changes/index.ts';
import { loadSystemRegistry, registeredProducts } from './index.ts';

let server: TestServer;
const c: Record<string, TestClient> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const k of ['operatorAdmin', 'operatorAgent', 'auditor', 'skattAdmin', 'vendorAdmin', 'vendorDev', 'vendor2Admin']) c[k] = await server.as(k);
});
afterAll(async () => server?.stop());

const org = (k: string) => server.demo.orgs[k];
const system = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: { nb: 'Regnskapssystem', en: 'Accounting system' },
  clientIds: [],
  products: [],
  ...extra,
});

describe('vendor systems', () => {
  it('[T-2.4] a vendor developer registers a system: id {orgNumber}_{name}, client ids and products with purposes', async () => {
    const f = org('fjordregnskap');
    const res = await c.vendorDev.post(
      `/api/v1/organisations/${f.id}/systems`,
      system('fjordregnskap', {
        clientIds: ['a0a0a0a0-0000-4000-8000-000000000001'],
        products: [
          { product: 'dialogporten', purpose: 'Vise kundenes dialoger i regnskapssystemet.' },
          { product: 'systemuser', purpose: 'Be kundene om systembruker for å handle på deres vegne.' },
        ],
      }),
    );
    expect(res.status, res.text).toBe(201);
    expect(res.body.id).toBe(`${f.orgNumber}_fjordregnskap`);
    expect(res.body.clientIds).toEqual(['a0a0a0a0-0000-4000-8000-000000000001']);
    expect(res.body.products.map((p: any) => p.product)).toEqual(['dialogporten', 'systemuser']);

    const one = await c.vendorAdmin.get(`/api/v1/systems/${res.body.id}`);
    expect(one.body.description).toEqual({ nb: 'Regnskapssystem', en: 'Accounting system' });
    const list = await c.operatorAgent.get(`/api/v1/organisations/${f.id}/systems`);
    expect(list.body.items.map((s: any) => s.id)).toEqual([res.body.id]);
    expect((await c.vendorDev.post(`/api/v1/organisations/${f.id}/systems`, system('fjordregnskap'))).status).toBe(409);

    // the gateway's and the terms helper's view
    expect((await registeredProducts(server.ctx.db, f.id)).map((p) => p.product)).toEqual(['dialogporten', 'systemuser']);
    expect((await loadSystemRegistry(server.ctx.db)).find((s) => s.id === res.body.id)?.clientIds).toEqual(['a0a0a0a0-0000-4000-8000-000000000001']);
  });

  it('[T-2.4] a Maskinporten client id belongs to one system: a second registration is refused with 409 naming the client id', async () => {
    const f = org('fjordregnskap');
    const l = org('lonnsmester');
    const a = await c.vendorAdmin.post(`/api/v1/organisations/${f.id}/systems`, system('lonn-light', { clientIds: ['client-shared-1', 'client-a'] }));
    expect(a.status).toBe(201);
    // another vendor: refused, and the other vendor's system is not named
    const b = await c.vendor2Admin.post(`/api/v1/organisations/${l.id}/systems`, system('lonn', { clientIds: ['client-b', 'client-shared-1'] }));
    expect(b.status).toBe(409);
    expect(b.body.type).toBe('urn:samsvar:problem:client-id-taken');
    expect(b.body.clientId).toBe('client-shared-1');
    expect(b.body.detail).toContain('client-shared-1');
    expect(b.body.detail).not.toContain(f.orgNumber);
    // nothing of the refused system was kept
    expect((await c.vendor2Admin.get(`/api/v1/organisations/${l.id}/systems`)).body.items).toEqual([]);
    // the same vendor's other system: refused, naming its own system
    const other = await c.vendorAdmin.post(`/api/v1/organisations/${f.id}/systems`, system('annet', { clientIds: ['client-a'] }));
    expect(other.status).toBe(409);
    expect(other.body.detail).toContain(`${f.orgNumber}_lonn-light`);
    // by PATCH as well
    const ok = await c.vendor2Admin.post(`/api/v1/organisations/${l.id}/systems`, system('lonn', { clientIds: ['client-b'] }));
    expect(ok.status).toBe(201);
    const steal = await c.vendor2Admin.patch(`/api/v1/systems/${ok.body.id}`, { clientIds: ['client-b', 'client-a'] });
    expect(steal.status).toBe(409);
    expect(steal.body.clientId).toBe('client-a');
    // keeping one's own client ids on an update is fine; freeing one lets another system take it
    expect((await c.vendorAdmin.patch(`/api/v1/systems/${a.body.id}`, { clientIds: ['client-shared-1'] })).status).toBe(200);
    expect((await c.vendor2Admin.patch(`/api/v1/systems/${ok.body.id}`, { clientIds: ['client-b', 'client-a'] })).body.clientIds).toEqual(['client-a', 'client-b']);
    // duplicates in one request are a validation error
    expect((await c.vendor2Admin.patch(`/api/v1/systems/${ok.body.id}`, { clientIds: ['x', 'x'] })).status).toBe(400);
  });

  it('[T-1.2.1] every product needs a stated purpose and must be in the product catalogue', async () => {
    const f = org('fjordregnskap');
    const noPurpose = await c.vendorAdmin.post(`/api/v1/organisations/${f.id}/systems`, system('p1', { products: [{ product: 'correspondence', purpose: 'meldinger' }] }));
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.errors[0].field).toBe('body.products.0.purpose');
    expect(noPurpose.body.errors[0].message).toContain('T-1.2.1');
    const missing = await c.vendorAdmin.post(`/api/v1/organisations/${f.id}/systems`, system('p1', { products: [{ product: 'correspondence' }] }));
    expect(missing.status).toBe(400);
    const unknown = await c.vendorAdmin.post(`/api/v1/organisations/${f.id}/systems`, system('p1', { products: [{ product: 'screen-scraping', purpose: 'Hente alt som vises på skjermen.' }] }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('body.products.0.product');
    expect(unknown.body.detail).toContain('dialogporten, correspondence, broker, systemuser, events, apps');
    const twice = await c.vendorAdmin.post(
      `/api/v1/organisations/${f.id}/systems`,
      system('p1', { products: [{ product: 'events', purpose: 'Abonnere på hendelser.' }, { product: 'events', purpose: 'Abonnere på hendelser igjen.' }] }),
    );
    expect(twice.status).toBe(400);
    const fine = await c.vendorAdmin.post(`/api/v1/organisations/${f.id}/systems`, system('p1', { products: [{ product: 'events', purpose: '  Abonnere på   hendelser i stedet for polling. ' }] }));
    expect(fine.status).toBe(201);
    expect(fine.body.products).toEqual([{ product: 'events', purpose: 'Abonnere på hendelser i stedet for polling.' }]);
    const changed = await c.vendorAdmin.patch(`/api/v1/systems/${fine.body.id}`, { products: [{ product: 'apps', purpose: 'kort' }] });
    expect(changed.status).toBe(400);
  });

  it('[T-1.2.1] registering, changing and removing products refreshes the access snapshot (change notice "access")', async () => {
    const heard: string[] = [];
    const stop = await onChange(server.ctx.database, 'access', (p) => heard.push(p));
    try {
      const f = org('fjordregnskap');
      const s = await c.vendorAdmin.post(`/api/v1/organisations/${f.id}/systems`, system('notify-me', { products: [{ product: 'broker', purpose: 'Sende store filer til kundene.' }] }));
      await c.vendorAdmin.patch(`/api/v1/systems/${s.body.id}`, { products: [] });
      expect((await c.vendorAdmin.delete(`/api/v1/systems/${s.body.id}`)).status).toBe(204);
      // delivered after commit; on PostgreSQL through the listener's own connection, so poll briefly
      for (let i = 0; i < 40 && heard.length < 3; i++) await new Promise((r) => setTimeout(r, 50));
      expect(heard.length).toBeGreaterThanOrEqual(3);
    } finally {
      await stop();
    }
  });

  it('[T-2.4] only vendors have systems; tenants see only their own; operators read all, operator admins write', async () => {
    const f = org('fjordregnskap');
    const skatt = org('skatt');
    expect((await c.operatorAdmin.post(`/api/v1/organisations/${skatt.id}/systems`, system('skatt'))).status).toBe(409);
    expect((await c.skattAdmin.post(`/api/v1/organisations/${skatt.id}/systems`, system('skatt'))).status).toBe(403);
    const sid = `${f.orgNumber}_fjordregnskap`;
    expect((await c.vendor2Admin.get(`/api/v1/systems/${sid}`)).status).toBe(404);
    expect((await c.vendor2Admin.get(`/api/v1/organisations/${f.id}/systems`)).status).toBe(404);
    expect((await c.vendor2Admin.patch(`/api/v1/systems/${sid}`, { products: [] })).status).toBe(404);
    expect((await c.vendor2Admin.delete(`/api/v1/systems/${sid}`)).status).toBe(404);
    expect((await c.skattAdmin.get(`/api/v1/systems/${sid}`)).status).toBe(404);
    expect((await c.auditor.get(`/api/v1/systems/${sid}`)).status).toBe(200);
    expect((await c.auditor.patch(`/api/v1/systems/${sid}`, {})).status).toBe(403);
    expect((await c.operatorAgent.delete(`/api/v1/systems/${sid}`)).status).toBe(403);
    const bad = await c.vendorAdmin.post(`/api/v1/organisations/${f.id}/systems`, system('Has Spaces'));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('body.name');
  });
});
