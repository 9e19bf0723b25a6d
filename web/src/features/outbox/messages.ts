import { defineMessages } from '../../app/i18n.ts';

export const outboxMessages = defineMessages({
  'outbox.title': { nb: 'Utgående e-post', en: 'Mail outbox' },
  'outbox.lead': {
    nb: 'E-post som Samsvar har sendt eller skal sende: invitasjoner, varsler og påminnelser. Uten e-posttjener blir meldingene liggende her («beholdt»).',
    en: 'Mail Samsvar has sent or will send: invitations, notices and reminders. Without a mail server the messages stay here (“kept”).',
  },
  'outbox.caption': { nb: 'Utgående e-post, nyeste først', en: 'Outgoing mail, newest first' },
  'outbox.to': { nb: 'Til', en: 'To' },
  'outbox.subject': { nb: 'Emne', en: 'Subject' },
  'outbox.attempts': { nb: 'Forsøk', en: 'Attempts' },
  'outbox.lastError': { nb: 'Siste feil', en: 'Last error' },
  'outbox.status.pending': { nb: 'Venter', en: 'Pending' },
  'outbox.status.sent': { nb: 'Sendt', en: 'Sent' },
  'outbox.status.failed': { nb: 'Feilet', en: 'Failed' },
  'outbox.status.kept': { nb: 'Beholdt', en: 'Kept' },
  'outbox.view': { nb: 'Vis melding', en: 'View message' },
  'outbox.viewLabel': { nb: 'Vis meldingen «{subject}»', en: 'View the message “{subject}”' },
  'outbox.reload': { nb: 'Oppdater', en: 'Refresh' },
});
