/**
 * The SLA clock engine: a pure function of (case history, clock targets, calendars, now). Nothing but the history is
 * stored, so a re-classification, a late event or a policy fix re-derives every figure. docs/sla-clocks.md explains
 * the rules with examples; the clause of each rule is named in brackets.
 *
 * Semantics
 * ─────────
 * Which clocks. The clocks of the CURRENT category: the category of the last `reported` / `category` event at or
 * before `now`, with its policy targets (S-2.1). Clocks of earlier categories disappear (A → C: the A response clock
 * is gone, the C resolution clock is all there is).
 *
 * Start. startRule 'reported' (default): the report time, as if the case had always been in its current category.
 * 'classified': the time the case entered its current category (the last `category` event that changed the key; a
 * re-classification to the same key changes nothing). Events before the start still set the case's state: a case
 * that already had its response, a workaround or a hold when it was re-classified starts its clocks that way.
 *
 * Budget (target duration on calendar C):
 *  - minutes / hours / calendarDays / weeks / months: elapsed time. budget = open time of C in [start, start + d)
 *    (calendar units are added in local time, C's zone); on the 24/7 calendar `always` that is the elapsed ms.
 *  - workingHours: amount × 1 h of C's open time.
 *  - workingDays: budget = C.workingTimeBetween(start, C.addWorkingDays(start, n)), so that without pauses
 *    dueAt === C.addWorkingDays(start, n) exactly. When that day count ends at the START of a working day (a report
 *    outside opening hours: Saturday → due Thursday 08:00, not Wednesday 15:45), the clock keeps that convention:
 *    whenever the budget runs out exactly at a closing time, the due instant is the next opening ("tie to the
 *    opening"). Otherwise (the usual case, and Christmas Eve's 12:00) a budget that runs out at a closing time is
 *    due at that closing time, like C.addWorkingTime.
 *
 * Counting. The clock counts open time of C during its counting spans from the start. Not counting:
 *  - response clocks stop for good at the first `responded` event or the first `state` event to a state other than
 *    `new` (S-2.2.1, S-2.2.2);
 *  - resolution (and assessment) clocks stand still while the state is `resolved` or `closed`, and count again when
 *    the state leaves them (reopen); the span in between is a non-counting segment with reason 'resolved';
 *  - `hold` R … `release` R: clocks whose target lists R in `pausedBy` stand still (a release without a hold, or a
 *    second hold, changes nothing); `pausedBy: [workaround]` pauses while a workaround is in place;
 *  - `stopOnWorkaround` (C resolution, S-2.2.3): a workaround established AT OR BEFORE the due instant stops the
 *    clock: it stands still (status 'paused', stoppedBy 'workaround') and cannot breach while the workaround stays;
 *    when it is withdrawn (`on: false`) the clock counts again from there. A workaround established AFTER the due
 *    instant changes nothing: the breach stands and the clock goes on counting until resolved.
 * A stop or a pause at exactly the due instant is in time (met / not breached); the types call this "at or before".
 *
 * Events after `now` are ignored (the result is the case as it stood at `now`), so `now` may be any past instant.
 *
 * Figures:
 *  - dueAt: the instant the counted time reaches the budget. Once reached, that instant. Otherwise a projection with
 *    no further events: from the current counting span when running; "if it resumed at `now`" when paused (hold or
 *    workaround); "had it kept counting" from the stop when stopped (so a met response shows its original due time).
 *    null for targets without duration.
 *  - breachedAt = dueAt when the counted time reached the budget while counting and that instant is ≤ now; the
 *    status stays 'breached' after the clock stops.
 *  - status: 'breached' if breached; else 'met' when stopped (responded / resolved); else 'paused' when standing
 *    still at now (hold, workaround); else 'running'. Targets without duration: 'tracking' / 'tracked' (stopped).
 *  - stoppedAt / stoppedBy: when the clock is stopped at `now`: the response, the entry into resolved/closed (null
 *    again after a reopen), or the workaround of a stopOnWorkaround clock (while it stays). A stop before the start
 *    (classified rule) is reported at the start.
 *  - elapsed: calendarMs = wall-clock ms of the counting spans up to min(now, stoppedAt); workingMs = C's open time in
 *    them. remaining (null without budget): workingMs = budget − elapsed.workingMs; calendarMs = dueAt − ref, where
 *    ref is the stop instant for responded/resolved clocks and `now` otherwise (negative once overdue).
 *  - percent = elapsed.workingMs / budget × 100 (100 for a zero budget).
 *  - thresholds: each warnAt percent (ascending) then 100: `at` = when the counted time reaches that share (the same
 *    tie rule as dueAt); projected like dueAt for a running clock; null when the clock is not counting at `now` and
 *    has not reached it. reached = at ≤ now. nextThresholdAt = the earliest `at` > now over all clocks.
 *  - segments: counting / non-counting spans from the start to stoppedAt (responded / resolved) or now, adjacent
 *    spans of the same kind merged. A clock stopped by a workaround shows a non-counting 'workaround' span up to now.
 *
 * Errors (thrown, with the offending index / name): an empty history, a first event other than `reported`, a second
 * `reported`, events out of time order, a non-finite `at` or `now`, `now` before the report, unknown event types,
 * states or hold reasons, a category without targets in `opts.targets`, a target whose calendar is not in
 * `opts.calendars`.
 *
 * Speed: no Date or Intl on the hot path (calendar units use luxon for the budget only); per clock one pass over the
 * history, one WorkCalendar.workingTimeBetween per counting span and one addWorkingTime per threshold.
 */
import type { ClockTarget, Policy } from '../policy/schema.ts';
import type { WorkCalendar } from '../worktime/calendar.ts';
import { addCalendarDuration } from '../worktime/duration.ts';
import {
  INCIDENT_STATES,
  type ClockEngineOptions,
  type ClockResult,
  type ClockSegment,
  type ClockStartRule,
  type ClockThreshold,
  type ClocksResult,
  type HistoryEvent,
  type IncidentState,
} from './types.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;

const STATES: ReadonlySet<string> = new Set(INCIDENT_STATES);
const HOLD_REASONS: ReadonlySet<string> = new Set(['awaitingReporter', 'awaitingThirdParty']);

// Clock condition codes, in priority order for the segment reason.
const COUNTING = 0;
const STOPPED = 1; // response given / resolved or closed
const WORKAROUND = 2;
const AWAITING_REPORTER = 3;
const AWAITING_THIRD_PARTY = 4;
const REASONS = [undefined, 'resolved', 'workaround', 'awaitingReporter', 'awaitingThirdParty'] as const;

/** What the engine needs from a target, derived once per target object. */
interface TargetInfo {
  response: boolean;
  pauseReporter: boolean;
  pauseThirdParty: boolean;
  pauseWorkaround: boolean;
  stopOnWorkaround: boolean;
  /** warnAt ascending (duplicates and values outside (0, 100) dropped), then 100. */
  percents: number[];
}

const infoCache = new WeakMap<ClockTarget, TargetInfo>();

function targetInfo(t: ClockTarget): TargetInfo {
  let info = infoCache.get(t);
  if (!info) {
    const p = t.pausedBy ?? [];
    const warn = [...new Set(t.warnAt ?? [])].filter((x) => x > 0 && x < 100).sort((a, b) => a - b);
    info = {
      response: t.kind === 'response',
      pauseReporter: p.includes('awaitingReporter'),
      pauseThirdParty: p.includes('awaitingThirdParty'),
      pauseWorkaround: p.includes('workaround'),
      stopOnWorkaround: t.stopOnWorkaround === true,
      percents: [...warn, 100],
    };
    infoCache.set(t, info);
  }
  return info;
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}

function typeOf(e: unknown): string {
  return e !== null && typeof e === 'object' && 'type' in e ? JSON.stringify((e as { type: unknown }).type) : String(e);
}

/**
 * The clocks of a case at `now`. See the header of this file (and docs/sla-clocks.md) for the rules.
 */
export function computeClocks(history: readonly HistoryEvent[], opts: ClockEngineOptions, now: number): ClocksResult {
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new TypeError(`computeClocks: invalid now ${String(now)}`);
  const n = history.length;
  if (n === 0) throw new Error('computeClocks: empty history (a case history starts with its "reported" event)');
  const first = history[0];
  if (first === null || typeof first !== 'object' || first.type !== 'reported') {
    throw new Error(`computeClocks: history[0] is ${typeOf(first)}, but a case history must start with its "reported" event`);
  }
  const reportedAt = first.at;
  const targets = opts.targets;
  let category = '';
  let classifiedAt = reportedAt;
  let end = n; // index of the first event after now
  let prev = -Infinity;

  // One validating pass: time order, event shapes, categories; finds the current category at `now`.
  for (let i = 0; i < n; i++) {
    const e = history[i];
    if (e === null || typeof e !== 'object') throw new Error(`computeClocks: history[${i}] is not an event: ${String(e)}`);
    const at = e.at;
    if (typeof at !== 'number' || !Number.isFinite(at)) {
      throw new Error(`computeClocks: history[${i}] (${typeOf(e)}) has an invalid time ${String(at)}`);
    }
    if (at < prev) {
      throw new Error(
        `computeClocks: history[${i}] (${typeOf(e)}) at ${iso(at)} is earlier than the event before it (${iso(prev)}); events must be in time order`,
      );
    }
    prev = at;
    if (at > now && end === n) end = i;
    switch (e.type) {
      case 'reported':
        if (i > 0) throw new Error(`computeClocks: history[${i}] is a second "reported" event (a case is reported once)`);
      // falls through: the report carries the first category
      case 'category': {
        const c = e.category;
        if (typeof c !== 'string' || !Object.prototype.hasOwnProperty.call(targets, c)) {
          throw new Error(`computeClocks: history[${i}] (${typeOf(e)}) names the unknown incident category ${JSON.stringify(c)}`);
        }
        if (i < end && c !== category) {
          if (i > 0) classifiedAt = at;
          category = c;
        }
        break;
      }
      case 'state':
        if (!STATES.has(e.state)) {
          throw new Error(`computeClocks: history[${i}] has the unknown state ${JSON.stringify(e.state)} (expected one of ${INCIDENT_STATES.join(', ')})`);
        }
        break;
      case 'responded':
        break;
      case 'workaround':
        if (typeof e.on !== 'boolean') throw new Error(`computeClocks: history[${i}] ("workaround") needs on: true | false`);
        break;
      case 'hold':
      case 'release':
        if (!HOLD_REASONS.has(e.reason)) {
          throw new Error(
            `computeClocks: history[${i}] (${JSON.stringify(e.type)}) has the unknown reason ${JSON.stringify(e.reason)} (expected awaitingReporter or awaitingThirdParty)`,
          );
        }
        break;
      default:
        throw new Error(`computeClocks: history[${i}] has the unknown event type ${typeOf(e)}`);
    }
  }
  if (now < reportedAt) throw new RangeError(`computeClocks: now (${iso(now)}) is before the case was reported (${iso(reportedAt)})`);

  const list = targets[category];
  const start = (opts.startRule ?? 'reported') === 'classified' ? classifiedAt : reportedAt;
  const clocks: ClockResult[] = [];
  let nextThresholdAt: number | null = null;
  for (let k = 0; k < list.length; k++) {
    const t = list[k];
    const cal = opts.calendars.get(t.calendar);
    if (!cal) {
      throw new Error(`computeClocks: target ${JSON.stringify(t.id)} of category ${JSON.stringify(category)} uses the unknown calendar ${JSON.stringify(t.calendar)}`);
    }
    const c = computeClock(t, cal, category, history, end, start, now);
    for (const th of c.thresholds) {
      if (th.at !== null && th.at > now && (nextThresholdAt === null || th.at < nextThresholdAt)) nextThresholdAt = th.at;
    }
    clocks.push(c);
  }
  return { category, clocks, nextThresholdAt };
}

/** Budget of a target started at `start`, in open ms of cal; tieToOpening: see "workingDays" in the header. */
function budgetOf(t: ClockTarget, cal: WorkCalendar, start: number): { budget: number; tieToOpening: boolean } {
  const d = t.duration!;
  switch (d.unit) {
    case 'workingHours':
      return { budget: d.amount * HOUR, tieToOpening: false };
    case 'workingDays': {
      const due = cal.addWorkingDays(start, d.amount);
      const budget = cal.workingTimeBetween(start, due);
      return { budget, tieToOpening: cal.addWorkingTime(start, budget) !== due };
    }
    case 'minutes':
      return { budget: cal.workingTimeBetween(start, start + d.amount * MINUTE), tieToOpening: false };
    case 'hours':
      return { budget: cal.workingTimeBetween(start, start + d.amount * HOUR), tieToOpening: false };
    case 'calendarDays':
    case 'weeks':
    case 'months':
      return { budget: cal.workingTimeBetween(start, addCalendarDuration(start, { amount: d.amount, unit: d.unit }, cal.timezone)), tieToOpening: false };
    default:
      throw new Error(`computeClocks: target ${JSON.stringify(t.id)} has the unknown duration unit ${JSON.stringify((d as { unit: unknown }).unit)}`);
  }
}

function computeClock(
  t: ClockTarget,
  cal: WorkCalendar,
  category: string,
  h: readonly HistoryEvent[],
  end: number,
  start: number,
  now: number,
): ClockResult {
  const info = targetInfo(t);
  const isResponse = info.response;

  // Budget and threshold amounts (open ms).
  let budget: number | null = null;
  let tieToOpening = false;
  let nT = 0;
  let amounts: number[] = [];
  let ats: (number | null)[] = [];
  if (t.duration) {
    const b = budgetOf(t, cal, start);
    budget = b.budget;
    tieToOpening = b.tieToOpening;
    const ps = info.percents;
    nT = ps.length;
    amounts = new Array<number>(nT);
    ats = new Array<number | null>(nT);
    for (let j = 0; j < nT; j++) {
      amounts[j] = ps[j] === 100 ? budget : Math.round((budget * ps[j]) / 100);
      ats[j] = null;
    }
  }
  let fired = 0; // thresholds reached so far (they are reached in order)

  // The instant the counted time reaches `amount` when counting from `a` with `used` already counted.
  const reach = (a: number, amount: number, used: number): number => {
    if (used >= amount) return tieToOpening ? cal.nextOpen(a) : a;
    const u = cal.addWorkingTime(a, amount - used);
    return tieToOpening && !cal.isOpen(u) ? cal.nextOpen(u) : u;
  };

  // Case state.
  let state: IncidentState = 'new';
  let responded = false;
  let workaround = false;
  let waStop = false; // a stopOnWorkaround clock stopped by the current workaround
  let waSince = 0;
  let holdReporter = false;
  let holdThirdParty = false;

  const code = (): number => {
    if (isResponse ? responded : state === 'resolved' || state === 'closed') return STOPPED;
    if (waStop || (workaround && info.pauseWorkaround)) return WORKAROUND;
    if (holdReporter && info.pauseReporter) return AWAITING_REPORTER;
    if (holdThirdParty && info.pauseThirdParty) return AWAITING_THIRD_PARTY;
    return COUNTING;
  };

  // Counting.
  let cursor = start;
  let cur = COUNTING;
  let used = 0;
  let calMs = 0;
  const segments: ClockSegment[] = [];

  // Closes the span [cursor, x) in the current condition.
  const advance = (x: number): void => {
    if (!(x > cursor)) return;
    if (cur === COUNTING) {
      const w = cal.workingTimeBetween(cursor, x);
      while (fired < nT) {
        const amount = amounts[fired];
        if (used + w < amount) break;
        const u = reach(cursor, amount, used);
        if (u >= x) break;
        ats[fired++] = u;
      }
      used += w;
      calMs += x - cursor;
    }
    const counting = cur === COUNTING;
    const last = segments.length ? segments[segments.length - 1] : undefined;
    if (last && last.counting === counting && last.reason === REASONS[cur] && last.to === cursor) last.to = x;
    else {
      const s: ClockSegment = { from: cursor, to: x, counting };
      if (!counting) s.reason = REASONS[cur];
      segments.push(s);
    }
    cursor = x;
  };

  let i = 0;
  // Events before the start set the state only.
  for (; i < end && h[i].at < start; i++) apply(h[i]);
  cur = code();
  for (; i < end; i++) {
    if (cur === STOPPED && isResponse) break; // stopped for good
    const e = h[i];
    const at = e.at;
    if (e.type === 'workaround' && e.on && !workaround && info.stopOnWorkaround) {
      if (cur === COUNTING) advance(at); // is the due instant already behind us?
      workaround = true;
      waStop = budget !== null && fired < nT;
      waSince = at;
    } else apply(e);
    const c = code();
    if (c !== cur) {
      advance(at);
      cur = c;
    }
  }

  function apply(e: HistoryEvent): void {
    switch (e.type) {
      case 'state':
        if (e.state !== 'new') responded = true;
        state = e.state;
        break;
      case 'responded':
        responded = true;
        break;
      case 'workaround':
        if (e.on) {
          if (!workaround && info.stopOnWorkaround) {
            // before the start (classified rule): nothing can have been due yet
            waStop = budget !== null;
            waSince = e.at;
          }
          workaround = true;
        } else {
          workaround = false;
          waStop = false;
        }
        break;
      case 'hold':
        if (e.reason === 'awaitingReporter') holdReporter = true;
        else holdThirdParty = true;
        break;
      case 'release':
        if (e.reason === 'awaitingReporter') holdReporter = false;
        else holdThirdParty = false;
        break;
      default:
        break;
    }
  }

  // Close the history at now (a stopped clock ends at its stop).
  let stoppedAt: number | null = null;
  let stoppedBy: ClockResult['stoppedBy'] = null;
  if (cur === STOPPED) {
    stoppedAt = cursor;
    stoppedBy = isResponse ? 'responded' : 'resolved';
  } else {
    advance(now);
    if (cur === WORKAROUND && waStop) {
      stoppedAt = Math.max(waSince, start);
      stoppedBy = 'workaround';
    }
  }

  const elapsed = { calendarMs: calMs, workingMs: used };
  const thresholds: ClockThreshold[] = [];
  if (budget === null) {
    return result(stoppedAt !== null ? 'tracked' : 'tracking', null, null, null, null);
  }

  // Projections.
  if (cur === COUNTING) {
    while (fired < nT) {
      ats[fired] = reach(now, amounts[fired], used);
      fired++;
    }
  }
  const ref = stoppedBy === 'responded' || stoppedBy === 'resolved' ? (stoppedAt as number) : now;
  const dueAt = ats[nT - 1] ?? reach(ref, budget, used);
  const breachedAt = ats[nT - 1] !== null && (ats[nT - 1] as number) <= now ? dueAt : null;
  for (let j = 0; j < nT; j++) {
    const at = ats[j];
    thresholds.push({ percent: info.percents[j], at, reached: at !== null && at <= now });
  }
  const status: ClockResult['status'] =
    breachedAt !== null ? 'breached' : stoppedBy === 'responded' || stoppedBy === 'resolved' ? 'met' : cur === COUNTING ? 'running' : 'paused';
  return result(
    status,
    dueAt,
    breachedAt,
    { calendarMs: dueAt - ref, workingMs: budget - used },
    budget === 0 ? 100 : (used / budget) * 100,
  );

  function result(
    status: ClockResult['status'],
    dueAt: number | null,
    breachedAt: number | null,
    remaining: ClockResult['remaining'],
    percent: number | null,
  ): ClockResult {
    return {
      targetId: t.id,
      kind: t.kind,
      category,
      calendar: t.calendar,
      clauses: t.clauses.slice(),
      status,
      startedAt: start,
      dueAt,
      stoppedAt,
      stoppedBy,
      breachedAt,
      budgetMs: budget,
      elapsed,
      remaining,
      percent,
      thresholds,
      segments,
    };
  }
}

/** Engine options from a parsed policy and its compiled calendars (start rule: policy.incidentClocks, default 'reported'). */
export function clockOptionsFromPolicy(
  policy: Pick<Policy, 'incidentCategories'> & { incidentClocks?: { startOnReclassification?: ClockStartRule } },
  calendars: ReadonlyMap<string, WorkCalendar>,
): ClockEngineOptions {
  const targets: Record<string, readonly ClockTarget[]> = {};
  for (const [key, cat] of Object.entries(policy.incidentCategories)) targets[key] = cat.targets;
  return { targets, calendars, startRule: policy.incidentClocks?.startOnReclassification ?? 'reported' };
}
