/**
 * Availability figures of the policy's components (S-2.3.1, S-2.4.1): the state history (signals.ts), the
 * maintenance announced in time (maintenance.ts) and each component class's operating window, weights and target,
 * through the pure engine (src/kernel/availability). Recomputed on every call — nothing is stored, so a corrected
 * history or policy shows at once.
 */
import { DateTime } from 'luxon';
import {
  REPORT_ZONE,
  monthAvailability,
  monthDays,
  parseMonth,
  prepare,
  rollingAvailability,
  type DayFigure,
  type StateWeights,
} from '../../kernel/availability/index.ts';
import { and, asc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { problems } from '../../platform/http/problem.ts';
import { componentCatalogue, findComponent, type CatalogueComponent, type ComponentState } from './catalogue.ts';
import { excludedMaintenance, type ComponentMaintenance, type CountedMaintenance, type MaintenanceWindow } from './maintenance.ts';
import type { ComponentDetail, ComponentView, DailyReportView, MonthReportView } from './schemas.ts';
import { currentStates, stateIntervals, type CurrentState } from './signals.ts';
import { componentStates } from './tables.ts';

export type { DayFigure };

export interface ComponentMonth {
  componentId: string;
  month: string;
  target: number;
  windowMs: number;
  excludedMs: number;
  downMs: number;
  /** Percent; null when nothing of the window is left to count. */
  availability: number | null;
  budgetMs: number;
  budgetLeftMs: number;
  met: boolean | null;
  days: DayFigure[];
  clauses: string[];
  /** Maintenance inside the window that no announced window covers (part of downMs). */
  countedMaintenanceMs: number;
  /** The month is over: the figures are final. */
  complete: boolean;
  /** Calendar of the operating window. */
  operatingWindow: string;
  maintenance: { excluded: MaintenanceWindow[]; counted: CountedMaintenance[] };
}

export interface MonthReport {
  month: string;
  /** ISO instants of the month's first local midnight and the next month's (Europe/Oslo). */
  from: string;
  to: string;
  components: ComponentMonth[];
}

function selected(ctx: AppContext, ids?: readonly string[]): CatalogueComponent[] {
  const all = componentCatalogue(ctx.policy.policy);
  if (!ids) return all;
  const want = new Set(ids);
  return all.filter((c) => want.has(c.id));
}

function calendarOf(ctx: AppContext, c: CatalogueComponent) {
  const cal = ctx.policy.calendar(c.operatingWindow);
  if (!cal) throw new Error(`component ${c.id}: no calendar "${c.operatingWindow}" in the policy`);
  return cal;
}

const noMaintenance: ComponentMaintenance = { excluded: [], counted: [] };

/** Monthly availability (Oslo calendar month "YYYY-MM") of every component (or those given), in catalogue order. */
export async function availabilityMonth(ctx: AppContext, month: string, opts: { componentIds?: string[]; now?: Date } = {}): Promise<MonthReport> {
  if (!parseMonth(month)) throw new RangeError(`invalid month ${JSON.stringify(month)}: expected "YYYY-MM"`);
  const now = opts.now ?? new Date();
  const comps = selected(ctx, opts.componentIds);
  const { from, to } = monthDays(month);
  const ids = comps.map((c) => c.id);
  const [intervals, maintenance] = await Promise.all([
    stateIntervals(ctx.db, ids, new Date(from), new Date(to)),
    excludedMaintenance(ctx.db, ctx.policy.policy, ids, new Date(from), new Date(to), now),
  ]);
  const components = comps.map((c): ComponentMonth => {
    const m = maintenance.get(c.id) ?? noMaintenance;
    const fig = monthAvailability(
      {
        calendar: calendarOf(ctx, c),
        intervals: intervals.get(c.id) ?? [],
        excluded: m.excluded,
        weights: c.stateWeights as StateWeights,
        target: c.target,
        now: now.getTime(),
      },
      month,
    );
    return {
      componentId: c.id,
      month,
      target: c.target,
      windowMs: fig.windowMs,
      excludedMs: fig.excludedMs,
      downMs: fig.downMs,
      availability: fig.availability,
      budgetMs: fig.budgetMs,
      budgetLeftMs: fig.budgetLeftMs,
      met: fig.met,
      days: fig.days,
      clauses: c.clauses,
      countedMaintenanceMs: fig.countedMaintenanceMs,
      complete: fig.complete,
      operatingWindow: c.operatingWindow,
      maintenance: m,
    };
  });
  return { month, from: new Date(from).toISOString(), to: new Date(to).toISOString(), components };
}

/** Start of the first of the last `days` Oslo days up to today (the local date of now). */
export function rollingStart(now: Date, days: number): Date {
  return DateTime.fromJSDate(now, { zone: REPORT_ZONE }).startOf('day').minus({ days: days - 1 }).toJSDate();
}

/** Per-day availability over the last `days` Oslo days (today included, counted up to now), oldest first. */
export async function dailyAvailability(ctx: AppContext, opts: { componentIds?: string[]; days: number; now?: Date }): Promise<Map<string, DayFigure[]>> {
  if (!Number.isInteger(opts.days) || opts.days < 1) throw new RangeError(`days must be a positive integer, got ${opts.days}`);
  const now = opts.now ?? new Date();
  const comps = selected(ctx, opts.componentIds);
  const ids = comps.map((c) => c.id);
  const from = rollingStart(now, opts.days);
  const [intervals, maintenance] = await Promise.all([
    stateIntervals(ctx.db, ids, from, now),
    excludedMaintenance(ctx.db, ctx.policy.policy, ids, from, now, now),
  ]);
  const out = new Map<string, DayFigure[]>();
  for (const c of comps) {
    const p = prepare({
      calendar: calendarOf(ctx, c),
      intervals: intervals.get(c.id) ?? [],
      excluded: (maintenance.get(c.id) ?? noMaintenance).excluded,
      weights: c.stateWeights as StateWeights,
      target: c.target,
      now: now.getTime(),
    });
    out.set(c.id, rollingAvailability(p, opts.days).days);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ API views

/** Aggregate of rolling days per component (what GET /availability/daily answers). */
export async function dailyReport(ctx: AppContext, opts: { componentIds?: string[]; days: number; now?: Date }): Promise<DailyReportView> {
  const now = opts.now ?? new Date();
  const byId = await dailyAvailability(ctx, { ...opts, now });
  const from = rollingStart(now, opts.days);
  const to = DateTime.fromJSDate(now, { zone: REPORT_ZONE }).startOf('day').plus({ days: 1 }).toJSDate();
  return {
    days: opts.days,
    from: from.toISOString(),
    to: to.toISOString(),
    components: selected(ctx, opts.componentIds).map((c) => {
      const days = byId.get(c.id) ?? [];
      let windowMs = 0;
      let excludedMs = 0;
      let downMs = 0;
      for (const d of days) {
        windowMs += d.windowMs;
        excludedMs += d.excludedMs;
        downMs += d.downMs;
      }
      const counted = windowMs - excludedMs;
      return { componentId: c.id, name: c.name, target: c.target, windowMs, excludedMs, downMs, availability: counted > 0 ? (100 * (counted - downMs)) / counted : null, days };
    }),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The monthly report as the API shows it: names, maintenance with ISO times, a summary. */
export async function monthReport(ctx: AppContext, month: string, opts: { componentIds?: string[]; now?: Date } = {}): Promise<MonthReportView> {
  const now = opts.now ?? new Date();
  const r = await availabilityMonth(ctx, month, { ...opts, now });
  const cat = new Map(componentCatalogue(ctx.policy.policy).map((c) => [c.id, c]));
  const components = r.components.map((m) => {
    const c = cat.get(m.componentId)!;
    const { maintenance, ...rest } = m;
    return {
      ...rest,
      name: c.name,
      group: c.group,
      className: c.className,
      maintenance: {
        excluded: maintenance.excluded.map((w) => ({ ...w, from: iso(w.from), to: iso(w.to) })),
        counted: maintenance.counted.map((w) => ({ ...w, from: iso(w.from), to: iso(w.to) })),
      },
    };
  });
  return {
    month: r.month,
    from: r.from,
    to: r.to,
    generatedAt: now.toISOString(),
    summary: {
      components: components.length,
      met: components.filter((c) => c.met === true).length,
      breached: components.filter((c) => c.met === false).length,
      noWindow: components.filter((c) => c.met === null).length,
    },
    components,
  };
}

const csvCell = (v: string | number | boolean | null) => {
  let s = v === null ? '' : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`; // no formulas in spreadsheets
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const round = (x: number | null, digits: number) => (x === null ? null : Number(x.toFixed(digits)));
const minutes = (ms: number) => round(ms / 60_000, 2);

/** CSV of the monthly report: one row per component (detail "month") or per component and day ("day"). Times in minutes. */
export function availabilityCsv(r: MonthReportView, detail: 'month' | 'day' = 'month'): string {
  const lines: string[] = [];
  if (detail === 'day') {
    lines.push(['date', 'component', 'name', 'operating_window', 'target_percent', 'window_minutes', 'excluded_minutes', 'down_minutes', 'availability_percent', 'worst_state'].join(','));
    for (const c of r.components) {
      for (const d of c.days) {
        lines.push([d.date, c.componentId, c.name.nb, c.operatingWindow, c.target, minutes(d.windowMs), minutes(d.excludedMs), minutes(d.downMs), round(d.availability, 4), d.worst].map(csvCell).join(','));
      }
    }
  } else {
    lines.push(
      ['month', 'component', 'name', 'group', 'operating_window', 'target_percent', 'window_minutes', 'excluded_minutes', 'down_minutes', 'counted_maintenance_minutes', 'availability_percent', 'budget_minutes', 'budget_left_minutes', 'met', 'complete', 'clauses'].join(','),
    );
    for (const c of r.components) {
      lines.push(
        [
          r.month,
          c.componentId,
          c.name.nb,
          c.group,
          c.operatingWindow,
          c.target,
          minutes(c.windowMs),
          minutes(c.excludedMs),
          minutes(c.downMs),
          minutes(c.countedMaintenanceMs),
          round(c.availability, 4),
          minutes(c.budgetMs),
          minutes(c.budgetLeftMs),
          c.met === null ? '' : c.met ? 'met' : 'breached',
          c.complete,
          c.clauses.join(' '),
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return lines.join('\r\n') + '\r\n';
}

function view(c: CatalogueComponent, s: CurrentState | undefined): ComponentView {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    group: c.group,
    groupName: c.groupName,
    classKey: c.classKey,
    className: c.className,
    operatingWindow: c.operatingWindow,
    target: c.target,
    stateWeights: c.stateWeights,
    maintenanceInsideWindow: c.maintenanceInsideWindow,
    product: c.product,
    docs: c.docs,
    clauses: c.clauses,
    state: s?.state ?? 'operational',
    since: s?.since ? s.since.toISOString() : null,
    causes: s?.causes ?? [],
  };
}

/** The catalogue with each component's current state (S-3.1). */
export async function listComponents(ctx: AppContext) {
  const states = await currentStates(ctx.db);
  const policy = ctx.policy.policy;
  const items = componentCatalogue(policy).map((c) => view(c, states.get(c.id)));
  const seen = new Set<string>();
  const groups = [];
  for (const c of componentCatalogue(policy)) {
    if (seen.has(c.group)) continue;
    seen.add(c.group);
    groups.push({ key: c.group, name: c.groupName, description: policy.componentGroups?.[c.group]?.description ?? null });
  }
  return { groups, items };
}

/** One component with its effective-state history in [from, to) (default: the last 30 days). */
export async function getComponent(ctx: AppContext, id: string, range: { from?: string; to?: string } = {}, now = new Date()): Promise<ComponentDetail> {
  const c = findComponent(ctx.policy.policy, id);
  if (!c) throw problems.notFound(`Component ${id}`);
  const to = range.to ? new Date(range.to) : now;
  const from = range.from ? new Date(range.from) : new Date(to.getTime() - 30 * 24 * 3600_000);
  if (!(to > from)) throw problems.invalidField('querystring.from', 'must be before to');
  if (to.getTime() - from.getTime() > 400 * 24 * 3600_000) throw problems.invalidField('querystring.from', 'at most 400 days of history at a time');
  const states = await currentStates(ctx.db);
  const rows = await ctx.db
    .select()
    .from(componentStates)
    .where(and(eq(componentStates.componentId, id), lt(componentStates.startedAt, to), or(isNull(componentStates.endedAt), gt(componentStates.endedAt, from))))
    .orderBy(asc(componentStates.startedAt));
  return {
    ...view(c, states.get(id)),
    history: {
      from: from.toISOString(),
      to: to.toISOString(),
      items: rows.map((r) => ({ state: r.state as ComponentState, from: r.startedAt.toISOString(), to: r.endedAt ? r.endedAt.toISOString() : null, causes: r.causes })),
    },
  };
}
