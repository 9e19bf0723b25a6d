/**
 * The gateway's view of deprecated APIs (T-1.2.6, T-3.1.2). An in-memory snapshot of the breaking-change notices'
 * APIs, compiled against the catalogue's routes once per change (notices announce every change on the "status"
 * topic), gives each deprecated route its `Deprecation` (RFC 9745), `Sunset` (RFC 8594) and `Link` headers. Calls
 * to such routes are counted per notice, route, environment and vendor in memory and written in batches (one upsert
 * per flush), so Digdir sees which vendors still call them. After the sunset the call is refused with 410 Gone when
 * the policy's `deprecation.refuseAfterSunset` is true. No database query on the hot path.
 */
import { and, ne, sql } from 'drizzle-orm';
import type { Catalogue, CompiledRoute } from '../../kernel/gateway/index.ts';
import { onChange } from '../../platform/changes/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { Refusal, type AddedHeaders, type CallState, type GatewayPlugin } from '../gateway/proxy.ts';
import type { CallRecord } from '../gateway/recorder.ts';
import { notices } from '../notices/index.ts';
import { compileDeprecations, type DeprecationNotice, type RouteDeprecation } from './matcher.ts';
import { deprecatedCalls } from './tables.ts';

export async function loadDeprecationNotices(ctx: AppContext): Promise<DeprecationNotice[]> {
  const rows = await ctx.db
    .select({ id: notices.id, ref: notices.ref, publishedAt: notices.publishedAt, apis: notices.apis })
    .from(notices)
    .where(and(ne(notices.state, 'cancelled'), sql`jsonb_array_length(${notices.apis}) > 0`));
  return rows;
}

interface Usage {
  noticeId: string;
  routeId: string;
  env: string;
  vendorOrgId: string;
  calls: number;
  afterSunset: number;
  first: number;
  last: number;
}

const MAX_PENDING = 50_000;

export class DeprecationWatch implements GatewayPlugin {
  readonly name = 'deprecations';
  private byRoute = new Map<string, RouteDeprecation[]>();
  private pending = new Map<string, Usage>();
  private gen = 0;
  private builtGen = -1;
  private building: Promise<void> | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private unlisten: (() => Promise<void>) | undefined;
  private stopped = false;
  private readonly routes: CompiledRoute[];
  private readonly refuseAfterSunset: boolean;

  constructor(
    private readonly ctx: AppContext,
    catalogue: Catalogue,
    private readonly flushMs: number,
  ) {
    this.routes = [...catalogue.products.values()].flatMap((p) => p.routes);
    this.refuseAfterSunset = ctx.policy.policy.deprecation?.refuseAfterSunset ?? false;
  }

  async start(): Promise<this> {
    this.unlisten = await onChange(this.ctx.database, 'status', () => this.invalidate());
    await this.current();
    this.timer = setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref?.();
    return this;
  }

  invalidate(): void {
    this.gen++;
    if (this.debounce || this.stopped) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.rebuild().catch((e) => this.ctx.log.error({ err: e }, 'gateway: deprecation snapshot rebuild failed'));
    }, 50);
    this.debounce.unref?.();
  }

  private rebuild(): Promise<void> {
    if (!this.building) {
      const g = this.gen;
      this.building = loadDeprecationNotices(this.ctx)
        .then((list) => {
          this.byRoute = compileDeprecations(list, this.routes, this.ctx.config.PUBLIC_URL);
          this.builtGen = g;
        })
        .finally(() => {
          this.building = undefined;
        });
    }
    return this.building;
  }

  /** Waits until the snapshot reflects every change heard so far (tests read their own writes). */
  async current(): Promise<ReadonlyMap<string, RouteDeprecation[]>> {
    while (this.builtGen < this.gen || this.builtGen < 0) await this.rebuild();
    return this.byRoute;
  }

  /** After gates 1–3 (the vendor is known): headers on every answer, usage counted, 410 after the sunset if set. */
  gate(st: CallState, _rec: CallRecord, headers: AddedHeaders): void {
    const list = this.byRoute.get(st.route.id);
    if (!list) return;
    const now = Date.now();
    let first: RouteDeprecation | undefined;
    let links = '';
    for (const d of list) {
      if (d.publishedAt > now) continue;
      first ??= d;
      links += `${links ? ', ' : ''}<${d.link}>; rel="deprecation"; type="text/html"`;
      this.count(d, st, now);
    }
    if (!first) return;
    headers['deprecation'] = first.deprecation;
    headers['sunset'] = first.sunset;
    headers['link'] = `${links}, <${first.link}>; rel="sunset"; type="text/html"`;
    if (this.refuseAfterSunset && now >= first.sunsetAt) {
      throw new Refusal(410, 'api-sunset', `${st.route.id} was removed on ${new Date(first.sunsetAt).toISOString()} (notice ${first.ref}); move to its replacement as the notice describes: ${first.link}`, 'T-1.2.6', {
        notice: first.ref,
        sunset: new Date(first.sunsetAt).toISOString(),
        link: first.link,
      });
    }
  }

  private count(d: RouteDeprecation, st: CallState, now: number): void {
    const key = `${d.noticeId}|${d.routeId}|${st.env}|${st.vendorOrgId}`;
    const u = this.pending.get(key);
    const after = now >= d.sunsetAt ? 1 : 0;
    if (u) {
      u.calls++;
      u.afterSunset += after;
      u.last = now;
    } else if (this.pending.size < MAX_PENDING) {
      this.pending.set(key, { noticeId: d.noticeId, routeId: d.routeId, env: st.env, vendorOrgId: st.vendorOrgId, calls: 1, afterSunset: after, first: now, last: now });
    }
  }

  /** Writes the counted calls (one upsert for the batch; serialised). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushNow()).catch((e) => this.ctx.log.error({ err: e }, 'gateway: writing deprecated-API calls failed'));
    return this.flushing;
  }

  private async flushNow(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending.clear();
    try {
      await this.ctx.db.transaction(async (tx) => {
        await tx
          .insert(deprecatedCalls)
          .values(batch.map((u) => ({ noticeId: u.noticeId, routeId: u.routeId, env: u.env, vendorOrgId: u.vendorOrgId, calls: u.calls, callsAfterSunset: u.afterSunset, firstCallAt: new Date(u.first), lastCallAt: new Date(u.last) })))
          .onConflictDoUpdate({
            target: [deprecatedCalls.noticeId, deprecatedCalls.routeId, deprecatedCalls.env, deprecatedCalls.vendorOrgId],
            set: {
              calls: sql`${deprecatedCalls.calls} + excluded.calls`,
              callsAfterSunset: sql`${deprecatedCalls.callsAfterSunset} + excluded.calls_after_sunset`,
              firstCallAt: sql`least(${deprecatedCalls.firstCallAt}, excluded.first_call_at)`,
              lastCallAt: sql`greatest(${deprecatedCalls.lastCallAt}, excluded.last_call_at)`,
            },
          });
      });
    } catch (e) {
      // A notice or vendor deleted since the calls were counted (foreign key): those counts have nowhere to go.
      if ((e as { code?: string }).code === '23503' || (e as { cause?: { code?: string } }).cause?.code === '23503') {
        this.ctx.log.warn({ err: e, rows: batch.length }, 'gateway: deprecated-API calls of a deleted notice or vendor dropped');
        return;
      }
      // Keep the counts for the next flush (merged with what came in meanwhile).
      for (const u of batch) {
        const key = `${u.noticeId}|${u.routeId}|${u.env}|${u.vendorOrgId}`;
        const cur = this.pending.get(key);
        if (cur) {
          cur.calls += u.calls;
          cur.afterSunset += u.afterSunset;
          cur.first = Math.min(cur.first, u.first);
        } else if (this.pending.size < MAX_PENDING) this.pending.set(key, u);
      }
      throw e;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.debounce) clearTimeout(this.debounce);
    if (this.timer) clearInterval(this.timer);
    await this.building?.catch(() => undefined);
    await this.unlisten?.();
    await this.flush();
  }
}
