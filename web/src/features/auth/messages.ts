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
  'login.oidcFailedTitle': { nb: 'Innloggingen mislyktes', en: 'Log-in failed' },
  'login.oidcFailed': {
    nb: 'Innloggingen hos innloggingstjenesten (for eksempel ID-porten) gikk ikke. Prøv igjen, eller kontakt driften av Samsvar hvis det fortsetter.',
    en: 'Logging in with the identity provider (for example ID-porten) did not work. Try again, or contact the Samsvar operator if it keeps happening.',
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
  'invitation.signedIn': {
    nb: 'Du er logget inn som {name}. Medlemskapet legges til denne kontoen.',
    en: 'You are logged in as {name}. The membership is added to this account.',
  },
  'invitation.acceptAs': { nb: 'Godta som {name}', en: 'Accept as {name}' },
  'invitation.switchAccount': { nb: 'Logg ut og godta som en annen', en: 'Log out and accept as someone else' },
  'invitation.existing': {
    nb: 'Det finnes allerede en konto for {email}. Skriv passordet til kontoen for å godta.',
    en: 'There is already an account for {email}. Enter its password to accept.',
  },
  'invitation.existingPassword': { nb: 'Passord', en: 'Password' },
  'invitation.acceptExisting': { nb: 'Godta invitasjonen', en: 'Accept the invitation' },
  'invitation.loginFirst': {
    nb: 'Logger du inn med ID-porten eller en annen innloggingstjeneste? Logg inn først, så kommer du tilbake hit.',
    en: 'Do you log in with ID-porten or another identity provider? Log in first and you will come back here.',
  },
  'invitation.loginLink': { nb: 'Logg inn og kom tilbake', en: 'Log in and come back' },
  'invitation.wrongPassword': {
    nb: 'Feil passord for kontoen {email}.',
    en: 'Wrong password for the account {email}.',
  },
  'invitation.goneTitle': { nb: 'Invitasjonen gjelder ikke lenger', en: 'The invitation is no longer valid' },
  'invitation.gone': {
    nb: 'Invitasjonen er utløpt, allerede brukt eller trukket tilbake. Be den som inviterte deg om en ny.',
    en: 'The invitation has expired, has been used or has been withdrawn. Ask the person who invited you for a new one.',
  },
  'invitation.memberTitle': { nb: 'Du er allerede medlem', en: 'You are already a member' },
  'invitation.member': {
    nb: 'Kontoen er allerede medlem av {org}. Invitasjonen er ikke brukt.',
    en: 'The account is already a member of {org}. The invitation has not been used.',
  },
  'invitation.home': { nb: 'Gå til forsiden', en: 'Go to the front page' },
});
