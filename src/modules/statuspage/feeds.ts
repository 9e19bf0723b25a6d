/**
 * Feeds of the status page, pure functions of a snapshot: RSS 2.0 and Atom 1.0 of published incidents and notices
 * (T-3.1.1), an RSS feed of the change log, roadmap and releases (S-3.4), and iCalendar (RFC 5545) calendars of the
 * maintenance windows (T-3.1.1, S-2.4.1) and of the central meetings with service owners (S-3.3).
 *
 * Feed items change identity with every public update (RSS guid and Atom id carry the update time), so a reader
 * shows each new update; calendar events keep one UID per notice or meeting and raise SEQUENCE on every change, and
 * a cancelled notice or meeting stays in the calendar with STATUS:CANCELLED, so subscribed calendars remove it.
 */
import { noticeText, pick, postText, type Lang, type SnapIncident, type SnapMeeting, type SnapNotice, type SnapPost, type StatusSnapshot } from './model.ts';
import { formatTime, T } from './text.ts';

// ------------------------------------------------------------------------------------------------------ XML

export function xmlEscape(s: string): string {
  // Characters XML 1.0 forbids are dropped; the five specials are escaped.
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const langQ = (lang: Lang) => (lang === 'en' ? '?lang=en' : '');

interface FeedEntry {
  id: string;
  title: string;
  link: string;
  /** Plain text; rendered as paragraphs. */
  text: string;
  published: string;
  updated: string;
  category: string;
}

function incidentEntry(snap: StatusSnapshot, i: SnapIncident, lang: Lang): FeedEntry {
  const t = T[lang];
  const lines = i.updates.map((u) => `${formatTime(u.at, lang)} — ${t.incidentStatus[u.status]}: ${u.body}`);
  return {
    id: `urn:samsvar:incident:${i.id}`,
    title: `${i.title} (${t.incidentStatus[i.status]})`,
    link: `${snap.page.url}/status/incidents/${encodeURIComponent(i.ref)}${langQ(lang)}`,
    text: lines.join('\n\n'),
    published: i.reportedAt,
    updated: i.updates[0]?.at && i.updates[0].at > i.updatedAt ? i.updates[0].at : i.updatedAt,
    category: t.incident,
  };
}

function noticeEntry(snap: StatusSnapshot, n: SnapNotice, lang: Lang): FeedEntry {
  const t = T[lang];
  const text = noticeText(n, lang);
  const when = `${formatTime(n.startsAt, lang)}${n.endsAt ? ` – ${formatTime(n.endsAt, lang)}` : ''}`;
  const updates = [...n.updates].reverse().map((u) => `${formatTime(u.at, lang)}: ${(lang === 'en' && u.bodyEn) || u.body}`).filter((l) => !l.endsWith(': '));
  return {
    id: `urn:samsvar:notice:${n.id}`,
    title: `${text.title} (${pick(n.className, lang)}, ${t.noticeState[n.state]})`,
    link: `${snap.page.url}/status/maintenance/${encodeURIComponent(n.ref)}${langQ(lang)}`,
    text: [`${t.when}: ${when}`, text.body, ...updates].filter(Boolean).join('\n\n'),
    published: n.publishedAt,
    updated: n.updatedAt,
    category: pick(n.className, lang),
  };
}

function postEntry(snap: StatusSnapshot, p: SnapPost, lang: Lang): FeedEntry {
  const t = T[lang];
  const text = postText(p, lang);
  const page = p.kind === 'roadmap' ? 'roadmap' : 'changelog';
  return {
    id: `urn:samsvar:post:${p.id}`,
    title: p.version ? `${text.title} (${p.version})` : text.title,
    link: `${snap.page.url}/status/${page}${langQ(lang)}#post-${p.id}`,
    text: text.body,
    published: p.publishedAt,
    updated: p.updatedAt,
    category: t.postKind[p.kind],
  };
}

/** Incidents and notices, most recently changed first, at most 50. */
export function statusEntries(snap: StatusSnapshot, lang: Lang): FeedEntry[] {
  const entries = [...snap.incidents.map((i) => incidentEntry(snap, i, lang)), ...snap.notices.map((n) => noticeEntry(snap, n, lang))];
  entries.sort((a, b) => b.updated.localeCompare(a.updated));
  return entries.slice(0, 50);
}

const rfc822 = (iso: string) => new Date(iso).toUTCString();
const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${xmlEscape(p).replace(/\n/g, '<br/>')}</p>`)
    .join('');

function rss(opts: { title: string; link: string; self: string; description: string; lang: Lang; updated: string; entries: FeedEntry[] }): string {
  const items = opts.entries
    .map(
      (e) => `    <item>
      <title>${xmlEscape(e.title)}</title>
      <link>${xmlEscape(e.link)}</link>
      <guid isPermaLink="false">${xmlEscape(`${e.id}:${Date.parse(e.updated)}`)}</guid>
      <pubDate>${rfc822(e.updated)}</pubDate>
      <category>${xmlEscape(e.category)}</category>
      <description>${xmlEscape(paragraphs(e.text))}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xmlEscape(opts.title)}</title>
    <link>${xmlEscape(opts.link)}</link>
    <atom:link href="${xmlEscape(opts.self)}" rel="self" type="application/rss+xml"/>
    <description>${xmlEscape(opts.description)}</description>
    <language>${opts.lang === 'en' ? 'en' : 'nb'}</language>
    <lastBuildDate>${rfc822(opts.updated)}</lastBuildDate>
    <ttl>1</ttl>
${items}
  </channel>
</rss>
`;
}

/** RSS 2.0 of incidents and notices. */
export function statusRss(snap: StatusSnapshot, lang: Lang): string {
  const t = T[lang];
  return rss({
    title: `${pick(snap.page.name, lang)} — ${t.feedTitle}`,
    link: `${snap.page.url}/status${langQ(lang)}`,
    self: `${snap.page.url}/status/feed.rss${langQ(lang)}`,
    description: t.feedDescription,
    lang,
    updated: snap.builtAt,
    entries: statusEntries(snap, lang),
  });
}

/** Atom 1.0 of incidents and notices. */
export function statusAtom(snap: StatusSnapshot, lang: Lang): string {
  const t = T[lang];
  const entries = statusEntries(snap, lang);
  const updated = entries[0]?.updated ?? snap.builtAt;
  const body = entries
    .map(
      (e) => `  <entry>
    <id>${xmlEscape(`${e.id}:${Date.parse(e.updated)}`)}</id>
    <title>${xmlEscape(e.title)}</title>
    <link rel="alternate" type="text/html" href="${xmlEscape(e.link)}"/>
    <published>${new Date(e.published).toISOString()}</published>
    <updated>${new Date(e.updated).toISOString()}</updated>
    <category term="${xmlEscape(e.category)}"/>
    <content type="html">${xmlEscape(paragraphs(e.text))}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang === 'en' ? 'en' : 'nb'}">
  <id>${xmlEscape(`${snap.page.url}/status/feed.atom${langQ(lang)}`)}</id>
  <title>${xmlEscape(`${pick(snap.page.name, lang)} — ${t.feedTitle}`)}</title>
  <subtitle>${xmlEscape(t.feedDescription)}</subtitle>
  <link rel="alternate" type="text/html" href="${xmlEscape(`${snap.page.url}/status${langQ(lang)}`)}"/>
  <link rel="self" type="application/atom+xml" href="${xmlEscape(`${snap.page.url}/status/feed.atom${langQ(lang)}`)}"/>
  <updated>${new Date(updated).toISOString()}</updated>
  <author><name>${xmlEscape(pick(snap.page.name, lang))}</name></author>
${body}
</feed>
`;
}

/** RSS 2.0 of the change log, roadmap and releases (S-3.4), newest first. */
export function changelogRss(snap: StatusSnapshot, lang: Lang): string {
  const t = T[lang];
  const entries = [...snap.posts]
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
    .slice(0, 100)
    .map((p) => postEntry(snap, p, lang));
  return rss({
    title: `${pick(snap.page.name, lang)} — ${t.changelog}`,
    link: `${snap.page.url}/status/changelog${langQ(lang)}`,
    self: `${snap.page.url}/status/changelog.rss${langQ(lang)}`,
    description: t.changelogDescription,
    lang,
    updated: snap.builtAt,
    entries,
  });
}

// ------------------------------------------------------------------------------------------------ iCalendar

/** TEXT value escaping (RFC 5545 3.3.11). */
export function icsText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence. */
export function icsFold(line: string): string {
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (bytes + n > limit) {
      out.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

/** UTC date-time form: 20261104T220000Z. */
export function icsUtc(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function calendar(name: string, events: string[][]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Samsvar//Status page//NB',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(name)}`,
    'X-WR-TIMEZONE:Europe/Oslo',
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...events.flat(),
    'END:VCALENDAR',
  ];
  return lines.map(icsFold).join('\r\n') + '\r\n';
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || 'samsvar';
  } catch {
    return 'samsvar';
  }
}

/** Stable UID of a notice's calendar event. */
export const noticeUid = (snap: StatusSnapshot, n: Pick<SnapNotice, 'id'>) => `notice-${n.id}@${hostOf(snap.page.url)}`;
export const meetingUid = (snap: StatusSnapshot, m: Pick<SnapMeeting, 'id'>) => `meeting-${m.id}@${hostOf(snap.page.url)}`;

/** Maintenance windows and other notices as calendar events; a notice's SEQUENCE is its number of updates. */
export function maintenanceIcs(snap: StatusSnapshot, lang: Lang): string {
  const t = T[lang];
  const events = snap.notices.map((n) => {
    const text = noticeText(n, lang);
    const url = `${snap.page.url}/status/maintenance/${encodeURIComponent(n.ref)}${langQ(lang)}`;
    const names = n.components.map((id) => pick(snap.components.find((c) => c.id === id)?.name, lang) || id);
    const description = [pick(n.className, lang), names.length ? `${t.affects}: ${names.join(', ')}` : '', text.body, url].filter(Boolean).join('\n\n');
    return [
      'BEGIN:VEVENT',
      `UID:${noticeUid(snap, n)}`,
      `DTSTAMP:${icsUtc(n.updatedAt)}`,
      `LAST-MODIFIED:${icsUtc(n.updatedAt)}`,
      `CREATED:${icsUtc(n.publishedAt)}`,
      `SEQUENCE:${n.updates.length}`,
      `DTSTART:${icsUtc(n.startsAt)}`,
      ...(n.endsAt && n.endsAt > n.startsAt ? [`DTEND:${icsUtc(n.endsAt)}`] : []),
      `SUMMARY:${icsText(`${n.state === 'cancelled' ? `${t.cancelledPrefix} ` : ''}${text.title}`)}`,
      `DESCRIPTION:${icsText(description)}`,
      `CATEGORIES:${icsText(pick(n.className, lang))}`,
      `URL:${url}`,
      `STATUS:${n.state === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    ];
  });
  return calendar(`${pick(snap.page.name, lang)} — ${t.maintenanceCalendar}`, events);
}

/** Central meetings with service owners (S-3.3). */
export function meetingsIcs(snap: StatusSnapshot, lang: Lang): string {
  const t = T[lang];
  const events = snap.meetings.map((m) => [
    'BEGIN:VEVENT',
    `UID:${meetingUid(snap, m)}`,
    `DTSTAMP:${icsUtc(m.updatedAt)}`,
    `LAST-MODIFIED:${icsUtc(m.updatedAt)}`,
    `SEQUENCE:${m.sequence}`,
    `DTSTART:${icsUtc(m.startsAt)}`,
    ...(m.endsAt > m.startsAt ? [`DTEND:${icsUtc(m.endsAt)}`] : []),
    `SUMMARY:${icsText(`${m.cancelled ? `${t.cancelledPrefix} ` : ''}${m.title}`)}`,
    ...(m.description ? [`DESCRIPTION:${icsText(m.description)}`] : []),
    ...(m.location ? [`LOCATION:${icsText(m.location)}`] : []),
    `URL:${m.url ?? `${snap.page.url}/status/meetings${langQ(lang)}`}`,
    `STATUS:${m.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
  ]);
  return calendar(`${pick(snap.page.name, lang)} — ${t.meetings}`, events);
}
