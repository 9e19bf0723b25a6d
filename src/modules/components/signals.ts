/**
 * Signals and effective component state. A source (monitor, incident, maintenance, operator, gateway — any
 * lower-case word, so later sources plug in without changes here) calls `setSignal` inside its own transaction;
 * this closes or opens the source's signal, derives the component's effective state from all open signals, and
 * when that changes closes the open interval in `component_states`, opens the next one, publishes the public event
 * `no.samsvar.status.component` and notifies the "status" change topic (the status page republishes its snapshot).
 * A per-component advisory lock serialises concurrent writers.
 */
import { and, asc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { notifyChange } from '../../platform/changes/index.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { publishEvent, type PublishEnv } from '../../platform/events/index.ts';
import { COMPONENT_STATES, effectiveState, type ComponentState } from './catalogue.ts';
import { componentSignals, componentStates } from './tables.ts';

export const SOURCE_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

export interface SignalInput {
  componentId: string;
  /** monitor | incident | maintenance | operator | gateway | … */
  source: string;
  /** The source's own id; "" for a singleton source. */
  ref?: string;
  /** The state the source now says; null ends the source's signal. */
  state: ComponentState | null;
  /** When (default now); clamped so history is never rewritten before the open interval. */
  at?: Date;
  note?: string | null;
  userId?: string | null;
}

export interface SignalResult {
  /** The effective state after the call. */
  state: ComponentState;
  previous: ComponentState;
  changed: boolean;
}

export interface Cause {
  source: string;
  ref: string;
  state: string;
}

async function lockComponent(tx: DbOrTx, componentId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'component:' + componentId}))`);
}

/** Sets (or ends) one source's signal on a component and updates the effective state. Call inside a transaction. */
export async function setSignal(tx: DbOrTx, env: PublishEnv, input: SignalInput): Promise<SignalResult> {
  if (!SOURCE_PATTERN.test(input.source)) throw new Error(`invalid signal source "${input.source}"`);
  if (input.state !== null && !COMPONENT_STATES.includes(input.state)) throw new Error(`invalid component state "${input.state}"`);
  const ref = input.ref ?? '';
  const at = input.at ?? new Date();
  await lockComponent(tx, input.componentId);

  const [open] = await tx
    .select()
    .from(componentSignals)
    .where(
      and(
        eq(componentSignals.componentId, input.componentId),
        eq(componentSignals.source, input.source),
        eq(componentSignals.sourceRef, ref),
        isNull(componentSignals.endedAt),
      ),
    );
  if (open && open.state === input.state) {
    const current = await openState(tx, input.componentId);
    return { state: current, previous: current, changed: false };
  }
  if (open) {
    const end = at < open.startedAt ? open.startedAt : at;
    await tx.update(componentSignals).set({ endedAt: end }).where(eq(componentSignals.id, open.id));
  }
  if (input.state !== null) {
    await tx.insert(componentSignals).values({
      componentId: input.componentId,
      source: input.source,
      sourceRef: ref,
      state: input.state,
      startedAt: at,
      note: input.note ?? null,
      createdBy: input.userId ?? null,
    });
  }
  return recompute(tx, env, input.componentId, at);
}

async function openState(tx: DbOrTx, componentId: string): Promise<ComponentState> {
  const [row] = await tx
    .select({ state: componentStates.state })
    .from(componentStates)
    .where(and(eq(componentStates.componentId, componentId), isNull(componentStates.endedAt)));
  return (row?.state as ComponentState) ?? 'operational';
}

/** Derives the effective state from the open signals and records a change. The component must be locked. */
async function recompute(tx: DbOrTx, env: PublishEnv, componentId: string, at: Date): Promise<SignalResult> {
  const signals = await tx
    .select({ source: componentSignals.source, ref: componentSignals.sourceRef, state: componentSignals.state })
    .from(componentSignals)
    .where(and(eq(componentSignals.componentId, componentId), isNull(componentSignals.endedAt)))
    .orderBy(asc(componentSignals.startedAt));
  const state = effectiveState(signals.map((s) => s.state as ComponentState));
  const causes: Cause[] = signals.filter((s) => s.state !== 'operational').map((s) => ({ source: s.source, ref: s.ref, state: s.state }));
  const [current] = await tx
    .select()
    .from(componentStates)
    .where(and(eq(componentStates.componentId, componentId), isNull(componentStates.endedAt)));
  const previous = (current?.state as ComponentState | undefined) ?? 'operational';
  if (current && current.state === state) {
    if (JSON.stringify(current.causes) !== JSON.stringify(causes)) {
      await tx.update(componentStates).set({ causes }).where(eq(componentStates.id, current.id));
    }
    return { state, previous, changed: false };
  }
  if (!current && state === 'operational') {
    // No history yet and nothing wrong: start the record now, so "operational since" has a time.
    await tx.insert(componentStates).values({ componentId, state, startedAt: at, causes });
    return { state, previous, changed: false };
  }
  let start = at;
  if (current) {
    if (start < current.startedAt) start = current.startedAt;
    await tx.update(componentStates).set({ endedAt: start }).where(eq(componentStates.id, current.id));
  }
  await tx.insert(componentStates).values({ componentId, state, startedAt: start, causes });
  await publishEvent(tx, env, {
    type: 'no.samsvar.status.component',
    resource: `urn:samsvar:component:${componentId}`,
    subject: componentId,
    source: `/status/components/${componentId}`,
    visibility: 'public',
    time: start,
    data: { component: componentId, state, previous, since: start.toISOString(), causes },
  });
  await notifyChange(tx, 'status', componentId);
  return { state, previous, changed: true };
}

/** Ends every open signal of a source (e.g. a deleted monitor, a resolved incident) on all its components. */
export async function endSignals(tx: DbOrTx, env: PublishEnv, source: string, ref: string, at = new Date()): Promise<void> {
  const open = await tx
    .select({ componentId: componentSignals.componentId })
    .from(componentSignals)
    .where(and(eq(componentSignals.source, source), eq(componentSignals.sourceRef, ref), isNull(componentSignals.endedAt)));
  for (const o of open) await setSignal(tx, env, { componentId: o.componentId, source, ref, state: null, at });
}

export interface CurrentState {
  componentId: string;
  state: ComponentState;
  since: Date | null;
  causes: Cause[];
}

/** The effective state of every component that has a record (others are operational). */
export async function currentStates(db: DbOrTx): Promise<Map<string, CurrentState>> {
  const rows = await db.select().from(componentStates).where(isNull(componentStates.endedAt));
  return new Map(
    rows.map((r) => [r.componentId, { componentId: r.componentId, state: r.state as ComponentState, since: r.startedAt, causes: r.causes }]),
  );
}

export interface StateInterval {
  state: ComponentState;
  /** Epoch ms. */
  from: number;
  /** Epoch ms; null while open. */
  to: number | null;
}

/**
 * Effective-state intervals of the given components overlapping [from, to), oldest first, as epoch ms — the
 * availability engine's input. Components without rows get an empty list (operational throughout).
 */
export async function stateIntervals(db: DbOrTx, componentIds: readonly string[], from: Date, to: Date): Promise<Map<string, StateInterval[]>> {
  const out = new Map<string, StateInterval[]>(componentIds.map((id) => [id, []]));
  if (componentIds.length === 0) return out;
  const rows = await db
    .select({ componentId: componentStates.componentId, state: componentStates.state, startedAt: componentStates.startedAt, endedAt: componentStates.endedAt })
    .from(componentStates)
    .where(
      and(
        inArray(componentStates.componentId, [...componentIds]),
        lt(componentStates.startedAt, to),
        or(isNull(componentStates.endedAt), gt(componentStates.endedAt, from)),
      ),
    )
    .orderBy(asc(componentStates.componentId), asc(componentStates.startedAt));
  for (const r of rows) {
    out.get(r.componentId)?.push({ state: r.state as ComponentState, from: r.startedAt.getTime(), to: r.endedAt ? r.endedAt.getTime() : null });
  }
  return out;
}
