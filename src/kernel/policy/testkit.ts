/**
 * Test helpers for the policy tests (file reading lives here, not in the kernel code). Not exported from index.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const ALTINN_POLICY_PATH = resolve(REPO_ROOT, 'policies/altinn.yaml');
export const CLAUSES_YAML_PATH = resolve(REPO_ROOT, 'policies/clauses.yaml');
export const CLAUSES_MD_PATH = resolve(REPO_ROOT, '../shared/CLAUSES.md');

export const readText = (path: string): string => readFileSync(path, 'utf8');

export interface ClauseMapRow {
  id: string;
  /** The right column is "—" (nothing to build). */
  nothingToBuild: boolean;
}

/** Expands "S-2.4.2–2.4.4" into S-2.4.2, S-2.4.3, S-2.4.4 and "S-2.2 (all)" into S-2.2. */
export function expandClauseCell(cell: string): string[] {
  const text = cell.replace(/\(.*?\)/g, '').trim();
  const range = /^(T|S)-((?:\d+\.)*)(\d+)\s*[–-]\s*((?:\d+\.)*)(\d+)$/.exec(text);
  if (range) {
    const [, prefix, base, from, base2, to] = range;
    if (base2 !== '' && base2 !== base) throw new Error(`range over different parents: ${cell}`);
    const ids: string[] = [];
    for (let n = Number(from); n <= Number(to); n++) ids.push(`${prefix}-${base}${n}`);
    return ids;
  }
  return [text];
}

/** The clause rows of CLAUSES.md, or null when the file is absent. */
export function readClauseMap(path = CLAUSES_MD_PATH): ClauseMapRow[] | null {
  if (!existsSync(path)) return null;
  const rows: ClauseMapRow[] = [];
  for (const line of readText(path).split('\n')) {
    if (!/^\|\s*[TS]-\d/.test(line)) continue;
    const cells = line.split('|').map((c) => c.trim());
    // cells: '', id, says, must, ''
    const must = cells[3] ?? '';
    for (const id of expandClauseCell(cells[1])) rows.push({ id, nothingToBuild: must.startsWith('—') });
  }
  return rows;
}
