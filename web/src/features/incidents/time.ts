/**
 * Time helpers of the incidents pages: durations, Oslo wall-clock conversions, a shared one-second ticker and the
 * live figures of an SLA clock between two fetches.
 *
 * The server computes each clock at the moment it answers (`elapsed`, `remaining` in calendar and working time).
 * Between fetches the page moves the figures on by itself: calendar time with the wall clock, working time only
 * inside the calendar's open periods (`open`, detail view) — or, without them (lists), never more than the calendar
 * time left until the due time.
 */
import { useSyncExternalStore } from 'react';
import { OSLO } from '../../app/format.ts';
import type { Lang } from '../../app/i18n.ts';
import type { ClockView } from './api.ts';

// ---------------------------------------------------------------- the shared ticker

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let nowMs = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    nowMs = Date.now();
    timer = setInterval(() => {
      nowMs = Date.now();
      listeners.forEach((l) => l());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time in ms, re-rendering the caller every second (one interval for the whole page). */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => nowMs);
}

// ---------------------------------------------------------------- durations

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const UNITS: Record<Lang, { d: string; h: string; min: string; s: string }> = {
  nb: { d: 'd', h: 't', min: 'min', s: 's' },
  en: { d: 'd', h: 'h', min: 'min', s: 's' },
};

/**
 * A duration for people: `2 d 3 t`, `1 t 5 min`, `45 min`, `30 s` (nb) / `2 d 3 h` … (en).
 * `seconds` shows seconds below an hour (for live countdowns); `hoursOnly` never rolls hours into days (working time).
 */
export function formatDuration(ms: number | null | undefined, lang: Lang, opts: { seconds?: boolean; hoursOnly?: boolean } = {}): string {
  if (ms == null || !Number.isFinite(ms)) return '–';
  const u = UNITS[lang];
  let rest = Math.max(0, Math.abs(ms));
  // Working time is counted in hours: a "day" of 24 working hours would mislead (a working day is 7¾ hours).
  const d = opts.hoursOnly ? 0 : Math.floor(rest / DAY);
  rest -= d * DAY;
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / MIN);
  rest -= m * MIN;
  const s = Math.floor(rest / 1000);
  if (d > 0) return h > 0 ? `${d} ${u.d} ${h} ${u.h}` : `${d} ${u.d}`;
  if (h > 0) return opts.seconds ? `${h} ${u.h} ${String(m).padStart(2, '0')} ${u.min} ${String(s).padStart(2, '0')} ${u.s}` : m > 0 ? `${h} ${u.h} ${m} ${u.min}` : `${h} ${u.h}`;
  if (opts.seconds) return m > 0 ? `${m} ${u.min} ${String(s).padStart(2, '0')} ${u.s}` : `${s} ${u.s}`;
  if (m > 0) return `${m} ${u.min}`;
  return ms === 0 ? `0 ${u.min}` : `< 1 ${u.min}`;
}

// ---------------------------------------------------------------- Oslo wall clock

const partsFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: OSLO,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function osloParts(ms: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of partsFmt.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** Oslo's offset from UTC at instant `ms`, in ms. */
export function osloOffset(ms: number): number {
  const p = osloParts(ms);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** `YYYY-MM-DDTHH:mm` read as Oslo wall-clock time → ISO instant (UTC); null when invalid. */
export function osloLocalToIso(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let guess = asUtc - osloOffset(asUtc);
  guess = asUtc - osloOffset(guess);
  return new Date(guess).toISOString();
}

/** The current month in Oslo, `YYYY-MM`. */
export function osloMonth(now: number = Date.now()): string {
  const p = osloParts(now);
  return `${p.year}-${String(p.month).padStart(2, '0')}`;
}

/** `HH:mm` in Oslo. */
export function osloTime(ms: number): string {
  const p = osloParts(ms);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** The Oslo calendar date of `ms` as `YYYY-MM-DD`. */
export function osloDate(ms: number): string {
  const p = osloParts(ms);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

const weekdayFmt: Record<Lang, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat('nb-NO', { timeZone: OSLO, weekday: 'long' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: OSLO, weekday: 'long' }),
};
const shortFmt: Record<Lang, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat('nb-NO', { timeZone: OSLO, weekday: 'short', day: 'numeric', month: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: OSLO, weekday: 'short', day: 'numeric', month: 'short' }),
};

/**
 * A due time relative to now, as people say it: `15:45` today, `i morgen 08:45` / `tomorrow 08:45`, `mandag 08:45`
 * within a week, else `08.12.2026 10:00`.
 */
export function formatDue(iso: string | number, lang: Lang, now: number = Date.now()): string {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  const day = osloDate(ms);
  const today = osloDate(now);
  const dayMs = Date.parse(`${day}T12:00:00Z`);
  const diffDays = Math.round((dayMs - Date.parse(`${today}T12:00:00Z`)) / DAY);
  const time = osloTime(ms);
  if (diffDays === 0) return lang === 'nb' ? `i dag ${time}` : `today ${time}`;
  if (diffDays === 1) return lang === 'nb' ? `i morgen ${time}` : `tomorrow ${time}`;
  if (diffDays === -1) return lang === 'nb' ? `i går ${time}` : `yesterday ${time}`;
  if (diffDays > 1 && diffDays < 7) return `${weekdayFmt[lang].format(ms)} ${time}`;
  const p = osloParts(ms);
  return `${String(p.day).padStart(2, '0')}.${String(p.month).padStart(2, '0')}.${p.year} ${time}`;
}

/** Short axis label of a day: `man. 23. nov.` / `Mon 23 Nov`. */
export function formatAxisDay(ms: number, lang: Lang): string {
  return shortFmt[lang].format(ms);
}

// ---------------------------------------------------------------- live clock figures

type Interval = { from: number; to: number };

/** Milliseconds of [from, to) covered by the intervals. */
export function overlap(intervals: readonly Interval[], from: number, to: number): number {
  if (to <= from) return 0;
  let sum = 0;
  for (const i of intervals) {
    const a = Math.max(i.from, from);
    const b = Math.min(i.to, to);
    if (b > a) sum += b - a;
  }
  return sum;
}

export type LiveClock = {
  status: ClockView['status'];
  /** Counting at this moment (running or tracking). */
  counting: boolean;
  elapsedCalendarMs: number;
  elapsedWorkingMs: number;
  /** Until due: calendar (wall clock) and working (open time); negative once overdue; null when tracked only. */
  remainingCalendarMs: number | null;
  remainingWorkingMs: number | null;
  percent: number | null;
  dueAt: number | null;
  /** Overdue now (breached, or running past its due time before the next fetch says so). */
  overdue: boolean;
};

const toMs = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);

/** The clock's figures at `now`, moved on from what the server said at `fetchedAt`. */
export function liveClock(clock: ClockView, fetchedAt: number, now: number): LiveClock {
  const dueAt = toMs(clock.dueAt);
  const counting = clock.status === 'running' || clock.status === 'tracking';
  const open = clock.open?.map((o) => ({ from: Date.parse(o.from), to: Date.parse(o.to) }));
  const since = Math.max(0, now - fetchedAt);
  let elapsedCalendarMs = clock.elapsed.calendarMs;
  let elapsedWorkingMs = clock.elapsed.workingMs;
  if (counting) {
    elapsedCalendarMs += since;
    elapsedWorkingMs += open ? overlap(open, fetchedAt, now) : 0;
  }
  let remainingCalendarMs: number | null = null;
  let remainingWorkingMs: number | null = null;
  if (dueAt !== null && clock.remaining) {
    if (clock.status === 'running') {
      remainingCalendarMs = dueAt - now;
      if (open && now < dueAt) remainingWorkingMs = overlap(open, now, dueAt);
      else if (now >= dueAt) remainingWorkingMs = clock.remaining.workingMs <= 0 ? clock.remaining.workingMs : -(now - dueAt);
      else remainingWorkingMs = Math.min(clock.remaining.workingMs, dueAt - now);
    } else {
      remainingCalendarMs = clock.remaining.calendarMs;
      remainingWorkingMs = clock.remaining.workingMs;
    }
  }
  let percent = clock.percent;
  if (clock.status === 'running' && clock.budgetMs && remainingWorkingMs !== null) {
    percent = Math.max(clock.percent ?? 0, ((clock.budgetMs - remainingWorkingMs) / clock.budgetMs) * 100);
  }
  const overdue = clock.status === 'breached' || (clock.status === 'running' && dueAt !== null && now >= dueAt);
  return { status: clock.status, counting, elapsedCalendarMs, elapsedWorkingMs, remainingCalendarMs, remainingWorkingMs, percent, dueAt, overdue };
}

/** The clock a list row shows: the running (or paused) one due first, else a breached one, else the last one. */
export function primaryClock(clocks: readonly ClockView[]): ClockView | null {
  if (clocks.length === 0) return null;
  const due = clocks.filter((c) => (c.status === 'running' || c.status === 'paused') && c.dueAt);
  if (due.length) return [...due].sort((a, b) => Date.parse(a.dueAt!) - Date.parse(b.dueAt!))[0];
  const breached = clocks.find((c) => c.status === 'breached' && !c.stoppedAt);
  if (breached) return breached;
  const tracking = clocks.find((c) => c.status === 'tracking');
  if (tracking) return tracking;
  return clocks.find((c) => c.status === 'breached') ?? clocks[clocks.length - 1];
}

/** Colour step of a percent bar: the policy's warning thresholds 50/75/90 %, then 100 % (breach). */
export function percentLevel(percent: number | null): 'ok' | 'p50' | 'p75' | 'p90' | 'over' {
  if (percent === null) return 'ok';
  if (percent >= 100) return 'over';
  if (percent >= 90) return 'p90';
  if (percent >= 75) return 'p75';
  if (percent >= 50) return 'p50';
  return 'ok';
}
