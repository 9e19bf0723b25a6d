/**
 * Norwegian national identity numbers (fødselsnummer and D-nummer): DDMMYY III K1 K2.
 *
 *  - fødselsnummer: DD = day (01–31), MM = month (01–12), III = individual number, K1/K2 mod-11 control digits.
 *  - D-nummer: as a fødselsnummer with 4 added to the first digit (day 41–71).
 *  - synthetic test numbers: month + 40 or month + 80, the two conventions of Norway's synthetic test-data
 *    registers (Skatteetaten's Tenor, NAV's Dolly); + 40 is also used by H-numbers. Day and month offsets combine,
 *    so synthetic D-numbers are recognised as well.
 *
 * K1 uses weights 3 7 6 1 8 9 4 5 2 over the first nine digits, K2 uses 5 4 3 2 7 6 5 4 3 2 over the first ten.
 * A control digit of 10 does not exist, so such numbers are invalid.
 *
 * Known limit: the relaxed K1 rule announced for the fødselsnummer reform (numbers issued from 2032) is not
 * implemented yet; update `classifyNationalId` when the rule is final.
 */

import { mod11ControlDigit } from './orgnr.js';

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2] as const;
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2] as const;
const ELEVEN_DIGITS = /^\d{11}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export type NationalIdKind = 'fnr' | 'dnr';

export interface NationalIdInfo {
  kind: NationalIdKind;
  /** Synthetic test number (month + 40 or + 80), never a real person. */
  synthetic: boolean;
}

function two(s: string, i: number): number {
  return (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Birth year from YY and the individual number (Skatteetaten's ranges), or null when the range is unassigned. */
function birthYear(yy: number, individual: number): number | null {
  if (individual <= 499) return 1900 + yy;
  if (individual <= 749 && yy >= 54) return 1800 + yy;
  if (individual >= 500 && yy <= 39) return 2000 + yy;
  if (individual >= 900 && yy >= 40) return 1900 + yy;
  return null;
}

/** Checks an 11-digit ASCII string; the caller has verified the format. */
function classifyDigits(s: string): NationalIdInfo | null {
  const k1 = mod11ControlDigit(s, K1_WEIGHTS);
  if (k1 < 0 || k1 !== s.charCodeAt(9) - 48) return null;
  const k2 = mod11ControlDigit(s, K2_WEIGHTS);
  if (k2 < 0 || k2 !== s.charCodeAt(10) - 48) return null;

  let day = two(s, 0);
  let kind: NationalIdKind = 'fnr';
  if (day > 40) {
    day -= 40;
    kind = 'dnr';
  }
  let month = two(s, 2);
  let synthetic = false;
  if (month > 80) {
    month -= 80;
    synthetic = true;
  } else if (month > 40) {
    month -= 40;
    synthetic = true;
  }
  if (month < 1 || month > 12 || day < 1) return null;

  const year = birthYear(two(s, 4), Number(s.slice(6, 9)));
  // Unknown century (unassigned individual-number range, common in synthetic data): allow 29 February.
  const maxDay = month === 2 ? (year === null || isLeap(year) ? 29 : 28) : DAYS_IN_MONTH[month - 1];
  if (day > maxDay) return null;
  return { kind, synthetic };
}

/** Kind of a valid fødselsnummer / D-nummer (11 digits, both control digits, plausible date), else null. */
export function classifyNationalId(s: string): NationalIdInfo | null {
  if (typeof s !== 'string' || !ELEVEN_DIGITS.test(s)) return null;
  return classifyDigits(s);
}

/** True for a valid fødselsnummer or D-nummer, including synthetic test numbers (month + 40 / + 80). */
export function isValidNationalId(s: string): boolean {
  return classifyNationalId(s) !== null;
}

/**
 * What a detected national ID is replaced with: eleven asterisks. Chosen over a tag such as "[fnr]" because it
 * keeps the length of the text (offsets and column layouts in logs stay valid) and `*` is legal unescaped
 * everywhere in a URL (RFC 3986 sub-delim), so a redacted URL still parses; "[" and "]" are not legal in a path
 * or query. Callers may pass another replacement.
 */
export const NATIONAL_ID_MASK = '***********';

/**
 * An 11-digit run that is not part of a longer digit run. A run may also directly follow a percent-escape such as
 * "%22" or "%20" (URL-encoded JSON or text: `?q=%2212345678901%22`), where the escape's hex digits would otherwise
 * glue onto the run and hide it.
 */
const ELEVEN_DIGIT_RUN = /(?:(?<=%[0-9A-Fa-f]{2})|(?<!\d))\d{11}(?!\d)/g;
/** Eleven digits in a row anywhere: a cheap pre-check (every match of ELEVEN_DIGIT_RUN has them), so text without
 * them — most paths, log lines and audit details — skips the look-behinds. */
const ANY_ELEVEN_DIGITS = /\d{11}/;

/**
 * Replaces every valid fødselsnummer / D-nummer in `text` (see `isValidNationalId`) with `replacement`
 * (default `NATIONAL_ID_MASK`). Works on any text: URLs, query strings, paths, JSON, log lines. 11-digit runs
 * with a wrong checksum and longer digit runs (12+ digits) are left alone. Returns `text` itself when nothing
 * was found.
 *
 * Limit: numbers written with separators ("010190 12345") are not detected.
 */
export function redactNationalIds(text: string, replacement: string = NATIONAL_ID_MASK): string {
  if (typeof text !== 'string' || text.length < 11 || !ANY_ELEVEN_DIGITS.test(text)) return text;
  let changed = false;
  const out = text.replace(ELEVEN_DIGIT_RUN, (run) => {
    if (classifyDigits(run) === null) return run;
    changed = true;
    return replacement;
  });
  return changed ? out : text;
}

/** True when `text` contains at least one valid fødselsnummer / D-nummer (same detection as the redaction). */
export function containsNationalId(text: string): boolean {
  if (typeof text !== 'string' || text.length < 11) return false;
  for (const m of text.matchAll(ELEVEN_DIGIT_RUN)) if (classifyDigits(m[0]) !== null) return true;
  return false;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Deep redaction for structured data bound for logs and audit records. Returns a value of the same shape in which
 * every string (including object keys, Map keys and values, Set members) has had `redactNationalIds` applied.
 * Copy on change: an object or array in which nothing was redacted is returned as the same reference.
 *
 *  - numbers: an integer whose eleven decimal digits are a valid national ID becomes the replacement string
 *    (redaction wins over type fidelity; a number cannot carry a leading zero, so this only covers some IDs);
 *  - Error: becomes a plain object `{ name, message, stack, ...own enumerable properties }`, redacted;
 *  - Date, RegExp, ArrayBuffer and typed arrays / Buffers: returned unchanged (no text to scan);
 *  - other class instances: own enumerable properties are redacted into a plain object when something changed;
 *  - cycles are preserved.
 */
export function redactDeep<T>(value: T, replacement: string = NATIONAL_ID_MASK): T {
  return redactValue(value, replacement, new WeakMap()) as T;
}

function redactValue(value: unknown, replacement: string, seen: WeakMap<object, unknown>): unknown {
  switch (typeof value) {
    case 'string':
      return redactNationalIds(value, replacement);
    case 'number':
      if (Number.isSafeInteger(value) && value >= 1e10 && value < 1e11 && classifyDigits(String(value)) !== null) {
        return replacement;
      }
      return value;
    case 'bigint':
      return value >= 10_000_000_000n && value < 100_000_000_000n && classifyDigits(value.toString()) !== null
        ? replacement
        : value;
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) return value;
  const obj = value as object;
  if (seen.has(obj)) return seen.get(obj);
  if (obj instanceof Date || obj instanceof RegExp || obj instanceof ArrayBuffer || ArrayBuffer.isView(obj)) {
    return obj;
  }

  if (Array.isArray(obj)) {
    let copy: unknown[] | null = null;
    seen.set(obj, obj);
    for (let i = 0; i < obj.length; i++) {
      const r = redactValue(obj[i], replacement, seen);
      if (r !== obj[i] && copy === null) {
        copy = obj.slice(0, i);
        seen.set(obj, copy);
      }
      if (copy !== null) copy[i] = r;
    }
    // A cycle back to this array taken before the copy existed points at the original; acceptable for logs.
    return copy ?? obj;
  }

  if (obj instanceof Map) {
    const out = new Map<unknown, unknown>();
    seen.set(obj, out);
    let changed = false;
    for (const [k, v] of obj) {
      const rk = redactValue(k, replacement, seen);
      const rv = redactValue(v, replacement, seen);
      if (rk !== k || rv !== v) changed = true;
      out.set(rk, rv);
    }
    if (!changed) seen.set(obj, obj);
    return changed ? out : obj;
  }

  if (obj instanceof Set) {
    const out = new Set<unknown>();
    seen.set(obj, out);
    let changed = false;
    for (const v of obj) {
      const rv = redactValue(v, replacement, seen);
      if (rv !== v) changed = true;
      out.add(rv);
    }
    if (!changed) seen.set(obj, obj);
    return changed ? out : obj;
  }

  let source: Record<string, unknown> = obj as Record<string, unknown>;
  let forceCopy = false;
  if (obj instanceof Error) {
    source = { name: obj.name, message: obj.message, stack: obj.stack, ...(obj as unknown as Record<string, unknown>) };
    if ('cause' in obj) source.cause = obj.cause;
    forceCopy = true;
  } else if (!isPlainObject(obj)) {
    source = { ...(obj as Record<string, unknown>) };
  }

  const out: Record<string, unknown> = isPlainObject(obj) && Object.getPrototypeOf(obj) === null ? Object.create(null) : {};
  seen.set(obj, out);
  let changed = forceCopy;
  for (const key of Object.keys(source)) {
    const v = source[key];
    const rk = redactNationalIds(key, replacement);
    const rv = redactValue(v, replacement, seen);
    if (rk !== key || rv !== v) changed = true;
    out[rk] = rv;
  }
  if (!changed) {
    seen.set(obj, obj);
    return obj;
  }
  return out;
}
