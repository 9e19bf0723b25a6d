/**
 * Norwegian organisation numbers (organisasjonsnummer, Enhetsregisteret): nine digits, the last one a
 * modulus-11 control digit over the first eight with weights 3, 2, 7, 6, 5, 4, 3, 2.
 */

const ORG_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;
const NINE_DIGITS = /^\d{9}$/;

/**
 * Mod-11 control digit for `digits` with `weights`: 11 − (Σ dᵢ·wᵢ mod 11), where 11 becomes 0 and 10 means
 * "no valid control digit exists" (returned as -1). `digits` must hold at least `weights.length` ASCII digits.
 */
export function mod11ControlDigit(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i];
  const remainder = sum % 11;
  if (remainder === 0) return 0;
  if (remainder === 1) return -1;
  return 11 - remainder;
}

/** True when `s` is exactly nine digits with a correct control digit, e.g. "991825827" (Digdir). */
export function isValidOrgNumber(s: string): boolean {
  if (typeof s !== 'string' || !NINE_DIGITS.test(s)) return false;
  const control = mod11ControlDigit(s, ORG_WEIGHTS);
  return control >= 0 && control === s.charCodeAt(8) - 48;
}

/**
 * Lenient input form: strips whitespace, an optional "NO" prefix and an optional "MVA" suffix
 * ("NO 991 825 827 MVA" → "991825827"). Returns the nine digits when they are a valid org number, else null.
 */
export function normalizeOrgNumber(s: string): string | null {
  if (typeof s !== 'string') return null;
  const compact = s.replace(/\s+/g, '').toUpperCase().replace(/^NO/, '').replace(/MVA$/, '');
  return isValidOrgNumber(compact) ? compact : null;
}
