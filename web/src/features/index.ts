/**
 * The route and menu registry: the one place a feature is plugged into the portal.
 *
 * To add a capability: create `web/src/features/<name>/` with its pages (default exports), its strings
 * (`messages.ts`, see app/i18n.ts) and its API helpers (`api.ts`), then add its entries here.
 * The router, the main menu and the front-page cards are all built from this list.
 */
import { lazy } from 'react';
import type { FeatureRoute, HomePanel } from '../app/feature.ts';
import { EVERYONE, OPERATOR_ROLES, OPERATOR_STAFF, ORG_MEMBERS, SERVICE_OWNERS, VENDORS } from '../app/roles.ts';

/** Service owners' pages are also open to Digdir's staff (read everything; operator admins may act). */
const SERVICE_OWNERS_AND_STAFF = [...SERVICE_OWNERS, ...OPERATOR_STAFF];

export const features: FeatureRoute[] = [
  // home
  {
    id: 'home',
    path: '/',
    page: lazy(() => import('./home/HomePage.tsx')),
    access: 'user',
    nav: { label: 'nav.home', order: 0 },
  },

  // auth
  { id: 'login', path: '/login', page: lazy(() => import('./auth/LoginPage.tsx')), access: 'guest' },
  {
    id: 'invitation',
    path: '/invitation/:token',
    page: lazy(() => import('./auth/InvitationPage.tsx')),
    access: 'public',
  },

  // organisations
  {
    id: 'organisations',
    path: '/organisations',
    page: lazy(() => import('./organisations/OrganisationsPage.tsx')),
    access: 'user',
    roles: OPERATOR_STAFF,
    nav: { label: 'nav.organisations', order: 10 },
    home: {
      title: 'nav.organisations',
      description: { nb: 'Tjenesteeiere, leverandører og Digdir-drift.', en: 'Service owners, vendors and Digdir operations.' },
    },
  },
  {
    id: 'my-organisation',
    path: '/organisation',
    page: lazy(() => import('./organisations/MyOrganisationPage.tsx')),
    access: 'user',
    roles: ORG_MEMBERS,
    nav: { label: 'nav.myOrganisation', order: 10 },
    home: {
      title: 'nav.myOrganisation',
      description: { nb: 'Medlemmer, roller og invitasjoner.', en: 'Members, roles and invitations.' },
    },
  },
  {
    id: 'organisation',
    path: '/organisations/:id',
    page: lazy(() => import('./organisations/OrganisationPage.tsx')),
    access: 'user',
  },

  // users
  {
    id: 'users',
    path: '/users',
    page: lazy(() => import('./users/UsersPage.tsx')),
    access: 'user',
    roles: ['operator-admin'],
    nav: { label: 'nav.users', order: 20 },
    home: {
      title: 'nav.users',
      description: { nb: 'Alle brukerkontoer, med mulighet til å sperre.', en: 'All user accounts, with the option to disable.' },
    },
  },
  {
    id: 'profile',
    path: '/profile',
    page: lazy(() => import('./users/ProfilePage.tsx')),
    access: 'user',
    nav: { label: 'nav.profile', order: 80, area: 'user' },
  },

  // tokens
  {
    id: 'tokens',
    path: '/profile/tokens',
    page: lazy(() => import('./tokens/TokensPage.tsx')),
    access: 'user',
    roles: EVERYONE,
    nav: { label: 'nav.tokens', order: 90, area: 'user' },
    home: {
      title: 'nav.tokens',
      description: { nb: 'Personlige nøkler for API-tilgang.', en: 'Personal keys for API access.' },
    },
  },

  // policy
  {
    id: 'policy',
    path: '/policy',
    page: lazy(() => import('./policy/PolicyPage.tsx')),
    access: 'user',
    nav: { label: 'nav.policy', order: 40 },
    home: {
      title: 'nav.policy',
      description: {
        nb: 'Avtalen som data: kategorier, frister, varsling og eskalering.',
        en: 'The agreement as data: categories, deadlines, notices and escalation.',
      },
    },
  },
  {
    id: 'clauses',
    path: '/clauses',
    page: lazy(() => import('./policy/ClausesPage.tsx')),
    access: 'user',
    nav: { label: 'nav.clauses', order: 45 },
    home: {
      title: 'nav.clauses',
      description: {
        nb: 'Punktene i bruksvilkårene og tjenestenivåavtalen.',
        en: 'The clauses of the terms of use and the service level agreement.',
      },
    },
  },

  // calendar
  {
    id: 'calendars',
    path: '/calendars',
    page: lazy(() => import('./calendar/CalendarsPage.tsx')),
    access: 'user',
    nav: { label: 'nav.calendars', order: 50 },
    home: {
      title: 'nav.calendars',
      description: {
        nb: 'Åpningstider, helligdager og fristberegning.',
        en: 'Opening hours, public holidays and due-date calculation.',
      },
    },
  },

  // audit
  {
    id: 'audit',
    path: '/audit',
    page: lazy(() => import('./audit/AuditPage.tsx')),
    access: 'user',
    roles: ['operator-admin', 'auditor'],
    nav: { label: 'nav.audit', order: 60 },
    home: {
      title: 'nav.audit',
      description: { nb: 'Hash-kjedet logg over alle endringer.', en: 'Hash-chained log of every change.' },
    },
  },

  // terms of use (vendors: onboarding, acceptance, conditions, termination; operators: versions, terminations)
  {
    id: 'onboarding',
    path: '/onboarding',
    page: lazy(() => import('./terms/OnboardingPage.tsx')),
    access: 'user',
    roles: VENDORS,
    nav: { label: { nb: 'Kom i gang', en: 'Getting started' }, order: 5 },
    home: {
      title: { nb: 'Kom i gang', en: 'Getting started' },
      description: {
        nb: 'Kontakter, systemer og produkter, bruksvilkårene og status for produksjonstilgang.',
        en: 'Contacts, systems and products, the terms of use and the production access status.',
      },
    },
  },
  {
    id: 'terms',
    path: '/terms',
    page: lazy(() => import('./terms/TermsPage.tsx')),
    access: 'user',
    nav: { label: { nb: 'Bruksvilkår', en: 'Terms of use' }, order: 6, roles: VENDORS },
    home: {
      title: { nb: 'Bruksvilkår', en: 'Terms of use' },
      description: {
        nb: 'Aksepter med kvitteringer, tjenesteeieres vilkår og oppsigelse.',
        en: 'Acceptances with receipts, service owners’ conditions and termination.',
      },
    },
  },
  {
    id: 'terms-versions',
    path: '/terms/versions',
    page: lazy(() => import('./terms/TermsVersionsPage.tsx')),
    access: 'user',
    roles: OPERATOR_STAFF,
    nav: { label: { nb: 'Bruksvilkår', en: 'Terms of use' }, order: 13 },
    home: {
      title: { nb: 'Bruksvilkår', en: 'Terms of use' },
      description: {
        nb: 'Versjoner med endringslogg, publisering og hvem som har akseptert.',
        en: 'Versions with change log, publishing and who has accepted.',
      },
    },
  },
  { id: 'terms-version', path: '/terms/versions/:id', page: lazy(() => import('./terms/TermsVersionPage.tsx')), access: 'user', roles: OPERATOR_STAFF },
  {
    id: 'terminations',
    path: '/terminations',
    page: lazy(() => import('./terms/TerminationsPage.tsx')),
    access: 'user',
    roles: OPERATOR_STAFF,
    nav: { label: { nb: 'Oppsigelser', en: 'Terminations' }, order: 18 },
  },

  // registry (contacts, systems, services)
  {
    id: 'systems',
    path: '/systems',
    page: lazy(() => import('./registry/SystemsPage.tsx')),
    access: 'user',
    roles: VENDORS,
    nav: { label: { nb: 'Systemer', en: 'Systems' }, order: 7 },
  },
  {
    id: 'services',
    path: '/services',
    page: lazy(() => import('./registry/ServicesPage.tsx')),
    access: 'user',
    roles: SERVICE_OWNERS_AND_STAFF,
    nav: { label: { nb: 'Tjenester', en: 'Services' }, order: 14 },
    home: {
      title: { nb: 'Tjenester', en: 'Services' },
      description: {
        nb: 'Livsløp, Om skjema, app-bibliotek, vurderinger og vilkår for leverandører.',
        en: 'Lifecycle, "Om skjema", app library, assessments and conditions for vendors.',
      },
    },
  },
  { id: 'service', path: '/services/:id', page: lazy(() => import('./registry/ServicePage.tsx')), access: 'user', roles: SERVICE_OWNERS_AND_STAFF },
  {
    id: 'contacts',
    path: '/contacts',
    page: lazy(() => import('./registry/ContactsPage.tsx')),
    access: 'user',
    roles: ORG_MEMBERS,
    nav: { label: { nb: 'Kontaktpersoner', en: 'Contacts' }, order: 11 },
    home: {
      title: { nb: 'Kontaktpersoner', en: 'Contacts' },
      description: { nb: 'Nøkkelpersoner og når de sist ble bekreftet.', en: 'Key people and when they were last confirmed.' },
    },
  },
  { id: 'contacts-stale', path: '/contacts/stale', page: lazy(() => import('./registry/StaleContactsPage.tsx')), access: 'user', roles: OPERATOR_STAFF },

  // service owners' obligations
  {
    id: 'access-reviews',
    path: '/access-reviews',
    page: lazy(() => import('./obligations/AccessReviewsPage.tsx')),
    access: 'user',
    roles: SERVICE_OWNERS,
    nav: { label: { nb: 'Tilgangskontroll', en: 'Access reviews' }, order: 15 },
    home: {
      title: { nb: 'Tilgangskontroll', en: 'Access reviews' },
      description: { nb: 'Halvårlig rapport over hvem som har tilgang.', en: 'Semi-annual report of who has access.' },
    },
  },
  { id: 'access-reviews-overdue', path: '/access-reviews/overdue', page: lazy(() => import('./obligations/OverdueReviewsPage.tsx')), access: 'user', roles: OPERATOR_STAFF },
  {
    id: 'data-elements',
    path: '/data-elements',
    page: lazy(() => import('./obligations/DataElementsPage.tsx')),
    access: 'user',
    roles: SERVICE_OWNERS,
    nav: { label: { nb: 'Dataelementer', en: 'Data elements' }, order: 16 },
    home: {
      title: { nb: 'Dataelementer', en: 'Data elements' },
      description: { nb: 'Bekreft nedlasting, be om sletting.', en: 'Confirm downloads, request deletion.' },
    },
  },
  {
    id: 'deletion-requests',
    path: '/deletion-requests',
    page: lazy(() => import('./obligations/DeletionRequestsPage.tsx')),
    access: 'user',
    roles: OPERATOR_STAFF,
    nav: { label: { nb: 'Slettebegjæringer', en: 'Deletion requests' }, order: 17 },
  },

  // compliance overview
  {
    id: 'compliance',
    path: '/compliance',
    page: lazy(() => import('./compliance/CompliancePage.tsx')),
    access: 'user',
    roles: OPERATOR_STAFF,
    nav: { label: { nb: 'Samsvar', en: 'Compliance' }, order: 12 },
    home: {
      title: { nb: 'Samsvar', en: 'Compliance' },
      description: {
        nb: 'Alle organisasjoner med status, aksept av vilkår og forfalte plikter. CSV-eksport.',
        en: 'Every organisation with its state, terms acceptance and overdue obligations. CSV export.',
      },
    },
  },

  // incidents with SLA clocks (S-2.1, S-2.2, S-5.4, S-7.3.3, T-1.2.8)
  {
    id: 'incidents',
    path: '/incidents',
    page: lazy(() => import('./incidents/IncidentsPage.tsx')),
    access: 'user',
    nav: { label: { nb: 'Hendelser', en: 'Incidents' }, order: 3 },
    home: {
      title: { nb: 'Hendelser', en: 'Incidents' },
      description: {
        nb: 'Meld og følg hendelser i kategori A, B og C med responstid og løsningstid som teller ned.',
        en: 'Report and follow incidents in categories A, B and C with response and resolution clocks counting down.',
      },
    },
  },
  {
    id: 'incident-new',
    path: '/incidents/new',
    page: lazy(() => import('./incidents/NewIncidentPage.tsx')),
    access: 'user',
    roles: EVERYONE.filter((r) => r !== 'auditor'),
  },
  {
    id: 'incident-report',
    path: '/incidents/report',
    page: lazy(() => import('./incidents/ReportPage.tsx')),
    access: 'user',
    roles: SERVICE_OWNERS_AND_STAFF,
    home: {
      title: { nb: 'Månedsrapport for hendelser', en: 'Monthly incident report' },
      description: {
        nb: 'Responstid, løsningstid og andel innenfor frist per kategori, med brudd og CSV.',
        en: 'Response time, resolution time and share within deadline per category, with breaches and CSV.',
      },
    },
  },
  { id: 'incident', path: '/incidents/:id', page: lazy(() => import('./incidents/IncidentPage.tsx')), access: 'user' },

  // availability per calendar month inside operating windows (S-2.3.1–S-2.3.5)
  {
    id: 'availability',
    path: '/availability',
    page: lazy(() => import('./availability/AvailabilityPage.tsx')),
    access: 'user',
    nav: { label: { nb: 'Tilgjengelighet', en: 'Availability' }, order: 8 },
    home: {
      title: { nb: 'Tilgjengelighet', en: 'Availability' },
      description: {
        nb: 'Oppetid per måned mot målet for hver komponent, med feilbudsjett og dag for dag.',
        en: 'Monthly availability against target for every component, with error budget and day by day.',
      },
    },
  },
  {
    id: 'availability-component',
    path: '/availability/components/:id',
    page: lazy(() => import('./availability/ComponentPage.tsx')),
    access: 'user',
  },

  // monitors (S-7.1.1: service owners watch their own apps)
  {
    id: 'monitors',
    path: '/monitors',
    page: lazy(() => import('./monitors/MonitorsPage.tsx')),
    access: 'user',
    roles: SERVICE_OWNERS_AND_STAFF,
    nav: { label: { nb: 'Overvåking', en: 'Monitors' }, order: 33 },
    home: {
      title: { nb: 'Overvåking', en: 'Monitors' },
      description: {
        nb: 'HTTP- og TCP-sjekker av komponenter og egne apper, med resultater og tilstand.',
        en: 'HTTP and TCP checks of components and your own apps, with results and state.',
      },
    },
  },
  { id: 'monitor-new', path: '/monitors/new', page: lazy(() => import('./monitors/MonitorFormPage.tsx')), access: 'user', roles: [...OPERATOR_ROLES, ...SERVICE_OWNERS] },
  { id: 'monitor-edit', path: '/monitors/:id/edit', page: lazy(() => import('./monitors/MonitorFormPage.tsx')), access: 'user', roles: [...OPERATOR_ROLES, ...SERVICE_OWNERS] },
  { id: 'monitor', path: '/monitors/:id', page: lazy(() => import('./monitors/MonitorPage.tsx')), access: 'user', roles: SERVICE_OWNERS_AND_STAFF },

  // maintenance and change notices, change log, roadmap and meetings (S-2.4, S-3.3, S-3.4, T-3.1)
  {
    id: 'notices',
    path: '/notices',
    page: lazy(() => import('./notices/NoticesPage.tsx')),
    access: 'user',
    nav: { label: { nb: 'Vedlikehold og endringer', en: 'Maintenance and changes' }, order: 36 },
    home: {
      title: { nb: 'Vedlikehold og endringer', en: 'Maintenance and changes' },
      description: {
        nb: 'Planlagt vedlikehold og endringer med varslingsfrister på arbeidskalenderen.',
        en: 'Planned maintenance and changes with notice periods on the working calendar.',
      },
    },
  },
  { id: 'notice-new', path: '/notices/new', page: lazy(() => import('./notices/NoticeFormPage.tsx')), access: 'user', roles: [...OPERATOR_ROLES, ...SERVICE_OWNERS] },
  { id: 'notice', path: '/notices/:id', page: lazy(() => import('./notices/NoticePage.tsx')), access: 'user' },
  {
    id: 'changelog',
    path: '/changelog',
    page: lazy(() => import('./changelog/ChangelogPage.tsx')),
    access: 'user',
    nav: { label: { nb: 'Endringslogg, veikart og møter', en: 'Change log, roadmap and meetings' }, order: 37 },
  },

  // deviations and the escalation ladder (S-8)
  {
    id: 'deviations',
    path: '/deviations',
    page: lazy(() => import('./deviations/DeviationsPage.tsx')),
    access: 'user',
    roles: SERVICE_OWNERS_AND_STAFF,
    nav: { label: { nb: 'Avvik', en: 'Deviations' }, order: 4 },
    home: {
      title: { nb: 'Avvik', en: 'Deviations' },
      description: {
        nb: 'Gjentatte brudd på avtalen, løftet ett trinn om gangen i eskaleringstrappen.',
        en: 'Repeated failures to meet the agreement, escalated one step at a time up the ladder.',
      },
    },
  },
  { id: 'deviation-candidates', path: '/deviations/candidates', page: lazy(() => import('./deviations/CandidatesPage.tsx')), access: 'user', roles: OPERATOR_STAFF },
  { id: 'deviation', path: '/deviations/:id', page: lazy(() => import('./deviations/DeviationPage.tsx')), access: 'user', roles: SERVICE_OWNERS_AND_STAFF },
  {
    id: 'escalation-contacts',
    path: '/escalation-contacts',
    page: lazy(() => import('./deviations/EscalationContactsPage.tsx')),
    access: 'user',
    roles: [...OPERATOR_STAFF, 'serviceowner-admin'],
  },

  // event hub: subscriptions (webhooks) and the event stream (T-1.2.4, T-2.5)
  {
    id: 'event-subscriptions',
    path: '/events/subscriptions',
    page: lazy(() => import('./events/SubscriptionsPage.tsx')),
    access: 'user',
    roles: EVERYONE,
    nav: { label: { nb: 'Hendelsesabonnementer', en: 'Event subscriptions' }, order: 34 },
    home: {
      title: { nb: 'Hendelsesabonnementer', en: 'Event subscriptions' },
      description: {
        nb: 'Få endringer levert som signerte CloudEvents (webhooks) i stedet for å spørre. Leveranser, forsøk og ny sending.',
        en: 'Have changes delivered as signed CloudEvents (webhooks) instead of polling. Deliveries, attempts and replay.',
      },
    },
  },
  { id: 'event-subscription', path: '/events/subscriptions/:id', page: lazy(() => import('./events/SubscriptionPage.tsx')), access: 'user', roles: EVERYONE },
  {
    id: 'events',
    path: '/events',
    page: lazy(() => import('./events/EventsPage.tsx')),
    access: 'user',
    roles: EVERYONE,
    nav: { label: { nb: 'Hendelsesstrøm', en: 'Event stream' }, order: 35, roles: OPERATOR_STAFF },
  },

  // outbox
  {
    id: 'outbox',
    path: '/outbox',
    page: lazy(() => import('./outbox/OutboxPage.tsx')),
    access: 'user',
    roles: ['operator-admin', 'operator-agent'],
    nav: { label: 'nav.outbox', order: 70 },
    home: {
      title: 'nav.outbox',
      description: { nb: 'E-post sendt fra Samsvar, med status.', en: 'Mail sent by Samsvar, with status.' },
    },
  },

  // inbox (every user's own notifications; the bell in the header links here)
  {
    id: 'inbox',
    path: '/inbox',
    page: lazy(() => import('./inbox/InboxPage.tsx')),
    access: 'user',
    nav: { label: { nb: 'Innboks', en: 'Inbox' }, order: 70, area: 'user' },
  },

  // notification preferences (beside the inbox) and the public unsubscribe page of notification mails
  {
    id: 'notifications',
    path: '/notifications',
    page: lazy(() => import('./notifications/NotificationsPage.tsx')),
    access: 'user',
    nav: { label: { nb: 'Varsler', en: 'Notifications' }, order: 72, area: 'user' },
  },
  { id: 'notifications-unsubscribe', path: '/notifications/unsubscribe', page: lazy(() => import('./notifications/UnsubscribePage.tsx')), access: 'public' },

  // measures in force on the gateway (T-1.2.8, T-7.1, T-7.2, S-7.3.5, S-7.3.8, S-7.3.9)
  {
    id: 'measures',
    path: '/measures',
    page: lazy(() => import('./measures/MeasuresPage.tsx')),
    access: 'user',
    nav: { label: { nb: 'Tiltak', en: 'Measures' }, order: 38 },
    home: {
      title: { nb: 'Tiltak', en: 'Measures' },
      description: { nb: 'Struping, suspensjon, frakobling, sperrede ruter og stansede apper – med begrunnelse.', en: 'Throttling, suspension, disconnection, blocked routes and stopped apps – with the reason.' },
    },
  },
  { id: 'measure', path: '/measures/:id', page: lazy(() => import('./measures/MeasurePage.tsx')), access: 'user' },

  // call efficiency and polling findings (T-1.2.4)
  {
    id: 'usage',
    path: '/usage',
    page: lazy(() => import('./usage/UsagePage.tsx')),
    access: 'user',
    roles: [...VENDORS, ...OPERATOR_STAFF],
    nav: { label: { nb: 'Bruk og effektivitet', en: 'Call efficiency' }, order: 37 },
    home: {
      title: { nb: 'Bruk og effektivitet', en: 'Call efficiency' },
      description: { nb: 'Kall per rute, uendrede svar og polling – abonner på hendelser i stedet.', en: 'Calls per route, unchanged answers and polling – subscribe to events instead.' },
    },
  },

  // deprecated APIs and the vendors still calling them (T-1.2.6, T-3.1.2)
  {
    id: 'deprecations',
    path: '/deprecations',
    page: lazy(() => import('./deprecations/DeprecationsPage.tsx')),
    access: 'user',
    roles: [...VENDORS, ...OPERATOR_STAFF],
    nav: { label: { nb: 'Utfasede API-er', en: 'Deprecated APIs' }, order: 39 },
    home: {
      title: { nb: 'Utfasede API-er', en: 'Deprecated APIs' },
      description: { nb: 'API-er som utfases etter varsel, og hvem som fortsatt kaller dem.', en: 'APIs retired after a notice, and who still calls them.' },
    },
  },

  // duty roster (who among the operators gets the SLA warnings)
  {
    id: 'duty',
    path: '/duty',
    page: lazy(() => import('./duty/DutyPage.tsx')),
    access: 'user',
    roles: OPERATOR_STAFF,
    nav: { label: { nb: 'Vaktliste', en: 'Duty roster' }, order: 32 },
    home: {
      title: { nb: 'Vaktliste', en: 'Duty roster' },
      description: { nb: 'Hvem i driften som har vakt og får SLA-varslene.', en: 'Who among the operators is on duty and gets the SLA warnings.' },
    },
  },
];

/** Panels on the front page above the cards, for the roles given. */
export const homePanels: HomePanel[] = [
  { id: 'vendor-status', roles: VENDORS, panel: lazy(() => import('./terms/VendorStatusPanel.tsx')) },
  { id: 'due-summary', roles: SERVICE_OWNERS, panel: lazy(() => import('./obligations/DueSummaryPanel.tsx')) },
  { id: 'open-incidents', roles: OPERATOR_STAFF, panel: lazy(() => import('./incidents/OpenIncidentsPanel.tsx')) },
];
