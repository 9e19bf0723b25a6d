import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { clauseIdsOf, enforcedClauses, parseClauses, type ClauseRegister } from './index.js';

// Test fixtures (file reading stays in the tests; the kernel code does no I/O).
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CLAUSES_YAML_PATH = resolve(REPO_ROOT, 'policies/clauses.yaml');
const CLAUSES_MD_PATH = resolve(REPO_ROOT, '../shared/CLAUSES.md');

const readText = (path: string): string => readFileSync(path, 'utf8');

interface ClauseMapRow {
  id: string;
  /** The right column is "—" (nothing to build). */
  nothingToBuild: boolean;
}

/** Expands "S-2.4.2–2.4.4" into S-2.4.2, S-2.4.3, S-2.4.4 and "S-2.2 (all)" into S-2.2. */
function expandClauseCell(cell: string): string[] {
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
function readClauseMap(path = CLAUSES_MD_PATH): ClauseMapRow[] | null {
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

const text = readText(CLAUSES_YAML_PATH);

function shipped(): ClauseRegister {
  const r = parseClauses(text, 'policies/clauses.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 2));
  return r.register;
}

describe('clause register (policies/clauses.yaml)', () => {
  it('parses without errors', () => {
    const r = parseClauses(text, 'policies/clauses.yaml');
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it('names both source documents', () => {
    const { agreements } = shipped();
    expect(agreements.terms.document).toBe('Bruksvilkår for sluttbrukersystemleverandører i Altinn');
    expect(agreements.terms.prefix).toBe('T');
    expect(agreements.sla.document).toBe('Samarbeidsavtale Bilag 3 Tjenesteavtale v2.1 (08.04.2021)');
    expect(agreements.sla.prefix).toBe('S');
  });

  it('has a title and a summary in bokmål and English for every clause, and sections that match the IDs', () => {
    for (const c of shipped().clauses) {
      expect(c.title.nb && c.title.en && c.summary.nb && c.summary.en, c.id).toBeTruthy();
      expect(c.id).toBe(`${c.agreement === 'terms' ? 'T' : 'S'}-${c.section}`);
    }
  });

  it('contains every clause ID of CLAUSES.md; "—" rows have enforcement none with a reason', (ctx) => {
    const rows = readClauseMap();
    if (rows === null) {
      ctx.skip(`CLAUSES.md not found at ${CLAUSES_MD_PATH}; clause coverage not checked`);
      return;
    }
    expect(rows.length).toBeGreaterThan(60);
    const register = shipped();
    const byId = new Map(register.clauses.map((c) => [c.id, c]));
    const missingEnforced = rows.filter((r) => !r.nothingToBuild && !byId.has(r.id)).map((r) => r.id);
    expect(missingEnforced, 'enforced clauses missing from clauses.yaml').toEqual([]);
    const missingAny = rows.filter((r) => !byId.has(r.id)).map((r) => r.id);
    expect(missingAny, 'clauses missing from clauses.yaml').toEqual([]);
    for (const row of rows) {
      const c = byId.get(row.id)!;
      if (row.nothingToBuild) {
        expect(c.enforcement, row.id).toBe('none');
        expect(c.reason, row.id).toBeTruthy();
      } else {
        expect(c.enforcement, row.id).not.toBe('none');
      }
    }
    // …and nothing that CLAUSES.md does not have.
    const mapIds = new Set(rows.map((r) => r.id));
    expect(clauseIdsOf(register).filter((id) => !mapIds.has(id))).toEqual([]);
    expect(enforcedClauses(register).length).toBe(rows.filter((r) => !r.nothingToBuild).length);
  });

  it('expands clause ranges and "(all)" rows from the clause map', () => {
    expect(expandClauseCell('S-2.4.2–2.4.4')).toEqual(['S-2.4.2', 'S-2.4.3', 'S-2.4.4']);
    expect(expandClauseCell('S-2.2 (all)')).toEqual(['S-2.2']);
    expect(expandClauseCell('T-5')).toEqual(['T-5']);
  });
});

describe('parseClauses on broken registers', () => {
  const base = parse(text) as ClauseRegister;
  const mutate = (fn: (r: ClauseRegister) => void) => {
    const copy = structuredClone(base);
    fn(copy);
    return parseClauses(stringify(copy));
  };
  const errorsOf = (r: ReturnType<typeof parseClauses>) => (r.ok ? [] : r.errors);

  it('reports duplicates, wrong agreement, section mismatch and a missing reason by path', () => {
    const r = mutate((reg) => {
      reg.clauses[1].id = reg.clauses[0].id; // T-1.2 → T-1.1 (duplicate; section 1.2 mismatches)
      reg.clauses[2].agreement = 'sla';
      const none = reg.clauses.findIndex((c) => c.enforcement === 'none');
      delete reg.clauses[none].reason;
    });
    const errors = errorsOf(r);
    const none = base.clauses.findIndex((c) => c.enforcement === 'none');
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['/clauses/1/id', '/clauses/1/section', '/clauses/2/agreement', `/clauses/${none}/reason`]),
    );
  });

  it('reports a malformed clause ID and a missing summary language with the path and what was expected', () => {
    const r = mutate((reg) => {
      reg.clauses[3].id = 'S2.2';
      delete (reg.clauses[4].summary as Partial<ClauseRegister['clauses'][0]['summary']>).en;
    });
    const errors = errorsOf(r);
    expect(errors).toContainEqual(expect.objectContaining({ path: '/clauses/3/id', message: expect.stringContaining('clause ID') }));
    expect(errors).toContainEqual(
      expect.objectContaining({ path: '/clauses/4/summary/en', message: expect.stringContaining('missing required property "en"') }),
    );
    // Positions point into the text.
    expect(errors.every((e) => typeof e.line === 'number' && e.line > 0)).toBe(true);
  });
});
