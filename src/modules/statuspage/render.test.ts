/**
 * The status page's pure parts over a fixture snapshot: the Statuspage-compatible JSON validated against a JSON
 * Schema of the public Statuspage v2 API (T-3.1.1, S-2.3.1), the HTML page (components by group with 90-day bars
 * inside each window, incidents, maintenance, monthly availability against target; S-2.3.1, S-2.4.1, S-3.1), the
 * RSS/Atom feeds, the change log feed (S-3.4) and the iCalendar files (maintenance windows, meetings: S-3.3).
 */
import { describe, expect, it } from 'vitest';
import { fixtureSnapshot } from '../../../test/fixtures/status-snapshot.ts';
import { SCHEMA_OF, validateV2 } from '../../../test/fixtures/statuspage-v2.ts';
import { childText, kids, parseXml } from '../../../test/fixtures/xml.ts';
import { changelogRss, icsFold, maintenanceIcs, meetingsIcs, statusAtom, statusRss } from './feeds.ts';
import { bars, periodAvailability, renderComponent, renderHistory, renderHome, renderIncident, renderMeetings, renderNotice, renderPosts } from './html.ts';
import type { StatusSnapshot } from './model.ts';
import { incidentImpact, overallIndicator, V2_ENDPOINTS, v2Components, v2Incidents, v2Maintenances } from './v2.ts';

const snap = fixtureSnapshot();

describe('Statuspage-compatible JSON', () => {
  it('[T-3.1.1][S-2.3.1] every /api/v2 endpoint matches the field names, types and enums of the public Statuspage API', () => {
    expect(Object.keys(V2_ENDPOINTS).sort()).toEqual(Object.keys(SCHEMA_OF).sort());
    for (const lang of ['nb', 'en'] as const) {
      for (const [endpoint, fn] of Object.entries(V2_ENDPOINTS)) expect(validateV2(endpoint, fn(snap, lang)), `${endpoint} ${lang}`).toEqual([]);
    }
  });

  it('[T-3.1.1] the schema is not vacuous: a wrong enum, a missing field and a wrong type are caught', () => {
    const body = JSON.parse(JSON.stringify(V2_ENDPOINTS['summary.json']!(snap, 'nb')));
    body.components[0].status = 'down';
    delete body.incidents[0].shortlink;
    body.scheduled_maintenances[0].scheduled_for = 'tomorrow';
    body.status.indicator = 'ok';
    const errors = validateV2('summary.json', body).join('\n');
    expect(errors).toMatch(/components\/0\/status/);
    expect(errors).toMatch(/shortlink/);
    expect(errors).toMatch(/scheduled_for/);
    expect(errors).toMatch(/status\/indicator/);
  });

  it('[S-2.3.1] groups are components with group: true and their members; members carry group_id; a component of its own has none', () => {
    const comps = v2Components(snap, 'en');
    const apis = comps.find((c) => c.id === 'group-apis')!;
    expect(apis).toMatchObject({ group: true, group_id: null, name: 'APIs for end-user systems', components: ['dialogporten', 'broker'], status: 'under_maintenance' });
    expect(comps.find((c) => c.id === 'broker')).toMatchObject({ group: false, group_id: 'group-apis', status: 'under_maintenance', name: 'Altinn Broker' });
    expect(comps.find((c) => c.id === 'solo')).toMatchObject({ group: false, group_id: null });
    expect(comps.find((c) => c.id === 'group-solo')).toBeUndefined();
    expect(comps.map((c) => c.position)).toEqual(comps.map((_c, k) => k + 1));
    // The group of an outage shows the worst member state.
    expect(comps.find((c) => c.id === 'group-enduser')!.status).toBe('partial_outage');
  });

  it('[T-3.1.1] incidents: unresolved only the open ones, impact from the component impact or the category, updates newest first', () => {
    expect(v2Incidents(snap, 'nb', { unresolved: true }).map((i) => i.name)).toEqual([snap.incidents[0]!.title]);
    const [open, old] = v2Incidents(snap, 'nb');
    expect(open).toMatchObject({ status: 'identified', impact: 'major', resolved_at: null, shortlink: 'https://status.example.no/status/incidents/INC-2026-0042' });
    expect(open!.incident_updates.map((u) => u.status)).toEqual(['identified', 'investigating']);
    expect(open!.components.map((c) => c.id)).toEqual(['sbl']);
    expect(old).toMatchObject({ status: 'resolved', impact: 'minor', monitoring_at: snap.incidents[1]!.updates[1]!.at, resolved_at: snap.incidents[1]!.resolvedAt });
    // The component impact operators set wins; without one, the category decides.
    expect(incidentImpact({ category: 'A', impact: null })).toBe('critical');
    expect(incidentImpact({ category: 'B', impact: null })).toBe('major');
    expect(incidentImpact({ category: 'C', impact: 'major_outage' })).toBe('critical');
    expect(incidentImpact({ category: 'A', impact: 'degraded_performance' })).toBe('minor');
    expect(incidentImpact({ category: 'D', impact: null })).toBe('none');
  });

  it('[T-3.1.1][S-2.4.1] notices are scheduled maintenances: upcoming = scheduled, active = in progress, cancelled left out', () => {
    expect(v2Maintenances(snap, 'en', 'upcoming').map((m) => m.name)).toEqual(['Database upgrade; Broker, Correspondence']);
    expect(v2Maintenances(snap, 'nb', 'active').map((m) => m.status)).toEqual(['in_progress']);
    const all = v2Maintenances(snap, 'nb', 'all');
    expect(all.map((m) => m.id)).not.toContain('66666666-6666-4666-8666-666666666666');
    expect(all.map((m) => m.status).sort()).toEqual(['completed', 'in_progress', 'scheduled']);
    const up = all.find((m) => m.status === 'scheduled')!;
    expect(up).toMatchObject({ impact: 'maintenance', scheduled_for: snap.notices[0]!.startsAt, scheduled_until: snap.notices[0]!.endsAt });
    expect(up.incident_updates.map((u) => u.status)).toEqual(['scheduled', 'scheduled']);
    expect(all.find((m) => m.status === 'in_progress')!.incident_updates.map((u) => u.status)).toEqual(['in_progress', 'scheduled']);
  });

  it('[S-2.3.1] the overall indicator: worst component state or open incident, maintenance only when nothing is wrong', () => {
    expect(overallIndicator(snap)).toBe('major');
    const calm: StatusSnapshot = { ...snap, components: snap.components.map((c) => ({ ...c, state: 'operational' })), incidents: [snap.incidents[1]!], notices: [] };
    expect(overallIndicator(calm)).toBe('none');
    expect(overallIndicator({ ...calm, notices: [snap.notices[1]!] })).toBe('maintenance');
    expect(overallIndicator({ ...calm, components: calm.components.map((c, k) => (k === 0 ? { ...c, state: 'major_outage' } : c)) })).toBe('critical');
  });
});

describe('the HTML page', () => {
  const home = renderHome(snap, { lang: 'nb' });
  const en = renderHome(snap, { lang: 'en' });

  it('[T-3.1.1] is accessible server-rendered HTML without scripts: landmarks, one h1, a skip link, a language toggle in the URL', () => {
    expect(home).toMatch(/^<!doctype html>\n<html lang="nb"/);
    expect(home).not.toMatch(/<script/i);
    for (const tag of ['<header', '<main id="main"', '<footer', '<nav']) expect(home).toContain(tag);
    expect(home.match(/<h1[ >]/g)).toHaveLength(1);
    expect(home).toContain('href="#main"');
    expect(home).toContain('href="/status?lang=en" hreflang="en"');
    expect(en).toContain('<html lang="en"');
    expect(en).toContain('href="/status" hreflang="nb"');
    // English links keep the language; Norwegian links carry no parameter.
    expect(en).toContain('href="/status/incidents?lang=en"');
    expect(home).toContain('href="/status/incidents"');
  });

  it('[S-2.3.1] shows the overall status, active incidents with public updates, escapes text', () => {
    expect(home).toContain('Delvis driftsavbrudd');
    expect(en).toContain('Partial System Outage');
    expect(home).toContain('Innlogging feiler &lt;for noen&gt; &amp; &quot;enkelte&quot;');
    expect(home).not.toContain('<for noen>');
    expect(home).toContain('Årsaken er funnet; vi retter feilen.');
    expect(home).toContain('Neste oppdatering kl. 12.');
    // The resolved incident is history, not active.
    expect(home).not.toContain('Treg innsending');
  });

  it('[S-2.3.1][S-2.4.1] components by group with one bar per day, coloured by the worst state, titled, only inside the window', () => {
    expect(home.indexOf('Altinn sluttbrukerløsning')).toBeLessThan(home.indexOf('API-er for sluttbrukersystemer'));
    expect(home.indexOf('API-er for sluttbrukersystemer')).toBeLessThan(home.indexOf('Utvikling og test'));
    const sbl = bars(snap.components[0]!, 'nb', 90);
    expect(sbl.match(/<rect /g)).toHaveLength(90);
    expect(sbl).toMatch(/class="sp-day-partial_outage"><title>18\. nov\. 2026: 95,50 % – Delvis nede \(1 t 5 min\)<\/title>/);
    expect(sbl).toMatch(/class="sp-day-degraded_performance"><title>8\. nov\. 2026: 99,20 % – Redusert ytelse<\/title>/);
    expect(sbl).toMatch(/role="img" aria-label="[^"]*: 99,95 %; 2 dager med avvik"/);
    // TUL has no window at weekends: those days are neutral and say so.
    const tul = bars(snap.components.find((c) => c.id === 'tul')!, 'en', 90);
    const none = tul.match(/class="sp-day-none"><title>[^<]*not in operation that day<\/title>/g) ?? [];
    expect(none.length).toBe(snap.components.find((c) => c.id === 'tul')!.days.filter((d) => d.availability === null).length);
    expect(none.length).toBeGreaterThan(20);
    expect(periodAvailability(snap.components.find((c) => c.id === 'tul')!.days)).toBe(100);
  });

  it('[S-2.4.1][T-3.1.1] shows ongoing and upcoming maintenance, not cancelled or completed ones', () => {
    const ongoing = home.slice(home.indexOf('id="maint-now"'), home.indexOf('id="components"'));
    expect(ongoing).toContain('Hasteretting av Formidling');
    const upcoming = home.slice(home.indexOf('id="maint-next"'), home.indexOf('id="monthly"'));
    expect(upcoming).toContain('Oppgradering av database; Formidling, Melding');
    // Oslo time; an end on the same day shows only its clock time.
    expect(upcoming).toMatch(/20\. nov\. 2026, 11:00<\/time>–<time datetime="[^"]+">13:00<\/time>/);
    expect(upcoming).not.toContain('Avlyst vedlikehold');
    expect(upcoming).not.toContain('Gammelt API');
    expect(en).toContain('Database upgrade; Broker, Correspondence');
  });

  it('[S-2.3.1][S-2.4.1] monthly availability against target per component, current and previous month', () => {
    const table = home.slice(home.indexOf('id="monthly"'), home.indexOf('id="more"'));
    expect(table).toContain('november 2026');
    expect(table).toContain('oktober 2026');
    const sblRow = table.slice(table.indexOf('Sluttbrukerløsningen (SBL)'), table.indexOf('</tr>', table.indexOf('Sluttbrukerløsningen (SBL)')));
    expect(sblRow).toContain('99,90 %');
    expect(sblRow).toContain('99,85 %');
    expect(sblRow).toContain('Ikke nådd');
    const tulRow = table.slice(table.indexOf('Tjenesteutviklingsløsningen (TUL)'), table.indexOf('</tr>', table.indexOf('Tjenesteutviklingsløsningen (TUL)')));
    expect(tulRow).toContain('99,80 %');
    expect(tulRow).toContain('99,50 %');
    expect(tulRow).toContain('Måned pågår');
  });

  it('[T-3.1.1] links the history, change log, roadmap, meetings, feeds, API and offers the subscription form', () => {
    for (const link of ['/status/incidents', '/status/changelog', '/status/roadmap', '/status/meetings', '/status/feed.rss', '/status/feed.atom', '/status/maintenance.ics', '/status/meetings.ics', '/status/changelog.rss', '/api/v2/summary.json']) {
      expect(home).toContain(`href="${link}"`);
    }
    expect(home).toContain('<form method="post" action="/status/subscribe"');
    expect(home).toContain('name="email"');
    expect(home).toContain('<input type="hidden" name="lang" value="nb">');
    expect(en).toContain('<input type="hidden" name="lang" value="en">');
    expect(home.match(/name="components" value="/g)).toHaveLength(snap.components.length);
  });

  it('[S-2.3.1][S-3.1] detail pages: incident, notice with its APIs, component with documentation and monthly figures', () => {
    const inc = renderIncident(snap, { lang: 'nb' }, 'INC-2026-0042')!;
    expect(inc).toContain('Årsak funnet');
    expect(inc).toContain('Vi undersøker feil ved innlogging.');
    expect(renderIncident(snap, { lang: 'nb' }, 'INC-0000')).toBeNull();
    const n = renderNotice(snap, { lang: 'en' }, 'VAR-2026-0003')!;
    expect(n).toContain('/broker/api/v1/filetransfer/{id}/download');
    expect(n).toContain('Announced later than the agreed notice period');
    const c = renderComponent(snap, { lang: 'nb' }, 'sbl')!;
    expect(c).toContain('href="https://info.altinn.no/hjelp/"');
    expect(c).toContain('Gjenstående feilbudsjett');
    expect(c).toContain('I drift døgnet rundt alle dager.');
    expect(c).toContain('Innlogging feiler');
    expect(renderComponent(snap, { lang: 'nb' }, 'nope')).toBeNull();
    const history = renderHistory(snap, { lang: 'nb' });
    expect(history).toContain('Treg innsending');
    expect(history).toContain('Innlogging feiler');
  });

  it('[S-3.4][S-3.3] change log with releases, roadmap, meetings', () => {
    const log = renderPosts(snap, { lang: 'nb' }, 'changelog');
    expect(log).toContain('Ny innboks');
    expect(log).toContain('v2026.11.3');
    expect(log).not.toContain('Varsling på SMS');
    const road = renderPosts(snap, { lang: 'en' }, 'roadmap');
    expect(road).toContain('SMS notifications');
    expect(road).toContain('2027-Q1');
    const meet = renderMeetings(snap, { lang: 'nb' });
    expect(meet).toContain('Tjenesteeierforum');
    expect(meet).toContain('Avlyst');
  });

  it('[T-3.1.1] says when the page is stale', () => {
    expect(renderHome(snap, { lang: 'nb', stale: true })).toContain('Vi får ikke hentet nye opplysninger');
    expect(home).not.toContain('Vi får ikke hentet nye opplysninger');
    expect(home).toContain('Sist oppdatert: <time datetime="2026-11-18T10:00:00.000Z">18. nov. 2026, 11:00</time>');
  });
});

describe('feeds', () => {
  it('[T-3.1.1] RSS 2.0 of incidents and notices is well-formed XML with one item each', () => {
    const rss = parseXml(statusRss(snap, 'nb'));
    expect(rss.name).toBe('rss');
    expect(rss.attrs.version).toBe('2.0');
    const channel = kids(rss, 'channel')[0]!;
    const items = kids(channel, 'item');
    expect(items).toHaveLength(snap.incidents.length + snap.notices.length);
    const titles = items.map((i) => childText(i, 'title'));
    expect(titles).toContain('Innlogging feiler <for noen> & "enkelte" (Årsak funnet)');
    for (const i of items) {
      expect(childText(i, 'link')).toMatch(/^https:\/\/status\.example\.no\/status\/(incidents|maintenance)\//);
      expect(childText(i, 'guid')).toBeTruthy();
      expect(new Date(childText(i, 'pubDate')!).getTime()).not.toBeNaN();
    }
    // Most recently changed first.
    const dates = items.map((i) => Date.parse(childText(i, 'pubDate')!));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
  });

  it('[T-3.1.1] Atom 1.0 is well-formed with entries that link to the page', () => {
    const feed = parseXml(statusAtom(snap, 'en'));
    expect(feed.name).toBe('feed');
    expect(feed.attrs.xmlns).toBe('http://www.w3.org/2005/Atom');
    const entries = kids(feed, 'entry');
    expect(entries).toHaveLength(snap.incidents.length + snap.notices.length);
    const upgrade = entries.find((e) => childText(e, 'title')!.startsWith('Database upgrade'))!;
    expect(kids(upgrade, 'link')[0]!.attrs.href).toBe('https://status.example.no/status/maintenance/VAR-2026-0007?lang=en');
    expect(childText(upgrade, 'updated')).toBe(snap.notices[0]!.updatedAt);
    expect(childText(upgrade, 'content')).toContain('Broker may be unavailable');
  });

  it('[S-3.4] the change log feed lists change log entries, releases and roadmap items', () => {
    const rss = parseXml(changelogRss(snap, 'nb'));
    const items = kids(kids(rss, 'channel')[0]!, 'item');
    expect(items.map((i) => childText(i, 'title'))).toEqual(['Produksjonssetting (v2026.11.3)', 'Ny innboks', 'Varsling på SMS']);
    expect(items.map((i) => childText(i, 'category'))).toEqual(['Produksjonssetting', 'Endring', 'Veikart']);
  });
});

/** Unfolds and splits an iCalendar text into events (property name → value), checking the line rules. */
function parseIcs(ics: string): Array<Record<string, string>> {
  expect(ics.endsWith('\r\n')).toBe(true);
  for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75);
  expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/);
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines.at(-1)).toBe('END:VCALENDAR');
  const events: Array<Record<string, string>> = [];
  let cur: Record<string, string> | undefined;
  for (const l of lines) {
    if (l === 'BEGIN:VEVENT') cur = {};
    else if (l === 'END:VEVENT') {
      events.push(cur!);
      cur = undefined;
    } else if (cur) {
      const k = l.indexOf(':');
      cur[l.slice(0, k)] = l.slice(k + 1);
    }
  }
  expect(cur).toBeUndefined();
  return events;
}

describe('iCalendar', () => {
  it('[T-3.1.1][S-2.4.1] maintenance.ics: one event per notice, stable UID, SEQUENCE, UTC times, URL, cancelled ones CANCELLED', () => {
    const events = parseIcs(maintenanceIcs(snap, 'nb'));
    expect(events).toHaveLength(snap.notices.length);
    const up = events.find((e) => e.UID === 'notice-33333333-3333-4333-8333-333333333333@status.example.no')!;
    expect(up.SUMMARY).toBe('Oppgradering av database\\; Formidling\\, Melding');
    expect(up.DTSTART).toBe('20261120T100000Z');
    expect(up.DTEND).toBe('20261120T120000Z');
    expect(up.SEQUENCE).toBe('2');
    expect(up.STATUS).toBe('CONFIRMED');
    expect(up.URL).toBe('https://status.example.no/status/maintenance/VAR-2026-0007');
    expect(up.DESCRIPTION).toContain('Berører: Altinn Formidling');
    const cancelled = events.find((e) => e.UID!.startsWith('notice-66666666'))!;
    expect(cancelled.STATUS).toBe('CANCELLED');
    // A notice without an end has no DTEND (zero duration).
    expect(events.find((e) => e.UID!.startsWith('notice-55555555'))!.DTEND).toBeUndefined();
  });

  it('[S-3.3] meetings.ics: the meetings with their SEQUENCE and cancellations', () => {
    const events = parseIcs(meetingsIcs(snap, 'nb'));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ UID: 'meeting-m1@status.example.no', SEQUENCE: '2', STATUS: 'CONFIRMED', LOCATION: 'Teams', DESCRIPTION: 'Agenda: status\\, endringer\\; spørsmål' });
    expect(events[1]).toMatchObject({ STATUS: 'CANCELLED', SEQUENCE: '1' });
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const line = `DESCRIPTION:${'æøå'.repeat(60)}`;
    const folded = icsFold(line);
    for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });
});
