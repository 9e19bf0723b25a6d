/**
 * Calendar rules: validation of a CalendarSpec and the per-date resolution of its opening hours
 * (public holidays → seasons → weekly hours → special days). Wall-clock only; turning wall-clock ranges into
 * instants is the job of calendar.ts.
 */
import { IANAZone } from 'luxon';
import type { CalendarSpec, SpecialDay, TimeRange, Weekday, WeeklyHours } from './types.ts';
import { WEEKDAYS } from './types.ts';
import { norwegianPublicHolidays } from './holidays.ts';
import { DAY_MS, civilDate, dayNumber, easterSunday, isValidCivil, isoDate, parseLocalTime, weekdayOf } from './time.ts';

/**
 * The Norwegian state's working-time rule ("statens arbeidstidsordning"): Christmas Eve, New Year's Eve and the
 * Wednesday before Maundy Thursday are working days whose opening ends at 12:00. A special day that falls on a
 * closed weekday (or on a public holiday, when those are excluded) stays closed.
 */
export const STATE_SPECIAL_DAYS: readonly SpecialDay[] = Object.freeze([
  Object.freeze({ name: 'Onsdag før skjærtorsdag', date: 'easter-4', closeAt: '12:00' }),
  Object.freeze({ name: 'Julaften', date: '12-24', closeAt: '12:00' }),
  Object.freeze({ name: 'Nyttårsaften', date: '12-31', closeAt: '12:00' }),
]);

/** A wall-clock range in milliseconds after local midnight, [start, end). */
export type WallRange = readonly [start: number, end: number];

type WeeklyWall = readonly (readonly WallRange[])[]; // index 0 = mon … 6 = sun

type SpecialEffect =
  | { kind: 'closed' }
  | { kind: 'closeAt'; at: number }
  | { kind: 'hours'; ranges: readonly WallRange[] };

type SpecialDate =
  | { kind: 'annual'; month: number; day: number }
  | { kind: 'once'; dayNum: number }
  | { kind: 'easter'; offset: number };

interface NormSpecial {
  name: string;
  date: SpecialDate;
  effect: SpecialEffect;
}

interface NormSeason {
  name: string;
  from: number; // month * 100 + day
  to: number;
  weekly: WeeklyWall;
}

/** A validated, pre-parsed calendar spec. */
export interface NormalizedSpec {
  name: string;
  timezone: string;
  weekly: WeeklyWall;
  seasons: readonly NormSeason[];
  excludePublicHolidays: boolean;
  specials: readonly NormSpecial[];
  /** False when no rule can ever produce an opening (then every search for an opening fails fast). */
  canOpen: boolean;
}

/** What one local date looks like. */
export interface ResolvedDay {
  ranges: readonly WallRange[];
  holiday?: string;
  special?: string;
  season?: string;
}

function fail(spec: { name?: unknown }, path: string, msg: string): never {
  throw new Error(`Calendar ${JSON.stringify(spec?.name ?? '?')}: ${path}: ${msg}`);
}

function normRanges(spec: CalendarSpec, path: string, ranges: unknown): WallRange[] {
  if (!Array.isArray(ranges)) fail(spec, path, 'expected a list of {start, end} ranges');
  const out: [number, number][] = [];
  ranges.forEach((r: TimeRange, i) => {
    const p = `${path}[${i}]`;
    if (!r || typeof r !== 'object') fail(spec, p, 'expected {start, end}');
    let s: number;
    let e: number;
    try {
      s = parseLocalTime(r.start, 'start time');
      e = parseLocalTime(r.end, 'end time');
    } catch (err) {
      fail(spec, p, (err as Error).message);
    }
    if (s >= DAY_MS) fail(spec, p, 'a range cannot start at 24:00');
    if (e <= s) fail(spec, p, `end ${r.end} must be after start ${r.start} (split ranges that pass midnight)`);
    out.push([s, e]);
  });
  return mergeRanges(out);
}

/** Sorts and merges overlapping or touching ranges. */
export function mergeRanges(ranges: readonly WallRange[]): WallRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function normWeekly(spec: CalendarSpec, path: string, hours: WeeklyHours | undefined): WeeklyWall {
  if (hours == null || typeof hours !== 'object') fail(spec, path, 'expected weekly hours {mon: [...], …}');
  for (const k of Object.keys(hours)) {
    if (!(WEEKDAYS as readonly string[]).includes(k)) fail(spec, `${path}.${k}`, `unknown weekday (use ${WEEKDAYS.join(', ')})`);
  }
  return WEEKDAYS.map((wd) => normRanges(spec, `${path}.${wd}`, hours[wd] ?? []));
}

const MD_RE = /^(\d{2})-(\d{2})$/;
const YMD_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EASTER_RE = /^easter([+-]\d{1,3})?$/;

function parseMonthDay(spec: CalendarSpec, path: string, s: unknown): { month: number; day: number } {
  const m = typeof s === 'string' ? MD_RE.exec(s) : null;
  if (!m || !isValidCivil(2000, Number(m[1]), Number(m[2]))) fail(spec, path, `invalid date ${JSON.stringify(s)}: expected "MM-DD"`);
  return { month: Number(m[1]), day: Number(m[2]) };
}

function parseSpecialDate(spec: CalendarSpec, path: string, s: unknown): SpecialDate {
  if (typeof s === 'string') {
    const e = EASTER_RE.exec(s);
    if (e) return { kind: 'easter', offset: e[1] ? Number(e[1]) : 0 };
    const y = YMD_RE.exec(s);
    if (y) {
      const [yy, mm, dd] = [Number(y[1]), Number(y[2]), Number(y[3])];
      if (!isValidCivil(yy, mm, dd)) fail(spec, path, `invalid date ${JSON.stringify(s)}`);
      return { kind: 'once', dayNum: dayNumber(yy, mm, dd) };
    }
    if (MD_RE.test(s)) return { kind: 'annual', ...parseMonthDay(spec, path, s) };
  }
  fail(spec, path, `invalid date ${JSON.stringify(s)}: expected "MM-DD", "YYYY-MM-DD" or "easter±N"`);
}

function normSpecial(spec: CalendarSpec, path: string, sd: SpecialDay): NormSpecial {
  if (!sd || typeof sd !== 'object') fail(spec, path, 'expected {name, date, closeAt | hours | closed}');
  if (typeof sd.name !== 'string' || !sd.name) fail(spec, `${path}.name`, 'required');
  const date = parseSpecialDate(spec, `${path}.date`, sd.date);
  const effects = [sd.closeAt !== undefined, sd.hours !== undefined, sd.closed === true].filter(Boolean).length;
  if (effects !== 1) fail(spec, path, 'exactly one of closeAt, hours, closed: true is required');
  let effect: SpecialEffect;
  if (sd.closed === true) effect = { kind: 'closed' };
  else if (sd.hours !== undefined) effect = { kind: 'hours', ranges: normRanges(spec, `${path}.hours`, sd.hours) };
  else {
    let at: number;
    try {
      at = parseLocalTime(sd.closeAt as string, 'closeAt');
    } catch (err) {
      fail(spec, `${path}.closeAt`, (err as Error).message);
    }
    effect = { kind: 'closeAt', at };
  }
  return { name: sd.name, date, effect };
}

/** Validates a CalendarSpec (throws an Error naming the calendar and the offending field) and pre-parses it. */
export function normalizeSpec(spec: CalendarSpec): NormalizedSpec {
  if (!spec || typeof spec !== 'object') throw new Error('Calendar spec must be an object');
  if (typeof spec.name !== 'string' || !spec.name) fail(spec, 'name', 'required');
  if (typeof spec.timezone !== 'string' || !IANAZone.isValidZone(spec.timezone)) {
    fail(spec, 'timezone', `unknown IANA time zone ${JSON.stringify(spec.timezone)}`);
  }
  if (typeof spec.excludePublicHolidays !== 'boolean') fail(spec, 'excludePublicHolidays', 'must be true or false');
  const weekly = normWeekly(spec, 'hours', spec.hours);
  if (spec.seasons !== undefined && !Array.isArray(spec.seasons)) fail(spec, 'seasons', 'expected a list');
  const seasons = (spec.seasons ?? []).map((s, i): NormSeason => {
    const p = `seasons[${i}]`;
    if (!s || typeof s.name !== 'string' || !s.name) fail(spec, `${p}.name`, 'required');
    const from = parseMonthDay(spec, `${p}.from`, s.from);
    const to = parseMonthDay(spec, `${p}.to`, s.to);
    return { name: s.name, from: from.month * 100 + from.day, to: to.month * 100 + to.day, weekly: normWeekly(spec, `${p}.hours`, s.hours) };
  });
  let specialsIn: readonly SpecialDay[];
  if (spec.specialDays === undefined) specialsIn = [];
  else if (spec.specialDays === 'state') specialsIn = STATE_SPECIAL_DAYS;
  else if (Array.isArray(spec.specialDays)) specialsIn = spec.specialDays;
  else fail(spec, 'specialDays', 'expected "state" or a list of special days');
  const specials = specialsIn.map((sd, i) => normSpecial(spec, `specialDays[${i}]`, sd));
  const anyWeekly = (w: WeeklyWall) => w.some((r) => r.length > 0);
  const canOpen =
    anyWeekly(weekly) ||
    seasons.some((s) => anyWeekly(s.weekly)) ||
    specials.some((s) => s.effect.kind === 'hours' && s.effect.ranges.length > 0);
  return { name: spec.name, timezone: spec.timezone, weekly, seasons, excludePublicHolidays: spec.excludePublicHolidays, specials, canOpen };
}

function inSeason(s: NormSeason, md: number): boolean {
  return s.from <= s.to ? md >= s.from && md <= s.to : md >= s.from || md <= s.to;
}

/**
 * Special days indexed by day number for one year. Later entries in the list win when several match a date.
 */
export function specialsForYear(norm: NormalizedSpec, year: number): Map<number, NormSpecial> {
  const out = new Map<number, NormSpecial>();
  for (const sp of norm.specials) {
    const d = sp.date;
    if (d.kind === 'annual') {
      if (isValidCivil(year, d.month, d.day)) out.set(dayNumber(year, d.month, d.day), sp);
    } else if (d.kind === 'once') {
      if (civilDate(d.dayNum).year === year) out.set(d.dayNum, sp);
    } else {
      for (const y of [year - 1, year, year + 1]) {
        const dn = easterSunday(y) + d.offset;
        if (civilDate(dn).year === year) out.set(dn, sp);
      }
    }
  }
  return out;
}

/**
 * Opening of one local date. `holiday` names a Norwegian public holiday whether or not the calendar closes on it.
 * Order of rules:
 *  1. a public holiday (when excludePublicHolidays) is closed — no special day reopens it;
 *  2. the first season containing the date replaces the weekly hours (a weekday it does not list is closed);
 *  3. a special day then applies: closed → none; hours → replaces the ranges; closeAt → every range is cut at that
 *     time (ranges starting at or after it disappear, so a closed weekday stays closed).
 */
export function resolveDay(norm: NormalizedSpec, dayNum: number, specials: ReadonlyMap<number, NormSpecial>): ResolvedDay {
  const { year, month, day } = civilDate(dayNum);
  const out: { ranges: readonly WallRange[]; holiday?: string; special?: string; season?: string } = { ranges: [] };
  const md = month * 100 + day;
  const season = norm.seasons.find((s) => inSeason(s, md));
  if (season) out.season = season.name;
  const sp = specials.get(dayNum);
  if (sp) out.special = sp.name;
  const holiday = norwegianPublicHolidays(year).get(isoDate(year, month, day));
  if (holiday) {
    out.holiday = holiday;
    if (norm.excludePublicHolidays) return out;
  }
  const wd = weekdayIndex(weekdayOf(dayNum));
  let ranges: readonly WallRange[] = (season ? season.weekly : norm.weekly)[wd];
  if (sp) {
    const e = sp.effect;
    if (e.kind === 'closed') ranges = [];
    else if (e.kind === 'hours') ranges = e.ranges;
    else ranges = ranges.filter(([s]) => s < e.at).map(([s, en]): WallRange => [s, Math.min(en, e.at)]);
  }
  out.ranges = ranges;
  return out;
}

function weekdayIndex(wd: Weekday): number {
  return WEEKDAYS.indexOf(wd);
}
