/**
 * The access snapshot read from the database, and the keeper that rebuilds it when a writer anywhere calls
 * notifyChange(tx, 'access') — what the gateway relies on to see an acceptance or a registration without restarting.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/helpers.ts';
import { authTables } from '../../platform/auth/index.ts';
import { notifyChange } from '../../platform/changes/index.ts';
import type { Database } from '../../platform/db/index.ts';
import { services, systemProducts, vendorSystems } from '../registry/tables.ts';
import { AccessDecisions, loadAccessSnapshot } from './snapshot.ts';
import { conditionAcceptances, productTests, serviceConditions, terminations, termsAcceptances, termsVersions } from './tables.ts';

const DAY = 86_400_000;
const settings = { grace: { amount: 30, unit: 'calendarDays' as const }, minSuccessfulTestCalls: 10 };
let database: Database;
let vendor: string;
let owner: string;
let version: string;
let keeper: AccessDecisions | undefined;

beforeAll(async () => {
  database = await freshDatabase();
  const db = database.db;
  const [v] = await db.insert(authTables.organisations).values({ orgNumber: '310000017', name: 'Vendor AS', kinds: ['vendor'] }).returning();
  const [o] = await db.insert(authTables.organisations).values({ orgNumber: '974761076', name: 'Etat', kinds: ['serviceOwner'] }).returning();
  vendor = v.id;
  owner = o.id;
  const [tv] = await db
    .insert(termsVersions)
    .values({ version: '1', title: 't', text: 'x', sha256: 'h', effectiveAt: new Date(Date.now() - 40 * DAY), changeLog: 'c' })
    .returning();
  version = tv.id;
});
afterAll(async () => {
  await keeper?.stop();
  await database?.close();
});

describe('loadAccessSnapshot', () => {
  it('reads vendors, versions, acceptances, products, tests, services, latest conditions and terminations', async () => {
    const db = database.db;
    await db.insert(termsAcceptances).values({
      orgId: vendor,
      versionId: version,
      signerName: 'S',
      signerEmail: 's@x.no',
      signingAuthority: true,
      attestCustomerAgreements: true,
      attestAccessControl: true,
      attestPlatformTerms: true,
      textSha256: 'h',
    });
    await db.insert(vendorSystems).values({ id: '310000017_sys', orgId: vendor, name: 'Sys' });
    await db.insert(systemProducts).values([
      { systemId: '310000017_sys', product: 'dialogporten', purpose: 'p' },
      { systemId: '310000017_sys', product: 'events', purpose: 'p' },
    ]);
    await db.insert(productTests).values([
      { orgId: vendor, product: 'dialogporten', successfulTestCalls: 10 },
      { orgId: vendor, product: 'events', successfulTestCalls: 3 },
    ]);
    const [s] = await db.insert(services).values({ orgId: owner, resourceId: 'urn:altinn:resource:x', name: 'X', kind: 'app', lifecycle: 'production' }).returning();
    const [c1] = await db.insert(serviceConditions).values({ serviceId: s.id, version: 1, text: 'a', sha256: 'a' }).returning();
    const [c2] = await db.insert(serviceConditions).values({ serviceId: s.id, version: 2, text: 'b', sha256: 'b' }).returning();
    await db.insert(conditionAcceptances).values({ conditionId: c1.id, orgId: vendor, signerName: 'S', textSha256: 'a' });
    await db.insert(terminations).values({ orgId: vendor, effectiveAt: new Date(Date.now() + 90 * DAY), withdrawnAt: new Date() });

    const snap = await loadAccessSnapshot(db, settings);
    const v = snap.vendors.get(vendor)!;
    expect([...snap.vendors.keys()]).toEqual([vendor]);
    expect(v.acceptedUpTo).toBe(snap.versions[0].effectiveAt);
    expect([...v.products].sort()).toEqual(['dialogporten', 'events']);
    expect([...v.testPassed]).toEqual(['dialogporten']);
    expect(snap.services.get(s.id)).toMatchObject({ conditionId: c2.id, conditionVersion: 2 });
    expect(snap.services.get('urn:altinn:resource:x')).toBe(snap.services.get(s.id));
    // Only acceptances of the latest condition versions are read; a withdrawn termination is ignored.
    expect(v.acceptedConditions.size).toBe(0);
    expect(v.terminationAt).toBe(Infinity);
  });
});

describe('AccessDecisions', () => {
  it('answers synchronously from memory and rebuilds (debounced) when a transaction notifies "access"', async () => {
    keeper = await new AccessDecisions(() => loadAccessSnapshot(database.db, settings), { debounceMs: 10 }).start(database);
    expect(keeper.decide(vendor, 'events').reasons.map((r) => r.code)).toEqual(['test-not-passed']);
    const builds = keeper.stats().builds;

    await database.db.transaction(async (tx) => {
      await tx.update(productTests).set({ approvedAt: new Date() }).where(eq(productTests.product, 'events'));
      await notifyChange(tx, 'access');
    });
    await expect.poll(() => keeper!.decide(vendor, 'events').allowed, { timeout: 5000 }).toBe(true);
    expect(keeper.stats().builds).toBeGreaterThan(builds);
    expect(keeper.stats().stale).toBe(false);
  });

  it('decideFresh waits for the rebuild a heard change needs (read your writes)', async () => {
    await database.db.transaction(async (tx) => {
      await tx.insert(terminations).values({ orgId: vendor, effectiveAt: new Date(Date.now() - 1000) });
      await notifyChange(tx, 'access');
    });
    keeper!.invalidate();
    const d = await keeper!.decideFresh(vendor, 'dialogporten');
    expect(d.reasons.map((r) => r.code)).toEqual(['terminated']);
  });

  it('many changes in a burst cause few rebuilds', async () => {
    const before = keeper!.stats().builds;
    for (let i = 0; i < 50; i++) keeper!.invalidate();
    await keeper!.current();
    await new Promise((r) => setTimeout(r, 50));
    expect(keeper!.stats().builds - before).toBeLessThanOrEqual(2);
  });
});
