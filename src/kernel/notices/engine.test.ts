/**
 * Notice lead times, the window rule and critical periods on the shipped Altinn policy (policies/altinn.yaml).
 * Every expected instant is worked out by hand in the comments (Oslo time; +01:00 in winter, +02:00 in summer).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { clauseIdsOf, parseClauses, parsePolicy, type Policy } from '../policy/index.ts';
import { WorkCalendar, formatInstant, parseInstant } from '../worktime/index.ts';
import { checkNotice, criticalOverlaps, earliestStart, weeklyHoursText, type NoticeEnv } from './index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
let env: NoticeEnv;

function envOf(policy: Policy): NoticeEnv {
  const cals = new Map(Object.entries(policy.calendars).map(([k, spec]) => [k, new WorkCalendar({ ...spec, name: k })]));
  return { policy, calendar: (n) => cals.get(n) };
}

beforeAll(() => {
  const clauses = parseClauses(readFileSync(resolve(ROOT, 'policies/clauses.yaml'), 'utf8'));
  if (!clauses.ok) throw new Error(JSON.stringify(clauses.errors));
  const r = parsePolicy(readFileSync(resolve(ROOT, 'policies/altinn.yaml'), 'utf8'), { clauseIds: clauseIdsOf(clauses.register) });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  env = envOf(r.policy);
});

const p = (s: string) => parseInstant(s);
const f = (t: number) => formatInstant(t);
const earliest = (cls: string, at: string) => f(earliestStart(env, cls, p(at)));

describe('maintenance: five working days, whole-day counting (S-2.3.2, S-2.4.2)', () => {
  it('[S-2.3.2] an ordinary week: Monday 14:00 → the following Monday 00:00', () => {
    // Day 0 Mon 13 Apr; Tue 14 (1), Wed 15 (2), Thu 16 (3), Fri 17 (4), Mon 20 (5).
    expect(earliest('maintenance', '2026-04-13T14:00')).toBe('2026-04-20T00:00:00+02:00');
    // The hour of publication does not matter: 23:59 the same day gives the same day 5.
    expect(earliest('maintenance', '2026-04-13T23:59')).toBe('2026-04-20T00:00:00+02:00');
  });

  it('[S-2.3.2] Easter 2026: Maundy Thursday, Good Friday and Easter Monday are not working days', () => {
    // Easter Sunday 5 April 2026; holidays Thu 2, Fri 3, Mon 6 April. Wed 1 April is a half day (desk closes 12:00)
    // and still a working day.
    // Published Mon 30 Mar: Tue 31 (1), Wed 1 (2), Tue 7 (3), Wed 8 (4), Thu 9 (5).
    expect(earliest('maintenance', '2026-03-30T10:00')).toBe('2026-04-09T00:00:00+02:00');
    // Published Fri 27 Mar: Mon 30 (1), Tue 31 (2), Wed 1 (3), Tue 7 (4), Wed 8 (5).
    expect(earliest('maintenance', '2026-03-27T15:00')).toBe('2026-04-08T00:00:00+02:00');
    // Published on Easter Saturday (not a working day, still day 0): Tue 7 (1) … Mon 13 (5).
    expect(earliest('maintenance', '2026-04-04T12:00')).toBe('2026-04-13T00:00:00+02:00');
    // Published Wed 1 Apr (the half day): Tue 7 (1), Wed 8 (2), Thu 9 (3), Fri 10 (4), Mon 13 (5).
    expect(earliest('maintenance', '2026-04-01T13:30')).toBe('2026-04-13T00:00:00+02:00');
  });

  it('[S-2.3.2] Easter 2026: a start one minute before day 5 is late, day 5 at 00:00 is on time', () => {
    const base = { publishedAt: p('2026-03-30T10:00'), components: ['sbl'] };
    const late = checkNotice(env, 'maintenance', { ...base, startsAt: p('2026-04-08T23:59'), endsAt: p('2026-04-09T02:00') });
    expect(late.late).toBe(true);
    expect(f(late.earliestStart)).toBe('2026-04-09T00:00:00+02:00');
    const ok = checkNotice(env, 'maintenance', { ...base, startsAt: p('2026-04-09T00:00'), endsAt: p('2026-04-09T02:00') });
    expect(ok.late).toBe(false);
    expect(ok.errors).toEqual([]);
  });

  it('[S-2.3.2] Christmas 2026: 24 and 31 December are half days (desk open 08–12) and count as working days', () => {
    // The servicedesk calendar uses the state's special days: Christmas Eve and New Year's Eve close at 12:00.
    // 2026: Thu 24 Dec (half day), Fri 25 and Sat 26 holidays, Thu 31 Dec (half day), Fri 1 Jan 2027 holiday.
    // Published Mon 21 Dec: Tue 22 (1), Wed 23 (2), Thu 24 (3), Mon 28 (4), Tue 29 (5).
    expect(earliest('maintenance', '2026-12-21T09:00')).toBe('2026-12-29T00:00:00+01:00');
    // Published Wed 23 Dec: Thu 24 (1), Mon 28 (2), Tue 29 (3), Wed 30 (4), Thu 31 (5).
    expect(earliest('maintenance', '2026-12-23T09:00')).toBe('2026-12-31T00:00:00+01:00');
    // Published Christmas Eve after the desk closed (still day 0): Mon 28 (1), Tue 29 (2), Wed 30 (3), Thu 31 (4),
    // Mon 4 Jan 2027 (5).
    expect(earliest('maintenance', '2026-12-24T14:00')).toBe('2027-01-04T00:00:00+01:00');
  });

  it('[S-2.4.2] the same lead time applies to maintenance of Altinn Studio, TUL and TT', () => {
    const r = checkNotice(env, 'maintenance', {
      publishedAt: p('2026-12-21T09:00'),
      startsAt: p('2026-12-28T20:00'),
      endsAt: p('2026-12-28T23:00'),
      components: ['studio', 'tul', 'tt'],
    });
    expect(r.late).toBe(true);
    expect(f(r.earliestStart)).toBe('2026-12-29T00:00:00+01:00');
    expect(r.errors).toEqual([]); // outside the 07–20 window
  });
});

describe('breaking and major changes (S-2.3.3, S-2.3.4, T-3.1.2)', () => {
  it('[S-2.3.3] [T-3.1.2] eight weeks: publication date + 56 days, across the spring DST change', () => {
    // Tue 3 Mar 2026 + 56 days = Tue 28 Apr 2026 (summer time since 29 March).
    expect(earliest('breakingChange', '2026-03-03T16:30')).toBe('2026-04-28T00:00:00+02:00');
    // The Oslo date counts, not the UTC date: 1 Mar 00:30 Oslo is 28 Feb 23:30 UTC; day 0 is 1 March → 26 April.
    expect(earliest('breakingChange', '2026-03-01T00:30')).toBe('2026-04-26T00:00:00+02:00');
    const r = checkNotice(env, 'breakingChange', { publishedAt: p('2026-03-03T16:30'), startsAt: p('2026-04-27T23:00'), components: ['dialogporten'], impact: 'none' });
    expect(r.late).toBe(true);
  });

  it('[S-2.3.4] six months, clamped to the end of the month: 31 August + 6 months = end of February', () => {
    expect(earliest('majorChange', '2026-08-31T12:00')).toBe('2027-02-28T00:00:00+01:00');
    // 2028 is a leap year.
    expect(earliest('majorChange', '2027-08-31T12:00')).toBe('2028-02-29T00:00:00+01:00');
    // An ordinary date keeps its day of month.
    expect(earliest('majorChange', '2026-05-15T08:00')).toBe('2026-11-15T00:00:00+01:00');
  });

  it('[S-2.3.4] a major change covers the end-user solutions only (S-2.4 has no six-month counterpart)', () => {
    const r = checkNotice(env, 'majorChange', { publishedAt: p('2026-01-05T10:00'), startsAt: p('2026-08-01T10:00'), components: ['sbl', 'studio'], impact: 'none' });
    expect(r.errors.map((e) => [e.code, e.components])).toEqual([['classNotApplicable', ['studio']]]);
  });
});

describe('emergency changes (S-2.3.5, S-2.4.4)', () => {
  it('[S-2.3.5] no lead time: any time on the day of publication, not before', () => {
    expect(earliest('emergency', '2026-10-14T10:00')).toBe('2026-10-14T00:00:00+02:00');
    const base = { publishedAt: p('2026-10-14T10:00'), components: ['sbl'] };
    expect(checkNotice(env, 'emergency', { ...base, startsAt: p('2026-10-14T10:30'), endsAt: p('2026-10-14T11:00') }).late).toBe(false);
    expect(checkNotice(env, 'emergency', { ...base, startsAt: p('2026-10-13T23:00'), endsAt: p('2026-10-14T11:00') }).late).toBe(true);
  });

  it('[S-2.4.4] an emergency change inside the 07–20 window is flagged, not refused', () => {
    const r = checkNotice(env, 'emergency', { publishedAt: p('2026-10-14T10:00'), startsAt: p('2026-10-14T10:30'), endsAt: p('2026-10-14T11:30'), components: ['tt'] });
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['insideWindow']);
    expect(r.warnings[0]!.window?.hours).toBe('Mon–Fri 07:00–20:00');
    expect(r.warnings[0]!.clauses).toContain('S-2.4.4');
  });
});

describe('the window rule (S-2.4.1)', () => {
  const published = '2026-06-01T09:00'; // well ahead of mid-June

  it('[S-2.4.1] maintenance of TT, Studio or TUL overlapping Mon–Fri 07–20 is refused with the window\'s hours', () => {
    for (const c of ['tt', 'studio', 'tul']) {
      const r = checkNotice(env, 'maintenance', { publishedAt: p(published), startsAt: p('2026-06-16T19:00'), endsAt: p('2026-06-16T21:00'), components: [c] });
      expect(r.late).toBe(false);
      expect(r.errors.map((e) => e.code)).toEqual(['insideWindow']);
      const e = r.errors[0]!;
      expect(e.components).toEqual([c]);
      expect(e.window).toEqual({ calendar: 'tul', hours: 'Mon–Fri 07:00–20:00', hoursNb: 'man–fre 07:00–20:00', overlapStart: '2026-06-16T19:00+02:00', overlapEnd: '2026-06-16T20:00+02:00' });
      expect(e.message).toMatch(/07:00–20:00/);
    }
  });

  it('[S-2.4.1] the window is half-open: work from 20:00 and at weekends is outside it; early morning before 07:00 too', () => {
    const ok = (startsAt: string, endsAt: string) =>
      checkNotice(env, 'maintenance', { publishedAt: p(published), startsAt: p(startsAt), endsAt: p(endsAt), components: ['tt', 'studio', 'tul'] }).errors;
    expect(ok('2026-06-16T20:00', '2026-06-16T23:30')).toEqual([]);
    expect(ok('2026-06-20T08:00', '2026-06-21T18:00')).toEqual([]); // Saturday–Sunday
    expect(ok('2026-06-17T05:00', '2026-06-17T07:00')).toEqual([]);
    expect(ok('2026-06-17T05:00', '2026-06-17T07:01').map((e) => e.code)).toEqual(['insideWindow']);
  });

  it('[S-2.4.1] the 24/7 end-user solutions have no such rule; one error names only the development components', () => {
    const r = checkNotice(env, 'maintenance', { publishedAt: p(published), startsAt: p('2026-06-16T10:00'), endsAt: p('2026-06-16T11:00'), components: ['sbl', 'apps', 'tt'] });
    expect(r.errors.map((e) => [e.code, e.components])).toEqual([['insideWindow', ['tt']]]);
    expect(checkNotice(env, 'maintenance', { publishedAt: p(published), startsAt: p('2026-06-16T10:00'), endsAt: p('2026-06-16T11:00'), components: ['sbl'] }).errors).toEqual([]);
  });

  it('[S-2.4.1] a class whose rule is "flag" gets a warning instead; a change without downtime is not maintenance', () => {
    const policy: Policy = structuredClone(env.policy);
    policy.componentClasses.development!.maintenance.insideWindow = 'flag';
    const flagged = checkNotice(envOf(policy), 'maintenance', { publishedAt: p(published), startsAt: p('2026-06-16T10:00'), endsAt: p('2026-06-16T11:00'), components: ['studio'] });
    expect(flagged.errors).toEqual([]);
    expect(flagged.warnings.map((w) => w.code)).toEqual(['insideWindow']);
    const noDowntime = checkNotice(env, 'maintenance', { publishedAt: p(published), startsAt: p('2026-06-16T10:00'), endsAt: p('2026-06-16T11:00'), components: ['studio'], impact: 'none' });
    expect(noDowntime.errors).toEqual([]);
    expect(noDowntime.warnings).toEqual([]);
  });

  it('[S-2.4.1] without an end, the start instant decides', () => {
    const at = (s: string) => checkNotice(env, 'maintenance', { publishedAt: p(published), startsAt: p(s), components: ['tul'] }).errors.map((e) => e.code);
    expect(at('2026-06-16T12:00')).toEqual(['insideWindow']);
    expect(at('2026-06-16T22:00')).toEqual([]);
  });

  it('weekly hours are summarised by runs of equal days', () => {
    expect(weeklyHoursText(env.policy.calendars.tul!.hours)).toBe('Mon–Fri 07:00–20:00');
    expect(weeklyHoursText(env.policy.calendars.always!.hours, 'nb')).toBe('man–søn 00:00–24:00');
  });
});

describe('critical periods (T-3.1)', () => {
  it('[T-3.1] maintenance overlapping the personal tax return deadline (20–30 April) warns', () => {
    const r = checkNotice(env, 'maintenance', { publishedAt: p('2026-04-01T09:00'), startsAt: p('2026-04-29T22:00'), endsAt: p('2026-04-30T02:00'), components: ['sbl'] });
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => [w.code, w.period])).toEqual([['criticalPeriod', { id: 'taxReturnPersonal', from: '2026-04-20', to: '2026-04-30' }]]);
    expect(r.warnings[0]!.clauses).toEqual(['T-3.1']);
  });

  it('[T-3.1] both ends are inclusive dates; an end exactly at midnight does not reach the next day', () => {
    const w = (s: string, e: string) => checkNotice(env, 'maintenance', { publishedAt: p('2026-03-01T09:00'), startsAt: p(s), endsAt: p(e), components: ['sbl'] }).warnings.map((x) => x.code);
    expect(w('2026-04-19T22:00', '2026-04-20T00:00')).toEqual([]);
    expect(w('2026-04-19T22:00', '2026-04-20T00:01')).toEqual(['criticalPeriod']);
    expect(w('2026-05-01T00:00', '2026-05-01T04:00')).toEqual([]);
    expect(w('2026-04-30T23:00', '2026-05-01T01:00')).toEqual(['criticalPeriod']);
  });

  it('[T-3.1] a period from December to January wraps over New Year', () => {
    const period = { from: '12-20', to: '01-05' };
    expect(criticalOverlaps(period, '2027-01-03', '2027-01-03')).toEqual([{ from: '2026-12-20', to: '2027-01-05' }]);
    expect(criticalOverlaps(period, '2026-12-19', '2026-12-19')).toEqual([]);
    expect(criticalOverlaps(period, '2026-12-31', '2027-01-01')).toEqual([{ from: '2026-12-20', to: '2027-01-05' }]);
    expect(criticalOverlaps(period, '2027-01-06', '2027-12-19')).toEqual([]);
    const policy: Policy = structuredClone(env.policy);
    policy.criticalPeriods.push({ id: 'yearEnd', name: { nb: 'Årsskifte', en: 'Year end' }, from: '12-20', to: '01-05', clauses: ['T-3.1'] });
    const r = checkNotice(envOf(policy), 'maintenance', { publishedAt: p('2026-11-02T09:00'), startsAt: p('2027-01-03T01:00'), endsAt: p('2027-01-03T03:00'), components: ['sbl'] });
    expect(r.warnings.map((x) => x.period?.id)).toEqual(['yearEnd']);
  });

  it('[T-3.1] a change without downtime is not checked against critical periods', () => {
    const r = checkNotice(env, 'breakingChange', { publishedAt: p('2026-01-05T09:00'), startsAt: p('2026-04-25T10:00'), components: ['dialogporten'], impact: 'none' });
    expect(r.warnings).toEqual([]);
  });
});

describe('input checks', () => {
  it('[S-2.3.2] unknown components and an end before the start are errors; an unknown class too', () => {
    const r = checkNotice(env, 'maintenance', { publishedAt: p('2026-06-01T09:00'), startsAt: p('2026-06-20T10:00'), endsAt: p('2026-06-20T09:00'), components: ['sbl', 'nope'] });
    expect(r.errors.map((e) => e.code).sort()).toEqual(['endBeforeStart', 'unknownComponent']);
    expect(checkNotice(env, 'nope', { publishedAt: 0, startsAt: 0, components: [] }).errors.map((e) => e.code)).toEqual(['unknownClass']);
    expect(() => earliestStart(env, 'nope', 0)).toThrow(/unknown notice class/);
  });

  it('[S-2.3.2] counting "exact" adds the lead time to the instant of publication', () => {
    const policy: Policy = structuredClone(env.policy);
    policy.noticeClasses.maintenance!.counting = 'exact';
    const e = envOf(policy);
    // Mon 13 Apr 14:00 + 5 working days at the same time of day on the servicedesk calendar → Mon 20 Apr 14:00.
    expect(f(earliestStart(e, 'maintenance', p('2026-04-13T14:00')))).toBe('2026-04-20T14:00:00+02:00');
    policy.noticeClasses.breakingChange!.counting = 'exact';
    expect(f(earliestStart(e, 'breakingChange', p('2026-03-03T16:30')))).toBe('2026-04-28T16:30:00+02:00');
  });
});
