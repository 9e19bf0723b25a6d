/** The api role serves the built portal: index for every client route, assets looked up per request. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers.ts';

let server: TestServer;
let dist: string;
beforeAll(async () => {
  dist = mkdtempSync(path.join(os.tmpdir(), 'samsvar-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Samsvar</title><div id="root"></div>');
  writeFileSync(path.join(dist, 'assets', 'app-1.js'), 'console.log(1)');
  server = await startTestServer({ demo: false, config: { WEB_DIST: dist } });
});
afterAll(async () => server?.stop());

describe('portal files', () => {
  it('serves index.html at / and for client-side routes, never cached', async () => {
    for (const p of ['/', '/calendars', '/organisations/123']) {
      const res = await server.client().get(p, { accept: 'text/html' });
      expect(res.status, p).toBe(200);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('serves assets, including ones built after start, and 404s missing ones as problem details', async () => {
    expect((await server.client().get('/assets/app-1.js')).text).toBe('console.log(1)');
    writeFileSync(path.join(dist, 'assets', 'app-2.js'), 'console.log(2)');
    expect((await server.client().get('/assets/app-2.js')).text).toBe('console.log(2)');
    const missing = await server.client().get('/assets/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('does not answer unknown API routes with the portal', async () => {
    const res = await server.client().get('/api/v1/unknown', { accept: 'text/html' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
