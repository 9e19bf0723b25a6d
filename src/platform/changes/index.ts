/**
 * Change notifications across processes through PostgreSQL LISTEN/NOTIFY (PGlite supports it in-process).
 * A writer calls `notifyChange(tx, topic)` inside its transaction — PostgreSQL delivers the notice only when the
 * transaction commits — and every process that called `onChange(database, topic, cb)` hears it, including the
 * writer's own. Used to refresh in-memory snapshots such as the gateway's access decisions.
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/index.ts';

const CHANNEL_PREFIX = 'samsvar_';

function channel(topic: string): string {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(topic)) throw new Error(`invalid change topic "${topic}"`);
  return CHANNEL_PREFIX + topic;
}

export async function notifyChange(tx: DbOrTx, topic: string, payload = ''): Promise<void> {
  await tx.execute(sql`select pg_notify(${channel(topic)}, ${payload})`);
}

/** Calls `cb` on every change of `topic`; returns a function that stops listening. */
export async function onChange(database: Database, topic: string, cb: (payload: string) => void): Promise<() => Promise<void>> {
  const ch = channel(topic);
  if (database.kind === 'pglite') {
    const unlisten = await database.pglite!.listen(ch, (payload) => cb(payload));
    return async () => {
      if (!database.pglite!.closed) await unlisten();
    };
  }
  // PostgreSQL: a dedicated connection (LISTEN needs a session), reconnecting with backoff if it drops.
  let client: pg.Client | undefined;
  let stopped = false;
  let delay = 500;
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: database.url });
    c.on('notification', (n) => {
      if (n.channel === ch) cb(n.payload ?? '');
    });
    c.on('error', () => undefined);
    c.on('end', () => {
      if (stopped) return;
      // Missed notices while disconnected: tell the listener to refresh once reconnected.
      setTimeout(() => void connect().then(() => cb('reconnected')).catch(() => undefined), delay);
      delay = Math.min(delay * 2, 30_000);
    });
    await c.connect();
    await c.query(`listen ${ch}`);
    client = c;
    delay = 500;
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}
