/**
 * Status subscriptions over HTTP, with mail through a real local SMTP server [T-3.1.1, T-3.1]: the form and the
 * JSON API with double opt-in, confirm by POST only, manage, one-click unsubscribe (RFC 8058) from the
 * List-Unsubscribe header, the mailer following the event log (incident updates, notices) to the right subscribers
 * only, unknown tokens, rate limits, and reminders before planned work. Events are published with `publishEvent`,
 * as the incidents and notices modules do.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { mailOutbox } from '../../platform/mail/index.ts';
import { modules } from '../index.ts';
import { notices } from '../notices/tables.ts';
import { drainStatusMailer, remindersOf, runReminders, runStatusMailer, startStatusMailerLoop } from './mailer.ts';
import { maintenanceReminders, statusSubscribers } from './tables.ts';

interface Received {
  to: string[];
  headers: Record<string, string>;
  /** The raw message with quoted-printable soft breaks and escapes undone (ASCII is enough to find links). */
  body: string;
}

let server: TestServer;
let smtp: SMTPServer;
const received: Received[] = [];

function parseMessage(raw: string): { headers: Record<string, string>; body: string } {
  const sep = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, sep).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = raw
    .slice(sep + 4)
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return { headers, body };
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      let data = '';
      stream.on('data', (c) => (data += c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), ...parseMessage(data) });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const port = (smtp.server.address() as { port: number }).port;
  server = await startTestServer({
    modules,
    config: { SMTP_URL: `smtp://127.0.0.1:${port}` },
  });
  // Whatever the demo data published before any subscriber existed is behind us.
  await drainStatusMailer(server.ctx);
}, 240_000);
afterAll(async () => {
  await server?.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

let seq = 0;
/** A unique address per test (the per-address limit counts per hour). */
const addr = (name: string) => `${name}.${++seq}.${randomUUID().slice(0, 6)}@example.test`;

/** Sends what the outbox holds; answers what SMTP received since. */
async function deliver(): Promise<Received[]> {
  const before = received.length;
  await server.ctx.mail.flush();
  return received.slice(before);
}
const to = (mails: Received[], address: string) => mails.filter((m) => m.to.includes(address));

async function postForm(path: string, fields: [string, string][], opts: { multipart?: boolean } = {}) {
  let body: string;
  let type: string;
  if (opts.multipart) {
    const b = `----samsvar${randomUUID()}`;
    body = fields.map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + `--${b}--\r\n`;
    type = `multipart/form-data; boundary=${b}`;
  } else {
    body = new URLSearchParams(fields).toString();
    type = 'application/x-www-form-urlencoded';
  }
  const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': type }, body, redirect: 'manual' });
  return { status: res.status, text: await res.text(), headers: res.headers };
}
async function get(path: string) {
  const res = await fetch(server.url + path, { redirect: 'manual' });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const row = async (address: string) => (await server.ctx.db.select().from(statusSubscribers).where(eq(statusSubscribers.address, address)))[0];
const confirmToken = (m: Received) => /\/status\/subscriptions\/confirm\?token=([A-Za-z0-9_.-]+)/.exec(m.body)?.[1];
/** The HTTPS link of a mail's List-Unsubscribe header, as a path on the test server. */
function unsubscribePath(m: Received): string {
  const link = /<(https?:\/\/[^>]+)>/.exec(m.headers['list-unsubscribe'] ?? '')?.[1];
  expect(link, m.headers['list-unsubscribe']).toBeTruthy();
  const u = new URL(link!);
  return u.pathname + u.search;
}

/** Subscribes through the form, confirms through the mailed link; answers the confirm token. */
async function subscribed(address: string, components: string[], lang: 'nb' | 'en' = 'nb'): Promise<string> {
  const res = await postForm('/status/subscribe', [['email', address], ...components.map((c): [string, string] => ['components', c]), ['lang', lang]]);
  expect(res.status, res.text).toBe(200);
  const [mail] = to(await deliver(), address);
  const token = confirmToken(mail);
  expect(token).toBeTruthy();
  const ok = await postForm(`/status/subscriptions/confirm?token=${token}`, []);
  expect(ok.status, ok.text).toBe(200);
  return token!;
}

let incidentNo = 0;
async function publishIncident(opts: { id?: string; components: string[]; body: string; status?: string; updateId?: string }) {
  const id = opts.id ?? randomUUID();
  const ref = `INC-2026-${String(++incidentNo).padStart(4, '0')}`;
  await publishEvent(server.ctx.db, server.ctx, {
    type: 'no.samsvar.status.incident',
    resource: `urn:samsvar:incident:${id}`,
    subject: ref,
    source: `/status/incidents/${ref}`,
    visibility: 'public',
    data: {
      incident: {
        id,
        ref,
        title: `Treg innsending ${ref}`,
        category: 'B',
        impact: 'degraded_performance',
        state: 'investigating',
        status: opts.status ?? 'investigating',
        components: opts.components,
        reportedAt: new Date().toISOString(),
        resolvedAt: null,
        updatedAt: new Date().toISOString(),
        updates: [{ id: opts.updateId ?? '1', at: new Date().toISOString(), body: opts.body, status: opts.status ?? 'investigating' }],
      },
    },
  });
  return { id, ref };
}

async function publishNotice(change: string, components: string[]) {
  const ref = `VAR-2026-${randomUUID().slice(0, 4)}`;
  const startsAt = new Date(Date.now() + 10 * 86400_000);
  await publishEvent(server.ctx.db, server.ctx, {
    type: `no.samsvar.notice.${change}`,
    resource: `urn:samsvar:notice:${randomUUID()}`,
    subject: ref,
    source: `/status/maintenance/${ref}`,
    visibility: 'public',
    data: {
      notice: {
        id: randomUUID(),
        ref,
        noticeClass: 'maintenance',
        className: { nb: 'Planlagt vedlikehold', en: 'Planned maintenance' },
        title: 'Oppgradering av database',
        titleEn: 'Database upgrade',
        body: 'Tjenesten kan være treg.',
        bodyEn: 'The service may be slow.',
        state: 'scheduled',
        components,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(),
      },
    },
  });
  return ref;
}

describe('subscribing with double opt-in', () => {
  it('[T-3.1.1] the form answers "check your inbox"; the mailed link shows a button on GET and confirms only on POST', async () => {
    const a = addr('alice');
    const res = await postForm('/status/subscribe', [['email', a.toUpperCase()], ['components', 'dialogporten'], ['lang', 'nb']]);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.text).toContain('Sjekk innboksen din');
    const r0 = await row(a);
    expect(r0.address).toBe(a);
    expect(r0.components).toEqual(['dialogporten']);
    expect(r0.confirmedAt).toBeNull();

    const [mail] = to(await deliver(), a);
    expect(mail).toBeTruthy();
    const token = confirmToken(mail)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the hash is stored.
    expect(r0.tokenHash).not.toContain(token);
    expect(r0.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    // A mail scanner's GET changes nothing.
    const page = await get(`/status/subscriptions/confirm?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`action="/status/subscriptions/confirm?token=${token}"`);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect((await row(a)).confirmedAt).toBeNull();

    // The button: a POST without session or CSRF token.
    const done = await postForm(`/status/subscriptions/confirm?token=${token}`, []);
    expect(done.status, done.text).toBe(200);
    expect(done.text).toContain('Abonnementet er bekreftet');
    expect((await row(a)).confirmedAt).toBeInstanceOf(Date);
    // Idempotent.
    expect((await postForm(`/status/subscriptions/confirm?token=${token}`, [])).status).toBe(200);
  });

  it('[T-3.1.1] gives the same answer whether or not the address subscribes, and changes nothing of a confirmed one', async () => {
    const known = addr('known');
    await subscribed(known, ['broker']);
    const fresh = addr('fresh');
    const [x, y] = [
      await server.client().post('/api/v1/status/subscriptions', { email: known, components: ['apps'], lang: 'en' }),
      await server.client().post('/api/v1/status/subscriptions', { email: fresh, components: ['apps'], lang: 'en' }),
    ];
    expect(x.status, x.text).toBe(202);
    expect(y.status).toBe(202);
    expect(x.text).toBe(y.text);
    const f1 = await postForm('/status/subscribe', [['email', known]]);
    const f2 = await postForm('/status/subscribe', [['email', addr('other')]]);
    expect([f1.status, f1.text]).toEqual([f2.status, f2.text]);

    // The confirmed subscriber keeps its components and language, and is told how to manage the subscription.
    const r = await row(known);
    expect(r.components).toEqual(['broker']);
    expect(r.lang).toBe('nb');
    expect(r.confirmedAt).toBeInstanceOf(Date);
    const mails = await deliver();
    const note = to(mails, known);
    expect(note.length).toBe(2);
    expect(note[0].body).toContain('/status/subscriptions/manage?token=');
    expect(confirmToken(note[0])).toBeUndefined();
    // The new address got a confirmation link, in English.
    const [conf] = to(mails, fresh);
    expect(confirmToken(conf)).toBeTruthy();
    const [outbox] = await server.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.to, fresh));
    expect(outbox.subject).toBe('Confirm your subscription to status updates');
  });

  it('[T-3.1.1] refuses an invalid address or an unknown component (form page and problem details)', async () => {
    const bad = await postForm('/status/subscribe', [['email', 'not-an-address']]);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('gyldig e-postadresse');
    const api = await server.client().post('/api/v1/status/subscriptions', { email: addr('x'), components: ['nope'] });
    expect(api.status).toBe(400);
    expect(api.body.errors[0].field).toBe('body.components');
    const missing = await server.client().post('/api/v1/status/subscriptions', {});
    expect(missing.status).toBe(400);
  });

  it('[T-3.1.1] rate-limits subscribing per address (429 with Retry-After)', async () => {
    const a = addr('flood');
    for (let i = 0; i < 3; i++) expect((await server.client().post('/api/v1/status/subscriptions', { email: a })).status).toBe(202);
    const res = await server.client().post('/api/v1/status/subscriptions', { email: a.toUpperCase() });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const form = await postForm('/status/subscribe', [['email', a]]);
    expect(form.status).toBe(429);
    await deliver();
  });
});

describe('status mail to subscribers', () => {
  const people: Record<string, string> = {};
  beforeAll(async () => {
    people.alice = addr('alice');
    people.bob = addr('bob');
    people.carol = addr('carol');
    people.dave = addr('dave');
    await subscribed(people.alice, ['dialogporten'], 'nb');
    await subscribed(people.bob, [], 'en');
    await subscribed(people.carol, ['broker'], 'en');
    // Dave never confirms.
    await postForm('/status/subscribe', [['email', people.dave]]);
    await deliver();
  });

  it('[T-3.1.1] an incident update mails the subscribers of its components (and of all) only, in their language, with List-Unsubscribe', async () => {
    const inc = await publishIncident({ components: ['dialogporten'], body: 'Innsending til Dialogporten går tregt.' });
    const round = await drainStatusMailer(server.ctx);
    expect(round.failed).toBe(0);
    const mails = await deliver();
    const mine = (a: string) => to(mails, a);
    expect(mine(people.alice)).toHaveLength(1);
    expect(mine(people.bob)).toHaveLength(1);
    expect(mine(people.carol)).toHaveLength(0);
    expect(mine(people.dave)).toHaveLength(0);
    for (const m of [...mine(people.alice), ...mine(people.bob)]) {
      expect(m.headers['list-unsubscribe']).toMatch(/^<http:\/\/localhost:8080\/status\/unsubscribe\?token=[^>]+>, <mailto:[^>]+>$/);
      expect(m.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      expect(m.body).toContain(`http://localhost:8080/status/incidents/${inc.ref}`);
    }
    const rows = await server.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'status.incident'));
    const alice = rows.find((r) => r.to === people.alice)!;
    const bob = rows.find((r) => r.to === people.bob)!;
    expect(alice.subject).toBe(`Driftsmelding: Treg innsending ${inc.ref} – Undersøkes`);
    expect(alice.text).toContain('Innsending til Dialogporten går tregt.');
    expect(alice.text).toContain('Berørte komponenter: Dialogporten');
    expect(alice.html).toContain('<h2>Treg innsending');
    expect(bob.subject).toBe(`Service status: Treg innsending ${inc.ref} – Investigating`);

    // The same update again (only the impact changed) makes no mail; a new update does.
    await publishIncident({ id: inc.id, components: ['dialogporten'], body: 'Innsending til Dialogporten går tregt.' });
    await drainStatusMailer(server.ctx);
    expect(await deliver()).toEqual([]);
    await publishIncident({ id: inc.id, components: ['dialogporten'], body: 'Løst.', status: 'resolved', updateId: '2' });
    await drainStatusMailer(server.ctx);
    const again = await deliver();
    expect(to(again, people.alice)).toHaveLength(1);
    expect(to(again, people.carol)).toHaveLength(0);
  });

  it('[T-3.1.1] a notice mails the subscribers of its components, English title and text for English subscribers', async () => {
    const ref = await publishNotice('scheduled', ['broker']);
    await drainStatusMailer(server.ctx);
    const mails = await deliver();
    expect(to(mails, people.carol)).toHaveLength(1);
    expect(to(mails, people.bob)).toHaveLength(1);
    expect(to(mails, people.alice)).toHaveLength(0);
    expect(to(mails, people.carol)[0].body).toContain(`http://localhost:8080/status/maintenance/${ref}`);
    const [carol] = await server.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.to, people.carol)).then((r) => r.filter((m) => m.kind === 'status.notice'));
    expect(carol.subject).toBe('Planned work: Database upgrade – planned work announced');
    expect(carol.text).toContain('The service may be slow.');
    expect(carol.text).toContain('Kind: Planned maintenance');
    expect(carol.text).toMatch(/Starts: \d\d\.\d\d\.\d{4} \d\d:\d\d \(Oslo time\)/);
    expect(carol.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('[T-3.1.1] two mailer rounds at once mail every event exactly once', async () => {
    await publishNotice('started', ['dialogporten']);
    await publishNotice('completed', ['dialogporten']);
    await Promise.all([runStatusMailer(server.ctx), runStatusMailer(server.ctx)]);
    await drainStatusMailer(server.ctx);
    const mails = await deliver();
    expect(to(mails, people.alice)).toHaveLength(2);
    expect(to(mails, people.bob)).toHaveLength(2);
  });

  it('[T-3.1.1] the worker loop mails at once when an event is published (LISTEN/NOTIFY, no tick needed)', async () => {
    const stop = await startStatusMailerLoop(server.ctx, { intervalMs: 600_000 });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const inc = await publishIncident({ components: ['dialogporten'], body: 'Varslet av løkken.' });
      const mine = () => server.ctx.db.select().from(mailOutbox).where(and(eq(mailOutbox.to, people.alice), like(mailOutbox.subject, `%${inc.ref}%`)));
      const deadline = Date.now() + 5000;
      while ((await mine()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await mine()).toHaveLength(1);
    } finally {
      await stop();
    }
    await deliver();
  });

  it('[T-3.1.1] RFC 8058: a one-click POST to the List-Unsubscribe link ends the subscription without session or CSRF; no more mail', async () => {
    await publishIncident({ components: ['dialogporten', 'broker'], body: 'Feil.' });
    await drainStatusMailer(server.ctx);
    const mails = await deliver();
    const [aliceMail] = to(mails, people.alice);
    const [carolMail] = to(mails, people.carol);

    // A GET (a scanner, or the person clicking) shows a button and changes nothing.
    const page = await get(unsubscribePath(aliceMail));
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="List-Unsubscribe" value="One-Click"');
    expect((await row(people.alice)).unsubscribedAt).toBeNull();

    const one = await postForm(unsubscribePath(aliceMail), [['List-Unsubscribe', 'One-Click']]);
    expect(one.status, one.text).toBe(200);
    expect((await row(people.alice)).unsubscribedAt).toBeInstanceOf(Date);
    // multipart/form-data, as RFC 8058 prefers.
    expect((await postForm(unsubscribePath(carolMail), [['List-Unsubscribe', 'One-Click']], { multipart: true })).status).toBe(200);
    expect((await row(people.carol)).unsubscribedAt).toBeInstanceOf(Date);
    // Idempotent.
    expect((await postForm(unsubscribePath(aliceMail), [['List-Unsubscribe', 'One-Click']])).status).toBe(200);

    await publishIncident({ components: ['dialogporten', 'broker'], body: 'Fortsatt feil.' });
    await publishNotice('scheduled', ['dialogporten', 'broker']);
    await drainStatusMailer(server.ctx);
    const after = await deliver();
    expect(to(after, people.alice)).toHaveLength(0);
    expect(to(after, people.carol)).toHaveLength(0);
    expect(to(after, people.bob)).toHaveLength(2);
    // The manage page of an ended subscription says so and cannot change it.
    const manage = await postForm(unsubscribePath(aliceMail).replace('/status/unsubscribe', '/status/subscriptions/manage'), [['lang', 'en']]);
    expect(manage.status).toBe(409);
  });

  it('[T-3.1.1] the manage page changes components and language; later mail follows', async () => {
    const erin = addr('erin');
    const token = await subscribed(erin, ['broker']);
    const page = await get(`/status/subscriptions/manage?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="broker" checked');
    expect(page.text).toContain(`e***${erin.split('@')[0].slice(-1)}@example.test`);
    expect(page.text).not.toContain(erin);
    const saved = await postForm(`/status/subscriptions/manage?token=${token}`, [['components', 'apps'], ['components', 'dialogporten'], ['lang', 'en']]);
    expect(saved.status, saved.text).toBe(200);
    expect(saved.text).toContain('Your changes are saved.');
    const r = await row(erin);
    expect(r.components).toEqual(['apps', 'dialogporten']);
    expect(r.lang).toBe('en');
    await publishIncident({ components: ['broker'], body: 'Formidling feiler.' });
    await publishIncident({ components: ['apps'], body: 'Apps feiler.' });
    await drainStatusMailer(server.ctx);
    const mails = to(await deliver(), erin);
    expect(mails).toHaveLength(1);
    expect(mails[0].body).toContain('Apps feiler.');
  });

  it('[T-3.1.1] an unknown, cut-off or altered token is 404 on every page', async () => {
    const [someone] = await server.ctx.db.select().from(statusSubscribers).limit(1);
    const forged = `${someone.id}.${'A'.repeat(43)}`;
    for (const t of ['', 'x', 'A'.repeat(43), forged]) {
      const q = `?token=${encodeURIComponent(t)}`;
      expect((await get(`/status/subscriptions/confirm${q}`)).status, t).toBe(404);
      expect((await postForm(`/status/subscriptions/confirm${q}`, [])).status, t).toBe(404);
      expect((await get(`/status/subscriptions/manage${q}`)).status, t).toBe(404);
      expect((await postForm(`/status/subscriptions/manage${q}`, [['lang', 'en']])).status, t).toBe(404);
      expect((await get(`/status/unsubscribe${q}`)).status, t).toBe(404);
      const res = await postForm(`/status/unsubscribe${q}`, [['List-Unsubscribe', 'One-Click']]);
      expect(res.status, t).toBe(404);
      expect(res.text).toContain('Lenken er ikke gyldig');
    }
    expect((await row(someone.address)).unsubscribedAt).toEqual(someone.unsubscribedAt);
  });

  it('[T-3.1.1] subscribing again before confirming replaces the link: the old one is 404', async () => {
    const a = addr('twice');
    await postForm('/status/subscribe', [['email', a]]);
    const first = confirmToken(to(await deliver(), a)[0])!;
    await postForm('/status/subscribe', [['email', a]]);
    const second = confirmToken(to(await deliver(), a)[0])!;
    expect(second).not.toBe(first);
    expect((await postForm(`/status/subscriptions/confirm?token=${first}`, [])).status).toBe(404);
    expect((await postForm(`/status/subscriptions/confirm?token=${second}`, [])).status).toBe(200);
  });
});

describe('reminders before planned work', () => {
  it('[T-3.1] a notice starting in 30 minutes gets one reminder (the 24 h and 1 h offsets fall due together), once', async () => {
    const frank = addr('frank');
    const gina = addr('gina');
    await subscribed(frank, ['dialogporten'], 'en');
    await subscribed(gina, ['broker']);
    const now = new Date();
    const ref = `VAR-T-${randomUUID().slice(0, 6)}`;
    const [n] = await server.ctx.db
      .insert(notices)
      .values({
        ref,
        noticeClass: 'maintenance',
        title: 'Vedlikehold av Dialogporten',
        titleEn: 'Dialogporten maintenance',
        components: ['dialogporten'],
        publishedAt: new Date(now.getTime() - 7 * 86400_000),
        startsAt: new Date(now.getTime() + 30 * 60_000),
        endsAt: new Date(now.getTime() + 90 * 60_000),
        check: { earliestStart: null, late: false, warnings: [] },
      })
      .returning();
    // Cancelled and far-off notices get none.
    await server.ctx.db.insert(notices).values([
      { ref: `${ref}-c`, noticeClass: 'maintenance', title: 'Avlyst', state: 'cancelled', components: ['dialogporten'], publishedAt: now, startsAt: new Date(now.getTime() + 20 * 60_000), check: { earliestStart: null, late: false, warnings: [] } },
      { ref: `${ref}-f`, noticeClass: 'maintenance', title: 'Langt fram', components: ['dialogporten'], publishedAt: now, startsAt: new Date(now.getTime() + 3 * 86400_000), check: { earliestStart: null, late: false, warnings: [] } },
    ]);

    // Two runs at once and one a minute later: one reminder.
    const [r1, r2] = await Promise.all([runReminders(server.ctx, { at: now }), runReminders(server.ctx, { at: now })]);
    expect(r1.mails + r2.mails).toBeGreaterThanOrEqual(1);
    await runReminders(server.ctx, { at: new Date(now.getTime() + 60_000) });
    expect(await remindersOf(server.ctx.db, n.id)).toEqual([1440, 60]);

    const mails = await deliver();
    expect(to(mails, frank)).toHaveLength(1);
    expect(to(mails, gina)).toHaveLength(0);
    expect(to(mails, frank)[0].headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const [row] = await server.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.to, frank)).then((r) => r.filter((m) => m.kind === 'status.reminder'));
    expect(row.subject).toBe('Reminder: Dialogporten maintenance – planned work starts in 30 minutes');
    expect(row.text).toContain(`http://localhost:8080/status/maintenance/${ref}`);

    // After the start nothing more, even for an offset never recorded.
    await server.ctx.db.delete(maintenanceReminders).where(eq(maintenanceReminders.noticeId, n.id));
    await runReminders(server.ctx, { at: new Date(now.getTime() + 31 * 60_000) });
    expect(await remindersOf(server.ctx.db, n.id)).toEqual([]);
    expect(to(await deliver(), frank)).toHaveLength(0);
  });
});
