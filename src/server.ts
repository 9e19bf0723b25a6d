/**
 * Builds a Samsvar process from its roles: api (portal, API), gateway (data plane), worker (jobs), prober
 * (monitors). One process plays all four by default, on the embedded database.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config, ProcessRole } from './config.ts';
import { modules as allModules } from './modules/index.ts';
import { createLoginLimiter } from './platform/auth/limiter.ts';
import type { AppContext, SamsvarModule } from './platform/context.ts';
import { openDatabase, type Database } from './platform/db/index.ts';
import { buildHttpApp } from './platform/http/app.ts';
import { createLogger } from './platform/http/logger.ts';
import { startJobs, type JobDef } from './platform/jobs/index.ts';
import { createMailer } from './platform/mail/index.ts';
import { loadPolicy } from './platform/policy/index.ts';

export interface ContextOptions {
  /** Use this database instead of opening one from the config (tests). */
  database?: Database;
  log?: Logger;
  /** Skip migrations (they ran already). */
  skipMigrate?: boolean;
}

export function readOrCreateSecret(config: Config): string {
  if (config.SESSION_SECRET) return config.SESSION_SECRET;
  const file = path.join(config.DATA_DIR, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const policy = loadPolicy(config.POLICY_FILE, config.CLAUSES_FILE);
  const database =
    opts.database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATABASE_URL ? undefined : path.join(config.DATA_DIR, 'pglite') }));
  if (!opts.skipMigrate) await database.migrate();
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    log,
    policy,
    secret: readOrCreateSecret(config),
    loginLimiter: createLoginLimiter({ maxAttempts: config.LOGIN_MAX_ATTEMPTS, windowMinutes: config.LOGIN_WINDOW_MINUTES, redisUrl: config.REDIS_URL, keyPrefix: `${config.REDIS_PREFIX}login` }),
    mail: undefined as never,
  };
  ctx.mail = createMailer({ db: database.db, smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, jobs: () => ctx.jobs });
  return ctx;
}

/** Releases everything a context holds (database, Redis, SMTP), so one-shot commands exit. */
export async function closeContext(ctx: AppContext): Promise<void> {
  ctx.mail.close();
  (ctx.loginLimiter as { close?: () => void }).close?.();
  await ctx.database.close();
}

export function jobsOf(ctx: AppContext, modules: SamsvarModule[]): JobDef<any>[] {
  return [ctx.mail.job, ...modules.flatMap((m) => m.jobs?.(ctx) ?? [])];
}

export interface RunningSamsvar {
  ctx: AppContext;
  api?: FastifyInstance;
  /** Base URL of the api role when it listens. */
  url?: string;
  roles: ProcessRole[];
  stop(): Promise<void>;
}

export interface StartOptions extends ContextOptions {
  roles?: ProcessRole[];
  modules?: SamsvarModule[];
  /** Listen on this port instead of PORT (0 = any free port). */
  port?: number;
  host?: string;
  /** Start pg-boss (default true). API tests without jobs turn it off for speed. */
  jobs?: boolean;
  onReady?: (info: { role: ProcessRole; detail: string }) => void;
}

export async function startSamsvar(config: Config, opts: StartOptions = {}): Promise<RunningSamsvar> {
  const roles = opts.roles ?? config.ROLES;
  const modules = opts.modules ?? allModules;
  const ctx = await createContext(config, opts);
  const stoppers: Array<() => Promise<void>> = [];
  const say = (role: ProcessRole, detail: string) => {
    ctx.log.info({ role }, detail);
    opts.onReady?.({ role, detail });
  };

  if (opts.jobs !== false) {
    ctx.jobs = await startJobs(ctx.database, { onError: (e) => ctx.log.error({ err: e }, 'job system error'), schedule: roles.includes('worker') });
    await ctx.jobs.register(jobsOf(ctx, modules));
    stoppers.push(() => ctx.jobs!.stop());
    if (roles.includes('worker')) {
      const defs = jobsOf(ctx, modules);
      await ctx.jobs.work(defs);
      say('worker', `worker: running ${defs.length} job kinds (${defs.map((d) => d.name).join(', ')})`);
    }
  }

  let api: FastifyInstance | undefined;
  let url: string | undefined;
  if (roles.includes('api')) {
    api = await buildHttpApp(ctx, modules);
    const address = await api.listen({ port: opts.port ?? config.PORT, host: opts.host ?? config.HOST });
    url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
    stoppers.push(() => api!.close());
    say('api', `api: portal and API at ${url} (OpenAPI at ${url}/docs)`);
  }

  for (const role of ['gateway', 'prober', 'worker'] as const) {
    if (!roles.includes(role)) continue;
    const providers = modules.filter((m) => m.roles?.[role]);
    if (providers.length === 0) {
      // The worker role always runs jobs (above); only the other roles say they have nothing to do.
      if (role !== 'worker') say(role, `${role}: no capability of this build runs in the ${role} role yet`);
      continue;
    }
    for (const m of providers) {
      const stop = await m.roles![role]!(ctx);
      stoppers.push(stop);
    }
    say(role, `${role}: started (${providers.map((m) => m.name).join(', ')})`);
  }

  let stopped = false;
  return {
    ctx,
    api,
    url,
    roles,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const s of stoppers.reverse()) await s().catch((e) => ctx.log.warn({ err: e }, 'stop failed'));
      await closeContext(ctx);
    },
  };
}
