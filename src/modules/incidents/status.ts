/**
 * Incidents on the status page (T-3.1.1, S-2.3.1). An incident is *published* once it has a public update (a note
 * or state message with visibility "public"); only published incidents and only their public updates leave
 * Samsvar. An open incident with an `impact` puts that state on its components as a component signal (source
 * "incident"), which is how operators' knowledge reaches the availability figures; resolving it ends the signal.
 */
import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { ComponentState } from '../../kernel/policy/schema.ts';
import { notifyChange } from '../../platform/changes/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { componentSignals } from '../components/tables.ts';
import { setSignal } from '../components/signals.ts';
import { INCIDENT_IMPACTS, OPEN_STATES, type IncidentImpact, type IncidentState } from './states.ts';

export { INCIDENT_IMPACTS, type IncidentImpact };
import { incidentEvents, incidents } from './tables.ts';


/** Statuspage's incident statuses. */
export type PublicStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';

export function publicStatus(state: string): PublicStatus {
  if (state === 'identified' || state === 'monitoring') return state;
  if (state === 'resolved' || state === 'closed') return 'resolved';
  return 'investigating';
}

export interface PublicUpdate {
  id: string;
  at: Date;
  body: string;
  /** The public status at the time of the update. */
  status: PublicStatus;
}

export interface PublicIncident {
  id: string;
  ref: string;
  title: string;
  category: string;
  impact: ComponentState | null;
  state: IncidentState;
  status: PublicStatus;
  components: string[];
  reportedAt: Date;
  resolvedAt: Date | null;
  updatedAt: Date;
  /** Newest first. */
  updates: PublicUpdate[];
}

type Row = typeof incidents.$inferSelect;

/** The public view of incidents with at least one public update, newest report first. */
export async function publicIncidents(db: DbOrTx, opts: { open?: boolean; since?: Date; limit?: number; ids?: string[] } = {}): Promise<PublicIncident[]> {
  const conds = [sql`exists (select 1 from incident_events e where e.incident_id = ${incidents.id} and e.visibility = 'public' and e.body is not null)`];
  if (opts.open) conds.push(inArray(incidents.state, [...OPEN_STATES]));
  if (opts.since) conds.push(sql`coalesce(${incidents.resolvedAt}, now()) >= ${opts.since.toISOString()}`);
  if (opts.ids) conds.push(inArray(incidents.id, opts.ids.length ? opts.ids : ['00000000-0000-0000-0000-000000000000']));
  const rows = await db
    .select()
    .from(incidents)
    .where(and(...conds))
    .orderBy(desc(incidents.reportedAt))
    .limit(opts.limit ?? 200);
  if (rows.length === 0) return [];
  const events = await db
    .select({ id: incidentEvents.id, incidentId: incidentEvents.incidentId, at: incidentEvents.at, type: incidentEvents.type, data: incidentEvents.data, body: incidentEvents.body, visibility: incidentEvents.visibility })
    .from(incidentEvents)
    .where(inArray(incidentEvents.incidentId, rows.map((r) => r.id)))
    .orderBy(incidentEvents.at, incidentEvents.id);
  const byIncident = new Map<string, typeof events>();
  for (const e of events) {
    const list = byIncident.get(e.incidentId) ?? [];
    list.push(e);
    byIncident.set(e.incidentId, list);
  }
  return rows.map((r) => present(r, byIncident.get(r.id) ?? []));
}

function present(r: Row, events: { id: number; at: Date; type: string; data: unknown; body: string | null; visibility: string }[]): PublicIncident {
  let state: string = 'new';
  const updates: PublicUpdate[] = [];
  for (const e of events) {
    if (e.type === 'state') state = String((e.data as { to?: string })?.to ?? state);
    if (e.visibility === 'public' && e.body) updates.push({ id: String(e.id), at: e.at, body: e.body, status: publicStatus(state) });
  }
  updates.reverse();
  return {
    id: r.id,
    ref: r.ref,
    title: r.title,
    category: r.category,
    impact: (r.impact as ComponentState | null) ?? null,
    state: r.state as IncidentState,
    status: publicStatus(r.state),
    components: r.components,
    reportedAt: r.reportedAt,
    resolvedAt: r.resolvedAt,
    updatedAt: r.updatedAt,
    updates,
  };
}

/**
 * After a change of an incident (inside its transaction): brings the component signals in line with the incident
 * (impact on its components while open) and, if the incident is published and something public changed, publishes
 * `no.samsvar.status.incident` and wakes the status page.
 */
export async function syncIncidentStatus(ctx: AppContext, tx: DbOrTx, incidentId: string, opts: { publicChange: boolean; at?: Date }): Promise<void> {
  const [inc] = await tx.select().from(incidents).where(eq(incidents.id, incidentId));
  if (!inc) return;
  const at = opts.at ?? new Date();
  const open = OPEN_STATES.includes(inc.state as IncidentState);
  const want = new Map<string, ComponentState>();
  if (open && inc.impact) for (const c of inc.components) want.set(c, inc.impact as ComponentState);
  const current = await tx
    .select({ componentId: componentSignals.componentId, state: componentSignals.state })
    .from(componentSignals)
    .where(and(eq(componentSignals.source, 'incident'), eq(componentSignals.sourceRef, inc.id), sql`${componentSignals.endedAt} is null`));
  let signalled = false;
  for (const c of current) {
    if (!want.has(c.componentId)) {
      await setSignal(tx, ctx, { componentId: c.componentId, source: 'incident', ref: inc.id, state: null, at });
      signalled = true;
    }
  }
  for (const [componentId, state] of want) {
    const had = current.find((c) => c.componentId === componentId);
    if (had?.state === state) continue;
    await setSignal(tx, ctx, { componentId, source: 'incident', ref: inc.id, state, at, note: inc.ref });
    signalled = true;
  }
  if (!opts.publicChange && !signalled) return;
  const [view] = await publicIncidents(tx, { ids: [inc.id] });
  if (!view) return;
  await publishEvent(tx, ctx, {
    type: 'no.samsvar.status.incident',
    resource: `urn:samsvar:incident:${inc.id}`,
    subject: inc.ref,
    source: `/status/incidents/${inc.ref}`,
    visibility: 'public',
    time: at,
    data: { incident: view },
  });
  await notifyChange(tx, 'status', inc.ref);
}

/** Incidents with a public update, for tests and the snapshot's "published" check. */
export async function isPublished(db: DbOrTx, incidentId: string): Promise<boolean> {
  const rows = await db
    .select({ id: incidentEvents.id })
    .from(incidentEvents)
    .where(and(eq(incidentEvents.incidentId, incidentId), eq(incidentEvents.visibility, 'public'), isNotNull(incidentEvents.body)))
    .limit(1);
  return rows.length > 0;
}
