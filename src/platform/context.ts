/** What every module receives: configuration, database, policy, mail, jobs, logger. No catch-all services. */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database, Db } from './db/index.ts';
import type { Jobs, JobDef } from './jobs/index.ts';
import type { Mailer } from './mail/index.ts';
import type { PolicyRuntime } from './policy/index.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Caller } from './auth/index.ts';

export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  log: Logger;
  policy: PolicyRuntime;
  mail: Mailer;
  /** Present once jobs have started (every role can send; the worker role runs handlers). */
  jobs?: Jobs;
  /** Secret for CSRF tokens and signatures. */
  secret: string;
  /** Rate limiter for log-ins (memory, or Redis with REDIS_URL). */
  loginLimiter: LoginLimiter;
}

export interface LoginLimiter {
  /** Records a failed attempt; resolves to seconds to wait when the key is blocked, else 0. */
  fail(key: string): Promise<number>;
  /** Seconds until the key may try again (0 = allowed). */
  blockedFor(key: string): Promise<number>;
  reset(key: string): Promise<void>;
}

/** A Fastify plugin of a module, with TypeBox-typed requests. */
export type ModuleRoutes = FastifyPluginAsyncTypebox<{ ctx: AppContext }>;

/** A capability of Samsvar: one folder under src/modules with this as its public surface. */
export interface SamsvarModule {
  name: string;
  /** Fastify plugin registered under /api/v1. Every route must declare `config.access`. */
  routes?: ModuleRoutes;
  /** Routes outside /api/v1 (e.g. the public status page, feeds). */
  rootRoutes?: ModuleRoutes;
  jobs?: (ctx: AppContext) => JobDef<any>[];
  /** Long-running parts of the gateway, prober or worker role; each returns its stop function. */
  roles?: Partial<Record<'gateway' | 'prober' | 'worker', (ctx: AppContext) => Promise<() => Promise<void>>>>;
  /** Loads this module's demo data; must be idempotent. */
  demo?: (ctx: AppContext, demo: DemoContext) => Promise<void>;
}

export interface DemoContext {
  orgs: Record<string, { id: string; orgNumber: string; name: string }>;
  users: Record<string, { id: string; email: string }>;
  log(line: string): void;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route: 'public', 'authenticated' or a list of roles. Required on every /api route. */
    access?: import('./auth/index.ts').Access;
    /** Token scope needed (default: read for GET, write otherwise). */
    scope?: import('./auth/roles.ts').TokenScope;
  }
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export type { Db };
