import { defineMessages } from '../../app/i18n.ts';

export const notificationMessages = defineMessages({
  'notif.title': { nb: 'Varsler', en: 'Notifications' },
  'notif.lead': {
    nb: 'Velg hva Samsvar skal varsle deg om, og hvordan: på e-post, i innboksen, begge deler eller ikke. E-post kan samles i et daglig eller ukentlig sammendrag, sendt kl. 07.00 norsk tid.',
    en: 'Choose what Samsvar tells you about, and how: by e-mail, in the inbox, both or not at all. E-mail can be collected into a daily or weekly digest, sent at 07:00 Norwegian time.',
  },
  'notif.language': {
    nb: 'E-post kommer på språket du har valgt i profilen din.',
    en: 'E-mail comes in the language chosen in your profile.',
  },
  'notif.caption': { nb: 'Varseltyper med kanal og sammendrag', en: 'Notification types with channel and digest' },
  'notif.type': { nb: 'Varsel', en: 'Notification' },
  'notif.default': { nb: 'Standard', en: 'Default' },
  'notif.channel': { nb: 'Kanal', en: 'Channel' },
  'notif.digest': { nb: 'Sammendrag', en: 'Digest' },
  'notif.who': { nb: 'Hvem: {who}', en: 'Who: {who}' },
  'notif.channelFor': { nb: 'Kanal for «{title}»', en: 'Channel for “{title}”' },
  'notif.digestFor': { nb: 'Sammendrag for «{title}»', en: 'Digest for “{title}”' },

  'notif.choice.default': { nb: 'Standard ({what})', en: 'Default ({what})' },
  'notif.choice.email': { nb: 'E-post', en: 'E-mail' },
  'notif.choice.inbox': { nb: 'Innboks', en: 'Inbox' },
  'notif.choice.both': { nb: 'E-post og innboks', en: 'E-mail and inbox' },
  'notif.choice.none': { nb: 'Av', en: 'Off' },

  'notif.digest.immediate': { nb: 'Straks', en: 'At once' },
  'notif.digest.daily': { nb: 'Daglig', en: 'Daily' },
  'notif.digest.weekly': { nb: 'Ukentlig (mandag)', en: 'Weekly (Monday)' },
  'notif.digest.inboxOnly': { nb: 'Innboksen får varselet straks', en: 'The inbox gets it at once' },

  'notif.what.email': { nb: 'e-post', en: 'e-mail' },
  'notif.what.emailDigest': { nb: 'e-post, {digest}', en: 'e-mail, {digest}' },
  'notif.what.inbox': { nb: 'innboks', en: 'inbox' },
  'notif.what.both': { nb: 'e-post og innboks', en: 'e-mail and inbox' },
  'notif.what.none': { nb: 'av', en: 'off' },
  'notif.defaultNote': {
    nb: 'Standard gjelder når varselet er ment for deg (se «Hvem»); ellers får du det bare om du slår det på.',
    en: 'The default applies when the notification is meant for you (see “Who”); otherwise you get it only when you switch it on.',
  },
  'notif.fromRule': { nb: 'Nå: {what} (fra regelen «{rule}»)', en: 'Now: {what} (from the rule “{rule}”)' },

  'notif.rules': { nb: 'Andre regler', en: 'Other rules' },
  'notif.rulesLead': {
    nb: 'Regler for flere typer på en gang («no.samsvar.incident.*», «*») eller for én organisasjons hendelser, laget gjennom API-et. Den mest presise regelen vinner: en bestemt type før et prefiks, et lengre prefiks før et kortere.',
    en: 'Rules for several types at once (“no.samsvar.incident.*”, “*”) or for one organisation’s events, made through the API. The most specific rule wins: an exact type before a prefix, a longer prefix before a shorter one.',
  },
  'notif.rulesCaption': { nb: 'Andre regler', en: 'Other rules' },
  'notif.rule.filter': { nb: 'Typer', en: 'Types' },
  'notif.rule.org': { nb: 'Organisasjon', en: 'Organisation' },
  'notif.rule.allOrgs': { nb: 'Alle', en: 'All' },
  'notif.rule.removeLabel': { nb: 'Fjern regelen «{rule}»', en: 'Remove the rule “{rule}”' },

  'notif.save': { nb: 'Lagre varsler', en: 'Save notifications' },
  'notif.saved': { nb: 'Varslene dine er lagret.', en: 'Your notifications are saved.' },
  'notif.reset': { nb: 'Angre endringer', en: 'Undo changes' },

  // unsubscribe page
  'unsub.title': { nb: 'Meld deg av e-postvarsler', en: 'Unsubscribe from e-mail notifications' },
  'unsub.lead': {
    nb: 'Lenken gjelder {email}.',
    en: 'The link is for {email}.',
  },
  'unsub.what': {
    nb: 'Du vil ikke lenger få «{title}» på e-post. Innboksen i portalen og andre varsler er som før.',
    en: 'You will no longer get “{title}” by e-mail. The inbox in the portal and other notifications stay as they are.',
  },
  'unsub.whatAll': {
    nb: 'Du vil ikke lenger få noen varsler fra Samsvar på e-post. Innboksen i portalen er som før.',
    en: 'You will no longer get any notifications from Samsvar by e-mail. The inbox in the portal stays as it is.',
  },
  'unsub.whatInbox': {
    nb: 'Du vil ikke lenger få «{title}» i innboksen.',
    en: 'You will no longer get “{title}” in the inbox.',
  },
  'unsub.confirm': { nb: 'Meld meg av', en: 'Unsubscribe me' },
  'unsub.done': { nb: 'Du er meldt av.', en: 'You are unsubscribed.' },
  'unsub.already': { nb: 'Du får allerede ikke dette på e-post.', en: 'You already do not get this by e-mail.' },
  'unsub.change': { nb: 'Andre varsler endrer du i portalen (du må logge inn):', en: 'Change other notifications in the portal (log-in needed):' },
  'unsub.changeLink': { nb: 'Endre varslene dine', en: 'Change your notifications' },
  'unsub.missing': {
    nb: 'Lenken mangler nøkkelen. Åpne lenken fra e-posten på nytt, hele lenken.',
    en: 'The link lacks its key. Open the link from the e-mail again, the whole of it.',
  },
  'unsub.invalid': {
    nb: 'Lenken er ikke gyldig. Den kan være kuttet av eller endret. Åpne den fra e-posten på nytt, eller endre varslene dine i portalen.',
    en: 'The link is not valid. It may have been cut off or changed. Open it from the e-mail again, or change your notifications in the portal.',
  },
});
