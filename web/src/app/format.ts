/** Dates and times are shown in Norwegian local time (Europe/Oslo), e.g. `08.04.2026 10:00`, whatever the UI language. */
export const OSLO = 'Europe/Oslo';

const dateTimeFmt = new Intl.DateTimeFormat('nb-NO', {
  timeZone: OSLO,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(date: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of dateTimeFmt.formatToParts(date)) out[p.type] = p.value;
  return out;
}

function toDate(value: string | number | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `08.04.2026 10:00` in Oslo time; empty string for null/invalid. */
export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value == null || value === '') return '';
  const d = toDate(value);
  if (!d) return String(value);
  const p = parts(d);
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
}

/** `08.04.2026` in Oslo time. Plain `YYYY-MM-DD` dates are formatted as they are (no time zone shift). */
export function formatDate(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '';
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m) return `${m[3]}.${m[2]}.${m[1]}`;
  }
  const d = toDate(value);
  if (!d) return String(value);
  const p = parts(d);
  return `${p.day}.${p.month}.${p.year}`;
}

/** The current Oslo wall-clock time as `YYYY-MM-DDTHH:mm` (the value format of `<input type="datetime-local">`). */
export function osloNowLocalInput(now: Date = new Date()): string {
  const p = parts(now);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** Today's date in Oslo as `YYYY-MM-DD`. */
export function osloToday(now: Date = new Date()): string {
  return osloNowLocalInput(now).slice(0, 10);
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/** Replaces ISO 8601 instants inside a server message (e.g. a deadline in a reason) with Oslo time `08.04.2026 10:00`. */
export function localiseInstants(text: string): string {
  return text.replace(ISO_INSTANT, (iso) => formatDateTime(iso) || iso);
}
