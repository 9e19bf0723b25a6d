/**
 * Who still calls deprecated APIs (T-1.2.6, T-3.1.2): per breaking-change notice and API, the vendors whose calls the
 * gateway counted, with call counts and the last call — for Digdir to contact them before the sunset. Operators and
 * auditors see every vendor; a vendor sees its own calls only.
 */
import { and, asc, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { authTables, orgScope, type Caller } from '../../platform/auth/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { notices } from '../notices/index.ts';
import { deprecatedCalls } from './tables.ts';

export interface UsageRow {
  routeId: string;
  env: string;
  vendorOrgId: string;
  vendorOrgNumber: string;
  vendorName: string;
  calls: number;
  callsAfterSunset: number;
  firstCallAt: string;
  lastCallAt: string;
}

export interface DeprecationView {
  noticeId: string;
  ref: string;
  title: string;
  titleEn: string | null;
  state: string;
  publishedAt: string;
  apis: { product?: string; method: string; path: string; deprecatedAt?: string; sunsetAt: string }[];
  /** Earliest sunset of the notice's APIs. */
  sunsetAt: string | null;
  /** Vendors' calls, most recent first. */
  usage: UsageRow[];
  /** Distinct vendors that called. */
  vendors: number;
}

export async function listDeprecations(ctx: AppContext, caller: Caller, q: { env?: string; noticeId?: string } = {}): Promise<DeprecationView[]> {
  const scope = orgScope(caller);
  const conds: SQL[] = [ne(notices.state, 'cancelled'), sql`jsonb_array_length(${notices.apis}) > 0`];
  if (q.noticeId) conds.push(eq(notices.id, q.noticeId));
  const rows = await ctx.db
    .select({ id: notices.id, ref: notices.ref, title: notices.title, titleEn: notices.titleEn, state: notices.state, publishedAt: notices.publishedAt, apis: notices.apis })
    .from(notices)
    .where(and(...conds))
    .orderBy(desc(notices.publishedAt));
  if (rows.length === 0) return [];
  const { organisations } = authTables;
  const uc: SQL[] = [inArray(deprecatedCalls.noticeId, rows.map((r) => r.id))];
  if (scope) uc.push(eq(deprecatedCalls.vendorOrgId, scope));
  if (q.env) uc.push(eq(deprecatedCalls.env, q.env));
  const usage = await ctx.db
    .select({
      noticeId: deprecatedCalls.noticeId,
      routeId: deprecatedCalls.routeId,
      env: deprecatedCalls.env,
      vendorOrgId: deprecatedCalls.vendorOrgId,
      vendorOrgNumber: organisations.orgNumber,
      vendorName: organisations.name,
      calls: deprecatedCalls.calls,
      callsAfterSunset: deprecatedCalls.callsAfterSunset,
      firstCallAt: deprecatedCalls.firstCallAt,
      lastCallAt: deprecatedCalls.lastCallAt,
    })
    .from(deprecatedCalls)
    .innerJoin(organisations, eq(organisations.id, deprecatedCalls.vendorOrgId))
    .where(and(...uc))
    .orderBy(desc(deprecatedCalls.lastCallAt), asc(deprecatedCalls.routeId));
  return rows.map((n) => {
    const u = usage.filter((x) => x.noticeId === n.id);
    const sunsets = n.apis.map((a) => Date.parse(a.sunsetAt)).filter(Number.isFinite);
    return {
      noticeId: n.id,
      ref: n.ref,
      title: n.title,
      titleEn: n.titleEn,
      state: n.state,
      publishedAt: n.publishedAt.toISOString(),
      apis: n.apis,
      sunsetAt: sunsets.length ? new Date(Math.min(...sunsets)).toISOString() : null,
      usage: u.map(({ noticeId: _n, firstCallAt, lastCallAt, ...rest }) => ({ ...rest, firstCallAt: firstCallAt.toISOString(), lastCallAt: lastCallAt.toISOString() })),
      vendors: new Set(u.map((x) => x.vendorOrgId)).size,
    };
  });
}
