import { defineMessages } from '../../app/i18n.ts';

export const authMessages = defineMessages({
  'login.title': { nb: 'Logg inn i Samsvar', en: 'Log in to Samsvar' },
  'login.lead': {
    nb: 'For Digdir-drift, tjenesteeiere og leverandører på Altinn.',
    en: 'For Digdir operations, service owners and vendors on Altinn.',
  },
  'login.email': { nb: 'E-postadresse', en: 'Email address' },
  'login.password': { nb: 'Passord', en: 'Password' },
  'login.submit': { nb: 'Logg inn', en: 'Log in' },
  'login.or': { nb: 'eller', en: 'or' },
  'login.oidc': { nb: 'Logg inn med {name}', en: 'Log in with {name}' },
  'login.demo': {
    nb: 'Demomodus: innlogginger for demobrukerne er skrevet ut i terminalen der Samsvar ble startet.',
    en: 'Demo mode: the demo log-ins are printed in the terminal where Samsvar was started.',
  },
  'login.rateLimited': {
    nb: 'For mange forsøk. Vent litt før du prøver igjen.',
    en: 'Too many attempts. Wait a little before trying again.',
  },
  'login.providersError': {
    nb: 'Kunne ikke hente innloggingsvalg.',
    en: 'Could not load the log-in options.',
  },

  'invitation.title': { nb: 'Invitasjon til Samsvar', en: 'Invitation to Samsvar' },
  'invitation.lead': {
    nb: 'Du er invitert til {org} som {role}.',
    en: 'You have been invited to {org} as {role}.',
  },
  'invitation.expires': { nb: 'Invitasjonen gjelder til {at}.', en: 'The invitation is valid until {at}.' },
  'invitation.name': { nb: 'Fullt navn', en: 'Full name' },
  'invitation.password': { nb: 'Velg passord', en: 'Choose a password' },
  'invitation.passwordHint': {
    nb: 'Minst 12 tegn. Bruk gjerne en setning du husker.',
    en: 'At least 12 characters. A sentence you remember works well.',
  },
  'invitation.passwordRepeat': { nb: 'Gjenta passordet', en: 'Repeat the password' },
  'invitation.mismatch': { nb: 'Passordene er ikke like.', en: 'The passwords do not match.' },
  'invitation.accept': { nb: 'Godta og opprett konto', en: 'Accept and create account' },
});
