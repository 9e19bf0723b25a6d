import { defineMessages } from '../../app/i18n.ts';

export const homeMessages = defineMessages({
  'home.greeting': { nb: 'Hei, {name}!', en: 'Hello, {name}!' },
  'home.lead': {
    nb: 'Her følger du opp avtalene mellom Digdir, tjenesteeierne og leverandørene på Altinn.',
    en: 'Here you follow up the agreements between Digdir, the service owners and the vendors on Altinn.',
  },
  'home.you': { nb: 'Du er logget inn som', en: 'You are signed in as' },
  'home.org': { nb: 'Organisasjon', en: 'Organisation' },
  'home.orgNumber': { nb: 'Organisasjonsnummer', en: 'Organisation number' },
  'home.kinds': { nb: 'Type', en: 'Type' },
  'home.noMembership': {
    nb: 'Du er ikke medlem av noen organisasjon ennå. Be en administrator om en invitasjon.',
    en: 'You are not a member of any organisation yet. Ask an administrator for an invitation.',
  },
  'home.sections': { nb: 'Dette kan du gjøre', en: 'What you can do' },
});
