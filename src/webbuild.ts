/** Builds the portal with Vite when its build is missing or older than its sources (first `npm start`). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export async function ensureWebBuilt(cfg: Config, log: (line: string) => void): Promise<void> {
  const webRoot = path.resolve('web');
  const index = path.join(path.resolve(cfg.WEB_DIST), 'index.html');
  if (!existsSync(path.join(webRoot, 'vite.config.ts'))) return;
  const stale = !existsSync(index) || newestMtime(path.join(webRoot, 'src')) > statSync(index).mtimeMs;
  if (!stale) return;
  log('Building the portal (vite build, first start only)…');
  const t0 = Date.now();
  const { build } = await import('vite');
  await build({ configFile: path.join(webRoot, 'vite.config.ts'), logLevel: 'warn' });
  log(`Portal built in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
}
