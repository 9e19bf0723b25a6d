/**
 * Demo: calls the gateway counted to the API the demo breaking-change notice retires (the old Correspondence upload),
 * so the portal's deprecated-APIs page shows vendors still calling it: Fjordregnskap in production (recently) and
 * Lønnsmester in the test environment (a while ago). Idempotent (existing counts are left alone).
 */
import { and, ne, sql } from 'drizzle-orm';
import { compileCatalogue } from '../../kernel/gateway/index.ts';
import type { AppContext, DemoContext } from '../../platform/context.ts';
import { notices } from '../notices/index.ts';
import { compileDeprecations } from './matcher.ts';
import { deprecatedCalls } from './tables.ts';

const HOUR = 3_600_000;

export async function deprecationsDemo(ctx: AppContext, demo: DemoContext): Promise<void> {
  const fjord = demo.orgs.fjordregnskap;
  const lonn = demo.orgs.lonnsmester;
  if (!fjord || !lonn) return;
  let routes;
  try {
    routes = [...compileCatalogue(ctx.policy.policy.products ?? {}, ctx.config.GATEWAY_UPSTREAMS).products.values()].flatMap((p) => p.routes);
  } catch {
    return;
  }
  const list = await ctx.db
    .select({ id: notices.id, ref: notices.ref, publishedAt: notices.publishedAt, apis: notices.apis })
    .from(notices)
    .where(and(ne(notices.state, 'cancelled'), sql`jsonb_array_length(${notices.apis}) > 0`));
  const byRoute = compileDeprecations(list, routes, ctx.config.PUBLIC_URL);
  const now = Date.now();
  const rows = [];
  for (const deps of byRoute.values()) {
    for (const d of deps) {
      rows.push(
        { noticeId: d.noticeId, routeId: d.routeId, env: 'production', vendorOrgId: fjord.id, calls: 1840, callsAfterSunset: 0, firstCallAt: new Date(now - 20 * 24 * HOUR), lastCallAt: new Date(now - 2 * HOUR) },
        { noticeId: d.noticeId, routeId: d.routeId, env: 'test', vendorOrgId: lonn.id, calls: 12, callsAfterSunset: 0, firstCallAt: new Date(now - 30 * 24 * HOUR), lastCallAt: new Date(now - 9 * 24 * HOUR) },
      );
    }
  }
  if (rows.length === 0) return;
  await ctx.db.insert(deprecatedCalls).values(rows).onConflictDoNothing();
  demo.log(`deprecations: calls of 2 vendors to ${byRoute.size} deprecated route(s)`);
}
