/**
 * Formatting and parsing of instants and durations. Instants are epoch milliseconds; the default zone is
 * Europe/Oslo (every Altinn calendar).
 */
import { DateTime, Duration, IANAZone } from 'luxon';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from './time.ts';

export const DEFAULT_TIMEZONE = 'Europe/Oslo';

function checkZone(tz: string, fn: string): void {
  if (typeof tz !== 'string' || !IANAZone.isValidZone(tz)) throw new Error(`${fn}: unknown IANA time zone ${JSON.stringify(tz)}`);
}

function checkMs(ms: number | Date, fn: string): number {
  const x = typeof ms === 'number' ? ms : ms instanceof Date ? ms.getTime() : Number.NaN;
  if (!Number.isFinite(x)) throw new TypeError(`${fn}: invalid instant ${String(ms)}`);
  return x;
}

/** ISO 8601 with the local offset, seconds precision (milliseconds are truncated): "2026-04-08T10:00:00+02:00". */
export function formatInstant(ms: number | Date, tz: string = DEFAULT_TIMEZONE): string {
  const x = checkMs(ms, 'formatInstant');
  checkZone(tz, 'formatInstant');
  return DateTime.fromMillis(x, { zone: tz }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

/** Norwegian human format, local time: "08.04.2026 10:00". */
export function formatLocal(ms: number | Date, tz: string = DEFAULT_TIMEZONE): string {
  const x = checkMs(ms, 'formatLocal');
  checkZone(tz, 'formatLocal');
  return DateTime.fromMillis(x, { zone: tz }).toFormat('dd.MM.yyyy HH:mm');
}

const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Parses an instant:
 *  - full ISO 8601 with an offset or Z: "2026-04-08T10:00:00+02:00", "2026-04-08T08:00Z" (the offset is used as given),
 *  - local date-time "YYYY-MM-DDTHH:mm[:ss[.sss]]" (a space instead of T is accepted), read as wall-clock time in tz,
 *  - local date "YYYY-MM-DD": local midnight in tz.
 * A local time repeated by the autumn DST change means its first occurrence (summer time); a local time skipped by
 * the spring change moves forward by the gap ("2026-03-29T02:30" → 03:30+02:00). Throws an Error on anything else.
 */
export function parseInstant(str: string, tz: string = DEFAULT_TIMEZONE): number {
  const bad = (why: string): never => {
    throw new Error(
      `Invalid instant ${JSON.stringify(str)}: ${why} (expected "YYYY-MM-DDTHH:mm[:ss]" with an optional offset or Z, or "YYYY-MM-DD")`,
    );
  };
  if (typeof str !== 'string') bad('not a string');
  checkZone(tz, 'parseInstant');
  const m = INSTANT_RE.exec(str.trim());
  if (!m) bad('unrecognised format');
  const [, y, mo, d, h, mi, s, frac, off] = m as RegExpExecArray;
  if (h === undefined && off !== undefined) bad('an offset needs a time');
  const fields = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: h === undefined ? 0 : Number(h),
    minute: mi === undefined ? 0 : Number(mi),
    second: s === undefined ? 0 : Number(s),
    millisecond: frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000),
  };
  let zone: string = tz;
  if (off !== undefined) {
    if (off.toUpperCase() === 'Z') zone = 'UTC';
    else {
      const om = /^([+-])(\d{2}):?(\d{2})?$/.exec(off) as RegExpExecArray;
      const oh = Number(om[2]);
      const omin = om[3] === undefined ? 0 : Number(om[3]);
      if (oh > 23 || omin > 59) bad('invalid offset');
      zone = `UTC${om[1]}${oh}${omin ? `:${String(omin).padStart(2, '0')}` : ''}`;
    }
  }
  const dt = DateTime.fromObject(fields, { zone });
  if (!dt.isValid) bad(dt.invalidExplanation ?? dt.invalidReason ?? 'invalid date or time');
  let ms = dt.toMillis();
  if (off === undefined) {
    // luxon reads an ambiguous wall time with the later offset; prefer the first occurrence.
    const earlier = DateTime.fromMillis(ms - HOUR_MS, { zone: tz });
    if (earlier.hour === fields.hour && earlier.minute === fields.minute && earlier.day === fields.day) ms -= HOUR_MS;
  }
  return ms;
}

const SHORT_DURATION_RE = /^(?:(\d+(?:\.\d+)?)d)?\s*(?:(\d+(?:\.\d+)?)h)?\s*(?:(\d+(?:\.\d+)?)m(?!s))?\s*(?:(\d+(?:\.\d+)?)s)?\s*(?:(\d+)ms)?$/i;

/**
 * Parses a duration into milliseconds: ISO 8601 ("PT1H30M", "P3D", "P1W"; days are 24 h, years and months are
 * refused as ambiguous) or the short form "1h30m", "90m", "2d", "45s", "500ms". These are calendar durations:
 * use WorkCalendar.addWorkingTime / addWorkingDays for working time.
 */
export function parseDuration(str: string): number {
  const bad = (why: string): never => {
    throw new Error(`Invalid duration ${JSON.stringify(str)}: ${why} (expected ISO 8601 like "PT1H30M" or "1h30m")`);
  };
  if (typeof str !== 'string') bad('not a string');
  const s = str.trim();
  if (/^P/i.test(s)) {
    const d = Duration.fromISO(s.toUpperCase());
    if (!d.isValid || /T$/i.test(s) || s.length < 3) bad('invalid ISO 8601 duration');
    if (d.years || d.months || d.quarters) bad('years and months have no fixed length');
    return d.weeks * 7 * DAY_MS + d.days * DAY_MS + d.hours * HOUR_MS + d.minutes * MINUTE_MS + d.seconds * SECOND_MS + d.milliseconds;
  }
  const m = SHORT_DURATION_RE.exec(s);
  if (!s || !m || m.slice(1).every((x) => x === undefined)) bad('unrecognised format');
  const [, d, h, mi, sec, ms] = m as RegExpExecArray;
  const n = (x: string | undefined) => (x === undefined ? 0 : Number(x));
  return Math.round(n(d) * DAY_MS + n(h) * HOUR_MS + n(mi) * MINUTE_MS + n(sec) * SECOND_MS + n(ms));
}
