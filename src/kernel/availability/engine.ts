/**
 * Availability of one component, time-weighted inside its operating window (S-2.3.1, S-2.4.1). Pure: a function of
 * the state history, the announced maintenance windows, the calendar, the weights and `now`.
 *
 *   window    = open time of the component's operating-window calendar in the period, up to `now`
 *   excluded  = window time covered by an excluded (announced-in-time) maintenance window, plus time in a state
 *               whose weight is "excluded" (except under_maintenance, see below)
 *   down      = Σ (1 − weight(state)) × duration over the rest of the window
 *   availability % = 100 × (window − excluded − down) / (window − excluded), null when nothing is left to count
 *   budget    = (1 − target / 100) × (window − excluded); budgetLeft = budget − down; met = availability ≥ target
 *
 * under_maintenance with the weight "excluded" is excluded only where an excluded window covers it. Outside one
 * (maintenance that was announced late or not at all, or that ran past its announced end) it counts as down
 * (weight 0): the agreement removes *planned* maintenance from the window, not any time someone calls maintenance.
 *
 * Periods are local calendar months and days in Europe/Oslo, so a month has 743 h (March, spring forward) or 745 h
 * (October, fall back) of a 24/7 window. Time after `now` never counts.
 */
import { COMPONENT_STATES, type ComponentState } from '../policy/schema.ts';
import type { WorkCalendar } from '../worktime/index.ts';
import { REPORT_ZONE, addMonths, buildMonthWindow, monthOf, monthWindow, type MonthWindow } from './windows.ts';
import { DateTime } from 'luxon';

export type StateWeight = number | 'excluded';
export type StateWeights = Readonly<Record<ComponentState, StateWeight>>;

/** One interval of effective state; gaps between intervals are operational. */
export interface StateInterval {
  state: ComponentState;
  /** Epoch ms. */
  from: number;
  /** Epoch ms; null while open. */
  to: number | null;
}

/** A window removed from the operating window (maintenance announced in time). */
export interface ExcludedWindow {
  from: number;
  to: number;
}

export interface AvailabilityInput {
  calendar: WorkCalendar;
  /** Effective-state intervals sorted by `from`, not overlapping (an overlap is cut at the earlier one's end). */
  intervals: readonly StateInterval[];
  /** Excluded windows, any order; overlaps are merged. */
  excluded?: readonly ExcludedWindow[];
  weights: StateWeights;
  /** Target in percent, e.g. 99.9. */
  target: number;
  /** Epoch ms; nothing after it counts. */
  now: number;
}

export interface EngineOptions {
  /** Zone of the months and days (default Europe/Oslo). */
  zone?: string;
  /** Reuse the calendar's month windows across components (default true; the benchmark turns it off). */
  cache?: boolean;
}

/** One local day. */
export interface DayFigure {
  /** "YYYY-MM-DD". */
  date: string;
  windowMs: number;
  excludedMs: number;
  downMs: number;
  /** Percent; null when the day has no window to count (closed, excluded, or not yet begun). */
  availability: number | null;
  /** Worst state seen inside the day's operating window (excluded maintenance included). */
  worst: ComponentState;
}

/** Figures of a period (a month, or N rolling days). */
export interface PeriodFigure {
  /** Epoch ms of the period's start and end (local midnights). */
  from: number;
  to: number;
  windowMs: number;
  excludedMs: number;
  downMs: number;
  /** Maintenance (under_maintenance) inside the window that no excluded window covers; part of downMs. */
  countedMaintenanceMs: number;
  availability: number | null;
  target: number;
  budgetMs: number;
  budgetLeftMs: number;
  met: boolean | null;
  /** True when the period ended before `now` (the figures are final). */
  complete: boolean;
  days: DayFigure[];
}

export interface MonthFigure extends PeriodFigure {
  month: string;
}

/**
 * Severity for a day's "worst state": major > partial > maintenance > degraded > operational. Maintenance ranks
 * above degraded performance (the service is, or may be, unavailable) and below outages (which the bar must show).
 */
export const WORST_ORDER: Readonly<Record<ComponentState, number>> = {
  operational: 0,
  degraded_performance: 1,
  under_maintenance: 2,
  partial_outage: 3,
  major_outage: 4,
};

const STATE_INDEX = new Map<ComponentState, number>(COMPONENT_STATES.map((s, i) => [s, i]));
const OPERATIONAL = STATE_INDEX.get('operational')!;
const MAINTENANCE = STATE_INDEX.get('under_maintenance')!;
const SEVERITY = Int8Array.from(COMPONENT_STATES.map((s) => WORST_ORDER[s]));
const BY_SEVERITY: ComponentState[] = [];
for (const s of COMPONENT_STATES) BY_SEVERITY[WORST_ORDER[s]] = s;

/** A prepared input: state intervals and excluded windows as flat arrays, reusable across periods. */
export interface Prepared {
  input: AvailabilityInput;
  sS: Float64Array;
  sE: Float64Array;
  sK: Int8Array;
  eS: Float64Array;
  eE: Float64Array;
  /** Weight per state index; −1 = excluded. under_maintenance "excluded" is 0 here (counted outside windows). */
  w: Float64Array;
}

function weightOf(weights: StateWeights, s: ComponentState): number {
  const w = weights[s];
  if (w === 'excluded') return s === 'under_maintenance' ? 0 : -1;
  if (typeof w !== 'number' || !(w >= 0 && w <= 1)) throw new RangeError(`state weight of ${s} must be 0–1 or "excluded", got ${String(w)}`);
  return w;
}

/** Validates and flattens an input (done once per component; every period reuses it). */
export function prepare(input: AvailabilityInput): Prepared {
  const n = input.intervals.length;
  const sS = new Float64Array(n);
  const sE = new Float64Array(n);
  const sK = new Int8Array(n);
  let m = 0;
  let prevFrom = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const iv = input.intervals[i];
    const k = STATE_INDEX.get(iv.state);
    if (k === undefined) throw new RangeError(`unknown component state ${JSON.stringify(iv.state)}`);
    const a = iv.from;
    const b = iv.to === null ? Number.POSITIVE_INFINITY : iv.to;
    if (!Number.isFinite(a) || Number.isNaN(b)) throw new RangeError(`state interval ${i}: invalid instant`);
    if (a < prevFrom) throw new RangeError(`state intervals must be sorted by start (interval ${i})`);
    prevFrom = a;
    if (b <= a) continue;
    // an overlap: the earlier interval ends where this one starts
    if (m > 0 && a < sE[m - 1]) {
      sE[m - 1] = a;
      if (sE[m - 1] <= sS[m - 1]) m--;
    }
    sS[m] = a;
    sE[m] = b;
    sK[m] = k;
    m++;
  }
  // merge excluded windows
  const ex = (input.excluded ?? []).filter((x) => x.to > x.from).slice().sort((x, y) => x.from - y.from);
  const es: number[] = [];
  const ee: number[] = [];
  for (const x of ex) {
    const last = es.length - 1;
    if (last >= 0 && x.from <= ee[last]) ee[last] = Math.max(ee[last], x.to);
    else {
      es.push(x.from);
      ee.push(x.to);
    }
  }
  const w = Float64Array.from(COMPONENT_STATES.map((s) => weightOf(input.weights, s)));
  if (!(input.target > 0 && input.target <= 100)) throw new RangeError(`target must be in (0, 100], got ${input.target}`);
  return { input, sS: sS.subarray(0, m), sE: sE.subarray(0, m), sK: sK.subarray(0, m), eS: Float64Array.from(es), eE: Float64Array.from(ee), w };
}

/** First index i with arr[i] > x (arr sorted ascending). */
function upperBound(arr: Float64Array, x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

interface DayAcc {
  window: Float64Array;
  excluded: Float64Array;
  down: Float64Array;
  maint: Float64Array;
  worst: Int8Array;
}

/** Sweeps one month window: per day, window, excluded, down, counted maintenance and the worst state. */
function sweep(p: Prepared, mw: MonthWindow, now: number): DayAcc {
  const nd = mw.dates.length;
  const acc: DayAcc = {
    window: new Float64Array(nd),
    excluded: new Float64Array(nd),
    down: new Float64Array(nd),
    maint: new Float64Array(nd),
    worst: new Int8Array(nd),
  };
  const { sS, sE, sK, eS, eE, w } = p;
  const sN = sS.length;
  const eN = eS.length;
  const ivS = mw.ivS;
  const ivE = mw.ivE;
  const ivDay = mw.ivDay;
  const nIv = ivS.length;
  if (nIv === 0 || ivS[0] >= now) return acc;
  // intervals ending after the month's first open instant
  let si = upperBound(sE, ivS[0]);
  let ei = upperBound(eE, ivS[0]);
  for (let i = 0; i < nIv; i++) {
    let x = ivS[i];
    if (x >= now) break;
    const b = ivE[i] < now ? ivE[i] : now;
    const d = ivDay[i];
    acc.window[d] += b - x;
    while (si < sN && sE[si] <= x) si++;
    while (ei < eN && eE[ei] <= x) ei++;
    let worst = acc.worst[d];
    while (x < b) {
      const inEx = ei < eN && eS[ei] <= x;
      const exEnd = inEx ? eE[ei] : ei < eN ? eS[ei] : Number.POSITIVE_INFINITY;
      let k: number;
      let stEnd: number;
      if (si < sN && sS[si] <= x) {
        k = sK[si];
        stEnd = sE[si];
      } else {
        k = OPERATIONAL;
        stEnd = si < sN ? sS[si] : Number.POSITIVE_INFINITY;
      }
      let y = b;
      if (exEnd < y) y = exEnd;
      if (stEnd < y) y = stEnd;
      const len = y - x;
      if (SEVERITY[k] > worst) worst = SEVERITY[k];
      if (inEx) acc.excluded[d] += len;
      else {
        const wk = w[k];
        if (wk < 0) acc.excluded[d] += len;
        else {
          if (wk < 1) acc.down[d] += (1 - wk) * len;
          if (k === MAINTENANCE) acc.maint[d] += len;
        }
      }
      x = y;
      if (inEx && x >= eE[ei]) ei++;
      if (si < sN && x >= sE[si]) si++;
    }
    acc.worst[d] = worst;
  }
  return acc;
}

function percent(windowMs: number, excludedMs: number, downMs: number): number | null {
  const counted = windowMs - excludedMs;
  if (!(counted > 0)) return null;
  const a = (100 * (counted - downMs)) / counted;
  return a < 0 ? 0 : a > 100 ? 100 : a;
}

/** Small tolerance for "availability ≥ target" against floating-point noise (far below a millisecond a month). */
const MET_EPSILON = 1e-9;

function total(days: DayFigure[], maint: number, target: number, from: number, to: number, now: number): PeriodFigure {
  let windowMs = 0;
  let excludedMs = 0;
  let downMs = 0;
  for (const d of days) {
    windowMs += d.windowMs;
    excludedMs += d.excludedMs;
    downMs += d.downMs;
  }
  const availability = percent(windowMs, excludedMs, downMs);
  const budgetMs = (1 - target / 100) * (windowMs - excludedMs);
  return {
    from,
    to,
    windowMs,
    excludedMs,
    downMs,
    countedMaintenanceMs: maint,
    availability,
    target,
    budgetMs,
    budgetLeftMs: budgetMs - downMs,
    met: availability === null ? null : availability >= target - MET_EPSILON,
    complete: to <= now,
    days,
  };
}

function daysOf(mw: MonthWindow, acc: DayAcc): DayFigure[] {
  return mw.dates.map((date, d) => ({
    date,
    windowMs: acc.window[d],
    excludedMs: acc.excluded[d],
    downMs: acc.down[d],
    availability: percent(acc.window[d], acc.excluded[d], acc.down[d]),
    worst: BY_SEVERITY[acc.worst[d]],
  }));
}

function windowFor(cal: WorkCalendar, month: string, opts: EngineOptions): MonthWindow {
  const zone = opts.zone ?? REPORT_ZONE;
  return opts.cache === false ? buildMonthWindow(cal, month, zone) : monthWindow(cal, month, zone);
}

/** Figures of one local calendar month ("YYYY-MM") with its per-day breakdown. */
export function monthAvailability(input: AvailabilityInput | Prepared, month: string, opts: EngineOptions = {}): MonthFigure {
  const p = 'sS' in input ? input : prepare(input);
  const mw = windowFor(p.input.calendar, month, opts);
  const acc = sweep(p, mw, p.input.now);
  let maint = 0;
  for (let d = 0; d < acc.maint.length; d++) maint += acc.maint[d];
  return { month, ...total(daysOf(mw, acc), maint, p.input.target, mw.from, mw.to, p.input.now) };
}

/** Figures of several months (the input is prepared once). */
export function monthsAvailability(input: AvailabilityInput | Prepared, months: readonly string[], opts: EngineOptions = {}): MonthFigure[] {
  const p = 'sS' in input ? input : prepare(input);
  return months.map((m) => monthAvailability(p, m, opts));
}

/**
 * The last `days` local days up to and including today (the local date of `now`), oldest first, with their total.
 * Today counts up to `now`.
 */
export function rollingAvailability(input: AvailabilityInput | Prepared, days: number, opts: EngineOptions = {}): PeriodFigure {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
  const p = 'sS' in input ? input : prepare(input);
  const zone = opts.zone ?? REPORT_ZONE;
  const now = p.input.now;
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const first = today.minus({ days: days - 1 });
  const firstDate = first.toISODate()!;
  const todayDate = today.toISODate()!;
  const out: DayFigure[] = [];
  let maint = 0;
  const lastMonth = monthOf(now, zone);
  for (let m = first.toFormat('yyyy-MM'); m <= lastMonth; m = addMonths(m, 1)) {
    const mw = windowFor(p.input.calendar, m, opts);
    const acc = sweep(p, mw, now);
    const figs = daysOf(mw, acc);
    for (let d = 0; d < figs.length; d++) {
      if (figs[d].date < firstDate || figs[d].date > todayDate) continue;
      out.push(figs[d]);
      maint += acc.maint[d];
    }
  }
  return total(out, maint, p.input.target, first.toMillis(), today.plus({ days: 1 }).toMillis(), now);
}
