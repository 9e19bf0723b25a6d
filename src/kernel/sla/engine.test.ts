/**
 * The SLA clock engine against the real policy (policies/altinn.yaml) and its calendars. Instants are written as
 * Oslo wall-clock times and every expectation as an ISO string with its offset (+01:00 winter, +02:00 summer).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../platform/policy/index.ts';
import { readFileSync } from 'node:fs';
import { parsePolicy } from '../policy/index.ts';
import type { ClockTarget } from '../policy/schema.ts';
import { formatInstant, parseInstant, HOUR_MS, MINUTE_MS } from '../worktime/index.ts';
import { clockOptionsFromPolicy, computeClocks, type ClockEngineOptions, type ClockResult, type ClocksResult, type HistoryEvent } from './index.ts';
import { rng } from '../../../test/rng.ts';

const file = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const runtime = loadPolicy(file('../../../policies/altinn.yaml'), file('../../../policies/clauses.yaml'));
const reported = clockOptionsFromPolicy(runtime.policy, runtime.calendars);
const classified: ClockEngineOptions = { ...reported, startRule: 'classified' };
const sd = runtime.calendars.get('servicedesk')!;

const p = (s: string) => parseInstant(s);
const f = (ms: number | null) => (ms === null ? null : formatInstant(ms));
const H = HOUR_MS;
const M = MINUTE_MS;

// history builders (local Oslo times)
const rep = (at: string, category: string): HistoryEvent => ({ at: p(at), type: 'reported', category });
const cat = (at: string, category: string): HistoryEvent => ({ at: p(at), type: 'category', category });
const st = (at: string, state: Extract<HistoryEvent, { type: 'state' }>['state']): HistoryEvent => ({ at: p(at), type: 'state', state });
const resp = (at: string): HistoryEvent => ({ at: p(at), type: 'responded' });
const wa = (at: string, on = true): HistoryEvent => ({ at: p(at), type: 'workaround', on });
const hold = (at: string, reason: 'awaitingReporter' | 'awaitingThirdParty' = 'awaitingReporter'): HistoryEvent => ({ at: p(at), type: 'hold', reason });
const rel = (at: string, reason: 'awaitingReporter' | 'awaitingThirdParty' = 'awaitingReporter'): HistoryEvent => ({ at: p(at), type: 'release', reason });

const run = (h: HistoryEvent[], now: string, opts: ClockEngineOptions = reported): ClocksResult => computeClocks(h, opts, p(now));
const clock = (r: ClocksResult, id: string): ClockResult => {
  const c = r.clocks.find((x) => x.targetId === id);
  if (!c) throw new Error(`no clock ${id} in ${r.clocks.map((x) => x.targetId).join(', ')}`);
  return c;
};
const ths = (c: ClockResult) => c.thresholds.map((t) => [t.percent, f(t.at), t.reached]);
const segs = (c: ClockResult) => c.segments.map((s) => [f(s.from), f(s.to), s.counting ? 'counting' : s.reason]);

describe('A incidents', () => {
  const h0 = rep('2026-11-21T23:30', 'A'); // Saturday night

  it('[S-2.2.1] A reported Saturday 23:30: response due Sunday 00:30 around the clock, met when work starts at 00:10', () => {
    const r = run([h0, st('2026-11-22T00:10', 'investigating')], '2026-11-22T02:00');
    expect(r.category).toBe('A');
    const c = clock(r, 'response');
    expect(c).toMatchObject({ status: 'met', stoppedBy: 'responded', breachedAt: null, calendar: 'always', clauses: ['S-2.2.1'] });
    expect(f(c.startedAt)).toBe('2026-11-21T23:30:00+01:00');
    expect(f(c.dueAt)).toBe('2026-11-22T00:30:00+01:00');
    expect(f(c.stoppedAt)).toBe('2026-11-22T00:10:00+01:00');
    expect(c.budgetMs).toBe(H);
    expect(c.elapsed).toEqual({ calendarMs: 40 * M, workingMs: 40 * M });
    expect(c.remaining).toEqual({ calendarMs: 20 * M, workingMs: 20 * M });
    expect(c.percent).toBeCloseTo(66.667, 2);
    // 50 % was passed at 00:00; the clock stopped before 75 %
    expect(ths(c)).toEqual([
      [50, '2026-11-22T00:00:00+01:00', true],
      [75, null, false],
      [90, null, false],
      [100, null, false],
    ]);
    expect(segs(c)).toEqual([['2026-11-21T23:30:00+01:00', '2026-11-22T00:10:00+01:00', 'counting']]);
  });

  it('[S-2.2.1] A response given at 00:45 is a breach at 00:30 that stays after the response', () => {
    const r = run([h0, resp('2026-11-22T00:45'), st('2026-11-22T01:00', 'investigating')], '2026-11-22T03:00');
    const c = clock(r, 'response');
    expect(c.status).toBe('breached');
    expect(f(c.breachedAt)).toBe('2026-11-22T00:30:00+01:00');
    expect(f(c.dueAt)).toBe('2026-11-22T00:30:00+01:00');
    expect(f(c.stoppedAt)).toBe('2026-11-22T00:45:00+01:00');
    expect(c.stoppedBy).toBe('responded');
    expect(c.remaining).toEqual({ calendarMs: -15 * M, workingMs: -15 * M });
    expect(c.percent).toBe(125);
    expect(ths(c)).toEqual([
      [50, '2026-11-22T00:00:00+01:00', true],
      [75, '2026-11-22T00:15:00+01:00', true],
      [90, '2026-11-22T00:24:00+01:00', true],
      [100, '2026-11-22T00:30:00+01:00', true],
    ]);
  });

  it('[S-2.2.1] warnings before the breach: thresholds 50/75/90 % at 00:00/00:15/00:24, next one scheduled', () => {
    const at20 = run([h0], '2026-11-22T00:20');
    const c = clock(at20, 'response');
    expect(c.status).toBe('running');
    expect(ths(c)).toEqual([
      [50, '2026-11-22T00:00:00+01:00', true],
      [75, '2026-11-22T00:15:00+01:00', true],
      [90, '2026-11-22T00:24:00+01:00', false],
      [100, '2026-11-22T00:30:00+01:00', false],
    ]);
    expect(f(at20.nextThresholdAt)).toBe('2026-11-22T00:24:00+01:00');
    expect(f(run([h0], '2026-11-22T00:24').nextThresholdAt)).toBe('2026-11-22T00:30:00+01:00');
    // at the due instant itself the breach has happened; a response at that very instant is in time
    expect(clock(run([h0], '2026-11-22T00:30'), 'response').status).toBe('breached');
    expect(clock(run([h0, resp('2026-11-22T00:30')], '2026-11-22T00:30'), 'response').status).toBe('met');
    expect(run([h0], '2026-11-22T00:31').nextThresholdAt).toBeNull();
  });

  it('[S-2.2.1] A resolution is tracked around the clock (elapsed time through the night), never due', () => {
    const during = clock(run([h0, st('2026-11-22T00:10', 'investigating')], '2026-11-22T03:00'), 'resolution');
    expect(during).toMatchObject({ status: 'tracking', dueAt: null, breachedAt: null, budgetMs: null, remaining: null, percent: null, thresholds: [] });
    expect(during.elapsed).toEqual({ calendarMs: 3.5 * H, workingMs: 3.5 * H });
    const done = clock(run([h0, st('2026-11-22T00:10', 'investigating'), st('2026-11-22T06:15', 'resolved')], '2026-11-23T12:00'), 'resolution');
    expect(done).toMatchObject({ status: 'tracked', stoppedBy: 'resolved' });
    expect(f(done.stoppedAt)).toBe('2026-11-22T06:15:00+01:00');
    expect(done.elapsed).toEqual({ calendarMs: 6.75 * H, workingMs: 6.75 * H });
    // the night the clocks go back: 23:30+02:00 → 03:30+01:00 is 5 hours, not 4
    const dst = clock(run([rep('2026-10-24T23:30', 'A'), { at: Date.parse('2026-10-25T03:30:00+01:00'), type: 'state', state: 'resolved' }], '2026-10-25T12:00'), 'resolution');
    expect(dst.elapsed.calendarMs).toBe(5 * H);
    // and the hour that does not exist in March: 01:30+01:00 + 1 h = 03:30+02:00
    expect(f(clock(run([rep('2026-03-29T01:30', 'A')], '2026-03-29T01:40'), 'response').dueAt)).toBe('2026-03-29T03:30:00+02:00');
  });
});

describe('B incidents', () => {
  it('[S-2.2.2] B reported Friday 15:30 in winter: 15 min on Friday, due Monday 08:45; then tracked around the clock', () => {
    const r = run([rep('2026-11-20T15:30', 'B')], '2026-11-21T12:00');
    const c = clock(r, 'response');
    expect(c).toMatchObject({ status: 'running', calendar: 'servicedesk', budgetMs: H, clauses: ['S-2.2.2'] });
    expect(f(c.dueAt)).toBe('2026-11-23T08:45:00+01:00');
    expect(c.elapsed).toEqual({ calendarMs: 20.5 * H, workingMs: 15 * M });
    expect(c.remaining).toEqual({ calendarMs: p('2026-11-23T08:45') - p('2026-11-21T12:00'), workingMs: 45 * M });
    expect(ths(c)).toEqual([
      [50, '2026-11-23T08:15:00+01:00', false],
      [75, '2026-11-23T08:30:00+01:00', false],
      [90, '2026-11-23T08:39:00+01:00', false],
      [100, '2026-11-23T08:45:00+01:00', false],
    ]);
    expect(f(r.nextThresholdAt)).toBe('2026-11-23T08:15:00+01:00');
    expect(clock(r, 'resolution')).toMatchObject({ status: 'tracking', calendar: 'always' });
    expect(clock(r, 'resolution').elapsed.workingMs).toBe(20.5 * H);
    // work started Monday 08:40: met; 08:50: breached at 08:45
    expect(clock(run([rep('2026-11-20T15:30', 'B'), st('2026-11-23T08:40', 'investigating')], '2026-11-23T09:00'), 'response').status).toBe('met');
    const late = clock(run([rep('2026-11-20T15:30', 'B'), st('2026-11-23T08:50', 'investigating')], '2026-11-23T09:00'), 'response');
    expect([late.status, f(late.breachedAt)]).toEqual(['breached', '2026-11-23T08:45:00+01:00']);
  });

  it('[S-2.2.2] B reported Friday 15:30 in summer (desk closed at 15:00): due Monday 09:00', () => {
    const c = clock(run([rep('2026-06-05T15:30', 'B')], '2026-06-05T16:00'), 'response');
    expect(f(c.dueAt)).toBe('2026-06-08T09:00:00+02:00');
    expect(c.elapsed).toEqual({ calendarMs: 30 * M, workingMs: 0 });
    expect(c.percent).toBe(0);
  });

  it('[S-2.2.2] B on the Friday before Whit Monday: the hour continues on Tuesday', () => {
    expect(sd.dayInfo('2026-05-25').holiday).toBe('Andre pinsedag');
    expect(f(clock(run([rep('2026-05-22T14:30', 'B')], '2026-05-22T14:30'), 'response').dueAt)).toBe('2026-05-26T08:30:00+02:00');
    expect(f(clock(run([rep('2026-05-22T15:30', 'B')], '2026-05-22T15:30'), 'response').dueAt)).toBe('2026-05-26T09:00:00+02:00');
  });

  it('[S-2.2.2] B across the end of daylight saving time: Friday 15:30+02:00 → Monday 08:45+01:00 (66 h 15 min later)', () => {
    const c = clock(run([rep('2026-10-23T15:30', 'B')], '2026-10-23T15:30'), 'response');
    expect(f(c.dueAt)).toBe('2026-10-26T08:45:00+01:00');
    expect(c.remaining).toEqual({ calendarMs: 66.25 * H, workingMs: H });
    expect(f(clock(run([rep('2026-03-27T15:30', 'B')], '2026-03-27T15:30'), 'response').dueAt)).toBe('2026-03-30T08:45:00+02:00');
  });
});

describe('C incidents', () => {
  it('[S-2.2.3] C across Easter: the Wednesday before Maundy Thursday closes 12:00, Thursday–Monday closed → due Thursday 9 April 10:00', () => {
    // what the calendar says about the state's half day
    expect(sd.dayInfo('2026-04-01')).toMatchObject({ special: 'Onsdag før skjærtorsdag', open: [{ start: '08:00', end: '12:00' }] });
    const h = [rep('2026-04-01T10:00', 'C')];
    const c = clock(run(h, '2026-04-02T12:00'), 'resolution');
    expect(c).toMatchObject({ status: 'running', calendar: 'servicedesk', budgetMs: 19.5 * H, clauses: ['S-2.2.3'] });
    expect(f(c.dueAt)).toBe('2026-04-09T10:00:00+02:00');
    expect(c.dueAt).toBe(sd.addWorkingDays(p('2026-04-01T10:00'), 3));
    expect(c.elapsed).toEqual({ calendarMs: 26 * H, workingMs: 2 * H });
    // 50 % = 9 h 45 min: 2 h on Wednesday + the whole Tuesday after Easter
    expect(ths(c)).toEqual([
      [50, '2026-04-07T15:45:00+02:00', false],
      [75, '2026-04-08T12:52:30+02:00', false],
      [90, '2026-04-09T08:03:00+02:00', false],
      [100, '2026-04-09T10:00:00+02:00', false],
    ]);
    // across the start of summer time too: Tuesday 31 March 14:00 → Wed 1 (half day), Tue 7, Wed 8 April 14:00
    expect(f(clock(run([rep('2026-03-31T14:00', 'C')], '2026-03-31T14:00'), 'resolution').dueAt)).toBe('2026-04-08T14:00:00+02:00');
  });

  it('[S-2.2.3] C across Christmas: Christmas Eve is a half day, 25–27 December closed', () => {
    const c = clock(run([rep('2026-12-22T10:00', 'C')], '2026-12-22T10:00'), 'resolution');
    expect(f(c.dueAt)).toBe('2026-12-28T10:00:00+01:00');
    // Tue 5 h 45 + Wed 7 h 45 + Thu 24th 4 h + Mon 2 h
    expect(c.budgetMs).toBe(19.5 * H);
    // reported Monday 21st 14:00: the third working day is Christmas Eve, which closes at 12:00
    const h = [rep('2026-12-21T14:00', 'C')];
    expect(f(clock(run(h, '2026-12-21T14:00'), 'resolution').dueAt)).toBe('2026-12-24T12:00:00+01:00');
    const late = clock(run(h, '2026-12-24T13:00'), 'resolution');
    expect([late.status, f(late.breachedAt)]).toEqual(['breached', '2026-12-24T12:00:00+01:00']);
    expect(clock(run([...h, st('2026-12-24T11:59', 'resolved')], '2026-12-28T09:00'), 'resolution').status).toBe('met');
  });

  it('[S-2.2.3] C across the summer-hours boundaries (15 May, 15 September)', () => {
    // Wed 13 May 15:30 (winter hours): Fri 15 (summer), Mon 18, Tue 19 May — which closes at 15:00
    const a = clock(run([rep('2026-05-13T15:30', 'C')], '2026-05-13T15:30'), 'resolution');
    expect(f(a.dueAt)).toBe('2026-05-19T15:00:00+02:00');
    expect(a.budgetMs).toBe(15 * M + 21 * H);
    // Thursday 14 May is Ascension Day: counting starts Friday 08:00, three working days end as Wednesday 20 May opens
    const b = clock(run([rep('2026-05-14T10:00', 'C')], '2026-05-14T10:00'), 'resolution');
    expect(sd.dayInfo('2026-05-14').holiday).toBe('Kristi himmelfartsdag');
    expect(f(b.dueAt)).toBe('2026-05-20T08:00:00+02:00');
    expect(b.budgetMs).toBe(21 * H);
    // Tue 15 September 14:00 (last summer day): 1 h, Wed 7 h 45, Thu 7 h 45, Fri until 14:00
    const c = clock(run([rep('2026-09-15T14:00', 'C')], '2026-09-15T14:00'), 'resolution');
    expect(f(c.dueAt)).toBe('2026-09-18T14:00:00+02:00');
    expect(c.budgetMs).toBe(22.5 * H);
  });

  it('[S-2.2.3] C reported on a Saturday is due Thursday 08:00 (Mon–Wed); resolved Wednesday 16:00 is in time', () => {
    const h = [rep('2026-11-21T13:20', 'C')];
    const c = clock(run(h, '2026-11-26T07:00'), 'resolution');
    expect(f(c.dueAt)).toBe('2026-11-26T08:00:00+01:00');
    expect([c.status, c.percent, c.remaining?.workingMs]).toEqual(['running', 100, 0]);
    expect(clock(run([...h, st('2026-11-25T16:00', 'resolved')], '2026-11-26T12:00'), 'resolution').status).toBe('met');
    const late = clock(run([...h, st('2026-11-26T08:01', 'resolved')], '2026-11-26T12:00'), 'resolution');
    expect([late.status, f(late.breachedAt)]).toEqual(['breached', '2026-11-26T08:00:00+01:00']);
  });

  // Mon 2 March 2026 09:00 → due Thu 5 March 09:00; budget 3 × 7 h 45
  const c0 = rep('2026-03-02T09:00', 'C');

  it('[S-2.2.3] a workaround before the C target stops the breach; withdrawing it resumes the clock', () => {
    expect(f(clock(run([c0], '2026-03-02T09:00'), 'resolution').dueAt)).toBe('2026-03-05T09:00:00+01:00');
    const h = [c0, st('2026-03-02T09:30', 'investigating'), wa('2026-03-04T10:00')];
    const c = clock(run(h, '2026-03-06T12:00'), 'resolution');
    expect(c).toMatchObject({ status: 'paused', stoppedBy: 'workaround', breachedAt: null, budgetMs: 23.25 * H });
    expect(f(c.stoppedAt)).toBe('2026-03-04T10:00:00+01:00');
    expect(c.elapsed.workingMs).toBe(16.5 * H); // Mon 6 h 45 + Tue 7 h 45 + Wed 2 h
    expect(c.remaining?.workingMs).toBe(6.75 * H);
    // projection "if resumed now" (Friday 12:00): 3 h 45 on Friday, 3 h on Monday
    expect(f(c.dueAt)).toBe('2026-03-09T11:00:00+01:00');
    // 50 % = 11 h 37 min 30 s: Monday 6 h 45, then 4 h 52 min 30 s on Tuesday
    expect(ths(c).map((t) => t[1])).toEqual(['2026-03-03T12:52:30+01:00', null, null, null]);
    expect(c.thresholds.map((t) => t.reached)).toEqual([true, false, false, false]);
    expect(segs(c)).toEqual([
      ['2026-03-02T09:00:00+01:00', '2026-03-04T10:00:00+01:00', 'counting'],
      ['2026-03-04T10:00:00+01:00', '2026-03-06T12:00:00+01:00', 'workaround'],
    ]);
    // never breached while the workaround stays, a year later too
    const year = clock(run(h, '2027-03-02T12:00'), 'resolution');
    expect([year.status, year.breachedAt, year.elapsed.workingMs]).toEqual(['paused', null, 16.5 * H]);
    expect(run(h, '2027-03-02T12:00').nextThresholdAt).toBeNull();
    // withdrawn Friday 12:00: counts again and is due Monday 11:00
    const back = [...h, wa('2026-03-06T12:00', false)];
    const r = clock(run(back, '2026-03-09T10:00'), 'resolution');
    expect([r.status, r.stoppedAt, r.stoppedBy, f(r.dueAt)]).toEqual(['running', null, null, '2026-03-09T11:00:00+01:00']);
    expect(clock(run([...back, st('2026-03-09T10:30', 'resolved')], '2026-03-09T12:00'), 'resolution').status).toBe('met');
    const b = clock(run(back, '2026-03-09T12:00'), 'resolution');
    expect([b.status, f(b.breachedAt)]).toEqual(['breached', '2026-03-09T11:00:00+01:00']);
    expect(segs(b)).toEqual([
      ['2026-03-02T09:00:00+01:00', '2026-03-04T10:00:00+01:00', 'counting'],
      ['2026-03-04T10:00:00+01:00', '2026-03-06T12:00:00+01:00', 'workaround'],
      ['2026-03-06T12:00:00+01:00', '2026-03-09T12:00:00+01:00', 'counting'],
    ]);
    // a workaround at the due instant itself is in time
    expect(clock(run([c0, wa('2026-03-05T09:00')], '2026-03-10T12:00'), 'resolution').status).toBe('paused');
  });

  it('[S-2.2.3] a workaround after the C target: the breach stands and the clock keeps counting until resolved', () => {
    const h = [c0, wa('2026-03-05T14:00')];
    const c = clock(run(h, '2026-03-06T12:00'), 'resolution');
    expect(c).toMatchObject({ status: 'breached', stoppedAt: null, stoppedBy: null });
    expect(f(c.breachedAt)).toBe('2026-03-05T09:00:00+01:00');
    expect(c.elapsed.workingMs).toBe(34 * H); // Mon 6 h 45, Tue–Thu 7 h 45 each, Fri 4 h
    expect(c.remaining).toEqual({ calendarMs: -27 * H, workingMs: -10.75 * H });
    const done = clock(run([...h, st('2026-03-06T12:00', 'resolved')], '2026-03-10T12:00'), 'resolution');
    expect([done.status, done.stoppedBy, f(done.stoppedAt), f(done.breachedAt)]).toEqual([
      'breached',
      'resolved',
      '2026-03-06T12:00:00+01:00',
      '2026-03-05T09:00:00+01:00',
    ]);
  });

  it('[S-2.2.3] a reopened C incident resumes its resolution clock; the resolved span does not count', () => {
    const h = [c0, st('2026-03-02T09:10', 'investigating'), st('2026-03-03T09:00', 'resolved')];
    const resolved = clock(run(h, '2026-03-03T12:00'), 'resolution');
    expect([resolved.status, resolved.stoppedBy, f(resolved.stoppedAt), f(resolved.dueAt)]).toEqual([
      'met',
      'resolved',
      '2026-03-03T09:00:00+01:00',
      '2026-03-05T09:00:00+01:00',
    ]);
    expect(resolved.elapsed.workingMs).toBe(7.75 * H);
    const reopened = [...h, st('2026-03-04T09:00', 'investigating')];
    const c = clock(run(reopened, '2026-03-04T10:00'), 'resolution');
    expect([c.status, c.stoppedAt, c.stoppedBy]).toEqual(['running', null, null]);
    // 15 h 30 left from Wednesday 09:00: Wed 6 h 45, Thu 7 h 45, Fri 1 h
    expect(f(c.dueAt)).toBe('2026-03-06T09:00:00+01:00');
    expect(segs(c)).toEqual([
      ['2026-03-02T09:00:00+01:00', '2026-03-03T09:00:00+01:00', 'counting'],
      ['2026-03-03T09:00:00+01:00', '2026-03-04T09:00:00+01:00', 'resolved'],
      ['2026-03-04T09:00:00+01:00', '2026-03-04T10:00:00+01:00', 'counting'],
    ]);
    // resolved again, then closed: stopped at the resolution, not at the closing
    const again = clock(run([...reopened, st('2026-03-06T08:30', 'resolved'), st('2026-03-06T10:00', 'closed')], '2026-03-09T10:00'), 'resolution');
    expect([again.status, f(again.stoppedAt)]).toEqual(['met', '2026-03-06T08:30:00+01:00']);
  });
});

describe('re-classification', () => {
  it('[S-2.1] C → A with the "reported" start rule: the A response is due 1 hour after the report', () => {
    const h = [rep('2026-03-02T09:00', 'C'), cat('2026-03-02T09:30', 'A')];
    const r = run(h, '2026-03-02T10:05');
    expect(r.category).toBe('A');
    expect(r.clocks.map((c) => c.targetId)).toEqual(['response', 'resolution']);
    const c = clock(r, 'response');
    expect([c.status, f(c.startedAt), f(c.breachedAt)]).toEqual(['breached', '2026-03-02T09:00:00+01:00', '2026-03-02T10:00:00+01:00']);
    expect(clock(run([...h, resp('2026-03-02T09:50')], '2026-03-02T10:05'), 'response').status).toBe('met');
    // re-classified after the hour: breached at once, at report + 1 h
    const lateClass = clock(run([rep('2026-03-02T09:00', 'C'), cat('2026-03-02T11:00', 'A')], '2026-03-02T11:00'), 'response');
    expect([lateClass.status, f(lateClass.breachedAt)]).toEqual(['breached', '2026-03-02T10:00:00+01:00']);
    // the A resolution clock is tracked from the report
    expect(clock(r, 'resolution').elapsed.calendarMs).toBe(65 * M);
  });

  it('[S-2.1] C → A with the "classified" start rule: the A response is due 1 hour after the re-classification', () => {
    const h = [rep('2026-03-02T09:00', 'C'), cat('2026-03-02T09:30', 'A')];
    const c = clock(run(h, '2026-03-02T10:05', classified), 'response');
    expect([c.status, f(c.startedAt), f(c.dueAt)]).toEqual(['running', '2026-03-02T09:30:00+01:00', '2026-03-02T10:30:00+01:00']);
    expect(c.elapsed.calendarMs).toBe(35 * M);
    const late = clock(run([rep('2026-03-02T09:00', 'C'), cat('2026-03-02T11:00', 'A')], '2026-03-02T11:30', classified), 'response');
    expect([late.status, f(late.dueAt)]).toEqual(['running', '2026-03-02T12:00:00+01:00']);
    // work that had started before the re-classification counts as the response (stopped at the start)
    const before = clock(run([...h.slice(0, 1), st('2026-03-02T09:10', 'investigating'), h[1]], '2026-03-02T12:00', classified), 'response');
    expect([before.status, f(before.stoppedAt), before.elapsed.calendarMs, before.segments]).toEqual(['met', '2026-03-02T09:30:00+01:00', 0, []]);
    // re-classification to the same category changes nothing
    const same = clock(run([...h, cat('2026-03-02T09:40', 'A')], '2026-03-02T10:05', classified), 'response');
    expect(f(same.startedAt)).toBe('2026-03-02T09:30:00+01:00');
  });

  it('[S-2.1] A → C: the A response clock disappears and the C resolution counts from the report', () => {
    const h = [rep('2026-03-02T09:00', 'A'), cat('2026-03-02T09:30', 'C')];
    const r = run(h, '2026-03-02T12:00');
    expect(r.category).toBe('C');
    expect(r.clocks.map((c) => c.targetId)).toEqual(['resolution']);
    const c = r.clocks[0];
    expect([c.category, c.status, f(c.startedAt), f(c.dueAt)]).toEqual(['C', 'running', '2026-03-02T09:00:00+01:00', '2026-03-05T09:00:00+01:00']);
    expect(c.elapsed.workingMs).toBe(3 * H);
    expect(f(run(h, '2026-03-02T12:00', classified).clocks[0].dueAt)).toBe('2026-03-05T09:30:00+01:00');
    // before the re-classification the case had A's clocks (events after now are ignored)
    expect(run(h, '2026-03-02T09:20').category).toBe('A');
    expect(clock(run(h, '2026-03-02T09:20'), 'response').status).toBe('running');
  });

  it('[S-2.1] the policy sets the start rule (incidentClocks.startOnReclassification: reported)', () => {
    expect(runtime.policy.incidentClocks).toEqual({ startOnReclassification: 'reported', clauses: ['S-2.1', 'S-2.2'] });
    expect(reported.startRule).toBe('reported');
    expect(Object.keys(reported.targets)).toEqual(['A', 'B', 'C']);
    const yaml = readFileSync(file('../../../policies/altinn.yaml'), 'utf8');
    const bad = parsePolicy(yaml.replace('startOnReclassification: reported', 'startOnReclassification: later'), { sourceName: 'altinn.yaml' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.some((e) => e.path.startsWith('/incidentClocks/startOnReclassification'))).toBe(true);
    const classifiedPolicy = parsePolicy(yaml.replace('startOnReclassification: reported', 'startOnReclassification: classified'), { sourceName: 'altinn.yaml' });
    expect(classifiedPolicy.ok && clockOptionsFromPolicy(classifiedPolicy.policy, runtime.calendars).startRule).toBe('classified');
  });

  it('[S-2.1] the clocks are a pure function of the history: same input, same result, in any order', () => {
    const histories: HistoryEvent[][] = [
      [rep('2026-03-02T09:00', 'C'), cat('2026-03-02T09:30', 'A'), resp('2026-03-02T09:45')],
      [rep('2026-03-02T09:00', 'A'), cat('2026-03-02T09:30', 'C'), wa('2026-03-03T10:00')],
      [rep('2026-11-20T15:30', 'B'), st('2026-11-23T08:50', 'investigating'), st('2026-11-23T12:00', 'resolved')],
    ];
    for (const h of histories) Object.freeze(h.map((e) => Object.freeze(e)));
    const now = p('2026-11-24T12:00');
    const first = histories.map((h) => computeClocks(Object.freeze([...h]), reported, now));
    const reversed = [...histories].reverse().map((h) => computeClocks(h, reported, now)).reverse();
    const again = histories.map((h) => computeClocks(h, reported, now));
    expect(reversed).toEqual(first);
    expect(again).toEqual(first);
    expect(again[0]).not.toBe(first[0]);
    // the result does not share mutable arrays with the policy
    first[0].clocks[0].clauses.push('X');
    expect(runtime.policy.incidentCategories.A.targets[0].clauses).toEqual(['S-2.2.1']);
  });
});

describe('pauses, thresholds and bad input', () => {
  const fix: ClockTarget = {
    id: 'fix',
    kind: 'resolution',
    duration: { amount: 8, unit: 'workingHours' },
    calendar: 'servicedesk',
    pausedBy: ['awaitingReporter'],
    warnAt: [50],
    clauses: ['S-2.2.3'],
  };
  const watch: ClockTarget = { id: 'watch', kind: 'response', duration: { amount: 2, unit: 'hours' }, calendar: 'always', pausedBy: ['workaround'], clauses: ['S-2.2.1'] };
  const opts: ClockEngineOptions = { targets: { X: [fix, watch] }, calendars: runtime.calendars };
  const x0 = rep('2026-03-02T09:00', 'X'); // Monday

  it('[S-2.2.3] hold and release pause clocks whose target lists the reason; other reasons do not', () => {
    const h = [x0, hold('2026-03-02T10:00'), rel('2026-03-03T10:00')];
    const paused = clock(run(h.slice(0, 2), '2026-03-02T12:00', opts), 'fix');
    expect([paused.status, paused.stoppedAt, paused.stoppedBy, paused.elapsed.workingMs]).toEqual(['paused', null, null, H]);
    // projection if released now (Monday 12:00): 3 h 45 on Monday, 3 h 15 on Tuesday
    expect(f(paused.dueAt)).toBe('2026-03-03T11:15:00+01:00');
    expect(ths(paused)).toEqual([
      [50, null, false],
      [100, null, false],
    ]);
    const c = clock(run(h, '2026-03-03T12:00', opts), 'fix');
    expect(c.status).toBe('running');
    expect(f(c.dueAt)).toBe('2026-03-04T09:15:00+01:00'); // 1 h before, 5 h 45 on Tuesday, 1 h 15 on Wednesday
    expect(ths(c)).toEqual([
      [50, '2026-03-03T13:00:00+01:00', false],
      [100, '2026-03-04T09:15:00+01:00', false],
    ]);
    expect(segs(c)).toEqual([
      ['2026-03-02T09:00:00+01:00', '2026-03-02T10:00:00+01:00', 'counting'],
      ['2026-03-02T10:00:00+01:00', '2026-03-03T10:00:00+01:00', 'awaitingReporter'],
      ['2026-03-03T10:00:00+01:00', '2026-03-03T12:00:00+01:00', 'counting'],
    ]);
    expect(c.elapsed).toEqual({ calendarMs: 3 * H, workingMs: 3 * H });
    // waiting for a third party is not in pausedBy: the clock counts on
    const third = clock(run([x0, hold('2026-03-02T10:00', 'awaitingThirdParty')], '2026-03-02T12:00', opts), 'fix');
    expect([third.status, third.elapsed.workingMs]).toEqual(['running', 3 * H]);
    // a hold that starts exactly at the due instant (Tuesday 09:15) is in time; the breach comes when it resumes
    const atDue = [x0, hold('2026-03-03T09:15'), rel('2026-03-03T12:00')];
    const held = clock(run(atDue, '2026-03-03T11:00', opts), 'fix');
    expect([held.status, held.breachedAt, f(held.dueAt), held.remaining]).toEqual(['paused', null, '2026-03-03T11:00:00+01:00', { calendarMs: 0, workingMs: 0 }]);
    const resumed = clock(run(atDue, '2026-03-03T12:30', opts), 'fix');
    expect([resumed.status, f(resumed.breachedAt)]).toEqual(['breached', '2026-03-03T12:00:00+01:00']);
    // a release for another reason does not end the hold
    const other = clock(run([x0, hold('2026-03-02T10:00'), rel('2026-03-02T11:00', 'awaitingThirdParty')], '2026-03-02T12:00', opts), 'fix');
    expect(other.status).toBe('paused');
  });

  it('[S-2.2.1] pausedBy: [workaround] pauses while the workaround is in place, also after the due time', () => {
    const h = [x0, wa('2026-03-02T10:00'), wa('2026-03-02T10:30', false)];
    const c = clock(run(h, '2026-03-02T11:00', opts), 'watch');
    expect([c.status, f(c.dueAt), c.elapsed.calendarMs]).toEqual(['running', '2026-03-02T11:30:00+01:00', 1.5 * H]);
    const b = clock(run(h, '2026-03-02T12:00', opts), 'watch');
    expect([b.status, f(b.breachedAt), b.elapsed.calendarMs]).toEqual(['breached', '2026-03-02T11:30:00+01:00', 2.5 * H]);
    const after = clock(run([...h, wa('2026-03-02T12:00')], '2026-03-02T13:00', opts), 'watch');
    expect([after.status, after.elapsed.calendarMs, after.segments.at(-1)?.reason]).toEqual(['breached', 2.5 * H, 'workaround']);
  });

  it('[S-2.2.1] thresholds and nextThresholdAt over several running clocks', () => {
    const r = run([x0], '2026-03-02T09:30', opts);
    // fix: 50 % at 13:00, 100 % Tuesday 09:15; watch: 100 % at 11:00
    expect(f(r.nextThresholdAt)).toBe('2026-03-02T11:00:00+01:00');
    expect(f(run([x0], '2026-03-02T11:00', opts).nextThresholdAt)).toBe('2026-03-02T13:00:00+01:00');
    expect(f(run([x0], '2026-03-02T13:00', opts).nextThresholdAt)).toBe('2026-03-03T09:15:00+01:00');
    expect(run([x0], '2026-03-03T09:15', opts).nextThresholdAt).toBeNull();
    // a paused clock schedules nothing
    expect(run([x0, hold('2026-03-02T09:10'), wa('2026-03-02T09:10')], '2026-03-02T09:30', opts).nextThresholdAt).toBeNull();
  });

  it('[S-2.1] bad input is refused with a clear error', () => {
    const now = p('2026-03-03T12:00');
    expect(() => computeClocks([], reported, now)).toThrow(/empty history/);
    expect(() => computeClocks([st('2026-03-02T09:00', 'new')], reported, now)).toThrow(/must start with its "reported" event/);
    expect(() => computeClocks([rep('2026-03-02T09:00', 'Z')], reported, now)).toThrow(/unknown incident category "Z"/);
    expect(() => computeClocks([rep('2026-03-02T09:00', 'A'), cat('2026-03-02T10:00', 'Q')], reported, now)).toThrow(/history\[1\].*unknown incident category "Q"/);
    expect(() => computeClocks([rep('2026-03-02T09:00', 'A'), rep('2026-03-02T10:00', 'A')], reported, now)).toThrow(/second "reported"/);
    expect(() => computeClocks([rep('2026-03-02T09:00', 'A'), st('2026-03-02T08:00', 'investigating')], reported, now)).toThrow(/time order/);
    expect(() => computeClocks([rep('2026-03-02T09:00', 'A'), { at: now, type: 'state', state: 'done' as never }], reported, now)).toThrow(/unknown state "done"/);
    expect(() => computeClocks([rep('2026-03-02T09:00', 'A'), { at: now, type: 'escalated' } as never], reported, now)).toThrow(/unknown event type "escalated"/);
    expect(() => computeClocks([rep('2026-03-02T09:00', 'A'), { at: now, type: 'hold', reason: 'lunch' as never }], reported, now)).toThrow(/unknown reason "lunch"/);
    expect(() => computeClocks([{ at: Number.NaN, type: 'reported', category: 'A' }], reported, now)).toThrow(/invalid time/);
    expect(() => computeClocks([rep('2026-03-02T09:00', 'A')], reported, p('2026-03-01T09:00'))).toThrow(/before the case was reported/);
    expect(() => computeClocks([rep('2026-03-02T09:00', 'A')], reported, Number.NaN)).toThrow(/invalid now/);
    const noCal: ClockEngineOptions = { targets: { X: [{ ...fix, calendar: 'moon' }] }, calendars: runtime.calendars };
    expect(() => computeClocks([rep('2026-03-02T09:00', 'X')], noCal, now)).toThrow(/target "fix" of category "X" uses the unknown calendar "moon"/);
    // inherited object keys are not categories
    expect(() => computeClocks([rep('2026-03-02T09:00', 'toString')], reported, now)).toThrow(/unknown incident category "toString"/);
  });
});

describe('properties', () => {
  const from = p('2025-01-01T00:00');
  const span = p('2030-12-31T00:00') - from;

  function randomHistory(r: () => number, pauses: boolean): HistoryEvent[] {
    const cats = ['A', 'B', 'C'];
    let t = from + Math.floor(r() * span);
    const h: HistoryEvent[] = [{ at: t, type: 'reported', category: cats[Math.floor(r() * 3)] }];
    const n = Math.floor(r() * 8);
    for (let k = 0; k < n; k++) {
      t += Math.floor(r() * 30 * H);
      const x = r();
      if (x < 0.2) h.push({ at: t, type: 'category', category: cats[Math.floor(r() * 3)] });
      else if (x < 0.4) h.push({ at: t, type: 'state', state: (['investigating', 'identified', 'monitoring'] as const)[Math.floor(r() * 3)] });
      else if (x < 0.5) h.push({ at: t, type: 'responded' });
      else if (!pauses) continue;
      else if (x < 0.6) h.push({ at: t, type: 'workaround', on: r() < 0.7 });
      else if (x < 0.7) h.push({ at: t, type: 'state', state: r() < 0.5 ? 'resolved' : 'closed' });
      else if (x < 0.8) h.push({ at: t, type: 'state', state: 'investigating' });
      else if (x < 0.9) h.push({ at: t, type: r() < 0.5 ? 'hold' : 'release', reason: 'awaitingReporter' });
    }
    return h;
  }

  it('[S-2.2.3] without pauses dueAt is addWorkingTime(start, budget) (addWorkingDays for working days); elapsed + remaining = budget', () => {
    const r = rng(7);
    let checked = 0;
    for (let k = 0; k < 400; k++) {
      const h = randomHistory(r, false);
      const now = h[h.length - 1].at + Math.floor(r() * 100 * H);
      const res = computeClocks(h, r() < 0.5 ? reported : classified, now);
      for (const c of res.clocks) {
        if (c.budgetMs === null) continue;
        const cal = runtime.calendars.get(c.calendar)!;
        const target = runtime.policy.incidentCategories[c.category].targets.find((t) => t.id === c.targetId)!;
        expect(c.segments.every((s) => s.counting)).toBe(true);
        const due = target.duration!.unit === 'workingDays' ? cal.addWorkingDays(c.startedAt, target.duration!.amount) : cal.addWorkingTime(c.startedAt, c.budgetMs);
        expect(c.dueAt).toBe(due);
        expect(cal.workingTimeBetween(c.startedAt, c.dueAt!)).toBe(c.budgetMs);
        expect(c.elapsed.workingMs + c.remaining!.workingMs).toBe(c.budgetMs);
        const end = c.stoppedAt ?? now;
        expect(c.status).toBe(c.stoppedAt === null ? (due <= now ? 'breached' : 'running') : due < end ? 'breached' : 'met');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('[S-2.2.3] with pauses: segments tile the clock, elapsed is their sum, thresholds ascend, elapsed + remaining = budget', () => {
    const r = rng(11);
    for (let k = 0; k < 400; k++) {
      const h = randomHistory(r, true);
      const now = h[h.length - 1].at + Math.floor(r() * 100 * H);
      const res = computeClocks(h, r() < 0.5 ? reported : classified, now);
      for (const c of res.clocks) {
        const cal = runtime.calendars.get(c.calendar)!;
        let at = c.startedAt;
        let calMs = 0;
        let workMs = 0;
        for (const s of c.segments) {
          expect(s.from).toBe(at);
          expect(s.to).toBeGreaterThan(s.from);
          at = s.to;
          if (s.counting) {
            calMs += s.to - s.from;
            workMs += cal.workingTimeBetween(s.from, s.to);
          }
        }
        if (c.segments.length) expect(at).toBe(c.stoppedBy === 'responded' || c.stoppedBy === 'resolved' ? c.stoppedAt : now);
        expect(c.elapsed).toEqual({ calendarMs: calMs, workingMs: workMs });
        if (c.budgetMs === null) continue;
        expect(c.elapsed.workingMs + c.remaining!.workingMs).toBe(c.budgetMs);
        const ats = c.thresholds.map((t) => t.at).filter((x): x is number => x !== null);
        expect([...ats].sort((a, b) => a - b)).toEqual(ats);
        expect(c.status === 'breached').toBe(c.breachedAt !== null);
        if (c.breachedAt !== null) expect(c.breachedAt).toBe(c.dueAt);
        if (res.nextThresholdAt !== null) expect(res.nextThresholdAt).toBeGreaterThan(now);
      }
    }
  });
});
