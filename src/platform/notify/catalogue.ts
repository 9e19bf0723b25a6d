/**
 * The notification catalogue of incidents, deviations and the terms of use: the event types those modules publish
 * (with `publishEvent`, src/platform/events) and how they notify people. THE DATA SHAPES BELOW ARE THE CONTRACT
 * with the publishing modules; docs/notifications.md lists them too.
 *
 * Conventions for every type:
 * - `resource` is `urn:samsvar:<kind>:<uuid>` (the portal link is built from it);
 * - `data.actorUserId` (optional): the user who caused the event — never told about their own act;
 * - times in `data` are ISO 8601 instants; `Text` is `{ nb, en }`.
 *
 * | type                               | visibility / orgId                                   | data                                   |
 * |------------------------------------|------------------------------------------------------|----------------------------------------|
 * | no.samsvar.incident.created        | org = reporter's organisation (operators if none)    | IncidentCreatedData                    |
 * | no.samsvar.incident.state          | same as created                                      | IncidentStateData (not for → resolved) |
 * | no.samsvar.incident.resolved       | same as created                                      | IncidentResolvedData                   |
 * | no.samsvar.deviation.opened        | org = the case's organisation (operators if none)    | DeviationOpenedData                    |
 * | no.samsvar.deviation.escalated     | same as opened                                       | DeviationEscalatedData                 |
 * | no.samsvar.deviation.resolved      | same as opened                                       | DeviationResolvedData                  |
 * | no.samsvar.terms.published         | public, no organisation                              | TermsPublishedData                     |
 * | no.samsvar.notice.scheduled        | public, no organisation                              | NoticeEventData                        |
 * | no.samsvar.notice.cancelled        | public, no organisation                              | NoticeEventData                        |
 */
import { formatLocal } from '../../kernel/worktime/index.ts';
import { membersOf, usersWithRole } from './audience.ts';
import { defineNotification, type Lang, type NotifyEvent, type Text } from './registry.ts';

// ============================================================================================ data shapes

/** `no.samsvar.incident.created` — resource `urn:samsvar:incident:<incident id>`. */
export interface IncidentCreatedData {
  /** e.g. "INC-2026-0042" */
  ref: string;
  title: string;
  /** Category key of the policy: "A", "B" or "C". */
  category: string;
  /** The reporting organisation (also the event's orgId); null when reported for an external address. */
  reporterOrgId: string | null;
  reporterOrgName?: string | null;
  /** The reporting user, when a user reported it. */
  reporterUserId?: string | null;
  actorUserId?: string | null;
}

/** `no.samsvar.incident.state` — a move between states; a move to `resolved` publishes `incident.resolved` instead (or as well: this type ignores it). */
export interface IncidentStateData {
  ref: string;
  title: string;
  /** new | investigating | identified | monitoring | resolved | closed */
  from: string;
  to: string;
  reporterOrgId: string | null;
  reporterUserId?: string | null;
  /** A message shared with the reporter (shared or public visibility), if the move carried one. */
  message?: string | null;
  actorUserId?: string | null;
}

/** `no.samsvar.incident.resolved` */
export interface IncidentResolvedData {
  ref: string;
  title: string;
  category: string;
  reporterOrgId: string | null;
  reporterUserId?: string | null;
  /** ISO instant. */
  resolvedAt: string;
  /** The public or shared resolution message, if any. */
  message?: string | null;
  actorUserId?: string | null;
}

/** `no.samsvar.deviation.opened` — resource `urn:samsvar:deviation:<case id>`. */
export interface DeviationOpenedData {
  /** e.g. "AVV-2026-0003" */
  ref: string;
  title: string;
  /** Who failed the requirement: operator | serviceOwner */
  party: 'operator' | 'serviceOwner';
  /** Ladder level id of the policy, e.g. "operations". */
  level: string;
  levelName?: Text;
  /** Clause IDs, e.g. ["S-2.2.2"]. */
  clauses?: string[];
  /** The service owner concerned (also the event's orgId), or null. */
  orgId: string | null;
  orgName?: string | null;
  actorUserId?: string | null;
}

/** `no.samsvar.deviation.escalated` */
export interface DeviationEscalatedData {
  ref: string;
  title: string;
  party: 'operator' | 'serviceOwner';
  /** The new level. */
  level: string;
  levelName?: Text;
  fromLevel: string;
  fromLevelName?: Text;
  reason: string;
  clauses?: string[];
  orgId: string | null;
  orgName?: string | null;
  actorUserId?: string | null;
}

/** `no.samsvar.deviation.resolved` */
export interface DeviationResolvedData {
  ref: string;
  title: string;
  resolution: string;
  level: string;
  levelName?: Text;
  orgId: string | null;
  actorUserId?: string | null;
}

/** `no.samsvar.terms.published` — resource `urn:samsvar:terms:<version id>`, visibility public. */
export interface TermsPublishedData {
  /** e.g. "2026-2" */
  version: string;
  title: string;
  /** ISO instant the version takes effect. */
  effectiveAt: string;
  /** ISO instant by which vendors must have accepted it (effectiveAt + the grace period), if known. */
  acceptBy?: string | null;
  changeLog?: string | null;
  actorUserId?: string | null;
}

/**
 * `no.samsvar.notice.<scheduled|updated|started|completed|cancelled>` — resource `urn:samsvar:notice:<notice id>`,
 * visibility public; `notice` is the notices module's public view (instants as ISO strings in the event).
 */
export interface NoticeEventData {
  notice: {
    id: string;
    /** e.g. "VAR-2026-0007" */
    ref: string;
    /** Policy notice class: maintenance, breakingChange, majorChange, emergency, newService. */
    noticeClass: string;
    className: Text;
    title: string;
    titleEn?: string | null;
    startsAt: string;
    endsAt?: string | null;
    components: string[];
    /** Affected APIs of a breaking change (the gateway sends Deprecation/Sunset for them). */
    apis?: { method: string; path: string; product?: string; sunsetAt: string }[];
    late?: boolean;
  };
  actorUserId?: string | null;
}

// ============================================================================================ helpers

/** The id in `urn:samsvar:<kind>:<id>`, or null. */
export function resourceId(resource: string, kind: string): string | null {
  const m = /^urn:samsvar:([a-z-]+):(.+)$/.exec(resource);
  return m && m[1] === kind ? m[2] : null;
}

const when = (iso: string | null | undefined, lang: Lang): string => {
  if (!iso) return '–';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return lang === 'nb' ? formatLocal(ms) : `${formatLocal(ms)} Oslo time`;
};
const q = (s: string, lang: Lang) => (lang === 'nb' ? `«${s}»` : `“${s}”`);
const pickText = (t: Text | undefined, fallback: string, lang: Lang) => t?.[lang] || fallback;

export const STATE_NAMES: Record<string, Text> = {
  new: { nb: 'ny', en: 'new' },
  investigating: { nb: 'undersøkes', en: 'investigating' },
  identified: { nb: 'årsak funnet', en: 'identified' },
  monitoring: { nb: 'overvåkes', en: 'monitoring' },
  resolved: { nb: 'løst', en: 'resolved' },
  closed: { nb: 'lukket', en: 'closed' },
};
const stateName = (s: string, lang: Lang) => STATE_NAMES[s]?.[lang] ?? s;
const PARTY: Record<string, Text> = {
  operator: { nb: 'driftsleverandøren (Digdir)', en: 'the operator (Digdir)' },
  serviceOwner: { nb: 'tjenesteeieren', en: 'the service owner' },
};

const incidentLink = (e: NotifyEvent) => {
  const id = resourceId(e.resource, 'incident');
  return id ? `/incidents/${id}` : '/incidents';
};
const deviationLink = (e: NotifyEvent) => {
  const id = resourceId(e.resource, 'deviation');
  return id ? `/deviations/${id}` : '/deviations';
};

/** Operator admins, and the admins of the case's service owner. */
async function deviationAudience(tx: Parameters<typeof membersOf>[0], orgId: string | null): Promise<string[]> {
  return [...(await usersWithRole(tx, ['operator-admin'])), ...(await membersOf(tx, orgId, ['serviceowner-admin']))];
}

// ============================================================================================ incidents

export const incidentCreated = defineNotification<IncidentCreatedData>({
  type: 'no.samsvar.incident.created',
  title: { nb: 'Ny hendelse', en: 'New incident' },
  description: {
    nb: 'En hendelse er meldt (kategori A, B eller C).',
    en: 'An incident has been reported (category A, B or C).',
  },
  audienceText: {
    nb: 'Medlemmene i organisasjonen som meldte hendelsen (ikke den som meldte den)',
    en: 'Members of the organisation that reported it (not the reporter)',
  },
  defaults: { channel: 'inbox', digest: 'immediate' },
  audience: async (_ctx, tx, e) => (await membersOf(tx, e.data.reporterOrgId)).filter((id) => id !== e.data.reporterUserId),
  render: (e, lang) => {
    const d = e.data;
    const who = d.reporterOrgName || (lang === 'nb' ? 'En organisasjon' : 'An organisation');
    return lang === 'nb'
      ? {
          subject: `Ny hendelse ${d.ref} (kategori ${d.category}): ${d.title}`,
          title: `Ny hendelse ${d.ref} (kategori ${d.category})`,
          body: `${who}: ${d.title}`,
          text: `${who} har meldt hendelsen ${d.ref} i kategori ${d.category}: ${q(d.title, lang)}.\nMeldt ${when(e.time.toISOString(), lang)}.`,
          link: incidentLink(e),
        }
      : {
          subject: `New incident ${d.ref} (category ${d.category}): ${d.title}`,
          title: `New incident ${d.ref} (category ${d.category})`,
          body: `${who}: ${d.title}`,
          text: `${who} has reported incident ${d.ref} in category ${d.category}: ${q(d.title, lang)}.\nReported ${when(e.time.toISOString(), lang)}.`,
          link: incidentLink(e),
        };
  },
});

export const incidentState = defineNotification<IncidentStateData>({
  type: 'no.samsvar.incident.state',
  title: { nb: 'Hendelse endret status', en: 'Incident state changed' },
  description: {
    nb: 'En hendelse har gått til en ny status (undersøkes, årsak funnet, overvåkes, lukket, gjenåpnet). Løste hendelser har en egen type.',
    en: 'An incident moved to another state (investigating, identified, monitoring, closed, reopened). Resolved incidents have a type of their own.',
  },
  audienceText: {
    nb: 'Den som meldte hendelsen (ellers medlemmene i organisasjonen som meldte den)',
    en: 'The reporter (else the members of the reporting organisation)',
  },
  defaults: { channel: 'inbox', digest: 'immediate' },
  when: (e) => e.data.to !== 'resolved',
  audience: async (_ctx, tx, e) => (e.data.reporterUserId ? [e.data.reporterUserId] : membersOf(tx, e.data.reporterOrgId)),
  render: (e, lang) => {
    const d = e.data;
    const msg = d.message?.trim();
    return lang === 'nb'
      ? {
          subject: `${d.ref}: status ${stateName(d.to, lang)} – ${d.title}`,
          title: `${d.ref}: ${stateName(d.from, lang)} → ${stateName(d.to, lang)}`,
          body: msg || d.title,
          text: `Hendelsen ${d.ref} ${q(d.title, lang)} har gått fra ${stateName(d.from, lang)} til ${stateName(d.to, lang)} (${when(e.time.toISOString(), lang)}).${msg ? `\n\n${msg}` : ''}`,
          link: incidentLink(e),
        }
      : {
          subject: `${d.ref}: state ${stateName(d.to, lang)} – ${d.title}`,
          title: `${d.ref}: ${stateName(d.from, lang)} → ${stateName(d.to, lang)}`,
          body: msg || d.title,
          text: `Incident ${d.ref} ${q(d.title, lang)} has moved from ${stateName(d.from, lang)} to ${stateName(d.to, lang)} (${when(e.time.toISOString(), lang)}).${msg ? `\n\n${msg}` : ''}`,
          link: incidentLink(e),
        };
  },
});

export const incidentResolved = defineNotification<IncidentResolvedData>({
  type: 'no.samsvar.incident.resolved',
  title: { nb: 'Hendelse løst', en: 'Incident resolved' },
  description: { nb: 'En hendelse er løst.', en: 'An incident has been resolved.' },
  audienceText: { nb: 'Medlemmene i organisasjonen som meldte hendelsen', en: 'Members of the organisation that reported it' },
  defaults: { channel: 'inbox', digest: 'immediate' },
  audience: (_ctx, tx, e) => membersOf(tx, e.data.reporterOrgId),
  render: (e, lang) => {
    const d = e.data;
    const msg = d.message?.trim();
    return lang === 'nb'
      ? {
          subject: `${d.ref} er løst: ${d.title}`,
          title: `${d.ref} er løst`,
          body: msg || d.title,
          text: `Hendelsen ${d.ref} ${q(d.title, lang)} (kategori ${d.category}) ble løst ${when(d.resolvedAt, lang)}.${msg ? `\n\n${msg}` : ''}`,
          link: incidentLink(e),
        }
      : {
          subject: `${d.ref} is resolved: ${d.title}`,
          title: `${d.ref} is resolved`,
          body: msg || d.title,
          text: `Incident ${d.ref} ${q(d.title, lang)} (category ${d.category}) was resolved ${when(d.resolvedAt, lang)}.${msg ? `\n\n${msg}` : ''}`,
          link: incidentLink(e),
        };
  },
});

// ============================================================================================ deviations (S-8)

/** Who hears about a deviation case, and how, for every deviation type. */
const DEVIATION_COMMON = {
  audienceText: { nb: 'Digdirs driftsadministratorer og tjenesteeierens administratorer', en: "Digdir's operator admins and the service owner's admins" },
  defaults: { channel: 'inbox', digest: 'immediate' },
  audience: (_ctx: unknown, tx: Parameters<typeof membersOf>[0], e: { data: { orgId: string | null } }) => deviationAudience(tx, e.data.orgId),
} as const;

export const deviationOpened = defineNotification<DeviationOpenedData>({
  type: 'no.samsvar.deviation.opened',
  title: { nb: 'Avvik opprettet', en: 'Deviation opened' },
  description: {
    nb: 'En avvikssak er opprettet på et nivå i eskaleringstrappen (tjenesteavtalen punkt 8).',
    en: 'A deviation case has been opened at a level of the escalation ladder (SLA clause S-8).',
  },
  ...DEVIATION_COMMON,
  render: (e, lang) => {
    const d = e.data;
    const level = pickText(d.levelName, d.level, lang);
    const party = PARTY[d.party]?.[lang] ?? d.party;
    const clauses = d.clauses?.length ? d.clauses.join(', ') : '–';
    return lang === 'nb'
      ? {
          subject: `Avvik ${d.ref} opprettet på ${level}: ${d.title}`,
          title: `Avvik ${d.ref} opprettet på ${level}`,
          body: d.title,
          text: `Avviket ${d.ref} ${q(d.title, lang)} er opprettet på ${level}.\nPart som ikke har oppfylt kravet: ${party}${d.orgName ? ` (${d.orgName})` : ''}\nKrav: ${clauses}`,
          link: deviationLink(e),
        }
      : {
          subject: `Deviation ${d.ref} opened at ${level}: ${d.title}`,
          title: `Deviation ${d.ref} opened at ${level}`,
          body: d.title,
          text: `Deviation ${d.ref} ${q(d.title, lang)} has been opened at ${level}.\nParty that failed the requirement: ${party}${d.orgName ? ` (${d.orgName})` : ''}\nRequirement: ${clauses}`,
          link: deviationLink(e),
        };
  },
});

export const deviationEscalated = defineNotification<DeviationEscalatedData>({
  type: 'no.samsvar.deviation.escalated',
  title: { nb: 'Avvik løftet', en: 'Deviation escalated' },
  description: {
    nb: 'En avvikssak er løftet ett trinn opp i eskaleringstrappen, med begrunnelse.',
    en: 'A deviation case has been escalated one step up the ladder, with a reason.',
  },
  ...DEVIATION_COMMON,
  render: (e, lang) => {
    const d = e.data;
    const level = pickText(d.levelName, d.level, lang);
    const from = pickText(d.fromLevelName, d.fromLevel, lang);
    return lang === 'nb'
      ? {
          subject: `Avvik ${d.ref} løftet til ${level}: ${d.title}`,
          title: `Avvik ${d.ref} løftet til ${level}`,
          body: `${d.title} — ${d.reason}`,
          text: `Avviket ${d.ref} ${q(d.title, lang)} er løftet fra ${from} til ${level}.\nBegrunnelse: ${d.reason}`,
          link: deviationLink(e),
        }
      : {
          subject: `Deviation ${d.ref} escalated to ${level}: ${d.title}`,
          title: `Deviation ${d.ref} escalated to ${level}`,
          body: `${d.title} — ${d.reason}`,
          text: `Deviation ${d.ref} ${q(d.title, lang)} has been escalated from ${from} to ${level}.\nReason: ${d.reason}`,
          link: deviationLink(e),
        };
  },
});

export const deviationResolved = defineNotification<DeviationResolvedData>({
  type: 'no.samsvar.deviation.resolved',
  title: { nb: 'Avvik løst', en: 'Deviation resolved' },
  description: { nb: 'En avvikssak er løst.', en: 'A deviation case has been resolved.' },
  ...DEVIATION_COMMON,
  render: (e, lang) => {
    const d = e.data;
    const level = pickText(d.levelName, d.level, lang);
    return lang === 'nb'
      ? {
          subject: `Avvik ${d.ref} er løst: ${d.title}`,
          title: `Avvik ${d.ref} er løst`,
          body: d.resolution,
          text: `Avviket ${d.ref} ${q(d.title, lang)} er løst på ${level}.\nLøsning: ${d.resolution}`,
          link: deviationLink(e),
        }
      : {
          subject: `Deviation ${d.ref} is resolved: ${d.title}`,
          title: `Deviation ${d.ref} is resolved`,
          body: d.resolution,
          text: `Deviation ${d.ref} ${q(d.title, lang)} has been resolved at ${level}.\nResolution: ${d.resolution}`,
          link: deviationLink(e),
        };
  },
});

// ============================================================================================ terms of use

export const termsPublished = defineNotification<TermsPublishedData>({
  type: 'no.samsvar.terms.published',
  title: { nb: 'Nye bruksvilkår', en: 'New terms of use' },
  description: {
    nb: 'Digdir har publisert en ny versjon av bruksvilkårene for sluttbrukersystemleverandører.',
    en: 'Digdir has published a new version of the terms of use for end-user system vendors.',
  },
  audienceText: { nb: 'Leverandørenes administratorer (alle andre kan slå det på)', en: "Vendors' admins (anyone else may switch it on)" },
  defaults: { channel: 'inbox', digest: 'immediate' },
  audience: (_ctx, tx) => usersWithRole(tx, ['vendor-admin']),
  render: (e, lang) => {
    const d = e.data;
    const changes = d.changeLog?.trim();
    return lang === 'nb'
      ? {
          subject: `Nye bruksvilkår: versjon ${d.version} gjelder fra ${when(d.effectiveAt, lang)}`,
          title: `Bruksvilkår versjon ${d.version} er publisert`,
          body: `${d.title}. Gjelder fra ${when(d.effectiveAt, lang)}${d.acceptBy ? `, aksepter innen ${when(d.acceptBy, lang)}` : ''}.`,
          text:
            `Versjon ${d.version} av bruksvilkårene (${q(d.title, lang)}) er publisert og gjelder fra ${when(d.effectiveAt, lang)}.` +
            (d.acceptBy ? `\nLeverandører må akseptere den innen ${when(d.acceptBy, lang)} for å beholde produksjonstilgangen.` : '') +
            (changes ? `\n\nEndringer:\n${changes}` : ''),
          link: '/terms',
        }
      : {
          subject: `New terms of use: version ${d.version} applies from ${when(d.effectiveAt, lang)}`,
          title: `Terms of use version ${d.version} published`,
          body: `${d.title}. Applies from ${when(d.effectiveAt, lang)}${d.acceptBy ? `, accept by ${when(d.acceptBy, lang)}` : ''}.`,
          text:
            `Version ${d.version} of the terms of use (${q(d.title, lang)}) has been published and applies from ${when(d.effectiveAt, lang)}.` +
            (d.acceptBy ? `\nVendors must accept it by ${when(d.acceptBy, lang)} to keep production access.` : '') +
            (changes ? `\n\nChanges:\n${changes}` : ''),
          link: '/terms',
        };
  },
});

// ============================================================================================ notices (S-2.4, T-3.1)

/** Classes that require vendors to change their systems: their admins and developers are told too (T-3.1.2). */
const VENDOR_CLASSES = new Set(['breakingChange', 'majorChange']);

async function noticeAudience(tx: Parameters<typeof usersWithRole>[0], d: NoticeEventData): Promise<string[]> {
  const owners = await usersWithRole(tx, ['serviceowner-admin', 'serviceowner-member']);
  const vendors = VENDOR_CLASSES.has(d.notice.noticeClass) || (d.notice.apis?.length ?? 0) > 0 ? await usersWithRole(tx, ['vendor-admin', 'vendor-developer']) : [];
  return [...new Set([...owners, ...vendors])].filter((id) => id !== d.actorUserId);
}

const noticeTitle = (d: NoticeEventData, lang: Lang) => (lang === 'en' && d.notice.titleEn ? d.notice.titleEn : d.notice.title);
const noticeWindow = (d: NoticeEventData, lang: Lang) =>
  d.notice.endsAt ? `${when(d.notice.startsAt, lang)} – ${when(d.notice.endsAt, lang)}` : when(d.notice.startsAt, lang);
const noticeApis = (d: NoticeEventData, lang: Lang) =>
  (d.notice.apis ?? []).map((a) => `  ${a.method} ${a.path} – ${lang === 'nb' ? 'fases ut' : 'sunset'} ${when(a.sunsetAt, lang)}`).join('\n');
const noticeLink = (d: NoticeEventData) => `/notices/${d.notice.id}`;

export const noticeScheduled = defineNotification<NoticeEventData>({
  type: 'no.samsvar.notice.scheduled',
  title: { nb: 'Varsel om vedlikehold eller endring', en: 'Maintenance or change notice' },
  description: {
    nb: 'Digdir har varslet planlagt vedlikehold, en endring som krever tilpasning eller en større endring (med varslingsfristen i avtalen).',
    en: 'Digdir has announced planned maintenance, a breaking change or a major change (with the lead time of the agreement).',
  },
  audienceText: {
    nb: 'Alle hos tjenesteeierne; ved endringer som krever tilpasning også leverandørenes administratorer og utviklere',
    en: "Everyone at the service owners; for breaking changes also vendors' admins and developers",
  },
  defaults: { channel: 'inbox', digest: 'immediate' },
  audience: (_ctx, tx, e) => noticeAudience(tx, e.data),
  render: (e, lang) => {
    const d = e.data;
    const cls = pickText(d.notice.className, d.notice.noticeClass, lang);
    const title = noticeTitle(d, lang);
    const apis = noticeApis(d, lang);
    return lang === 'nb'
      ? {
          subject: `${cls} ${noticeWindow(d, lang)}: ${title}`,
          title: `${cls}: ${title}`,
          body: `${d.notice.ref} · ${noticeWindow(d, lang)}`,
          text:
            `${d.notice.ref} ${q(title, lang)} (${cls.toLowerCase()}) er varslet for ${noticeWindow(d, lang)}.` +
            (d.notice.components.length ? `\nBerører: ${d.notice.components.join(', ')}.` : '') +
            (apis ? `\n\nAPI-er som fases ut:\n${apis}` : ''),
          link: noticeLink(d),
        }
      : {
          subject: `${cls} ${noticeWindow(d, lang)}: ${title}`,
          title: `${cls}: ${title}`,
          body: `${d.notice.ref} · ${noticeWindow(d, lang)}`,
          text:
            `${d.notice.ref} ${q(title, lang)} (${cls.toLowerCase()}) is announced for ${noticeWindow(d, lang)}.` +
            (d.notice.components.length ? `\nAffects: ${d.notice.components.join(', ')}.` : '') +
            (apis ? `\n\nAPIs being retired:\n${apis}` : ''),
          link: noticeLink(d),
        };
  },
});

export const noticeCancelled = defineNotification<NoticeEventData>({
  type: 'no.samsvar.notice.cancelled',
  title: { nb: 'Varsel avlyst', en: 'Notice cancelled' },
  description: { nb: 'Et varslet vedlikehold eller en varslet endring er avlyst.', en: 'Announced maintenance or an announced change has been cancelled.' },
  audienceText: { nb: 'De samme som fikk varselet', en: 'The same people who were told of the notice' },
  defaults: { channel: 'inbox', digest: 'immediate' },
  audience: (_ctx, tx, e) => noticeAudience(tx, e.data),
  render: (e, lang) => {
    const d = e.data;
    const title = noticeTitle(d, lang);
    return lang === 'nb'
      ? { subject: `Avlyst: ${title}`, title: `Avlyst: ${title}`, body: `${d.notice.ref} · ${noticeWindow(d, lang)}`, text: `${d.notice.ref} ${q(title, lang)} (${noticeWindow(d, lang)}) er avlyst.`, link: noticeLink(d) }
      : { subject: `Cancelled: ${title}`, title: `Cancelled: ${title}`, body: `${d.notice.ref} · ${noticeWindow(d, lang)}`, text: `${d.notice.ref} ${q(title, lang)} (${noticeWindow(d, lang)}) has been cancelled.`, link: noticeLink(d) };
  },
});
