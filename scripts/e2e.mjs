#!/usr/bin/env node
// Browser journeys: builds the portal, then runs test/e2e with vitest; test/e2e/global-setup.ts starts
// `samsvar start --demo` on a free port and a fresh data directory.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const env = { ...process.env };
const build = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit', env });
if (build.status !== 0) {
  console.log('portal build failed');
  if (process.env.E2E_RESULT_FILE) writeFileSync(process.env.E2E_RESULT_FILE, JSON.stringify({ passed: 0, failed: 1 }));
  process.exit(1);
}
const r = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', '--outputFile.json=tmp/e2e-vitest.json'], {
  stdio: 'inherit',
  env,
});
if (process.env.E2E_RESULT_FILE) {
  let passed = 0;
  let failed = r.status === 0 ? 0 : 1;
  if (existsSync('tmp/e2e-vitest.json')) {
    const j = JSON.parse(readFileSync('tmp/e2e-vitest.json', 'utf8'));
    passed = j.numPassedTests;
    failed = Math.max(j.numFailedTests, r.status === 0 ? 0 : 1);
  }
  writeFileSync(process.env.E2E_RESULT_FILE, JSON.stringify({ passed, failed }));
}
process.exit(r.status ?? 1);
