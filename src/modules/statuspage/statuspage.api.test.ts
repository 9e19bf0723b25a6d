/**
 * The public status page over HTTP on the real snapshot builder (T-3.1.1, S-2.3.1, S-2.4.1, S-3.3, S-3.4): the
 * pages without log-in in both languages, a published incident reaching page, API and feeds through the change
 * notice, a maintenance notice on the page, in the Statuspage JSON and in the calendar, every /api/v2 endpoint
 * validated against the Statuspage schema, and a restart with the database unreachable answering from the last
 * published snapshot.
 */
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { childText, kids, parseXml } from '../../../test/fixtures/xml.ts';
import { componentCatalogue } from '../components/catalogue.ts';
import { modules } from '../index.ts';
import { openDatabase } from '../../platform/db/index.ts';
import { meetings, notices, noticeUpdates, posts } from '../notices/tables.ts';
import { validateV2 } from '../../../test/fixtures/statuspage-v2.ts';
import { readSnapshotFile, readSnapshotRow, refreshStatus, SNAPSHOT_FILE, statusKeeper, statuspageModule } from './index.ts';

let server: TestServer;
let ops: TestClient;
let anon: TestClient;

beforeAll(async () => {
  server = await startTestServer({ modules });
  ops = await server.as('operatorAdmin');
  anon = server.client();
}, 180_000);
afterAll(async () => server?.stop());

const waitFor = async <T>(fn: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

const text = async (p: string) => {
  const res = await fetch(server.url + p);
  return { status: res.status, headers: res.headers, body: await res.text() };
};

let incident: { id: string; ref: string; title: string };

describe('the page', () => {
  it('[T-3.1.1][S-2.3.1] answers without log-in with every component of the policy by group, in bokmål and English', async () => {
    const nb = await text('/status');
    expect(nb.status).toBe(200);
    expect(nb.headers.get('content-type')).toBe('text/html; charset=utf-8');
    // Rendered and gzipped once per snapshot version (fetch asks for gzip and unpacks it).
    expect(nb.headers.get('content-encoding')).toBe('gzip');
    expect(nb.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(nb.body).not.toMatch(/<script/i);
    const catalogue = componentCatalogue(server.ctx.policy.policy);
    for (const c of catalogue) expect(nb.body).toContain(c.name.nb.replace(/&/g, '&amp;'));
    for (const g of Object.values(server.ctx.policy.policy.componentGroups ?? {})) expect(nb.body).toContain(g.name.nb);
    const en = await text('/status?lang=en');
    expect(en.body).toContain('<html lang="en"');
    for (const c of catalogue) expect(en.body).toContain(c.name.en.replace(/&/g, '&amp;'));
    // 90 bars per component (one per day), inside an SVG with a text alternative.
    expect((nb.body.match(/<rect /g) ?? []).length).toBe(90 * catalogue.length);
    expect((nb.body.match(/<svg role="img" aria-label="/g) ?? []).length).toBe(catalogue.length);
  });

  it('[T-3.1.1] serves the Designsystemet stylesheet with a versioned URL and a long cache', async () => {
    const page = await text('/status');
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page.body)![1]!;
    expect(href).toMatch(/^\/status\/assets\/style\.css\?v=[\w-]+$/);
    const css = await text(href.replace(/&amp;/g, '&'));
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(css.body).toContain('.ds-alert');
    expect(css.body).toContain('--ds-color-success-base-default');
    expect(css.body).toContain('.sp-day-major_outage');
  });

  it('[S-2.3.1][T-3.1.1] a published incident reaches the page, the JSON and the feeds through the change notice', async () => {
    const res = await ops.post('/api/v1/incidents', { title: 'Innlogging feiler for noen brukere', category: 'B', components: ['sbl'], impact: 'partial_outage' });
    expect(res.status, res.text).toBe(201);
    incident = res.body;
    const pub = await ops.post(`/api/v1/incidents/${incident.id}/state`, { state: 'investigating', message: 'Vi undersøker feil ved innlogging.', visibility: 'public' });
    expect(pub.status, pub.text).toBe(200);
    // No refresh call: the debounced rebuild after the `status` notice publishes it.
    const unresolved = await waitFor(async () => {
      const r = await anon.get('/api/v2/incidents/unresolved.json');
      return r.body.incidents.some((i: any) => i.id === incident.id) && r.body;
    });
    const mine = unresolved.incidents.find((i: any) => i.id === incident.id);
    expect(mine).toMatchObject({ name: incident.title, status: 'investigating', impact: 'major' });
    expect(mine.incident_updates[0].body).toBe('Vi undersøker feil ved innlogging.');
    const comps = await anon.get('/api/v2/components.json');
    expect(comps.body.components.find((c: any) => c.id === 'sbl').status).toBe('partial_outage');
    expect((await anon.get('/api/v2/status.json')).body.status.indicator).toMatch(/^(major|critical)$/);
    const page = await text('/status');
    expect(page.body).toContain('Innlogging feiler for noen brukere');
    expect(page.body).toContain('Vi undersøker feil ved innlogging.');
    const detail = await text(`/status/incidents/${incident.ref}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toContain('Undersøkes');
    expect((await text('/status/incidents/INC-1999-0001')).status).toBe(404);
    const rss = parseXml((await text('/status/feed.rss')).body);
    expect(kids(kids(rss, 'channel')[0]!, 'item').some((i) => childText(i, 'title')!.startsWith('Innlogging feiler for noen brukere'))).toBe(true);
  });

  it('[T-3.1.1][S-2.4.1] a maintenance notice shows on the page, in the Statuspage JSON and in maintenance.ics; cancelling it cancels the event', async () => {
    const startsAt = new Date(Date.now() + 9 * 86_400_000);
    startsAt.setUTCHours(20, 0, 0, 0);
    const endsAt = new Date(startsAt.getTime() + 2 * 3_600_000);
    const [n] = await server.ctx.db
      .insert(notices)
      .values({
        ref: 'VAR-2099-0001',
        noticeClass: 'maintenance',
        title: 'Oppgradering av Formidling',
        body: 'Formidling er utilgjengelig i inntil to timer.',
        titleEn: 'Broker upgrade',
        state: 'scheduled',
        components: ['broker'],
        publishedAt: new Date(),
        startsAt,
        endsAt,
        check: { earliestStart: null, late: false, warnings: [] },
      })
      .returning();
    await server.ctx.db.insert(noticeUpdates).values({ noticeId: n!.id, kind: 'scheduled', body: 'Varslet.' });
    await refreshStatus(server.ctx);

    const page = await text('/status');
    const upcoming = page.body.slice(page.body.indexOf('id="maint-next"'), page.body.indexOf('id="monthly"'));
    expect(upcoming).toContain('Oppgradering av Formidling');
    const up = await anon.get('/api/v2/scheduled-maintenances/upcoming.json?lang=en');
    expect(up.body.scheduled_maintenances.find((m: any) => m.id === n!.id)).toMatchObject({
      name: 'Broker upgrade',
      status: 'scheduled',
      scheduled_for: startsAt.toISOString(),
      scheduled_until: endsAt.toISOString(),
    });
    expect((await text('/status/maintenance/VAR-2099-0001')).status).toBe(200);

    const ics = await text('/status/maintenance.ics');
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const unfolded = ics.body.replace(/\r\n[ \t]/g, '');
    const event = unfolded.split('BEGIN:VEVENT').find((e) => e.includes(`UID:notice-${n!.id}@localhost`))!;
    expect(event).toBeTruthy();
    expect(event).toContain('SUMMARY:Oppgradering av Formidling');
    expect(event).toContain(`DTSTART:${startsAt.toISOString().replace(/[-:]/g, '').replace('.000', '')}`);
    expect(event).toContain('SEQUENCE:1');
    expect(event).toContain('STATUS:CONFIRMED');
    expect(event).toContain('URL:http://localhost:8080/status/maintenance/VAR-2099-0001');

    await server.ctx.db.update(notices).set({ state: 'cancelled', cancelledAt: new Date(), updatedAt: new Date() }).where(eq(notices.id, n!.id));
    await server.ctx.db.insert(noticeUpdates).values({ noticeId: n!.id, kind: 'cancelled', body: 'Avlyst.' });
    await refreshStatus(server.ctx);
    const after = (await text('/status/maintenance.ics')).body.replace(/\r\n[ \t]/g, '');
    const cancelled = after.split('BEGIN:VEVENT').find((e) => e.includes(`UID:notice-${n!.id}@localhost`))!;
    expect(cancelled).toContain('STATUS:CANCELLED');
    expect(cancelled).toContain('SEQUENCE:2');
    expect((await anon.get('/api/v2/scheduled-maintenances.json')).body.scheduled_maintenances.map((m: any) => m.id)).not.toContain(n!.id);
  });

  it('[S-3.4][S-3.3] change log, roadmap and meetings as pages, an RSS feed and a calendar', async () => {
    await server.ctx.db.insert(posts).values([
      { kind: 'release', title: 'Produksjonssetting 2099.1', body: 'Feilrettinger.', version: 'v2099.1', publishedAt: new Date(Date.now() - 60_000) },
      { kind: 'roadmap', title: 'Varsling på SMS', body: 'Planlagt.', roadmapState: 'planned', target: '2099-Q1', publishedAt: new Date(Date.now() - 60_000) },
    ]);
    const [m] = await server.ctx.db
      .insert(meetings)
      .values({ title: 'Tjenesteeierforum', description: 'Status og endringer', startsAt: new Date(Date.now() + 86_400_000), endsAt: new Date(Date.now() + 86_400_000 + 3_600_000), location: 'Teams', sequence: 3 })
      .returning();
    await refreshStatus(server.ctx);
    const log = await text('/status/changelog.rss');
    expect(log.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const titles = kids(kids(parseXml(log.body), 'channel')[0]!, 'item').map((i) => childText(i, 'title'));
    expect(titles).toContain('Produksjonssetting 2099.1 (v2099.1)');
    expect((await text('/status/changelog')).body).toContain('Produksjonssetting 2099.1');
    expect((await text('/status/roadmap?lang=en')).body).toContain('Varsling på SMS');
    expect((await text('/status/meetings')).body).toContain('Tjenesteeierforum');
    const ics = (await text('/status/meetings.ics')).body.replace(/\r\n[ \t]/g, '');
    expect(ics).toContain(`UID:meeting-${m!.id}@localhost`);
    expect(ics).toContain('SEQUENCE:3');
    expect(ics).toContain('LOCATION:Teams');
    const atom = await text('/status/feed.atom');
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(parseXml(atom.body).name).toBe('feed');
  });
});

describe('the Statuspage-compatible API', () => {
  const endpoints = [
    'summary.json',
    'status.json',
    'components.json',
    'incidents.json',
    'incidents/unresolved.json',
    'scheduled-maintenances.json',
    'scheduled-maintenances/upcoming.json',
    'scheduled-maintenances/active.json',
  ];

  it('[T-3.1.1][S-2.3.1] every /api/v2 endpoint answers the Statuspage field names and enums, open to every origin', async () => {
    for (const e of endpoints) {
      for (const q of ['', '?lang=en']) {
        const res = await anon.get(`/api/v2/${e}${q}`, { origin: 'https://widget.example.com' });
        expect(res.status, e).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(res.headers.get('access-control-allow-origin')).toBe('*');
        expect(validateV2(e, res.body), `${e}${q}`).toEqual([]);
      }
    }
    const summary = (await anon.get('/api/v2/summary.json')).body;
    expect(summary.page.url).toBe('http://localhost:8080/status');
    expect(summary.components.filter((c: any) => !c.group).map((c: any) => c.id)).toEqual(componentCatalogue(server.ctx.policy.policy).map((c) => c.id));
    expect(summary.components.filter((c: any) => c.group).map((c: any) => c.id)).toEqual(Object.keys(server.ctx.policy.policy.componentGroups ?? {}).map((k) => `group-${k}`));
  });

  it('[T-3.1.1] caches with ETag (304) and ignores credentials (an unknown token still gets the public answer)', async () => {
    const first = await anon.get('/api/v2/summary.json');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"/);
    expect(first.headers.get('last-modified')).toBeTruthy();
    expect(first.headers.get('cache-control')).toBe('public, max-age=30');
    const again = await fetch(`${server.url}/api/v2/summary.json`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const bearer = await fetch(`${server.url}/api/v2/status.json`, { headers: { authorization: 'Bearer ssv_unknown' } });
    expect(bearer.status).toBe(200);
  });
});

describe('when the database is unreachable', () => {
  it('[T-3.1.1] the snapshot is published to DATA_DIR and status_snapshots', async () => {
    const keeper = await statusKeeper(server.ctx);
    await refreshStatus(server.ctx);
    const version = keeper.snapshot!.version;
    expect(readSnapshotFile(path.join(server.ctx.config.DATA_DIR, SNAPSHOT_FILE))?.version).toBe(version);
    expect((await readSnapshotRow(server.ctx.db))?.version).toBe(version);
  });

  it('[T-3.1.1] a restarted process answers from the last published snapshot, says it is stale, and serves API and feeds', async () => {
    const dataDir = server.ctx.config.DATA_DIR;
    // A database nobody listens on: every connection is refused.
    const dead = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/unreachable', poolSize: 1 });
    const restarted = await startTestServer({ modules: [statuspageModule], database: dead, demo: false, config: { DATA_DIR: dataDir } });
    try {
      const page = await fetch(`${restarted.url}/status`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Innlogging feiler for noen brukere');
      expect(html).toContain('Vi får ikke hentet nye opplysninger akkurat nå');
      expect(html).toContain('Sist oppdatert');
      const summary = await fetch(`${restarted.url}/api/v2/summary.json`);
      expect(summary.status).toBe(200);
      expect(validateV2('summary.json', await summary.json())).toEqual([]);
      expect((await fetch(`${restarted.url}/status/maintenance.ics`)).status).toBe(200);
      expect((await fetch(`${restarted.url}/status/incidents/${incident.ref}`)).status).toBe(200);
      // The database really is down: rebuilding fails and the old snapshot stays.
      await expect(refreshStatus(restarted.ctx)).rejects.toThrow();
      expect((await fetch(`${restarted.url}/status`)).status).toBe(200);
    } finally {
      await restarted.stop();
    }
  });
});
