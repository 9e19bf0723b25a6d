/**
 * Slow reference implementations, for tests and benchmarks only (not exported from index.ts):
 * they evaluate a spec minute by minute with luxon, without the compiled tables of WorkCalendar.
 */
import { DateTime } from 'luxon';
import type { CalendarSpec } from './types.ts';
import { normalizeSpec, resolveDay, specialsForYear, type NormalizedSpec } from './rules.ts';
import { HOUR_MS, MINUTE_MS, dayNumber } from './time.ts';

const normCache = new WeakMap<CalendarSpec, NormalizedSpec>();

/**
 * Is t open, evaluated directly from the spec: the local wall-clock time of t (luxon) inside one of the day's
 * resolved wall-clock ranges. WorkCalendar.isOpen must agree everywhere, DST days included.
 */
export function referenceIsOpen(spec: CalendarSpec, t: number): boolean {
  let norm = normCache.get(spec);
  if (!norm) {
    norm = normalizeSpec(spec);
    normCache.set(spec, norm);
  }
  const dt = DateTime.fromMillis(t, { zone: spec.timezone });
  const dn = dayNumber(dt.year, dt.month, dt.day);
  const day = resolveDay(norm, dn, specialsForYear(norm, dt.year));
  const wall = dt.hour * HOUR_MS + dt.minute * MINUTE_MS + dt.second * 1000 + dt.millisecond;
  return day.ranges.some(([s, e]) => wall >= s && wall < e);
}

/**
 * addWorkingTime by stepping minute by minute (openness is assumed constant within each minute, true when every
 * opening boundary is on a whole minute). Returns the earliest instant at which `ms` (> 0) of open time has passed.
 */
export function naiveAddWorkingTime(isOpen: (t: number) => boolean, t: number, ms: number, limitSteps = 10_000_000): number {
  let cur = t;
  let remaining = ms;
  for (let steps = 0; remaining > 0; steps++) {
    if (steps > limitSteps) throw new RangeError('naiveAddWorkingTime: step limit reached');
    const next = cur - (((cur % MINUTE_MS) + MINUTE_MS) % MINUTE_MS) + MINUTE_MS;
    if (isOpen(cur)) {
      const chunk = Math.min(next - cur, remaining);
      remaining -= chunk;
      cur += chunk;
    } else cur = next;
  }
  return cur;
}
