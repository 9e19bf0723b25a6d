/**
 * Availability engine (S-2.3.1, S-2.4.1): a year of monthly figures, each with its per-day breakdown, for 500
 * components with 200,000 state changes in total (goal: under a second).
 *
 * Data (seeded PRNG): 500 components, alternately 24/7 (`always`) and Monday–Friday 07–20 (`tul`) from the real
 * policy (policies/altinn.yaml); 400 state changes each over 2026 — 200 episodes of degraded performance, partial or
 * major outage or maintenance, minutes to hours long, back to operational between them — and 12 announced
 * maintenance windows each (one a month, at night).
 *
 * Rows, all per component-year (12 months with their days), measured in the same run:
 *  - "engine" — what the report does: the month windows of a calendar are built once and shared by every component
 *    with that calendar;
 *  - "engine, no window cache" — the same sweep, but every component asks its calendar for the month's open
 *    intervals and local midnights itself (what the cache saves);
 *  - "per-minute sampling" (baseline) — the naive reference: for every minute of the year, is the calendar open, is
 *    an excluded window in force, which state holds (a moving pointer, so it is as cheap as sampling gets).
 * The ratio of "engine" against the baseline is the speed-up of the interval sweep over sampling at the same
 * answer (the two agree to the millisecond on this data, which changes on whole minutes; the run checks two).
 */
import { fileURLToPath } from 'node:url';
import { loadPolicy } from '../src/platform/policy/index.ts';
import { monthsAvailability, prepare, type AvailabilityInput, type ExcludedWindow, type StateInterval, type StateWeights } from '../src/kernel/availability/index.ts';
import type { ComponentState } from '../src/kernel/policy/schema.ts';
import type { WorkCalendar } from '../src/kernel/worktime/index.ts';
import { parseInstant } from '../src/kernel/worktime/index.ts';
import { measure, report, sink } from './lib.ts';
import { rng } from '../test/rng.ts';

const MIN = 60_000;
const COMPONENTS = 500;
const CHANGES = 200_000;
const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
const BAD: ComponentState[] = ['degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];

export function dataset(calendars: { always: WorkCalendar; tul: WorkCalendar }, weights: { always: StateWeights; tul: StateWeights }): AvailabilityInput[] {
  const r = rng(2026);
  const from = parseInstant('2026-01-01');
  const to = parseInstant('2027-01-01');
  const perComponent = CHANGES / COMPONENTS;
  const out: AvailabilityInput[] = [];
  for (let c = 0; c < COMPONENTS; c++) {
    const cls = c % 2 ? 'tul' : 'always';
    const intervals: StateInterval[] = [];
    // one episode in each of 200 equal slots of the year, at a random minute, 1–241 minutes long
    const slot = Math.floor((to - from) / (perComponent / 2) / MIN) * MIN;
    for (let k = 0; k < perComponent / 2; k++) {
      const t = from + k * slot + Math.floor(r() * (slot / MIN - 242)) * MIN;
      const len = Math.floor(1 + r() * r() * 240) * MIN;
      intervals.push({ state: BAD[Math.floor(r() * BAD.length)], from: t, to: t + len }); // 2 changes: bad, back to operational
    }
    const excluded: ExcludedWindow[] = MONTHS.map((m) => {
      const a = parseInstant(`${m}-${String(5 + Math.floor(r() * 20)).padStart(2, '0')}T22:00`);
      return { from: a, to: a + Math.floor(30 + r() * 150) * MIN };
    });
    out.push({ calendar: calendars[cls], intervals, excluded, weights: weights[cls], target: cls === 'tul' ? 99.8 : 99.9, now: to + 1 });
  }
  return out;
}

/** The naive reference: sample every minute of the year. Returns [window, excluded, down] in ms. */
export function sampleYear(input: AvailabilityInput): [number, number, number] {
  const from = parseInstant('2026-01-01');
  const to = parseInstant('2027-01-01');
  const w: Record<ComponentState, number> = { operational: 1, degraded_performance: 1, partial_outage: 0.5, major_outage: 0, under_maintenance: 0 };
  const ex = [...(input.excluded ?? [])].sort((a, b) => a.from - b.from);
  let si = 0;
  let ei = 0;
  let win = 0;
  let exc = 0;
  let down = 0;
  for (let x = from; x < to; x += MIN) {
    if (!input.calendar.isOpen(x)) continue;
    win += MIN;
    while (ei < ex.length && ex[ei].to <= x) ei++;
    if (ei < ex.length && ex[ei].from <= x) {
      exc += MIN;
      continue;
    }
    while (si < input.intervals.length && (input.intervals[si].to ?? Infinity) <= x) si++;
    const s = si < input.intervals.length && input.intervals[si].from <= x ? input.intervals[si].state : 'operational';
    down += (1 - w[s]) * MIN;
  }
  return [win, exc, down];
}

export async function run(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const rt = loadPolicy(`${root}policies/altinn.yaml`, `${root}policies/clauses.yaml`);
  const cls = rt.policy.componentClasses;
  const calendars = { always: rt.calendar(cls.enduser.operatingWindow)!, tul: rt.calendar(cls.development.operatingWindow)! };
  const weights = {
    always: cls.enduser.availability.stateWeights as StateWeights,
    tul: cls.development.availability.stateWeights as StateWeights,
  };
  const inputs = dataset(calendars, weights);
  const changes = inputs.reduce((a, x) => a + 2 * x.intervals.length, 0);

  // One full pass, timed as the report would run it (first: cold month-window cache).
  const full = () => {
    let days = 0;
    for (const x of inputs) for (const m of monthsAvailability(prepare(x), MONTHS)) days += m.days.length;
    return days;
  };
  let t0 = performance.now();
  const days = full();
  const cold = performance.now() - t0;
  const passes: number[] = [];
  for (let i = 0; i < 5; i++) {
    t0 = performance.now();
    full();
    passes.push(performance.now() - t0);
  }
  passes.sort((a, b) => a - b);
  console.log(
    `${inputs.length} components, ${changes.toLocaleString('en')} state changes, 12 months → ${(inputs.length * 12).toLocaleString('en')} monthly figures with ${days.toLocaleString('en')} day figures:` +
      ` ${cold.toFixed(0)} ms cold, ${passes[2].toFixed(0)} ms warm (median of 5) — goal < 1,000 ms`,
  );

  // The engine agrees with sampling (spot check on two components, one of each calendar).
  for (const x of inputs.slice(0, 2)) {
    const figs = monthsAvailability(x, MONTHS);
    const sum = figs.reduce((a, f) => [a[0] + f.windowMs, a[1] + f.excludedMs, a[2] + f.downMs], [0, 0, 0]);
    const ref = sampleYear(x);
    const drift = Math.max(...sum.map((v, i) => Math.abs(v - ref[i])));
    console.log(`check ${x.calendar.name}: engine and per-minute sampling differ by ${drift} ms over the year (window, excluded, down)`);
  }

  const n = inputs.length;
  const rows = [
    measure('per-minute sampling (baseline)', (i) => sampleYear(inputs[i % 4]), { minMs: 300, rounds: 3, warmupMs: 100 }),
    measure('engine, no window cache', (i) => monthsAvailability(prepare(inputs[i % n]), MONTHS, { cache: false }), { minMs: 200, rounds: 5 }),
    measure('engine', (i) => monthsAvailability(prepare(inputs[i % n]), MONTHS), { minMs: 200, rounds: 5 }),
  ];
  void sink;
  report(rows, 'per-minute sampling (baseline)', 'One component-year (12 monthly figures with per-day breakdowns):');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
