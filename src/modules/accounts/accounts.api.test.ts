import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../demo.ts';
import { verifyAudit } from '../../platform/audit/index.ts';
import { startTestServer, type TestServer } from '../../../test/helpers.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { LOGIN_MAX_ATTEMPTS: 3 } });
});
afterAll(async () => server?.stop());

describe('log-in and sessions', () => {
  it('sets an HttpOnly, Secure, SameSite session cookie and returns memberships and a CSRF token', async () => {
    const c = server.client();
    const res = await c.login('admin@skatt.demo', DEMO_PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((x) => x.startsWith('samsvar_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(res.body.memberships[0]).toMatchObject({ orgName: 'Skatteetaten', role: 'serviceowner-admin' });
    expect(res.body.csrfToken).toBeTruthy();
    const s = await c.get('/api/v1/auth/session');
    expect(s.status).toBe(200);
    expect(s.body.user.email).toBe('admin@skatt.demo');
  });

  it('refuses a wrong password with 401 problem details and never reveals which part was wrong', async () => {
    const res = await server.client().login('admin@skatt.demo', 'wrong-password-123');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:samsvar:problem:invalid-credentials', status: 401 });
    const unknown = await server.client().login('nobody@example.com', 'wrong-password-123');
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toBe(res.body.detail);
  });

  it('rate-limits repeated failed log-ins with 429 and Retry-After', async () => {
    const c = server.client();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await c.login('admin@nav.demo', 'wrong-password-xyz')).status);
    expect(statuses).toEqual([401, 401, 429, 429]);
    const blocked = await c.login('admin@nav.demo', DEMO_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('requires the CSRF token on unsafe requests made with the session cookie', async () => {
    const c = await server.as('skattAdmin');
    const csrf = c.csrf;
    c.csrf = undefined;
    const res = await c.patch('/api/v1/me', { name: 'Tone T.' });
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('urn:samsvar:problem:csrf');
    c.csrf = 'forged';
    expect((await c.patch('/api/v1/me', { name: 'Tone T.' })).status).toBe(403);
    c.csrf = csrf;
    expect((await c.patch('/api/v1/me', { name: 'Tone T.' })).status).toBe(200);
  });

  it('log-out ends the session', async () => {
    const c = await server.as('skattMember');
    expect((await c.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await c.get('/api/v1/auth/session')).status).toBe(401);
  });
});

describe('organisations', () => {
  it('validates the organisation number (mod 11) and names the field', async () => {
    const c = await server.as('operatorAdmin');
    const bad = await c.post('/api/v1/organisations', { orgNumber: '123456789', name: 'Feil AS', kinds: ['vendor'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('orgNumber');
    const missing = await c.post('/api/v1/organisations', { name: 'Feil AS' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: any) => e.field)).toEqual(expect.arrayContaining(['body.orgNumber', 'body.kinds']));
    const ok = await c.post('/api/v1/organisations', { orgNumber: '923609016', name: 'Equinor ASA', kinds: ['vendor'] });
    expect(ok.status).toBe(201);
    const dup = await c.post('/api/v1/organisations', { orgNumber: '923 609 016', name: 'Equinor igjen', kinds: ['vendor'] });
    expect(dup.status).toBe(409);
  });

  it('pages with a cursor', async () => {
    const c = await server.as('operatorAdmin');
    const first = await c.get('/api/v1/organisations?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await c.get(`/api/v1/organisations?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(2);
    expect(second.body.items[0].name > first.body.items[1].name).toBe(true);
    expect((await c.get('/api/v1/organisations?cursor=garbage')).status).toBe(400);
  });
});

describe('invitations', () => {
  it('invites by e-mail (kept in the outbox without SMTP), the invitee accepts and gets the role', async () => {
    const admin = await server.as('vendorAdmin');
    const org = server.demo.orgs.fjordregnskap.id;
    const inv = await admin.post(`/api/v1/organisations/${org}/invitations`, { email: 'Ny.Utvikler@Example.com', role: 'vendor-developer' });
    expect(inv.status).toBe(201);
    expect(inv.body.email).toBe('ny.utvikler@example.com');
    const wrongRole = await admin.post(`/api/v1/organisations/${org}/invitations`, { email: 'x@example.com', role: 'serviceowner-admin' });
    expect(wrongRole.status).toBe(400);

    const ops = await server.as('operatorAgent');
    const outbox = await ops.get('/api/v1/mail/outbox');
    const mail = outbox.body.items.find((m: any) => m.to === 'ny.utvikler@example.com');
    expect(mail.status).toBe('kept');
    const token = /\/invitation\/(inv_[A-Za-z0-9_-]+)/.exec(mail.text)![1];

    const anon = server.client();
    const info = await anon.get(`/api/v1/invitations/${token}`);
    expect(info.body).toMatchObject({ email: 'ny.utvikler@example.com', orgName: 'Fjordregnskap AS (demo)', role: 'vendor-developer', existingAccount: false });
    const weak = await anon.post(`/api/v1/invitations/${token}/accept`, { name: 'Ny', password: 'short' });
    expect(weak.status).toBe(400);
    const acc = await anon.post(`/api/v1/invitations/${token}/accept`, { name: 'Ny Utvikler', password: 'et-langt-passord-1' });
    expect(acc.status).toBe(200);
    expect(acc.body.memberships[0]).toMatchObject({ orgId: org, role: 'vendor-developer' });
    expect((await anon.get(`/api/v1/invitations/${token}`)).status).toBe(404);
    expect((await server.client().login('ny.utvikler@example.com', 'et-langt-passord-1')).status).toBe(200);
  });

  it('a logged-in user (e.g. from ID-porten, without a password) accepts an invitation for their own account', async () => {
    const admin = await server.as('vendor2Admin');
    const nav = server.demo.orgs.lonnsmester.id;
    const inv = await admin.post(`/api/v1/organisations/${nav}/invitations`, { email: 'utvikler.hos.nav@example.com', role: 'vendor-developer' });
    expect(inv.status).toBe(201);
    const ops = await server.as('operatorAgent');
    const mail = (await ops.get('/api/v1/mail/outbox')).body.items.find((m: any) => m.to === 'utvikler.hos.nav@example.com');
    const token = /\/invitation\/(inv_[A-Za-z0-9_-]+)/.exec(mail.text)![1];
    const member = await server.as('skattMember');
    const csrf = member.csrf;
    member.csrf = undefined;
    expect((await member.post(`/api/v1/invitations/${token}/accept`, {})).status).toBe(403);
    member.csrf = csrf;
    const acc = await member.post(`/api/v1/invitations/${token}/accept`, {});
    expect(acc.status).toBe(200);
    expect(acc.body.user.email).toBe('utvikler@skatt.demo');
    expect(acc.body.memberships.map((m: any) => m.orgId).sort()).toEqual([server.demo.orgs.skatt.id, nav].sort());
  });

  it('[T-6] records every administrative act in the audit log, and the chain verifies', async () => {
    const auditor = await server.as('auditor');
    const res = await auditor.get('/api/v1/audit?limit=200');
    expect(res.status).toBe(200);
    const actions = res.body.items.map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['organisation.create', 'invitation.create', 'invitation.accept', 'member.add', 'user.create']));
    const entry = res.body.items.find((e: any) => e.action === 'invitation.create' && e.orgId === server.demo.orgs.fjordregnskap.id);
    expect(entry.actorLabel).toBe('admin@fjordregnskap.demo');
    expect(entry.afterDigest).toMatch(/^[0-9a-f]{64}$/);
    const v = await auditor.get('/api/v1/audit/verify');
    expect(v.body).toMatchObject({ ok: true });
    expect((await verifyAudit(server.ctx.db)).ok).toBe(true);
  });
});

describe('users and tokens', () => {
  it('an operator admin disables a user, whose sessions end at once', async () => {
    const dev = await server.as('vendorDev');
    const admin = await server.as('operatorAdmin');
    const list = await admin.get('/api/v1/users?q=dev@fjord');
    const id = list.body.items[0].id;
    expect((await admin.patch(`/api/v1/users/${id}`, { disabled: true })).status).toBe(200);
    expect((await dev.get('/api/v1/auth/session')).status).toBe(401);
    expect((await server.client().login('dev@fjordregnskap.demo', DEMO_PASSWORD)).status).toBe(401);
    expect((await admin.patch(`/api/v1/users/${id}`, { disabled: false })).status).toBe(200);
  });

  it('changing the password checks the old one and ends other sessions', async () => {
    const a = await server.as('vendor2Admin');
    const b = await server.as('vendor2Admin');
    const wrong = await a.post('/api/v1/me/password', { currentPassword: 'nope-nope-nope', newPassword: 'nytt-passord-2026' });
    expect(wrong.status).toBe(400);
    expect((await a.post('/api/v1/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'nytt-passord-2026' })).status).toBe(204);
    expect((await a.get('/api/v1/auth/session')).status).toBe(200);
    expect((await b.get('/api/v1/auth/session')).status).toBe(401);
  });
});
