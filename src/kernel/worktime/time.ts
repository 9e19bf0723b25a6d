/**
 * Small, dependency-free helpers for civil dates and wall-clock times used by the working-time engine.
 * A "day number" is the number of days since 1970-01-01 of a civil (calendar) date, independent of any time zone.
 */
import type { LocalTime, Weekday } from './types.ts';
import { WEEKDAYS } from './types.ts';

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export interface CivilDate {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

/** Civil date → day number (days since 1970-01-01). */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** Day number → civil date. */
export function civilDate(dayNum: number): CivilDate {
  const d = new Date(dayNum * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Weekday of a day number (1970-01-01 was a Thursday). */
export function weekdayOf(dayNum: number): Weekday {
  return WEEKDAYS[(((dayNum + 3) % 7) + 7) % 7];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "YYYY-MM-DD" of a civil date. */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** "YYYY-MM-DD" of a day number. */
export function isoDateOfDay(dayNum: number): string {
  const c = civilDate(dayNum);
  return isoDate(c.year, c.month, c.day);
}

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict "YYYY-MM-DD" into a day number, or returns undefined. */
export function parseIsoDate(s: string): number | undefined {
  const m = ISO_DATE_RE.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (!isValidCivil(y, mo, d)) return undefined;
  return dayNumber(y, mo, d);
}

export function isValidCivil(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const LOCAL_TIME_RE = /^(\d{2}):(\d{2})$/;

/** "HH:mm" → milliseconds after local midnight (wall clock). "24:00" is allowed (end of day). Throws on bad input. */
export function parseLocalTime(s: LocalTime, what = 'time'): number {
  const m = typeof s === 'string' ? LOCAL_TIME_RE.exec(s) : null;
  if (!m) throw new Error(`Invalid ${what} ${JSON.stringify(s)}: expected "HH:mm"`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) {
    throw new Error(`Invalid ${what} ${JSON.stringify(s)}: expected 00:00–24:00`);
  }
  return h * HOUR_MS + min * MINUTE_MS;
}

/** Milliseconds after local midnight → "HH:mm" (24:00 for a full day). */
export function formatWallTime(ms: number): string {
  const totalMin = Math.floor(ms / MINUTE_MS);
  return `${pad2(Math.floor(totalMin / 60))}:${pad2(totalMin % 60)}`;
}

/** Easter Sunday (Gregorian, anonymous algorithm / Meeus–Jones–Butcher) as a day number. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumber(year, month, day);
}
