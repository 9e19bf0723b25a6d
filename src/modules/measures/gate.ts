/**
 * Gate 4 of the gateway: measures in force (T-1.2.8, T-7.1, T-7.2, S-7.3.5, S-7.3.8, S-7.3.9).
 *
 * The gateway holds an in-memory snapshot of the open measures, loaded at start, reloaded (debounced 50 ms) when any
 * process announces a change on the `measures` topic (LISTEN/NOTIFY, so every node within a second), and re-indexed
 * without a query when a measure's start or end time passes. A call is checked with a few Map lookups:
 *   - vendor suspended or disconnected  → 403 vendor-suspended / vendor-disconnected
 *   - route blocked (for all, or for this vendor) → 403 route-blocked
 *   - app stopped (apps product, by org/app)      → 403 app-stopped
 * each a problem with the clause, the reason, the measure and what to do (contact Digdir; the incident or case).
 *
 * Throttles are not refusals here: `throttleFor(vendorOrgId, product, env?)` gives the lowered rate for the rate-limit
 * gate (gate 5) to apply. When no rate-limit gate runs, this plugin enforces throttles itself with a fixed window
 * (`enforceThrottles`).
 */
import type { GatewayEnv } from '../../kernel/gateway/index.ts';
import { onChange } from '../../platform/changes/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { GatewayPlugin } from '../gateway/proxy.ts';
import { Refusal } from '../gateway/proxy.ts';
import type { MeasureKind } from './schemas.ts';
import { loadOpenMeasures, MEASURES_TOPIC, type OpenMeasure } from './service.ts';

export interface Rate {
  requests: number;
  perSeconds: number;
}

export interface MeasureEntry {
  id: string;
  kind: MeasureKind;
  clause: string;
  reason: string;
  vendorOrgId: string | null;
  vendorOrgNo: string | null;
  product: string | null;
  routeId: string | null;
  app: string | null;
  environment: 'test' | 'production' | 'both';
  startsAt: number;
  endsAt: number | null;
  rate: Rate | null;
  incident: { id: string; ref: string } | null;
  deviationCase: { id: string; ref: string } | null;
}

/** The measures in force in one environment, indexed for the hot path. */
interface EnvIndex {
  empty: boolean;
  /** vendor org id → suspension or disconnection (a disconnection wins). */
  vendors: Map<string, MeasureEntry>;
  /** route id → blocked for every vendor. */
  routes: Map<string, MeasureEntry>;
  /** "route id|vendor org id" → blocked for that vendor. */
  vendorRoutes: Map<string, MeasureEntry>;
  /** "org/app" → stopped. */
  apps: Map<string, MeasureEntry>;
  /** "vendor org id|product" → the strictest throttle (a throttle of every product is filled in for each). */
  throttles: Map<string, Rate>;
  /** "vendor org id|route id" → the strictest throttle of one route (e.g. applied by polling escalation, T-1.2.4). */
  routeThrottles: Map<string, Rate>;
}

const emptyIndex = (): EnvIndex => ({ empty: true, vendors: new Map(), routes: new Map(), vendorRoutes: new Map(), apps: new Map(), throttles: new Map(), routeThrottles: new Map() });
const perSecond = (r: Rate) => r.requests / r.perSeconds;
/** Longest wait for a time-based re-index (setTimeout's limit is ~24.8 days). */
const MAX_TIMER_MS = 6 * 3600_000;

function toEntry(r: OpenMeasure): MeasureEntry {
  const m = r.m;
  return {
    id: m.id,
    kind: m.kind as MeasureKind,
    clause: m.clause,
    reason: m.reason,
    vendorOrgId: m.vendorOrgId,
    vendorOrgNo: r.vendor?.orgNumber ?? null,
    product: m.product,
    routeId: m.routeId,
    app: m.appOrg && m.appName ? `${m.appOrg}/${m.appName}` : null,
    environment: m.environment as MeasureEntry['environment'],
    startsAt: m.startsAt.getTime(),
    endsAt: m.endsAt?.getTime() ?? null,
    rate: m.rateRequests && m.ratePerSeconds ? { requests: m.rateRequests, perSeconds: m.ratePerSeconds } : null,
    incident: r.incident?.id ? { id: r.incident.id, ref: r.incident.ref } : null,
    deviationCase: r.deviationCase?.id ? { id: r.deviationCase.id, ref: r.deviationCase.ref } : null,
  };
}

/** Builds the per-environment indexes of the entries in force at `now`, and when the next start or end is. */
export function indexMeasures(entries: readonly MeasureEntry[], productKeys: readonly string[], now: number): { byEnv: Record<GatewayEnv, EnvIndex>; next: number | null } {
  const byEnv: Record<GatewayEnv, EnvIndex> = { test: emptyIndex(), production: emptyIndex() };
  let next: number | null = null;
  const soon = (t: number) => {
    if (t > now && (next === null || t < next)) next = t;
  };
  for (const e of entries) {
    soon(e.startsAt);
    if (e.endsAt !== null) soon(e.endsAt);
    if (e.startsAt > now || (e.endsAt !== null && e.endsAt <= now)) continue;
    const envs: GatewayEnv[] = e.environment === 'both' ? ['test', 'production'] : [e.environment];
    for (const env of envs) {
      const ix = byEnv[env];
      ix.empty = false;
      switch (e.kind) {
        case 'suspend':
        case 'disconnect': {
          const had = ix.vendors.get(e.vendorOrgId!);
          if (!had || (had.kind === 'suspend' && e.kind === 'disconnect')) ix.vendors.set(e.vendorOrgId!, e);
          break;
        }
        case 'block-route':
          if (e.vendorOrgId) ix.vendorRoutes.set(`${e.routeId}|${e.vendorOrgId}`, e);
          else ix.routes.set(e.routeId!, e);
          break;
        case 'stop-app':
          ix.apps.set(e.app!, e);
          break;
        case 'throttle':
          if (e.routeId) {
            const key = `${e.vendorOrgId}|${e.routeId}`;
            const had = ix.routeThrottles.get(key);
            if (!had || perSecond(e.rate!) < perSecond(had)) ix.routeThrottles.set(key, e.rate!);
            break;
          }
          for (const p of e.product ? [e.product] : productKeys) {
            const key = `${e.vendorOrgId}|${p}`;
            const had = ix.throttles.get(key);
            if (!had || perSecond(e.rate!) < perSecond(had)) ix.throttles.set(key, e.rate!);
          }
          break;
      }
    }
  }
  return { byEnv, next };
}

/** The snapshot one gateway node holds. */
export class MeasureSnapshot {
  private entries: MeasureEntry[] = [];
  private byEnv: Record<GatewayEnv, EnvIndex> = { test: emptyIndex(), production: emptyIndex() };
  private gen = 0;
  private builtGen = -1;
  private building: Promise<void> | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private clock: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private stopped = false;
  /** Loads from the database so far (tests see a change arrive). */
  loads = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly productKeys: readonly string[],
  ) {}

  async start(): Promise<this> {
    this.unlisten = await onChange(this.ctx.database, MEASURES_TOPIC, () => this.invalidate());
    await this.current();
    return this;
  }

  invalidate(): void {
    this.gen++;
    this.schedule(50);
  }

  /** Reloads after `ms` (50 ms after a change; 2 s after a failed load, so a database outage is not hammered). */
  private schedule(ms: number): void {
    if (this.debounce || this.stopped) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.reload().catch((e) => {
        this.ctx.log.error({ err: e }, 'gateway measures reload failed; the measures loaded before stay in force');
        this.schedule(2000);
      });
    }, ms);
    this.debounce.unref?.();
  }

  private reload(): Promise<void> {
    if (!this.building) {
      const g = this.gen;
      this.building = loadOpenMeasures(this.ctx.db)
        .then((rows) => {
          this.loads++;
          this.entries = rows.map(toEntry);
          this.builtGen = g;
          this.reindex();
          // A change heard while loading: load again.
          if (this.builtGen < this.gen) this.schedule(50);
        })
        .finally(() => {
          this.building = undefined;
        });
    }
    return this.building;
  }

  /** Re-indexes the loaded entries for now and sets the clock for the next start or end (no query). */
  private reindex(): void {
    const now = Date.now();
    const { byEnv, next } = indexMeasures(this.entries, this.productKeys, now);
    this.byEnv = byEnv;
    if (this.clock) clearTimeout(this.clock);
    this.clock = undefined;
    if (next !== null && !this.stopped) {
      this.clock = setTimeout(() => this.reindex(), Math.min(next - now + 5, MAX_TIMER_MS));
      this.clock.unref?.();
    }
  }

  /** Waits until every change heard so far is loaded. */
  async current(): Promise<void> {
    while (this.builtGen < this.gen || this.builtGen < 0) await this.reload();
  }

  /** The measures index of an environment now (the hot path). */
  index(env: GatewayEnv): EnvIndex {
    return this.byEnv[env];
  }

  /**
   * The throttled rate of a vendor's calls to a product: in `env`, or without `env` the strictest in either
   * environment; undefined when no throttle is in force.
   */
  throttleFor(vendorOrgId: string, product: string, env?: GatewayEnv): Rate | undefined {
    const key = `${vendorOrgId}|${product}`;
    if (env) return this.byEnv[env].throttles.get(key);
    const a = this.byEnv.test.throttles.get(key);
    const b = this.byEnv.production.throttles.get(key);
    if (!a || !b) return a ?? b;
    return perSecond(a) <= perSecond(b) ? a : b;
  }

  /** The throttled rate of a vendor's calls to one route in `env` (a route-scoped throttle), or undefined. */
  routeThrottleFor(vendorOrgId: string, routeId: string, env: GatewayEnv): Rate | undefined {
    const m = this.byEnv[env].routeThrottles;
    return m.size ? m.get(`${vendorOrgId}|${routeId}`) : undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.debounce) clearTimeout(this.debounce);
    if (this.clock) clearTimeout(this.clock);
    await this.building?.catch(() => undefined);
    await this.unlisten?.();
  }
}

const snapshots = new WeakMap<AppContext, MeasureSnapshot>();
let latest: MeasureSnapshot | undefined;

/** The measures snapshot of the gateway this process runs for `ctx`. */
export function measuresOf(ctx: AppContext): MeasureSnapshot | undefined {
  return snapshots.get(ctx);
}

/**
 * For the rate-limit gate (gate 5): the rate a throttle measure lowers a vendor's calls to a product to, or
 * undefined. Reads the snapshot of the gateway running in this process (the last started); `env` as in
 * `MeasureSnapshot.throttleFor`. A Map lookup — cheap enough for every call.
 */
export function throttleFor(vendorOrgId: string, product: string, env?: GatewayEnv): Rate | undefined {
  return latest?.throttleFor(vendorOrgId, product, env);
}

/** What to do about a measure, with links to it and to its incident or case in the portal. */
function refusal(ctx: AppContext, e: MeasureEntry, slug: string, status: number, what: string): Refusal {
  const base = ctx.config.PUBLIC_URL.replace(/\/$/, '');
  const until = e.endsAt ? ` until ${new Date(e.endsAt).toISOString()}` : ' until Digdir lifts it';
  const about = e.incident ? ` (incident ${e.incident.ref})` : e.deviationCase ? ` (case ${e.deviationCase.ref})` : '';
  const detail = `${what}${until}${about}: ${e.reason} Contact Digdir's service desk about the measure; see ${base}/measures/${e.id}.`;
  const headers: Record<string, string> = {};
  if (e.endsAt) headers['retry-after'] = String(Math.max(1, Math.ceil((e.endsAt - Date.now()) / 1000)));
  return new Refusal(
    status,
    slug,
    detail,
    e.clause,
    {
      reason: e.reason,
      measure: { id: e.id, kind: e.kind, environment: e.environment, startsAt: new Date(e.startsAt).toISOString(), endsAt: e.endsAt ? new Date(e.endsAt).toISOString() : null, url: `${base}/measures/${e.id}` },
      ...(e.incident ? { incident: { ref: e.incident.ref, url: `${base}/incidents/${e.incident.id}` } } : {}),
      ...(e.deviationCase ? { deviationCase: { ref: e.deviationCase.ref, url: `${base}/deviations/${e.deviationCase.id}` } } : {}),
      contact: 'Digdir service desk',
    },
    headers,
  );
}

/**
 * Starts the measures snapshot and returns gate 4 as a gateway plugin, with its stop function. With
 * `enforceThrottles` the plugin also refuses calls over a throttled rate (429, a fixed window per vendor, product and
 * environment on this node) — for when no rate-limit gate applies `throttleFor` itself.
 */
export async function startMeasuresGate(ctx: AppContext, opts: { productKeys: readonly string[]; enforceThrottles?: boolean }): Promise<{ plugin: GatewayPlugin; snapshot: MeasureSnapshot; stop(): Promise<void> }> {
  const snapshot = await new MeasureSnapshot(ctx, opts.productKeys).start();
  snapshots.set(ctx, snapshot);
  latest = snapshot;
  const windows = new Map<string, { start: number; count: number }>();
  /** A fixed window per key on this node; refuses the call over the throttled rate. */
  const overThrottle = (key: string, rate: Rate, what: string) => {
    const now = Date.now();
    const span = rate.perSeconds * 1000;
    let w = windows.get(key);
    if (!w || now - w.start >= span) windows.set(key, (w = { start: now, count: 0 }));
    if (++w.count > rate.requests) {
      const wait = Math.max(1, Math.ceil((w.start + span - now) / 1000));
      throw new Refusal(429, 'vendor-throttled', `Digdir has throttled your calls to ${what} to ${rate.requests} per ${rate.perSeconds} s; wait ${wait} s. Contact Digdir's service desk about the measure.`, 'T-1.2.8', { rate }, { 'retry-after': String(wait) });
    }
  };
  const plugin: GatewayPlugin = {
    name: 'measures',
    gate(st) {
      const ix = snapshot.index(st.env);
      if (ix.empty) return;
      const v = ix.vendors.get(st.vendorOrgId);
      if (v) {
        if (v.kind === 'disconnect') throw refusal(ctx, v, 'vendor-disconnected', 403, `Digdir has disconnected vendor ${v.vendorOrgNo ?? st.vendorOrgId} from the Altinn APIs`);
        throw refusal(ctx, v, 'vendor-suspended', 403, `Digdir has suspended calls from vendor ${v.vendorOrgNo ?? st.vendorOrgId}`);
      }
      const r = ix.routes.get(st.route.id) ?? (ix.vendorRoutes.size ? ix.vendorRoutes.get(`${st.route.id}|${st.vendorOrgId}`) : undefined);
      if (r) throw refusal(ctx, r, 'route-blocked', 403, `Digdir has blocked ${st.route.id}${r.vendorOrgId ? ' for your organisation' : ''}`);
      if (ix.apps.size && st.product.key === 'apps') {
        const a = ix.apps.get(`${st.params.org}/${st.params.app}`);
        if (a) throw refusal(ctx, a, 'app-stopped', 403, `Digdir has stopped the app ${a.app}`);
      }
      if (opts.enforceThrottles) {
        const rate = ix.throttles.size ? ix.throttles.get(`${st.vendorOrgId}|${st.product.key}`) : undefined;
        if (rate) overThrottle(`${st.env}|${st.vendorOrgId}|${st.product.key}`, rate, st.product.name.en);
        const routeRate = ix.routeThrottles.size ? ix.routeThrottles.get(`${st.vendorOrgId}|${st.route.id}`) : undefined;
        if (routeRate) overThrottle(`${st.env}|${st.vendorOrgId}|${st.route.id}`, routeRate, st.route.id);
      }
    },
  };
  return {
    plugin,
    snapshot,
    async stop() {
      if (latest === snapshot) latest = undefined;
      snapshots.delete(ctx);
      await snapshot.stop();
    },
  };
}
