/**
 * Vendors' systems, as in Altinn's system register (T-2.4): id `{vendorOrgNo}_{name}`, a localised description,
 * the Maskinporten client ids the system authenticates with (each belongs to exactly one system), and the products
 * it uses, each with the purpose the vendor states (T-1.2.1). The gateway refuses products a vendor has not
 * registered, so every change here notifies the `access` topic in its transaction.
 */
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/index.ts';
import { assertOrgVisible, type Caller } from '../../platform/auth/index.ts';
import { notifyChange } from '../../platform/changes/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { HttpProblem, problems } from '../../platform/http/problem.ts';
import { actorOf, loadOrg, requireKind } from './common.ts';
import { systemClients, systemProducts, vendorSystems, type LocalisedText } from './tables.ts';

export const SYSTEM_NAME_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';
export const PURPOSE_MIN_LENGTH = 10;

export interface ProductUse {
  product: string;
  purpose: string;
}

export interface SystemInput {
  name: string;
  description: LocalisedText & { nb: string };
  clientIds?: string[];
  products?: ProductUse[];
}

type SystemRow = typeof vendorSystems.$inferSelect;

export interface SystemView {
  id: string;
  orgId: string;
  name: string;
  description: LocalisedText;
  clientIds: string[];
  products: ProductUse[];
  createdAt: string;
  updatedAt: string;
}

async function hydrate(tx: DbOrTx, rows: SystemRow[]): Promise<SystemView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const clients = await tx.select().from(systemClients).where(inArray(systemClients.systemId, ids)).orderBy(asc(systemClients.clientId));
  const products = await tx.select().from(systemProducts).where(inArray(systemProducts.systemId, ids)).orderBy(asc(systemProducts.product));
  return rows.map((r) => ({
    id: r.id,
    orgId: r.orgId,
    name: r.name,
    description: r.description,
    clientIds: clients.filter((c) => c.systemId === r.id).map((c) => c.clientId),
    products: products.filter((p) => p.systemId === r.id).map((p) => ({ product: p.product, purpose: p.purpose })),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/** Checks products against the policy's catalogue and the purposes for substance [T-1.2.1]. */
function checkProducts(ctx: AppContext, products: ProductUse[]): ProductUse[] {
  const catalogue = Object.keys(ctx.policy.policy.products ?? {});
  const seen = new Set<string>();
  return products.map((p, i) => {
    const product = p.product.trim();
    if (!catalogue.includes(product)) {
      throw problems.invalidField(`body.products.${i}.product`, `"${product}" is not in the product catalogue (${catalogue.join(', ')})`);
    }
    if (seen.has(product)) throw problems.invalidField(`body.products.${i}.product`, `"${product}" is listed twice`);
    seen.add(product);
    const purpose = p.purpose.trim().replace(/\s+/g, ' ');
    if (purpose.length < PURPOSE_MIN_LENGTH) {
      throw problems.invalidField(`body.products.${i}.purpose`, `state what the system uses ${product} for (at least ${PURPOSE_MIN_LENGTH} characters) [T-1.2.1]`);
    }
    return { product, purpose };
  });
}

function checkDescription(d: LocalisedText): LocalisedText {
  const out: LocalisedText = {};
  for (const k of ['nb', 'nn', 'en'] as const) if (d[k]?.trim()) out[k] = d[k]!.trim();
  if (!out.nb) throw problems.invalidField('body.description.nb', 'is required (Norwegian bokmål)');
  return out;
}

/** Writes the client ids of a system; a client id held by another system is a 409 that names it [T-2.4]. */
async function setClients(tx: DbOrTx, systemId: string, orgId: string, clientIds: string[]): Promise<void> {
  const ids = [...new Set(clientIds.map((c) => c.trim()))];
  if (ids.length) {
    const taken = await tx
      .select({ clientId: systemClients.clientId, systemId: systemClients.systemId, orgId: vendorSystems.orgId })
      .from(systemClients)
      .innerJoin(vendorSystems, eq(vendorSystems.id, systemClients.systemId))
      .where(and(inArray(systemClients.clientId, ids), ne(systemClients.systemId, systemId)));
    if (taken.length) {
      const t = taken[0];
      // Another vendor's system id is not revealed; one's own is.
      const where = t.orgId === orgId ? `your system ${t.systemId}` : 'another system';
      throw new HttpProblem(409, 'client-id-taken', `The Maskinporten client id ${t.clientId} is already registered to ${where}; a client id belongs to one system.`, {
        extensions: { clientId: t.clientId },
      });
    }
  }
  await tx.delete(systemClients).where(eq(systemClients.systemId, systemId));
  if (ids.length) await tx.insert(systemClients).values(ids.map((clientId) => ({ clientId, systemId })));
}

async function setProducts(tx: DbOrTx, systemId: string, products: ProductUse[]): Promise<void> {
  await tx.delete(systemProducts).where(eq(systemProducts.systemId, systemId));
  if (products.length) await tx.insert(systemProducts).values(products.map((p) => ({ systemId, ...p })));
}

/** A unique violation on system_clients from a concurrent writer becomes the same 409. */
function uniqueViolation(e: unknown, clientIds: string[]): never {
  const code = (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
  if (code === '23505') {
    throw new HttpProblem(409, 'client-id-taken', `One of the Maskinporten client ids (${clientIds.join(', ')}) was just registered to another system.`);
  }
  throw e;
}

export async function listSystems(ctx: AppContext, caller: Caller, orgId: string): Promise<SystemView[]> {
  assertOrgVisible(caller, orgId);
  await loadOrg(ctx.db, orgId);
  const rows = await ctx.db.select().from(vendorSystems).where(eq(vendorSystems.orgId, orgId)).orderBy(asc(vendorSystems.id));
  return hydrate(ctx.db, rows);
}

async function visibleSystem(ctx: AppContext, caller: Caller, id: string, tx: DbOrTx, lock = false): Promise<SystemRow> {
  const q = tx.select().from(vendorSystems).where(eq(vendorSystems.id, id));
  const [s] = lock ? await q.for('update') : await q;
  if (!s) throw problems.notFound('The system');
  assertOrgVisible(caller, s.orgId, 'The system');
  return s;
}

export async function getSystem(ctx: AppContext, caller: Caller, id: string): Promise<SystemView> {
  const s = await visibleSystem(ctx, caller, id, ctx.db);
  return (await hydrate(ctx.db, [s]))[0];
}

export async function createSystem(ctx: AppContext, caller: Caller, orgId: string, input: SystemInput): Promise<SystemView> {
  assertOrgVisible(caller, orgId);
  const description = checkDescription(input.description);
  const products = checkProducts(ctx, input.products ?? []);
  try {
    return await ctx.db.transaction(async (tx) => {
      const org = await loadOrg(tx, orgId);
      requireKind(org, 'vendor', 'Systems');
      const id = `${org.orgNumber}_${input.name}`;
      const [exists] = await tx.select({ id: vendorSystems.id }).from(vendorSystems).where(eq(vendorSystems.id, id));
      if (exists) throw problems.conflict(`The system ${id} already exists.`);
      const [row] = await tx.insert(vendorSystems).values({ id, orgId, name: input.name, description }).returning();
      await setClients(tx, id, orgId, input.clientIds ?? []);
      await setProducts(tx, id, products);
      await notifyChange(tx, 'access');
      const view = (await hydrate(tx, [row]))[0];
      await appendAudit(tx, {
        actor: actorOf(caller),
        orgId,
        action: 'system.create',
        targetType: 'system',
        targetId: id,
        after: view,
        details: { clientIds: view.clientIds, products: view.products.map((p) => p.product) },
      });
      return view;
    });
  } catch (e) {
    return uniqueViolation(e, input.clientIds ?? []);
  }
}

export async function updateSystem(
  ctx: AppContext,
  caller: Caller,
  id: string,
  patch: { description?: LocalisedText & { nb: string }; clientIds?: string[]; products?: ProductUse[] },
): Promise<SystemView> {
  const description = patch.description ? checkDescription(patch.description) : undefined;
  const products = patch.products ? checkProducts(ctx, patch.products) : undefined;
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await visibleSystem(ctx, caller, id, tx, true);
      const before = (await hydrate(tx, [row]))[0];
      const [updated] = await tx
        .update(vendorSystems)
        .set({ description: description ?? row.description, updatedAt: new Date() })
        .where(eq(vendorSystems.id, id))
        .returning();
      if (patch.clientIds) await setClients(tx, id, row.orgId, patch.clientIds);
      if (products) await setProducts(tx, id, products);
      await notifyChange(tx, 'access');
      const after = (await hydrate(tx, [updated]))[0];
      await appendAudit(tx, {
        actor: actorOf(caller),
        orgId: row.orgId,
        action: 'system.update',
        targetType: 'system',
        targetId: id,
        before,
        after,
        details: { clientIds: after.clientIds, products: after.products.map((p) => p.product) },
      });
      return after;
    });
  } catch (e) {
    return uniqueViolation(e, patch.clientIds ?? []);
  }
}

export async function deleteSystem(ctx: AppContext, caller: Caller, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await visibleSystem(ctx, caller, id, tx, true);
    const before = (await hydrate(tx, [row]))[0];
    await tx.delete(vendorSystems).where(eq(vendorSystems.id, id));
    await notifyChange(tx, 'access');
    await appendAudit(tx, { actor: actorOf(caller), orgId: row.orgId, action: 'system.delete', targetType: 'system', targetId: id, before });
  });
}

/**
 * Every system with its vendor, clients and products: the input the access decision's snapshot is built from.
 * One pass over three small tables.
 */
export async function loadSystemRegistry(db: DbOrTx): Promise<SystemView[]> {
  const rows = await db.select().from(vendorSystems).orderBy(asc(vendorSystems.id));
  return hydrate(db, rows);
}

/** The products an organisation has registered across its systems, with the purposes stated for each. */
export async function registeredProducts(db: DbOrTx, orgId: string): Promise<Array<{ product: string; systemId: string; purpose: string }>> {
  return db
    .select({ product: systemProducts.product, systemId: systemProducts.systemId, purpose: systemProducts.purpose })
    .from(systemProducts)
    .innerJoin(vendorSystems, eq(vendorSystems.id, systemProducts.systemId))
    .where(eq(vendorSystems.orgId, orgId))
    .orderBy(asc(systemProducts.product), asc(systemProducts.systemId));
}
