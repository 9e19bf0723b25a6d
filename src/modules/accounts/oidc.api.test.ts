/**
 * OpenID Connect log-in against a real provider: oidc-provider runs in this process on 127.0.0.1 with its
 * development login and consent forms, and the test drives the browser's part with plain fetch and a cookie jar.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
// @ts-ignore -- oidc-provider ships no type declarations
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../demo.ts';
import { isValidNationalId, NATIONAL_ID_MASK } from '../../kernel/ids/index.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { authTables } from '../../platform/auth/index.ts';
import { OIDC_STATE_COOKIE, safeReturnTo } from '../../platform/auth/oidc.ts';
import { startTestServer, TestClient, type TestServer } from '../../../test/helpers.ts';

const { users, identities } = authTables;

/** A synthetic (Tenor, month + 80) fødselsnummer with valid control digits: what ID-porten sends as `pid`. */
const PID = '15838512329';
const CLIENT_ID = 'samsvar-test';
const CLIENT_SECRET = 'samsvar-test-client-secret-0123456789abcdef';
const CALLBACK_PATH = '/api/v1/auth/oidc/oidc/callback';
const operator = DEMO_USERS.find((u) => u.key === 'operatorAdmin')!;
const vendor = DEMO_USERS.find((u) => u.key === 'vendorAdmin')!;

/** The provider's accounts, by the login name typed into its dev login form. */
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  kari: { email: 'Kari.Nordmann@Example.no', email_verified: true, name: 'Kari Nordmann', pid: PID },
  ada: { email: operator.email.toUpperCase(), email_verified: true, name: 'Ada fra IdP', pid: PID },
  mallory: { email: vendor.email, email_verified: false, name: 'Mallory', pid: PID },
  anon: { pid: PID },
};

// ---------------------------------------------------------------- a tiny browser

class Jar {
  private cookies = new Map<string, string>();
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expires = attrs.map((a) => a.trim()).find((a) => /^expires=/i.test(a));
      const maxAge = attrs.map((a) => a.trim()).find((a) => /^max-age=/i.test(a));
      const gone = value === '' || (expires && Date.parse(expires.slice(8)) < Date.now()) || (maxAge && Number(maxAge.slice(8)) <= 0);
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function go(jar: Jar, url: string, init: { method?: string; body?: string; accept?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: init.accept ?? 'text/html,application/xhtml+xml' };
  const cookie = jar.header();
  if (cookie) headers.cookie = cookie;
  if (init.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await fetch(url, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' });
  jar.take(res);
  return res;
}

interface FlowResult {
  /** The provider's redirect back to Samsvar (with code, state, iss). */
  callbackUrl: string;
  jar: Jar;
}

/**
 * Starts a log-in at Samsvar and plays the user at the provider (login form with `login`, then consent) until the
 * provider sends the browser back to Samsvar's callback, which is returned unvisited.
 */
async function toCallback(server: TestServer, login: string, returnTo = '/'): Promise<FlowResult> {
  const jar = new Jar();
  let res = await go(jar, `${server.url}/api/v1/auth/oidc/oidc/login?returnTo=${encodeURIComponent(returnTo)}`);
  expect(res.status).toBe(302);
  let url = new URL(res.headers.get('location')!, server.url).href;
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(server.url + CALLBACK_PATH)) return { callbackUrl: url, jar };
    res = await go(jar, url);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).href;
      continue;
    }
    const html = await res.text();
    expect(res.status, html.slice(0, 500)).toBe(200);
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    expect(action, html.slice(0, 500)).toBeTruthy();
    const body = prompt === 'login' ? new URLSearchParams({ prompt, login, password: 'anything' }) : new URLSearchParams({ prompt: prompt! });
    res = await go(jar, new URL(action!.replace(/&amp;/g, '&'), url).href, { method: 'POST', body: body.toString() });
    expect([302, 303]).toContain(res.status);
    url = new URL(res.headers.get('location')!, url).href;
  }
  throw new Error('the provider did not send the browser back');
}

/** The whole log-in; returns the callback's answer and a TestClient carrying the session cookie it set. */
async function logInAs(server: TestServer, login: string, returnTo = '/') {
  const { callbackUrl, jar } = await toCallback(server, login, returnTo);
  const res = await go(jar, callbackUrl);
  const client = new TestClient(server.url);
  const session = jar.get('samsvar_session');
  if (session) client.cookie = `samsvar_session=${session}`;
  return { res, client, jar, location: res.headers.get('location') };
}

// ---------------------------------------------------------------- setup

let server: TestServer;
let op: http.Server;
let issuer: string;
/** ID tokens the provider issued, to prove the pid really travelled to Samsvar. */
const issuedIdTokens: string[] = [];

beforeAll(async () => {
  // The provider's issuer needs its port and its client needs Samsvar's URL: listen first, attach the provider after.
  let handler: http.RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  op = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => op.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(op.address() as AddressInfo).port}`;

  server = await startTestServer({
    config: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, OIDC_ALLOW_INSECURE: true, OIDC_NAME: 'Testporten' },
  });
  // The redirect URI is built from PUBLIC_URL at request time: make it the server's real address.
  server.ctx.config.PUBLIC_URL = server.url;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [server.url + CALLBACK_PATH],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    // Like ID-porten: the pid rides in the ID token.
    claims: { openid: ['sub', 'pid'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false,
    cookies: { keys: ['oidc-test-cookie-key-0123456789'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: unknown, sub: string) {
      const claims = ACCOUNTS[sub];
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
  });
  provider.on('grant.success', (ctx: { body?: { id_token?: string } }) => {
    if (ctx.body?.id_token) issuedIdTokens.push(ctx.body.id_token);
  });
  handler = provider.callback();
});

afterAll(async () => {
  await server?.stop();
  await new Promise<void>((resolve) => (op ? op.close(() => resolve()) : resolve()));
});

// ---------------------------------------------------------------- tests

describe('OpenID Connect log-in', () => {
  it('lists the configured provider', async () => {
    const res = await server.client().get('/api/v1/auth/providers');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ local: true, oidc: [{ id: 'oidc', name: 'Testporten' }], demo: false });
  });

  it('sends the browser to the provider with PKCE (S256), state and nonce, keeping them in an encrypted cookie', async () => {
    const res = await server.client().get('/api/v1/auth/oidc/oidc/login?returnTo=/organisations');
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get('location')!);
    expect(loc.origin).toBe(issuer);
    expect(loc.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(loc.searchParams.get('redirect_uri')).toBe(server.url + CALLBACK_PATH);
    expect(loc.searchParams.get('code_challenge_method')).toBe('S256');
    expect(loc.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(loc.searchParams.get('state')).toBeTruthy();
    expect(loc.searchParams.get('nonce')).toBeTruthy();
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${OIDC_STATE_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=600/i);
    // Encrypted: neither the state nor the return path is readable in the cookie.
    expect(cookie).not.toContain(loc.searchParams.get('state')!);
    expect(cookie).not.toContain('organisations');
  });

  it('logs a new person in: a user without password and memberships, session cookie, 302 to returnTo', async () => {
    const { res, client, location } = await logInAs(server, 'kari', '/organisations?tab=mine');
    expect(res.status).toBe(302);
    expect(location).toBe('/organisations?tab=mine');
    expect(res.headers.getSetCookie().some((c) => /^samsvar_oidc=;/.test(c))).toBe(true); // state cookie cleared
    const session = await client.get('/api/v1/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.user.email).toBe('kari.nordmann@example.no');
    expect(session.body.user.name).toBe('Kari Nordmann');
    expect(session.body.memberships).toEqual([]);
    const [u] = await server.ctx.db.select().from(users).where(eq(users.email, 'kari.nordmann@example.no'));
    expect(u.passwordHash).toBeNull();
    const links = await server.ctx.db.select().from(identities).where(eq(identities.userId, u.id));
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ provider: issuer, subject: 'kari' });
    const audit = await server.ctx.db.select().from(auditLog).where(eq(auditLog.targetId, u.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['user.create', 'user.oidc-login']));
  });

  it('a second log-in reuses the same user through the identity link (and ignores a foreign returnTo)', async () => {
    const first = await server.ctx.db.select().from(users).where(eq(users.email, 'kari.nordmann@example.no'));
    const { res, client, location } = await logInAs(server, 'kari', '//evil.example/steal');
    expect(res.status).toBe(302);
    expect(location).toBe('/');
    const session = await client.get('/api/v1/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.user.id).toBe(first[0].id);
    const all = await server.ctx.db.select().from(users).where(sql`lower(${users.email}) = 'kari.nordmann@example.no'`);
    expect(all).toHaveLength(1);
    const [link] = await server.ctx.db.select().from(identities).where(eq(identities.subject, 'kari'));
    expect(link.lastLoginAt).toBeInstanceOf(Date);
  });

  it('links an existing local user with the same verified e-mail instead of making a second account', async () => {
    const [before] = await server.ctx.db.select().from(users).where(eq(users.email, operator.email));
    const { res, client } = await logInAs(server, 'ada');
    expect(res.status).toBe(302);
    const session = await client.get('/api/v1/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.user.id).toBe(before.id);
    expect(session.body.user.email).toBe(operator.email);
    expect(session.body.memberships.map((m: { role: string }) => m.role)).toEqual(['operator-admin']);
    const same = await server.ctx.db.select().from(users).where(sql`lower(${users.email}) = ${operator.email}`);
    expect(same).toHaveLength(1);
    const [link] = await server.ctx.db.select().from(identities).where(eq(identities.subject, 'ada'));
    expect(link.userId).toBe(before.id);
    // The local password still works.
    expect((await new TestClient(server.url).login(operator.email, (await import('../../demo.ts')).DEMO_PASSWORD)).status).toBe(200);
  });

  it('does not link by an e-mail the provider calls unverified', async () => {
    const [victim] = await server.ctx.db.select().from(users).where(eq(users.email, vendor.email));
    const { res, client } = await logInAs(server, 'mallory');
    expect(res.status).toBe(302);
    const session = await client.get('/api/v1/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.user.id).not.toBe(victim.id);
    expect(session.body.user.email).toMatch(/@users\.invalid$/);
    expect(session.body.memberships).toEqual([]);
  });

  it('logs in a person the provider gives no e-mail (ID-porten) with a placeholder address', async () => {
    const { res, client } = await logInAs(server, 'anon');
    expect(res.status).toBe(302);
    const session = await client.get('/api/v1/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.user.email).toMatch(/^oidc-[0-9a-f]{20}@users\.invalid$/);
    expect(session.body.user.name).toBe('Testporten-bruker');
  });

  it('a tampered state goes to /login?error=oidc (browser) or 400 problem details (API client), without a session', async () => {
    const { callbackUrl, jar } = await toCallback(server, 'kari');
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', 'tampered-' + tampered.searchParams.get('state'));
    const before = server.logLines.length;
    const res = await go(jar, tampered.href);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?error=oidc');
    expect(jar.get('samsvar_session')).toBeUndefined();
    const warn = server.logLines.slice(before).map((l) => JSON.parse(l)).find((l) => l.msg === 'oidc log-in failed');
    expect(warn).toMatchObject({ level: 40, reason: 'exchange-failed' });

    // The same with an API client (and the state cookie put back, as the failure cleared it).
    const jar2 = new Jar();
    const again = await toCallback(server, 'kari');
    jar2.set(OIDC_STATE_COOKIE, again.jar.get(OIDC_STATE_COOKIE)!);
    const bad = new URL(again.callbackUrl);
    bad.searchParams.set('state', 'nope');
    const api = await go(jar2, bad.href, { accept: 'application/json' });
    expect(api.status).toBe(400);
    expect(api.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await api.json()).toMatchObject({ type: 'urn:samsvar:problem:oidc-login-failed', reason: 'exchange-failed' });
    expect(jar2.get('samsvar_session')).toBeUndefined();
  });

  it('a tampered state cookie, a missing one or a provider error param take the error path', async () => {
    const { callbackUrl, jar } = await toCallback(server, 'kari');
    const sealed = jar.get(OIDC_STATE_COOKIE)!;
    jar.set(OIDC_STATE_COOKIE, sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA'));
    let res = await go(jar, callbackUrl);
    expect(res.headers.get('location')).toBe('/login?error=oidc');
    res = await go(new Jar(), callbackUrl);
    expect(res.headers.get('location')).toBe('/login?error=oidc');
    res = await go(new Jar(), `${server.url}${CALLBACK_PATH}?error=access_denied&state=x`);
    expect(res.headers.get('location')).toBe('/login?error=oidc');
    expect(jar.get('samsvar_session')).toBeUndefined();
  });

  it('answers a clear 502 (or the log-in page for a browser) when the issuer is unreachable', async () => {
    const cfg = server.ctx.config;
    const saved = cfg.OIDC_ISSUER;
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadIssuer = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((r) => closed.close(() => r()));
    cfg.OIDC_ISSUER = deadIssuer;
    try {
      const api = await server.client().get('/api/v1/auth/oidc/oidc/login');
      expect(api.status).toBe(502);
      expect(api.body.type).toBe('urn:samsvar:problem:oidc-unavailable');
      expect(api.body.detail).toContain(deadIssuer);
      const browser = await go(new Jar(), `${server.url}/api/v1/auth/oidc/oidc/login`);
      expect(browser.status).toBe(302);
      expect(browser.headers.get('location')).toBe('/login?error=oidc');
    } finally {
      cfg.OIDC_ISSUER = saved;
    }
  });

  it('without OIDC_ISSUER: no provider listed, log-in and callback answer 404 problem details', async () => {
    const cfg = server.ctx.config;
    const saved = cfg.OIDC_ISSUER;
    cfg.OIDC_ISSUER = undefined;
    try {
      const c = server.client();
      expect((await c.get('/api/v1/auth/providers')).body.oidc).toEqual([]);
      for (const p of ['/api/v1/auth/oidc/oidc/login', CALLBACK_PATH + '?code=x&state=y']) {
        const res = await c.get(p);
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
    } finally {
      cfg.OIDC_ISSUER = saved;
    }
    expect((await server.client().get('/api/v1/auth/oidc/other/login')).status).toBe(404);
  });

  it('accepts only same-origin relative paths as returnTo', () => {
    expect(safeReturnTo('/organisations?x=1#y')).toBe('/organisations?x=1#y');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'evil', '', undefined, '/a\nb', '/\t/evil.example']) {
      expect(safeReturnTo(bad)).toBe('/');
    }
  });

  it('[T-5] the pid (fødselsnummer) from the provider is never logged nor stored', async () => {
    expect(isValidNationalId(PID)).toBe(true);
    // Every flow above carried the pid in the ID token; run one more to be sure this test stands alone.
    const before = issuedIdTokens.length;
    await logInAs(server, 'kari');
    expect(issuedIdTokens.length).toBe(before + 1);
    const idToken = JSON.parse(Buffer.from(issuedIdTokens[before].split('.')[1], 'base64url').toString());
    expect(idToken.pid).toBe(PID);
    const log = server.logLines.join('\n');
    expect(server.logLines.length).toBeGreaterThan(0);
    expect(log).not.toContain(PID);
    // Not even masked: nothing tried to log it (the logger's redactor would have masked it).
    expect(log).not.toContain(NATIONAL_ID_MASK);
    const tables = ['users', 'identities', 'sessions', 'audit_log', 'memberships'];
    for (const t of tables) {
      const rows = await server.ctx.db.execute(sql.raw(`select * from ${t}`));
      const text = JSON.stringify((rows as { rows?: unknown[] }).rows ?? rows);
      expect(text, t).not.toContain(PID);
    }
  });
});
