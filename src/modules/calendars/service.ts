/** Due dates and open intervals on the policy's working calendars, shared by the CLI and the HTTP API. */
import { formatInstant, formatLocal, HOUR_MS, parseInstant, type WorkCalendar } from '../../kernel/worktime/index.ts';
import type { PolicyRuntime } from '../../platform/policy/index.ts';
import { HttpProblem, problems } from '../../platform/http/problem.ts';

export interface DueInput {
  from: string;
  workingDays?: number;
  workingHours?: number;
  hours?: number;
}

export function calendarOrThrow(policy: PolicyRuntime, name: string): WorkCalendar {
  const cal = policy.calendar(name);
  if (!cal) throw problems.notFound(`The calendar "${name}" (known: ${[...policy.calendars.keys()].join(', ')})`);
  return cal;
}

export function parseFrom(field: string, value: string): number {
  try {
    return parseInstant(value);
  } catch (e) {
    throw problems.invalidField(field, (e as Error).message);
  }
}

export function computeDue(policy: PolicyRuntime, name: string, input: DueInput) {
  const cal = calendarOrThrow(policy, name);
  const given = (['workingDays', 'workingHours', 'hours'] as const).filter((k) => input[k] !== undefined);
  if (given.length !== 1) {
    throw new HttpProblem(400, 'validation', 'Give exactly one of workingDays, workingHours or hours.', {
      errors: [{ field: 'query.workingDays', message: 'exactly one of workingDays, workingHours, hours is required' }],
    });
  }
  const from = parseFrom('query.from', input.from);
  const kind = given[0];
  const amount = input[kind]!;
  let due: number;
  if (kind === 'workingDays') {
    if (!Number.isInteger(amount) || amount < 0) throw problems.invalidField('query.workingDays', 'must be a whole number ≥ 0');
    due = cal.addWorkingDays(from, amount);
  } else if (kind === 'workingHours') {
    if (amount < 0) throw problems.invalidField('query.workingHours', 'must be ≥ 0');
    due = cal.addWorkingTime(from, Math.round(amount * HOUR_MS));
  } else {
    if (amount < 0) throw problems.invalidField('query.hours', 'must be ≥ 0');
    due = from + Math.round(amount * HOUR_MS);
  }
  return {
    calendar: name,
    from: formatInstant(from),
    due: formatInstant(due),
    dueLocal: formatLocal(due),
    input: { [kind]: amount },
  };
}

export function openIntervals(policy: PolicyRuntime, name: string, fromStr: string, toStr: string) {
  const cal = calendarOrThrow(policy, name);
  const from = parseFrom('query.from', fromStr);
  const to = parseFrom('query.to', toStr);
  if (to < from) throw problems.invalidField('query.to', 'must not be before from');
  if (to - from > 400 * 86400_000) throw problems.invalidField('query.to', 'at most 400 days at a time');
  return cal.openIntervals(from, to).map((iv) => ({ start: formatInstant(iv.start), end: formatInstant(iv.end) }));
}

export function days(policy: PolicyRuntime, name: string, from: string, to: string) {
  const cal = calendarOrThrow(policy, name);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) throw problems.invalidField('query.from', 'must be a date YYYY-MM-DD');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to)) throw problems.invalidField('query.to', 'must be a date YYYY-MM-DD');
  if (to < from) throw problems.invalidField('query.to', 'must not be before from');
  if (Date.parse(to) - Date.parse(from) > 400 * 86400_000) throw problems.invalidField('query.to', 'at most 400 days at a time');
  try {
    return cal.days(from, to).map((d) => ({
      date: d.date,
      weekday: d.weekday,
      working: d.working,
      open: d.open.map((o) => ({ start: o.start, end: o.end })),
      holiday: d.holiday,
      special: d.special,
      season: d.season,
    }));
  } catch (e) {
    throw problems.badRequest((e as Error).message);
  }
}

export function listCalendars(policy: PolicyRuntime) {
  return [...policy.calendars.keys()].map((name) => {
    const spec = policy.policy.calendars[name];
    return { name, description: spec.description ?? '', clauses: spec.clauses ?? [], timezone: spec.timezone };
  });
}
