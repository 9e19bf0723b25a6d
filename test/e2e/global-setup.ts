/** Starts `samsvar start --demo` (the real program, all roles) on a free port with a fresh data directory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

let child: ChildProcess | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject) {
  const port = await freePort();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'samsvar-e2e-'));
  const url = `http://localhost:${port}`;
  const output: string[] = [];
  child = spawn(process.execPath, ['bin/samsvar.mjs', 'start', '--demo', '--no-web-build'], {
    env: { ...process.env, PORT: String(port), GATEWAY_PORT: String(await freePort()), DATA_DIR: dataDir, PUBLIC_URL: url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`samsvar exited early:\n${output.join('')}`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.ok && output.join('').includes('Demo log-ins')) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`samsvar did not become ready:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  project.provide('baseUrl', url);
}

export async function teardown() {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
