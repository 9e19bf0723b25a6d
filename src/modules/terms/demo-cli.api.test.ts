/** The terms demo data (idempotent, clearly a demonstration) and `samsvar terms publish`. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers.ts';
import { services } from '../registry/tables.ts';
import { DEMO_MVA_RESOURCE, DEMO_TITLE, loadTermsDemo } from './demo.ts';
import { productionAccess, textSha256 } from './index.ts';

const run = promisify(execFile);
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.stop());

const count = async (table: string) => Number(((await server.ctx.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: Array<{ n: number }> }).rows[0].n);

describe('terms demo data', () => {
  it('[T-8] a demonstration version (marked demo) in force; Fjordregnskap accepted it, Lønnsmester is inside the grace period with a warning', async () => {
    await loadTermsDemo(server.ctx, server.demo);
    const cur = await server.client().get('/api/v1/terms/versions/current');
    expect(cur.body).toMatchObject({ title: DEMO_TITLE, demo: true, status: 'in-force' });
    expect(cur.body.text).toMatch(/Demonstrasjon/);
    expect(Date.now() - Date.parse(cur.body.effectiveAt)).toBeGreaterThan(14 * 86_400_000);

    const fjord = server.demo.orgs.fjordregnskap.id;
    const lonn = server.demo.orgs.lonnsmester.id;
    const progress = await (await server.as('operatorAdmin')).get(`/api/v1/terms/versions/${cur.body.id}/progress`);
    expect(progress.body.counts).toEqual({ vendors: 2, accepted: 1, pending: 1 });

    // Fjordregnskap: no systems in this test (the registry's demo adds them), so only registration is missing.
    const f = await productionAccess(server.ctx, fjord, 'dialogporten');
    expect(f.reasons.map((r) => r.code)).toEqual(['product-not-registered']);
    const l = await productionAccess(server.ctx, lonn, 'dialogporten');
    expect(l.warnings.map((w) => w.code)).toEqual(['terms-acceptance-pending']);
    expect(l.reasons.map((r) => r.code)).toEqual(['product-not-registered', 'test-not-passed']);
    const events = await productionAccess(server.ctx, lonn, 'events');
    expect(events.reasons.map((r) => r.code)).toEqual(['product-not-registered']);
  });

  it('is idempotent, and adds the conditions on Skatteetaten\u2019s MVA service once that service exists', async () => {
    const before = { versions: await count('terms_versions'), acc: await count('terms_acceptances'), tests: await count('product_tests'), mail: await count('mail_outbox') };
    await loadTermsDemo(server.ctx, server.demo);
    expect({ versions: await count('terms_versions'), acc: await count('terms_acceptances'), tests: await count('product_tests'), mail: await count('mail_outbox') }).toEqual(before);
    expect(await count('service_conditions')).toBe(0);

    await server.ctx.db.insert(services).values({ orgId: server.demo.orgs.skatt.id, resourceId: DEMO_MVA_RESOURCE, name: 'MVA-melding', kind: 'app', lifecycle: 'production' });
    await loadTermsDemo(server.ctx, server.demo);
    await loadTermsDemo(server.ctx, server.demo);
    expect(await count('service_conditions')).toBe(1);
    expect(await count('condition_acceptances')).toBe(1);
  });
});

describe('samsvar terms publish', () => {
  it('[T-8] publishes a version from a file and prints its SHA-256 and how many vendors were notified', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'samsvar-terms-cli-'));
    const file = path.join(dir, 'vilkar.md');
    const text = '# Bruksvilkår\n\nTekst fra Digdir.\n';
    writeFileSync(file, text);
    const env = { ...process.env, LOG_LEVEL: 'warn', DATA_DIR: dir, DATABASE_URL: '' };
    const cli = (...args: string[]) => run(process.execPath, ['bin/samsvar.mjs', ...args], { env });
    const { stdout } = await cli('terms', 'publish', '--file', file, '--version', '2026-1', '--title', 'Bruksvilkår', '--effective', '2026-01-01', '--change-log', 'Første versjon');
    expect(stdout).toContain(`sha256: ${textSha256(text)}`);
    expect(stdout).toMatch(/vendors notified: 0/);
    const list = await cli('terms', 'list');
    expect(list.stdout).toMatch(/2026-1\s+in-force/);
    await expect(cli('terms', 'publish', '--file', file, '--version', '2026-1', '--title', 'x', '--effective', '2026-01-01', '--change-log', 'x')).rejects.toMatchObject({
      stderr: expect.stringMatching(/already published/),
    });
  }, 120_000);
});
