/**
 * Role × route matrix: every /api route is called by an anonymous caller and by a user of every role; the answer
 * must match the route's declaration. Then tenant isolation: a service owner or vendor sees only its own
 * organisation's data [T-5].
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../demo.ts';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';

let server: TestServer;
const clients: Record<string, TestClient> = {};
const ROLE_USERS: Record<string, string> = {
  'operator-admin': 'operatorAdmin',
  'operator-agent': 'operatorAgent',
  auditor: 'auditor',
  'serviceowner-admin': 'skattAdmin',
  'serviceowner-member': 'skattMember',
  'vendor-admin': 'vendorAdmin',
  'vendor-developer': 'vendorDev',
};

beforeAll(async () => {
  server = await startTestServer();
  for (const [role, key] of Object.entries(ROLE_USERS)) clients[role] = await server.as(key);
});
afterAll(async () => server?.stop());

function fill(url: string): string {
  return url.replace(/:([a-zA-Z]+)/g, (_m, name: string) => (name === 'token' ? 'inv_' + 'x'.repeat(30) : name === 'name' ? 'servicedesk' : randomUUID()));
}

describe('role × route matrix', () => {
  it('every /api and /events route declares who may call it', () => {
    const api = server.api!.samsvarRoutes.filter((r) => r.url.startsWith('/api/') || r.url.startsWith('/events/'));
    expect(api.length).toBeGreaterThan(20);
    for (const r of api) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
  });

  it('[T-5] answers every caller as the declaration says (401 anonymous, 403 wrong role)', async () => {
    // The API under /api/v1 and the event hub's Altinn-compatible routes under /events/api/v1.
    const api = server.api!.samsvarRoutes.filter((r) => (r.url.startsWith('/api/') || r.url.startsWith('/events/')) && r.url !== '/api/v1/auth/logout');
    const anon = server.client();
    const failures: string[] = [];
    for (const r of api) {
      const path = fill(r.url);
      const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : {};
      const a = await anon.request(r.method, path, body);
      if (r.access === 'public') {
        if (a.status === 401 || a.status === 403) failures.push(`anonymous ${r.method} ${r.url} → ${a.status} (public route)`);
      } else if (a.status !== 401) failures.push(`anonymous ${r.method} ${r.url} → ${a.status}, expected 401`);
      if (r.access === 'public' || r.url === '/api/v1/auth/login') continue;
      for (const [role, c] of Object.entries(clients)) {
        const res = await c.request(r.method, path, body);
        const allowed = r.access === 'authenticated' || (Array.isArray(r.access) && r.access.includes(role));
        if (allowed && (res.status === 401 || res.status === 403)) failures.push(`${role} ${r.method} ${r.url} → ${res.status} (${res.body?.detail})`);
        if (!allowed && res.status !== 403) failures.push(`${role} ${r.method} ${r.url} → ${res.status}, expected 403`);
        if (res.status >= 500) failures.push(`${role} ${r.method} ${r.url} → ${res.status} ${res.text}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('tenant isolation', () => {
  it('[T-5] a vendor and a service owner list only their own organisation; operators and auditors see all', async () => {
    const all = await clients['operator-admin'].get('/api/v1/organisations?limit=200');
    expect(all.body.items.length).toBe(6);
    expect((await clients.auditor.get('/api/v1/organisations')).body.items.length).toBe(6);
    const v = await clients['vendor-developer'].get('/api/v1/organisations');
    expect(v.body.items.map((o: any) => o.id)).toEqual([server.demo.orgs.fjordregnskap.id]);
    const s = await clients['serviceowner-member'].get('/api/v1/organisations');
    expect(s.body.items.map((o: any) => o.id)).toEqual([server.demo.orgs.skatt.id]);
  });

  it('[T-5] another organisation, its members and invitations are "not found" to a tenant', async () => {
    const nav = server.demo.orgs.nav.id;
    for (const role of ['serviceowner-admin', 'serviceowner-member', 'vendor-admin', 'vendor-developer']) {
      const c = clients[role];
      expect((await c.get(`/api/v1/organisations/${nav}`)).status, role).toBe(404);
      expect((await c.get(`/api/v1/organisations/${nav}/members`)).status, role).toBe(404);
    }
    expect((await clients['vendor-admin'].get(`/api/v1/organisations/${nav}/invitations`)).status).toBe(404);
    expect((await clients['vendor-admin'].post(`/api/v1/organisations/${nav}/invitations`, { email: 'x@example.com', role: 'vendor-developer' })).status).toBe(404);
    expect((await clients['serviceowner-admin'].patch(`/api/v1/organisations/${nav}/members/${server.demo.users.navAdmin.id}`, { role: 'serviceowner-member' })).status).toBe(404);
  });

  it('members of their own organisation are visible; admins manage them, members do not', async () => {
    const skatt = server.demo.orgs.skatt.id;
    const m = await clients['serviceowner-member'].get(`/api/v1/organisations/${skatt}/members`);
    expect(m.status).toBe(200);
    expect(m.body.items.map((x: any) => x.email).sort()).toEqual(['admin@skatt.demo', 'utvikler@skatt.demo']);
    expect((await clients['serviceowner-member'].get(`/api/v1/organisations/${skatt}/invitations`)).status).toBe(403);
    expect((await clients['serviceowner-admin'].get(`/api/v1/organisations/${skatt}/invitations`)).status).toBe(200);
  });

  it('an API token acts only for the organisation it was made for, within its scopes', async () => {
    const made = await clients['vendor-admin'].post('/api/v1/me/tokens', { name: 'ci', scopes: ['read'] });
    expect(made.status).toBe(201);
    expect(made.body.token).toMatch(/^ssv_/);
    const t = server.client();
    t.bearer = made.body.token;
    const orgs = await t.get('/api/v1/organisations');
    expect(orgs.status).toBe(200);
    expect(orgs.body.items.map((o: any) => o.id)).toEqual([server.demo.orgs.fjordregnskap.id]);
    // read scope cannot write
    const w = await t.post(`/api/v1/organisations/${server.demo.orgs.fjordregnskap.id}/invitations`, { email: 'new@example.com', role: 'vendor-developer' });
    expect(w.status).toBe(403);
    expect(w.body.type).toBe('urn:samsvar:problem:insufficient-scope');
    // revoked tokens stop working at once
    expect((await clients['vendor-admin'].delete(`/api/v1/me/tokens/${made.body.id}`)).status).toBe(204);
    expect((await t.get('/api/v1/organisations')).status).toBe(401);
  });

  it('the demo users cover every role', () => {
    expect(new Set(DEMO_USERS.map((u) => u.role)).size).toBe(7);
  });
});
