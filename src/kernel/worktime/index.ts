/** Working-time engine: calendars, working-time arithmetic, notice counting, formatting. Pure code, no I/O. */
export * from './types.ts';
export {
  WorkCalendar,
  compileCalendar,
  MIN_YEAR,
  MAX_YEAR,
  type Instant,
  type OpenInterval,
  type DayOpening,
  type DayInfo,
  type WorkCalendarOptions,
} from './calendar.ts';
export { STATE_SPECIAL_DAYS, normalizeSpec, type NormalizedSpec } from './rules.ts';
export { norwegianPublicHolidays, norwegianPublicHoliday } from './holidays.ts';
export { formatInstant, formatLocal, parseInstant, parseDuration, DEFAULT_TIMEZONE } from './format.ts';
export { addCalendarDuration, subtractCalendarDuration, type CalendarDuration } from './duration.ts';
export { SECOND_MS, MINUTE_MS, HOUR_MS, DAY_MS, easterSunday } from './time.ts';
