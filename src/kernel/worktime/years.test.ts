/**
 * 2025–2030: rules every year, and property-style checks against the slow reference implementations
 * (reference.ts) with a seeded pseudo-random generator.
 */
import { describe, expect, it } from 'vitest';
import { WorkCalendar, easterSunday, formatInstant, norwegianPublicHolidays, parseInstant, HOUR_MS, MINUTE_MS, DAY_MS } from './index.ts';
import { abs, always, servicedesk, tul } from './fixtures.ts';
import { naiveAddWorkingTime, referenceIsOpen } from './reference.ts';
import { rng } from '../../../test/rng.ts';

const p = (s: string) => parseInstant(s);
const f = (ms: number) => formatInstant(ms);
const iso = (dn: number) => new Date(dn * DAY_MS).toISOString().slice(0, 10);

const FROM = p('2025-01-01');
const TO = p('2031-01-01');
const YEARS = [2025, 2026, 2027, 2028, 2029, 2030];
const cals = {
  always: new WorkCalendar(always),
  servicedesk: new WorkCalendar(servicedesk),
  abs: new WorkCalendar(abs),
  tul: new WorkCalendar(tul),
};
const specs = { always, servicedesk, abs, tul };
const sd = cals.servicedesk;

describe('every year 2025–2030', () => {
  it.each(YEARS)('[S-5.1] %i: Easter closures, half-day Wednesday, Ascension, Whit Monday', (year) => {
    const e = easterSunday(year);
    const wed = sd.dayInfo(iso(e - 4));
    expect(wed).toMatchObject({ weekday: 'wed', working: true, special: 'Onsdag før skjærtorsdag' });
    expect(wed.open.map((o) => `${o.start}-${o.end}`)).toEqual(['08:00-12:00']);
    for (const [off, name] of [
      [-3, 'Skjærtorsdag'],
      [-2, 'Langfredag'],
      [0, 'Første påskedag'],
      [1, 'Andre påskedag'],
      [39, 'Kristi himmelfartsdag'],
      [50, 'Andre pinsedag'],
    ] as const) {
      const d = sd.dayInfo(iso(e + off));
      expect(d.working, `${d.date}`).toBe(false);
      expect(d.holiday).toContain(name);
    }
    expect(sd.dayInfo(iso(e - 1)).working).toBe(false); // Easter Saturday
    expect(sd.dayInfo(iso(e + 2)).working).toBe(true); // Tuesday after Easter
    // Tuesday before Easter 10:00 + 1 working day → Wednesday 10:00; + 2 → Tuesday after Easter 10:00
    // (local times: in 2027 and 2030 summer time starts during Easter week)
    const local = (ms: number) => f(ms).slice(0, 19);
    const tue = p(`${iso(e - 5)}T10:00`);
    expect(local(sd.addWorkingDays(tue, 1))).toBe(`${iso(e - 4)}T10:00:00`);
    expect(local(sd.addWorkingDays(tue, 2))).toBe(`${iso(e + 2)}T10:00:00`);
    // Wednesday 11:00 + 2 working hours → 1 h before 12:00, 1 h on Tuesday after Easter → 09:00
    expect(local(sd.addWorkingTime(p(`${iso(e - 4)}T11:00`), 2 * HOUR_MS))).toBe(`${iso(e + 2)}T09:00:00`);
  });

  it.each(YEARS)('[S-5.1] %i: Christmas Eve and New Year’s Eve end 12:00 on weekdays, 25/26 Dec and 1 Jan closed', (year) => {
    for (const md of ['12-24', '12-31']) {
      const d = sd.dayInfo(`${year}-${md}`);
      const weekend = d.weekday === 'sat' || d.weekday === 'sun';
      expect(d.open.map((o) => `${o.start}-${o.end}`)).toEqual(weekend ? [] : ['08:00-12:00']);
    }
    for (const md of ['12-25', '12-26', '01-01']) expect(sd.dayInfo(`${year}-${md}`).working).toBe(false);
  });

  it.each(YEARS)('[S-5.1] %i: summer hours from 15 May to 15 September', (year) => {
    for (const d of sd.days(`${year}-05-10`, `${year}-09-20`)) {
      if (!d.working) continue;
      const summer = d.date >= `${year}-05-15` && d.date <= `${year}-09-15`;
      expect(d.open.map((o) => `${o.start}-${o.end}`), d.date).toEqual([summer ? '08:00-15:00' : '08:00-15:45']);
      expect(d.season).toBe(summer ? 'sommer' : undefined);
    }
  });

  it.each(YEARS)('[S-2.4.1] %i: TUL is open on every weekday public holiday', (year) => {
    for (const [date] of norwegianPublicHolidays(year)) {
      const d = cals.tul.dayInfo(date);
      const weekend = d.weekday === 'sat' || d.weekday === 'sun';
      expect(d.open.map((o) => `${o.start}-${o.end}`), date).toEqual(weekend ? [] : ['07:00-20:00']);
      expect(sd.dayInfo(date).working, date).toBe(false);
    }
  });

  it('working days per year (servicedesk): weekdays minus weekday public holidays', () => {
    const count = (y: number) => sd.days(`${y}-01-01`, `${y}-12-31`).filter((d) => d.working).length;
    expect(YEARS.map(count)).toEqual([252, 253, 255, 251, 251, 251]);
    // 2028 is a leap year
    expect(cals.always.workingTimeBetween(p('2028-01-01'), p('2029-01-01'))).toBe(366 * DAY_MS);
  });

  it('DST every year: 23-hour spring day, 25-hour autumn day (always)', () => {
    for (const year of YEARS) {
      const days = cals.always.days(`${year}-01-01`, `${year}-12-31`);
      const lengths = days.map((d) => d.open[0].endMs - d.open[0].startMs);
      expect(lengths.filter((l) => l === 23 * HOUR_MS)).toHaveLength(1);
      expect(lengths.filter((l) => l === 25 * HOUR_MS)).toHaveLength(1);
      expect(lengths.filter((l) => l === 24 * HOUR_MS)).toHaveLength(days.length - 2);
    }
  });
});

describe('property-style checks over 2025–2030', () => {
  // Each check collects failures (with readable instants) and asserts the list is empty at the end.
  it('isOpen agrees with the spec evaluated directly (luxon, per instant) for all four calendars', () => {
    const r = rng(1);
    const failures: string[] = [];
    for (const [name, cal] of Object.entries(cals)) {
      const spec = specs[name as keyof typeof specs];
      for (let i = 0; i < 1500; i++) {
        const t = FROM + Math.floor(r() * ((TO - FROM) / MINUTE_MS)) * MINUTE_MS;
        if (cal.isOpen(t) !== referenceIsOpen(spec, t)) failures.push(`${name} ${f(t)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('isOpen agrees with the wall-clock reference on every DST day, for ranges inside the changed hour', () => {
    const r = [{ start: '00:00', end: '02:30' }, { start: '02:45', end: '03:15' }, { start: '23:30', end: '24:00' }];
    const spec = {
      name: 'night',
      timezone: 'Europe/Oslo',
      hours: { mon: r, tue: r, wed: r, thu: r, fri: r, sat: r, sun: r },
      excludePublicHolidays: false,
    };
    const night = new WorkCalendar(spec);
    const failures: string[] = [];
    for (const year of YEARS) {
      for (const d of cals.always.days(`${year}-01-01`, `${year}-12-31`)) {
        const { startMs, endMs } = d.open[0];
        if (endMs - startMs === DAY_MS) continue;
        for (let t = startMs; t < endMs; t += 5 * MINUTE_MS) {
          if (night.isOpen(t) !== referenceIsOpen(spec, t)) failures.push(f(t));
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('[S-2.2.2] addWorkingTime agrees with minute-by-minute stepping', () => {
    const r = rng(2);
    const failures: string[] = [];
    for (const [name, cal] of Object.entries(cals)) {
      const isOpen = (x: number) => cal.isOpen(x);
      for (let i = 0; i < 150; i++) {
        const t = FROM + Math.floor(r() * ((TO - FROM - 30 * DAY_MS) / MINUTE_MS)) * MINUTE_MS;
        const ms = (1 + Math.floor(r() * 16 * 60)) * MINUTE_MS;
        const fast = cal.addWorkingTime(t, ms);
        const slow = naiveAddWorkingTime(isOpen, t, ms);
        if (fast !== slow) failures.push(`${name} ${f(t)} + ${ms / MINUTE_MS} min: ${f(fast)} ≠ ${f(slow)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('addWorkingTime(t, workingTimeBetween(t, u)) lands at u, or at the earliest instant with the same working time', () => {
    const r = rng(3);
    const failures: string[] = [];
    let landedAtU = 0;
    for (const [name, cal] of Object.entries(cals)) {
      for (let i = 0; i < 1500; i++) {
        let t = FROM + Math.floor(r() * (TO - FROM));
        let u = FROM + Math.floor(r() * (TO - FROM));
        if (u < t) [t, u] = [u, t];
        const w = cal.workingTimeBetween(t, u);
        const x = cal.addWorkingTime(t, w);
        const ok = x <= u && cal.workingTimeBetween(x, u) === 0 && cal.workingTimeBetween(t, x) === w;
        // x is exactly u when u is strictly inside an opening (open just before u too)
        const exact = !(w > 0 && cal.isOpen(u) && cal.isOpen(u - 1)) || x === u;
        if (x === u) landedAtU++;
        // backwards: the latest v <= u with the same working time up to u is at or after t
        const v = cal.addWorkingTime(u, -w);
        const back = v >= t && cal.workingTimeBetween(v, u) === w && cal.workingTimeBetween(t, v) === 0;
        if (!ok || !exact || !back) failures.push(`${name} ${f(t)} → ${f(u)}: x=${f(x)} v=${f(v)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(landedAtU).toBeGreaterThan(1000);
  });

  it('[S-2.2.3] addWorkingDays lands on the n-th following working day, at the start time of day or clamped', () => {
    const r = rng(4);
    const failures: string[] = [];
    const wall = (ms: number) => f(ms).slice(11, 19);
    for (const [name, cal] of Object.entries(cals)) {
      for (let i = 0; i < 1000; i++) {
        const t = FROM + Math.floor(r() * (TO - FROM - 60 * DAY_MS));
        const n = Math.floor(r() * 12);
        const s = cal.nextOpen(t);
        const x = cal.addWorkingDays(t, n);
        const day = cal.dayInfo(x);
        const first = day.open[0].startMs;
        const last = day.open[day.open.length - 1].endMs;
        const ok =
          cal.workingDaysBetweenNotice(s, x) === n && x >= first && x <= last && (x === first || x === last || wall(x) === wall(s));
        if (!ok) failures.push(`${name} ${f(t)} + ${n} → ${f(x)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('[S-2.3.2] a notice of n working days is respected exactly when the change starts at or after noticeEarliestStart', () => {
    const r = rng(5);
    const failures: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const a = FROM + Math.floor(r() * (TO - FROM - 40 * DAY_MS));
      const b = a + Math.floor(r() * 20 * DAY_MS);
      const n = 1 + Math.floor(r() * 10);
      if (sd.workingDaysBetweenNotice(a, b) >= n !== b >= sd.noticeEarliestStart(a, n)) failures.push(`${f(a)} ${f(b)} ${n}`);
    }
    expect(failures).toEqual([]);
  });
});
