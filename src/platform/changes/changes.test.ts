import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/helpers.ts';
import type { Database } from '../db/index.ts';
import { notifyChange, onChange } from './index.ts';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => database?.close());

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

describe('change notifications', () => {
  it('delivers a notice only when the writing transaction commits', async () => {
    const heard: string[] = [];
    const stop = await onChange(database, 'access', (p) => heard.push(p));
    await database.db
      .transaction(async (tx) => {
        await notifyChange(tx, 'access', 'rolled-back');
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await database.db.transaction(async (tx) => notifyChange(tx, 'access', 'committed'));
    await waitFor(() => heard.includes('committed'));
    expect(heard).toEqual(['committed']);
    await stop();
  });

  it('refuses topics that are not simple identifiers', async () => {
    await expect(notifyChange(database.db, 'Bad Topic')).rejects.toThrow(/invalid change topic/);
  });
});
