/**
 * Keeps the published status snapshot in memory. On start it loads the last published snapshot — from the file in
 * DATA_DIR (no database needed) and from the `status_snapshots` row, whichever is newer — then builds a fresh one.
 * It rebuilds on every `status` change notice (debounced) and every minute (the daily bars move), and publishes each
 * successful build to memory, the file (atomic rename) and the row. A failed build leaves the last snapshot in
 * place: the page keeps answering, marked stale, while the database is unreachable.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../platform/db/index.ts';
import { SNAPSHOT_FORMAT, type StatusSnapshot } from './model.ts';
import { statusSnapshots } from './tables.ts';

export const SNAPSHOT_ROW_ID = 'current';
export const SNAPSHOT_FILE = 'status-snapshot.json';

export interface KeeperOptions {
  /** Wait this long after a change notice before rebuilding (default 500 ms). */
  debounceMs?: number;
  /** Rebuild at least this often (default 60 s; 0 = never). */
  refreshMs?: number;
  /** File of the last published snapshot (absent: none). */
  file?: string;
  /** Database to read and write the `status_snapshots` row (absent: none). */
  db?: Db;
  /** Subscribes to change notices; returns the unsubscribe function. */
  listen?: (cb: () => void) => Promise<() => Promise<void>>;
  /** How long `start()` waits for the first build before answering from what it loaded (default 5 s). */
  startWaitMs?: number;
  /** The snapshot counts as stale when older than this (default 3 × refreshMs, at least 3 minutes). */
  staleAfterMs?: number;
  onError?: (e: unknown, what: string) => void;
}

function valid(x: unknown): x is StatusSnapshot {
  const s = x as StatusSnapshot | null;
  return Boolean(s && s.format === SNAPSHOT_FORMAT && typeof s.builtAt === 'string' && Array.isArray(s.components) && s.page);
}

/** Reads a snapshot file; undefined when missing or unreadable. */
export function readSnapshotFile(file: string): StatusSnapshot | undefined {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return valid(s) ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a snapshot file atomically (temporary file, then rename). */
export function writeSnapshotFile(file: string, snap: StatusSnapshot): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, JSON.stringify(snap));
  renameSync(tmp, file);
}

export async function readSnapshotRow(db: Db): Promise<StatusSnapshot | undefined> {
  const { eq } = await import('drizzle-orm');
  const [row] = await db.select().from(statusSnapshots).where(eq(statusSnapshots.id, SNAPSHOT_ROW_ID));
  return row && valid(row.data) ? (row.data as StatusSnapshot) : undefined;
}

export async function writeSnapshotRow(db: Db, snap: StatusSnapshot): Promise<void> {
  const publishedAt = new Date(snap.builtAt);
  await db
    .insert(statusSnapshots)
    .values({ id: SNAPSHOT_ROW_ID, data: snap, publishedAt })
    .onConflictDoUpdate({ target: statusSnapshots.id, set: { data: snap, publishedAt } });
}

const newer = (a: StatusSnapshot | undefined, b: StatusSnapshot | undefined) => (!a ? b : !b ? a : a.builtAt >= b.builtAt ? a : b);

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => resolve(undefined), ms);
    t.unref?.();
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

export interface KeeperStats {
  builds: number;
  failures: number;
  lastBuildMs: number | null;
  lastError: string | null;
  lastErrorAt: string | null;
  builtAt: string | null;
  stale: boolean;
}

export class StatusKeeper {
  private snap: StatusSnapshot | undefined;
  private building: Promise<StatusSnapshot> | undefined;
  private next: Promise<StatusSnapshot> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private interval: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private stopped = false;
  private builds = 0;
  private failures = 0;
  private lastBuildMs: number | null = null;
  private lastError: { message: string; at: number } | null = null;
  /** Did the latest build fail (a failure and a success may fall in the same millisecond, so not from the times)? */
  private lastBuildFailed = false;

  constructor(
    private readonly build: () => Promise<StatusSnapshot>,
    private readonly opts: KeeperOptions = {},
  ) {}

  /** Loads the last published snapshot, builds a fresh one (waiting at most `startWaitMs`), and starts listening. */
  async start(): Promise<this> {
    const { file, db } = this.opts;
    if (file) this.snap = newer(this.snap, readSnapshotFile(file));
    if (db) {
      const row = await withTimeout(readSnapshotRow(db), this.opts.startWaitMs ?? 5000).catch((e) => this.fail(e, 'load'));
      this.snap = newer(this.snap, row ?? undefined);
    }
    const every = this.opts.refreshMs ?? 60_000;
    if (every > 0) {
      this.interval = setInterval(() => this.invalidate(0), every);
      this.interval.unref?.();
    }
    await withTimeout(
      this.refresh().catch(() => undefined),
      this.opts.startWaitMs ?? 5000,
    );
    return this;
  }

  private async listen(): Promise<void> {
    if (!this.opts.listen || this.unlisten || this.stopped) return;
    try {
      this.unlisten = await this.opts.listen(() => this.invalidate());
    } catch (e) {
      // The database is unreachable: the periodic rebuild retries listening.
      this.fail(e, 'listen');
    }
  }

  private fail(e: unknown, what: string): undefined {
    if (what === 'build') {
      this.failures++;
      this.lastError = { message: (e as Error)?.message ?? String(e), at: Date.now() };
      this.lastBuildFailed = true;
    }
    this.opts.onError?.(e, what);
    return undefined;
  }

  /** The snapshot held now (undefined before anything was loaded or built). */
  get snapshot(): StatusSnapshot | undefined {
    return this.snap;
  }

  /** True when the last build failed after the last success, or the snapshot is older than `staleAfterMs`. */
  get stale(): boolean {
    if (!this.snap) return true;
    const after = this.opts.staleAfterMs ?? Math.max(3 * (this.opts.refreshMs || 60_000), 180_000);
    if (Date.now() - Date.parse(this.snap.builtAt) > after) return true;
    return this.lastBuildFailed;
  }

  /** Schedules a rebuild after the debounce. */
  invalidate(delayMs = this.opts.debounceMs ?? 500): void {
    if (this.stopped) return;
    if (this.timer) {
      if (delayMs > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh().catch(() => undefined);
    }, delayMs);
    this.timer.unref?.();
  }

  /**
   * Builds and publishes a snapshot now; resolves to it, or rejects when the build fails (the old one stays).
   * Calls during a build wait for one more build that starts after it (it sees their writes).
   */
  refresh(): Promise<StatusSnapshot> {
    if (this.building) {
      this.next ??= this.building
        .catch(() => undefined)
        .then(() => {
          this.next = undefined;
          return this.refresh();
        });
      return this.next;
    }
    const t0 = performance.now();
    this.building = this.build()
      .then(async (s) => {
        this.snap = s;
        this.builds++;
        this.lastBuildMs = performance.now() - t0;
        this.lastBuildFailed = false;
        await this.publish(s);
        // Listen only once the database has answered (a build succeeded): while it is unreachable the periodic
        // rebuild is the retry, and no listener is left reconnecting in the background.
        if (!this.unlisten) await this.listen();
        return s;
      })
      .catch((e) => {
        this.fail(e, 'build');
        throw e;
      })
      .finally(() => {
        this.building = undefined;
      });
    return this.building;
  }

  private async publish(s: StatusSnapshot): Promise<void> {
    if (this.opts.file) {
      try {
        writeSnapshotFile(this.opts.file, s);
      } catch (e) {
        this.fail(e, 'file');
      }
    }
    if (this.opts.db) await writeSnapshotRow(this.opts.db, s).catch((e) => this.fail(e, 'row'));
  }

  stats(): KeeperStats {
    return {
      builds: this.builds,
      failures: this.failures,
      lastBuildMs: this.lastBuildMs,
      lastError: this.lastError?.message ?? null,
      lastErrorAt: this.lastError ? new Date(this.lastError.at).toISOString() : null,
      builtAt: this.snap?.builtAt ?? null,
      stale: this.stale,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.interval) clearInterval(this.interval);
    this.timer = undefined;
    await this.building?.catch(() => undefined);
    await this.unlisten?.().catch(() => undefined);
    this.unlisten = undefined;
  }
}
