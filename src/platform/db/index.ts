/**
 * The system of record: PostgreSQL through `pg`, or the embedded PGlite (same SQL) when no DATABASE_URL is given.
 * Tables live beside the code that owns them (`src/platform/<x>/tables.ts`, `src/modules/<x>/tables.ts`);
 * drizzle-kit turns them into the SQL migrations committed under `migrations/`, applied at start.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';

export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, any>;
/** Either the database or an open transaction: store functions accept both so callers compose them in one transaction. */
export type DbOrTx = Db | Tx;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../migrations', import.meta.url));

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** The PGlite instance (embedded) — pg-boss and LISTEN/NOTIFY use it directly. */
  pglite?: PGlite;
  /** The pg pool (PostgreSQL). */
  pool?: pg.Pool;
  /** Connection string (PostgreSQL only). */
  url?: string;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /** True when every migration under migrations/ has been applied. */
  migrationsApplied(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL URL; when absent PGlite is used. */
  url?: string;
  /** PGlite data directory; absent = in memory. */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10);
  return openPglite(opts.dataDir);
}

async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(path.dirname(dataDir), { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client) as unknown as Db;
  const database: Database = {
    kind: 'pglite',
    db,
    pglite: client,
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    ping: async () => {
      await client.query('select 1');
    },
    migrationsApplied: () => migrationsApplied(db),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
  return database;
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {
    /* idle client errors surface on the next query */
  });
  const db = drizzleNodePg(pool) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    pool,
    url,
    migrate: async () => {
      // Several processes may start at once: one migrates, the others wait on the advisory lock.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock(7263541)');
        await migrateNodePg(drizzleNodePg(client) as never, { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query('select pg_advisory_unlock(7263541)').catch(() => undefined);
        client.release();
      }
    },
    ping: async () => {
      await pool.query('select 1');
    },
    migrationsApplied: () => migrationsApplied(db),
    close: async () => {
      await pool.end();
    },
  };
}

async function migrationsApplied(db: Db): Promise<boolean> {
  const expected = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
  try {
    const rows = await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const n = Number((rows as unknown as { rows: Array<{ n: number }> }).rows?.[0]?.n ?? 0);
    return n >= expected;
  } catch {
    return false;
  }
}

/** Rows of a raw `db.execute` on either driver. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
