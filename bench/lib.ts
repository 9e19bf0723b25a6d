/**
 * A tiny benchmark harness.
 *
 * Convention for bench files (followed by bench/run.ts, which `npm run bench` starts):
 *   - one file per subject: `bench/<subject>.bench.ts`;
 *   - it exports `async function run(): Promise<void>` that measures with `measure(...)` and prints with
 *     `report(...)`; importing the file must have no side effects;
 *   - it measures a baseline in the same run (a trivial operation, or a naive reference implementation) and reports
 *     every row against it, so figures from different machines can be compared by their ratios;
 *   - benchmarks print, they never assert absolute times; keep a file under ~10 s (the whole run under ~30 s).
 * `npm run bench` runs every file in name order; `npm run bench -- worktime` runs the files whose name contains
 * "worktime".
 */

export interface MeasureOptions {
  /** Minimum duration of one round in ms (default 200). */
  minMs?: number;
  /** Number of measured rounds; the median is reported (default 5). */
  rounds?: number;
  /** Warm-up time in ms before the first round (default: minMs). */
  warmupMs?: number;
}

export interface BenchRow {
  name: string;
  /** Median operations per second over the rounds. */
  opsPerSec: number;
  /** Nanoseconds per operation at the median. */
  nsPerOp: number;
  /** Operations per second of each round. */
  rounds: number[];
  /** Total operations measured (warm-up excluded). */
  iterations: number;
}

/** Results are stored here so the optimiser cannot drop the measured calls. */
export let sink: unknown;

function now(): bigint {
  return process.hrtime.bigint();
}

/** Runs fn(i) for i = start…start+n-1; returns elapsed nanoseconds. */
function batch(fn: (i: number) => unknown, start: number, n: number): number {
  let last: unknown;
  const t0 = now();
  for (let i = start; i < start + n; i++) last = fn(i);
  const dt = Number(now() - t0);
  sink = last;
  return dt;
}

/**
 * Measures how many times per second fn can be called. fn receives a running counter, so a benchmark can cycle
 * through precomputed inputs (`inputs[i & mask]`) without measuring their generation.
 */
export function measure(name: string, fn: (i: number) => unknown, options: MeasureOptions = {}): BenchRow {
  const minMs = options.minMs ?? 200;
  const roundsN = options.rounds ?? 5;
  const warmupNs = (options.warmupMs ?? minMs) * 1e6;
  const minNs = minMs * 1e6;
  let i = 0;
  // warm-up, and calibrate a batch size that takes about 1 ms
  let size = 1;
  let spent = 0;
  for (;;) {
    const dt = batch(fn, i, size);
    i += size;
    spent += dt;
    if (dt < 1e6) size *= 2;
    if (spent >= warmupNs && dt >= 1e5) break;
    if (spent >= warmupNs * 4) break; // very slow operations
  }
  const rounds: number[] = [];
  let iterations = 0;
  for (let r = 0; r < roundsN; r++) {
    let ns = 0;
    let ops = 0;
    while (ns < minNs) {
      ns += batch(fn, i, size);
      i += size;
      ops += size;
    }
    iterations += ops;
    rounds.push((ops * 1e9) / ns);
  }
  const sorted = [...rounds].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const opsPerSec = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { name, opsPerSec, nsPerOp: 1e9 / opsPerSec, rounds, iterations };
}

function fmtOps(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(1);
}

function fmtNs(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} ms`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(2)} µs`;
  return `${x.toFixed(1)} ns`;
}

/**
 * Prints a table of ops/sec, time per op, spread between rounds and the ratio of each row against the row named
 * `baselineName` (measured in the same run): "× 0.25" means 4 times slower than the baseline, "× 40" 40 times faster.
 */
export function report(rows: readonly BenchRow[], baselineName: string, title?: string): void {
  const base = rows.find((r) => r.name === baselineName);
  if (!base) throw new Error(`report: no row named ${JSON.stringify(baselineName)}`);
  const table = rows.map((r) => {
    const lo = Math.min(...r.rounds);
    const hi = Math.max(...r.rounds);
    const spread = r.opsPerSec ? ((hi - lo) / r.opsPerSec) * 100 : 0;
    return [r.name, `${fmtOps(r.opsPerSec)} ops/s`, fmtNs(r.nsPerOp), `±${spread.toFixed(0)} %`, r === base ? 'baseline' : `× ${(r.opsPerSec / base.opsPerSec).toPrecision(3)}`];
  });
  const head = ['operation', 'median', 'per op', 'spread', 'vs baseline'];
  const widths = head.map((h, c) => Math.max(h.length, ...table.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join('  ');
  if (title) console.log(`\n${title}`);
  console.log(line(head));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
}

/**
 * Like `measure`, for asynchronous operations (database writes): runs `fn` sequentially for `rounds` rounds of at
 * least `minMs` each and reports the median. `unitsPerCall` counts e.g. the rows one call writes.
 */
export async function measureAsync(
  name: string,
  fn: (i: number) => Promise<unknown>,
  options: MeasureOptions & { unitsPerCall?: number } = {},
): Promise<BenchRow> {
  const minNs = (options.minMs ?? 300) * 1e6;
  const roundsN = options.rounds ?? 3;
  const units = options.unitsPerCall ?? 1;
  let i = 0;
  const warmEnd = now() + BigInt(Math.round((options.warmupMs ?? 100) * 1e6));
  while (now() < warmEnd) sink = await fn(i++);
  const rounds: number[] = [];
  let iterations = 0;
  for (let r = 0; r < roundsN; r++) {
    const t0 = now();
    let ops = 0;
    while (Number(now() - t0) < minNs) {
      sink = await fn(i++);
      ops += units;
    }
    rounds.push((ops * 1e9) / Number(now() - t0));
    iterations += ops;
  }
  const sorted = [...rounds].sort((a, b) => a - b);
  const opsPerSec = sorted[sorted.length >> 1];
  return { name, opsPerSec, nsPerOp: 1e9 / opsPerSec, rounds, iterations };
}
