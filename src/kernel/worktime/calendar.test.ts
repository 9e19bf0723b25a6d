/** WorkCalendar operations: definitions at the edges, DST, special days, validation, lazy year compilation. */
import { describe, expect, it } from 'vitest';
import {
  STATE_SPECIAL_DAYS,
  WorkCalendar,
  compileCalendar,
  formatInstant,
  parseInstant,
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  type CalendarSpec,
} from './index.ts';
import { always, servicedesk, tul } from './fixtures.ts';

const p = (s: string) => parseInstant(s);
const f = (ms: number) => formatInstant(ms);
const sd = new WorkCalendar(servicedesk);
const al = new WorkCalendar(always);

describe('isOpen / nextOpen / openIntervals', () => {
  it('nextOpen returns t when open, else the next opening start', () => {
    expect(f(sd.nextOpen(p('2026-03-02T10:17:30')))).toBe('2026-03-02T10:17:30+01:00');
    expect(f(sd.nextOpen(p('2026-03-02T06:00')))).toBe('2026-03-02T08:00:00+01:00');
    expect(f(sd.nextOpen(p('2026-03-02T15:45')))).toBe('2026-03-03T08:00:00+01:00');
    expect(f(sd.nextOpen(p('2026-03-07T10:00')))).toBe('2026-03-09T08:00:00+01:00');
    expect(sd.nextOpen(new Date(p('2026-03-02T10:00')))).toBe(p('2026-03-02T10:00'));
  });

  it('openIntervals clips to [from, to) and is empty when to <= from', () => {
    expect(sd.openIntervals(p('2026-03-06T12:00'), p('2026-03-10T09:00')).map((i) => `${f(i.start)} ${f(i.end)}`)).toEqual([
      '2026-03-06T12:00:00+01:00 2026-03-06T15:45:00+01:00',
      '2026-03-09T08:00:00+01:00 2026-03-09T15:45:00+01:00',
      '2026-03-10T08:00:00+01:00 2026-03-10T09:00:00+01:00',
    ]);
    expect(sd.openIntervals(p('2026-03-10T09:00'), p('2026-03-06T12:00'))).toEqual([]);
    expect(sd.openIntervals(p('2026-03-10T09:00'), p('2026-03-10T09:00'))).toEqual([]);
  });
});

describe('workingTimeBetween', () => {
  it('counts open time in [a, b)', () => {
    expect(sd.workingTimeBetween(p('2026-03-02'), p('2026-03-07'))).toBe(5 * (7 * HOUR_MS + 45 * MINUTE_MS));
    expect(sd.workingTimeBetween(p('2026-03-02T15:00'), p('2026-03-03T08:30'))).toBe(75 * MINUTE_MS);
    expect(sd.workingTimeBetween(p('2026-03-07T08:00'), p('2026-03-08T20:00'))).toBe(0);
  });

  it('is 0 when a = b and antisymmetric (negative) when b < a', () => {
    const a = p('2026-03-02T15:00');
    const b = p('2026-03-03T08:30');
    expect(sd.workingTimeBetween(a, a)).toBe(0);
    expect(sd.workingTimeBetween(b, a)).toBe(-75 * MINUTE_MS);
  });

  it('spans years (compiles them on demand)', () => {
    const cal = new WorkCalendar(always);
    expect(cal.coveredYears()).toBeUndefined();
    expect(cal.workingTimeBetween(p('2026-01-01'), p('2036-01-01'))).toBe(p('2036-01-01') - p('2026-01-01'));
    expect(cal.coveredYears()).toEqual([2025, 2036]);
    expect(cal.workingTimeBetween(p('1999-12-31T23:00'), p('2000-01-01T01:00'))).toBe(2 * HOUR_MS);
    expect(cal.coveredYears()).toEqual([1999, 2036]);
  });
});

describe('addWorkingTime', () => {
  it('carries over to the next opening; 0 returns t; earliest instant when time runs out at closing', () => {
    expect(f(sd.addWorkingTime(p('2026-03-02T15:30'), HOUR_MS))).toBe('2026-03-03T08:45:00+01:00');
    expect(f(sd.addWorkingTime(p('2026-03-02T14:45'), HOUR_MS))).toBe('2026-03-02T15:45:00+01:00');
    expect(f(sd.addWorkingTime(p('2026-03-07T12:00'), 0))).toBe('2026-03-07T12:00:00+01:00');
    // one full working week from Monday 08:00 ends Friday 15:45
    expect(f(sd.addWorkingTime(p('2026-03-02T08:00'), 5 * (7 * HOUR_MS + 45 * MINUTE_MS)))).toBe('2026-03-06T15:45:00+01:00');
  });

  it('counts backwards for negative amounts (latest instant)', () => {
    expect(f(sd.addWorkingTime(p('2026-03-03T08:45'), -HOUR_MS))).toBe('2026-03-02T15:30:00+01:00');
    // the latest instant with 1 h of work before 09:00 is 08:00 the same day, not 15:45 the day before
    expect(f(sd.addWorkingTime(p('2026-03-03T09:00'), -HOUR_MS))).toBe('2026-03-03T08:00:00+01:00');
    expect(f(sd.addWorkingTime(p('2026-03-09T10:00'), -3 * HOUR_MS))).toBe('2026-03-06T14:45:00+01:00');
  });

  it('DST: 1 calendar hour across spring-forward, 24 h across the 25-hour fall-back day (always)', () => {
    expect(f(al.addWorkingTime(p('2026-03-29T01:30'), HOUR_MS))).toBe('2026-03-29T03:30:00+02:00');
    expect(al.workingTimeBetween(p('2026-03-29'), p('2026-03-30'))).toBe(23 * HOUR_MS);
    expect(al.workingTimeBetween(p('2026-10-25'), p('2026-10-26'))).toBe(25 * HOUR_MS);
    expect(f(al.addWorkingTime(p('2026-10-25T00:00'), 24 * HOUR_MS))).toBe('2026-10-25T23:00:00+01:00');
    expect(f(al.addWorkingTime(p('2026-10-25T02:30+02:00'), HOUR_MS))).toBe('2026-10-25T02:30:00+01:00');
    expect(f(al.addWorkingTime(p('2026-10-24T12:00'), DAY_MS))).toBe('2026-10-25T11:00:00+01:00');
    expect(al.dayInfo('2026-03-29').open).toEqual([
      { start: '00:00', end: '24:00', startMs: p('2026-03-29T00:00'), endMs: p('2026-03-30T00:00') },
    ]);
  });

  it('DST: ranges are wall-clock sets — the skipped hour is never open, the repeated hour is open twice', () => {
    const r = [{ start: '02:15', end: '02:45' }];
    const night = new WorkCalendar({
      name: 'night',
      timezone: 'Europe/Oslo',
      hours: { mon: r, tue: r, wed: r, thu: r, fri: r, sat: r, sun: r },
      excludePublicHolidays: false,
    });
    expect(night.openIntervals(p('2026-03-29'), p('2026-03-30'))).toEqual([]);
    expect(night.isWorkingDay('2026-03-29')).toBe(false);
    expect(night.openIntervals(p('2026-10-25'), p('2026-10-26')).map((i) => `${f(i.start)} ${f(i.end)}`)).toEqual([
      '2026-10-25T02:15:00+02:00 2026-10-25T02:45:00+02:00',
      '2026-10-25T02:15:00+01:00 2026-10-25T02:45:00+01:00',
    ]);
    expect(night.workingTimeBetween(p('2026-10-25'), p('2026-10-26'))).toBe(HOUR_MS);
    const early = new WorkCalendar({ ...night.spec, name: 'early', hours: { sun: [{ start: '00:00', end: '02:30' }, { start: '02:40', end: '04:00' }] } });
    expect(early.openIntervals(p('2026-03-29'), p('2026-03-30')).map((i) => `${f(i.start)} ${f(i.end)}`)).toEqual([
      '2026-03-29T00:00:00+01:00 2026-03-29T04:00:00+02:00',
    ]);
  });

  it('rejects invalid durations and instants', () => {
    expect(() => sd.addWorkingTime(p('2026-03-02T08:00'), Number.NaN)).toThrow(/invalid duration/);
    expect(() => sd.addWorkingTime(Number.NaN, HOUR_MS)).toThrow(/invalid instant/);
    expect(() => sd.isOpen(new Date('nope'))).toThrow(/invalid instant/);
  });
});

describe('addWorkingDays', () => {
  it('keeps the local time of day; clamps to the target day’s closing or opening time', () => {
    expect(f(sd.addWorkingDays(p('2026-03-02T10:00'), 1))).toBe('2026-03-03T10:00:00+01:00');
    expect(f(sd.addWorkingDays(p('2026-03-06T10:00'), 1))).toBe('2026-03-09T10:00:00+01:00');
    // the target day closes earlier
    expect(f(sd.addWorkingDays(p('2026-03-31T14:00'), 1))).toBe('2026-04-01T12:00:00+02:00');
    // a day with a late opening: 08:30 → 10:00 opening time
    const late = new WorkCalendar({
      ...servicedesk,
      name: 'late',
      specialDays: [{ name: 'sen start', date: '2026-03-03', hours: [{ start: '10:00', end: '15:45' }] }],
    });
    expect(f(late.addWorkingDays(p('2026-03-02T08:30'), 1))).toBe('2026-03-03T10:00:00+01:00');
  });

  it('n = 0 is nextOpen; negative n counts backwards; n must be an integer', () => {
    expect(f(sd.addWorkingDays(p('2026-03-07T10:00'), 0))).toBe('2026-03-09T08:00:00+01:00');
    expect(f(sd.addWorkingDays(p('2026-03-09T10:00'), -1))).toBe('2026-03-06T10:00:00+01:00');
    expect(f(sd.addWorkingDays(p('2026-04-07T10:00'), -1))).toBe('2026-04-01T10:00:00+02:00');
    expect(f(sd.addWorkingDays(p('2026-04-07T14:00'), -1))).toBe('2026-04-01T12:00:00+02:00');
    expect(() => sd.addWorkingDays(p('2026-03-09T10:00'), 1.5)).toThrow(/integer/);
  });

  it('a break between two ranges moves to the next range', () => {
    const lunch = new WorkCalendar({
      name: 'lunch',
      timezone: 'Europe/Oslo',
      hours: { mon: [{ start: '08:00', end: '16:00' }], tue: [{ start: '08:00', end: '11:00' }, { start: '12:00', end: '16:00' }] },
      excludePublicHolidays: true,
    });
    expect(f(lunch.addWorkingDays(p('2026-03-02T11:30'), 1))).toBe('2026-03-03T12:00:00+01:00');
    expect(lunch.workingTimeBetween(p('2026-03-03'), p('2026-03-04'))).toBe(7 * HOUR_MS);
  });

  it('keeps the wall-clock time across DST; ambiguous 02:30 is the first one, skipped 02:30 is the jump (03:00)', () => {
    expect(f(al.addWorkingDays(p('2026-03-28T10:00'), 1))).toBe('2026-03-29T10:00:00+02:00');
    expect(f(al.addWorkingDays(p('2026-10-24T10:00'), 1))).toBe('2026-10-25T10:00:00+01:00');
    expect(f(al.addWorkingDays(p('2026-10-24T02:30'), 1))).toBe('2026-10-25T02:30:00+02:00');
    expect(f(al.addWorkingDays(p('2026-10-25T02:30+01:00'), 1))).toBe('2026-10-26T02:30:00+01:00');
    expect(f(al.addWorkingDays(p('2026-10-25T03:30+01:00'), -1))).toBe('2026-10-24T03:30:00+02:00');
    expect(f(al.addWorkingDays(p('2026-03-28T02:30'), 1))).toBe('2026-03-29T03:00:00+02:00');
    expect(f(sd.addWorkingDays(p('2026-03-27T10:00'), 1))).toBe('2026-03-30T10:00:00+02:00');
    expect(f(sd.addWorkingDays(p('2026-10-23T10:00'), 1))).toBe('2026-10-26T10:00:00+01:00');
  });

  it('crosses year ends (lazy compilation)', () => {
    const cal = new WorkCalendar(servicedesk);
    expect(f(cal.addWorkingDays(p('2026-12-30T09:00'), 2))).toBe('2027-01-04T09:00:00+01:00');
    // 31 Dec 2026 is working day 1; 2027 has 255 working days (261 weekdays, 6 of them holidays)
    expect(f(cal.addWorkingDays(p('2026-12-30T09:00'), 256))).toBe('2027-12-31T09:00:00+01:00');
    expect(f(cal.addWorkingDays(p('2026-12-30T09:00'), 257))).toBe('2028-01-03T09:00:00+01:00');
    expect(f(cal.addWorkingDays(p('2026-01-02T09:00'), -1))).toBe('2025-12-31T09:00:00+01:00');
  });
});

describe('notice counting', () => {
  it('n = 0 returns the notice instant; n must be a non-negative integer', () => {
    expect(sd.noticeEarliestStart(p('2026-04-13T14:00'), 0)).toBe(p('2026-04-13T14:00'));
    expect(() => sd.noticeEarliestStart(p('2026-04-13T14:00'), -1)).toThrow(/non-negative/);
  });

  it('workingDaysBetweenNotice is negative when the change is dated before the notice', () => {
    expect(sd.workingDaysBetweenNotice(p('2026-04-20T10:00'), p('2026-04-13T10:00'))).toBe(-5);
  });
});

describe('days / dayInfo', () => {
  it('returns one entry per local date, both ends inclusive', () => {
    const march = sd.days('2026-03-01', '2026-03-31');
    expect(march).toHaveLength(31);
    expect(march.filter((d) => d.working)).toHaveLength(22);
    expect(march[0]).toEqual({ date: '2026-03-01', weekday: 'sun', working: false, open: [] });
    expect(march[1]).toEqual({
      date: '2026-03-02',
      weekday: 'mon',
      working: true,
      open: [{ start: '08:00', end: '15:45', startMs: p('2026-03-02T08:00'), endMs: p('2026-03-02T15:45') }],
    });
    expect(sd.days('2026-03-02', '2026-03-01')).toEqual([]);
    // instants are read as their local date
    expect(sd.days(p('2026-03-01T23:30'), p('2026-03-02T00:30')).map((d) => d.date)).toEqual(['2026-03-01', '2026-03-02']);
    expect(() => sd.days('2026-3-1', '2026-03-02')).toThrow(/YYYY-MM-DD/);
  });

  it('localDate and isWorkingDay use the calendar time zone', () => {
    expect(sd.localDate(p('2026-04-16T23:30'))).toBe('2026-04-16');
    expect(sd.localDate(Date.parse('2026-04-16T22:30:00Z'))).toBe('2026-04-17');
    expect(sd.isWorkingDay('2026-04-02')).toBe(false);
    expect(sd.isWorkingDay(p('2026-04-01T18:00'))).toBe(true);
  });
});

describe('special days', () => {
  it('STATE_SPECIAL_DAYS: Wednesday before Maundy Thursday, Christmas Eve, New Year’s Eve end 12:00', () => {
    expect(STATE_SPECIAL_DAYS.map((s) => [s.date, s.closeAt])).toEqual([
      ['easter-4', '12:00'],
      ['12-24', '12:00'],
      ['12-31', '12:00'],
    ]);
  });

  it('a state special day on a weekend stays closed (24 and 31 Dec 2028 are Sundays)', () => {
    expect(sd.dayInfo('2028-12-24')).toMatchObject({ weekday: 'sun', working: false, special: 'Julaften', open: [] });
    expect(sd.dayInfo('2028-12-31')).toMatchObject({ weekday: 'sun', working: false, special: 'Nyttårsaften', open: [] });
  });

  it('explicit lists: closed, hours, closeAt, "YYYY-MM-DD", "easter±N"; later entries win; holidays stay closed', () => {
    const cal = new WorkCalendar({
      ...tul,
      name: 'custom',
      specialDays: [
        { name: 'Påskedager', date: 'easter+1', closed: true },
        { name: 'Kort dag', date: '2026-03-04', closeAt: '12:30' },
        { name: 'Lørdagsåpent', date: '2026-03-07', hours: [{ start: '10:00', end: '14:00' }] },
        { name: 'Stengt', date: '03-10', closed: true },
        { name: 'Åpent likevel', date: '03-10', hours: [{ start: '09:00', end: '10:00' }] },
        { name: 'Søndag', date: '03-08', closeAt: '12:00' },
      ],
    });
    const h = (d: string) => cal.dayInfo(d).open.map((o) => `${o.start}-${o.end}`);
    expect(h('2026-04-06')).toEqual([]);
    expect(h('2027-03-29')).toEqual([]);
    expect(h('2026-03-04')).toEqual(['07:00-12:30']);
    expect(h('2026-03-07')).toEqual(['10:00-14:00']);
    expect(h('2026-03-10')).toEqual(['09:00-10:00']);
    expect(cal.dayInfo('2026-03-10').special).toBe('Åpent likevel');
    expect(h('2026-03-08')).toEqual([]);
    const closing = new WorkCalendar({ ...servicedesk, name: 'x', specialDays: [{ name: 'Åpen 17. mai', date: '05-17', hours: [{ start: '10:00', end: '12:00' }] }] });
    expect(closing.dayInfo('2028-05-17')).toMatchObject({ working: false, holiday: 'Grunnlovsdagen', special: 'Åpen 17. mai' });
  });

  it('seasons may wrap around the new year', () => {
    const cal = new WorkCalendar({
      name: 'winter',
      timezone: 'Europe/Oslo',
      hours: { mon: [{ start: '08:00', end: '16:00' }] },
      seasons: [{ name: 'vinter', from: '12-01', to: '02-28', hours: { mon: [{ start: '09:00', end: '15:00' }] } }],
      excludePublicHolidays: false,
    });
    expect(cal.dayInfo('2026-01-05')).toMatchObject({ season: 'vinter', open: [{ start: '09:00', end: '15:00' }] });
    expect(cal.dayInfo('2026-03-02').open[0]).toMatchObject({ start: '08:00', end: '16:00' });
    expect(cal.dayInfo('2026-12-07').season).toBe('vinter');
  });
});

describe('validation', () => {
  const base: CalendarSpec = { name: 'v', timezone: 'Europe/Oslo', hours: { mon: [{ start: '08:00', end: '16:00' }] }, excludePublicHolidays: true };
  const bad = (patch: Partial<CalendarSpec> | Record<string, unknown>) => () => new WorkCalendar({ ...base, ...patch } as CalendarSpec);
  it('throws clear errors naming the calendar and the field', () => {
    expect(bad({ timezone: 'Europe/Atlantis' })).toThrow(/Calendar "v": timezone: unknown IANA time zone/);
    expect(bad({ hours: { mon: [{ start: '8:00', end: '16:00' }] } })).toThrow(/hours\.mon\[0\].*HH:mm/);
    expect(bad({ hours: { mon: [{ start: '16:00', end: '08:00' }] } })).toThrow(/must be after start/);
    expect(bad({ hours: { mon: [{ start: '08:00', end: '24:30' }] } })).toThrow(/00:00–24:00/);
    expect(bad({ hours: { monday: [] } })).toThrow(/unknown weekday/);
    expect(bad({ seasons: [{ name: 's', from: '02-30', to: '03-01', hours: {} }] })).toThrow(/seasons\[0\]\.from/);
    expect(bad({ specialDays: [{ name: 'x', date: 'easter+x', closed: true }] })).toThrow(/easter±N/);
    expect(bad({ specialDays: [{ name: 'x', date: '12-24', closed: true, closeAt: '12:00' }] })).toThrow(/exactly one/);
    expect(bad({ specialDays: [{ name: 'x', date: '2026-02-29', closed: true }] })).toThrow(/invalid date/);
    expect(bad({ excludePublicHolidays: 'yes' })).toThrow(/excludePublicHolidays/);
  });

  it('a calendar that never opens fails fast on searches; years outside 1900–2300 are refused', () => {
    const never = new WorkCalendar({ ...base, name: 'never', hours: {} });
    expect(never.isOpen(p('2026-03-02T10:00'))).toBe(false);
    expect(never.workingTimeBetween(p('2026-03-02'), p('2026-03-09'))).toBe(0);
    expect(() => never.nextOpen(p('2026-03-02T10:00'))).toThrow(/never opens/);
    expect(() => never.addWorkingTime(p('2026-03-02T10:00'), HOUR_MS)).toThrow(/never opens/);
    expect(() => sd.isOpen(p('2301-01-01'))).toThrow(RangeError);
    expect(() => new WorkCalendar(servicedesk, { years: [2030, 2025] })).toThrow(/invalid years/);
  });
});

describe('compileCalendar', () => {
  it('caches per spec object and can compile years eagerly', () => {
    expect(compileCalendar(servicedesk)).toBe(compileCalendar(servicedesk));
    expect(compileCalendar({ ...servicedesk })).not.toBe(compileCalendar(servicedesk));
    expect(new WorkCalendar(tul, { years: [2025, 2030] }).coveredYears()).toEqual([2025, 2030]);
  });
});
