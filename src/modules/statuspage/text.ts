/** Texts of the public status page in bokmål and English, and time formatting in Europe/Oslo. */
import type { ComponentState, Lang, NoticeState, PostKind } from './model.ts';

export const TIME_ZONE = 'Europe/Oslo';

const timeFmt = {
  nb: new Intl.DateTimeFormat('nb-NO', { timeZone: TIME_ZONE, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
};
const dateFmt = {
  nb: new Intl.DateTimeFormat('nb-NO', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }),
};
const monthFmt = {
  nb: new Intl.DateTimeFormat('nb-NO', { timeZone: 'UTC', month: 'long', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }),
};

/** An instant as Oslo wall-clock time, e.g. "4. nov. 2026, 22:00" / "4 Nov 2026, 22:00". */
export function formatTime(iso: string, lang: Lang): string {
  return timeFmt[lang].format(new Date(iso));
}

const clockFmt = new Intl.DateTimeFormat('nb-NO', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });
const dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** Oslo clock time, e.g. "22:00". */
export function formatClock(iso: string, _lang: Lang): string {
  return clockFmt.format(new Date(iso));
}

/** Whether two instants fall on the same Oslo calendar day. */
export function sameOsloDay(a: string, b: string): boolean {
  return dayFmt.format(new Date(a)) === dayFmt.format(new Date(b));
}

/** A calendar date (YYYY-MM-DD) as e.g. "4. nov. 2026". */
export function formatDate(date: string, lang: Lang): string {
  return dateFmt[lang].format(new Date(`${date}T12:00:00Z`));
}

/** A month (YYYY-MM) as e.g. "november 2026". */
export function formatMonth(month: string, lang: Lang): string {
  return monthFmt[lang].format(new Date(`${month}-15T12:00:00Z`));
}

export function formatPercent(p: number | null, lang: Lang): string {
  if (p === null) return '–';
  // Three decimals would overstate the precision; two show 99.95 % against a 99.9 % target.
  const s = (Math.floor(p * 100 + 1e-6) / 100).toFixed(2);
  return `${lang === 'nb' ? s.replace('.', ',') : s} %`;
}

/** A duration in ms as "2 t 5 min" / "2 h 5 min". */
export function formatDuration(ms: number, lang: Lang): string {
  const neg = ms < 0;
  let m = Math.round(Math.abs(ms) / 60_000);
  const d = Math.floor(m / 1440);
  m -= d * 1440;
  const h = Math.floor(m / 60);
  m -= h * 60;
  const parts: string[] = [];
  if (d) parts.push(lang === 'nb' ? `${d} d` : `${d} d`);
  if (h) parts.push(lang === 'nb' ? `${h} t` : `${h} h`);
  if (m || parts.length === 0) parts.push(`${m} min`);
  return (neg ? '−' : '') + parts.join(' ');
}

interface Texts {
  pageTitle: string;
  skip: string;
  otherLang: string;
  otherLangName: string;
  lastUpdated: string;
  staleNotice: string;
  components: string;
  uptimeLegend: (days: number) => string;
  daysAgo: (days: number) => string;
  today: string;
  noWindow: string;
  noData: string;
  activeIncidents: string;
  noActiveIncidents: string;
  maintenanceNow: string;
  maintenanceUpcoming: string;
  pastMaintenance: string;
  noMaintenance: string;
  monthly: string;
  monthlyIntro: string;
  component: string;
  target: string;
  availability: string;
  budgetLeft: string;
  met: string;
  notMet: string;
  pending: string;
  history: string;
  historyIntro: string;
  noHistory: string;
  changelog: string;
  changelogDescription: string;
  roadmap: string;
  releases: string;
  meetings: string;
  meetingsIntro: string;
  noMeetings: string;
  noPosts: string;
  feeds: string;
  feedTitle: string;
  feedDescription: string;
  rss: string;
  atom: string;
  ics: string;
  meetingsIcs: string;
  changelogRss: string;
  apiLink: string;
  subscribe: string;
  subscribeIntro: string;
  email: string;
  chooseComponents: string;
  subscribeButton: string;
  incident: string;
  reported: string;
  resolved: string;
  affects: string;
  updates: string;
  when: string;
  starts: string;
  ends: string;
  late: string;
  back: string;
  documentation: string;
  operatingWindow: string;
  currentState: string;
  since: string;
  affectedApis: string;
  sunset: string;
  maintenanceCalendar: string;
  cancelledPrefix: string;
  location: string;
  cancelled: string;
  notFound: string;
  notFoundText: string;
  unavailable: string;
  unavailableText: string;
  state: Record<ComponentState, string>;
  incidentStatus: Record<'investigating' | 'identified' | 'monitoring' | 'resolved', string>;
  noticeState: Record<NoticeState, string>;
  postKind: Record<PostKind, string>;
  roadmapState: Record<string, string>;
  windows: Record<string, string>;
  nav: string;
  home: string;
}

export const T: Record<Lang, Texts> = {
  nb: {
    pageTitle: 'Driftsstatus',
    skip: 'Hopp til hovedinnhold',
    otherLang: 'English',
    otherLangName: 'en',
    lastUpdated: 'Sist oppdatert',
    staleNotice: 'Vi får ikke hentet nye opplysninger akkurat nå. Siden viser situasjonen slik den var da den sist ble oppdatert.',
    components: 'Tjenester',
    uptimeLegend: (d) => `Tilgjengelighet de siste ${d} dagene, innenfor hver tjenestes åpningstid`,
    daysAgo: (d) => `${d} dager siden`,
    today: 'I dag',
    noWindow: 'ikke i drift denne dagen',
    noData: 'ingen tall',
    activeIncidents: 'Pågående hendelser',
    noActiveIncidents: 'Ingen pågående hendelser.',
    maintenanceNow: 'Vedlikehold og endringer som pågår',
    maintenanceUpcoming: 'Planlagt vedlikehold og endringer',
    pastMaintenance: 'Tidligere vedlikehold og endringer',
    noMaintenance: 'Ingen planlagt vedlikehold.',
    monthly: 'Tilgjengelighet per måned',
    monthlyIntro: 'Målt innenfor åpningstiden, mot målet i tjenesteavtalen. Varslet vedlikehold regnes ikke som nedetid.',
    component: 'Tjeneste',
    target: 'Mål',
    availability: 'Tilgjengelighet',
    budgetLeft: 'Gjenstående feilbudsjett',
    met: 'Nådd',
    notMet: 'Ikke nådd',
    pending: 'Måned pågår',
    history: 'Tidligere hendelser',
    historyIntro: 'Hendelser som er publisert på statussiden.',
    noHistory: 'Ingen publiserte hendelser.',
    changelog: 'Endringslogg',
    changelogDescription: 'Endringer, produksjonssettinger og veikart.',
    roadmap: 'Veikart',
    releases: 'Produksjonssettinger',
    meetings: 'Møter med tjenesteeiere',
    meetingsIntro: 'Faste fellesmøter med tjenesteeierne.',
    noMeetings: 'Ingen møter er satt opp.',
    noPosts: 'Ingenting publisert ennå.',
    feeds: 'Abonner og hent data',
    feedTitle: 'hendelser og vedlikehold',
    feedDescription: 'Hendelser, planlagt vedlikehold og endringer.',
    rss: 'RSS-strøm',
    atom: 'Atom-strøm',
    ics: 'Vedlikeholdskalender (iCalendar)',
    meetingsIcs: 'Møtekalender (iCalendar)',
    changelogRss: 'Endringslogg (RSS)',
    apiLink: 'JSON-API (Statuspage-kompatibelt)',
    subscribe: 'Få varsel på e-post',
    subscribeIntro: 'Vi sender en e-post for å bekrefte adressen. Velg tjenester, eller ingen for å få varsel om alle.',
    email: 'E-postadresse',
    chooseComponents: 'Tjenester',
    subscribeButton: 'Abonner',
    incident: 'Hendelse',
    reported: 'Meldt',
    resolved: 'Løst',
    affects: 'Berører',
    updates: 'Oppdateringer',
    when: 'Tidspunkt',
    starts: 'Starter',
    ends: 'Slutter',
    late: 'Varslet senere enn avtalt varslingstid',
    back: 'Tilbake til statussiden',
    documentation: 'Dokumentasjon',
    operatingWindow: 'Åpningstid',
    currentState: 'Status nå',
    since: 'siden',
    affectedApis: 'Berørte API-er',
    sunset: 'fjernes',
    maintenanceCalendar: 'vedlikehold og endringer',
    cancelledPrefix: 'AVLYST:',
    location: 'Sted',
    cancelled: 'Avlyst',
    notFound: 'Finnes ikke',
    notFoundText: 'Vi fant ikke det du lette etter.',
    unavailable: 'Statussiden er ikke tilgjengelig',
    unavailableText: 'Statussiden er ikke klar ennå. Prøv igjen om litt.',
    state: {
      operational: 'I drift',
      degraded_performance: 'Redusert ytelse',
      partial_outage: 'Delvis nede',
      major_outage: 'Nede',
      under_maintenance: 'Vedlikehold',
    },
    incidentStatus: { investigating: 'Undersøkes', identified: 'Årsak funnet', monitoring: 'Overvåkes', resolved: 'Løst' },
    noticeState: { scheduled: 'Planlagt', in_progress: 'Pågår', completed: 'Fullført', cancelled: 'Avlyst' },
    postKind: { changelog: 'Endring', roadmap: 'Veikart', release: 'Produksjonssetting' },
    roadmapState: { planned: 'Planlagt', in_progress: 'Under arbeid', done: 'Ferdig' },
    windows: { always: 'Hele døgnet, alle dager' },
    nav: 'Statussiden',
    home: 'Driftsstatus',
  },
  en: {
    pageTitle: 'Service status',
    skip: 'Skip to main content',
    otherLang: 'Norsk',
    otherLangName: 'nb',
    lastUpdated: 'Last updated',
    staleNotice: 'We cannot fetch new information right now. The page shows the situation as it was when it was last updated.',
    components: 'Services',
    uptimeLegend: (d) => `Availability over the last ${d} days, inside each service's operating hours`,
    daysAgo: (d) => `${d} days ago`,
    today: 'Today',
    noWindow: 'not in operation that day',
    noData: 'no figures',
    activeIncidents: 'Active incidents',
    noActiveIncidents: 'No active incidents.',
    maintenanceNow: 'Maintenance and changes in progress',
    maintenanceUpcoming: 'Scheduled maintenance and changes',
    pastMaintenance: 'Past maintenance and changes',
    noMaintenance: 'No scheduled maintenance.',
    monthly: 'Monthly availability',
    monthlyIntro: 'Measured inside the operating hours against the target of the service level agreement. Maintenance announced in time does not count as downtime.',
    component: 'Service',
    target: 'Target',
    availability: 'Availability',
    budgetLeft: 'Error budget left',
    met: 'Met',
    notMet: 'Not met',
    pending: 'Month in progress',
    history: 'Past incidents',
    historyIntro: 'Incidents published on the status page.',
    noHistory: 'No published incidents.',
    changelog: 'Change log',
    changelogDescription: 'Changes, production releases and the roadmap.',
    roadmap: 'Roadmap',
    releases: 'Production releases',
    meetings: 'Meetings with service owners',
    meetingsIntro: 'Regular joint meetings with the service owners.',
    noMeetings: 'No meetings are scheduled.',
    noPosts: 'Nothing published yet.',
    feeds: 'Subscribe and get the data',
    feedTitle: 'incidents and maintenance',
    feedDescription: 'Incidents, planned maintenance and changes.',
    rss: 'RSS feed',
    atom: 'Atom feed',
    ics: 'Maintenance calendar (iCalendar)',
    meetingsIcs: 'Meeting calendar (iCalendar)',
    changelogRss: 'Change log (RSS)',
    apiLink: 'JSON API (Statuspage-compatible)',
    subscribe: 'Get notified by e-mail',
    subscribeIntro: 'We send an e-mail to confirm the address. Choose services, or none to hear about all of them.',
    email: 'E-mail address',
    chooseComponents: 'Services',
    subscribeButton: 'Subscribe',
    incident: 'Incident',
    reported: 'Reported',
    resolved: 'Resolved',
    affects: 'Affects',
    updates: 'Updates',
    when: 'When',
    starts: 'Starts',
    ends: 'Ends',
    late: 'Announced later than the agreed notice period',
    back: 'Back to the status page',
    documentation: 'Documentation',
    operatingWindow: 'Operating hours',
    currentState: 'Current status',
    since: 'since',
    affectedApis: 'Affected APIs',
    sunset: 'removed',
    maintenanceCalendar: 'maintenance and changes',
    cancelledPrefix: 'CANCELLED:',
    location: 'Location',
    cancelled: 'Cancelled',
    notFound: 'Not found',
    notFoundText: 'We could not find what you were looking for.',
    unavailable: 'The status page is unavailable',
    unavailableText: 'The status page is not ready yet. Please try again shortly.',
    state: {
      operational: 'Operational',
      degraded_performance: 'Degraded performance',
      partial_outage: 'Partial outage',
      major_outage: 'Major outage',
      under_maintenance: 'Under maintenance',
    },
    incidentStatus: { investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring', resolved: 'Resolved' },
    noticeState: { scheduled: 'Scheduled', in_progress: 'In progress', completed: 'Completed', cancelled: 'Cancelled' },
    postKind: { changelog: 'Change', roadmap: 'Roadmap', release: 'Production release' },
    roadmapState: { planned: 'Planned', in_progress: 'In progress', done: 'Done' },
    windows: { always: 'Around the clock, every day' },
    nav: 'Status page',
    home: 'Service status',
  },
};
