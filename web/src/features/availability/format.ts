import type { Lang } from '../../app/i18n.ts';

/** "99,95 %" (bokmål) / "99.95 %" (English); up to `digits` decimals, never rounding a breach up to the target. */
export function formatPercent(pct: number | null, lang: Lang, digits = 3): string {
  if (pct === null || !Number.isFinite(pct)) return '–';
  const f = 10 ** digits;
  const floored = Math.floor(pct * f) / f;
  return `${floored.toLocaleString(lang === 'nb' ? 'nb-NO' : 'en-GB', { maximumFractionDigits: digits })} %`;
}
