/** Identifiers: organisation numbers and national identity numbers (detection and redaction). Pure. */
export { isValidOrgNumber, normalizeOrgNumber, mod11ControlDigit } from './orgnr.js';
export {
  classifyNationalId,
  isValidNationalId,
  redactNationalIds,
  containsNationalId,
  redactDeep,
  NATIONAL_ID_MASK,
  type NationalIdInfo,
  type NationalIdKind,
} from './nationalId.js';
