/**
 * The route and menu registry: the one place a feature is plugged into the portal.
 *
 * To add a capability: create `web/src/features/<name>/` with its pages (default exports), its strings
 * (`messages.ts`, see app/i18n.ts) and its API helpers (`api.ts`), then add its entries here.
 * The router, the main menu and the front-page cards are all built from this list.
 */
import { lazy } from 'react';
import type { FeatureRoute } from '../app/feature.ts';
import { EVERYONE, OPERATOR_STAFF, ORG_MEMBERS } from '../app/roles.ts';

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
];
