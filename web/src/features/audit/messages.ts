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
  'export.title': { nb: 'Eksporter en leverandørs kall gjennom gatewayen', en: "Export a vendor's gateway calls" },
  'export.lead': {
    nb: 'Kallpostene for en periode med kjedebevis (JSON lines): postene, hashene som binder dem til kjeden og ankeret før. Kontroller filen uten tilgang til Samsvar med «samsvar audit verify --file eksport.jsonl». CSV er uten bevis.',
    en: 'The call records of a period with the chain proof (JSON lines): the records, the hashes that tie them to the chain and the anchor before. Verify the file without access to Samsvar with "samsvar audit verify --file export.jsonl". CSV has no proof.',
  },
  'export.vendor': { nb: 'Leverandørens organisasjonsnummer', en: "Vendor's organisation number" },
  'export.from': { nb: 'Fra og med dato', en: 'From date' },
  'export.to': { nb: 'Til og med dato', en: 'To date (inclusive)' },
  'export.jsonl': { nb: 'Last ned med bevis (JSONL)', en: 'Download with proof (JSONL)' },
  'export.csv': { nb: 'Last ned CSV', en: 'Download CSV' },
  'export.invalid': { nb: 'Oppgi et organisasjonsnummer med ni sifre og en periode der fra-datoen ikke er etter til-datoen.', en: 'Give a nine-digit organisation number and a period whose from date is not after its to date.' },
});
