/**
 * The snapshot keeper (T-3.1.1, S-2.3.1): publishes every build to memory, a file (atomic rename) and the
 * `status_snapshots` row; loads the newest published snapshot on start; keeps answering from it — marked stale —
 * when building fails (the database is unreachable); rebuilds once per burst of `status` change notices.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/helpers.ts';
import { fixtureSnapshot } from '../../../test/fixtures/status-snapshot.ts';
import { notifyChange, onChange } from '../../platform/changes/index.ts';
import type { Database } from '../../platform/db/index.ts';
import { readSnapshotFile, readSnapshotRow, StatusKeeper, writeSnapshotFile, writeSnapshotRow } from './keeper.ts';
import type { StatusSnapshot } from './model.ts';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => database?.close());

const tmpFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'samsvar-status-')), 'status-snapshot.json');

/** A builder that returns numbered snapshots, or throws like an unreachable database while `down` is set. */
function builder() {
  const b = {
    n: 0,
    down: false,
    async build(): Promise<StatusSnapshot> {
      if (b.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      b.n++;
      return { ...fixtureSnapshot(), version: `v${b.n}`, builtAt: new Date().toISOString() };
    },
  };
  return b;
}

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
};

describe('StatusKeeper', () => {
  it('[T-3.1.1] publishes each build to memory, the file (atomically) and the database row', async () => {
    const b = builder();
    const file = tmpFile();
    const keeper = await new StatusKeeper(() => b.build(), { file, db: database.db, refreshMs: 0 }).start();
    expect(keeper.snapshot?.version).toBe('v1');
    expect(readSnapshotFile(file)?.version).toBe('v1');
    expect((await readSnapshotRow(database.db))?.version).toBe('v1');
    await keeper.refresh();
    expect(readSnapshotFile(file)?.version).toBe('v2');
    expect((await readSnapshotRow(database.db))?.version).toBe('v2');
    // No temporary files are left behind.
    expect(readdirSync(path.dirname(file))).toEqual(['status-snapshot.json']);
    expect(keeper.stale).toBe(false);
    await keeper.stop();
  });

  it('[T-3.1.1] keeps the last snapshot and says it is stale while building fails (database unreachable)', async () => {
    const b = builder();
    const keeper = await new StatusKeeper(() => b.build(), { refreshMs: 0 }).start();
    const before = keeper.snapshot!;
    b.down = true;
    await expect(keeper.refresh()).rejects.toThrow(/ECONNREFUSED/);
    expect(keeper.snapshot).toBe(before);
    expect(keeper.stale).toBe(true);
    expect(keeper.stats()).toMatchObject({ builds: 1, failures: 1, lastError: expect.stringMatching(/ECONNREFUSED/) });
    b.down = false;
    await keeper.refresh();
    expect(keeper.stale).toBe(false);
    expect(keeper.snapshot!.version).toBe('v2');
    await keeper.stop();
  });

  it('[T-3.1.1] starts from the published file without the database; from the row when there is no file; the newer wins', async () => {
    const file = tmpFile();
    const old = { ...fixtureSnapshot(), version: 'file-old', builtAt: '2026-01-01T00:00:00.000Z' };
    writeSnapshotFile(file, old);
    const down = builder();
    down.down = true;
    // No database, building fails: the file answers.
    const a = await new StatusKeeper(() => down.build(), { file, refreshMs: 0 }).start();
    expect(a.snapshot?.version).toBe('file-old');
    expect(a.stale).toBe(true);
    await a.stop();
    // A newer row in the database wins over the older file.
    await writeSnapshotRow(database.db, { ...fixtureSnapshot(), version: 'row-new', builtAt: '2026-02-01T00:00:00.000Z' });
    const b = await new StatusKeeper(() => down.build(), { file, db: database.db, refreshMs: 0 }).start();
    expect(b.snapshot?.version).toBe('row-new');
    await b.stop();
    // No file at all: the row.
    const c = await new StatusKeeper(() => down.build(), { file: tmpFile(), db: database.db, refreshMs: 0 }).start();
    expect(c.snapshot?.version).toBe('row-new');
    await c.stop();
    // A file that is not a snapshot is ignored.
    expect(readSnapshotFile(path.join(path.dirname(file), 'missing.json'))).toBeUndefined();
  });

  it('[S-2.3.1] rebuilds once after a burst of status change notices (debounced), and on the periodic refresh', async () => {
    const b = builder();
    const keeper = await new StatusKeeper(() => b.build(), { listen: (cb) => onChange(database, 'status', cb), debounceMs: 100, refreshMs: 0 }).start();
    expect(b.n).toBe(1);
    for (let k = 0; k < 5; k++) await database.db.transaction(async (tx) => notifyChange(tx, 'status', `x${k}`));
    expect(await waitFor(() => b.n === 2)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(b.n).toBe(2);
    await keeper.stop();

    const p = builder();
    const periodic = await new StatusKeeper(() => p.build(), { refreshMs: 100 }).start();
    expect(await waitFor(() => p.n >= 3)).toBe(true);
    await periodic.stop();
    const n = p.n;
    await new Promise((r) => setTimeout(r, 250));
    expect(p.n).toBe(n);
  });

  it('[T-3.1.1] concurrent refresh calls share builds', async () => {
    const b = builder();
    const keeper = await new StatusKeeper(() => b.build(), { refreshMs: 0 }).start();
    await Promise.all([keeper.refresh(), keeper.refresh(), keeper.refresh(), keeper.refresh()]);
    // The first call builds; the others wait for one more build that starts after it.
    expect(b.n).toBe(3);
    await keeper.stop();
  });
});
