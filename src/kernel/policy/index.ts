/** The agreement policy: types, schemas and the pure parsers of policies/altinn.yaml and policies/clauses.yaml. */
export * from './schema.js';
export {
  parsePolicy,
  checkPolicy,
  collectClauseRefs,
  isAlwaysOpen,
  isElapsedUnit,
  isValidIsoDate,
  isValidMonthDay,
  parseLocalTime,
  type ParsePolicyOptions,
  type ParsePolicyResult,
} from './policy.js';
export {
  parseClauses,
  checkClauses,
  clauseIdsOf,
  enforcedClauses,
  AGREEMENT_PREFIX,
  ClauseSchema,
  ClauseRegisterSchema,
  AgreementSchema,
  type AgreementKey,
  type Clause,
  type ClauseRegister,
  type ParseClausesResult,
} from './clauses.js';
export { formatPolicyErrors, type PolicyError } from './load.js';
