import { defineMessages } from '../../app/i18n.ts';

export const auditMessages = defineMessages({
  'audit.title': { nb: 'Revisjonslogg', en: 'Audit log' },
  'audit.lead': {
    nb: 'Hver endring i Samsvar logges med hvem, hva og når. Postene er lenket med hasher, så endringer i ettertid kan oppdages.',
    en: 'Every change in Samsvar is logged with who, what and when. The entries are chained by hashes, so later tampering can be detected.',
  },
  'audit.caption': { nb: 'Revisjonslogg, nyeste først', en: 'Audit log, newest first' },
  'audit.seq': { nb: 'Nr.', en: 'No.' },
  'audit.at': { nb: 'Tidspunkt', en: 'Time' },
  'audit.actor': { nb: 'Utført av', en: 'Actor' },
  'audit.org': { nb: 'Organisasjon', en: 'Organisation' },
  'audit.action': { nb: 'Handling', en: 'Action' },
  'audit.target': { nb: 'Objekt', en: 'Target' },
  'audit.hash': { nb: 'Hash', en: 'Hash' },
  'audit.digests': { nb: 'Før → etter', en: 'Before → after' },
  'audit.system': { nb: 'System', en: 'System' },
  'audit.verify': { nb: 'Kontroller kjeden', en: 'Verify the chain' },
  'audit.verifyOk': {
    nb: 'Kjeden er hel: {checked} poster kontrollert.',
    en: 'The chain is intact: {checked} entries checked.',
  },
  'audit.verifyBad': {
    nb: 'Kjeden er brutt ved post nr. {seq} ({checked} poster kontrollert).',
    en: 'The chain is broken at entry no. {seq} ({checked} entries checked).',
  },
  'audit.verifyBadNoSeq': {
    nb: 'Kjeden er brutt ({checked} poster kontrollert).',
    en: 'The chain is broken ({checked} entries checked).',
  },
  'audit.reason': { nb: 'Årsak: {reason}', en: 'Reason: {reason}' },
  'audit.shown': { nb: '{count} poster vist', en: '{count} entries shown' },
});
