/**
 * Declarative description of a working calendar. Calendars are data in the agreement policy
 * (policies/altinn.yaml → `calendars`); the engine in this folder turns them into fast arithmetic.
 * All local times are wall-clock times in `timezone` (Europe/Oslo for every Altinn calendar).
 */

/** "HH:mm" local wall-clock time; "24:00" is allowed as an end time. */
export type LocalTime = string;

export interface TimeRange {
  start: LocalTime;
  end: LocalTime;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Opening ranges per weekday; a missing or empty day is closed. */
export type WeeklyHours = Partial<Record<Weekday, TimeRange[]>>;

/** A seasonal variant of the weekly hours, e.g. summer hours 15 May – 15 September (inclusive). */
export interface SeasonSpec {
  name: string;
  /** "MM-DD", first day of the season (inclusive). */
  from: string;
  /** "MM-DD", last day of the season (inclusive). */
  to: string;
  hours: WeeklyHours;
}

/**
 * A special day. `date` is one of:
 *  - "MM-DD"           every year (e.g. "12-24" Christmas Eve),
 *  - "YYYY-MM-DD"      one date,
 *  - "easter+N" / "easter-N"  relative to Easter Sunday (e.g. "easter-4" = the Wednesday before Maundy Thursday).
 * Exactly one effect applies:
 *  - closeAt: the day's normal opening ends at this time at the latest (a day that is normally closed stays closed),
 *  - hours:   replaces the day's opening ranges,
 *  - closed:  the day is closed.
 */
export interface SpecialDay {
  name: string;
  date: string;
  closeAt?: LocalTime;
  hours?: TimeRange[];
  closed?: boolean;
}

export interface CalendarSpec {
  name: string;
  description?: string;
  /** Clause IDs this calendar implements, e.g. ["S-5.1"]. */
  clauses?: string[];
  timezone: string;
  hours: WeeklyHours;
  seasons?: SeasonSpec[];
  /** Norwegian public holidays (date-holidays "NO", type "public") are closed days when true. */
  excludePublicHolidays: boolean;
  /**
   * Special days. "state" = the state's working-time rule: Christmas Eve, New Year's Eve and the Wednesday before
   * Maundy Thursday are working days that end at 12:00. An explicit list replaces that rule; [] means none.
   */
  specialDays?: 'state' | SpecialDay[];
}
