/**
 * The availability engine against the agreement: 99.9 % 24/7 (S-2.3.1) and 99.8 % Monday–Friday 07–20 (S-2.4.1),
 * per calendar month in Oslo time, with announced maintenance excluded and late maintenance counted (S-2.3.2,
 * S-2.4.2, T-3.1). Every expected figure is worked out by hand in the comments next to it.
 */
import { describe, expect, it } from 'vitest';
import { WorkCalendar, parseInstant, HOUR_MS, MINUTE_MS, DAY_MS } from '../worktime/index.ts';
import { always, tul } from '../worktime/fixtures.ts';
import type { ComponentState } from '../policy/schema.ts';
import { monthAvailability, monthsAvailability, prepare, rollingAvailability, type DayFigure, type StateInterval, type StateWeights, type ExcludedWindow } from './index.ts';
import { buildMonthWindow, monthWindow } from './windows.ts';
import { rng } from '../../../test/rng.ts';

const p = (s: string) => parseInstant(s);
const H = HOUR_MS;
const M = MINUTE_MS;
const alwaysCal = new WorkCalendar(always);
const tulCal = new WorkCalendar(tul);
/** The policy's default weights (policies/altinn.yaml, both component classes). */
const weights: StateWeights = { operational: 1, degraded_performance: 1, partial_outage: 0.5, major_outage: 0, under_maintenance: 'excluded' };
const iv = (state: ComponentState, from: string, to: string | null): StateInterval => ({ state, from: p(from), to: to === null ? null : p(to) });
const ex = (from: string, to: string): ExcludedWindow => ({ from: p(from), to: p(to) });
const day = (fig: { days: DayFigure[] }, date: string): DayFigure => fig.days.find((d) => d.date === date)!;

describe('24/7 component, March 2026 (spring forward on 29 March)', () => {
  const intervals = [
    iv('major_outage', '2026-03-03T10:00', '2026-03-03T10:30'), // 30 min down
    iv('partial_outage', '2026-03-10T12:00', '2026-03-10T14:00'), // 2 h × 0.5 = 1 h down
    iv('degraded_performance', '2026-03-12T09:00', '2026-03-12T11:00'), // weight 1: 0 down
    iv('under_maintenance', '2026-03-14T22:00', '2026-03-15T01:00'), // inside the announced window: excluded
    iv('under_maintenance', '2026-03-20T23:00', '2026-03-21T00:30'), // late (no excluded window): 1.5 h down
    iv('under_maintenance', '2026-03-25T22:00', '2026-03-25T23:30'), // announced 22–23, overran 30 min: 30 min down
    iv('major_outage', '2026-03-29T01:30', '2026-03-29T03:30'), // 01:30 CET → 03:30 CEST = 1 real hour down
  ];
  const excluded = [ex('2026-03-14T22:00', '2026-03-15T02:00'), ex('2026-03-25T22:00', '2026-03-25T23:00')];
  const fig = monthAvailability({ calendar: alwaysCal, intervals, excluded, weights, target: 99.9, now: p('2026-04-15T12:00') }, '2026-03');

  it('[S-2.3.1] the window is the whole month: 743 h (31 × 24 − 1 for the skipped hour)', () => {
    expect(fig.windowMs).toBe(743 * H);
    expect(fig.days).toHaveLength(31);
    expect(day(fig, '2026-03-29').windowMs).toBe(23 * H);
    expect(day(fig, '2026-03-28').windowMs).toBe(24 * H);
    expect(fig.complete).toBe(true);
  });

  it('[S-2.3.1] [S-2.3.2] announced maintenance leaves the window; late maintenance and overrun count as down', () => {
    // excluded: 4 h (14th 22:00 → 15th 02:00) + 1 h (25th 22:00–23:00) = 5 h
    expect(fig.excludedMs).toBe(5 * H);
    // down: 0.5 + 1 (partial at half) + 1.5 (late) + 0.5 (overrun) + 1 (across the DST change) = 4.5 h
    expect(fig.downMs).toBe(4.5 * H);
    expect(fig.countedMaintenanceMs).toBe(2 * H); // 1.5 h late + 0.5 h overrun
    // availability = (743 − 5 − 4.5) / (743 − 5) = 733.5 / 738
    expect(fig.availability).toBeCloseTo((100 * 733.5) / 738, 10);
    // budget = 0.1 % of 738 h = 0.738 h = 44 min 16.8 s
    expect(fig.budgetMs).toBeCloseTo(0.738 * H, 3);
    expect(fig.budgetLeftMs).toBeCloseTo(0.738 * H - 4.5 * H, 3);
    expect(fig.met).toBe(false);
  });

  it('[S-2.3.1] per day: window, excluded, down and the worst state', () => {
    expect(day(fig, '2026-03-03')).toMatchObject({ windowMs: 24 * H, excludedMs: 0, downMs: 30 * M, worst: 'major_outage' });
    expect(day(fig, '2026-03-03').availability).toBeCloseTo((100 * (24 * 60 - 30)) / (24 * 60), 10);
    expect(day(fig, '2026-03-10')).toMatchObject({ downMs: 1 * H, worst: 'partial_outage' });
    expect(day(fig, '2026-03-12')).toMatchObject({ downMs: 0, availability: 100, worst: 'degraded_performance' });
    expect(day(fig, '2026-03-14')).toMatchObject({ excludedMs: 2 * H, downMs: 0, worst: 'under_maintenance' });
    expect(day(fig, '2026-03-15')).toMatchObject({ excludedMs: 2 * H, downMs: 0, worst: 'under_maintenance' });
    expect(day(fig, '2026-03-20')).toMatchObject({ excludedMs: 0, downMs: 1 * H, worst: 'under_maintenance' });
    expect(day(fig, '2026-03-21')).toMatchObject({ downMs: 30 * M });
    expect(day(fig, '2026-03-25')).toMatchObject({ excludedMs: 1 * H, downMs: 30 * M });
    expect(day(fig, '2026-03-29')).toMatchObject({ windowMs: 23 * H, downMs: 1 * H, worst: 'major_outage' });
    expect(day(fig, '2026-03-29').availability).toBeCloseTo((100 * 22) / 23, 10);
    expect(day(fig, '2026-03-01')).toMatchObject({ windowMs: 24 * H, downMs: 0, availability: 100, worst: 'operational' });
    const sum = (k: 'windowMs' | 'excludedMs' | 'downMs') => fig.days.reduce((a, d) => a + d[k], 0);
    expect([sum('windowMs'), sum('excludedMs'), sum('downMs')]).toEqual([fig.windowMs, fig.excludedMs, fig.downMs]);
  });

  it('[S-2.3.1] a month within budget is met: April 2026, one 40-minute outage against 43.2 minutes of budget', () => {
    const apr = monthAvailability(
      { calendar: alwaysCal, intervals: [iv('major_outage', '2026-04-07T08:00', '2026-04-07T08:40')], weights, target: 99.9, now: p('2026-05-02T00:00') },
      '2026-04',
    );
    expect(apr.windowMs).toBe(720 * H);
    expect(apr.budgetMs).toBeCloseTo(43.2 * M, 3); // 0.1 % of 720 h
    expect(apr.budgetLeftMs).toBeCloseTo(3.2 * M, 3);
    expect(apr.availability).toBeCloseTo(100 * (1 - 40 / (720 * 60)), 10); // 99.9074 %
    expect(apr.met).toBe(true);
  });
});

describe('24/7 component, October 2026 (fall back on 25 October)', () => {
  it('[S-2.3.1] the month has 745 h, 25 October 25 h; an outage across the repeated hour is counted in real time', () => {
    // 02:30 summer time → 02:30 winter time on 25 October is one real hour
    const intervals = [{ state: 'major_outage' as const, from: p('2026-10-25T02:30+02:00'), to: p('2026-10-25T02:30+01:00') }];
    const fig = monthAvailability({ calendar: alwaysCal, intervals, weights, target: 99.9, now: p('2026-11-10T00:00') }, '2026-10');
    expect(fig.windowMs).toBe(745 * H);
    expect(day(fig, '2026-10-25')).toMatchObject({ windowMs: 25 * H, downMs: 1 * H, worst: 'major_outage' });
    expect(fig.downMs).toBe(1 * H);
    expect(fig.availability).toBeCloseTo((100 * 744) / 745, 10);
    // budget 0.745 h = 44.7 min: one hour breaks it
    expect(fig.met).toBe(false);
  });
});

describe('Monday–Friday 07–20 component (tul calendar), March 2026', () => {
  const intervals = [
    iv('major_outage', '2026-03-02T06:00', '2026-03-02T08:00'), // Mon: 1 h inside (07–08), 1 h before the window
    iv('major_outage', '2026-03-03T19:30', '2026-03-03T21:00'), // Tue: 30 min inside
    iv('partial_outage', '2026-03-04T10:00', '2026-03-04T12:00'), // Wed: partial inside, 2 h × 0.5 = 1 h
    iv('partial_outage', '2026-03-04T21:00', '2026-03-04T23:00'), // Wed evening: outside, 0
    iv('under_maintenance', '2026-03-05T12:00', '2026-03-05T13:00'), // Thu: emergency change, announced: excluded
    iv('under_maintenance', '2026-03-06T18:00', '2026-03-06T21:00'), // Fri: late maintenance, 2 h inside (18–20)
    iv('major_outage', '2026-03-07T10:00', '2026-03-07T14:00'), // Saturday: no window, 0
    iv('under_maintenance', '2026-03-09T21:00', '2026-03-09T23:00'), // Mon night, announced, outside the window
  ];
  const excluded = [ex('2026-03-05T12:00', '2026-03-05T13:00'), ex('2026-03-09T21:00', '2026-03-09T23:00')];
  const fig = monthAvailability({ calendar: tulCal, intervals, excluded, weights, target: 99.8, now: p('2026-04-01T09:00') }, '2026-03');

  it('[S-2.4.1] the window is 22 weekdays × 13 h = 286 h; the DST Sunday changes nothing', () => {
    expect(fig.windowMs).toBe(286 * H);
    expect(day(fig, '2026-03-07')).toMatchObject({ windowMs: 0, availability: null, worst: 'operational' });
    expect(day(fig, '2026-03-29')).toMatchObject({ windowMs: 0, availability: null });
    expect(day(fig, '2026-03-30').windowMs).toBe(13 * H);
  });

  it('[S-2.4.1] [S-2.4.2] only time inside the window counts; announced maintenance inside it is excluded, late counts', () => {
    expect(fig.excludedMs).toBe(1 * H); // Thursday's announced hour; Monday night's lies outside the window
    expect(fig.downMs).toBe(4.5 * H); // 1 + 0.5 + 1 + 2
    expect(fig.countedMaintenanceMs).toBe(2 * H);
    // (286 − 1 − 4.5) / (286 − 1) = 280.5 / 285
    expect(fig.availability).toBeCloseTo((100 * 280.5) / 285, 10);
    expect(fig.budgetMs).toBeCloseTo(0.002 * 285 * H, 3); // 0.57 h = 34.2 min
    expect(fig.met).toBe(false);
    expect(day(fig, '2026-03-02')).toMatchObject({ windowMs: 13 * H, downMs: 1 * H, worst: 'major_outage' });
    expect(day(fig, '2026-03-04')).toMatchObject({ downMs: 1 * H, worst: 'partial_outage' });
    expect(day(fig, '2026-03-05')).toMatchObject({ excludedMs: 1 * H, downMs: 0, availability: 100, worst: 'under_maintenance' });
    expect(day(fig, '2026-03-06')).toMatchObject({ downMs: 2 * H, worst: 'under_maintenance' });
    expect(day(fig, '2026-03-09')).toMatchObject({ excludedMs: 0, downMs: 0, worst: 'operational' });
  });

  it('[S-2.4.1] public holidays are in the window as S-2.4.1 is written (Easter 2026), unless the calendar excludes them', () => {
    // April 2026: 22 weekdays, including Maundy Thursday 2, Good Friday 3 and Easter Monday 6 April
    const input = { intervals: [iv('major_outage', '2026-04-03T10:00', '2026-04-03T11:00')], weights, target: 99.8, now: p('2026-05-04T00:00') };
    const apr = monthAvailability({ ...input, calendar: tulCal }, '2026-04');
    expect(apr.windowMs).toBe(286 * H);
    expect(apr.downMs).toBe(1 * H);
    expect(apr.availability).toBeCloseTo((100 * 285) / 286, 10);
    // the same window with public holidays closed: 19 days × 13 h, and the Good Friday outage is outside it
    const closed = new WorkCalendar({ ...tul, name: 'tul-holidays', excludePublicHolidays: true });
    const aprClosed = monthAvailability({ ...input, calendar: closed }, '2026-04');
    expect(aprClosed.windowMs).toBe(247 * H);
    expect(aprClosed.downMs).toBe(0);
    expect(aprClosed.availability).toBe(100);
    expect(day(aprClosed, '2026-04-03')).toMatchObject({ windowMs: 0, availability: null });
  });

  it('[S-2.4.1] October 2026: 22 weekdays × 13 h, Monday after the change opens 07:00 winter time', () => {
    const oct = monthAvailability(
      { calendar: tulCal, intervals: [iv('major_outage', '2026-10-26T06:00', '2026-10-26T07:15')], weights, target: 99.8, now: p('2026-11-01T00:00') },
      '2026-10',
    );
    expect(oct.windowMs).toBe(286 * H);
    expect(oct.downMs).toBe(15 * M);
    expect(oct.met).toBe(true); // budget 0.572 h = 34.3 min
  });
});

describe('periods and now', () => {
  it('[S-2.3.1] time after now never counts; a month in progress is not complete', () => {
    const now = p('2026-03-10T12:00');
    const fig = monthAvailability(
      { calendar: alwaysCal, intervals: [iv('major_outage', '2026-03-10T11:00', null)], weights, target: 99.9, now },
      '2026-03',
    );
    expect(fig.windowMs).toBe(9 * 24 * H + 12 * H);
    expect(fig.downMs).toBe(1 * H); // the open outage counts up to now only
    expect(fig.complete).toBe(false);
    expect(day(fig, '2026-03-11')).toMatchObject({ windowMs: 0, availability: null });
    const future = monthAvailability({ calendar: alwaysCal, intervals: [], weights, target: 99.9, now }, '2026-05');
    expect(future).toMatchObject({ windowMs: 0, availability: null, met: null });
  });

  it('[S-2.3.1] rolling days end today, oldest first, and their total is the sum of the days', () => {
    const now = p('2026-03-02T12:00');
    const r = rollingAvailability(
      { calendar: alwaysCal, intervals: [iv('partial_outage', '2026-02-27T00:00', '2026-02-27T04:00')], weights, target: 99.9, now },
      5,
    );
    expect(r.days.map((d) => d.date)).toEqual(['2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(r.windowMs).toBe(4 * 24 * H + 12 * H);
    expect(r.downMs).toBe(2 * H);
    expect(r.from).toBe(p('2026-02-26'));
    expect(r.to).toBe(p('2026-03-03'));
    const r90 = rollingAvailability({ calendar: tulCal, intervals: [], weights, target: 99.8, now }, 90);
    expect(r90.days).toHaveLength(90);
    expect(r90.days.at(-1)!.date).toBe('2026-03-02');
    expect(r90.windowMs).toBe(r90.days.reduce((a, d) => a + d.windowMs, 0));
  });

  it('[S-2.3.1] a state whose weight is "excluded" leaves the window; under_maintenance with a number weight uses it', () => {
    const w2: StateWeights = { ...weights, degraded_performance: 'excluded', under_maintenance: 0.25 };
    const fig = monthAvailability(
      {
        calendar: alwaysCal,
        intervals: [iv('degraded_performance', '2026-04-01T00:00', '2026-04-01T02:00'), iv('under_maintenance', '2026-04-02T00:00', '2026-04-02T04:00')],
        weights: w2,
        target: 99.9,
        now: p('2026-05-01T00:00'),
      },
      '2026-04',
    );
    expect(fig.excludedMs).toBe(2 * H);
    expect(fig.downMs).toBe(3 * H); // 4 h × (1 − 0.25)
  });

  it('[S-2.3.1] the month-window cache gives the same intervals as building them afresh', () => {
    for (const m of ['2026-03', '2026-10', '2026-12']) {
      const a = monthWindow(tulCal, m);
      const b = buildMonthWindow(tulCal, m);
      expect([...a.ivS]).toEqual([...b.ivS]);
      expect([...a.ivE]).toEqual([...b.ivE]);
      expect(monthWindow(tulCal, m)).toBe(a);
    }
  });
});

describe('properties', () => {
  const STATES: ComponentState[] = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];
  it('[S-2.3.1] [S-2.4.1] availability lies in [0, 100], the window is the sum of the days, and excluded + down ≤ window', () => {
    const r = rng(20260301);
    const start = p('2025-12-20');
    for (let run = 0; run < 200; run++) {
      const intervals: StateInterval[] = [];
      let t = start + Math.floor(r() * 5 * DAY_MS);
      const n = Math.floor(r() * 40);
      for (let i = 0; i < n; i++) {
        const len = Math.floor(r() * (r() < 0.2 ? 3 * DAY_MS : 6 * H));
        intervals.push({ state: STATES[Math.floor(r() * STATES.length)], from: t, to: i === n - 1 && r() < 0.5 ? null : t + len });
        t += len + Math.floor(r() * 4 * DAY_MS);
      }
      const excluded: ExcludedWindow[] = [];
      for (let i = Math.floor(r() * 6); i > 0; i--) {
        const a = start + Math.floor(r() * 100 * DAY_MS);
        excluded.push({ from: a, to: a + Math.floor(r() * 12 * H) });
      }
      const cal = r() < 0.5 ? alwaysCal : tulCal;
      const now = start + Math.floor((30 + r() * 80) * DAY_MS);
      const prep = prepare({ calendar: cal, intervals, excluded, weights, target: 99.8, now });
      for (const f of monthsAvailability(prep, ['2026-01', '2026-02', '2026-03', '2026-04'])) {
        const sum = f.days.reduce((a, d) => a + d.windowMs, 0);
        expect(f.windowMs).toBe(sum);
        expect(f.excludedMs + f.downMs).toBeLessThanOrEqual(f.windowMs + 1e-6);
        if (f.availability !== null) {
          expect(f.availability).toBeGreaterThanOrEqual(0);
          expect(f.availability).toBeLessThanOrEqual(100);
        }
        for (const d of f.days) {
          if (d.availability !== null) expect(d.availability >= 0 && d.availability <= 100).toBe(true);
          expect(d.downMs).toBeLessThanOrEqual(d.windowMs - d.excludedMs + 1e-6);
        }
        // never beyond now
        expect(f.windowMs).toBeLessThanOrEqual(Math.max(0, Math.min(now, f.to) - f.from));
      }
    }
  });

  it('[S-2.3.1] the engine agrees with per-minute sampling on random histories', () => {
    const r = rng(7);
    const from = p('2026-10-01');
    const to = p('2026-11-01');
    for (let run = 0; run < 8; run++) {
      const intervals: StateInterval[] = [];
      let t = from - DAY_MS + Math.floor((r() * DAY_MS) / M) * M;
      while (t < to) {
        const len = Math.floor(r() * 10 * H / M) * M;
        intervals.push({ state: STATES[Math.floor(r() * STATES.length)], from: t, to: t + len });
        t += len + Math.floor(r() * 2 * DAY_MS / M) * M;
      }
      const excluded: ExcludedWindow[] = [];
      for (let i = 0; i < 4; i++) {
        const a = from + Math.floor(r() * 30 * DAY_MS / M) * M;
        excluded.push({ from: a, to: a + Math.floor(r() * 8 * H / M) * M });
      }
      const cal = run % 2 ? alwaysCal : tulCal;
      const fig = monthAvailability({ calendar: cal, intervals, excluded, weights, target: 99.8, now: p('2026-12-01') }, '2026-10');
      // sample every minute (all boundaries above are whole minutes)
      let win = 0;
      let exc = 0;
      let down = 0;
      const w: Record<ComponentState, number> = { operational: 1, degraded_performance: 1, partial_outage: 0.5, major_outage: 0, under_maintenance: 0 };
      for (let x = from; x < to; x += M) {
        if (!cal.isOpen(x)) continue;
        win += M;
        if (excluded.some((e) => e.from <= x && x < e.to)) {
          exc += M;
          continue;
        }
        const s = intervals.find((i) => i.from <= x && x < i.to!)?.state ?? 'operational';
        down += (1 - w[s]) * M;
      }
      expect([fig.windowMs, fig.excludedMs, fig.downMs]).toEqual([win, exc, down]);
    }
  });
});
