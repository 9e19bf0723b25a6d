/** A syntactically valid, synthetic fødselsnummer for tests (date + individual number, control digits computed). */
export function syntheticFnr(ddmmyy = '010190', individual = 123): string {
  for (let ind = individual; ind < individual + 100; ind++) {
    const base = ddmmyy + String(ind).padStart(3, '0');
    const d = base.split('').map(Number);
    const k1 = (11 - ([3, 7, 6, 1, 8, 9, 4, 5, 2].reduce((s, w, i) => s + w * d[i], 0) % 11)) % 11;
    if (k1 === 10) continue;
    const d2 = [...d, k1];
    const k2 = (11 - ([5, 4, 3, 2, 7, 6, 5, 4, 3, 2].reduce((s, w, i) => s + w * d2[i], 0) % 11)) % 11;
    if (k2 === 10) continue;
    return base + k1 + k2;
  }
  throw new Error('no valid number found');
}
