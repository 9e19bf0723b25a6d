/**
 * Passive availability (S-2.3.1 "measured from usage"): the gateway's production calls per product in a sliding
 * window in memory — a ring of 12 buckets covering the policy's `passiveAvailability.windowSeconds`. A call counts
 * when it reached the upstream or tried to: answered (an error when 5xx), timed out or unreachable (errors). Calls the
 * gateway refused itself do not count. A timer (one bucket length, at least 250 ms) compares the error share with the
 * policy's levels and, only when the state of a product changes, writes a signal with source "gateway" on the
 * components whose `product` is that product — a third source for the availability engine besides probes and
 * incidents. The signal ends after `clearAfterSeconds` in which no level was reached. Never a write per call.
 *
 * Every gateway node keeps its own window and writes the same signal (source "gateway", ref "production"): nodes see
 * the same upstreams, and the last change wins. A node starting up adopts the open gateway signals, so a signal a
 * stopped node left behind ends once traffic is healthy (or quiet) for the clear period.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { ComponentState, PassiveAvailabilityPolicy } from '../../kernel/policy/schema.ts';
import type { AppContext } from '../../platform/context.ts';
import { componentCatalogue, componentSignals, setSignal } from '../components/index.ts';
import type { CallState, GatewayPlugin } from './proxy.ts';
import type { CallRecord } from './recorder.ts';

export const GATEWAY_SIGNAL_SOURCE = 'gateway';
const REF = 'production';
const BUCKETS = 12;
const UPSTREAM_FAILURES = new Set(['upstream-timeout', 'upstream-unreachable']);

interface Window {
  epoch: Float64Array;
  total: Uint32Array;
  errors: Uint32Array;
}

interface ProductState {
  state: ComponentState | null;
  lastBreach: number;
}

/** The level a window's figures reach (the highest), or null. Pure. */
export function levelOf(p: PassiveAvailabilityPolicy, total: number, errors: number): ComponentState | null {
  if (total < p.minCalls || total === 0) return null;
  const share = errors / total;
  let best: { errorShare: number; state: ComponentState } | undefined;
  for (const l of p.levels) if (share >= l.errorShare && (!best || l.errorShare > best.errorShare)) best = l;
  return best?.state ?? null;
}

export class PassiveAvailability implements GatewayPlugin {
  readonly name = 'passive-availability';
  private readonly windows = new Map<string, Window>();
  private readonly states = new Map<string, ProductState>();
  /** product → component ids */
  private readonly components = new Map<string, string[]>();
  private readonly bucketMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: AppContext) {
    const p = ctx.policy.policy.passiveAvailability;
    this.bucketMs = Math.max(250, Math.floor(((p?.windowSeconds ?? 60) * 1000) / BUCKETS));
    for (const c of componentCatalogue(ctx.policy.policy)) {
      if (!c.product) continue;
      const list = this.components.get(c.product) ?? [];
      list.push(c.id);
      this.components.set(c.product, list);
    }
  }

  get enabled(): boolean {
    return this.ctx.policy.policy.passiveAvailability !== undefined && this.components.size > 0;
  }

  async start(): Promise<this> {
    // Adopt the open gateway signals (a previous run's), so they end when traffic is healthy.
    const open = await this.ctx.db
      .select({ componentId: componentSignals.componentId, state: componentSignals.state })
      .from(componentSignals)
      .where(and(eq(componentSignals.source, GATEWAY_SIGNAL_SOURCE), eq(componentSignals.sourceRef, REF), isNull(componentSignals.endedAt)));
    const now = Date.now();
    for (const [product, ids] of this.components) {
      const o = open.find((s) => ids.includes(s.componentId));
      if (o) this.states.set(product, { state: o.state as ComponentState, lastBreach: now });
    }
    this.timer = setInterval(() => void this.tick(), this.bucketMs);
    this.timer.unref?.();
    return this;
  }

  done(st: CallState | undefined, rec: CallRecord): void {
    if (!st || st.env !== 'production') return;
    let error: boolean;
    if (rec.refusal) {
      if (!UPSTREAM_FAILURES.has(rec.refusal)) return;
      error = true;
    } else error = rec.status >= 500;
    const product = st.product.key;
    let w = this.windows.get(product);
    if (!w) this.windows.set(product, (w = { epoch: new Float64Array(BUCKETS).fill(-1), total: new Uint32Array(BUCKETS), errors: new Uint32Array(BUCKETS) }));
    const idx = Math.floor(rec.at / this.bucketMs);
    const slot = idx % BUCKETS;
    if (w.epoch[slot] !== idx) {
      w.epoch[slot] = idx;
      w.total[slot] = 0;
      w.errors[slot] = 0;
    }
    w.total[slot]++;
    if (error) w.errors[slot]++;
  }

  /** The window's figures for a product now (calls, errors). */
  figures(product: string, now = Date.now()): { total: number; errors: number } {
    const w = this.windows.get(product);
    let total = 0;
    let errors = 0;
    if (!w) return { total, errors };
    const idx = Math.floor(now / this.bucketMs);
    for (let i = 0; i < BUCKETS; i++) {
      if (w.epoch[i] > idx - BUCKETS && w.epoch[i] <= idx) {
        total += w.total[i];
        errors += w.errors[i];
      }
    }
    return { total, errors };
  }

  /** Evaluates every product and writes the changes (serialised; off the hot path). */
  tick(now = Date.now()): Promise<void> {
    this.running = this.running.then(() => this.evaluate(now)).catch((e) => this.ctx.log.error({ err: e }, 'gateway: passive availability signal failed'));
    return this.running;
  }

  private async evaluate(now: number): Promise<void> {
    const p = this.ctx.policy.policy.passiveAvailability;
    if (!p) return;
    for (const [product, ids] of this.components) {
      const { total, errors } = this.figures(product, now);
      const level = levelOf(p, total, errors);
      const cur = this.states.get(product) ?? { state: null, lastBreach: 0 };
      let next = cur.state;
      if (level) {
        cur.lastBreach = now;
        next = level;
      } else if (cur.state && now - cur.lastBreach >= p.clearAfterSeconds * 1000) next = null;
      if (next === cur.state) {
        this.states.set(product, cur);
        continue;
      }
      const note = next ? `${errors} of ${total} production calls failed (5xx, timeout or unreachable) in the last ${p.windowSeconds} s` : null;
      await this.ctx.db.transaction(async (tx) => {
        for (const componentId of ids) {
          await setSignal(tx, this.ctx, { componentId, source: GATEWAY_SIGNAL_SOURCE, ref: REF, state: next, at: new Date(now), note });
        }
      });
      this.states.set(product, { state: next, lastBreach: cur.lastBreach });
      this.ctx.log.info({ product, state: next ?? 'ended', total, errors }, 'gateway: passive availability signal');
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
