/**
 * The words of status messages in bokmål and English (T-3.1.1, T-3.1): an incident's newest public update, a
 * notice's change of state, and a reminder before planned work starts. Pure functions of the event data, the policy
 * and the public URL; channels add their own wrapping (email.ts adds the footer with manage and unsubscribe links).
 */
import type { Policy } from '../../kernel/policy/schema.ts';
import { formatLocal } from '../../kernel/worktime/index.ts';
import { componentCatalogue } from '../components/catalogue.ts';
import type { Lang, StatusContent, StatusMessage } from './channels.ts';

/** What `no.samsvar.status.incident` carries in data.incident (the fields used here). */
export interface IncidentData {
  id: string;
  ref: string;
  title: string;
  status: string;
  components?: string[];
  updates?: { id?: string; at?: string; body?: string; status?: string }[];
}

/** What `no.samsvar.notice.*` carries in data.notice (the fields used here). */
export interface NoticeData {
  ref: string;
  noticeClass?: string;
  className?: { nb?: string; en?: string } | null;
  title: string;
  titleEn?: string | null;
  body?: string | null;
  bodyEn?: string | null;
  components?: string[];
  startsAt: string | Date;
  endsAt?: string | Date | null;
  state?: string;
}

export const NOTICE_CHANGES = ['scheduled', 'updated', 'started', 'completed', 'cancelled'] as const;
export type NoticeChange = (typeof NOTICE_CHANGES)[number];

const STATUS: Record<string, Record<Lang, string>> = {
  investigating: { nb: 'Undersøkes', en: 'Investigating' },
  identified: { nb: 'Årsak funnet', en: 'Identified' },
  monitoring: { nb: 'Overvåkes', en: 'Monitoring' },
  resolved: { nb: 'Løst', en: 'Resolved' },
};

const NOTICE_LEAD: Record<NoticeChange, Record<Lang, string>> = {
  scheduled: { nb: 'Nytt varsel om planlagt arbeid', en: 'Planned work announced' },
  updated: { nb: 'Varselet om planlagt arbeid er endret', en: 'Planned work notice updated' },
  started: { nb: 'Planlagt arbeid har startet', en: 'Planned work has started' },
  completed: { nb: 'Planlagt arbeid er fullført', en: 'Planned work completed' },
  cancelled: { nb: 'Planlagt arbeid er avlyst', en: 'Planned work cancelled' },
};

const L = {
  status: { nb: 'Status', en: 'Status' },
  components: { nb: 'Berørte komponenter', en: 'Affected components' },
  all: { nb: 'Ikke angitt', en: 'Not specified' },
  starts: { nb: 'Starter', en: 'Starts' },
  ends: { nb: 'Slutter', en: 'Ends' },
  kind: { nb: 'Type', en: 'Kind' },
  updated: { nb: 'Oppdatert', en: 'Updated' },
  oslo: { nb: 'norsk tid', en: 'Oslo time' },
  incidentLead: { nb: 'Driftsmelding', en: 'Service incident' },
  seeIncident: { nb: 'Se hendelsen på statussiden', en: 'See the incident on the status page' },
  seeNotice: { nb: 'Se varselet på statussiden', en: 'See the notice on the status page' },
  subjectIncident: { nb: 'Driftsmelding', en: 'Service status' },
  subjectNotice: { nb: 'Planlagt arbeid', en: 'Planned work' },
  subjectReminder: { nb: 'Påminnelse', en: 'Reminder' },
};

const base = (publicUrl: string) => publicUrl.replace(/\/$/, '');

export function osloTime(at: string | Date, lang: Lang): string {
  return `${formatLocal(new Date(at))} (${L.oslo[lang]})`;
}

/** "om 30 minutter" / "in 30 minutes", rounded to minutes, hours or days. */
export function timeUntil(ms: number, lang: Lang): string {
  const min = Math.max(1, Math.round(ms / 60_000));
  const [n, unit] = min < 120 ? [min, 'm'] : min < 48 * 60 ? [Math.round(min / 60), 'h'] : [Math.round(min / 1440), 'd'];
  const words = {
    nb: { m: ['minutt', 'minutter'], h: ['time', 'timer'], d: ['døgn', 'døgn'] },
    en: { m: ['minute', 'minutes'], h: ['hour', 'hours'], d: ['day', 'days'] },
  }[lang][unit as 'm' | 'h' | 'd'];
  return lang === 'nb' ? `om ${n} ${words[n === 1 ? 0 : 1]}` : `in ${n} ${words[n === 1 ? 0 : 1]}`;
}

function componentNames(policy: Policy, ids: readonly string[], lang: Lang): string {
  if (!ids.length) return L.all[lang];
  const byId = new Map(componentCatalogue(policy).map((c) => [c.id, c]));
  return ids.map((id) => byId.get(id)?.name[lang] ?? id).join(', ');
}

/** An incident's newest public update; null when it has none (nothing public to say). */
export function incidentMessage(policy: Policy, publicUrl: string, inc: IncidentData): StatusMessage | null {
  const newest = inc.updates?.[0];
  if (!newest?.body) return null;
  const components = inc.components ?? [];
  const status = newest.status ?? inc.status;
  return {
    kind: 'incident',
    type: 'no.samsvar.status.incident',
    ref: inc.ref,
    components,
    content(lang): StatusContent {
      const st = STATUS[status]?.[lang] ?? status;
      return {
        subject: `${L.subjectIncident[lang]}: ${inc.title} – ${st}`,
        lead: `${L.incidentLead[lang]} ${inc.ref}`,
        title: inc.title,
        facts: [
          [L.status[lang], st],
          [L.components[lang], componentNames(policy, components, lang)],
          ...(newest.at ? ([[L.updated[lang], osloTime(newest.at, lang)]] as [string, string][]) : []),
        ],
        body: newest.body ?? '',
        link: `${base(publicUrl)}/status/incidents/${encodeURIComponent(inc.ref)}`,
        linkLabel: L.seeIncident[lang],
      };
    },
  };
}

function noticeTexts(policy: Policy, n: NoticeData, lang: Lang) {
  const title = lang === 'en' ? (n.titleEn || n.title) : n.title;
  const body = (lang === 'en' ? (n.bodyEn || n.body) : n.body) ?? '';
  const cls = n.className?.[lang] ?? (n.noticeClass ? policy.noticeClasses?.[n.noticeClass]?.name[lang] : undefined) ?? L.subjectNotice[lang];
  const facts: [string, string][] = [
    [L.kind[lang], cls],
    [L.components[lang], componentNames(policy, n.components ?? [], lang)],
    [L.starts[lang], osloTime(n.startsAt, lang)],
  ];
  if (n.endsAt) facts.push([L.ends[lang], osloTime(n.endsAt, lang)]);
  return { title, body, facts };
}

const noticeLink = (publicUrl: string, ref: string) => `${base(publicUrl)}/status/maintenance/${encodeURIComponent(ref)}`;

/** A notice's change of state (scheduled, updated, started, completed, cancelled). */
export function noticeMessage(policy: Policy, publicUrl: string, change: NoticeChange, n: NoticeData): StatusMessage {
  return {
    kind: 'notice',
    type: `no.samsvar.notice.${change}`,
    ref: n.ref,
    components: n.components ?? [],
    content(lang) {
      const t = noticeTexts(policy, n, lang);
      return {
        subject: `${L.subjectNotice[lang]}: ${t.title} – ${NOTICE_LEAD[change][lang].toLowerCase()}`,
        lead: `${NOTICE_LEAD[change][lang]} (${n.ref})`,
        title: t.title,
        facts: t.facts,
        body: t.body,
        link: noticeLink(publicUrl, n.ref),
        linkLabel: L.seeNotice[lang],
      };
    },
  };
}

/** A reminder that planned work starts soon (`at` = when the reminder is written). */
export function reminderMessage(policy: Policy, publicUrl: string, n: NoticeData, at: Date): StatusMessage {
  const left = new Date(n.startsAt).getTime() - at.getTime();
  return {
    kind: 'reminder',
    type: 'reminder',
    ref: n.ref,
    components: n.components ?? [],
    content(lang) {
      const t = noticeTexts(policy, n, lang);
      const lead = lang === 'nb' ? `Planlagt arbeid starter ${timeUntil(left, lang)}` : `Planned work starts ${timeUntil(left, lang)}`;
      return {
        subject: `${L.subjectReminder[lang]}: ${t.title} – ${lead.charAt(0).toLowerCase()}${lead.slice(1)}`,
        lead: `${lead} (${n.ref})`,
        title: t.title,
        facts: t.facts,
        body: t.body,
        link: noticeLink(publicUrl, n.ref),
        linkLabel: L.seeNotice[lang],
      };
    },
  };
}
