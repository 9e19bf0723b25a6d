/**
 * WorkCalendar: fast working-time arithmetic over a CalendarSpec.
 *
 * How it works. Every local date of a contiguous range of years is compiled once (with luxon, outside the hot path)
 * into flat typed arrays:
 *   - `ds[d]`        epoch ms of local midnight of day d (ds[nDays] = end of the last day; days are 23–25 h long),
 *   - `trAt/trDelta/trWall[d]` the day's DST transition (instant, wall-clock jump, wall time before it) or Infinity,
 *   - `dayIv[d]`     index of the day's first open interval in `ivS/ivE` (epoch ms, sorted, non-overlapping),
 *   - `cum[i]`       open time in intervals 0..i-1 (prefix sum),
 *   - `wc[d]`        number of working days before day d (prefix count), `wdays[k]` the k-th working day.
 * A query finds its day in O(1) (estimate from the elapsed days, then correct by ±1), reads the day's one or two
 * intervals, and uses a binary search over `cum` (addWorkingTime) or a direct index into `wdays` (addWorkingDays).
 * Queries outside the compiled years extend the range (years are compiled on demand and cached).
 *
 * Conventions (see docs/worktime.md):
 *   - intervals are half-open [start, end): a desk that closes 15:45 is closed at 15:45:00.000;
 *   - an opening range covers the instants whose local wall-clock time lies in it: the hour skipped in March belongs
 *     to no range, the hour repeated in October is covered twice by a range that contains it;
 *   - addWorkingDays' "same time of day": a repeated wall time means its first occurrence, a skipped one the instant
 *     of the jump (02:30 on the spring day → 03:00 summer time).
 */
import { DateTime, IANAZone } from 'luxon';
import type { CalendarSpec, Weekday } from './types.ts';
import { normalizeSpec, resolveDay, specialsForYear, type NormalizedSpec, type ResolvedDay } from './rules.ts';
import { DAY_MS, civilDate, dayNumber, formatWallTime, isoDateOfDay, parseIsoDate, weekdayOf } from './time.ts';

/** An instant: epoch milliseconds, or a Date. */
export type Instant = Date | number;

/** A half-open interval [start, end) of epoch milliseconds. */
export interface OpenInterval {
  start: number;
  end: number;
}

/** One opening range of a day, as local "HH:mm" (end may be "24:00") and as epoch ms. */
export interface DayOpening {
  start: string;
  end: string;
  startMs: number;
  endMs: number;
}

/** A local date as shown in a month view. */
export interface DayInfo {
  /** "YYYY-MM-DD" (local date in the calendar's time zone). */
  date: string;
  weekday: Weekday;
  /** True when the day has any opening (a "working day" / virkedag for this calendar). */
  working: boolean;
  open: DayOpening[];
  /** Name of the Norwegian public holiday on this date (also shown when the calendar stays open on holidays). */
  holiday?: string;
  /** Name of the special day matching this date (e.g. "Julaften"), even when a holiday or weekend keeps it closed. */
  special?: string;
  /** Name of the season in force on this date (e.g. "sommer"). */
  season?: string;
}

export interface WorkCalendarOptions {
  /** Years to compile eagerly, inclusive (other years are compiled on demand). */
  years?: readonly [from: number, to: number];
}

/** Earliest and latest year a calendar can compile. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2300;

interface YearBlock {
  year: number;
  dayNum0: number;
  n: number;
  ds: Float64Array; // n + 1
  trAt: Float64Array;
  trDelta: Float64Array;
  trWall: Float64Array;
  ivOff: Int32Array; // n + 1
  ivS: Float64Array;
  ivE: Float64Array;
  meta: ResolvedDay[];
}

const EMPTY_F64 = new Float64Array(1);
const EMPTY_I32 = new Int32Array(1);

function toMs(x: Instant): number {
  return typeof x === 'number' ? x : x instanceof Date ? x.getTime() : Number.NaN;
}

export class WorkCalendar {
  readonly spec: CalendarSpec;
  readonly name: string;
  readonly timezone: string;
  private readonly norm: NormalizedSpec;
  private readonly zone: IANAZone;
  private readonly blocks = new Map<number, YearBlock>();

  // Compiled range [y0, y1]; lo/hi are the first and one-past-last instants covered.
  private y0 = 0;
  private y1 = -1;
  private dayNum0 = 0;
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;
  private nDays = 0;
  private nIv = 0;
  private nWork = 0;
  private ds: Float64Array = EMPTY_F64;
  private trAt: Float64Array = EMPTY_F64;
  private trDelta: Float64Array = EMPTY_F64;
  private trWall: Float64Array = EMPTY_F64;
  private dayIv: Int32Array = EMPTY_I32;
  private ivS: Float64Array = EMPTY_F64;
  private ivE: Float64Array = EMPTY_F64;
  private cum: Float64Array = EMPTY_F64;
  private wc: Int32Array = EMPTY_I32;
  private wdays: Int32Array = EMPTY_I32;

  constructor(spec: CalendarSpec, options: WorkCalendarOptions = {}) {
    this.norm = normalizeSpec(spec);
    this.spec = spec;
    this.name = spec.name;
    this.timezone = spec.timezone;
    this.zone = IANAZone.create(spec.timezone);
    if (options.years) {
      const [a, b] = options.years;
      if (!Number.isInteger(a) || !Number.isInteger(b) || a > b || a < MIN_YEAR || b > MAX_YEAR) {
        throw new RangeError(`Calendar ${JSON.stringify(this.name)}: invalid years [${a}, ${b}] (${MIN_YEAR}–${MAX_YEAR})`);
      }
      this.setRange(a, b);
    }
  }

  /** The years compiled so far (inclusive), or undefined before the first query. */
  coveredYears(): [number, number] | undefined {
    return this.nDays ? [this.y0, this.y1] : undefined;
  }

  // ───────────────────────────── queries on instants ─────────────────────────────

  /** True when t lies inside an opening range ([start, end): open at the opening minute, closed at the closing one). */
  isOpen(t: Instant): boolean {
    const x = toMs(t);
    if (!(x >= this.lo && x < this.hi)) this.cover(x);
    const d = this.dayOf(x);
    const ivS = this.ivS;
    const ivE = this.ivE;
    for (let i = this.dayIv[d], end = this.dayIv[d + 1]; i < end; i++) {
      if (x < ivS[i]) return false;
      if (x < ivE[i]) return true;
    }
    return false;
  }

  /** t itself when open, otherwise the start of the next opening range. */
  nextOpen(t: Instant): number {
    const x = toMs(t);
    if (!(x >= this.lo && x < this.hi)) this.cover(x);
    for (;;) {
      const d = this.dayOf(x);
      const ivS = this.ivS;
      const ivE = this.ivE;
      const end = this.dayIv[d + 1];
      for (let i = this.dayIv[d]; i < end; i++) {
        if (x < ivE[i]) return x < ivS[i] ? ivS[i] : x;
      }
      if (end < this.nIv) return ivS[end];
      this.extendForward();
    }
  }

  /** Opening ranges overlapping [from, to), clipped to it. Empty when to <= from. */
  openIntervals(from: Instant, to: Instant): OpenInterval[] {
    const a = toMs(from);
    const b = toMs(to);
    const out: OpenInterval[] = [];
    if (!(b > a)) {
      if (Number.isNaN(a) || Number.isNaN(b)) throw new TypeError(`Invalid instant: ${String(Number.isNaN(a) ? from : to)}`);
      return out;
    }
    if (!(a >= this.lo && a < this.hi)) this.cover(a);
    if (!(b - 1 >= this.lo && b - 1 < this.hi)) this.cover(b - 1);
    for (let i = this.dayIv[this.dayOf(a)]; i < this.nIv && this.ivS[i] < b; i++) {
      if (this.ivE[i] <= a) continue;
      out.push({ start: Math.max(a, this.ivS[i]), end: Math.min(b, this.ivE[i]) });
    }
    return out;
  }

  /**
   * Open time in [a, b) in ms. Antisymmetric: when b < a the result is minus the open time in [b, a); 0 when a = b.
   */
  workingTimeBetween(a: Instant, b: Instant): number {
    const x = toMs(a);
    const y = toMs(b);
    if (!(x >= this.lo && x < this.hi)) this.cover(x);
    if (!(y >= this.lo && y < this.hi)) this.cover(y);
    return this.openBefore(y) - this.openBefore(x);
  }

  /**
   * The instant when `ms` of open time has passed since t.
   *  - ms > 0: the EARLIEST instant u with workingTimeBetween(t, u) = ms. When the time runs out exactly at a closing
   *    time the answer is that closing time (1 h from 14:45 on a day closing 15:45 is 15:45, not 08:00 next day);
   *    otherwise work carries over to the next opening (1 h from 15:30 → 08:45 next working day).
   *  - ms = 0: t itself, open or not.
   *  - ms < 0: counts backwards: the LATEST instant u <= t with workingTimeBetween(u, t) = -ms.
   */
  addWorkingTime(t: Instant, ms: number): number {
    const x = toMs(t);
    if (!(x >= this.lo && x < this.hi)) this.cover(x);
    if (ms === 0) return x;
    if (!Number.isFinite(ms)) throw new TypeError(`addWorkingTime: invalid duration ${ms}`);
    for (;;) {
      const target = this.openBefore(x) + ms;
      const cum = this.cum;
      if (ms > 0) {
        if (target > cum[this.nIv]) {
          this.extendForward();
          continue;
        }
        // smallest i with cum[i + 1] >= target, searching from the first interval of t's day
        let lo = this.dayIv[this.dayOf(x)];
        let hi = this.nIv - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (cum[mid + 1] >= target) hi = mid;
          else lo = mid + 1;
        }
        return this.ivS[lo] + (target - cum[lo]);
      }
      if (target < 0) {
        this.extendBackward();
        continue;
      }
      // smallest j with cum[j + 1] > target, searching up to the last interval of t's day
      let lo = 0;
      let hi = this.dayIv[this.dayOf(x) + 1] - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid + 1] > target) hi = mid;
        else lo = mid + 1;
      }
      return this.ivS[lo] + (target - cum[lo]);
    }
  }

  /**
   * The same local time of day on the n-th following working day (a working day = a day with any opening).
   *  - A start outside the opening hours first moves to nextOpen(t) (Saturday 10:00 counts from Monday 08:00).
   *  - If the target day closes earlier than that time of day, the answer is its closing time (Christmas Eve: 12:00);
   *    if it opens later, its opening time; if the time falls in a break between two ranges, the next range's start.
   *  - n = 0 gives nextOpen(t); n < 0 counts backwards the same way. n must be an integer.
   */
  addWorkingDays(t: Instant, n: number): number {
    if (!Number.isInteger(n)) throw new TypeError(`addWorkingDays: n must be an integer, got ${n}`);
    const s = this.nextOpen(t);
    for (;;) {
      const d = this.dayOf(s);
      const k = this.wc[d] + n;
      if (k < 0) {
        this.extendBackward();
        continue;
      }
      if (k >= this.nWork) {
        this.extendForward();
        continue;
      }
      const e = this.wdays[k];
      // local wall-clock time of day of s, then the same wall time on day e
      let w = s - this.ds[d];
      if (s >= this.trAt[d]) w += this.trDelta[d];
      let u = this.ds[e] + w;
      const tw = this.trWall[e];
      if (w >= tw) {
        // after the day's DST change: shift by it; a wall time skipped in spring maps to the jump itself
        const de = this.trDelta[e];
        u = de > 0 && w < tw + de ? this.ds[e] + tw : u - de;
      }
      const ivS = this.ivS;
      const ivE = this.ivE;
      const end = this.dayIv[e + 1];
      for (let i = this.dayIv[e]; i < end; i++) {
        if (u < ivE[i]) return u < ivS[i] ? ivS[i] : u;
      }
      return ivE[end - 1];
    }
  }

  // ───────────────────────────── working days and notices ─────────────────────────────

  /** "YYYY-MM-DD" of t in the calendar's time zone. */
  localDate(t: Instant): string {
    const x = toMs(t);
    if (!(x >= this.lo && x < this.hi)) this.cover(x);
    return isoDateOfDay(this.dayNum0 + this.dayOf(x));
  }

  /** True when the local date (of an instant, or "YYYY-MM-DD") has any opening. */
  isWorkingDay(day: Instant | string): boolean {
    const dn = this.toDayNumber(day, 'isWorkingDay');
    const b = this.block(civilDate(dn).year);
    const i = dn - b.dayNum0;
    return b.ivOff[i + 1] > b.ivOff[i];
  }

  /**
   * Earliest start of a change announced at `noticeAt` with a notice of n working days. The notice's own local
   * date is day 0 whatever the time of day (working day or not); the change may start at local 00:00 of the n-th
   * working day after it. Example (servicedesk): notice Monday 2026-04-13 14:00, n = 5 → Monday 2026-04-20 00:00.
   * n = 0 returns noticeAt (no lead time). n must be a non-negative integer.
   */
  noticeEarliestStart(noticeAt: Instant, n: number): number {
    if (!Number.isInteger(n) || n < 0) throw new TypeError(`noticeEarliestStart: n must be a non-negative integer, got ${n}`);
    const x = toMs(noticeAt);
    if (!(x >= this.lo && x < this.hi)) this.cover(x);
    if (n === 0) return x;
    for (;;) {
      const k = this.wc[this.dayOf(x) + 1] + n - 1;
      if (k < this.nWork) return this.ds[this.wdays[k]];
      this.extendForward();
    }
  }

  /**
   * How many working days after the notice's local date the change's local date is: the number of working days in
   * (noticeDate, changeDate]. Same day → 0; next working day → 1. Negative (minus the count in (changeDate,
   * noticeDate]) when the change is dated before the notice. A notice of n working days is respected exactly when
   * workingDaysBetweenNotice(noticeAt, changeStart) >= n, i.e. when changeStart >= noticeEarliestStart(noticeAt, n)
   * (for n >= 1).
   */
  workingDaysBetweenNotice(noticeAt: Instant, changeStart: Instant): number {
    const x = toMs(noticeAt);
    const y = toMs(changeStart);
    if (!(x >= this.lo && x < this.hi)) this.cover(x);
    if (!(y >= this.lo && y < this.hi)) this.cover(y);
    return this.wc[this.dayOf(y) + 1] - this.wc[this.dayOf(x) + 1];
  }

  // ───────────────────────────── month view ─────────────────────────────

  /** One entry per local date from `from` to `to`, both inclusive ("YYYY-MM-DD", or the local date of an instant). */
  days(from: Instant | string, to: Instant | string): DayInfo[] {
    const a = this.toDayNumber(from, 'days');
    const b = this.toDayNumber(to, 'days');
    if (b - a > 366 * 20) throw new RangeError(`days: at most 20 years at a time (${isoDateOfDay(a)} – ${isoDateOfDay(b)})`);
    const out: DayInfo[] = [];
    for (let dn = a; dn <= b; dn++) out.push(this.dayInfoOf(dn));
    return out;
  }

  /** The DayInfo of one local date. */
  dayInfo(day: Instant | string): DayInfo {
    return this.dayInfoOf(this.toDayNumber(day, 'dayInfo'));
  }

  private dayInfoOf(dn: number): DayInfo {
    const b = this.block(civilDate(dn).year);
    const i = dn - b.dayNum0;
    const meta = b.meta[i];
    const open: DayOpening[] = [];
    for (let j = b.ivOff[i]; j < b.ivOff[i + 1]; j++) {
      const s = b.ivS[j];
      const e = b.ivE[j];
      open.push({ start: this.wallOf(b, i, s), end: e >= b.ds[i + 1] ? '24:00' : this.wallOf(b, i, e), startMs: s, endMs: e });
    }
    const info: DayInfo = { date: isoDateOfDay(dn), weekday: weekdayOf(dn), working: open.length > 0, open };
    if (meta.holiday) info.holiday = meta.holiday;
    if (meta.special) info.special = meta.special;
    if (meta.season) info.season = meta.season;
    return info;
  }

  private wallOf(b: YearBlock, i: number, t: number): string {
    return formatWallTime(t - b.ds[i] + (t >= b.trAt[i] ? b.trDelta[i] : 0));
  }

  private toDayNumber(day: Instant | string, fn: string): number {
    if (typeof day === 'string') {
      const dn = parseIsoDate(day);
      if (dn === undefined) throw new Error(`${fn}: invalid date ${JSON.stringify(day)}: expected "YYYY-MM-DD"`);
      return dn;
    }
    const x = toMs(day);
    if (!Number.isFinite(x)) throw new TypeError(`${fn}: invalid instant ${String(day)}`);
    const dt = DateTime.fromMillis(x, { zone: this.zone });
    return dayNumber(dt.year, dt.month, dt.day);
  }

  // ───────────────────────────── internals ─────────────────────────────

  /** Index of the compiled day containing x (x must be covered). */
  private dayOf(x: number): number {
    const ds = this.ds;
    let i = Math.floor((x - ds[0]) / DAY_MS);
    if (i >= this.nDays) i = this.nDays - 1;
    else if (i < 0) i = 0;
    while (x < ds[i]) i--;
    while (x >= ds[i + 1]) i++;
    return i;
  }

  /** Open time from the start of the compiled range up to x (x must be covered). */
  private openBefore(x: number): number {
    const d = this.dayOf(x);
    const ivS = this.ivS;
    const ivE = this.ivE;
    const end = this.dayIv[d + 1];
    let i = this.dayIv[d];
    for (; i < end; i++) {
      if (x < ivE[i]) return x > ivS[i] ? this.cum[i] + (x - ivS[i]) : this.cum[i];
    }
    return this.cum[i];
  }

  private cover(x: number): void {
    if (!Number.isFinite(x)) throw new TypeError(`Calendar ${JSON.stringify(this.name)}: invalid instant ${x}`);
    const y = DateTime.fromMillis(x, { zone: this.zone }).year;
    if (y < MIN_YEAR || y > MAX_YEAR) {
      throw new RangeError(`Calendar ${JSON.stringify(this.name)}: ${new Date(x).toISOString()} is outside ${MIN_YEAR}–${MAX_YEAR}`);
    }
    if (this.nDays === 0) this.setRange(Math.max(MIN_YEAR, y - 1), Math.min(MAX_YEAR, y + 1));
    else this.setRange(Math.min(this.y0, y), Math.max(this.y1, y));
  }

  private growStep(): number {
    return Math.max(1, Math.ceil((this.y1 - this.y0 + 1) / 4));
  }

  private noOpening(): never {
    throw new RangeError(`Calendar ${JSON.stringify(this.name)} never opens`);
  }

  private extendForward(): void {
    if (!this.norm.canOpen) this.noOpening();
    if (this.y1 >= MAX_YEAR) throw new RangeError(`Calendar ${JSON.stringify(this.name)}: no opening before the end of ${MAX_YEAR}`);
    this.setRange(this.y0, Math.min(MAX_YEAR, this.y1 + this.growStep()));
  }

  private extendBackward(): void {
    if (!this.norm.canOpen) this.noOpening();
    if (this.y0 <= MIN_YEAR) throw new RangeError(`Calendar ${JSON.stringify(this.name)}: no opening after the start of ${MIN_YEAR}`);
    this.setRange(Math.max(MIN_YEAR, this.y0 - this.growStep()), this.y1);
  }

  /** (Re)builds the flat arrays for the years [a, b]. */
  private setRange(a: number, b: number): void {
    if (a === this.y0 && b === this.y1) return;
    const blocks: YearBlock[] = [];
    let nDays = 0;
    let nIv = 0;
    for (let y = a; y <= b; y++) {
      const blk = this.block(y);
      blocks.push(blk);
      nDays += blk.n;
      nIv += blk.ivS.length;
    }
    const ds = new Float64Array(nDays + 1);
    const trAt = new Float64Array(nDays);
    const trDelta = new Float64Array(nDays);
    const trWall = new Float64Array(nDays);
    const dayIv = new Int32Array(nDays + 1);
    const ivS = new Float64Array(nIv);
    const ivE = new Float64Array(nIv);
    const cum = new Float64Array(nIv + 1);
    const wc = new Int32Array(nDays + 1);
    const work: number[] = [];
    let d = 0;
    let iv = 0;
    for (const blk of blocks) {
      ds.set(blk.ds.subarray(0, blk.n), d);
      trAt.set(blk.trAt, d);
      trDelta.set(blk.trDelta, d);
      trWall.set(blk.trWall, d);
      ivS.set(blk.ivS, iv);
      ivE.set(blk.ivE, iv);
      for (let i = 0; i < blk.n; i++) {
        dayIv[d + i] = iv + blk.ivOff[i];
        const working = blk.ivOff[i + 1] > blk.ivOff[i];
        wc[d + i + 1] = wc[d + i] + (working ? 1 : 0);
        if (working) work.push(d + i);
      }
      d += blk.n;
      iv += blk.ivS.length;
      ds[d] = blk.ds[blk.n];
    }
    dayIv[nDays] = nIv;
    for (let i = 0; i < nIv; i++) cum[i + 1] = cum[i] + (ivE[i] - ivS[i]);
    this.y0 = a;
    this.y1 = b;
    this.dayNum0 = blocks[0].dayNum0;
    this.nDays = nDays;
    this.nIv = nIv;
    this.nWork = work.length;
    this.ds = ds;
    this.trAt = trAt;
    this.trDelta = trDelta;
    this.trWall = trWall;
    this.dayIv = dayIv;
    this.ivS = ivS;
    this.ivE = ivE;
    this.cum = cum;
    this.wc = wc;
    this.wdays = Int32Array.from(work);
    this.lo = ds[0];
    this.hi = ds[nDays];
  }

  /** The compiled year (cached). */
  private block(year: number): YearBlock {
    let blk = this.blocks.get(year);
    if (!blk) {
      if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
        throw new RangeError(`Calendar ${JSON.stringify(this.name)}: year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}`);
      }
      blk = this.buildYear(year);
      this.blocks.set(year, blk);
    }
    return blk;
  }

  /**
   * UTC-offset timeline around one year: the offset (minutes) at `from` and every transition after it, found by
   * sampling the zone weekly and bisecting to the millisecond where two samples differ (about 110 zone look-ups a
   * year instead of several per day). Assumes no two transitions within a week.
   */
  private timeline(year: number): { from: number; off0: number; at: number[]; off: number[] } {
    const zone = this.zone;
    const from = Date.UTC(year, 0, 1) - 2 * DAY_MS;
    const to = Date.UTC(year + 1, 0, 1) + 2 * DAY_MS;
    const off0 = zone.offset(from);
    const at: number[] = [];
    const off: number[] = [];
    let prevT = from;
    let prevO = off0;
    for (let t = from + 7 * DAY_MS; prevT < to; t += 7 * DAY_MS) {
      const x = Math.min(t, to);
      const o = zone.offset(x);
      if (o !== prevO) {
        let lo = prevT;
        let hi = x;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (zone.offset(mid) === prevO) lo = mid;
          else hi = mid;
        }
        at.push(hi);
        off.push(o);
      }
      prevT = x;
      prevO = o;
    }
    return { from, off0, at, off };
  }

  private buildYear(year: number): YearBlock {
    const tl = this.timeline(year);
    const offsetAt = (t: number): number => {
      let o = tl.off0;
      for (let k = 0; k < tl.at.length && tl.at[k] <= t; k++) o = tl.off[k];
      return o;
    };
    // local midnight of a civil date; when midnight does not exist (a transition at 00:00) the day starts at the jump
    const midnight = (dn: number): number => {
      const u = dn * DAY_MS;
      const o1 = offsetAt(u - offsetAt(u) * 60_000);
      const t = u - o1 * 60_000;
      const o2 = offsetAt(t);
      if (o2 === o1) return t;
      const t2 = u - o2 * 60_000;
      return offsetAt(t2) === o2 ? t2 : Math.max(t, t2);
    };
    const dayNum0 = dayNumber(year, 1, 1);
    const n = dayNumber(year + 1, 1, 1) - dayNum0;
    const ds = new Float64Array(n + 1);
    for (let i = 0; i <= n; i++) ds[i] = midnight(dayNum0 + i);
    const trAt = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    const trDelta = new Float64Array(n);
    const trWall = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    const specials = specialsForYear(this.norm, year);
    const ivOff = new Int32Array(n + 1);
    const ivS: number[] = [];
    const ivE: number[] = [];
    const meta: ResolvedDay[] = [];
    for (let i = 0; i < n; i++) {
      const start = ds[i];
      const next = ds[i + 1];
      // at most one transition inside a day is taken into account; a jump forward exactly at the day's start (a zone
      // that skips midnight) counts as inside the day, so that the day's wall clock starts at 01:00
      const k = tl.at.findIndex((a, j) => a < next && (a > start || (a === start && tl.off[j] > offsetAt(a - 1))));
      if (k >= 0) {
        trAt[i] = tl.at[k];
        trDelta[i] = (tl.off[k] - offsetAt(tl.at[k] - 1)) * 60_000;
        trWall[i] = tl.at[k] - start;
      }
      const r = resolveDay(this.norm, dayNum0 + i, specials);
      meta.push(r);
      ivOff[i] = ivS.length;
      // A wall-clock range means the instants whose local time lies in it: on the spring day the skipped hour
      // belongs to no range (a bound inside it maps to the jump); on the autumn day a range covering the repeated
      // hour covers both occurrences.
      const T = trAt[i];
      const tw = trWall[i];
      const de = trDelta[i];
      const pieces: [number, number][] = [];
      for (const [ws, we] of r.ranges) {
        if (T === Number.POSITIVE_INFINITY) {
          pieces.push([start + ws, we >= DAY_MS ? next : start + we]);
        } else if (de > 0) {
          const f = (w: number) => (w >= DAY_MS ? next : w < tw ? start + w : w < tw + de ? T : start + w - de);
          pieces.push([f(ws), f(we)]);
        } else {
          pieces.push([start + ws, Math.min(we >= DAY_MS ? next : start + we, T)]);
          pieces.push([Math.max(start + ws - de, T), we >= DAY_MS ? next : start + we - de]);
        }
      }
      pieces.sort((x, y) => x[0] - y[0]);
      for (const [ps, pe] of pieces) {
        const s = Math.max(start, ps);
        const e = Math.min(next, pe);
        if (e <= s) continue;
        const last = ivS.length - 1;
        if (last >= ivOff[i] && s <= ivE[last]) ivE[last] = Math.max(ivE[last], e);
        else {
          ivS.push(s);
          ivE.push(e);
        }
      }
    }
    ivOff[n] = ivS.length;
    return { year, dayNum0, n, ds, trAt, trDelta, trWall, ivOff, ivS: Float64Array.from(ivS), ivE: Float64Array.from(ivE), meta };
  }
}

const compiled = new WeakMap<CalendarSpec, WorkCalendar>();

/**
 * Compiles a spec into a WorkCalendar, cached per spec object (pass the same object to reuse the compiled tables;
 * do not mutate a spec after compiling it). Use `new WorkCalendar(spec)` for an uncached instance.
 */
export function compileCalendar(spec: CalendarSpec): WorkCalendar {
  let cal = compiled.get(spec);
  if (!cal) {
    cal = new WorkCalendar(spec);
    compiled.set(spec, cal);
  }
  return cal;
}
