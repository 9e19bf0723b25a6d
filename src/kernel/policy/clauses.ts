/**
 * The clause register (policies/clauses.yaml): every clause of the two agreements with title, summary and what
 * Samsvar does about it. parseClauses checks it the same way parsePolicy checks the policy.
 */
import { Type, type Static } from '@sinclair/typebox';
import { loadYaml, positionErrors, ptr, schemaErrors, type PolicyError } from './load.js';
import { ClauseIdSchema, IsoDateSchema, StringEnum, TextSchema } from './schema.js';

const closed = { additionalProperties: false } as const;
const NonEmpty = Type.String({ minLength: 1, expected: 'a non-empty string' });

export const AGREEMENT_PREFIX = { terms: 'T', sla: 'S' } as const;
export type AgreementKey = keyof typeof AGREEMENT_PREFIX;

export const AgreementSchema = Type.Object(
  {
    prefix: StringEnum(['T', 'S'] as const),
    /** The document's own title, as cited. */
    document: NonEmpty,
    title: TextSchema,
    publisher: NonEmpty,
    version: Type.Optional(NonEmpty),
    date: Type.Optional(IsoDateSchema),
    parties: Type.Optional(TextSchema),
  },
  closed,
);

export const ClauseSchema = Type.Object(
  {
    id: ClauseIdSchema,
    agreement: StringEnum(['terms', 'sla'] as const),
    /** Section number as in the original, e.g. "2.2.1". */
    section: Type.String({ pattern: '^\\d+(\\.\\d+)*$', expected: 'a section number such as "2.2.1"' }),
    title: TextSchema,
    summary: TextSchema,
    /** What Samsvar does (English), or "none" with a `reason`. */
    enforcement: NonEmpty,
    reason: Type.Optional(NonEmpty),
  },
  closed,
);
export type Clause = Static<typeof ClauseSchema>;

export const ClauseRegisterSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    agreements: Type.Object({ terms: AgreementSchema, sla: AgreementSchema }, closed),
    clauses: Type.Array(ClauseSchema, { minItems: 1 }),
  },
  closed,
);
export type ClauseRegister = Static<typeof ClauseRegisterSchema>;

export type ParseClausesResult = { ok: true; register: ClauseRegister } | { ok: false; errors: PolicyError[] };

/** Semantic checks of a register that matches the schema. */
export function checkClauses(register: ClauseRegister): PolicyError[] {
  const errors: PolicyError[] = [];
  for (const key of Object.keys(AGREEMENT_PREFIX) as AgreementKey[]) {
    if (register.agreements[key].prefix !== AGREEMENT_PREFIX[key]) {
      errors.push({ path: ptr('/agreements', key, 'prefix'), message: `the ${key} agreement has prefix "${AGREEMENT_PREFIX[key]}"` });
    }
  }
  const seen = new Set<string>();
  register.clauses.forEach((c, i) => {
    const at = ptr('/clauses', i);
    if (seen.has(c.id)) errors.push({ path: ptr(at, 'id'), message: `duplicate clause "${c.id}"` });
    seen.add(c.id);
    const [prefix, section] = c.id.split('-');
    if (prefix !== AGREEMENT_PREFIX[c.agreement]) {
      errors.push({ path: ptr(at, 'agreement'), message: `clause ${c.id} belongs to the agreement with prefix ${prefix}, not "${c.agreement}"` });
    }
    if (section !== c.section) {
      errors.push({ path: ptr(at, 'section'), message: `section "${c.section}" does not match clause ID ${c.id}` });
    }
    if (c.enforcement === 'none' && c.reason === undefined) {
      errors.push({ path: ptr(at, 'reason'), message: 'enforcement "none" needs a reason' });
    }
    if (c.enforcement !== 'none' && c.reason !== undefined) {
      errors.push({ path: ptr(at, 'reason'), message: 'reason is only used with enforcement "none"' });
    }
  });
  return errors;
}

/** Parses and checks clauses.yaml. The second argument names the source in errors. Never throws on bad input. */
export function parseClauses(yamlText: string, sourceName?: string): ParseClausesResult {
  const loaded = loadYaml(yamlText, sourceName);
  if (!loaded.ok) return loaded;
  const shape = schemaErrors(ClauseRegisterSchema, loaded.loaded.value);
  if (shape.length > 0) return { ok: false, errors: positionErrors(shape, loaded.loaded, sourceName) };
  const register = loaded.loaded.value as ClauseRegister;
  const semantic = checkClauses(register);
  if (semantic.length > 0) return { ok: false, errors: positionErrors(semantic, loaded.loaded, sourceName) };
  return { ok: true, register };
}

/** All clause IDs of a register, in order (for parsePolicy's `clauseIds`). */
export function clauseIdsOf(register: ClauseRegister): string[] {
  return register.clauses.map((c) => c.id);
}

/** Clauses that Samsvar enforces, measures or records (enforcement is not "none"). */
export function enforcedClauses(register: ClauseRegister): Clause[] {
  return register.clauses.filter((c) => c.enforcement !== 'none');
}
