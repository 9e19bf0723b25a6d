/**
 * The gateway's in-memory view of the registry (T-1.2.1): which Maskinporten client belongs to which vendor's system
 * and which products that system is registered for, and the vendors by organisation number. Read in one query pair,
 * rebuilt (debounced) when any process announces an `access` change — the same notice the access snapshot listens
 * to, sent by the registry when systems, clients or products change — so no database query on the hot path.
 */
import { eq, sql } from 'drizzle-orm';
import { authTables } from '../../platform/auth/index.ts';
import { onChange } from '../../platform/changes/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { systemClients, systemProducts, vendorSystems } from '../registry/tables.ts';

export interface ClientEntry {
  clientId: string;
  systemId: string;
  orgId: string;
  orgNo: string;
  products: ReadonlySet<string>;
}

export interface DirectorySnapshot {
  clients: ReadonlyMap<string, ClientEntry>;
  /** Vendor organisations: organisation number → id. */
  vendors: ReadonlyMap<string, string>;
  /** Every organisation: organisation number → id (customers need not be vendors). */
  orgIds: ReadonlyMap<string, string>;
}

export async function loadDirectory(ctx: AppContext): Promise<DirectorySnapshot> {
  const { organisations } = authTables;
  const orgs = await ctx.db.select({ id: organisations.id, orgNumber: organisations.orgNumber, kinds: organisations.kinds }).from(organisations);
  const rows = await ctx.db
    .select({
      clientId: systemClients.clientId,
      systemId: vendorSystems.id,
      orgId: vendorSystems.orgId,
      products: sql<string[] | null>`(select array_agg(${systemProducts.product}) from ${systemProducts} where ${systemProducts.systemId} = ${vendorSystems.id})`,
    })
    .from(systemClients)
    .innerJoin(vendorSystems, eq(vendorSystems.id, systemClients.systemId));
  const orgNo = new Map(orgs.map((o) => [o.id, o.orgNumber]));
  const clients = new Map<string, ClientEntry>();
  for (const r of rows) clients.set(r.clientId, { clientId: r.clientId, systemId: r.systemId, orgId: r.orgId, orgNo: orgNo.get(r.orgId) ?? '', products: new Set(r.products ?? []) });
  return {
    clients,
    vendors: new Map(orgs.filter((o) => o.kinds.includes('vendor')).map((o) => [o.orgNumber, o.id])),
    orgIds: new Map(orgs.map((o) => [o.orgNumber, o.id])),
  };
}

/** Holds the directory; `current()` waits for a rebuild a heard change needs (tests read their own writes). */
export class Directory {
  private snap: DirectorySnapshot | undefined;
  private gen = 0;
  private builtGen = -1;
  private building: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private stopped = false;

  constructor(private readonly ctx: AppContext) {}

  async start(): Promise<this> {
    this.unlisten = await onChange(this.ctx.database, 'access', () => this.invalidate());
    await this.current();
    return this;
  }

  invalidate(): void {
    this.gen++;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.rebuild().catch((e) => this.ctx.log.error({ err: e }, 'gateway directory rebuild failed'));
    }, 50);
    this.timer.unref?.();
  }

  private rebuild(): Promise<void> {
    if (!this.building) {
      const g = this.gen;
      this.building = loadDirectory(this.ctx)
        .then((s) => {
          this.snap = s;
          this.builtGen = g;
        })
        .finally(() => {
          this.building = undefined;
          if (this.builtGen < this.gen) this.schedule();
        });
    }
    return this.building;
  }

  async current(): Promise<DirectorySnapshot> {
    while (!this.snap || this.builtGen < this.gen) await this.rebuild();
    return this.snap;
  }

  /** The snapshot held now (the hot path). */
  get now(): DirectorySnapshot {
    return this.snap!;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.building?.catch(() => undefined);
    await this.unlisten?.();
  }
}
