/**
 * SLA clock engine: recomputing the clocks of 100,000 incidents with 20 history events each, on the real policy
 * (policies/altinn.yaml: A response 1 h on `always` + tracked resolution, B response 1 working hour on `servicedesk` +
 * tracked resolution, C resolution 3 working days with stopOnWorkaround).
 *
 * Histories are random but shaped like real cases, reported over 2026: categories A/B/C (10/30/60 %), some
 * re-classified, state changes (investigating → identified → monitoring → resolved → closed, some reopened),
 * workarounds established and withdrawn, holds awaiting the reporter / a third party, and explicit responses.
 *
 * Baselines measured in the same run:
 *  - "plain pass": one loop over the same 20 events that switches on the type and builds an array of their times —
 *    the least any engine must do to read a history (what computeClocks costs beyond reading its input);
 *  - "20 × workingTimeBetween": one calendar call per event, the cost of a naive engine that asks the calendar
 *    about every event (computeClocks only asks it once per counting span and threshold).
 */
import { fileURLToPath } from 'node:url';
import { loadPolicy } from '../src/platform/policy/index.ts';
import { clockOptionsFromPolicy, computeClocks, type ClockEngineOptions, type HistoryEvent, type IncidentState } from '../src/kernel/sla/index.ts';
import { measure, report, sink } from './lib.ts';
import { rng } from '../test/rng.ts';

const MIN = 60_000;
const EVENTS = 20;

/** A case history of exactly `EVENTS` events. */
export function history(r: () => number, from: number, span: number): HistoryEvent[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const x = r();
  let category = x < 0.1 ? 'A' : x < 0.4 ? 'B' : 'C';
  let t = from + Math.floor(r() * span);
  const h: HistoryEvent[] = [{ at: t, type: 'reported', category }];
  let state: IncidentState = 'new';
  let workaround = false;
  let hold: 'awaitingReporter' | 'awaitingThirdParty' | null = null;
  // time steps: minutes for A, hours for B, up to a day for C
  const step = () => Math.floor(r() * (category === 'A' ? 40 : category === 'B' ? 240 : 1200) * MIN);
  while (h.length < EVENTS) {
    t += step();
    const y = r();
    if (y < 0.06) {
      const next = pick(['A', 'B', 'C'].filter((c) => c !== category));
      category = next;
      h.push({ at: t, type: 'category', category });
    } else if (y < 0.12 && state === 'new') {
      h.push({ at: t, type: 'responded' });
    } else if (y < 0.45) {
      const order: Record<IncidentState, readonly IncidentState[]> = {
        new: ['investigating'],
        investigating: ['identified', 'resolved'],
        identified: ['monitoring', 'resolved'],
        monitoring: ['resolved', 'investigating'],
        resolved: ['closed', 'investigating'], // reopen
        closed: ['investigating'],
      };
      state = pick(order[state]);
      h.push({ at: t, type: 'state', state });
    } else if (y < 0.65) {
      workaround = !workaround;
      h.push({ at: t, type: 'workaround', on: workaround });
    } else if (y < 0.85) {
      if (hold) {
        h.push({ at: t, type: 'release', reason: hold });
        hold = null;
      } else {
        hold = r() < 0.5 ? 'awaitingReporter' : 'awaitingThirdParty';
        h.push({ at: t, type: 'hold', reason: hold });
      }
    } else {
      h.push({ at: t, type: 'state', state: state === 'new' ? (state = 'investigating') : state });
    }
  }
  return h;
}

export async function run(): Promise<void> {
  const dir = fileURLToPath(new URL('..', import.meta.url));
  const rt = loadPolicy(`${dir}policies/altinn.yaml`, `${dir}policies/clauses.yaml`);
  const opts = clockOptionsFromPolicy(rt.policy, rt.calendars);
  const classified: ClockEngineOptions = { ...opts, startRule: 'classified' };
  const desk = rt.calendars.get('servicedesk')!;

  const N = 100_000;
  const r = rng(2026);
  const from = Date.UTC(2025, 11, 31, 23);
  const span = Date.UTC(2026, 11, 31, 23) - from;
  const t0 = performance.now();
  const hs: HistoryEvent[][] = new Array(N);
  const nowAfter = new Float64Array(N); // after the last event: the whole history counts
  const nowMid = new Float64Array(N); // in the middle of the history: running clocks, projections
  for (let i = 0; i < N; i++) {
    const h = history(r, from, span);
    hs[i] = h;
    nowAfter[i] = h[EVENTS - 1].at + Math.floor(r() * 48 * 60 * MIN);
    nowMid[i] = h[Math.floor(EVENTS / 2)].at + 1;
  }
  // compile the calendars' years outside the measurement
  for (const c of rt.calendars.values()) c.workingTimeBetween(from - 86_400_000 * 40, from + span + 86_400_000 * 400);
  console.log(`generated ${N.toLocaleString('en')} histories × ${EVENTS} events in ${(performance.now() - t0).toFixed(0)} ms`);

  // what the clocks look like, as a sanity check of the generated data
  const status: Record<string, number> = {};
  const cats: Record<string, number> = {};
  for (let i = 0; i < N; i++) {
    const res = computeClocks(hs[i], opts, nowAfter[i]);
    cats[res.category] = (cats[res.category] ?? 0) + 1;
    for (const c of res.clocks) status[`${c.category}.${c.targetId}:${c.status}`] = (status[`${c.category}.${c.targetId}:${c.status}`] ?? 0) + 1;
  }
  console.log(`final categories ${JSON.stringify(cats)}`);
  console.log(`clock statuses   ${JSON.stringify(status)}`);

  const o = { minMs: 200, rounds: 5 };
  const baseline = 'plain pass over the 20 events (switch, build an array)';
  const rows = [
    measure(
      baseline,
      (i) => {
        const h = hs[i % N];
        const out: number[] = [];
        for (let k = 0; k < h.length; k++) {
          const e = h[k];
          switch (e.type) {
            case 'state':
            case 'responded':
            case 'workaround':
              out.push(e.at);
              break;
            default:
              out.push(-e.at);
          }
        }
        return out;
      },
      o,
    ),
    measure(
      '20 × servicedesk.workingTimeBetween (one calendar call per event)',
      (i) => {
        const h = hs[i % N];
        let s = 0;
        for (let k = 1; k < h.length; k++) s += desk.workingTimeBetween(h[k - 1].at, h[k].at);
        return s;
      },
      o,
    ),
    measure('computeClocks, now after the last event', (i) => computeClocks(hs[i % N], opts, nowAfter[i % N]), o),
    measure('computeClocks, now mid-history (projections)', (i) => computeClocks(hs[i % N], opts, nowMid[i % N]), o),
    measure("computeClocks, startRule 'classified'", (i) => computeClocks(hs[i % N], classified, nowAfter[i % N]), o),
  ];
  report(rows, baseline, `clock recomputation per incident (${EVENTS} events), ops = incidents`);

  // one full sweep over all incidents, as a batch job would do it
  const sweeps: number[] = [];
  for (let k = 0; k < 3; k++) {
    const s0 = performance.now();
    let clocks = 0;
    for (let i = 0; i < N; i++) clocks += computeClocks(hs[i], opts, nowAfter[i]).clocks.length;
    sweeps.push(performance.now() - s0);
    if (clocks === 0) throw new Error('no clocks');
  }
  const best = Math.min(...sweeps);
  console.log(
    `\nfull sweep: ${N.toLocaleString('en')} incidents in ${sweeps.map((x) => x.toFixed(0)).join(' / ')} ms ` +
      `(best ${((N / best) * 1000).toLocaleString('en', { maximumFractionDigits: 0 })} incidents/s, ` +
      `${((N * EVENTS / best) * 1000 / 1e6).toFixed(1)} M events/s)`,
  );
  void sink;
}
