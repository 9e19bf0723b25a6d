/**
 * parsePolicy: YAML text → typed, checked agreement policy. Three layers of checks, each reported with a JSON
 * path (and line/column where the text has one):
 *  1. YAML syntax (incl. duplicate keys);
 *  2. the TypeBox schema (shape, types, enums, ranges);
 *  3. semantics: references between sections, times and dates, clause IDs, duplicates, orderings.
 */
import type { CalendarSpec, TimeRange, WeeklyHours } from '../worktime/types.js';
import { WEEKDAYS } from '../worktime/types.js';
import { CatalogueError, compileCatalogue } from '../gateway/catalogue.js';
import { loadYaml, positionErrors, ptr, schemaErrors, type PolicyError } from './load.js';
import {
  CLAUSE_ID_PATTERN,
  PolicySchema,
  WORKING_UNITS,
  type ClockTarget,
  type Duration,
  type Policy,
} from './schema.js';

export interface ParsePolicyOptions {
  /** Name of the source shown in errors, e.g. "policies/altinn.yaml". */
  sourceName?: string;
  /** Known clause IDs (e.g. from the clause register); every clause ID in the policy must be one of them. */
  clauseIds?: Iterable<string>;
}

export type ParsePolicyResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

/**
 * Parses and checks a policy document. The second argument is the source name or an options object.
 * Never throws on bad input; all problems are returned together.
 */
export function parsePolicy(yamlText: string, options?: string | ParsePolicyOptions): ParsePolicyResult {
  const opts: ParsePolicyOptions = typeof options === 'string' ? { sourceName: options } : (options ?? {});
  const source = opts.sourceName;
  const loaded = loadYaml(yamlText, source);
  if (!loaded.ok) return loaded;

  const shapeErrors = schemaErrors(PolicySchema, loaded.loaded.value);
  if (shapeErrors.length > 0) return { ok: false, errors: positionErrors(shapeErrors, loaded.loaded, source) };

  const policy = loaded.loaded.value as Policy;
  const semantic = checkPolicy(policy, opts.clauseIds);
  if (semantic.length > 0) return { ok: false, errors: positionErrors(semantic, loaded.loaded, source) };
  return { ok: true, policy };
}

// ---------------------------------------------------------------------------------------------------------------
// Semantic checks (on a value that already matches the schema)
// ---------------------------------------------------------------------------------------------------------------

const WHOLE_UNITS = new Set<Duration['unit']>(['workingDays', 'calendarDays', 'weeks', 'months']);
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Minutes since midnight of "HH:mm" ("24:00" → 1440), or null when malformed. */
export function parseLocalTime(s: string): number | null {
  const m = /^(\d\d):(\d\d)$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h === 24 && min === 0) return 1440;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/** True for a valid "MM-DD" (29 February allowed). */
export function isValidMonthDay(s: string): boolean {
  const m = /^(\d\d)-(\d\d)$/.exec(s);
  if (!m) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1];
}

/** True for a real calendar date "YYYY-MM-DD". */
export function isValidIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function checkRanges(ranges: readonly TimeRange[], path: string, errors: PolicyError[]): void {
  let previousEnd = -1;
  ranges.forEach((r, i) => {
    const start = parseLocalTime(r.start);
    const end = parseLocalTime(r.end);
    const at = ptr(path, i);
    if (start === null || end === null) return; // the schema reported it
    if (start === 1440) {
      errors.push({ path: ptr(at, 'start'), message: '"24:00" is only allowed as an end time' });
      return;
    }
    if (start >= end) {
      errors.push({ path: at, message: `start ${r.start} must be before end ${r.end}` });
      return;
    }
    if (start < previousEnd) {
      errors.push({ path: at, message: `range ${r.start}–${r.end} overlaps or precedes the previous range` });
    }
    previousEnd = end;
  });
}

function checkWeeklyHours(hours: WeeklyHours, path: string, errors: PolicyError[]): void {
  for (const day of WEEKDAYS) {
    const ranges = hours[day];
    if (ranges) checkRanges(ranges, ptr(path, day), errors);
  }
}

function checkCalendar(key: string, cal: CalendarSpec, path: string, errors: PolicyError[]): void {
  if (cal.name !== key) {
    errors.push({ path: ptr(path, 'name'), message: `calendar name "${cal.name}" must equal its key "${key}"` });
  }
  if (!isValidTimeZone(cal.timezone)) {
    errors.push({ path: ptr(path, 'timezone'), message: `unknown time zone "${cal.timezone}"` });
  }
  checkWeeklyHours(cal.hours, ptr(path, 'hours'), errors);
  const seasonNames = new Set<string>();
  (cal.seasons ?? []).forEach((season, i) => {
    const at = ptr(path, 'seasons', i);
    if (seasonNames.has(season.name)) errors.push({ path: ptr(at, 'name'), message: `duplicate season "${season.name}"` });
    seasonNames.add(season.name);
    for (const f of ['from', 'to'] as const) {
      if (!isValidMonthDay(season[f])) errors.push({ path: ptr(at, f), message: `"${season[f]}" is not a valid "MM-DD" date` });
    }
    checkWeeklyHours(season.hours, ptr(at, 'hours'), errors);
  });
  if (Array.isArray(cal.specialDays)) {
    cal.specialDays.forEach((sd, i) => {
      const at = ptr(path, 'specialDays', i);
      if (/^\d\d-\d\d$/.test(sd.date) && !isValidMonthDay(sd.date)) {
        errors.push({ path: ptr(at, 'date'), message: `"${sd.date}" is not a valid "MM-DD" date` });
      }
      if (/^\d{4}-\d\d-\d\d$/.test(sd.date) && !isValidIsoDate(sd.date)) {
        errors.push({ path: ptr(at, 'date'), message: `"${sd.date}" is not a valid date` });
      }
      const effects = [sd.closeAt !== undefined, sd.hours !== undefined, sd.closed === true].filter(Boolean).length;
      if (effects !== 1) {
        errors.push({ path: at, message: 'a special day needs exactly one of closeAt, hours, closed: true' });
      }
      if (sd.closeAt !== undefined && parseLocalTime(sd.closeAt) === 0) {
        errors.push({ path: ptr(at, 'closeAt'), message: 'closeAt "00:00" closes the whole day; use closed: true' });
      }
      if (sd.hours) checkRanges(sd.hours, ptr(at, 'hours'), errors);
    });
  }
}

/** True when the calendar is open every minute of every day (24/7, no holidays, no special days). */
export function isAlwaysOpen(cal: CalendarSpec): boolean {
  const fullWeek = (hours: WeeklyHours) =>
    WEEKDAYS.every((d) => {
      const r = hours[d];
      return r !== undefined && r.length === 1 && r[0].start === '00:00' && r[0].end === '24:00';
    });
  const noSpecialDays = cal.specialDays === undefined || (Array.isArray(cal.specialDays) && cal.specialDays.length === 0);
  return fullWeek(cal.hours) && (cal.seasons ?? []).every((s) => fullWeek(s.hours)) && !cal.excludePublicHolidays && noSpecialDays;
}

function checkDuration(d: Duration, path: string, errors: PolicyError[]): void {
  if (WHOLE_UNITS.has(d.unit) && !Number.isInteger(d.amount)) {
    errors.push({ path: ptr(path, 'amount'), message: `${d.unit} must be a whole number, got ${d.amount}` });
  }
}

function checkTargets(
  targets: readonly ClockTarget[],
  path: string,
  calendars: Policy['calendars'],
  errors: PolicyError[],
): void {
  const ids = new Set<string>();
  targets.forEach((t, i) => {
    const at = ptr(path, i);
    if (ids.has(t.id)) errors.push({ path: ptr(at, 'id'), message: `duplicate target id "${t.id}"` });
    ids.add(t.id);
    const cal = calendars[t.calendar];
    if (!cal) {
      errors.push({ path: ptr(at, 'calendar'), message: `unknown calendar "${t.calendar}"; known: ${Object.keys(calendars).join(', ')}` });
    }
    if (t.duration) {
      checkDuration(t.duration, ptr(at, 'duration'), errors);
      if (t.duration.amount === 0) errors.push({ path: ptr(at, 'duration', 'amount'), message: 'a clock target needs a duration > 0' });
      if (cal && !WORKING_UNITS.includes(t.duration.unit) && !isAlwaysOpen(cal)) {
        errors.push({
          path: ptr(at, 'duration', 'unit'),
          message: `"${t.duration.unit}" counts elapsed time, but calendar "${t.calendar}" is not open 24/7; use workingHours or workingDays to count its open time, or the calendar "always"`,
        });
      }
    }
    if (t.warnAt) {
      if (!t.duration) errors.push({ path: ptr(at, 'warnAt'), message: 'warnAt needs a duration to take percentages of' });
      for (let k = 1; k < t.warnAt.length; k++) {
        if (t.warnAt[k] <= t.warnAt[k - 1]) {
          errors.push({ path: ptr(at, 'warnAt', k), message: 'warnAt percentages must be strictly ascending' });
        }
      }
    }
    if (t.pausedBy && new Set(t.pausedBy).size !== t.pausedBy.length) {
      errors.push({ path: ptr(at, 'pausedBy'), message: 'pausedBy lists a reason twice' });
    }
    if (t.stopOnWorkaround && t.pausedBy?.includes('workaround')) {
      errors.push({ path: ptr(at, 'pausedBy'), message: 'use either stopOnWorkaround or pausedBy: [workaround], not both' });
    }
    if (t.stopOnWorkaround && !t.duration) {
      errors.push({ path: ptr(at, 'stopOnWorkaround'), message: 'stopOnWorkaround needs a duration (a clock without one cannot breach)' });
    }
  });
}

function checkCategoryRefs(
  cats: readonly string[],
  path: string,
  categories: Policy['incidentCategories'],
  errors: PolicyError[],
): void {
  cats.forEach((c, i) => {
    if (!categories[c]) {
      errors.push({ path: ptr(path, i), message: `unknown incident category "${c}"; known: ${Object.keys(categories).join(', ')}` });
    }
  });
}

/** Every `clauses` list in the policy, with its path. */
export function collectClauseRefs(value: unknown, path = ''): { path: string; id: string }[] {
  const out: { path: string; id: string }[] = [];
  const walk = (v: unknown, p: string) => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, ptr(p, i)));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'clauses' && Array.isArray(child)) {
          child.forEach((id, i) => {
            if (typeof id === 'string') out.push({ path: ptr(p, k, i), id });
          });
        } else {
          walk(child, ptr(p, k));
        }
      }
    }
  };
  walk(value, path);
  return out;
}

/** Semantic checks on a policy that matches PolicySchema. Returns [] when the policy is consistent. */
export function checkPolicy(policy: Policy, clauseIds?: Iterable<string>): PolicyError[] {
  const errors: PolicyError[] = [];
  const { calendars, incidentCategories, componentClasses, noticeClasses, supportChannels } = policy;
  const calendarRef = (name: string | undefined, path: string) => {
    if (name !== undefined && !calendars[name]) {
      errors.push({ path, message: `unknown calendar "${name}"; known: ${Object.keys(calendars).join(', ')}` });
    }
  };

  if (!isValidIsoDate(policy.effectiveFrom)) {
    errors.push({ path: '/effectiveFrom', message: `"${policy.effectiveFrom}" is not a valid date` });
  }

  for (const [key, cal] of Object.entries(calendars)) checkCalendar(key, cal, ptr('/calendars', key), errors);

  // Incident categories
  const ranks = new Map<number, string>();
  for (const [key, cat] of Object.entries(incidentCategories)) {
    const at = ptr('/incidentCategories', key);
    const other = ranks.get(cat.rank);
    if (other !== undefined) errors.push({ path: ptr(at, 'rank'), message: `rank ${cat.rank} is already used by category "${other}"` });
    ranks.set(cat.rank, key);
    checkTargets(cat.targets, ptr(at, 'targets'), calendars, errors);
  }

  // Component classes
  const componentIds = new Map<string, string>();
  for (const [key, cls] of Object.entries(componentClasses)) {
    const at = ptr('/componentClasses', key);
    calendarRef(cls.operatingWindow, ptr(at, 'operatingWindow'));
    cls.components.forEach((c, i) => {
      const other = componentIds.get(c.id);
      if (other !== undefined) {
        errors.push({ path: ptr(at, 'components', i, 'id'), message: `duplicate component id "${c.id}" (also in "${other}")` });
      }
      componentIds.set(c.id, key);
      if (c.group !== undefined && !(policy.componentGroups && c.group in policy.componentGroups)) {
        errors.push({ path: ptr(at, 'components', i, 'group'), message: `unknown component group "${c.group}"` });
      }
      if (c.product !== undefined && !(policy.products && c.product in policy.products)) {
        errors.push({ path: ptr(at, 'components', i, 'product'), message: `unknown product "${c.product}"` });
      }
    });
  }

  // Notice classes
  for (const [key, nc] of Object.entries(noticeClasses)) {
    const at = ptr('/noticeClasses', key);
    checkDuration(nc.leadTime, ptr(at, 'leadTime'), errors);
    calendarRef(nc.calendar, ptr(at, 'calendar'));
    if (WORKING_UNITS.includes(nc.leadTime.unit) && nc.calendar === undefined) {
      errors.push({ path: ptr(at, 'calendar'), message: `a lead time in ${nc.leadTime.unit} needs a calendar` });
    }
    if (nc.counting === 'noticeDay0' && !WHOLE_UNITS.has(nc.leadTime.unit)) {
      errors.push({ path: ptr(at, 'counting'), message: `noticeDay0 counts days; use a day-based unit or counting: exact (got ${nc.leadTime.unit})` });
    }
    (nc.appliesTo ?? []).forEach((cls, i) => {
      if (!componentClasses[cls]) {
        errors.push({ path: ptr(at, 'appliesTo', i), message: `unknown component class "${cls}"; known: ${Object.keys(componentClasses).join(', ')}` });
      }
    });
    if (nc.requiresIncident) {
      checkCategoryRefs(nc.requiresIncident.categories, ptr(at, 'requiresIncident', 'categories'), incidentCategories, errors);
    }
  }

  // Support channels
  for (const [key, ch] of Object.entries(supportChannels)) {
    const at = ptr('/supportChannels', key);
    if ((ch.calendar === undefined) === (ch.outsideCalendar === undefined)) {
      errors.push({ path: at, message: 'a support channel needs exactly one of calendar (open hours) and outsideCalendar (on-call)' });
    }
    calendarRef(ch.calendar, ptr(at, 'calendar'));
    calendarRef(ch.outsideCalendar, ptr(at, 'outsideCalendar'));
    checkTargets(ch.targets, ptr(at, 'targets'), calendars, errors);
    if (ch.incidentCategories) checkCategoryRefs(ch.incidentCategories, ptr(at, 'incidentCategories'), incidentCategories, errors);
  }

  // Change requests
  checkTargets(policy.changeRequests.targets, '/changeRequests/targets', calendars, errors);

  // Escalation ladder: levels 1..n in order, unique ids
  const levelIds = new Set<string>();
  policy.escalationLadder.levels.forEach((lvl, i) => {
    const at = ptr('/escalationLadder/levels', i);
    if (lvl.level !== i + 1) errors.push({ path: ptr(at, 'level'), message: `level must be ${i + 1} (levels are numbered 1, 2, … in order)` });
    if (levelIds.has(lvl.id)) errors.push({ path: ptr(at, 'id'), message: `duplicate escalation level "${lvl.id}"` });
    levelIds.add(lvl.id);
  });

  // Critical periods
  const periodIds = new Set<string>();
  policy.criticalPeriods.forEach((p, i) => {
    const at = ptr('/criticalPeriods', i);
    if (periodIds.has(p.id)) errors.push({ path: ptr(at, 'id'), message: `duplicate critical period "${p.id}"` });
    periodIds.add(p.id);
    for (const f of ['from', 'to'] as const) {
      if (!isValidMonthDay(p[f])) errors.push({ path: ptr(at, f), message: `"${p[f]}" is not a valid "MM-DD" date` });
    }
  });

  // Obligation durations are whole calendar units by schema; nothing else to check.

  // The gateway catalogue: routes compile into one router (no two routes of the same shape), every product with
  // routes has an upstream per environment, and every placeholder of an upstream is a parameter of its routes.
  if (policy.products && Object.values(policy.products).some((p) => p.routes?.length)) {
    try {
      compileCatalogue(policy.products);
    } catch (e) {
      if (!(e instanceof CatalogueError)) throw e;
      for (const m of e.problems) errors.push({ path: ptr('/products', m.split(':')[0]), message: m });
    }
  }

  // Product rules (gate 6): each names a route of its product.
  (policy.productRules ?? []).forEach((r, i) => {
    const product = policy.products?.[r.product];
    if (!product) errors.push({ path: ptr(`/productRules/${i}`, 'product'), message: `unknown product "${r.product}"` });
    else if (!(product.routes ?? []).some((x) => `${x.method} ${x.path}` === r.route)) {
      errors.push({ path: ptr(`/productRules/${i}`, 'route'), message: `"${r.route}" is not a route of product "${r.product}"` });
    }
  });

  // Clause IDs: format (the schema checks too) and membership in the register
  const known = clauseIds ? new Set(clauseIds) : undefined;
  const pattern = new RegExp(CLAUSE_ID_PATTERN);
  for (const ref of collectClauseRefs(policy)) {
    if (!pattern.test(ref.id)) {
      errors.push({ path: ref.path, message: `"${ref.id}" is not a clause ID (expected e.g. "S-2.2.1")` });
    } else if (known && !known.has(ref.id)) {
      errors.push({ path: ref.path, message: `unknown clause "${ref.id}": not in the clause register` });
    }
  }
  return errors;
}

/** The elapsed-time units (no calendar needed). */
export function isElapsedUnit(unit: Duration['unit']): boolean {
  return !WORKING_UNITS.includes(unit);
}
