/**
 * Runs every bench/*.bench.ts in name order (see the convention in bench/lib.ts).
 * `npm run bench` runs all; `npm run bench -- worktime` only the files whose name contains "worktime".
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error(`No bench files${filters.length ? ` matching ${filters.join(', ')}` : ''} in ${dir}`);
  process.exitCode = 1;
}

console.log(`node ${process.version} · ${process.platform}/${process.arch}`);
const t0 = performance.now();
for (const f of files) {
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as { run?: () => Promise<void> | void };
  if (typeof mod.run !== 'function') throw new Error(`${f} must export a run() function (see bench/lib.ts)`);
  console.log(`\n━━ ${f} ━━`);
  const t = performance.now();
  await mod.run();
  console.log(`(${((performance.now() - t) / 1000).toFixed(1)} s)`);
}
console.log(`\nAll benchmarks: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
