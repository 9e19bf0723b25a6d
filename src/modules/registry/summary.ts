/** Per-organisation figures of the registry for the operators' compliance overview (read by the obligations module). */
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { contactTimes } from './contacts.ts';
import { serviceSummaries, type Lifecycle } from './services.ts';
import { contacts, systemProducts, vendorSystems } from './tables.ts';

export interface RegistrySummary {
  contacts: { total: number; stale: number; soonStale: number };
  systems: number;
  products: string[];
  services: { total: number; byLifecycle: Record<Lifecycle, number>; outdated: number; idle: number; reviewOverdue: number };
}

export async function registrySummaries(ctx: AppContext, now = new Date()): Promise<Map<string, RegistrySummary>> {
  const out = new Map<string, RegistrySummary>();
  const get = (orgId: string) => {
    let s = out.get(orgId);
    if (!s) {
      s = {
        contacts: { total: 0, stale: 0, soonStale: 0 },
        systems: 0,
        products: [],
        services: { total: 0, byLifecycle: { planned: 0, notified: 0, production: 0, deactivated: 0, removed: 0 }, outdated: 0, idle: 0, reviewOverdue: 0 },
      };
      out.set(orgId, s);
    }
    return s;
  };
  for (const c of await ctx.db.select({ orgId: contacts.orgId, lastConfirmedAt: contacts.lastConfirmedAt }).from(contacts)) {
    const s = get(c.orgId);
    const t = contactTimes(ctx, c.lastConfirmedAt);
    s.contacts.total++;
    if (t.staleAt <= now) s.contacts.stale++;
    else if (t.remindAt <= now) s.contacts.soonStale++;
  }
  for (const v of await ctx.db.select({ orgId: vendorSystems.orgId }).from(vendorSystems)) get(v.orgId).systems++;
  const products = await ctx.db
    .selectDistinct({ orgId: vendorSystems.orgId, product: systemProducts.product })
    .from(systemProducts)
    .innerJoin(vendorSystems, eq(vendorSystems.id, systemProducts.systemId));
  for (const p of products) get(p.orgId).products.push(p.product);
  for (const s of out.values()) s.products.sort();
  for (const [orgId, sv] of await serviceSummaries(ctx, now)) get(orgId).services = sv;
  return out;
}
