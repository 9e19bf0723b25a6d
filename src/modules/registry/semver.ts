/** Semantic versions as apps report their app library version (S-7.1.2): parse and compare, nothing more. */

export const SEMVER_PATTERN = '^v?\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$';
const RE = new RegExp(SEMVER_PATTERN);

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  pre: string[];
}

export function parseSemver(v: string): SemVer | null {
  const s = v.trim();
  if (!RE.test(s)) return null;
  const core = s.replace(/^v/, '').split('+')[0];
  const dash = core.indexOf('-');
  const main = dash < 0 ? core : core.slice(0, dash);
  const pre = dash < 0 ? [] : core.slice(dash + 1).split('.');
  const [major, minor, patch] = main.split('.').map(Number);
  return { major, minor, patch, pre };
}

/** Negative when a < b, 0 when equal (build metadata ignored), positive when a > b — semver.org §11. */
export function compareSemver(a: string, b: string): number {
  const x = parseSemver(a);
  const y = parseSemver(b);
  if (!x || !y) throw new Error(`not a semantic version: ${!x ? a : b}`);
  for (const k of ['major', 'minor', 'patch'] as const) if (x[k] !== y[k]) return x[k] - y[k];
  if (x.pre.length === 0 || y.pre.length === 0) return y.pre.length - x.pre.length; // a release outranks its pre-releases
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) {
      if (Number(p) !== Number(q)) return Number(p) - Number(q);
    } else if (pn !== qn) return pn ? -1 : 1;
    else if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

export function isOlder(version: string, than: string): boolean {
  return compareSemver(version, than) < 0;
}
