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
 * A stop at exactly the due instant is in time (met; the types call this "at or before"). A pause that starts at
 * exactly the due instant is in time too; the budget being used up, the clock breaches the moment it counts again.
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
 * history, one WorkCalendar.workingTimeBetween per counting span and one addWorkingTime per threshold; no closures
 * per call (one reused ClockWalk object). `npm run bench -- sla`.
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

/** Budget of a target started at `start`, in open ms of cal; sets w.budget and w.tieToOpening (see "workingDays"). */
function setBudget(w: ClockWalk, t: ClockTarget, cal: WorkCalendar, start: number): void {
  const d = t.duration!;
  w.tieToOpening = false;
  switch (d.unit) {
    case 'workingHours':
      w.budget = d.amount * HOUR;
      return;
    case 'workingDays': {
      const due = cal.addWorkingDays(start, d.amount);
      const budget = cal.workingTimeBetween(start, due);
      w.budget = budget;
      w.tieToOpening = cal.addWorkingTime(start, budget) !== due;
      return;
    }
    case 'minutes':
      w.budget = cal.workingTimeBetween(start, start + d.amount * MINUTE);
      return;
    case 'hours':
      w.budget = cal.workingTimeBetween(start, start + d.amount * HOUR);
      return;
    case 'calendarDays':
    case 'weeks':
    case 'months':
      w.budget = cal.workingTimeBetween(start, addCalendarDuration(start, { amount: d.amount, unit: d.unit }, cal.timezone));
      return;
    default:
      throw new Error(`computeClocks: target ${JSON.stringify(t.id)} has the unknown duration unit ${JSON.stringify((d as { unit: unknown }).unit)}`);
  }
}

/**
 * One clock's walk over the history. A class rather than closures: methods are created once (closures per call
 * would be allocated, and named, on every recomputation). One instance is reused for every clock (`init` resets it;
 * the engine is synchronous, and only `segments` leaves it, as a fresh array per clock).
 */
class ClockWalk {
  // target
  info!: TargetInfo;
  isResponse = false;
  cal!: WorkCalendar;
  budget = -1; // -1: tracked only
  tieToOpening = false;
  nT = 0;
  /** Threshold amounts (open ms) and the instants they are reached (NaN: not yet); capacity grows as needed. */
  amounts = new Float64Array(8);
  ats = new Float64Array(8);
  fired = 0; // thresholds reached so far (they are reached in order)
  // case state
  state: IncidentState = 'new';
  responded = false;
  workaround = false;
  waStop = false; // a stopOnWorkaround clock stopped by the current workaround
  waSince = 0;
  holdReporter = false;
  holdThirdParty = false;
  // counting
  cursor = 0;
  cur = COUNTING;
  used = 0;
  calMs = 0;
  segments: ClockSegment[] = [];

  init(t: ClockTarget, cal: WorkCalendar, start: number): void {
    const info = targetInfo(t);
    this.info = info;
    this.isResponse = info.response;
    this.cal = cal;
    this.budget = -1;
    this.tieToOpening = false;
    this.nT = 0;
    this.fired = 0;
    this.state = 'new';
    this.responded = false;
    this.workaround = false;
    this.waStop = false;
    this.waSince = 0;
    this.holdReporter = false;
    this.holdThirdParty = false;
    this.cursor = start;
    this.cur = COUNTING;
    this.used = 0;
    this.calMs = 0;
    this.segments = [];
    if (t.duration) {
      setBudget(this, t, cal, start);
      const budget = this.budget;
      const ps = info.percents;
      const nT = ps.length;
      if (nT > this.amounts.length) {
        this.amounts = new Float64Array(nT);
        this.ats = new Float64Array(nT);
      }
      this.nT = nT;
      for (let j = 0; j < nT; j++) {
        this.amounts[j] = ps[j] === 100 ? budget : Math.round((budget * ps[j]) / 100);
        this.ats[j] = Number.NaN;
      }
    }
  }

  /** The instant the counted time reaches `amount` when counting from `a` (with `used` counted so far). */
  reach(a: number, amount: number, used: number): number {
    const cal = this.cal;
    if (used >= amount) return this.tieToOpening ? cal.nextOpen(a) : a;
    const u = cal.addWorkingTime(a, amount - used);
    return this.tieToOpening && !cal.isOpen(u) ? cal.nextOpen(u) : u;
  }

  /** The clock's condition in the current case state. */
  code(): number {
    const info = this.info;
    if (this.isResponse ? this.responded : this.state === 'resolved' || this.state === 'closed') return STOPPED;
    if (this.waStop || (this.workaround && info.pauseWorkaround)) return WORKAROUND;
    if (this.holdReporter && info.pauseReporter) return AWAITING_REPORTER;
    if (this.holdThirdParty && info.pauseThirdParty) return AWAITING_THIRD_PARTY;
    return COUNTING;
  }

  /** Closes the span [cursor, x) in the current condition. */
  advance(x: number): void {
    const cursor = this.cursor;
    if (!(x > cursor)) return;
    const cur = this.cur;
    const counting = cur === COUNTING;
    if (counting) {
      const w = this.cal.workingTimeBetween(cursor, x);
      const used = this.used;
      while (this.fired < this.nT) {
        const amount = this.amounts[this.fired];
        if (used + w < amount) break;
        const u = this.reach(cursor, amount, used);
        if (u >= x) break;
        this.ats[this.fired++] = u;
      }
      this.used = used + w;
      this.calMs += x - cursor;
    }
    const segments = this.segments;
    const n = segments.length;
    const last = n ? segments[n - 1] : undefined;
    if (last && last.counting === counting && last.reason === REASONS[cur] && last.to === cursor) last.to = x;
    else if (counting) segments.push({ from: cursor, to: x, counting });
    else segments.push({ from: cursor, to: x, counting, reason: REASONS[cur] });
    this.cursor = x;
  }

  /** Applies an event to the case state (the workaround decision for events after the start is in `walk`). */
  apply(e: HistoryEvent): void {
    switch (e.type) {
      case 'state':
        if (e.state !== 'new') this.responded = true;
        this.state = e.state;
        break;
      case 'responded':
        this.responded = true;
        break;
      case 'workaround':
        if (e.on) {
          if (!this.workaround && this.info.stopOnWorkaround) {
            // before the start (classified rule): nothing can have been due yet
            this.waStop = this.budget >= 0;
            this.waSince = e.at;
          }
          this.workaround = true;
        } else {
          this.workaround = false;
          this.waStop = false;
        }
        break;
      case 'hold':
        if (e.reason === 'awaitingReporter') this.holdReporter = true;
        else this.holdThirdParty = true;
        break;
      case 'release':
        if (e.reason === 'awaitingReporter') this.holdReporter = false;
        else this.holdThirdParty = false;
        break;
      default:
        break;
    }
  }

  /** Walks the events h[0 … end) (those at or before now). */
  walk(h: readonly HistoryEvent[], end: number, start: number): void {
    let i = 0;
    // events before the start set the state only
    for (; i < end && h[i].at < start; i++) this.apply(h[i]);
    this.cur = this.code();
    const stopOnWorkaround = this.info.stopOnWorkaround;
    for (; i < end; i++) {
      if (this.isResponse && this.cur === STOPPED) break; // stopped for good
      const e = h[i];
      const at = e.at;
      if (stopOnWorkaround && e.type === 'workaround' && e.on && !this.workaround) {
        if (this.cur === COUNTING) this.advance(at); // is the due instant already behind us?
        this.workaround = true;
        this.waStop = this.budget >= 0 && this.fired < this.nT;
        this.waSince = at;
      } else this.apply(e);
      const c = this.code();
      if (c !== this.cur) {
        this.advance(at);
        this.cur = c;
      }
    }
  }
}

const walker = new ClockWalk();

function computeClock(
  t: ClockTarget,
  cal: WorkCalendar,
  category: string,
  h: readonly HistoryEvent[],
  end: number,
  start: number,
  now: number,
): ClockResult {
  const w = walker;
  w.init(t, cal, start);
  w.walk(h, end, start);

  // Close the history at now (a stopped clock ends at its stop).
  let stoppedAt: number | null = null;
  let stoppedBy: ClockResult['stoppedBy'] = null;
  if (w.cur === STOPPED) {
    stoppedAt = w.cursor;
    stoppedBy = w.isResponse ? 'responded' : 'resolved';
  } else {
    w.advance(now);
    if (w.cur === WORKAROUND && w.waStop) {
      stoppedAt = Math.max(w.waSince, start);
      stoppedBy = 'workaround';
    }
  }
  const used = w.used;
  const out: ClockResult = {
    targetId: t.id,
    kind: t.kind,
    category,
    calendar: t.calendar,
    clauses: t.clauses.slice(),
    status: stoppedAt !== null ? 'tracked' : 'tracking',
    startedAt: start,
    dueAt: null,
    stoppedAt,
    stoppedBy,
    breachedAt: null,
    budgetMs: null,
    elapsed: { calendarMs: w.calMs, workingMs: used },
    remaining: null,
    percent: null,
    thresholds: [],
    segments: w.segments,
  };
  const budget = w.budget;
  if (budget < 0) return out;

  // Projections: a running clock from now; otherwise only the due time ("if resumed now" / "had it kept counting").
  const nT = w.nT;
  const ats = w.ats;
  if (w.cur === COUNTING) {
    for (let j = w.fired; j < nT; j++) ats[j] = w.reach(now, w.amounts[j], used);
  }
  const ref = stoppedBy === 'responded' || stoppedBy === 'resolved' ? (stoppedAt as number) : now;
  const last = ats[nT - 1];
  const dueAt = last === last ? last : w.reach(ref, budget, used); // NaN: not reached, not projected
  const breachedAt = last <= now ? last : null;
  const percents = w.info.percents;
  for (let j = 0; j < nT; j++) {
    const at = ats[j];
    out.thresholds.push(at === at ? { percent: percents[j], at, reached: at <= now } : { percent: percents[j], at: null, reached: false });
  }
  out.status =
    breachedAt !== null ? 'breached' : stoppedBy === 'responded' || stoppedBy === 'resolved' ? 'met' : w.cur === COUNTING ? 'running' : 'paused';
  out.dueAt = dueAt;
  out.breachedAt = breachedAt;
  out.budgetMs = budget;
  out.remaining = { calendarMs: dueAt - ref, workingMs: budget - used };
  out.percent = budget === 0 ? 100 : (used / budget) * 100;
  return out;
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
