/**
 * Traffic per service and service owners' download confirmations, fed from the gateway (S-7.3.1, S-7.4.1):
 *  - every production call a product with a `serviceResource` template answered (Altinn Apps: the resource
 *    `urn:altinn:resource:app_{org}_{app}` from the path) is counted per resource in memory; each flush adds the
 *    counts and moves the service's last traffic forward (`recordServiceTraffic` of the registry, one statement per
 *    resource), which the registry's `registry.idle-services` job reads to flag services without traffic;
 *  - a successful (2xx) call of a service owner to a download route records the first download of the data element,
 *    a `confirmdownload` route confirms it, and an Apps instance `complete` confirms every element of the instance
 *    (`recordDownload` / `recordInstanceCompleted` of the obligations module) — the element passes to the end user's
 *    control (S-7.4.2). The data element is looked up by the caller's organisation (the token's consumer) and the id
 *    in the path; for services with a resource, only when the caller owns the service. Unknown elements are ignored.
 * Routes are classified once from their patterns; nothing on the hot path but a Map update.
 */
import { inArray } from 'drizzle-orm';
import { fillTemplate, parsePattern, type Catalogue, type CompiledRoute } from '../../kernel/gateway/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { recordDownload, recordInstanceCompleted } from '../obligations/index.ts';
import { recordServiceTraffic } from '../registry/index.ts';
import { services } from '../registry/tables.ts';
import type { Directory } from './directory.ts';
import type { CallState, GatewayPlugin } from './proxy.ts';
import type { CallRecord } from './recorder.ts';

export type ObligationRoute = { kind: 'download' | 'confirm'; element: string } | { kind: 'complete'; party: string; instance: string };

/** What a route means for the data-element obligations, from its pattern (pure). */
export function classifyRoute(r: Pick<CompiledRoute, 'method' | 'path'>): ObligationRoute | undefined {
  const segs = parsePattern(r.path);
  const last = segs[segs.length - 1];
  const prev = segs[segs.length - 2];
  const prev2 = segs[segs.length - 3];
  if (r.method === 'POST' && last.kind === 'static' && last.value === 'confirmdownload' && prev?.kind === 'param') return { kind: 'confirm', element: prev.value };
  if (r.method === 'POST' && last.kind === 'static' && last.value === 'complete' && prev?.kind === 'param' && prev2?.kind === 'param') return { kind: 'complete', party: prev2.value, instance: prev.value };
  if (r.method === 'GET' && last.kind === 'static' && last.value === 'download' && prev?.kind === 'param') return { kind: 'download', element: prev.value };
  if (r.method === 'GET' && last.kind === 'param' && prev?.kind === 'static' && prev.value === 'data') return { kind: 'download', element: last.value };
  return undefined;
}

interface ObligationEvent {
  kind: 'download' | 'confirm' | 'complete';
  callerOrgId: string;
  resource?: string;
  ref: string;
  at: Date;
}

const MAX_EVENTS = 10_000;

export class ServiceTraffic implements GatewayPlugin {
  readonly name = 'service-traffic';
  private readonly routes = new Map<string, ObligationRoute>();
  private traffic = new Map<string, { count: number; last: number }>();
  private events: ObligationEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: AppContext,
    catalogue: Catalogue,
    private readonly directory: Directory,
    private readonly flushMs: number,
  ) {
    for (const p of catalogue.products.values()) {
      for (const r of p.routes) {
        const c = classifyRoute(r);
        if (c) this.routes.set(r.id, c);
      }
    }
  }

  start(): this {
    this.timer = setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref?.();
    return this;
  }

  done(st: CallState | undefined, rec: CallRecord): void {
    if (!st || st.env !== 'production' || rec.refusal) return;
    const template = st.product.serviceResource;
    const resource = template ? fillTemplate(template, st.params) : undefined;
    if (resource) {
      const t = this.traffic.get(resource);
      if (t) {
        t.count++;
        t.last = rec.at;
      } else if (this.traffic.size < 100_000) this.traffic.set(resource, { count: 1, last: rec.at });
    }
    if (rec.status < 200 || rec.status >= 300) return;
    const o = this.routes.get(st.route.id);
    if (!o || this.events.length >= MAX_EVENTS) return;
    const callerOrgId = st.identity.customerOrgNo ? this.directory.now.orgIds.get(st.identity.customerOrgNo) : undefined;
    if (!callerOrgId) return;
    const ref = o.kind === 'complete' ? (st.params[o.party] && st.params[o.instance] ? `${st.params[o.party]}/${st.params[o.instance]}` : undefined) : st.params[o.element];
    if (!ref) return;
    this.events.push({ kind: o.kind, callerOrgId, resource, ref: decodeURIComponent(ref), at: new Date(rec.at) });
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushNow()).catch((e) => this.ctx.log.error({ err: e }, 'gateway: writing service traffic failed'));
    return this.flushing;
  }

  private async flushNow(): Promise<void> {
    if (this.traffic.size) {
      const batch = [...this.traffic];
      this.traffic = new Map();
      for (const [resource, t] of batch) {
        try {
          await recordServiceTraffic(this.ctx, resource, t.count, new Date(t.last));
        } catch (e) {
          this.ctx.log.error({ err: e, resource }, 'gateway: recording service traffic failed; kept for the next flush');
          const cur = this.traffic.get(resource);
          if (cur) {
            cur.count += t.count;
            cur.last = Math.max(cur.last, t.last);
          } else this.traffic.set(resource, t);
        }
      }
    }
    if (this.events.length) {
      const batch = this.events;
      this.events = [];
      // The owners of the services the events name, in one query.
      const resources = [...new Set(batch.map((e) => e.resource).filter((r): r is string => !!r))];
      const owners = new Map<string, string>();
      if (resources.length) {
        for (const s of await this.ctx.db.select({ resourceId: services.resourceId, orgId: services.orgId }).from(services).where(inArray(services.resourceId, resources))) owners.set(s.resourceId, s.orgId);
      }
      for (const e of batch) {
        // A service with a resource: only its owner's calls count (an end user's system reading its own instance does not).
        if (e.resource !== undefined && owners.get(e.resource) !== e.callerOrgId) continue;
        try {
          if (e.kind === 'complete') await recordInstanceCompleted(this.ctx, { orgId: e.callerOrgId, instanceRef: e.ref }, e.at);
          else await recordDownload(this.ctx, { orgId: e.callerOrgId, elementRef: e.ref }, e.at, { confirmed: e.kind === 'confirm' });
        } catch (err) {
          this.ctx.log.error({ err, kind: e.kind }, 'gateway: recording a data-element download failed');
        }
      }
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}

