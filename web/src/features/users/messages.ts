import { defineMessages } from '../../app/i18n.ts';

export const userMessages = defineMessages({
  'users.title': { nb: 'Brukere', en: 'Users' },
  'users.lead': {
    nb: 'Alle brukerkontoer i Samsvar. En sperret bruker kan ikke logge inn eller bruke API-nøklene sine.',
    en: 'Every user account in Samsvar. A disabled user cannot log in or use their API tokens.',
  },
  'users.search': { nb: 'Søk etter navn eller e-post', en: 'Search by name or email' },
  'users.caption': { nb: 'Brukere', en: 'Users' },
  'users.memberships': { nb: 'Medlemskap', en: 'Memberships' },
  'users.active': { nb: 'Aktiv', en: 'Active' },
  'users.disabled': { nb: 'Sperret', en: 'Disabled' },
  'users.disable': { nb: 'Sperr', en: 'Disable' },
  'users.enable': { nb: 'Opphev sperring', en: 'Enable' },
  'users.disableTitle': { nb: 'Sperre bruker', en: 'Disable user' },
  'users.disableConfirm': {
    nb: 'Vil du sperre {name}? Brukeren logges ut og API-nøklene slutter å virke.',
    en: 'Disable {name}? The user is logged out and their API tokens stop working.',
  },

  'profile.title': { nb: 'Min profil', en: 'My profile' },
  'profile.lead': { nb: 'Navn, språk og passord for kontoen din.', en: 'Name, language and password for your account.' },
  'profile.details': { nb: 'Personopplysninger', en: 'Personal details' },
  'profile.locale': { nb: 'Språk i e-post og grensesnitt', en: 'Language in email and interface' },
  'profile.memberships': { nb: 'Dine medlemskap', en: 'Your memberships' },
  'profile.password': { nb: 'Bytt passord', en: 'Change password' },
  'profile.currentPassword': { nb: 'Nåværende passord', en: 'Current password' },
  'profile.newPassword': { nb: 'Nytt passord', en: 'New password' },
  'profile.newPasswordHint': {
    nb: 'Minst 12 tegn.',
    en: 'At least 12 characters.',
  },
  'profile.repeatPassword': { nb: 'Gjenta nytt passord', en: 'Repeat new password' },
  'profile.mismatch': { nb: 'Passordene er ikke like.', en: 'The passwords do not match.' },
  'profile.passwordChanged': { nb: 'Passordet er byttet.', en: 'The password has been changed.' },
  'profile.tokensLink': {
    nb: 'API-nøkler for systemtilgang administrerer du under API-nøkler.',
    en: 'You manage API tokens for system access under API tokens.',
  },
  'lang.nb': { nb: 'Norsk (bokmål)', en: 'Norwegian (bokmål)' },
  'lang.en': { nb: 'Engelsk', en: 'English' },
});
