/**
 * Tiny typed i18n: every UI string is a key → { nb, en }.
 *
 * - `messages` below holds the shell and the words shared by many pages.
 * - A feature keeps its own strings in `features/<name>/messages.ts` made with `defineMessages({...})`
 *   and reads them with `useMessages(featureMessages)`; the returned `t` accepts the feature's keys and the
 *   shared keys, both type-checked.
 * - `{name}` placeholders are filled from the second argument of `t`.
 */
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';

export type Lang = 'nb' | 'en';
export const LANGS: readonly Lang[] = ['nb', 'en'];
export type Text = { nb: string; en: string };
export type Dict = Record<string, Text>;
export type Vars = Record<string, string | number>;

/** Identity helper that keeps the literal keys of a feature dictionary. */
export function defineMessages<const D extends Dict>(dict: D): D {
  return dict;
}

export const messages = defineMessages({
  // Shell
  'app.name': { nb: 'Samsvar', en: 'Samsvar' },
  'app.tagline': {
    nb: 'Altinns bruksvilkår og tjenestenivåavtale i praksis',
    en: 'Altinn’s terms of use and service level agreement in practice',
  },
  'app.skipToContent': { nb: 'Hopp til hovedinnhold', en: 'Skip to main content' },
  'app.mainNav': { nb: 'Hovedmeny', en: 'Main menu' },
  'app.statusPage': { nb: 'Driftsstatus', en: 'Service status' },
  'app.userNav': { nb: 'Din konto', en: 'Your account' },
  'app.footer': {
    nb: 'Samsvar – drift av avtalene for Altinn. Tider vises i norsk tid.',
    en: 'Samsvar – running the Altinn agreements. Times are shown in Norwegian time.',
  },
  'app.langToggle': { nb: 'English', en: 'Norsk' },
  'app.langToggleLabel': { nb: 'Change language to English', en: 'Bytt språk til norsk' },
  'app.logout': { nb: 'Logg ut', en: 'Log out' },
  'app.login': { nb: 'Logg inn', en: 'Log in' },
  'app.loading': { nb: 'Laster …', en: 'Loading …' },
  'app.signedInAs': { nb: 'Innlogget som {name}', en: 'Signed in as {name}' },
  'app.activeOrg': { nb: 'Aktiv organisasjon', en: 'Active organisation' },
  'app.sessionError': {
    nb: 'Klarte ikke å hente innloggingsstatus fra tjeneren.',
    en: 'Could not get the sign-in status from the server.',
  },
  'app.retry': { nb: 'Prøv igjen', en: 'Try again' },

  // Navigation
  'nav.home': { nb: 'Oversikt', en: 'Overview' },
  'nav.organisations': { nb: 'Organisasjoner', en: 'Organisations' },
  'nav.myOrganisation': { nb: 'Min organisasjon', en: 'My organisation' },
  'nav.users': { nb: 'Brukere', en: 'Users' },
  'nav.profile': { nb: 'Min profil', en: 'My profile' },
  'nav.tokens': { nb: 'API-nøkler', en: 'API tokens' },
  'nav.policy': { nb: 'Avtalevilkår', en: 'Agreement policy' },
  'nav.clauses': { nb: 'Avtalepunkter', en: 'Clauses' },
  'nav.calendars': { nb: 'Kalendere', en: 'Calendars' },
  'nav.audit': { nb: 'Revisjonslogg', en: 'Audit log' },
  'nav.outbox': { nb: 'Utgående e-post', en: 'Mail outbox' },

  // Roles
  'role.operator-admin': { nb: 'Driftsadministrator', en: 'Operator administrator' },
  'role.operator-agent': { nb: 'Driftsmedarbeider', en: 'Operator agent' },
  'role.auditor': { nb: 'Revisor', en: 'Auditor' },
  'role.serviceowner-admin': { nb: 'Tjenesteeier – administrator', en: 'Service owner – administrator' },
  'role.serviceowner-member': { nb: 'Tjenesteeier – medlem', en: 'Service owner – member' },
  'role.vendor-admin': { nb: 'Leverandør – administrator', en: 'Vendor – administrator' },
  'role.vendor-developer': { nb: 'Leverandør – utvikler', en: 'Vendor – developer' },

  // Organisation kinds
  'kind.operator': { nb: 'Drift (Digdir)', en: 'Operator (Digdir)' },
  'kind.serviceOwner': { nb: 'Tjenesteeier', en: 'Service owner' },
  'kind.vendor': { nb: 'Leverandør', en: 'Vendor' },

  // Common words
  'common.save': { nb: 'Lagre', en: 'Save' },
  'common.cancel': { nb: 'Avbryt', en: 'Cancel' },
  'common.close': { nb: 'Lukk', en: 'Close' },
  'common.delete': { nb: 'Slett', en: 'Delete' },
  'common.remove': { nb: 'Fjern', en: 'Remove' },
  'common.edit': { nb: 'Endre', en: 'Edit' },
  'common.create': { nb: 'Opprett', en: 'Create' },
  'common.search': { nb: 'Søk', en: 'Search' },
  'common.loadMore': { nb: 'Vis flere', en: 'Show more' },
  'common.view': { nb: 'Vis', en: 'View' },
  'common.yes': { nb: 'Ja', en: 'Yes' },
  'common.no': { nb: 'Nei', en: 'No' },
  'common.none': { nb: 'Ingen', en: 'None' },
  'common.never': { nb: 'Aldri', en: 'Never' },
  'common.empty': { nb: 'Ingen oppføringer.', en: 'No entries.' },
  'common.saved': { nb: 'Lagret.', en: 'Saved.' },
  'common.name': { nb: 'Navn', en: 'Name' },
  'common.email': { nb: 'E-post', en: 'Email' },
  'common.role': { nb: 'Rolle', en: 'Role' },
  'common.created': { nb: 'Opprettet', en: 'Created' },
  'common.status': { nb: 'Status', en: 'Status' },
  'common.actions': { nb: 'Handlinger', en: 'Actions' },
  'common.organisation': { nb: 'Organisasjon', en: 'Organisation' },
  'common.confirm': { nb: 'Bekreft', en: 'Confirm' },
  'common.copy': { nb: 'Kopier', en: 'Copy' },
  'common.copied': { nb: 'Kopiert!', en: 'Copied!' },
  'common.required': { nb: 'Må fylles ut', en: 'Required' },

  // Errors (problem details)
  'error.title': { nb: 'Noe gikk galt', en: 'Something went wrong' },
  'error.network': {
    nb: 'Får ikke kontakt med tjeneren. Sjekk nettverket eller prøv igjen senere.',
    en: 'Cannot reach the server. Check the network or try again later.',
  },
  'error.fields': { nb: 'Rett opp feltene under:', en: 'Please correct these fields:' },
  'error.status': { nb: 'Feilkode {status}', en: 'Error code {status}' },

  // Access pages
  'notFound.title': { nb: 'Fant ikke siden', en: 'Page not found' },
  'notFound.body': {
    nb: 'Siden du ba om finnes ikke, eller den er flyttet.',
    en: 'The page you asked for does not exist or has moved.',
  },
  'notFound.home': { nb: 'Gå til forsiden', en: 'Go to the front page' },
  'forbidden.title': { nb: 'Ingen tilgang', en: 'No access' },
  'forbidden.body': {
    nb: 'Rollen din i den aktive organisasjonen gir ikke tilgang til denne siden.',
    en: 'Your role in the active organisation does not give access to this page.',
  },
});

export type MessageKey = keyof typeof messages;

const STORAGE_KEY = 'samsvar.lang';

function fill(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** Pick the language from a bilingual value. Accepts a plain string (returned as is) for robustness. */
export function pick(value: Text | string | undefined | null, lang: Lang): string {
  if (value == null) return '';
  if (typeof value === 'string') return value;
  return value[lang] ?? value.nb ?? value.en ?? '';
}

export function isText(value: unknown): value is Text {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (typeof (value as Text).nb === 'string' || typeof (value as Text).en === 'string') &&
    Object.keys(value).every((k) => k === 'nb' || k === 'en' || k === 'nn')
  );
}

export function storedLang(): Lang | null {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'nb' || v === 'en' ? v : null;
  } catch {
    return null;
  }
}

type I18nContextValue = {
  lang: Lang;
  setLang: (lang: Lang) => void;
};

const I18nContext = createContext<I18nContextValue>({ lang: 'nb', setLang: () => {} });

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => storedLang() ?? 'nb');

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // storage may be unavailable (private mode); the choice then lasts for this page view
    }
  }, []);

  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return createElement(I18nContext.Provider, { value }, children);
}

export type Translate<K extends string> = (key: K | Text, vars?: Vars) => string;

export type I18n<K extends string = MessageKey> = {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** Translate a key (or an inline `{ nb, en }` value). */
  t: Translate<K>;
  /** Pick the current language from a bilingual value coming from the API. */
  pick: (value: Text | string | undefined | null) => string;
};

function makeT<D extends Dict>(dict: D, lang: Lang): Translate<Extract<keyof D, string>> {
  return (key, vars) => {
    if (typeof key !== 'string') return fill(pick(key, lang), vars);
    const entry = dict[key];
    if (!entry) return key;
    return fill(entry[lang], vars);
  };
}

/** Shared strings only. */
export function useI18n(): I18n<MessageKey> {
  return useMessages({});
}

/** Feature strings plus the shared ones. */
export function useMessages<D extends Dict>(featureMessages: D): I18n<MessageKey | Extract<keyof D, string>> {
  const { lang, setLang } = useContext(I18nContext);
  return useMemo(() => {
    const merged = { ...messages, ...featureMessages } as Dict;
    return {
      lang,
      setLang,
      t: makeT(merged, lang) as Translate<MessageKey | Extract<keyof D, string>>,
      pick: (value: Text | string | undefined | null) => pick(value, lang),
    };
    // featureMessages are module constants; lang is what changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang, setLang]);
}
