/**
 * Loads the agreement policy and the clause register from disk, validates them (start-up stops on errors that name
 * the path), and compiles every calendar into a WorkCalendar once.
 */
import { readFileSync } from 'node:fs';
import { WorkCalendar } from '../../kernel/worktime/index.ts';
import { parseClauses, parsePolicy, type Clause, type ClauseRegister, type Policy } from '../../kernel/policy/index.ts';

export interface PolicyRuntime {
  policy: Policy;
  clauses: Clause[];
  register: ClauseRegister;
  calendars: Map<string, WorkCalendar>;
  calendar(name: string): WorkCalendar | undefined;
  source: string;
}

export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly errors: Array<{ path: string; message: string }>,
  ) {
    super(`${file} is not a valid policy:\n${errors.map((e) => `  ${e.path || '/'}: ${e.message}`).join('\n')}`);
  }
}

export function loadClausesFile(file: string): ClauseRegister {
  const res = parseClauses(readFileSync(file, 'utf8'), file);
  if (!res.ok) throw new PolicyError(file, res.errors);
  return res.register;
}

export function checkPolicyText(text: string, source: string, clauseIds?: string[]) {
  return parsePolicy(text, { sourceName: source, clauseIds });
}

export function loadPolicy(policyFile: string, clausesFile: string): PolicyRuntime {
  const register = loadClausesFile(clausesFile);
  const clauses = register.clauses;
  const res = parsePolicy(readFileSync(policyFile, 'utf8'), { sourceName: policyFile, clauseIds: clauses.map((c) => c.id) });
  if (!res.ok) throw new PolicyError(policyFile, res.errors);
  const calendars = new Map<string, WorkCalendar>();
  for (const [name, spec] of Object.entries(res.policy.calendars)) calendars.set(name, new WorkCalendar({ ...spec, name }));
  return { policy: res.policy, clauses, register, calendars, calendar: (n) => calendars.get(n), source: policyFile };
}
