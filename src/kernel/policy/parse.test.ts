/** parsePolicy on broken input: every problem comes back with the JSON path, what was expected, and a position. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { formatPolicyErrors, parsePolicy, type Policy, type PolicyError } from './index.js';

const ALTINN_POLICY_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../../policies/altinn.yaml');
const readText = (path: string): string => readFileSync(path, 'utf8');

const text = readText(ALTINN_POLICY_PATH);
const base = parse(text) as Policy;

function errorsOf(r: ReturnType<typeof parsePolicy>): PolicyError[] {
  if (r.ok) throw new Error('expected the policy to be rejected');
  return r.errors;
}

/** Parses a structurally modified copy of the shipped policy. */
function mutated(fn: (p: Policy) => void, options?: Parameters<typeof parsePolicy>[1]): PolicyError[] {
  const copy = structuredClone(base);
  fn(copy);
  return errorsOf(parsePolicy(stringify(copy), options));
}

/** Parses the shipped text with one textual replacement (positions stay meaningful). */
function edited(from: string, to: string): { errors: PolicyError[]; lineOf: (needle: string) => number } {
  expect(text.includes(from), `fixture text not found: ${from}`).toBe(true);
  const changed = text.replace(from, to);
  return {
    errors: errorsOf(parsePolicy(changed, 'policies/altinn.yaml')),
    lineOf: (needle) => changed.slice(0, changed.indexOf(needle)).split('\n').length,
  };
}

const at = (errors: PolicyError[], path: string) => errors.filter((e) => e.path === path);

describe('parsePolicy: YAML syntax', () => {
  it('reports a syntax error with line and column', () => {
    const bad = 'version: "1"\nname: { nb: x, en: y\neffectiveFrom: 2021-04-08\n';
    const errors = errorsOf(parsePolicy(bad, 'broken.yaml'));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ path: '', source: 'broken.yaml' });
    expect(errors[0].message).toMatch(/^YAML syntax: /);
    expect(errors[0].line).toBeGreaterThanOrEqual(2);
    expect(errors[0].column).toBeGreaterThan(0);
  });

  it('reports duplicate keys as errors with their position', () => {
    const { errors, lineOf } = edited("  abs:\n    name: abs\n", "  abs:\n    name: abs\n    name: abs\n");
    expect(errors[0].message).toMatch(/unique/i);
    expect(errors[0].line).toBe(lineOf('    name: abs\n    name: abs') + 1);
  });

  it('rejects an empty document', () => {
    const errors = errorsOf(parsePolicy(''));
    expect(errors[0].path).toBe('');
    expect(errors[0].message).toMatch(/expected a mapping/);
  });
});

describe('parsePolicy: schema', () => {
  it('names the path of a wrong type and what was expected', () => {
    const errors = mutated((p) => {
      (p.componentClasses.enduser.availability as { target: unknown }).target = '99.9 %';
    });
    expect(at(errors, '/componentClasses/enduser/availability/target')[0].message).toBe(
      'expected a percentage in (0, 100], got "99.9 %"',
    );
  });

  it('[S-2.3.1] rejects availability targets outside (0, 100]', () => {
    for (const bad of [0, -1, 100.5]) {
      const errors = mutated((p) => {
        p.componentClasses.enduser.availability.target = bad;
      });
      expect(at(errors, '/componentClasses/enduser/availability/target'), String(bad)).toHaveLength(1);
    }
    // 100 is allowed
    const copy = structuredClone(base);
    copy.componentClasses.enduser.availability.target = 100;
    expect(parsePolicy(stringify(copy)).ok).toBe(true);
  });

  it('names a missing property, an unknown (misspelt) property and the allowed ones', () => {
    const errors = mutated((p) => {
      const t = p.incidentCategories.B.targets[0] as unknown as Record<string, unknown>;
      t.calender = t.calendar;
      delete t.calendar;
    });
    expect(at(errors, '/incidentCategories/B/targets/0/calendar')[0].message).toMatch(/missing required property "calendar"/);
    const unknown = at(errors, '/incidentCategories/B/targets/0/calender')[0];
    expect(unknown.message).toMatch(/unknown property "calender"; allowed: id, kind, .*calendar/);
  });

  it('explains enum values', () => {
    const errors = mutated((p) => {
      (p.incidentCategories.A.targets[0] as { kind: string }).kind = 'reply';
    });
    expect(at(errors, '/incidentCategories/A/targets/0/kind')[0].message).toBe(
      'expected one of "response", "resolution", "assessment", got "reply"',
    );
  });

  it('checks "HH:mm" times and "MM-DD" dates by format', () => {
    const errors = mutated((p) => {
      p.calendars.abs.hours.mon![0].start = '8:00';
      p.calendars.abs.seasons![0].from = '5-15';
    });
    expect(at(errors, '/calendars/abs/hours/mon/0/start')[0].message).toMatch(/expected "HH:mm" local time.*got "8:00"/);
    expect(at(errors, '/calendars/abs/seasons/0/from')[0].message).toMatch(/expected "MM-DD"/);
  });

  it('rejects malformed clause IDs', () => {
    const errors = mutated((p) => {
      p.incidentCategories.C.clauses = ['S2.1'];
    });
    expect(at(errors, '/incidentCategories/C/clauses/0')[0].message).toMatch(/clause ID/);
  });

  it('explains a bad state weight', () => {
    const errors = mutated((p) => {
      (p.componentClasses.development.availability.stateWeights as Record<string, unknown>).partial_outage = 'half';
    });
    expect(at(errors, '/componentClasses/development/availability/stateWeights/partial_outage')[0].message).toBe(
      'expected a number from 0 to 1, or "excluded", got "half"',
    );
  });

  it('rejects map keys that are not identifiers', () => {
    const errors = mutated((p) => {
      (p.calendars as Record<string, unknown>)['Service Desk'] = p.calendars.abs;
    });
    expect(at(errors, '/calendars/Service Desk')[0].message).toMatch(/key "Service Desk" is not allowed here: expected an identifier/);
  });

  it('reports a missing section', () => {
    const errors = mutated((p) => {
      delete (p as Partial<Policy>).escalationLadder;
    });
    expect(at(errors, '/escalationLadder')[0].message).toMatch(/missing required property "escalationLadder"/);
  });
});

describe('parsePolicy: semantics', () => {
  it('names the path of an unknown calendar, with line and column in the text', () => {
    const { errors, lineOf } = edited(
      "duration: { amount: 1, unit: workingHours }\n        calendar: servicedesk",
      "duration: { amount: 1, unit: workingHours }\n        calendar: servicedsk",
    );
    const e = at(errors, '/incidentCategories/B/targets/0/calendar')[0];
    expect(e.message).toBe('unknown calendar "servicedsk"; known: always, servicedesk, abs, tul');
    expect(e.line).toBe(lineOf('calendar: servicedsk'));
    expect(e.column).toBe(19);
    expect(e.source).toBe('policies/altinn.yaml');
    expect(formatPolicyErrors([e])).toBe(
      `policies/altinn.yaml:${e.line}:19 /incidentCategories/B/targets/0/calendar: unknown calendar "servicedsk"; known: always, servicedesk, abs, tul`,
    );
  });

  it('checks every calendar reference: classes, notices, channels, change requests', () => {
    const errors = mutated((p) => {
      p.componentClasses.development.operatingWindow = 'nope1';
      p.noticeClasses.maintenance.calendar = 'nope2';
      p.supportChannels.onCall.outsideCalendar = 'nope3';
      p.changeRequests.targets[1].calendar = 'nope4';
    });
    expect(errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        '/componentClasses/development/operatingWindow',
        '/noticeClasses/maintenance/calendar',
        '/supportChannels/onCall/outsideCalendar',
        '/changeRequests/targets/1/calendar',
      ]),
    );
  });

  it('requires start < end in opening hours, no overlaps, and "24:00" only as an end', () => {
    const errors = mutated((p) => {
      p.calendars.abs.hours.tue = [{ start: '15:30', end: '08:00' }];
      p.calendars.abs.hours.wed = [
        { start: '08:00', end: '12:00' },
        { start: '11:00', end: '15:00' },
      ];
      p.calendars.abs.hours.thu = [{ start: '24:00', end: '24:00' }];
    });
    expect(at(errors, '/calendars/abs/hours/tue/0')[0].message).toBe('start 15:30 must be before end 08:00');
    expect(at(errors, '/calendars/abs/hours/wed/1')[0].message).toMatch(/overlaps/);
    expect(at(errors, '/calendars/abs/hours/thu/0/start')[0].message).toMatch(/only allowed as an end/);
  });

  it('rejects impossible "MM-DD" dates in seasons and critical periods', () => {
    const errors = mutated((p) => {
      p.calendars.servicedesk.seasons![0].to = '09-31';
      p.criticalPeriods[0].from = '02-30';
    });
    expect(at(errors, '/calendars/servicedesk/seasons/0/to')[0].message).toBe('"09-31" is not a valid "MM-DD" date');
    expect(at(errors, '/criticalPeriods/0/from')).toHaveLength(1);
  });

  it('checks calendar name against its key, the time zone and special days', () => {
    const errors = mutated((p) => {
      p.calendars.tul.name = 'studio';
      p.calendars.abs.timezone = 'Europe/Olso';
      p.calendars.always.specialDays = [{ name: 'x', date: '13-01', closed: true, closeAt: '12:00' }];
    });
    expect(at(errors, '/calendars/tul/name')[0].message).toBe('calendar name "studio" must equal its key "tul"');
    expect(at(errors, '/calendars/abs/timezone')[0].message).toBe('unknown time zone "Europe/Olso"');
    expect(at(errors, '/calendars/always/specialDays/0/date')).toHaveLength(1);
    expect(at(errors, '/calendars/always/specialDays/0')[0].message).toMatch(/exactly one of closeAt, hours, closed/);
  });

  it('rejects elapsed-time units on a calendar that is not open 24/7', () => {
    const errors = mutated((p) => {
      p.incidentCategories.B.targets[0].duration = { amount: 1, unit: 'hours' };
    });
    expect(at(errors, '/incidentCategories/B/targets/0/duration/unit')[0].message).toMatch(
      /"hours" counts elapsed time, but calendar "servicedesk" is not open 24\/7/,
    );
  });

  it('checks warnings, whole days and workaround options of clock targets', () => {
    const errors = mutated((p) => {
      p.incidentCategories.A.targets[0].warnAt = [90, 50];
      p.incidentCategories.A.targets[1].warnAt = [50];
      p.incidentCategories.C.targets[0].duration = { amount: 2.5, unit: 'workingDays' };
      p.incidentCategories.C.targets[0].pausedBy = ['workaround'];
    });
    expect(at(errors, '/incidentCategories/A/targets/0/warnAt/1')[0].message).toMatch(/ascending/);
    expect(at(errors, '/incidentCategories/A/targets/1/warnAt')[0].message).toMatch(/needs a duration/);
    expect(at(errors, '/incidentCategories/C/targets/0/duration/amount')[0].message).toMatch(/whole number/);
    expect(at(errors, '/incidentCategories/C/targets/0/pausedBy')[0].message).toMatch(/either stopOnWorkaround/);
  });

  it('rejects duplicate names: target ids, component ids, escalation levels, critical periods, ranks', () => {
    const errors = mutated((p) => {
      p.incidentCategories.A.targets[1].id = 'response';
      p.componentClasses.development.components[0].id = 'sbl';
      p.escalationLadder.levels[2].id = 'operations';
      p.criticalPeriods[1].id = p.criticalPeriods[0].id;
      p.incidentCategories.C.rank = 1;
    });
    expect(at(errors, '/incidentCategories/A/targets/1/id')[0].message).toBe('duplicate target id "response"');
    expect(at(errors, '/componentClasses/development/components/0/id')[0].message).toMatch(/duplicate component id "sbl"/);
    expect(at(errors, '/escalationLadder/levels/2/id')).toHaveLength(1);
    expect(at(errors, '/criticalPeriods/1/id')).toHaveLength(1);
    expect(at(errors, '/incidentCategories/C/rank')[0].message).toMatch(/already used by category "A"/);
  });

  it('[S-8] requires escalation levels numbered 1, 2, … in order', () => {
    const errors = mutated((p) => {
      const [a, b, ...rest] = p.escalationLadder.levels;
      p.escalationLadder.levels = [b, a, ...rest];
    });
    expect(at(errors, '/escalationLadder/levels/0/level')[0].message).toMatch(/level must be 1/);
  });

  it('[S-2.3.5] checks that notice classes reference existing component classes and incident categories', () => {
    const errors = mutated((p) => {
      p.noticeClasses.emergency.requiresIncident = { categories: ['A', 'D'] };
      p.noticeClasses.maintenance.appliesTo = ['enduser', 'backoffice'];
      delete p.noticeClasses.maintenance.calendar;
    });
    expect(at(errors, '/noticeClasses/emergency/requiresIncident/categories/1')[0].message).toMatch(/unknown incident category "D"/);
    expect(at(errors, '/noticeClasses/maintenance/appliesTo/1')[0].message).toMatch(/unknown component class "backoffice"/);
    expect(at(errors, '/noticeClasses/maintenance/calendar')[0].message).toBe('a lead time in workingDays needs a calendar');
  });

  it('[S-5.4] a support channel needs exactly one of calendar and outsideCalendar', () => {
    const errors = mutated((p) => {
      p.supportChannels.onCall.calendar = 'servicedesk';
      p.supportChannels.onCall.incidentCategories = ['A', 'X'];
    });
    expect(at(errors, '/supportChannels/onCall')[0].message).toMatch(/exactly one of calendar/);
    expect(at(errors, '/supportChannels/onCall/incidentCategories/1')).toHaveLength(1);
  });

  it('checks clause IDs against the known list when one is given', () => {
    const copy = structuredClone(base);
    copy.incidentCategories.A.clauses = ['S-2.1', 'S-9.9'];
    const yaml = stringify(copy);
    expect(parsePolicy(yaml).ok).toBe(true); // without a list, only the format is checked
    const errors = errorsOf(parsePolicy(yaml, { clauseIds: ['S-2.1', 'S-2.2.1'] }));
    expect(at(errors, '/incidentCategories/A/clauses/1')[0].message).toBe('unknown clause "S-9.9": not in the clause register');
    // every other clause outside the small list is reported too
    expect(errors.length).toBeGreaterThan(10);
  });

  it('rejects an invalid effectiveFrom date and a bad minimum library version', () => {
    const errors = mutated((p) => {
      p.effectiveFrom = '2021-02-30';
      p.obligations.appLibraryVersion.minVersion = 'v8';
    });
    // schema errors are reported first; the version is a schema error
    expect(at(errors, '/obligations/appLibraryVersion/minVersion')[0].message).toMatch(/semantic version/);
    const errors2 = mutated((p) => {
      p.effectiveFrom = '2021-02-30';
    });
    expect(at(errors2, '/effectiveFrom')[0].message).toBe('"2021-02-30" is not a valid date');
  });

  it('returns all semantic errors at once, each placed in the text', () => {
    const errors = mutated((p) => {
      p.calendars.tul.name = 'x';
      p.componentClasses.enduser.operatingWindow = 'y';
    });
    expect(errors.length).toBe(2);
    for (const e of errors) expect(e.line).toBeGreaterThan(0);
  });
});
