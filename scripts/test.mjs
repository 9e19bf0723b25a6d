#!/usr/bin/env node
// `npm test`: type check, unit and API tests (vitest), then the browser journeys (Playwright on Debian's Chromium).
// Uses PGlite unless DATABASE_URL is set (then every test file gets a fresh PostgreSQL database).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
};
const backend = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
let failed = 0;
let passed = 0;
let skipped = 0;

console.log(`\n== type check ==`);
if (run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) !== 0) {
  console.log('type check failed');
  failed++;
}

console.log(`\n== unit and API tests on ${backend}${process.env.REDIS_URL ? ' + Redis' : ''} ==`);
mkdirSync('tmp', { recursive: true });
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=tmp/vitest.json']);
if (existsSync('tmp/vitest.json')) {
  const r = JSON.parse(readFileSync('tmp/vitest.json', 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
}
if (vitestStatus !== 0 && failed === 0) failed++;

console.log(`\n== browser journeys ==`);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (process.env.SKIP_E2E) {
  console.log('SKIP_E2E is set: browser journeys skipped.');
} else if (!existsSync(chromium)) {
  console.log(`No Chromium at ${chromium}: browser journeys skipped (apt-get install -y chromium; .ci/run does this).`);
} else {
  const e2e = run('node', ['scripts/e2e.mjs'], { E2E_RESULT_FILE: 'tmp/e2e.json' });
  if (existsSync('tmp/e2e.json')) {
    const r = JSON.parse(readFileSync('tmp/e2e.json', 'utf8'));
    passed += r.passed;
    failed += r.failed;
  } else if (e2e !== 0) failed++;
}

console.log(`\nsamsvar: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
