import { describe, expect, it } from 'vitest';
import { addCalendarDuration, subtractCalendarDuration } from './duration.ts';
import { formatInstant, parseInstant } from './format.ts';

const add = (from: string, amount: number, unit: 'calendarDays' | 'weeks' | 'months') =>
  formatInstant(addCalendarDuration(parseInstant(from), { amount, unit }));

describe('calendar durations', () => {
  it('[T-9] three months from a month end clamp to the last day of the month', () => {
    expect(add('2026-01-31T10:00', 3, 'months')).toBe('2026-04-30T10:00:00+02:00');
    expect(add('2026-11-21T12:00', 3, 'months')).toBe('2027-02-21T12:00:00+01:00');
  });

  it('days keep the local time across DST changes', () => {
    expect(add('2026-03-28T12:00', 1, 'calendarDays')).toBe('2026-03-29T12:00:00+02:00');
    expect(add('2026-10-24T12:00', 7, 'calendarDays')).toBe('2026-10-31T12:00:00+01:00');
    expect(add('2026-10-20T09:00', 1, 'weeks')).toBe('2026-10-27T09:00:00+01:00');
  });

  it('subtracts', () => {
    expect(formatInstant(subtractCalendarDuration(parseInstant('2026-07-01T00:00'), { amount: 6, unit: 'months' }))).toBe('2026-01-01T00:00:00+01:00');
  });
});
