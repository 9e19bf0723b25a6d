import { describe, expect, it } from 'vitest';
import { formatInstant, formatLocal, parseDuration, parseInstant, norwegianPublicHolidays, norwegianPublicHoliday, easterSunday, HOUR_MS, MINUTE_MS, DAY_MS } from './index.ts';

describe('formatInstant / formatLocal', () => {
  it('ISO 8601 with the Oslo offset, seconds precision', () => {
    expect(formatInstant(Date.UTC(2026, 3, 8, 8, 0))).toBe('2026-04-08T10:00:00+02:00');
    expect(formatInstant(Date.UTC(2026, 0, 8, 8, 0, 5, 999))).toBe('2026-01-08T09:00:05+01:00');
    expect(formatInstant(new Date(Date.UTC(2026, 3, 8, 8, 0)), 'UTC')).toBe('2026-04-08T08:00:00+00:00');
    expect(() => formatInstant(Number.NaN)).toThrow(/invalid instant/);
    expect(() => formatInstant(0, 'Mars/Olympus')).toThrow(/time zone/);
  });

  it('human Norwegian local time', () => {
    expect(formatLocal(Date.UTC(2026, 3, 8, 8, 0))).toBe('08.04.2026 10:00');
    expect(formatLocal(Date.UTC(2026, 11, 31, 22, 59))).toBe('31.12.2026 23:59');
  });
});

describe('parseInstant', () => {
  it('accepts ISO with offset or Z, local date-time and local date', () => {
    const t = Date.UTC(2026, 3, 8, 8, 0);
    expect(parseInstant('2026-04-08T10:00:00+02:00')).toBe(t);
    expect(parseInstant('2026-04-08T10:00:00+0200')).toBe(t);
    expect(parseInstant('2026-04-08T08:00:00Z')).toBe(t);
    expect(parseInstant('2026-04-08T08:00Z')).toBe(t);
    expect(parseInstant('2026-04-08T08:00:00.250Z')).toBe(t + 250);
    expect(parseInstant('2026-04-08T10:00')).toBe(t);
    expect(parseInstant('2026-04-08 10:00:30')).toBe(t + 30_000);
    expect(parseInstant('2026-04-08')).toBe(Date.UTC(2026, 3, 7, 22, 0));
    expect(parseInstant('2026-01-08')).toBe(Date.UTC(2026, 0, 7, 23, 0));
    expect(parseInstant('2026-04-08T10:00', 'UTC')).toBe(Date.UTC(2026, 3, 8, 10, 0));
  });

  it('DST: an ambiguous local time is its first occurrence, a skipped one moves forward', () => {
    expect(formatInstant(parseInstant('2026-10-25T02:30'))).toBe('2026-10-25T02:30:00+02:00');
    expect(formatInstant(parseInstant('2026-10-25T02:30+01:00'))).toBe('2026-10-25T02:30:00+01:00');
    expect(formatInstant(parseInstant('2026-03-29T02:30'))).toBe('2026-03-29T03:30:00+02:00');
  });

  it('round-trips formatInstant', () => {
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2031, 0, 1); t += 7 * DAY_MS + 13 * MINUTE_MS) {
      const s = Math.floor(t / 1000) * 1000;
      expect(parseInstant(formatInstant(s))).toBe(s);
    }
  });

  it('throws a clear Error on invalid input', () => {
    for (const bad of ['', 'yesterday', '2026-13-01', '2026-02-30', '2026-04-08T25:00', '2026-04-08T10:61', '2026-04-08T10:00+25:00', '08.04.2026', '2026-04-08+02:00']) {
      expect(() => parseInstant(bad), bad).toThrow(/Invalid instant/);
    }
    expect(() => parseInstant(42 as unknown as string)).toThrow(/Invalid instant/);
    expect(() => parseInstant('2026-04-08', 'Nowhere/City')).toThrow(/time zone/);
  });
});

describe('parseDuration', () => {
  it('ISO 8601 and short forms', () => {
    expect(parseDuration('PT1H30M')).toBe(90 * MINUTE_MS);
    expect(parseDuration('P3D')).toBe(3 * DAY_MS);
    expect(parseDuration('P1W')).toBe(7 * DAY_MS);
    expect(parseDuration('PT0.5S')).toBe(500);
    expect(parseDuration('1h30m')).toBe(90 * MINUTE_MS);
    expect(parseDuration('90m')).toBe(90 * MINUTE_MS);
    expect(parseDuration('2d')).toBe(2 * DAY_MS);
    expect(parseDuration('1.5h')).toBe(1.5 * HOUR_MS);
    expect(parseDuration('45s')).toBe(45_000);
    expect(parseDuration('500ms')).toBe(500);
  });

  it('refuses ambiguous and invalid durations', () => {
    for (const bad of ['P1M', 'P1Y', '', 'abc', '1x', 'PT']) expect(() => parseDuration(bad), bad).toThrow(/Invalid duration/);
  });
});

describe('Norwegian public holidays (date-holidays NO, type public)', () => {
  it('2026: the twelve holidays with their Norwegian names', () => {
    expect([...norwegianPublicHolidays(2026)]).toEqual([
      ['2026-01-01', 'Første nyttårsdag'],
      ['2026-04-02', 'Skjærtorsdag'],
      ['2026-04-03', 'Langfredag'],
      ['2026-04-05', 'Første påskedag'],
      ['2026-04-06', 'Andre påskedag'],
      ['2026-05-01', 'Arbeidernes dag'],
      ['2026-05-14', 'Kristi himmelfartsdag'],
      ['2026-05-17', 'Grunnlovsdagen'],
      ['2026-05-24', 'Første pinsedag'],
      ['2026-05-25', 'Andre pinsedag'],
      ['2026-12-25', 'Første juledag'],
      ['2026-12-26', 'Andre juledag'],
    ]);
  });

  it('Christmas Eve and New Year’s Eve are not public holidays; 17 May 2027 is also Whit Monday', () => {
    expect(norwegianPublicHoliday('2026-12-24')).toBeUndefined();
    expect(norwegianPublicHoliday('2026-12-31')).toBeUndefined();
    expect(norwegianPublicHoliday('2027-05-17')).toBe('Grunnlovsdagen / Andre pinsedag');
  });

  it('easterSunday agrees with date-holidays 2025–2030', () => {
    for (let y = 2025; y <= 2030; y++) {
      const d = new Date(easterSunday(y) * DAY_MS).toISOString().slice(0, 10);
      expect(norwegianPublicHoliday(d), d).toBe('Første påskedag');
    }
  });
});
