import { defineMessages } from '../../app/i18n.ts';

export const deprecationMessages = defineMessages({
  'dep.title': { nb: 'Utfasede API-er', en: 'Deprecated APIs' },
  'dep.leadStaff': {
    nb: 'API-er som utfases etter varsel om endring som krever tilpasning, og leverandørene som fortsatt kaller dem – så Digdir kan kontakte dem før utfasingsdatoen. Gatewayen svarer på slike kall med Deprecation- og Sunset-hodene og lenke til varselet.',
    en: 'APIs that breaking-change notices deprecate, and the vendors still calling them – so Digdir can contact them before the sunset. The gateway answers such calls with the Deprecation and Sunset headers and a link to the notice.',
  },
  'dep.leadVendor': {
    nb: 'API-er som utfases etter varsel om endring, og dine kall til dem. Gå over til erstatningen før utfasingsdatoen; etter den avviser gatewayen kallene (410 Gone).',
    en: 'APIs being retired after a change notice, and your calls to them. Move to the replacement before the sunset; after it the gateway refuses the calls (410 Gone).',
  },
  'dep.env': { nb: 'Miljø', en: 'Environment' },
  'dep.envBoth': { nb: 'Begge miljøer', en: 'Both environments' },
  'env.test': { nb: 'Test (TT02)', en: 'Test (TT02)' },
  'env.production': { nb: 'Produksjon', en: 'Production' },
  'dep.none': { nb: 'Ingen varsler utfaser API-er.', en: 'No notice deprecates an API.' },
  'dep.sunset': { nb: 'Utfases {date}', en: 'Sunset {date}' },
  'dep.sunsetPassed': { nb: 'Utfaset {date}', en: 'Sunset since {date}' },
  'dep.apis': { nb: 'API-er som utfases', en: 'Deprecated APIs' },
  'dep.noCallsStaff': { nb: 'Ingen leverandører har kalt disse API-ene.', en: 'No vendor has called these APIs.' },
  'dep.noCallsVendor': { nb: 'Dere har ikke kalt disse API-ene.', en: 'You have not called these APIs.' },
  'dep.caption': { nb: 'Kall til utfasede API-er per leverandør, rute og miljø', en: 'Calls to deprecated APIs per vendor, route and environment' },
  'dep.vendor': { nb: 'Leverandør', en: 'Vendor' },
  'dep.route': { nb: 'Rute', en: 'Route' },
  'dep.calls': { nb: 'Kall', en: 'Calls' },
  'dep.afterSunset': { nb: 'Etter utfasing', en: 'After sunset' },
  'dep.since': { nb: 'første {date}', en: 'first {date}' },
  'dep.lastCall': { nb: 'Siste kall', en: 'Last call' },
  'dep.stillCalling': { nb: 'Kaller fortsatt', en: 'Still calling' },
  'dep.vendors': { nb: '{n} leverandører', en: '{n} vendors' },
  'dep.vendorsOne': { nb: '1 leverandør', en: '1 vendor' },
  'dep.notice': { nb: 'Varsel {ref}', en: 'Notice {ref}' },
});
