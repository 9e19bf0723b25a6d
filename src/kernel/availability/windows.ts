/**
 * Operating-window intervals of a calendar per calendar month, split into the month's local days, cached per
 * calendar and month. 500 components share a handful of calendars, so the calendar is asked once per month and
 * calendar, not once per component.
 */
import { DateTime } from 'luxon';
import type { WorkCalendar } from '../worktime/index.ts';

/** Time zone of the report periods (calendar months and days). */
export const REPORT_ZONE = 'Europe/Oslo';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The open time of one calendar in one local calendar month. */
export interface MonthWindow {
  month: string;
  /** Epoch ms of the month's first local midnight and of the next month's. */
  from: number;
  to: number;
  /** "YYYY-MM-DD" of each local day. */
  dates: string[];
  /** Epoch ms of each day's local midnight; dayStart[n] = to. Days are 23, 24 or 25 h long. */
  dayStart: Float64Array;
  /** Open intervals [ivS[i], ivE[i]) in time order, each inside one day (ivDay[i]). */
  ivS: Float64Array;
  ivE: Float64Array;
  ivDay: Int32Array;
}

/** Parses "YYYY-MM" into [year, month], or undefined. */
export function parseMonth(month: string): [number, number] | undefined {
  const m = MONTH.exec(month);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Local midnights of a month and of each of its days (no calendar involved). */
export function monthDays(month: string, zone = REPORT_ZONE): { from: number; to: number; dates: string[]; dayStart: Float64Array } {
  const ym = parseMonth(month);
  if (!ym) throw new RangeError(`invalid month ${JSON.stringify(month)}: expected "YYYY-MM"`);
  const start = DateTime.fromObject({ year: ym[0], month: ym[1], day: 1 }, { zone });
  const n = start.daysInMonth!;
  const dayStart = new Float64Array(n + 1);
  const dates: string[] = [];
  for (let i = 0; i <= n; i++) {
    const d = start.plus({ days: i });
    dayStart[i] = d.toMillis();
    if (i < n) dates.push(d.toISODate()!);
  }
  return { from: dayStart[0], to: dayStart[n], dates, dayStart };
}

/** Builds a month's window without the cache. */
export function buildMonthWindow(calendar: WorkCalendar, month: string, zone = REPORT_ZONE): MonthWindow {
  const { from, to, dates, dayStart } = monthDays(month, zone);
  const open = calendar.openIntervals(from, to);
  const s: number[] = [];
  const e: number[] = [];
  const d: number[] = [];
  let day = 0;
  for (const iv of open) {
    let a = iv.start;
    const b = iv.end;
    // split at local midnights (an interval of a calendar open across midnight spans days)
    while (a < b) {
      while (a >= dayStart[day + 1]) day++;
      const end = Math.min(b, dayStart[day + 1]);
      s.push(a);
      e.push(end);
      d.push(day);
      a = end;
    }
  }
  return { month, from, to, dates, dayStart, ivS: Float64Array.from(s), ivE: Float64Array.from(e), ivDay: Int32Array.from(d) };
}

const cache = new WeakMap<WorkCalendar, Map<string, MonthWindow>>();

/** A month's window, cached per calendar object, month and zone. Treat the result as read-only. */
export function monthWindow(calendar: WorkCalendar, month: string, zone = REPORT_ZONE): MonthWindow {
  let byMonth = cache.get(calendar);
  if (!byMonth) cache.set(calendar, (byMonth = new Map()));
  const key = zone === REPORT_ZONE ? month : `${month}@${zone}`;
  let w = byMonth.get(key);
  if (!w) {
    w = buildMonthWindow(calendar, month, zone);
    byMonth.set(key, w);
  }
  return w;
}

/** "YYYY-MM" of an instant in the zone. */
export function monthOf(t: number, zone = REPORT_ZONE): string {
  return DateTime.fromMillis(t, { zone }).toFormat('yyyy-MM');
}

/** The month after "YYYY-MM" (and before, with step -1). */
export function addMonths(month: string, step: number): string {
  const ym = parseMonth(month);
  if (!ym) throw new RangeError(`invalid month ${JSON.stringify(month)}`);
  const k = ym[0] * 12 + (ym[1] - 1) + step;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}
