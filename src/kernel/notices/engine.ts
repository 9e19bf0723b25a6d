/**
 * Lead times and the window rule of notices of planned maintenance and changes (S-2.3.2–S-2.3.5, S-2.4.1–S-2.4.4,
 * T-3.1, T-3.1.1, T-3.1.2). Pure: a function of the policy, its calendars and the instants given. See docs/notices.md.
 *
 * Lead time (a notice class's `leadTime`, `calendar` and `counting`):
 *  - noticeDay0: the local date (calendar's time zone, Europe/Oslo) on which the notice is published is day 0,
 *    whatever the time of day and whether or not that day is a working day; the change may start at any time on day
 *    N at the earliest, i.e. from local 00:00 of day N. workingDays: day N is the N-th working day of the calendar
 *    after the publication date (a working day is a day with any opening: Christmas Eve with the desk open until
 *    12:00 counts as one); calendarDays / weeks / months: the publication date plus N days / weeks / months
 *    (months clamp to the month's last day: 31 August + 6 months = 28 or 29 February). N = 0: any time on day 0.
 *  - exact: publication instant + lead time (working units by working-time arithmetic on the calendar).
 * A notice is late when the change starts before the earliest start.
 *
 * Window rule (S-2.4.1): for each affected component whose class says `maintenance.insideWindow`:
 *  - refuse: work that overlaps the class's operating window (its calendar's opening hours) is an error — or only a
 *    warning when the notice class `overridesWindowRule` (emergency changes, S-2.4.4);
 *  - flag: a warning; allow: nothing (a 24/7 window always contains the work; it is announced instead).
 * Critical periods (T-3.1): work whose local dates overlap a yearly critical period (inclusive MM-DD range, which
 * wraps over New Year when `from` is after `to`) is a warning.
 * Both only apply to work that may reduce performance or availability (impact other than "none").
 */
import { DateTime } from 'luxon';
import type { ComponentClass, CriticalPeriod, NoticeClass, Policy } from '../policy/schema.ts';
import { WEEKDAYS, type Weekday, type WeeklyHours } from '../worktime/types.ts';
import type { WorkCalendar } from '../worktime/calendar.ts';
import { DEFAULT_TIMEZONE } from '../worktime/format.ts';
import { HOUR_MS, MINUTE_MS } from '../worktime/time.ts';

/** What the engine needs of the policy runtime (PolicyRuntime satisfies it). */
export interface NoticeEnv {
  policy: Policy;
  calendar(name: string): WorkCalendar | undefined;
}

/** A finding of the check, in English (`message`) and bokmål (`nb`), with the clauses it rests on. */
export interface NoticeIssue {
  code: 'unknownClass' | 'unknownComponent' | 'classNotApplicable' | 'endBeforeStart' | 'insideWindow' | 'criticalPeriod';
  message: string;
  nb: string;
  clauses: string[];
  /** Components concerned (window rule, applicability). */
  components?: string[];
  /** insideWindow: the operating window's calendar and its hours, e.g. "Mon–Fri 07:00–20:00". */
  window?: { calendar: string; hours: string; hoursNb: string; overlapStart: string; overlapEnd: string };
  /** criticalPeriod: the period's id and its dates in the years the work touches. */
  period?: { id: string; from: string; to: string };
}

export interface NoticeCheckInput {
  publishedAt: Date | number;
  startsAt: Date | number;
  endsAt?: Date | number | null;
  components: readonly string[];
  /** What the work does to the components; "none" (a change without downtime) skips the window rule and critical periods. */
  impact?: string;
}

export interface NoticeCheckResult {
  /** Earliest start the class's lead time allows (epoch ms). */
  earliestStart: number;
  /** The change starts before `earliestStart`. */
  late: boolean;
  /** The lead time as stated by the policy, for messages. */
  leadTime: { amount: number; unit: string; counting: string; calendar: string | null };
  warnings: NoticeIssue[];
  errors: NoticeIssue[];
}

const ms = (x: Date | number): number => (typeof x === 'number' ? x : x.getTime());

function classOf(env: NoticeEnv, classKey: string): NoticeClass {
  const nc = env.policy.noticeClasses[classKey];
  if (!nc) throw new RangeError(`unknown notice class "${classKey}"; the policy has ${Object.keys(env.policy.noticeClasses).join(', ')}`);
  return nc;
}

function calendarOf(env: NoticeEnv, name: string, what: string): WorkCalendar {
  const cal = env.calendar(name);
  if (!cal) throw new RangeError(`${what}: unknown calendar "${name}"`);
  return cal;
}

/** The time zone a notice class counts in: its calendar's, else Europe/Oslo. */
function zoneOf(env: NoticeEnv, nc: NoticeClass): string {
  return nc.calendar ? calendarOf(env, nc.calendar, 'notice class').timezone : DEFAULT_TIMEZONE;
}

/**
 * The earliest start a notice of `classKey` published at `publishedAt` allows (epoch ms). Throws a RangeError for an
 * unknown class or calendar.
 */
export function earliestStart(env: NoticeEnv, classKey: string, publishedAt: Date | number): number {
  const nc = classOf(env, classKey);
  const at = ms(publishedAt);
  if (!Number.isFinite(at)) throw new TypeError('earliestStart: invalid publication instant');
  const { amount, unit } = nc.leadTime;
  const zone = zoneOf(env, nc);
  const needsCal = unit === 'workingDays' || unit === 'workingHours';
  const cal = needsCal ? calendarOf(env, nc.calendar ?? '', `notice class lead time in ${unit}`) : undefined;

  if (nc.counting === 'noticeDay0') {
    const day0 = DateTime.fromMillis(at, { zone }).startOf('day');
    if (amount === 0) return day0.toMillis();
    switch (unit) {
      case 'workingDays':
        return cal!.noticeEarliestStart(at, amount);
      case 'calendarDays':
        return day0.plus({ days: amount }).startOf('day').toMillis();
      case 'weeks':
        return day0.plus({ weeks: amount }).startOf('day').toMillis();
      case 'months':
        return day0.plus({ months: amount }).startOf('day').toMillis();
      default:
        throw new RangeError(`noticeDay0 counts whole days; ${unit} needs counting "exact"`);
    }
  }
  switch (unit) {
    case 'minutes':
      return at + amount * MINUTE_MS;
    case 'hours':
      return at + amount * HOUR_MS;
    case 'workingHours':
      return cal!.addWorkingTime(at, amount * HOUR_MS);
    case 'workingDays':
      return cal!.addWorkingDays(at, amount);
    case 'calendarDays':
      return DateTime.fromMillis(at, { zone }).plus({ days: amount }).toMillis();
    case 'weeks':
      return DateTime.fromMillis(at, { zone }).plus({ weeks: amount }).toMillis();
    case 'months':
      return DateTime.fromMillis(at, { zone }).plus({ months: amount }).toMillis();
  }
}

interface ComponentRef {
  classKey: string;
  cls: ComponentClass;
}

function componentIndex(policy: Policy): Map<string, ComponentRef> {
  const out = new Map<string, ComponentRef>();
  for (const [classKey, cls] of Object.entries(policy.componentClasses)) for (const c of cls.components) out.set(c.id, { classKey, cls });
  return out;
}

const DAY_EN: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const DAY_NB: Record<Weekday, string> = { mon: 'man', tue: 'tir', wed: 'ons', thu: 'tor', fri: 'fre', sat: 'lør', sun: 'søn' };

/** "Mon–Fri 07:00–20:00" (and "man–fre 07:00–20:00") from a calendar's weekly hours; runs of equal days joined. */
export function weeklyHoursText(hours: WeeklyHours | undefined, lang: 'en' | 'nb' = 'en'): string {
  const names = lang === 'nb' ? DAY_NB : DAY_EN;
  const key = (d: Weekday) => (hours?.[d] ?? []).map((r) => `${r.start}–${r.end}`).join(', ');
  const parts: string[] = [];
  let i = 0;
  while (i < WEEKDAYS.length) {
    const k = key(WEEKDAYS[i]!);
    let j = i;
    while (j + 1 < WEEKDAYS.length && key(WEEKDAYS[j + 1]!) === k) j++;
    if (k) parts.push(`${names[WEEKDAYS[i]!]}${j > i ? `–${names[WEEKDAYS[j]!]}` : ''} ${k}`);
    i = j + 1;
  }
  return parts.join('; ') || (lang === 'nb' ? 'aldri åpent' : 'never open');
}

const localIso = (t: number, zone: string) => DateTime.fromMillis(t, { zone }).toFormat("yyyy-MM-dd'T'HH:mmZZ");
const localHuman = (t: number, zone: string) => DateTime.fromMillis(t, { zone }).toFormat('dd.MM.yyyy HH:mm');

/** Local dates "YYYY-MM-DD" of the first and last instant of [start, end) (end exclusive; a point when end is null). */
function localDates(start: number, end: number | null, zone: string): [string, string] {
  const a = DateTime.fromMillis(start, { zone }).toISODate()!;
  const last = end === null || end <= start ? start : end - 1;
  return [a, DateTime.fromMillis(last, { zone }).toISODate()!];
}

/** "YYYY-MM-DD" of MM-DD in a year; 29 February in a common year is 28 February. */
function dateIn(year: number, md: string): string {
  const [m, d] = md.split('-').map(Number) as [number, number];
  const dim = DateTime.fromObject({ year, month: m, day: 1 }).daysInMonth ?? 31;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, dim)).padStart(2, '0')}`;
}

/**
 * The occurrences of a yearly critical period that overlap the local dates [from, to] (both "YYYY-MM-DD",
 * inclusive), as concrete date ranges.
 */
export function criticalOverlaps(period: Pick<CriticalPeriod, 'from' | 'to'>, from: string, to: string): { from: string; to: string }[] {
  const y0 = Number(from.slice(0, 4));
  const y1 = Number(to.slice(0, 4));
  const wraps = period.from > period.to;
  const out: { from: string; to: string }[] = [];
  for (let y = y0 - 1; y <= y1; y++) {
    const pFrom = dateIn(y, period.from);
    const pTo = dateIn(wraps ? y + 1 : y, period.to);
    if (pFrom <= to && from <= pTo) out.push({ from: pFrom, to: pTo });
  }
  return out;
}

/**
 * Checks a notice: its earliest start and lateness, the components (known, covered by the class), the window rule
 * and critical periods. Never throws for bad input other than an unknown class or calendar in the policy itself;
 * an unknown class is reported as an error with earliestStart = the publication instant.
 */
export function checkNotice(env: NoticeEnv, classKey: string, input: NoticeCheckInput): NoticeCheckResult {
  const warnings: NoticeIssue[] = [];
  const errors: NoticeIssue[] = [];
  const publishedAt = ms(input.publishedAt);
  const startsAt = ms(input.startsAt);
  const endsAt = input.endsAt === null || input.endsAt === undefined ? null : ms(input.endsAt);
  const nc = env.policy.noticeClasses[classKey];
  if (!nc) {
    errors.push({
      code: 'unknownClass',
      message: `Unknown notice class "${classKey}"; the policy has ${Object.keys(env.policy.noticeClasses).join(', ')}.`,
      nb: `Ukjent varselklasse «${classKey}»; policyen har ${Object.keys(env.policy.noticeClasses).join(', ')}.`,
      clauses: [],
    });
    return { earliestStart: publishedAt, late: false, leadTime: { amount: 0, unit: 'calendarDays', counting: 'exact', calendar: null }, warnings, errors };
  }
  const earliest = earliestStart(env, classKey, publishedAt);
  const late = startsAt < earliest;
  const zone = zoneOf(env, nc);

  if (endsAt !== null && endsAt <= startsAt) {
    errors.push({ code: 'endBeforeStart', message: 'The end must be after the start.', nb: 'Slutt må være etter start.', clauses: nc.clauses });
  }

  const index = componentIndex(env.policy);
  const unknown = input.components.filter((c) => !index.has(c));
  if (unknown.length) {
    errors.push({
      code: 'unknownComponent',
      message: `Unknown component ${unknown.map((c) => `"${c}"`).join(', ')}.`,
      nb: `Ukjent komponent ${unknown.map((c) => `«${c}»`).join(', ')}.`,
      clauses: [],
      components: unknown,
    });
  }
  // Components by class, in the order given.
  const byClass = new Map<string, { cls: ComponentClass; components: string[] }>();
  for (const c of input.components) {
    const ref = index.get(c);
    if (!ref) continue;
    const g = byClass.get(ref.classKey) ?? { cls: ref.cls, components: [] };
    g.components.push(c);
    byClass.set(ref.classKey, g);
  }
  if (nc.appliesTo) {
    const outside = [...byClass.entries()].filter(([k]) => !nc.appliesTo!.includes(k));
    for (const [, g] of outside) {
      errors.push({
        code: 'classNotApplicable',
        message: `${nc.name.en} does not cover ${g.cls.name.en} (${g.components.join(', ')}); use another notice class.`,
        nb: `${nc.name.nb} gjelder ikke ${g.cls.name.nb} (${g.components.join(', ')}); bruk en annen varselklasse.`,
        clauses: nc.clauses,
        components: g.components,
      });
    }
  }

  const affects = (input.impact ?? 'under_maintenance') !== 'none';
  if (affects) {
    for (const [, g] of byClass) {
      const rule = g.cls.maintenance.insideWindow;
      if (rule === 'allow') continue;
      const cal = calendarOf(env, g.cls.operatingWindow, `operating window of ${g.cls.name.en}`);
      const overlap = endsAt !== null && endsAt > startsAt ? cal.openIntervals(startsAt, endsAt) : cal.isOpen(startsAt) ? [{ start: startsAt, end: startsAt }] : [];
      if (overlap.length === 0) continue;
      const first = overlap[0]!;
      const lastIv = overlap[overlap.length - 1]!;
      const hours = weeklyHoursText(cal.spec.hours, 'en');
      const hoursNb = weeklyHoursText(cal.spec.hours, 'nb');
      const z = cal.timezone;
      const asError = rule === 'refuse' && !nc.overridesWindowRule;
      const issue: NoticeIssue = {
        code: 'insideWindow',
        message:
          `${g.components.join(', ')}: maintenance must lie outside the operating window ${hours} (${cal.name}); ` +
          `the work overlaps it from ${localHuman(first.start, z)}` +
          (asError ? '.' : rule === 'refuse' ? ` — allowed for ${nc.name.en.toLowerCase()}, flagged.` : ' (flagged).'),
        nb:
          `${g.components.join(', ')}: vedlikehold skal skje utenom driftstiden ${hoursNb} (${cal.name}); ` +
          `arbeidet overlapper den fra ${localHuman(first.start, z)}` +
          (asError ? '.' : rule === 'refuse' ? ` — tillatt for ${nc.name.nb.toLowerCase()}, flagget.` : ' (flagget).'),
        clauses: [...new Set([...g.cls.maintenance.clauses, ...(asError ? [] : nc.clauses)])],
        components: g.components,
        window: { calendar: cal.name, hours, hoursNb, overlapStart: localIso(first.start, z), overlapEnd: localIso(lastIv.end, z) },
      };
      (asError ? errors : warnings).push(issue);
    }

    const [dFrom, dTo] = localDates(startsAt, endsAt, zone);
    for (const p of env.policy.criticalPeriods) {
      const hits = criticalOverlaps(p, dFrom, dTo);
      if (!hits.length) continue;
      const h = hits[0]!;
      warnings.push({
        code: 'criticalPeriod',
        message: `The work overlaps the critical period "${p.name.en}" (${h.from} – ${h.to}); avoid maintenance then.`,
        nb: `Arbeidet overlapper den kritiske perioden «${p.name.nb}» (${h.from} – ${h.to}); unngå vedlikehold da.`,
        clauses: p.clauses,
        period: { id: p.id, from: h.from, to: h.to },
      });
    }
  }

  return {
    earliestStart: earliest,
    late,
    leadTime: { amount: nc.leadTime.amount, unit: nc.leadTime.unit, counting: nc.counting, calendar: nc.calendar ?? null },
    warnings,
    errors,
  };
}
