/**
 * Which maintenance leaves the availability window (S-2.3.1, S-2.3.2, S-2.3.5, S-2.4.1, S-2.4.2, S-2.4.4, T-3.1).
 *
 * A notice excludes time from a component's window when
 *   - its impact is `under_maintenance` and it is not cancelled,
 *   - the component's class has `maintenance.excludedFromAvailability` and the notice's class applies to that
 *     component class (`appliesTo` names it; a class without `appliesTo` is not tied to components, e.g. newService),
 *   - it was announced in time (`late = false`) — or, for a class that `requiresIncident` (emergency changes), it is
 *     linked to the A/B incident it fixes (S-2.3.5). An emergency change without its incident excludes nothing.
 * The excluded window is the announced window [starts_at, ends_at] intersected with what actually ran
 * [started_at, completed_at, or now while it runs]. Work that starts before the announced start, or runs past the
 * announced end (an overrun), was not announced for that time: it is NOT excluded and counts as downtime wherever the
 * component was under_maintenance (or down) inside its window. A notice without an announced end excludes until it
 * completes.
 *
 * Besides the excluded windows this returns the maintenance that counts ("late maintenance" in the report): whole
 * notices that do not qualify (late, emergency without incident, class not excluded, cancelled after starting) and
 * the early and overrun parts of those that do.
 */
import { and, arrayOverlaps, eq, isNotNull, isNull, lt, or, gt } from 'drizzle-orm';
import type { Policy } from '../../kernel/policy/schema.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { notices } from '../notices/tables.ts';
import { componentCatalogue } from './catalogue.ts';

/** Why maintenance time counts as downtime. */
export const COUNTED_REASONS = ['late', 'noIncident', 'notExcludedClass', 'cancelled', 'early', 'overrun'] as const;
export type CountedReason = (typeof COUNTED_REASONS)[number];

export interface MaintenanceWindow {
  noticeId: string;
  ref: string;
  noticeClass: string;
  title: string;
  /** Epoch ms, clipped to the period asked for. */
  from: number;
  to: number;
}

export interface CountedMaintenance extends MaintenanceWindow {
  reason: CountedReason;
}

export interface ComponentMaintenance {
  /** Time removed from the window (announced in time, as it actually ran). */
  excluded: MaintenanceWindow[];
  /** Maintenance that ran but is not excluded: it counts wherever it made the component unavailable. */
  counted: CountedMaintenance[];
}

/**
 * Excluded and counted maintenance of the given components in [from, to), never beyond `now`. Every id asked for
 * is in the result (empty lists when none).
 */
export async function excludedMaintenance(
  db: DbOrTx,
  policy: Policy,
  componentIds: readonly string[],
  from: Date,
  to: Date,
  now: Date = new Date(),
): Promise<Map<string, ComponentMaintenance>> {
  const out = new Map<string, ComponentMaintenance>(componentIds.map((id) => [id, { excluded: [], counted: [] }]));
  if (componentIds.length === 0) return out;
  const end = Math.min(to.getTime(), now.getTime());
  const start = from.getTime();
  if (!(end > start)) return out;
  const rows = await db
    .select({
      id: notices.id,
      ref: notices.ref,
      noticeClass: notices.noticeClass,
      title: notices.title,
      state: notices.state,
      components: notices.components,
      startsAt: notices.startsAt,
      endsAt: notices.endsAt,
      startedAt: notices.startedAt,
      completedAt: notices.completedAt,
      cancelledAt: notices.cancelledAt,
      late: notices.late,
      incidentId: notices.incidentId,
    })
    .from(notices)
    .where(
      and(
        eq(notices.impact, 'under_maintenance'),
        arrayOverlaps(notices.components, [...componentIds]),
        isNotNull(notices.startedAt),
        lt(notices.startedAt, new Date(end)),
        or(isNull(notices.completedAt), gt(notices.completedAt, from)),
      ),
    )
    .orderBy(notices.startedAt);

  const classes = new Map(componentCatalogue(policy).map((c) => [c.id, c]));
  for (const n of rows) {
    const ran: [number, number] = [n.startedAt!.getTime(), (n.completedAt ?? n.cancelledAt ?? now).getTime()];
    const announced: [number, number] = [n.startsAt.getTime(), n.endsAt ? n.endsAt.getTime() : Number.POSITIVE_INFINITY];
    const cls = policy.noticeClasses[n.noticeClass];
    const cancelled = n.state === 'cancelled' || n.cancelledAt !== null;
    const base = { noticeId: n.id, ref: n.ref, noticeClass: n.noticeClass, title: n.title };
    const clip = (a: number, b: number): [number, number] | null => {
      const x = Math.max(a, start);
      const y = Math.min(b, end);
      return y > x ? [x, y] : null;
    };
    for (const componentId of n.components) {
      const target = out.get(componentId);
      if (!target) continue;
      const comp = classes.get(componentId);
      let reason: CountedReason | null = null;
      if (cancelled) reason = 'cancelled';
      else if (!comp || !cls || !comp.maintenanceExcluded || !cls.appliesTo?.includes(comp.classKey)) reason = 'notExcludedClass';
      else if (cls.requiresIncident) reason = n.incidentId ? null : 'noIncident';
      else if (n.late) reason = 'late';
      if (reason) {
        const w = clip(ran[0], ran[1]);
        if (w) target.counted.push({ ...base, from: w[0], to: w[1], reason });
        continue;
      }
      const ex = clip(Math.max(ran[0], announced[0]), Math.min(ran[1], announced[1]));
      if (ex) target.excluded.push({ ...base, from: ex[0], to: ex[1] });
      const early = clip(ran[0], Math.min(ran[1], announced[0]));
      if (early) target.counted.push({ ...base, from: early[0], to: early[1], reason: 'early' });
      const over = clip(Math.max(ran[0], announced[1]), ran[1]);
      if (over) target.counted.push({ ...base, from: over[0], to: over[1], reason: 'overrun' });
    }
  }
  return out;
}
