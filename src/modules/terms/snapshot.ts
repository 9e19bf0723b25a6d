/**
 * The access snapshot: everything `decideAccess` needs, read from the database in one consistent read-only
 * transaction, and the `AccessDecisions` keeper that holds it in memory and rebuilds it (debounced) whenever a writer
 * anywhere calls `notifyChange(tx, 'access')` — in this process or another (PostgreSQL LISTEN/NOTIFY).
 *
 * Writers that can change a decision call `notifyChange(tx, 'access')` inside their transaction: terms versions and
 * acceptances, conditions and their acceptances, terminations, test results (this module), and vendor systems, their
 * products, services' lifecycle and organisations' kinds (registry, accounts).
 */
import { eq, isNull, sql } from 'drizzle-orm';
import type { Policy } from '../../kernel/policy/index.ts';
import { authTables } from '../../platform/auth/index.ts';
import { onChange } from '../../platform/changes/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { rowsOf, type Database, type DbOrTx } from '../../platform/db/index.ts';
import { services, systemProducts, vendorSystems } from '../registry/tables.ts';
import {
  buildAccessSnapshot,
  decideAccess,
  type AccessDecision,
  type AccessSettings,
  type AccessSnapshot,
  type Localised,
} from './access.ts';
import { productTests, serviceConditions, terminations, termsAcceptances, termsVersions } from './tables.ts';

export const ACCESS_TOPIC = 'access';

export function accessSettings(policy: Policy): AccessSettings {
  return {
    grace: policy.obligations.termsAcceptanceGrace?.period ?? { amount: 30, unit: 'calendarDays' },
    minSuccessfulTestCalls: policy.obligations.testBeforeProduction?.minSuccessfulTestCalls ?? 10,
  };
}

export function productCatalogue(policy: Policy): Array<[string, Localised]> {
  return Object.entries(policy.products ?? {}).map(([k, p]) => [k, { nb: p.name.nb, en: p.name.en ?? p.name.nb }]);
}

/** Reads the snapshot in one read-only transaction (a consistent view on PostgreSQL). */
export async function loadAccessSnapshot(db: DbOrTx, settings: AccessSettings, products: Array<[string, Localised]> = []): Promise<AccessSnapshot> {
  const { organisations } = authTables;
  const read = async (tx: DbOrTx) => {
    const vendorRows = await tx.select({ id: organisations.id }).from(organisations).where(sql`'vendor' = any(${organisations.kinds})`);
    const versions = await tx.select({ id: termsVersions.id, version: termsVersions.version, effectiveAt: termsVersions.effectiveAt }).from(termsVersions);
    const acceptances = await tx.selectDistinct({ orgId: termsAcceptances.orgId, versionId: termsAcceptances.versionId }).from(termsAcceptances);
    const registered = await tx
      .selectDistinct({ orgId: vendorSystems.orgId, product: systemProducts.product })
      .from(systemProducts)
      .innerJoin(vendorSystems, eq(vendorSystems.id, systemProducts.systemId));
    const tests = await tx
      .select({ orgId: productTests.orgId, product: productTests.product, calls: productTests.successfulTestCalls, approvedAt: productTests.approvedAt })
      .from(productTests)
      .where(sql`${productTests.approvedAt} is not null or ${productTests.successfulTestCalls} >= ${settings.minSuccessfulTestCalls}`);
    const svcs = await tx.select({ id: services.id, resourceId: services.resourceId, lifecycle: services.lifecycle }).from(services);
    const latest = await tx
      .selectDistinctOn([serviceConditions.serviceId], { id: serviceConditions.id, serviceId: serviceConditions.serviceId, version: serviceConditions.version })
      .from(serviceConditions)
      .orderBy(serviceConditions.serviceId, sql`${serviceConditions.version} desc`);
    // Only acceptances of the latest version of each service's conditions can matter. One row per condition with the
    // accepting organisations joined into a string: reading 100,000 single rows costs PGlite ~7 times as much.
    const condAccRows = await tx.execute(
      sql`select condition_id as "conditionId", string_agg(org_id::text, ',') as "orgIds" from condition_acceptances
          where condition_id in (select distinct on (service_id) id from service_conditions order by service_id, version desc)
          group by condition_id`,
    );
    const condAcc = rowsOf<{ conditionId: string; orgIds: string }>(condAccRows).flatMap((r) => r.orgIds.split(',').map((orgId) => ({ orgId, conditionId: r.conditionId })));
    const terms = await tx
      .select({ orgId: terminations.orgId, effectiveAt: terminations.effectiveAt })
      .from(terminations)
      .where(isNull(terminations.withdrawnAt));
    return buildAccessSnapshot(
      {
        vendorOrgIds: vendorRows.map((r) => r.id),
        versions: versions.map((v) => ({ id: v.id, version: v.version, effectiveAt: v.effectiveAt.getTime() })),
        acceptances,
        registeredProducts: registered,
        productTests: tests.map((t) => ({ orgId: t.orgId, product: t.product, successfulTestCalls: t.calls, approved: t.approvedAt !== null })),
        services: svcs,
        conditions: latest,
        conditionAcceptances: condAcc,
        terminations: terms.map((t) => ({ orgId: t.orgId, effectiveAt: t.effectiveAt.getTime() })),
        products,
      },
      settings,
    );
  };
  if ('rollback' in db) return read(db);
  return db.transaction(read, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

export interface AccessDecisionsStats {
  builtAt: number | null;
  lastBuildMs: number | null;
  builds: number;
  stale: boolean;
}

/**
 * Keeps the access snapshot in memory. `decide` answers synchronously from the snapshot it has (the gateway's hot
 * path: a change shows up within the debounce plus one rebuild); `decideFresh` first waits for a rebuild when a
 * change has been heard since the snapshot was read (read-your-writes for the API and tests).
 */
export class AccessDecisions {
  private snapshot: AccessSnapshot | undefined;
  /** Incremented by every change heard; the snapshot reflects `builtGen`. */
  private gen = 0;
  private builtGen = -1;
  private building: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private stopped = false;
  private builds = 0;
  private lastBuildMs: number | null = null;

  constructor(
    private readonly load: () => Promise<AccessSnapshot>,
    private readonly opts: {
      debounceMs?: number;
      /** Rebuild at least this often even without a notice (a safety net for writers that forget to notify); 0 = never. */
      refreshMs?: number;
      onError?: (e: unknown) => void;
    } = {},
  ) {}

  private refreshTimer: NodeJS.Timeout | undefined;

  /** Listens for changes on `database` and reads the first snapshot. */
  async start(database?: Database): Promise<this> {
    if (database) this.unlisten = await onChange(database, ACCESS_TOPIC, () => this.invalidate());
    await this.current();
    const every = this.opts.refreshMs ?? 0;
    if (every > 0) {
      this.refreshTimer = setInterval(() => this.invalidate(), every);
      this.refreshTimer.unref?.();
    }
    return this;
  }

  /** Marks the snapshot stale and schedules a rebuild after the debounce. */
  invalidate(): void {
    this.gen++;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.rebuild().catch((e) => this.opts.onError?.(e));
    }, this.opts.debounceMs ?? 50);
    this.timer.unref?.();
  }

  private rebuild(): Promise<void> {
    if (!this.building) {
      const g = this.gen;
      const t0 = performance.now();
      this.building = this.load()
        .then((s) => {
          this.snapshot = s;
          this.builtGen = g;
          this.builds++;
          this.lastBuildMs = performance.now() - t0;
        })
        .finally(() => {
          this.building = undefined;
          if (this.builtGen < this.gen) this.schedule();
        });
    }
    return this.building;
  }

  /** The snapshot, rebuilt first if a change was heard since it was read. */
  async current(): Promise<AccessSnapshot> {
    while (!this.snapshot || this.builtGen < this.gen) await this.rebuild();
    return this.snapshot;
  }

  /** The snapshot as it is now (undefined before the first build). */
  get loaded(): AccessSnapshot | undefined {
    return this.snapshot;
  }

  /** Synchronous decision from the snapshot held now (throws before the first build). */
  decide(vendorOrgId: string, product: string, serviceId?: string, at = Date.now()): AccessDecision {
    if (!this.snapshot) throw new Error('AccessDecisions: no snapshot yet (await start())');
    return decideAccess(this.snapshot, vendorOrgId, product, serviceId, at);
  }

  async decideFresh(vendorOrgId: string, product: string, serviceId?: string, at = Date.now()): Promise<AccessDecision> {
    return decideAccess(await this.current(), vendorOrgId, product, serviceId, at);
  }

  stats(): AccessDecisionsStats {
    return { builtAt: this.snapshot?.builtAt ?? null, lastBuildMs: this.lastBuildMs, builds: this.builds, stale: this.builtGen < this.gen };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.building?.catch(() => undefined);
    await this.unlisten?.();
    this.unlisten = undefined;
  }
}

// ------------------------------------------------------------------------------------------------ one per process

const keepers = new WeakMap<AppContext, Promise<AccessDecisions>>();

/**
 * The access decisions of this process (one per context, started on first use, listening for changes).
 * Whoever starts a role that uses it stops it with `stopAccessDecisions(ctx)` (the api role does on close).
 */
export function accessDecisions(ctx: AppContext): Promise<AccessDecisions> {
  let k = keepers.get(ctx);
  if (!k) {
    const settings = accessSettings(ctx.policy.policy);
    const products = productCatalogue(ctx.policy.policy);
    const keeper = new AccessDecisions(() => loadAccessSnapshot(ctx.db, settings, products), {
      refreshMs: 5 * 60_000,
      onError: (e) => ctx.log.error({ err: e }, 'access snapshot rebuild failed'),
    });
    k = keeper.start(ctx.database);
    k.catch(() => keepers.delete(ctx));
    keepers.set(ctx, k);
  }
  return k;
}

export async function stopAccessDecisions(ctx: AppContext): Promise<void> {
  const k = keepers.get(ctx);
  if (!k) return;
  keepers.delete(ctx);
  const keeper = await k.catch(() => undefined);
  await keeper?.stop();
}

/** Tells this process's keeper (if any) that a write it just committed changed the inputs. */
export function invalidateAccess(ctx: AppContext): void {
  const k = keepers.get(ctx);
  if (k) void k.then((keeper) => keeper.invalidate()).catch(() => undefined);
}

/**
 * May the vendor use the product (and reach the service) in production at `at`? Answers from the in-memory snapshot,
 * after any rebuild that a heard change requires. The gateway may also hold `await accessDecisions(ctx)` and call its
 * synchronous `decide` on every request.
 */
export async function productionAccess(ctx: AppContext, vendorOrgId: string, product: string, serviceId?: string, at = Date.now()): Promise<AccessDecision> {
  return (await accessDecisions(ctx)).decideFresh(vendorOrgId, product, serviceId, at);
}

