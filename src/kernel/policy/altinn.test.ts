/**
 * The shipped Altinn policy (policies/altinn.yaml) says what the agreements say. Each test carries the clause it
 * proves.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  clauseIdsOf,
  collectClauseRefs,
  isAlwaysOpen,
  parseClauses,
  parsePolicy,
  type ClockTarget,
  type Policy,
} from './index.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ALTINN_POLICY_PATH = resolve(REPO_ROOT, 'policies/altinn.yaml');
const CLAUSES_YAML_PATH = resolve(REPO_ROOT, 'policies/clauses.yaml');
const readText = (path: string): string => readFileSync(path, 'utf8');

let policy: Policy;
let clauseIds: string[];

beforeAll(() => {
  const clauses = parseClauses(readText(CLAUSES_YAML_PATH));
  if (!clauses.ok) throw new Error(JSON.stringify(clauses.errors));
  clauseIds = clauseIdsOf(clauses.register);
  const r = parsePolicy(readText(ALTINN_POLICY_PATH), { sourceName: 'policies/altinn.yaml', clauseIds });
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 2));
  policy = r.policy;
});

const target = (targets: readonly ClockTarget[], id: string): ClockTarget => {
  const t = targets.find((x) => x.id === id);
  if (!t) throw new Error(`no target ${id}`);
  return t;
};

const weekdays = (hours: Policy['calendars'][string]['hours'], start: string, end: string) => {
  for (const d of ['mon', 'tue', 'wed', 'thu', 'fri'] as const) expect(hours[d], d).toEqual([{ start, end }]);
  expect(hours.sat ?? []).toEqual([]);
  expect(hours.sun ?? []).toEqual([]);
};

describe('policies/altinn.yaml', () => {
  it('parses without errors, with every clause ID in the clause register', () => {
    const r = parsePolicy(readText(ALTINN_POLICY_PATH), { sourceName: 'policies/altinn.yaml', clauseIds });
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it('tags rules with clause IDs throughout', () => {
    const refs = collectClauseRefs(policy);
    expect(refs.length).toBeGreaterThan(60);
    const ids = new Set(refs.map((r) => r.id));
    for (const id of ['S-2.2.1', 'S-2.3.1', 'S-2.4.1', 'S-4.1', 'S-5.1', 'S-6.1', 'S-8', 'T-3.1', 'T-1.2.7']) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it('uses Europe/Oslo for every calendar', () => {
    for (const cal of Object.values(policy.calendars)) expect(cal.timezone).toBe('Europe/Oslo');
  });
});

describe('incidents', () => {
  it('[S-2.1] has categories A, B and C, ranked, with definitions and examples in both languages', () => {
    expect(Object.keys(policy.incidentCategories).sort()).toEqual(['A', 'B', 'C']);
    const { A, B, C } = policy.incidentCategories;
    expect([A.rank, B.rank, C.rank]).toEqual([1, 2, 3]);
    expect(A.name).toEqual({ nb: 'Kritisk', en: 'Critical' });
    expect(B.name).toEqual({ nb: 'Alvorlig', en: 'Serious' });
    expect(C.name).toEqual({ nb: 'Mindre alvorlig', en: 'Minor' });
    for (const cat of [A, B, C]) {
      expect(cat.definition.nb.length).toBeGreaterThan(40);
      expect(cat.definition.en.length).toBeGreaterThan(40);
      expect(cat.clauses).toContain('S-2.1');
    }
    expect(A.examples.length).toBeGreaterThanOrEqual(5);
  });

  it('[S-2.2.1] A: response due 1 hour on the 24/7 calendar, resolution tracked around the clock, feedback', () => {
    const A = policy.incidentCategories.A;
    const response = target(A.targets, 'response');
    expect(response).toMatchObject({ kind: 'response', duration: { amount: 1, unit: 'hours' }, calendar: 'always' });
    expect(response.clauses).toContain('S-2.2.1');
    expect(isAlwaysOpen(policy.calendars.always)).toBe(true);
    const resolution = target(A.targets, 'resolution');
    expect(resolution).toMatchObject({ kind: 'resolution', calendar: 'always' });
    expect(resolution.duration).toBeUndefined(); // continuous work: tracked, cannot breach
    expect(A.feedbackOnResolution).toEqual({ required: true, clauses: ['S-2.2.1'] });
  });

  it('[S-2.2.1] warnings before a breach at 50, 75 and 90 % of every due clock', () => {
    const due = [
      ...Object.values(policy.incidentCategories).flatMap((c) => c.targets),
      ...policy.changeRequests.targets,
    ].filter((t) => t.duration);
    expect(due.length).toBeGreaterThanOrEqual(5);
    for (const t of due) expect(t.warnAt, t.id).toEqual([50, 75, 90]);
  });

  it('[S-2.2.2] B: response due after 1 working hour on the service-desk calendar, then continuous on 24/7, feedback', () => {
    const B = policy.incidentCategories.B;
    expect(target(B.targets, 'response')).toMatchObject({
      kind: 'response',
      duration: { amount: 1, unit: 'workingHours' },
      calendar: 'servicedesk',
    });
    const resolution = target(B.targets, 'resolution');
    expect(resolution).toMatchObject({ kind: 'resolution', calendar: 'always' });
    expect(resolution.duration).toBeUndefined();
    expect(B.feedbackOnResolution.required).toBe(true);
    expect(policy.calendars.servicedesk.clauses).toContain('S-2.2.2');
  });

  it('[S-2.2.3] C: resolution due 3 working days later on the service-desk calendar, stopped by a workaround, feedback', () => {
    const C = policy.incidentCategories.C;
    expect(C.targets).toHaveLength(1);
    expect(target(C.targets, 'resolution')).toMatchObject({
      kind: 'resolution',
      duration: { amount: 3, unit: 'workingDays' },
      calendar: 'servicedesk',
      stopOnWorkaround: true,
      clauses: ['S-2.2.3'],
    });
    expect(C.feedbackOnResolution.required).toBe(true);
  });

  it('[S-2.2] incidents are reported per calendar month', () => {
    expect(policy.reports?.incidents).toMatchObject({ period: 'calendarMonth', clauses: ['S-2.2'] });
  });
});

describe('availability', () => {
  it('[S-2.3.1] end-user solutions (SBL, Apps and the product APIs): 99.9 % per calendar month on the 24/7 window, maintenance excluded', () => {
    const cls = policy.componentClasses.enduser;
    expect(cls.operatingWindow).toBe('always');
    expect(cls.availability).toMatchObject({ target: 99.9, period: 'calendarMonth' });
    expect(cls.availability.clauses).toContain('S-2.3.1');
    expect(cls.components.map((c) => c.id)).toEqual([
      'sbl',
      'apps',
      'dialogporten',
      'correspondence',
      'broker',
      'systemuser',
      'events',
    ]);
    expect(cls.maintenance).toMatchObject({ excludedFromAvailability: true, requiresNotice: true });
    expect(cls.availability.stateWeights.under_maintenance).toBe('excluded');
    expect(cls.availability.stateWeights.major_outage).toBe(0);
    expect(cls.availability.stateWeights.operational).toBe(1);
    expect(policy.calendars.always.hours.sun).toEqual([{ start: '00:00', end: '24:00' }]);
  });

  it('[S-2.4.1] Studio, TUL and TT: 99.8 % on the Mon–Fri 07:00–20:00 window; maintenance inside it is refused', () => {
    const cls = policy.componentClasses.development;
    expect(cls.operatingWindow).toBe('tul');
    expect(cls.availability).toMatchObject({ target: 99.8, period: 'calendarMonth' });
    expect(cls.components.map((c) => c.id)).toEqual(['studio', 'tul', 'tt']);
    expect(cls.maintenance.insideWindow).toBe('refuse');
    const tul = policy.calendars.tul;
    weekdays(tul.hours, '07:00', '20:00');
    expect(tul.excludePublicHolidays).toBe(false);
    expect(tul.specialDays).toEqual([]);
    expect(tul.seasons).toBeUndefined();
  });
});

describe('notices', () => {
  const classesFor = (clause: string) =>
    Object.entries(policy.noticeClasses).filter(([, nc]) => nc.clauses.includes(clause)).map(([k]) => k);

  it('[S-2.3.2] planned maintenance: at least 5 working days, service-desk calendar, notice day is day 0', () => {
    expect(policy.noticeClasses.maintenance).toMatchObject({
      leadTime: { amount: 5, unit: 'workingDays' },
      calendar: 'servicedesk',
      counting: 'noticeDay0',
      onLate: 'deviation',
      issuedBy: 'operator',
    });
    expect(policy.noticeClasses.maintenance.appliesTo).toEqual(['enduser', 'development']);
    expect(classesFor('S-2.3.2')).toEqual(['maintenance']);
  });

  it('[S-2.4.2] the same maintenance notice covers the development components', () => {
    expect(classesFor('S-2.4.2')).toEqual(['maintenance']);
    expect(policy.noticeClasses.maintenance.appliesTo).toContain('development');
  });

  it('[S-2.3.3] [T-3.1.2] breaking changes: at least 8 weeks', () => {
    expect(policy.noticeClasses.breakingChange.leadTime).toEqual({ amount: 8, unit: 'weeks' });
    expect(classesFor('S-2.3.3')).toEqual(['breakingChange']);
    expect(classesFor('S-2.4.3')).toEqual(['breakingChange']);
    expect(classesFor('T-3.1.2')).toContain('breakingChange');
  });

  it('[S-2.3.4] major changes: 6 months', () => {
    expect(policy.noticeClasses.majorChange.leadTime).toEqual({ amount: 6, unit: 'months' });
    expect(classesFor('S-2.3.4')).toEqual(['majorChange']);
  });

  it('[S-2.3.5] [S-2.4.4] emergency changes: no lead time, only when linked to an A or B incident', () => {
    const e = policy.noticeClasses.emergency;
    expect(e.leadTime.amount).toBe(0);
    expect(e.requiresIncident?.categories).toEqual(['A', 'B']);
    expect(e.onLate).toBe('refuse');
    expect(e.overridesWindowRule).toBe(true);
    expect(classesFor('S-2.3.5')).toEqual(['emergency']);
    expect(classesFor('S-2.4.4')).toEqual(['emergency']);
  });

  it('[S-7.3.6] new services are announced by the service owner', () => {
    expect(policy.noticeClasses.newService).toMatchObject({ issuedBy: 'serviceOwner', clauses: ['S-7.3.6'] });
  });

  it('[T-3.1] critical periods include the tax-return deadline at the end of April', () => {
    const tax = policy.criticalPeriods.find((p) => p.id === 'taxReturnPersonal');
    expect(tax).toMatchObject({ from: '04-20', to: '04-30', clauses: ['T-3.1'] });
  });
});

describe('support', () => {
  it('[S-4.1] ABS calendar: working days 08:00–15:30, summer (15 May – 15 Sep) 08:00–15:00, holidays closed', () => {
    const abs = policy.calendars.abs;
    weekdays(abs.hours, '08:00', '15:30');
    expect(abs.seasons).toHaveLength(1);
    expect(abs.seasons![0]).toMatchObject({ from: '05-15', to: '09-15' });
    weekdays(abs.seasons![0].hours, '08:00', '15:00');
    expect(abs.excludePublicHolidays).toBe(true);
    expect(abs.specialDays).toBe('state');
    expect(abs.clauses).toEqual(['S-4.1']);
  });

  it('[S-4.2] phone: weekly average answer ≤ 60 s and ≥ 90 % answered directly', () => {
    expect(policy.supportChannels.phone.phoneTargets).toEqual({
      maxAverageAnswerSeconds: 60,
      averagedOver: 'week',
      minAnsweredDirectlyPercent: 90,
      clauses: ['S-4.2'],
    });
    expect(policy.supportChannels.phone.calendar).toBe('abs');
  });

  it('[S-4.3] end-user e-mail answered within 8 working hours on the ABS calendar', () => {
    expect(target(policy.supportChannels.endUserEmail.targets, 'response')).toMatchObject({
      duration: { amount: 8, unit: 'workingHours' },
      calendar: 'abs',
    });
  });

  it('[S-5.1] service-desk calendar: working days 08:00–15:45, summer 08:00–15:00, holidays closed, state rule', () => {
    const sd = policy.calendars.servicedesk;
    weekdays(sd.hours, '08:00', '15:45');
    expect(sd.seasons![0]).toMatchObject({ from: '05-15', to: '09-15' });
    weekdays(sd.seasons![0].hours, '08:00', '15:00');
    expect(sd.excludePublicHolidays).toBe(true);
    expect(sd.specialDays).toBe('state');
    expect(isAlwaysOpen(sd)).toBe(false);
  });

  it('[S-5.2] self-service portal answered within 3 working days on the service-desk calendar', () => {
    expect(target(policy.supportChannels.selfServicePortal.targets, 'response')).toMatchObject({
      duration: { amount: 3, unit: 'workingDays' },
      calendar: 'servicedesk',
    });
  });

  it('[S-5.3] Slack: service-desk hours, no SLA clock', () => {
    expect(policy.supportChannels.slack).toMatchObject({ calendar: 'servicedesk', targets: [] });
  });

  it('[S-5.4] on-call phone outside service-desk hours, A and B incidents only', () => {
    expect(policy.supportChannels.onCall).toMatchObject({
      outsideCalendar: 'servicedesk',
      incidentCategories: ['A', 'B'],
      targets: [],
    });
    expect(policy.supportChannels.onCall.calendar).toBeUndefined();
  });
});

describe('change requests, escalation, obligations', () => {
  it('[S-6.1] status and plan within 10 working days', () => {
    expect(target(policy.changeRequests.targets, 'statusAndPlan')).toMatchObject({
      kind: 'response',
      duration: { amount: 10, unit: 'workingDays' },
      calendar: 'servicedesk',
      clauses: ['S-6.1'],
    });
  });

  it('[S-6.2] assessed and prioritised within 20 working days', () => {
    expect(target(policy.changeRequests.targets, 'assessment')).toMatchObject({
      kind: 'assessment',
      duration: { amount: 20, unit: 'workingDays' },
      calendar: 'servicedesk',
      clauses: ['S-6.2'],
    });
  });

  it('[S-8] escalation ladder: operations → service managers → section head → director', () => {
    const { levels, clauses } = policy.escalationLadder;
    expect(levels.map((l) => l.id)).toEqual(['operations', 'serviceManagers', 'sectionHead', 'director']);
    expect(levels.map((l) => l.level)).toEqual([1, 2, 3, 4]);
    expect(levels.every((l) => l.name.nb && l.name.en)).toBe(true);
    expect(clauses).toEqual(['S-8']);
  });

  it('[T-1.2.7] [S-7.2.2] contacts go stale after 12 months', () => {
    expect(policy.obligations.contactStaleness.maxAge).toEqual({ amount: 12, unit: 'months' });
    expect(policy.obligations.contactStaleness.clauses).toEqual(expect.arrayContaining(['T-1.2.7', 'S-7.2.2']));
  });

  it('[S-7.2.1] access review every 6 months', () => {
    expect(policy.obligations.accessReview.interval).toEqual({ amount: 6, unit: 'months' });
  });

  it('[S-7.4.1] [S-7.3.1] [S-7.1.2] [T-9] defaults for downloads, idle services, app library and termination', () => {
    const o = policy.obligations;
    expect(o.dataElementDownload.limit).toEqual({ amount: 7, unit: 'calendarDays' });
    expect(o.serviceNoTraffic.period).toEqual({ amount: 180, unit: 'calendarDays' });
    expect(o.appLibraryVersion.minVersion).toBe('8.0.0');
    expect(o.vendorTermination?.noticePeriod).toEqual({ amount: 3, unit: 'months' });
  });
});

describe('products and terms acceptance', () => {
  it('[T-2.1] [T-2.2] [T-2.3] [T-2.4] [T-2.5] [T-2.6] the six Altinn products are in the catalogue with their clauses', () => {
    const p = policy.products!;
    expect(Object.keys(p)).toEqual(['dialogporten', 'correspondence', 'broker', 'systemuser', 'events', 'apps']);
    expect(p.dialogporten.clauses).toContain('T-2.1');
    expect(p.correspondence.clauses).toContain('T-2.2');
    expect(p.broker.clauses).toContain('T-2.3');
    expect(p.systemuser.clauses).toContain('T-2.4');
    expect(p.events.clauses).toContain('T-2.5');
    expect(p.apps.clauses).toContain('T-2.6');
  });

  it('[T-8] a new terms version gives vendors a grace period to accept it', () => {
    expect(policy.obligations.termsAcceptanceGrace?.period).toEqual({ amount: 30, unit: 'calendarDays' });
  });
});
