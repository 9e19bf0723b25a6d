/**
 * Background jobs on pg-boss, on both backends (PGlite through `fromPglite`, PostgreSQL through its URL).
 * Modules declare their jobs with `defineJob` (typed name and payload, retry policy, optional cron in Europe/Oslo);
 * every process can send, only processes with the worker role run handlers. Handlers must be idempotent.
 */
import { fromPglite, PgBoss } from 'pg-boss';
import type { Database } from '../db/index.ts';

export interface JobContext {
  /** Attempt number, 0 for the first try. */
  retryCount: number;
  /** True when this is the last attempt before the job fails for good. */
  lastAttempt: boolean;
  jobId: string;
}

export interface JobDef<P extends object = object> {
  name: string;
  doc: string;
  handler: (payload: P, ctx: JobContext) => Promise<void>;
  retryLimit?: number;
  /** Seconds before the first retry; doubled each time (with jitter) when retryBackoff. */
  retryDelay?: number;
  retryBackoff?: boolean;
  retryDelayMax?: number;
  /** Cron expression evaluated in Europe/Oslo; the job runs with an empty payload. */
  cron?: string;
  batchSize?: number;
  pollingIntervalSeconds?: number;
}

export function defineJob<P extends object>(def: JobDef<P>): JobDef<P> {
  return def;
}

export interface Jobs {
  send<P extends object>(job: JobDef<P> | string, payload: P, opts?: { startAfterSeconds?: number; singletonKey?: string }): Promise<string | null>;
  /** Runs handlers of the registered jobs in this process (worker role). */
  work(defs: JobDef<any>[]): Promise<void>;
  register(defs: JobDef<any>[]): Promise<void>;
  stop(): Promise<void>;
  boss: PgBoss;
}

export async function startJobs(database: Database, opts: { onError?: (e: Error) => void; schedule?: boolean } = {}): Promise<Jobs> {
  const boss =
    database.kind === 'pglite'
      ? new PgBoss({ db: fromPglite(database.pglite as never), backend: 'pglite', schedule: opts.schedule ?? true })
      : new PgBoss({ connectionString: database.url!, max: 4, schedule: opts.schedule ?? true });
  boss.on('error', (e: Error) => opts.onError?.(e));
  await boss.start();
  const registered = new Map<string, JobDef<any>>();

  const jobs: Jobs = {
    boss,
    async register(defs) {
      for (const def of defs) {
        if (registered.has(def.name)) continue;
        await boss.createQueue(def.name, {
          retryLimit: def.retryLimit ?? 3,
          retryDelay: def.retryDelay ?? 5,
          retryBackoff: def.retryBackoff ?? true,
          ...(def.retryDelayMax !== undefined ? { retryDelayMax: def.retryDelayMax } : {}),
        });
        registered.set(def.name, def);
      }
    },
    async send(job, payload, o = {}) {
      const name = typeof job === 'string' ? job : job.name;
      if (typeof job !== 'string') await jobs.register([job]);
      return boss.send(name, payload, { startAfter: o.startAfterSeconds, singletonKey: o.singletonKey });
    },
    async work(defs) {
      await jobs.register(defs);
      for (const def of defs) {
        const limit = def.retryLimit ?? 3;
        await boss.work(
          def.name,
          { batchSize: def.batchSize ?? 1, pollingIntervalSeconds: def.pollingIntervalSeconds ?? 1 },
          async (batch) => {
            for (const job of batch) {
              await def.handler(job.data as object, {
                retryCount: job.retryCount,
                lastAttempt: job.retryCount >= limit,
                jobId: job.id,
              });
            }
          },
        );
        if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: 'Europe/Oslo' });
      }
    },
    async stop() {
      await boss.stop({ graceful: true, close: database.kind !== 'pglite', timeout: 5000 });
    },
  };
  return jobs;
}
