/** Small text helpers for incident mail and inbox messages (durations and times as Norwegians read them). */
import { formatLocal } from '../../kernel/worktime/index.ts';

/** "08.04.2026 10:00" in Oslo time. */
export const osloTime = (at: number | Date): string => formatLocal(at);

/** "1 t 15 min" / "1 h 15 min", "3 d 2 t" for long spans; negative values get a minus sign. */
export function durationText(ms: number, lang: 'nb' | 'en'): string {
  const sign = ms < 0 ? '-' : '';
  let m = Math.round(Math.abs(ms) / 60_000);
  const d = Math.floor(m / 1440);
  m -= d * 1440;
  const h = Math.floor(m / 60);
  m -= h * 60;
  const H = lang === 'nb' ? 't' : 'h';
  const parts = [d ? `${d} d` : '', h ? `${h} ${H}` : '', m || (!d && !h) ? `${m} min` : ''].filter(Boolean);
  return sign + parts.join(' ');
}

export const TARGET_NAMES: Record<string, { nb: string; en: string }> = {
  response: { nb: 'responstid', en: 'response time' },
  resolution: { nb: 'løsningstid', en: 'resolution time' },
  assessment: { nb: 'vurdering', en: 'assessment' },
};
export function targetName(id: string, lang: 'nb' | 'en'): string {
  return TARGET_NAMES[id]?.[lang] ?? id;
}
