/**
 * The SLA clock engine's contract. The engine is a pure function of (case history, clock targets, calendars, now):
 * nothing is stored but the history, so a re-classification or a policy fix re-derives every figure.
 *
 * Times are epoch milliseconds (UTC instants). Wall-clock rules (opening hours, holidays, DST) live in the
 * calendars (src/kernel/worktime).
 */
import type { ClockTarget } from '../policy/schema.ts';
import type { WorkCalendar } from '../worktime/calendar.ts';

/** Case states of an incident. `reopened` is an event, the state after it is `investigating`. */
export const INCIDENT_STATES = ['new', 'investigating', 'identified', 'monitoring', 'resolved', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** Pause reasons a clock target may list in `pausedBy` (policy), besides `workaround` for `stopOnWorkaround`. */
export type PauseReason = 'workaround' | 'awaitingReporter' | 'awaitingThirdParty';

/**
 * One entry of a case's history, in the order it happened (`at` non-decreasing; ties keep array order).
 *  - reported: the case exists; clocks start here. Exactly one, first.
 *  - category: (re-)classification to a category key of the policy (the first one is given with `reported`).
 *  - state: a state change. Leaving `new` for any other state is the response ("work started").
 *    Entering `resolved` stops resolution clocks; leaving `resolved`/`closed` again (reopen) resumes them.
 *  - responded: explicit "work started" without a state change (e.g. an operator acknowledged by phone).
 *  - workaround: a workaround established (`on: true`) or withdrawn (`on: false`).
 *  - hold / release: the case waits for someone (`reason`); clocks whose target lists the reason in `pausedBy`
 *    stand still until `release` with the same reason.
 */
export type HistoryEvent =
  | { at: number; type: 'reported'; category: string }
  | { at: number; type: 'category'; category: string }
  | { at: number; type: 'state'; state: IncidentState }
  | { at: number; type: 'responded' }
  | { at: number; type: 'workaround'; on: boolean }
  | { at: number; type: 'hold'; reason: Exclude<PauseReason, 'workaround'> }
  | { at: number; type: 'release'; reason: Exclude<PauseReason, 'workaround'> };

/**
 * When a re-classified case's clocks start:
 *  - `reported`: the current category's clocks count from the report time, as if the case had always been in that
 *    category (the category describes the incident, not when we understood it). Default.
 *  - `classified`: they count from the moment the case entered its current category (the clocks reset).
 */
export type ClockStartRule = 'reported' | 'classified';

export interface ClockEngineOptions {
  /** Targets per category key (policy.incidentCategories[key].targets). */
  targets: Record<string, readonly ClockTarget[]>;
  /** Compiled calendars by name (PolicyRuntime.calendars). */
  calendars: ReadonlyMap<string, WorkCalendar>;
  startRule?: ClockStartRule;
}

/**
 * Status of one clock at `now`:
 *  - running: counting, not yet due;
 *  - paused: standing still (hold, or workaround on a `stopOnWorkaround` clock before its due time);
 *  - met: stopped (responded / resolved) at or before its due time;
 *  - breached: its due time passed before it stopped (whether it has stopped since or not: see `stoppedAt`);
 *  - tracking: a target without duration that is still counting (cannot breach);
 *  - tracked: a target without duration that has stopped (its elapsed time is the figure).
 */
export type ClockStatus = 'running' | 'paused' | 'met' | 'breached' | 'tracking' | 'tracked';

/** A span of the clock's life, for drawing: counting or not (paused), from/to epoch ms. */
export interface ClockSegment {
  from: number;
  to: number;
  counting: boolean;
  /** Why the clock was not counting (for paused segments). */
  reason?: PauseReason | 'resolved';
}

export interface ClockThreshold {
  /** Percent of the target: the policy's warnAt values, then 100 (the breach). */
  percent: number;
  /** When the counted time reaches that share, given the history so far and no further events (null: never, e.g. stopped earlier). */
  at: number | null;
  /** True when `at` ≤ now and the clock was counting then (the warning or breach has happened). */
  reached: boolean;
}

export interface ClockTimes {
  /** Elapsed time on the wall clock while counting (pauses excluded), ms. */
  calendarMs: number;
  /** Open time of the clock's calendar while counting, ms. */
  workingMs: number;
}

export interface ClockResult {
  /** Target id from the policy, e.g. "response" / "resolution". */
  targetId: string;
  kind: ClockTarget['kind'];
  /** The category whose target this is. */
  category: string;
  calendar: string;
  clauses: string[];
  status: ClockStatus;
  startedAt: number;
  /** Due time given the history so far (pauses push it later); null for tracked-only targets. */
  dueAt: number | null;
  /** When the clock stopped for good so far (responded / resolved / workaround on a stopOnWorkaround clock). */
  stoppedAt: number | null;
  /** What stopped it. */
  stoppedBy: 'responded' | 'resolved' | 'workaround' | null;
  breachedAt: number | null;
  /** Target size in open time of the calendar, ms (null when tracked only). */
  budgetMs: number | null;
  elapsed: ClockTimes;
  /** Until due (negative once overdue); null when tracked only. */
  remaining: ClockTimes | null;
  /** Counted share of the budget, 0–100+ (null when tracked only). */
  percent: number | null;
  thresholds: ClockThreshold[];
  segments: ClockSegment[];
}

export interface ClocksResult {
  /** Current category (after the last re-classification). */
  category: string;
  clocks: ClockResult[];
  /** The next instant after `now` when a threshold is reached if nothing else happens (for scheduling), or null. */
  nextThresholdAt: number | null;
}
