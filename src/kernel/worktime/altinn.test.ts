/**
 * The Altinn calendars (fixtures.ts) against the clauses of the service level agreement.
 * Every expectation is written with Oslo-offset ISO strings.
 */
import { describe, expect, it } from 'vitest';
import { WorkCalendar, formatInstant, parseInstant, HOUR_MS, MINUTE_MS } from './index.ts';
import { abs, always, servicedesk, tul } from './fixtures.ts';

const p = (s: string) => parseInstant(s);
const f = (ms: number) => formatInstant(ms);
const hours = (cal: WorkCalendar, date: string) => cal.dayInfo(date).open.map((o) => `${o.start}-${o.end}`);

const sd = new WorkCalendar(servicedesk);
const ab = new WorkCalendar(abs);
const tu = new WorkCalendar(tul);
const al = new WorkCalendar(always);

describe('service desk', () => {
  it('[S-5.1] service desk closes 15:45, 15:00 in summer', () => {
    // 2026-03-02 is an ordinary Monday
    expect(hours(sd, '2026-03-02')).toEqual(['08:00-15:45']);
    expect(sd.isOpen(p('2026-03-02T07:59:59'))).toBe(false);
    expect(sd.isOpen(p('2026-03-02T08:00'))).toBe(true);
    expect(sd.isOpen(p('2026-03-02T15:44:59'))).toBe(true);
    expect(sd.isOpen(p('2026-03-02T15:45'))).toBe(false);
    expect(hours(sd, '2026-07-01')).toEqual(['08:00-15:00']);
    expect(sd.dayInfo('2026-07-01').season).toBe('sommer');
    expect(sd.isOpen(p('2026-07-01T15:00'))).toBe(false);
    expect(hours(sd, '2026-03-07')).toEqual([]); // Saturday
    expect(hours(sd, '2026-03-08')).toEqual([]); // Sunday
  });

  it('[S-5.1] summer hours 15 May – 15 September inclusive (2025: Wed 14 May … Tue 16 Sep)', () => {
    expect(sd.days('2025-05-14', '2025-05-15').map((d) => [d.date, d.weekday, d.season, d.open.map((o) => `${o.start}-${o.end}`)])).toEqual([
      ['2025-05-14', 'wed', undefined, ['08:00-15:45']],
      ['2025-05-15', 'thu', 'sommer', ['08:00-15:00']],
    ]);
    expect(sd.days('2025-09-15', '2025-09-16').map((d) => [d.date, d.weekday, d.season, d.open.map((o) => `${o.start}-${o.end}`)])).toEqual([
      ['2025-09-15', 'mon', 'sommer', ['08:00-15:00']],
      ['2025-09-16', 'tue', undefined, ['08:00-15:45']],
    ]);
    expect(sd.isOpen(p('2025-05-14T15:30'))).toBe(true);
    expect(sd.isOpen(p('2025-05-15T15:30'))).toBe(false);
    expect(sd.isOpen(p('2025-09-15T15:30'))).toBe(false);
    expect(sd.isOpen(p('2025-09-16T15:30'))).toBe(true);
    // 1 working hour from Wed 14 May 15:00: 45 min on the 14th, 15 min on the 15th (summer)
    expect(f(sd.addWorkingTime(p('2025-05-14T15:00'), HOUR_MS))).toBe('2025-05-15T08:15:00+02:00');
    // 1 working hour from Mon 15 Sep 14:30: 30 min until 15:00, 30 min on Tue 16 Sep
    expect(f(sd.addWorkingTime(p('2025-09-15T14:30'), HOUR_MS))).toBe('2025-09-16T08:30:00+02:00');
  });

  it('[S-5.1] Easter 2026: the Wednesday before Maundy Thursday ends 12:00, Maundy Thursday → Easter Monday closed', () => {
    expect(sd.days('2026-04-01', '2026-04-07').map((d) => [d.date, d.open.map((o) => `${o.start}-${o.end}`), d.holiday ?? d.special ?? null])).toEqual([
      ['2026-04-01', ['08:00-12:00'], 'Onsdag før skjærtorsdag'],
      ['2026-04-02', [], 'Skjærtorsdag'],
      ['2026-04-03', [], 'Langfredag'],
      ['2026-04-04', [], null],
      ['2026-04-05', [], 'Første påskedag'],
      ['2026-04-06', [], 'Andre påskedag'],
      ['2026-04-07', ['08:00-15:45'], null],
    ]);
    expect(sd.isOpen(p('2026-04-01T11:59'))).toBe(true);
    expect(sd.isOpen(p('2026-04-01T12:00'))).toBe(false);
    expect(f(sd.nextOpen(p('2026-04-01T12:00')))).toBe('2026-04-07T08:00:00+02:00');
  });

  it('[S-5.1] Ascension Day, Whit Monday and 17 May are closed', () => {
    expect(sd.dayInfo('2026-05-14')).toMatchObject({ weekday: 'thu', working: false, holiday: 'Kristi himmelfartsdag' });
    expect(sd.dayInfo('2026-05-25')).toMatchObject({ weekday: 'mon', working: false, holiday: 'Andre pinsedag' });
    // 17 May 2026 is a Sunday: closed anyway, still named
    expect(sd.dayInfo('2026-05-17')).toMatchObject({ weekday: 'sun', working: false, holiday: 'Grunnlovsdagen' });
    // 17 May 2027 is a Monday and also Whit Monday
    expect(sd.dayInfo('2027-05-17')).toMatchObject({ weekday: 'mon', working: false, holiday: 'Grunnlovsdagen / Andre pinsedag' });
    // 17 May 2028 is a Wednesday
    expect(sd.dayInfo('2028-05-17')).toMatchObject({ weekday: 'wed', working: false, holiday: 'Grunnlovsdagen' });
    // Wed 13 May 2026 15:00 + 1 h: 45 min, Ascension closed, 15 min on Fri 15 May (first summer day)
    expect(f(sd.addWorkingTime(p('2026-05-13T15:00'), HOUR_MS))).toBe('2026-05-15T08:15:00+02:00');
    // Fri 22 May 2026 14:30 + 1 h: 30 min, weekend + Whit Monday, 30 min on Tue 26 May
    expect(f(sd.addWorkingTime(p('2026-05-22T14:30'), HOUR_MS))).toBe('2026-05-26T08:30:00+02:00');
    // Tue 16 May 2028 14:30 + 1 h: 30 min, 17 May closed, 30 min on Thu 18 May
    expect(f(sd.addWorkingTime(p('2028-05-16T14:30'), HOUR_MS))).toBe('2028-05-18T08:30:00+02:00');
  });

  it('[S-5.1] Christmas week 2026: 24 Dec ends 12:00, 25/26 closed, 31 Dec ends 12:00, 1 Jan closed', () => {
    expect(sd.days('2026-12-24', '2027-01-04').map((d) => `${d.date} ${d.open.map((o) => `${o.start}-${o.end}`).join(',') || 'closed'}`)).toEqual([
      '2026-12-24 08:00-12:00',
      '2026-12-25 closed',
      '2026-12-26 closed',
      '2026-12-27 closed',
      '2026-12-28 08:00-15:45',
      '2026-12-29 08:00-15:45',
      '2026-12-30 08:00-15:45',
      '2026-12-31 08:00-12:00',
      '2027-01-01 closed',
      '2027-01-02 closed',
      '2027-01-03 closed',
      '2027-01-04 08:00-15:45',
    ]);
    expect(sd.dayInfo('2026-12-24')).toMatchObject({ special: 'Julaften', working: true });
    expect(sd.dayInfo('2026-12-25').holiday).toBe('Første juledag');
    expect(sd.dayInfo('2026-12-26').holiday).toBe('Andre juledag');
    expect(sd.dayInfo('2026-12-31')).toMatchObject({ special: 'Nyttårsaften', working: true });
    expect(sd.dayInfo('2027-01-01').holiday).toBe('Første nyttårsdag');
    expect(f(sd.nextOpen(p('2026-12-31T12:00')))).toBe('2027-01-04T08:00:00+01:00');
    // Mon 21 – Wed 23 Dec: 3 × 7 h 45 min, Thu 24 Dec: 4 h
    expect(sd.workingTimeBetween(p('2026-12-21'), p('2026-12-28'))).toBe(27 * HOUR_MS + 15 * MINUTE_MS);
  });
});

describe('incident deadlines', () => {
  it('[S-2.2.2] B: response due after 1 working hour', () => {
    // 15:30 on a day closing 15:45 → 15 min today, 45 min next working day
    expect(f(sd.addWorkingTime(p('2026-03-02T15:30'), HOUR_MS))).toBe('2026-03-03T08:45:00+01:00');
    // reported in the evening or at the weekend: the hour starts at the next opening
    expect(f(sd.addWorkingTime(p('2026-03-02T22:10'), HOUR_MS))).toBe('2026-03-03T09:00:00+01:00');
    expect(f(sd.addWorkingTime(p('2026-03-07T11:00'), HOUR_MS))).toBe('2026-03-09T09:00:00+01:00');
    // time running out exactly at closing: due at the closing time
    expect(f(sd.addWorkingTime(p('2026-03-02T14:45'), HOUR_MS))).toBe('2026-03-02T15:45:00+01:00');
    // Wednesday before Maundy Thursday 11:30: 30 min until 12:00, 30 min after Easter
    expect(f(sd.addWorkingTime(p('2026-04-01T11:30'), HOUR_MS))).toBe('2026-04-07T08:30:00+02:00');
    // Christmas Eve 11:00 + 2 h: 1 h until 12:00, 1 h on Mon 28 Dec
    expect(f(sd.addWorkingTime(p('2026-12-24T11:00'), 2 * HOUR_MS))).toBe('2026-12-28T09:00:00+01:00');
    // Fri 27 March 2026 15:30 + 1 h across the spring DST change: 15 min Friday, 45 min Monday (summer time)
    expect(f(sd.addWorkingTime(p('2026-03-27T15:30'), HOUR_MS))).toBe('2026-03-30T08:45:00+02:00');
  });

  it('[S-2.2.1] A: response due 1 calendar hour after reporting (always calendar)', () => {
    expect(f(al.addWorkingTime(p('2026-12-24T23:30'), HOUR_MS))).toBe('2026-12-25T00:30:00+01:00');
    expect(f(al.addWorkingTime(p('2026-03-29T01:30'), HOUR_MS))).toBe('2026-03-29T03:30:00+02:00');
  });

  it('[S-2.2.3] C: resolution due 3 working days later', () => {
    // Wed 1 April 2026 10:00: Thu 2 – Mon 6 April are Easter closures, so the working days are 7, 8, 9 April
    expect(f(sd.addWorkingDays(p('2026-04-01T10:00'), 3))).toBe('2026-04-09T10:00:00+02:00');
    expect(f(sd.addWorkingDays(p('2026-03-30T10:00'), 3))).toBe('2026-04-07T10:00:00+02:00');
    // an ordinary week
    expect(f(sd.addWorkingDays(p('2026-03-04T13:20'), 3))).toBe('2026-03-09T13:20:00+01:00');
    // reported on Saturday: counts from Monday 08:00
    expect(f(sd.addWorkingDays(p('2026-03-07T13:20'), 3))).toBe('2026-03-12T08:00:00+01:00');
    // reported after closing: counts from the next morning
    expect(f(sd.addWorkingDays(p('2026-03-02T17:00'), 3))).toBe('2026-03-06T08:00:00+01:00');
    // the target day closes earlier (Christmas Eve 12:00): due at its closing time
    expect(f(sd.addWorkingDays(p('2026-12-21T14:00'), 3))).toBe('2026-12-24T12:00:00+01:00');
    expect(f(sd.addWorkingDays(p('2026-12-23T14:00'), 3))).toBe('2026-12-29T14:00:00+01:00');
    // into summer hours: 15:30 on Wed 13 May 2026 → Mon 18 May closes 15:00
    expect(f(sd.addWorkingDays(p('2026-05-13T15:30'), 3))).toBe('2026-05-19T15:00:00+02:00');
  });
});

describe('maintenance notice', () => {
  it('[S-2.3.2] maintenance needs 5 working days notice', () => {
    const notice = p('2026-04-13T14:00'); // Monday
    expect(f(sd.noticeEarliestStart(notice, 5))).toBe('2026-04-20T00:00:00+02:00');
    expect(sd.workingDaysBetweenNotice(notice, p('2026-04-20T00:00'))).toBe(5);
    expect(sd.workingDaysBetweenNotice(notice, p('2026-04-19T23:59'))).toBe(4);
    expect(sd.workingDaysBetweenNotice(notice, p('2026-04-16T18:00'))).toBe(3); // "5 required, 3 given"
    expect(sd.workingDaysBetweenNotice(notice, p('2026-04-13T22:00'))).toBe(0);
  });

  it('[S-2.3.2] notice counting skips Easter and Christmas closures; half days count as working days', () => {
    // Mon 30 March 2026: Tue 31, Wed 1 (half day), Tue 7, Wed 8, Thu 9 April
    expect(f(sd.noticeEarliestStart(p('2026-03-30T09:00'), 5))).toBe('2026-04-09T00:00:00+02:00');
    // Fri 18 Dec 2026: 21, 22, 23, 24 (half day), 28 Dec
    expect(f(sd.noticeEarliestStart(p('2026-12-18T12:00'), 5))).toBe('2026-12-28T00:00:00+01:00');
    // a notice given on a Saturday: the Saturday is day 0
    expect(f(sd.noticeEarliestStart(p('2026-04-11T12:00'), 5))).toBe('2026-04-17T00:00:00+02:00');
  });

  it('[S-2.3.2] the notice day is the local (Oslo) date', () => {
    // Thu 23:30 and Fri 00:30 local are both Thursday in UTC
    expect(f(sd.noticeEarliestStart(p('2026-04-16T23:30'), 5))).toBe('2026-04-23T00:00:00+02:00');
    expect(f(sd.noticeEarliestStart(p('2026-04-17T00:30'), 5))).toBe('2026-04-24T00:00:00+02:00');
  });
});

describe('user service (ABS)', () => {
  it('[S-4.1] ABS is open working days 08:00–15:30, 15 May–15 Sep 08:00–15:00', () => {
    expect(hours(ab, '2025-05-14')).toEqual(['08:00-15:30']);
    expect(hours(ab, '2025-05-15')).toEqual(['08:00-15:00']);
    expect(hours(ab, '2025-09-15')).toEqual(['08:00-15:00']);
    expect(hours(ab, '2025-09-16')).toEqual(['08:00-15:30']);
    expect(ab.isOpen(p('2025-05-14T15:29'))).toBe(true);
    expect(ab.isOpen(p('2025-05-14T15:30'))).toBe(false);
    expect(hours(ab, '2025-12-24')).toEqual(['08:00-12:00']);
    expect(hours(ab, '2025-12-25')).toEqual([]);
    expect(hours(ab, '2025-04-16')).toEqual(['08:00-12:00']); // Wednesday before Maundy Thursday 2025
    expect(hours(ab, '2025-04-17')).toEqual([]);
    expect(f(ab.addWorkingTime(p('2026-03-02T15:00'), HOUR_MS))).toBe('2026-03-03T08:30:00+01:00');
  });
});

describe('Altinn Studio / TUL / TT operating window', () => {
  it('[S-2.4.1] TUL runs Mon–Fri 07:00–20:00, public holidays included', () => {
    expect(hours(tu, '2026-03-02')).toEqual(['07:00-20:00']);
    expect(hours(tu, '2026-03-07')).toEqual([]);
    expect(tu.isOpen(p('2026-03-02T06:59'))).toBe(false);
    expect(tu.isOpen(p('2026-03-02T07:00'))).toBe(true);
    expect(tu.isOpen(p('2026-03-02T19:59'))).toBe(true);
    expect(tu.isOpen(p('2026-03-02T20:00'))).toBe(false);
    // public holidays on weekdays are inside the window, and named
    expect(tu.dayInfo('2026-04-02')).toMatchObject({ working: true, holiday: 'Skjærtorsdag' });
    expect(hours(tu, '2026-04-06')).toEqual(['07:00-20:00']);
    expect(hours(tu, '2027-05-17')).toEqual(['07:00-20:00']);
    // no special days: Christmas Eve is a full day
    expect(hours(tu, '2026-12-24')).toEqual(['07:00-20:00']);
    expect(hours(tu, '2026-12-25')).toEqual(['07:00-20:00']);
  });

  it('[S-2.4.1] maintenance overlapping the operating window is found with openIntervals', () => {
    expect(tu.openIntervals(p('2026-04-03T19:00'), p('2026-04-03T23:00')).map((i) => [f(i.start), f(i.end)])).toEqual([
      ['2026-04-03T19:00:00+02:00', '2026-04-03T20:00:00+02:00'],
    ]);
    // Friday 20:00 to Monday 07:00 is entirely outside
    expect(tu.openIntervals(p('2026-04-03T20:00'), p('2026-04-06T07:00'))).toEqual([]);
    expect(tu.workingTimeBetween(p('2026-04-03T20:00'), p('2026-04-06T07:00'))).toBe(0);
  });
});
