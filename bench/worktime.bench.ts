/**
 * Working-time engine on the service-desk calendar, random start instants over 2025–2030.
 * Baselines measured in the same run: a trivial Date operation, a luxon time-zone conversion, and a naive
 * minute-stepping addWorkingTime.
 */
import { DateTime } from 'luxon';
import { WorkCalendar, HOUR_MS, MINUTE_MS } from '../src/kernel/worktime/index.ts';
import { servicedesk } from '../src/kernel/worktime/fixtures.ts';
import { naiveAddWorkingTime } from '../src/kernel/worktime/reference.ts';
import { measure, report } from './lib.ts';
import { rng } from '../test/rng.ts';

export async function run(): Promise<void> {
  const t0 = performance.now();
  const cal = new WorkCalendar(servicedesk, { years: [2024, 2031] });
  console.log(`compile servicedesk 2024–2031: ${(performance.now() - t0).toFixed(0)} ms (includes loading date-holidays)`);

  const N = 1 << 14;
  const M = N - 1;
  const r = rng(42);
  const from = Date.UTC(2024, 11, 31, 23);
  const to = Date.UTC(2030, 11, 31, 23);
  const ts = new Float64Array(N);
  const us = new Float64Array(N);
  const amounts = new Float64Array(N);
  const days = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    ts[i] = from + Math.floor(r() * (to - from));
    us[i] = ts[i] + Math.floor(r() * 30 * 86_400_000); // up to 30 days later
    amounts[i] = (1 + Math.floor(r() * 40 * 60)) * MINUTE_MS; // 1 min – 40 working hours
    days[i] = Math.floor(r() * 21); // 0–20 working days
  }
  const zone = 'Europe/Oslo';

  const o = { minMs: 120, rounds: 5 };
  const baseline = 'Date: new Date(t).getUTCDay()';
  const rows = [
    measure(baseline, (i) => new Date(ts[i & M]).getUTCDay(), o),
    measure('luxon: DateTime.fromMillis(t, Oslo).weekday', (i) => DateTime.fromMillis(ts[i & M], { zone }).weekday, { minMs: 80, rounds: 3 }),
    measure('isOpen', (i) => cal.isOpen(ts[i & M]), o),
    measure('nextOpen', (i) => cal.nextOpen(ts[i & M]), o),
    measure('workingTimeBetween (≤ 30 days)', (i) => cal.workingTimeBetween(ts[i & M], us[i & M]), o),
    measure('addWorkingTime (1 h)', (i) => cal.addWorkingTime(ts[i & M], HOUR_MS), o),
    measure('addWorkingTime (1 min – 40 h)', (i) => cal.addWorkingTime(ts[i & M], amounts[i & M]), o),
    measure('addWorkingDays (3)', (i) => cal.addWorkingDays(ts[i & M], 3), o),
    measure('addWorkingDays (0–20)', (i) => cal.addWorkingDays(ts[i & M], days[i & M]), o),
    measure('noticeEarliestStart (5)', (i) => cal.noticeEarliestStart(ts[i & M], 5), o),
  ];
  report(rows, baseline, 'servicedesk calendar, random instants 2025–2030');

  const isOpen = (t: number) => cal.isOpen(t);
  const naive = measure('naive addWorkingTime (1 h, minute steps over isOpen)', (i) => naiveAddWorkingTime(isOpen, ts[i & M], HOUR_MS), {
    minMs: 120,
    rounds: 3,
  });
  const fast = rows.find((x) => x.name === 'addWorkingTime (1 h)');
  if (!fast) throw new Error('missing row');
  report([naive, fast], naive.name, 'speed-up over minute stepping');
}
