import { defineMessages } from '../../app/i18n.ts';

export const orgMessages = defineMessages({
  'orgs.title': { nb: 'Organisasjoner', en: 'Organisations' },
  'orgs.lead': {
    nb: 'Alle organisasjoner som er registrert i Samsvar: Digdir-drift, tjenesteeiere og leverandører.',
    en: 'Every organisation registered in Samsvar: Digdir operations, service owners and vendors.',
  },
  'orgs.search': { nb: 'Søk etter navn eller organisasjonsnummer', en: 'Search by name or organisation number' },
  'orgs.new': { nb: 'Ny organisasjon', en: 'New organisation' },
  'orgs.orgNumber': { nb: 'Organisasjonsnummer', en: 'Organisation number' },
  'orgs.orgNumberHint': { nb: '9 siffer', en: '9 digits' },
  'orgs.name': { nb: 'Navn', en: 'Name' },
  'orgs.kinds': { nb: 'Type', en: 'Type' },
  'orgs.kindsHint': { nb: 'Velg én eller flere.', en: 'Choose one or more.' },
  'orgs.count': { nb: '{count} organisasjoner vist', en: '{count} organisations shown' },
  'orgs.caption': { nb: 'Organisasjoner', en: 'Organisations' },

  'org.edit': { nb: 'Endre organisasjon', en: 'Edit organisation' },
  'org.members': { nb: 'Medlemmer', en: 'Members' },
  'org.invitations': { nb: 'Invitasjoner', en: 'Invitations' },
  'org.details': { nb: 'Opplysninger', en: 'Details' },
  'org.noActive': {
    nb: 'Du har ingen aktiv organisasjon.',
    en: 'You have no active organisation.',
  },
  'members.caption': { nb: 'Medlemmer i {org}', en: 'Members of {org}' },
  'members.changeRole': { nb: 'Rolle for {name}', en: 'Role for {name}' },
  'members.remove': { nb: 'Fjern medlem', en: 'Remove member' },
  'members.removeConfirm': {
    nb: 'Vil du fjerne {name} fra {org}? Personen mister tilgangen med en gang.',
    en: 'Remove {name} from {org}? They lose access at once.',
  },
  'members.you': { nb: 'deg', en: 'you' },
  'invite.title': { nb: 'Inviter en ny bruker', en: 'Invite a new user' },
  'invite.lead': {
    nb: 'Invitasjonen sendes på e-post og gjelder i en begrenset tid.',
    en: 'The invitation is sent by email and is valid for a limited time.',
  },
  'invite.submit': { nb: 'Send invitasjon', en: 'Send invitation' },
  'invite.sent': { nb: 'Invitasjon sendt til {email}.', en: 'Invitation sent to {email}.' },
  'invitations.caption': { nb: 'Invitasjoner', en: 'Invitations' },
  'invitations.expires': { nb: 'Utløper', en: 'Expires' },
  'invitations.accepted': { nb: 'Godtatt', en: 'Accepted' },
  'invitations.expired': { nb: 'Utløpt', en: 'Expired' },
  'invitations.pending': { nb: 'Venter', en: 'Pending' },
  'invitations.revoke': { nb: 'Trekk tilbake', en: 'Revoke' },
  'invitations.revokeConfirm': {
    nb: 'Vil du trekke tilbake invitasjonen til {email}?',
    en: 'Revoke the invitation to {email}?',
  },
});
