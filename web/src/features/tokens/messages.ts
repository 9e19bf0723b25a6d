import { defineMessages } from '../../app/i18n.ts';

export const tokenMessages = defineMessages({
  'tokens.title': { nb: 'API-nøkler', en: 'API tokens' },
  'tokens.lead': {
    nb: 'Personlige nøkler som lar systemene dine bruke Samsvar-API-et på vegne av deg i én organisasjon.',
    en: 'Personal keys that let your systems use the Samsvar API on your behalf in one organisation.',
  },
  'tokens.new': { nb: 'Lag ny nøkkel', en: 'Create a new token' },
  'tokens.name': { nb: 'Navn på nøkkelen', en: 'Token name' },
  'tokens.nameHint': { nb: 'For eksempel systemet som skal bruke den.', en: 'For example the system that will use it.' },
  'tokens.scopes': { nb: 'Tilganger', en: 'Scopes' },
  'tokens.scopesHint': {
    nb: 'Gi ikke mer tilgang enn systemet trenger. Nøkkelen får aldri mer enn rollen din tillater.',
    en: 'Grant no more than the system needs. A token never gets more than your role allows.',
  },
  'scope.read': { nb: 'Lese (read)', en: 'Read (read)' },
  'scope.read.desc': {
    nb: 'Hente data: hendelser, status, vilkår, kalendere og rapporter.',
    en: 'Fetch data: incidents, status, terms, calendars and reports.',
  },
  'scope.write': { nb: 'Skrive (write)', en: 'Write (write)' },
  'scope.write.desc': {
    nb: 'Også melde inn og oppdatere saker, varsler og bekreftelser.',
    en: 'Also report and update cases, notices and acknowledgements.',
  },
  'scope.admin': { nb: 'Administrere (admin)', en: 'Administer (admin)' },
  'scope.admin.desc': {
    nb: 'Også endre organisasjon, medlemmer og innstillinger – bare der rollen din er administrator.',
    en: 'Also change organisation, members and settings – only where your role is administrator.',
  },
  'tokens.org': { nb: 'Organisasjon', en: 'Organisation' },
  'tokens.expires': { nb: 'Gyldighet', en: 'Validity' },
  'tokens.days': { nb: '{days} dager', en: '{days} days' },
  'tokens.noExpiry': { nb: 'Utløper ikke', en: 'Does not expire' },
  'tokens.create': { nb: 'Lag nøkkel', en: 'Create token' },
  'tokens.createdTitle': { nb: 'Nøkkelen er laget', en: 'The token has been created' },
  'tokens.createdBody': {
    nb: 'Kopier nøkkelen nå. Den vises bare denne ene gangen; etterpå ser vi bare starten av den.',
    en: 'Copy the token now. It is shown only this once; afterwards only its beginning is shown.',
  },
  'tokens.value': { nb: 'Nøkkel', en: 'Token' },
  'tokens.list': { nb: 'Dine nøkler', en: 'Your tokens' },
  'tokens.prefix': { nb: 'Starter med', en: 'Starts with' },
  'tokens.expiresAt': { nb: 'Utløper', en: 'Expires' },
  'tokens.lastUsed': { nb: 'Sist brukt', en: 'Last used' },
  'tokens.active': { nb: 'Aktiv', en: 'Active' },
  'tokens.revoked': { nb: 'Tilbakekalt', en: 'Revoked' },
  'tokens.expired': { nb: 'Utløpt', en: 'Expired' },
  'tokens.revoke': { nb: 'Tilbakekall', en: 'Revoke' },
  'tokens.revokeTitle': { nb: 'Tilbakekalle nøkkel', en: 'Revoke token' },
  'tokens.revokeConfirm': {
    nb: 'Vil du tilbakekalle «{name}»? Systemer som bruker den, mister tilgangen med en gang.',
    en: 'Revoke “{name}”? Systems using it lose access at once.',
  },
  'tokens.noOrg': {
    nb: 'Du må være medlem av en organisasjon for å lage nøkler.',
    en: 'You must be a member of an organisation to create tokens.',
  },
});
