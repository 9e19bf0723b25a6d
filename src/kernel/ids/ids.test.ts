import { describe, expect, it } from 'vitest';
import {
  classifyNationalId,
  containsNationalId,
  isValidNationalId,
  isValidOrgNumber,
  mod11ControlDigit,
  NATIONAL_ID_MASK,
  normalizeOrgNumber,
  redactDeep,
  redactNationalIds,
} from './index.js';

// ---------------------------------------------------------------------------------------------------------------
// Test-number generators. No real people's numbers: birth years are in the future (2038, individual numbers
// 500–999 with YY ≤ 39 mean 20YY), or the numbers are synthetic (month + 40 / + 80).
// ---------------------------------------------------------------------------------------------------------------

const K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** Appends both control digits to nine digits, or null when a control digit would be 10. */
function withControlDigits(nine: string): string | null {
  const k1 = mod11ControlDigit(nine, K1);
  if (k1 < 0) return null;
  const k2 = mod11ControlDigit(nine + k1, K2);
  if (k2 < 0) return null;
  return `${nine}${k1}${k2}`;
}

/** A valid number for DDMMYY, trying individual numbers upwards from `from`. */
function nationalId(ddmmyy: string, from = 500): string {
  for (let ind = from; ind <= 999; ind++) {
    const id = withControlDigits(ddmmyy + String(ind).padStart(3, '0'));
    if (id) return id;
  }
  throw new Error(`no valid number for ${ddmmyy}`);
}

/** Same number with a wrong last control digit. */
function breakK2(id: string): string {
  return id.slice(0, 10) + String((Number(id[10]) + 1) % 10);
}

const FNR = nationalId('150638'); // 15 June 2038
const FNR2 = nationalId('010138', 700);
const DNR = nationalId('550638'); // D-nummer: day 15 + 40
const SYNTH40 = nationalId('154690'); // month 06 + 40 (Tenor/Dolly)
const SYNTH80 = nationalId('158690'); // month 06 + 80 (Tenor)

describe('[T-5] organisation numbers', () => {
  it('[T-5] accepts a correct mod-11 control digit (991825827, Digdir)', () => {
    expect(isValidOrgNumber('991825827')).toBe(true);
    expect(isValidOrgNumber('974760673')).toBe(true); // Brønnøysundregistrene
  });

  it('[T-5] rejects wrong control digits, wrong lengths and non-digits', () => {
    expect(isValidOrgNumber('991825828')).toBe(false);
    expect(isValidOrgNumber('99182582')).toBe(false);
    expect(isValidOrgNumber('9918258270')).toBe(false);
    expect(isValidOrgNumber('99182582a')).toBe(false);
    expect(isValidOrgNumber(' 991825827')).toBe(false);
    expect(isValidOrgNumber('')).toBe(false);
  });

  it('[T-5] remainder 0 gives control digit 0; remainder 1 makes every completion invalid', () => {
    const weights = [3, 2, 7, 6, 5, 4, 3, 2];
    let zeroCase: string | null = null;
    let oneCase: string | null = null;
    for (let n = 90000000; n < 90001000 && (!zeroCase || !oneCase); n++) {
      const eight = String(n);
      const sum = weights.reduce((acc, w, i) => acc + w * Number(eight[i]), 0);
      if (sum % 11 === 0 && !zeroCase) zeroCase = eight;
      if (sum % 11 === 1 && !oneCase) oneCase = eight;
    }
    expect(zeroCase && oneCase).toBeTruthy();
    expect(isValidOrgNumber(`${zeroCase}0`)).toBe(true);
    for (let d = 0; d <= 9; d++) expect(isValidOrgNumber(`${oneCase}${d}`)).toBe(false);
  });

  it('[T-5] normalizes "NO 991 825 827 MVA" and rejects invalid input', () => {
    expect(normalizeOrgNumber('NO 991 825 827 MVA')).toBe('991825827');
    expect(normalizeOrgNumber('991 825 827')).toBe('991825827');
    expect(normalizeOrgNumber('991 825 828')).toBeNull();
  });
});

describe('[T-5] fødselsnummer and D-nummer', () => {
  it('[T-5] accepts numbers with both control digits right', () => {
    for (const id of [FNR, FNR2, DNR, SYNTH40, SYNTH80]) expect(isValidNationalId(id)).toBe(true);
    expect(classifyNationalId(FNR)).toEqual({ kind: 'fnr', synthetic: false });
  });

  it('[T-5] rejects a wrong first or second control digit', () => {
    expect(isValidNationalId(breakK2(FNR))).toBe(false);
    const wrongK1 = FNR.slice(0, 9) + String((Number(FNR[9]) + 1) % 10) + FNR[10];
    expect(isValidNationalId(wrongK1)).toBe(false);
  });

  it('[T-5] recognises D-nummer (first digit + 4) and synthetic test numbers (month + 40 / + 80)', () => {
    expect(classifyNationalId(DNR)).toEqual({ kind: 'dnr', synthetic: false });
    expect(classifyNationalId(SYNTH40)).toEqual({ kind: 'fnr', synthetic: true });
    expect(classifyNationalId(SYNTH80)).toEqual({ kind: 'fnr', synthetic: true });
    expect(classifyNationalId(nationalId('558690'))).toEqual({ kind: 'dnr', synthetic: true });
  });

  it('[T-5] checks that the date is plausible', () => {
    // Checksums right, dates impossible.
    const impossible = ['310438', '000138', '011338', '013338', '720138', '290238'];
    for (const ddmmyy of impossible) expect(isValidNationalId(nationalId(ddmmyy)), ddmmyy).toBe(false);
    // 29 February in a leap year (2036) is fine; a D-nummer with day 71 (31 + 40) in January too.
    expect(isValidNationalId(nationalId('290236'))).toBe(true);
    expect(isValidNationalId(nationalId('710138'))).toBe(true);
  });

  it('[T-5] rejects anything that is not exactly eleven digits', () => {
    expect(isValidNationalId(FNR.slice(1))).toBe(false);
    expect(isValidNationalId(`${FNR}0`)).toBe(false);
    expect(isValidNationalId(`${FNR.slice(0, 6)} ${FNR.slice(6)}`)).toBe(false);
    expect(isValidNationalId('1506385x123')).toBe(false);
  });
});

describe('[T-5] redaction of national IDs', () => {
  const M = NATIONAL_ID_MASK;

  it('[T-5] the mask is eleven asterisks, so the text keeps its length', () => {
    expect(M).toBe('***********');
    expect(redactNationalIds(FNR)).toBe(M);
  });

  it('[T-5] redacts inside URL paths and query strings', () => {
    expect(redactNationalIds(`/api/v1/persons/${FNR}/documents`)).toBe(`/api/v1/persons/${M}/documents`);
    expect(redactNationalIds(`https://x.no/a?ssn=${FNR}&x=1`)).toBe(`https://x.no/a?ssn=${M}&x=1`);
    expect(redactNationalIds(`GET /p?a=${DNR}&b=${SYNTH80}#${FNR2}`)).toBe(`GET /p?a=${M}&b=${M}#${M}`);
  });

  it('[T-5] redacts percent-encoded JSON in a query string (digits of %22 do not hide the number)', () => {
    const url = `/search?filter=%7B%22ssn%22%3A%22${FNR}%22%7D&q=%20${DNR}`;
    expect(redactNationalIds(url)).toBe(`/search?filter=%7B%22ssn%22%3A%22${M}%22%7D&q=%20${M}`);
  });

  it('[T-5] redacts inside JSON text, strings and numbers alike', () => {
    const json = JSON.stringify({ fnr: FNR, nested: { list: [`id:${DNR}`] } }) + `,{"n":${FNR2}}`;
    const out = redactNationalIds(json);
    expect(out).not.toContain(FNR);
    expect(out).not.toContain(DNR);
    expect(out).not.toContain(FNR2);
    expect(out).toContain(`"fnr":"${M}"`);
  });

  it('[T-5] leaves an 11-digit number with a bad checksum alone', () => {
    const bad = breakK2(FNR);
    const text = `orgs 991825827 and ${bad} in /x/${bad}?y=${bad}`;
    expect(redactNationalIds(text)).toBe(text);
    expect(containsNationalId(text)).toBe(false);
  });

  it('[T-5] leaves 12-digit and longer runs alone, even when they contain a valid number', () => {
    const text = `ref 1${FNR} and ${FNR}7 and 00${FNR}00 and %2${FNR}`;
    expect(redactNationalIds(text)).toBe(text);
  });

  it('[T-5] redacts every occurrence, next to letters and punctuation', () => {
    const text = `a${FNR}b ${FNR}.${DNR},(${SYNTH40})`;
    expect(redactNationalIds(text)).toBe(`a${M}b ${M}.${M},(${M})`);
    expect(containsNationalId(text)).toBe(true);
  });

  it('[T-5] accepts another replacement and returns the same string when nothing matched', () => {
    expect(redactNationalIds(`x=${FNR}`, '[fnr]')).toBe('x=[fnr]');
    const clean = 'nothing to see 12345';
    expect(redactNationalIds(clean)).toBe(clean);
  });

  it('[T-5] redactDeep redacts strings, keys, numbers and nested structures, copying only what changed', () => {
    const untouched = { a: 1, b: ['x', { c: 'y' }] };
    const input = {
      user: { ssn: FNR, note: `called from /p/${DNR}` },
      byId: { [FNR2]: 'value' },
      list: [1, 'two', FNR],
      asNumber: Number(FNR),
      untouched,
      when: new Date(0),
      map: new Map([[FNR, { v: DNR }]]),
      set: new Set([SYNTH80]),
    };
    const out = redactDeep(input);
    expect(out.user).toEqual({ ssn: M, note: `called from /p/${M}` });
    expect(out.byId).toEqual({ [M]: 'value' });
    expect(out.list).toEqual([1, 'two', M]);
    expect(out.asNumber).toBe(M);
    expect(out.untouched).toBe(untouched);
    expect(out.when).toBe(input.when);
    expect([...out.map]).toEqual([[M, { v: M }]]);
    expect([...out.set]).toEqual([M]);
    expect(JSON.stringify(out)).not.toMatch(new RegExp(`${FNR}|${DNR}|${FNR2}`));
    // The input is not modified.
    expect(input.user.ssn).toBe(FNR);
  });

  it('[T-5] redactDeep handles errors and cycles', () => {
    const err = new Error(`lookup failed for ${FNR}`);
    const redactedErr = redactDeep(err) as unknown as Record<string, unknown>;
    expect(redactedErr.message).toBe(`lookup failed for ${M}`);
    expect(String(redactedErr.stack)).not.toContain(FNR);

    const cyclic: Record<string, unknown> = { id: FNR };
    cyclic.self = cyclic;
    const out = redactDeep(cyclic);
    expect(out.id).toBe(M);
    expect((out.self as Record<string, unknown>).id).toBe(M);
  });

  it('[T-5] is fast on large log text', () => {
    const line = `2026-01-01T10:00:00Z GET /api/v1/x?ssn=${FNR}&org=991825827&n=12345678901234 200 12ms\n`;
    const text = line.repeat(20_000); // ~1.8 MB
    const t0 = performance.now();
    const out = redactNationalIds(text);
    const ms = performance.now() - t0;
    expect(out).not.toContain(FNR);
    expect(out.length).toBe(text.length);
    expect(ms).toBeLessThan(1000);
  });
});
