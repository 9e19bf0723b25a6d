/** The polling detector's fingerprints and runs, without a server (T-1.2.4). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLLING, PollingDetector } from './detector.ts';

const route = { id: 'GET /broker/api/v1/filetransfer/{fileTransferId}', eventTypes: ['no.altinn.broker.published'] };
const st = { env: 'test', vendorOrgId: 'v1', product: { key: 'broker' }, route } as never;
const detector = () => new PollingDetector({ log: { error() {} } } as never, { ...DEFAULT_POLLING, minRepeats: 3, maxIntervalSeconds: 60, unchangedShare: 1 });

/** One GET answered 200 with the body in the given chunks; returns the Samsvar-Polling header it got. */
function read(d: PollingDetector, at: number, chunks: string[], url = '/test/broker/api/v1/filetransfer/1') {
  const rec = { at, env: 'test', method: 'GET', url, status: 200, latencyMs: 0, bytesIn: 0, bytesOut: 0, vendorOrgId: 'v1', route: route.id, product: 'broker' };
  const headers: Record<string, string> = {};
  const tap = d.answer(st, rec, {}, headers);
  for (const c of chunks) tap!.data(Buffer.from(c));
  tap!.end();
  d.done(st, rec);
  return headers['samsvar-polling'];
}

describe('polling detector (T-1.2.4)', () => {
  it('[T-1.2.4] the same body in one chunk or in several has the same fingerprint (unchanged), a different body not', () => {
    const d = detector();
    const t = Date.now();
    read(d, t, ['{"status":"published"}']);
    read(d, t + 1000, ['{"status":', '"published"}']);
    read(d, t + 2000, ['{"sta', 'tus":"pub', 'lished"}']);
    // Third unchanged read in a row: polled from now on.
    expect(read(d, t + 3000, ['{"status":"published"}'])).toBe('polling;level=1;events="no.altinn.broker.published"');
    const other = detector();
    read(other, t, ['{"status":"published"}']);
    read(other, t + 1000, ['{"status":"downloaded"}']);
    read(other, t + 2000, ['{"status":"published"}']);
    expect(read(other, t + 3000, ['{"status":"confirmed"}'])).toBeUndefined();
  });

  it('[T-1.2.4] the same for bodies over 64 bytes (hashed, not kept): chunked across the 64-byte mark or not', () => {
    const body = JSON.stringify({ status: 'published', fileTransferId: 'f0a1b2c3-d4e5-4f60-8a71-92b3c4d5e6f7', sender: '0192:912345678' });
    expect(body.length).toBeGreaterThan(64);
    const d = detector();
    const t = Date.now();
    read(d, t, [body]);
    read(d, t + 1000, [body.slice(0, 40), body.slice(40, 70), body.slice(70)]);
    read(d, t + 2000, [body.slice(0, 64), body.slice(64)]);
    expect(read(d, t + 3000, [body])).toBe('polling;level=1;events="no.altinn.broker.published"');
    const other = detector();
    read(other, t, [body]);
    read(other, t + 1000, [body.replace('published', 'downloaded')]);
    read(other, t + 2000, [body]);
    expect(read(other, t + 3000, [body.slice(0, 30), body.slice(30).replace('published', 'confirmed')])).toBeUndefined();
  });

  it('[T-1.2.4] reads further apart than maxIntervalSeconds start a new run', () => {
    const d = detector();
    const t = Date.now();
    for (let i = 0; i < 6; i++) expect(read(d, t + i * 61_000, ['same'])).toBeUndefined();
  });
});
