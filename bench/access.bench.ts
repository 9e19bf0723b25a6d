/**
 * The production access decision (terms module): decisions per second from an in-memory snapshot of 2,000 vendors ×
 * 6 products × 500 services, against a baseline measured in the same run (one Map lookup of the vendor, the least a
 * decision can do). Also how long the snapshot takes to read from the embedded database (PGlite) with that data, and
 * to build from rows in memory.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/platform/db/index.ts';
import { buildAccessSnapshot, decideAccess, type AccessSnapshot, type SnapshotInput } from '../src/modules/terms/access.ts';
import { AccessDecisions, loadAccessSnapshot } from '../src/modules/terms/snapshot.ts';
import { measure, report } from './lib.ts';
import { rng } from '../test/rng.ts';

const VENDORS = 2000;
const SERVICES = 500;
const WITH_CONDITIONS = 100;
const PRODUCTS = ['dialogporten', 'correspondence', 'broker', 'systemuser', 'events', 'apps'];
const settings = { grace: { amount: 30, unit: 'calendarDays' as const }, minSuccessfulTestCalls: 10 };
const DAY = 86_400_000;

/** Fills the database with the benchmark's ecosystem in a few set-based statements. */
export async function seedForTest(db: { execute: (q: never) => Promise<unknown> }): Promise<void> {
  const now = Date.now();
  const stmts = [
    sql`insert into organisations (org_number, name, kinds) select 'v' || i, 'Vendor ' || i, '{vendor}' from generate_series(1, ${VENDORS}) i`,
    sql`insert into organisations (org_number, name, kinds) select 's' || i, 'Owner ' || i, '{serviceOwner}' from generate_series(1, 20) i`,
    sql`insert into terms_versions (version, title, text, sha256, effective_at, change_log) values
          ('1', 'Terms', 'one', 'h1', ${new Date(now - 400 * DAY).toISOString()}::timestamptz, 'first'),
          ('2', 'Terms', 'two', 'h2', ${new Date(now - 10 * DAY).toISOString()}::timestamptz, 'second')`,
    // 90 % accepted version 1, 70 % version 2
    sql`insert into terms_acceptances (org_id, version_id, signer_name, signer_email, signing_authority, attest_customer_agreements, attest_access_control, attest_platform_terms, text_sha256)
          select o.id, v.id, 'S', 's@x.no', true, true, true, true, v.sha256 from organisations o cross join terms_versions v
          where 'vendor' = any(o.kinds) and ((v.version = '1' and hashtext(o.id::text) % 10 <> 0) or (v.version = '2' and abs(hashtext(o.id::text)) % 10 < 7))`,
    sql`insert into vendor_systems (id, org_id, name) select o.org_number || '_sys', o.id, 'System' from organisations o where 'vendor' = any(o.kinds)`,
    // each vendor registers 4 of the 6 products
    sql`insert into system_products (system_id, product, purpose)
          select o.org_number || '_sys', p.product, 'purpose' from organisations o
          cross join unnest(${`{${PRODUCTS.join(',')}}`}::text[]) with ordinality as p(product, n)
          where 'vendor' = any(o.kinds) and (abs(hashtext(o.id::text)) + p.n) % 3 <> 0`,
    sql`insert into product_tests (org_id, product, successful_test_calls)
          select o.id, p.product, abs(hashtext(o.id::text || p.product)) % 20 from organisations o
          cross join unnest(${`{${PRODUCTS.join(',')}}`}::text[]) as p(product) where 'vendor' = any(o.kinds)`,
    sql`insert into services (org_id, resource_id, name, kind, lifecycle)
          select (select id from organisations where org_number = 's' || (1 + i % 20)), 'urn:altinn:resource:svc_' || i, 'Service ' || i, 'app',
                 case when i % 25 = 0 then 'planned' else 'production' end
          from generate_series(1, ${SERVICES}) i`,
    sql`insert into service_conditions (service_id, version, text, sha256)
          select s.id, v, 'conditions', 'c' || v from services s cross join generate_series(1, 2) v
          where substring(s.resource_id from 'svc_(\\d+)')::int <= ${WITH_CONDITIONS}`,
    // half of the vendors accepted the latest conditions of each service that has them
    sql`insert into condition_acceptances (condition_id, org_id, signer_name, text_sha256)
          select c.id, o.id, 'S', c.sha256 from service_conditions c cross join organisations o
          where c.version = 2 and 'vendor' = any(o.kinds) and abs(hashtext(o.id::text || c.id::text)) % 2 = 0`,
    sql`insert into terminations (org_id, effective_at) select id, now() + interval '30 days' from organisations where 'vendor' = any(kinds) and abs(hashtext(id::text)) % 50 = 0`,
  ];
  // Seeding only: skip the per-row foreign-key triggers (the data is consistent by construction).
  await db.execute(sql`set session_replication_role = replica` as never);
  for (const s of stmts) {
    const t = performance.now();
    await db.execute(s as never);
    if (process.env.BENCH_VERBOSE) console.log(`  ${(performance.now() - t).toFixed(0)} ms`);
  }
  await db.execute(sql`set session_replication_role = origin` as never);
}

export async function run(): Promise<void> {
  const database = await openDatabase({});
  await database.migrate();
  let t0 = performance.now();
  await seedForTest(database.db as never);
  const rows = ((await database.db.execute(sql`select (select count(*) from condition_acceptances)::int as ca, (select count(*) from system_products)::int as sp`)) as unknown as {
    rows: Array<{ ca: number; sp: number }>;
  }).rows[0];
  console.log(`seeded ${VENDORS} vendors, ${SERVICES} services (${WITH_CONDITIONS} with conditions), ${rows.sp} registered products, ${rows.ca} condition acceptances in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Snapshot read from PGlite (median of 3).
  const loads: number[] = [];
  let snap: AccessSnapshot | undefined;
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    snap = await loadAccessSnapshot(database.db, settings);
    loads.push(performance.now() - t0);
  }
  loads.sort((a, b) => a - b);
  console.log(`snapshot from PGlite: ${loads[1].toFixed(0)} ms median (min ${loads[0].toFixed(0)}, max ${loads[2].toFixed(0)} ms over 3)`);

  // Build from rows already in memory (what the database read ends with).
  const s = snap!;
  const input: SnapshotInput = {
    vendorOrgIds: [...s.vendors.keys()],
    versions: s.versions,
    acceptances: [...s.vendors.values()].flatMap((v) => s.versions.filter((x) => x.effectiveAt <= v.acceptedUpTo).map((x) => ({ orgId: v.orgId, versionId: x.id }))),
    registeredProducts: [...s.vendors.values()].flatMap((v) => [...v.products].map((product) => ({ orgId: v.orgId, product }))),
    productTests: [...s.vendors.values()].flatMap((v) => [...v.testPassed].map((product) => ({ orgId: v.orgId, product, successfulTestCalls: 10, approved: false }))),
    services: [...new Set(s.services.values())],
    conditions: [...new Set(s.services.values())].filter((x) => x.conditionId).map((x) => ({ id: x.conditionId!, serviceId: x.id, version: x.conditionVersion })),
    conditionAcceptances: [...s.vendors.values()].flatMap((v) => [...v.acceptedConditions].map((conditionId) => ({ orgId: v.orgId, conditionId }))),
    terminations: [...s.vendors.values()].filter((v) => v.terminationAt !== Infinity).map((v) => ({ orgId: v.orgId, effectiveAt: v.terminationAt })),
  };
  const builds: number[] = [];
  for (let i = 0; i < 5; i++) {
    t0 = performance.now();
    buildAccessSnapshot(input, settings);
    builds.push(performance.now() - t0);
  }
  builds.sort((a, b) => a - b);
  console.log(`snapshot from rows in memory: ${builds[2].toFixed(1)} ms median`);

  // Random questions: vendor × product × (no service | a service), cycled through.
  const N = 1 << 16;
  const M = N - 1;
  const r = rng(7);
  const vendorIds = [...s.vendors.keys()];
  const serviceIds = [...new Set(s.services.values())].map((x) => x.id);
  const qOrg: string[] = new Array(N);
  const qProduct: string[] = new Array(N);
  const qService: Array<string | undefined> = new Array(N);
  for (let i = 0; i < N; i++) {
    qOrg[i] = vendorIds[Math.floor(r() * vendorIds.length)];
    qProduct[i] = PRODUCTS[Math.floor(r() * PRODUCTS.length)];
    qService[i] = r() < 0.5 ? undefined : serviceIds[Math.floor(r() * serviceIds.length)];
  }
  // An allowed question, asked over and over (the common case at the gateway: one vendor's traffic).
  let allowed: [string, string, string | undefined] | undefined;
  for (let i = 0; i < N && !allowed; i++) if (decideAccess(s, qOrg[i], qProduct[i], qService[i], Date.now()).allowed) allowed = [qOrg[i], qProduct[i], qService[i]];
  let allowedCount = 0;
  const now = Date.now();
  for (let i = 0; i < N; i++) if (decideAccess(s, qOrg[i], qProduct[i], qService[i], now).allowed) allowedCount++;
  console.log(`random questions: ${((allowedCount / N) * 100).toFixed(0)} % allowed`);

  const keeper = await new AccessDecisions(async () => s).start();
  const vendors = s.vendors;
  const o = { minMs: 150 };
  const results = [
    measure('baseline: Map lookup of the vendor', (i) => vendors.get(qOrg[i & M]), o),
    measure('decideAccess, random vendor/product/service', (i) => decideAccess(s, qOrg[i & M], qProduct[i & M], qService[i & M], now), o),
    measure('decideAccess, one allowed question repeated', () => decideAccess(s, allowed![0], allowed![1], allowed![2], now), o),
    measure('AccessDecisions.decide (keeper, Date.now())', (i) => keeper.decide(qOrg[i & M], qProduct[i & M], qService[i & M]), o),
  ];
  report(results, 'baseline: Map lookup of the vendor', 'access decisions per second');
  await keeper.stop();
  await database.close();
}
