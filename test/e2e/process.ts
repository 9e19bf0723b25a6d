/**
 * Starts the real `samsvar start --demo` as a child process on free ports and a fresh data directory — and, when
 * DATABASE_URL is set, a fresh PostgreSQL database of its own (dropped at stop), so journeys never share state
 * with each other or with earlier runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface SamsvarProcess {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

async function adminQuery(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

export async function startSamsvarProcess(env: Record<string, string> = {}, label = 'e2e'): Promise<SamsvarProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `samsvar-${label}-`));
  const port = await freePort();
  const url = `http://localhost:${port}`;
  let databaseUrl: string | undefined;
  let dbName: string | undefined;
  if (process.env.DATABASE_URL) {
    dbName = `samsvar_e2e_${randomBytes(5).toString('hex')}`;
    await adminQuery(process.env.DATABASE_URL, `create database ${dbName}`);
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['bin/samsvar.mjs', 'start', '--demo', '--no-web-build'], {
    env: {
      ...process.env,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      PORT: String(port),
      GATEWAY_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      PUBLIC_URL: url,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      for (let i = 0; i < 30 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (dbName) await adminQuery(process.env.DATABASE_URL!, `drop database if exists ${dbName} with (force)`).catch(() => undefined);
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`samsvar exited early:\n${output.join('')}`);
    }
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.ok && output.join('').includes('Demo log-ins')) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`samsvar did not become ready:\n${output.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { url, dataDir, stop };
}
