/**
 * Test helpers: a fresh database per test file (PGlite in memory by default; a fresh PostgreSQL database when
 * DATABASE_URL is set), a server started in-process and reached over HTTP, and a small client that logs in and
 * carries the session cookie and CSRF token.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config.ts';
import { DEMO_PASSWORD, loadDemo } from '../src/demo.ts';
import type { DemoContext, SamsvarModule } from '../src/platform/context.ts';
import { openDatabase, type Database } from '../src/platform/db/index.ts';
import { createLogger, type LineSink } from '../src/platform/http/logger.ts';
import { startSamsvar, type RunningSamsvar } from '../src/server.ts';

export const usingPostgres = Boolean(process.env.DATABASE_URL);

/** A migrated database of its own; `close()` also drops it on PostgreSQL. */
export async function freshDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await openDatabase({});
    await db.migrate();
    return db;
  }
  const name = `samsvar_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openDatabase({ url: u.toString(), poolSize: 5 });
  await db.migrate();
  const close = db.close;
  db.close = async () => {
    await close();
    const a = new pg.Client({ connectionString: url });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  };
  return db;
}

/**
 * A database that outlives a server: `open()` gives a new handle to the same store each time (a PGlite data
 * directory, or a named PostgreSQL database), so a test can stop a server and start another on the same data —
 * a process restart. `drop()` removes it.
 */
export async function reopenableDatabase(): Promise<{ open(): Promise<Database>; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'samsvar-restart-')), 'pglite');
    let migrated = false;
    return {
      async open() {
        const db = await openDatabase({ dataDir });
        if (!migrated) await db.migrate();
        migrated = true;
        return db;
      },
      async drop() {
        const { rmSync } = await import('node:fs');
        rmSync(path.dirname(dataDir), { recursive: true, force: true });
      },
    };
  }
  const name = `samsvar_r_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  let migrated = false;
  return {
    async open() {
      const db = await openDatabase({ url: u.toString(), poolSize: 5 });
      if (!migrated) await db.migrate();
      migrated = true;
      return db;
    },
    async drop() {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'samsvar-test-'));
  return loadConfig(
    {},
    {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'http://localhost:8080',
      SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
      WEB_DIST: path.join(dataDir, 'no-web'),
      // With REDIS_URL set (the PostgreSQL run of .ci/run), servers share counters through Redis under a prefix of their own.
      REDIS_URL: process.env.REDIS_URL || undefined,
      REDIS_PREFIX: `samsvar-test:${randomBytes(4).toString('hex')}:`,
      DATABASE_URL: undefined,
      OUTBOUND_ALLOW_HTTP: true, OUTBOUND_ALLOW: ['127.0.0.1/32', '::1/128'], // local receivers of webhook tests
      ...overrides,
    },
  );
}

export interface TestServer extends RunningSamsvar {
  url: string;
  demo: DemoContext;
  client(): TestClient;
  /** A client logged in as a demo user (by key in DEMO_USERS, e.g. "operatorAdmin"). */
  as(userKey: string): Promise<TestClient>;
  logLines: string[];
}

/** Starts the api role (and the worker when jobs are on) on a fresh database, with the demo organisations and users. */
export async function startTestServer(
  opts: { config?: Partial<Config>; jobs?: boolean; roles?: Config['ROLES']; modules?: SamsvarModule[]; demo?: boolean; database?: Database } = {},
): Promise<TestServer> {
  const database = opts.database ?? (await freshDatabase());
  const config = testConfig(opts.config);
  const logLines: string[] = [];
  const sink: LineSink = { write: (l) => void logLines.push(l) };
  const running = await startSamsvar(config, {
    database,
    skipMigrate: true,
    log: createLogger(opts.config?.LOG_LEVEL ?? 'info', sink),
    roles: opts.roles ?? ['api'],
    port: 0,
    host: '127.0.0.1',
    jobs: opts.jobs ?? false,
    modules: opts.modules,
  });
  const demo = opts.demo === false ? ({ orgs: {}, users: {}, log() {} } as DemoContext) : await loadDemo(running.ctx, opts.modules ?? []);
  const url = running.url!;
  const server: TestServer = {
    ...running,
    url,
    demo,
    logLines,
    client: () => new TestClient(url),
    async as(userKey) {
      const { DEMO_USERS } = await import('../src/demo.ts');
      const u = DEMO_USERS.find((x) => x.key === userKey);
      if (!u) throw new Error(`no demo user ${userKey}`);
      const c = new TestClient(url);
      const res = await c.login(u.email, DEMO_PASSWORD);
      if (res.status !== 200) throw new Error(`login as ${userKey} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return c;
    },
  };
  return server;
}

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export class TestClient {
  cookie?: string;
  csrf?: string;
  bearer?: string;
  constructor(readonly base: string) {}

  async request<T = any>(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const h: Record<string, string> = { accept: 'application/json', ...headers };
    if (body !== undefined) h['content-type'] ??= 'application/json';
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && !['GET', 'HEAD'].includes(method)) h['x-csrf-token'] ??= this.csrf;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    const res = await fetch(this.base + p, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    const setCookie = res.headers.getSetCookie?.() ?? [];
    for (const c of setCookie) {
      const m = /^samsvar_session=([^;]*)/.exec(c);
      if (m) this.cookie = m[1] ? `samsvar_session=${m[1]}` : undefined;
    }
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    if (parsed && typeof parsed === 'object' && typeof parsed.csrfToken === 'string') this.csrf = parsed.csrfToken;
    return { status: res.status, body: parsed, headers: res.headers, text };
  }
  get<T = any>(p: string, headers?: Record<string, string>) {
    return this.request<T>('GET', p, undefined, headers);
  }
  post<T = any>(p: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', p, body ?? {}, headers);
  }
  patch<T = any>(p: string, body?: unknown) {
    return this.request<T>('PATCH', p, body ?? {});
  }
  delete<T = any>(p: string) {
    return this.request<T>('DELETE', p);
  }
  login(email: string, password: string) {
    return this.post('/api/v1/auth/login', { email, password });
  }
}
