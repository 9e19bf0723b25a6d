/**
 * Calendar durations of the policy (calendar days, weeks, months) added in local time, so "3 months after
 * 31 January 10:00" is 30 April 10:00 and a day across a DST change is still one day.
 */
import { DateTime } from 'luxon';
import { DEFAULT_TIMEZONE } from './format.ts';

export interface CalendarDuration {
  amount: number;
  unit: 'calendarDays' | 'weeks' | 'months';
}

export function addCalendarDuration(t: number | Date, d: CalendarDuration, tz: string = DEFAULT_TIMEZONE, sign: 1 | -1 = 1): number {
  const dt = DateTime.fromMillis(typeof t === 'number' ? t : t.getTime(), { zone: tz });
  const n = d.amount * sign;
  const out = d.unit === 'months' ? dt.plus({ months: n }) : d.unit === 'weeks' ? dt.plus({ weeks: n }) : dt.plus({ days: n });
  return out.toMillis();
}

export function subtractCalendarDuration(t: number | Date, d: CalendarDuration, tz: string = DEFAULT_TIMEZONE): number {
  return addCalendarDuration(t, d, tz, -1);
}
