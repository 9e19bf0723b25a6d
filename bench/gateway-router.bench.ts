/**
 * The gateway's router: matches per second over the Altinn catalogue (policies/altinn.yaml) with a realistic mix of
 * paths, against a naive baseline measured in the same run — a list of one regular expression per route, scanned in
 * order until one matches (what a hand-written proxy usually does).
 */
import { readFileSync } from 'node:fs';
import { parsePolicy } from '../src/kernel/policy/index.ts';
import { compileCatalogue, type CompiledRoute } from '../src/kernel/gateway/index.ts';
import { measure, report } from './lib.ts';

export async function run(): Promise<void> {
  const parsed = parsePolicy(readFileSync('policies/altinn.yaml', 'utf8'));
  if (!parsed.ok) throw new Error('policy invalid');
  const cat = compileCatalogue(parsed.policy.products!);
  const routes = [...cat.products.values()].flatMap((p) => p.routes);

  // The naive reference: one regex per route, in catalogue order.
  const naive = routes.map((r) => ({
    r,
    method: r.method,
    re: new RegExp('^' + r.path.replace(/\{([A-Za-z0-9]+)\*\}/g, '(?<$1>.+)').replace(/\{([A-Za-z0-9]+)\}/g, '(?<$1>[^/]+)') + '$'),
  }));
  const naiveMatch = (method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | undefined => {
    for (const n of naive) {
      if (n.method !== method) continue;
      const m = n.re.exec(path);
      if (m) return { route: n.r, params: { ...m.groups } };
    }
    return undefined;
  };

  // Every route once with concrete values, plus some misses.
  const inputs = routes.map((r) => ({ method: r.method, path: r.path.replace(/\{[A-Za-z0-9]+\*?\}/g, (_m) => 'f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d') }));
  inputs.push({ method: 'GET', path: '/broker/api/v1/unknown' }, { method: 'GET', path: '/nothing/here' });
  for (const i of inputs) {
    const a = cat.router.match(i.method, i.path)?.route.id;
    const b = naiveMatch(i.method, i.path)?.route.id;
    if (a !== b) throw new Error(`router and baseline disagree on ${i.method} ${i.path}: ${a} vs ${b}`);
  }
  const n = inputs.length;
  console.log(`${routes.length} routes in ${cat.products.size} products; ${n} paths (every route once, 2 misses)`);
  const rows = [
    measure('regex list scan (baseline)', (i) => naiveMatch(inputs[i % n].method, inputs[i % n].path)),
    measure('segment trie (router.match)', (i) => cat.router.match(inputs[i % n].method, inputs[i % n].path)),
  ];
  const broker = { method: 'POST', path: '/broker/api/v1/filetransfer/f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d/confirmdownload' };
  rows.push(
    measure('baseline: broker confirmdownload', () => naiveMatch(broker.method, broker.path)),
    measure('trie: broker confirmdownload', () => cat.router.match(broker.method, broker.path)),
  );
  report(rows, 'regex list scan (baseline)', 'Route matching');
}
