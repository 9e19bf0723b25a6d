/** Plain calendar-date arithmetic on `YYYY-MM-DD` strings (UTC based, so no daylight-saving surprises). */

export type Ymd = string;

export function toUtc(date: Ymd): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function fromUtc(d: Date): Ymd {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: Ymd, days: number): Ymd {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayIndex(date: Ymd): number {
  return (toUtc(date).getUTCDay() + 6) % 7;
}

/** ISO 8601 week number. */
export function isoWeek(date: Ymd): number {
  const d = toUtc(date);
  const thursday = new Date(d);
  thursday.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  return 1 + Math.round(((thursday.getTime() - firstThursday.getTime()) / 86400000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
}

export type Month = { year: number; month: number }; // month 1–12

export function parseMonth(value: string | null | undefined): Month | null {
  const m = /^(\d{4})-(\d{2})$/.exec(value ?? '');
  if (!m) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? { year: Number(m[1]), month } : null;
}

export function formatMonth({ year, month }: Month): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function shiftMonth({ year, month }: Month, delta: number): Month {
  const index = year * 12 + (month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The month's first and last date and the Monday–Sunday range of the weeks that cover it. */
export function monthGrid({ year, month }: Month) {
  const first = `${formatMonth({ year, month })}-01`;
  const last = addDays(`${formatMonth(shiftMonth({ year, month }, 1))}-01`, -1);
  const from = addDays(first, -weekdayIndex(first));
  const to = addDays(last, 6 - weekdayIndex(last));
  const weeks: Ymd[][] = [];
  for (let d = from; d <= to; d = addDays(d, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(d, i)));
  }
  return { first, last, from, to, weeks };
}
