/**
 * Test fixtures: the four Altinn calendars as CalendarSpec data. The authoritative copies live in the agreement
 * policy (policies/altinn.yaml, loaded by src/kernel/policy); these mirror them for the worktime tests and benchmarks.
 */
import type { CalendarSpec, TimeRange, WeeklyHours } from './types.ts';

function weekdays(...ranges: TimeRange[]): WeeklyHours {
  return { mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges };
}

const allDay: TimeRange[] = [{ start: '00:00', end: '24:00' }];

/** Around the clock, every day, no holidays (S-2.2.1 category A). */
export const always: CalendarSpec = {
  name: 'always',
  description: 'Døgnet rundt, alle dager',
  timezone: 'Europe/Oslo',
  hours: { ...weekdays(...allDay), sat: allDay, sun: allDay },
  excludePublicHolidays: false,
};

/** Service desk: working days 08:00–15:45, 15 May–15 Sep 08:00–15:00 (S-5.1; working hours for S-2.2.2/S-2.2.3). */
export const servicedesk: CalendarSpec = {
  name: 'servicedesk',
  description: 'Brukerstøtte for tjenesteeiere',
  clauses: ['S-5.1', 'S-2.2.2', 'S-2.2.3', 'S-2.3.2'],
  timezone: 'Europe/Oslo',
  hours: weekdays({ start: '08:00', end: '15:45' }),
  seasons: [{ name: 'sommer', from: '05-15', to: '09-15', hours: weekdays({ start: '08:00', end: '15:00' }) }],
  excludePublicHolidays: true,
  specialDays: 'state',
};

/** User service (ABS): working days 08:00–15:30, 15 May–15 Sep 08:00–15:00 (S-4.1). */
export const abs: CalendarSpec = {
  name: 'abs',
  description: 'Altinn brukerservice',
  clauses: ['S-4.1'],
  timezone: 'Europe/Oslo',
  hours: weekdays({ start: '08:00', end: '15:30' }),
  seasons: [{ name: 'sommer', from: '05-15', to: '09-15', hours: weekdays({ start: '08:00', end: '15:00' }) }],
  excludePublicHolidays: true,
  specialDays: 'state',
};

/** Altinn Studio / TUL / TT operating window: Mon–Fri 07:00–20:00, public holidays included (S-2.4.1). */
export const tul: CalendarSpec = {
  name: 'tul',
  description: 'Altinn Studio, TUL og TT: driftstid',
  clauses: ['S-2.4.1'],
  timezone: 'Europe/Oslo',
  hours: weekdays({ start: '07:00', end: '20:00' }),
  excludePublicHolidays: false,
  specialDays: [],
};

export const altinnFixtureCalendars = { always, servicedesk, abs, tul } as const;
