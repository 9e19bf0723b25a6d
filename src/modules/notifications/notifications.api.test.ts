/**
 * Notifications over HTTP and through the notifier [T-1.2.4]: the catalogue, preferences and their precedence,
 * e-mail vs inbox vs none, the visibility cap, digests, unsubscribe links, and the notifier following the `events`
 * table exactly once (two rounds at the same time, gaps, a failing definition, the worker loop woken by NOTIFY).
 * Events are published with the event hub's `publishEvent`, as the modules do.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, usingPostgres, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { authTables } from '../../platform/auth/index.ts';
import { publishEvent, type PublishInput } from '../../platform/events/index.ts';
import { eventCursors, notificationDigestItems, notificationPreferences } from '../../platform/events/tables.ts';
import { inboxItems } from '../../platform/inbox/index.ts';
import { mailOutbox } from '../../platform/mail/index.ts';
import { defineNotification, NOTIFIER_CURSOR, runNotifier, startNotifierLoop, usersWithRole } from '../../platform/notify/index.ts';
import { DIGEST_DAILY_JOB, DIGEST_WEEKLY_JOB, notificationJobs } from './index.ts';

let server: TestServer;
const c: Record<string, TestClient> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const k of ['operatorAdmin', 'operatorAgent', 'skattAdmin', 'vendorAdmin', 'vendorDev']) c[k] = await server.as(k);
});
afterAll(async () => server?.stop());
beforeEach(async () => {
  await server.ctx.db.delete(notificationPreferences);
  await server.ctx.db.delete(notificationDigestItems);
});

const user = (k: string) => server.demo.users[k].id;
const org = (k: string) => server.demo.orgs[k].id;
const email = (k: string) => server.demo.users[k].email;
let n = 0;
const ref = () => `INC-T-${String(++n).padStart(4, '0')}-${randomUUID().slice(0, 4)}`;

async function publish(input: Omit<PublishInput, 'resource'> & { resource?: string }) {
  return publishEvent(server.ctx.db, server.ctx, { resource: `urn:samsvar:incident:${randomUUID()}`, source: '/api/v1/incidents', ...input });
}
/** An incident.created event of Fjordregnskap (reported by its developer unless told otherwise). */
function incidentCreated(r: string, extra: Record<string, unknown> = {}, orgKey = 'fjordregnskap') {
  return publish({
    type: 'no.samsvar.incident.created',
    orgId: org(orgKey),
    visibility: 'org',
    data: { ref: r, title: `Innsending feiler ${r}`, category: 'B', reporterOrgId: org(orgKey), reporterOrgName: server.demo.orgs[orgKey].name, reporterUserId: user('vendorDev'), ...extra },
  });
}
const inboxFor = async (eventId: string) =>
  server.ctx.db.select().from(inboxItems).where(eq(inboxItems.dedupeKey, `event:${eventId}`));
const inboxUsers = async (eventId: string) => (await inboxFor(eventId)).map((i) => i.userId).sort();
const mailsAbout = async (needle: string) => server.ctx.db.select().from(mailOutbox).where(like(mailOutbox.subject, `%${needle}%`));
const mailedTo = async (needle: string) => (await mailsAbout(needle)).map((m) => m.to).sort();
const cursor = async () => (await server.ctx.db.select().from(eventCursors).where(eq(eventCursors.name, NOTIFIER_CURSOR)))[0]?.seq ?? 0;
const put = (k: string, items: unknown[]) => c[k].request('PUT', '/api/v1/notifications/preferences', { items });

describe('the catalogue and preferences over HTTP', () => {
  it('[T-1.2.4] lists the notification types with their defaults in both languages; only for signed-in callers', async () => {
    const res = await c.vendorDev.get('/api/v1/notifications/types');
    expect(res.status, res.text).toBe(200);
    const created = res.body.items.find((t: any) => t.type === 'no.samsvar.incident.created');
    expect(created).toMatchObject({
      title: { nb: 'Ny hendelse', en: 'New incident' },
      defaults: { channel: 'inbox', digest: 'immediate' },
    });
    expect(created.audience.nb).toBeTruthy();
    expect(res.body.items.find((t: any) => t.type === 'no.samsvar.deviation.escalated').defaults).toEqual({ channel: 'inbox', digest: 'immediate' });
    expect(res.body.items.map((t: any) => t.type)).toContain('no.samsvar.terms.published');
    expect((await server.client().get('/api/v1/notifications/types')).status).toBe(401);
    expect((await server.client().get('/api/v1/notifications/preferences')).status).toBe(401);
  });

  it('without rules every type shows its default; PUT replaces the caller’s list and GET shows the winner per type', async () => {
    const empty = await c.vendorAdmin.get('/api/v1/notifications/preferences');
    expect(empty.status).toBe(200);
    expect(empty.body.items).toEqual([]);
    expect(empty.body.effective.find((e: any) => e.type === 'no.samsvar.incident.created')).toMatchObject({ inbox: true, email: null, source: 'default' });

    const res = await put('vendorAdmin', [
      { typeFilter: '*', channel: 'none' },
      { typeFilter: 'no.samsvar.incident.*', channel: 'email', digest: 'daily' },
      { typeFilter: 'no.samsvar.incident.created', channel: 'email' },
      { typeFilter: 'no.samsvar.incident.created', channel: 'inbox' },
    ]);
    expect(res.status, res.text).toBe(200);
    const eff = (t: string) => res.body.effective.find((e: any) => e.type === `no.samsvar.${t}`);
    expect(eff('incident.created')).toMatchObject({ email: 'immediate', inbox: true, source: 'preference', typeFilter: 'no.samsvar.incident.created' });
    expect(eff('incident.state')).toMatchObject({ email: 'daily', inbox: false, typeFilter: 'no.samsvar.incident.*' });
    expect(eff('terms.published')).toMatchObject({ email: null, inbox: false, typeFilter: '*' });
    expect(res.body.items).toHaveLength(4);
    expect((await c.vendorAdmin.get('/api/v1/notifications/preferences')).body).toEqual(res.body);
    // another user's list is untouched, and replacing with [] clears
    expect((await c.vendorDev.get('/api/v1/notifications/preferences')).body.items).toEqual([]);
    expect((await put('vendorAdmin', [])).body.items).toEqual([]);
  });

  it('refuses invalid rules, naming the item (400), and applies nothing', async () => {
    await put('vendorAdmin', [{ typeFilter: 'no.samsvar.incident.created', channel: 'inbox' }]);
    const cases: Array<[unknown[], string]> = [
      [[{ typeFilter: 'no.samsvar.incident.nope', channel: 'email' }], 'body.items.0.typeFilter'],
      [[{ typeFilter: 'no.samsvar.nothing.*', channel: 'email' }], 'body.items.0.typeFilter'],
      [[{ typeFilter: 'no.samsvar.incident.created', channel: 'inbox', digest: 'daily' }], 'body.items.0.digest'],
      [[{ typeFilter: '*', channel: 'email' }, { typeFilter: '*', channel: 'none' }], 'body.items.1.channel'],
      [[{ typeFilter: '*', channel: 'email' }, { typeFilter: '*', channel: 'email' }], 'body.items.1.channel'],
      [[{ typeFilter: '*', channel: 'email', orgId: org('nav') }], 'body.items.0.orgId'],
    ];
    for (const [items, field] of cases) {
      const res = await put('vendorAdmin', items);
      expect(res.status, JSON.stringify(items)).toBe(400);
      expect(res.body.errors.map((e: any) => e.field), JSON.stringify(items)).toContain(field);
    }
    for (const bad of [{ typeFilter: 'no samsvar', channel: 'email' }, { typeFilter: '*', channel: 'sms' }, { typeFilter: '*', channel: 'email', extra: 1 }]) {
      expect((await put('vendorAdmin', [bad])).status).toBe(400);
    }
    expect((await c.vendorAdmin.get('/api/v1/notifications/preferences')).body.items).toEqual([
      { typeFilter: 'no.samsvar.incident.created', orgId: null, channel: 'inbox', digest: 'immediate' },
    ]);
    // own organisation: fine; Digdir's staff may set rules for any organisation's events
    expect((await put('vendorAdmin', [{ typeFilter: '*', channel: 'email', orgId: org('fjordregnskap') }])).status).toBe(200);
    expect((await put('operatorAgent', [{ typeFilter: '*', channel: 'email', orgId: org('nav') }])).status).toBe(200);
    expect((await put('operatorAgent', [{ typeFilter: '*', channel: 'email', orgId: randomUUID() }])).status).toBe(400);
  });
});

describe('the notifier', () => {
  it('[S-2.2.1] a new incident: the reporting organisation’s members get an inbox item by default (not the reporter), in both languages with the link', async () => {
    const r = ref();
    const ev = await incidentCreated(r);
    const round = await runNotifier(server.ctx);
    expect(round.events).toBeGreaterThanOrEqual(1);
    const items = await inboxFor(ev.id);
    expect(items.map((i) => i.userId)).toEqual([user('vendorAdmin')]);
    expect(items[0]).toMatchObject({
      kind: 'no.samsvar.incident.created',
      title: { nb: `Ny hendelse ${r} (kategori B)`, en: `New incident ${r} (category B)` },
    });
    expect(items[0].link).toMatch(/^\/incidents\/[0-9a-f-]{36}$/);
    expect(await mailsAbout(r)).toEqual([]);
    // the portal shows it in the inbox
    const inbox = await c.vendorAdmin.get('/api/v1/inbox');
    expect(inbox.body.items.some((i: any) => i.title.en === `New incident ${r} (category B)`)).toBe(true);
  });

  it('[S-2.2.1] e-mail vs inbox vs none: each member gets what they chose', async () => {
    await put('vendorAdmin', [{ typeFilter: 'no.samsvar.incident.created', channel: 'email' }]);
    await put('vendorDev', [{ typeFilter: 'no.samsvar.incident.*', channel: 'none' }]);
    const r = ref();
    // reported by someone else, so both members are in the audience
    const ev = await incidentCreated(r, { reporterUserId: null });
    await runNotifier(server.ctx);
    expect(await inboxUsers(ev.id)).toEqual([]);
    expect(await mailedTo(r)).toEqual([email('vendorAdmin')]);
    await put('vendorAdmin', [
      { typeFilter: 'no.samsvar.incident.created', channel: 'email' },
      { typeFilter: 'no.samsvar.incident.created', channel: 'inbox' },
    ]);
    await put('vendorDev', [{ typeFilter: 'no.samsvar.incident.created', channel: 'inbox' }]);
    const r2 = ref();
    const ev2 = await incidentCreated(r2, { reporterUserId: null });
    await runNotifier(server.ctx);
    expect(await inboxUsers(ev2.id)).toEqual([user('vendorAdmin'), user('vendorDev')].sort());
    expect(await mailedTo(r2)).toEqual([email('vendorAdmin')]);
  });

  it('the immediate mail is in the recipient’s language with the absolute link and an unsubscribe link', async () => {
    await server.ctx.db.update(authTables.users).set({ locale: 'en' }).where(eq(authTables.users.id, user('vendorAdmin')));
    try {
      await put('vendorAdmin', [{ typeFilter: 'no.samsvar.incident.created', channel: 'email' }]);
      const r = ref();
      await incidentCreated(r);
      await runNotifier(server.ctx);
      const [m] = await mailsAbout(r);
      expect(m.subject).toBe(`New incident ${r} (category B): Innsending feiler ${r}`);
      expect(m.kind).toBe('no.samsvar.incident.created');
      expect(m.orgId).toBe(org('fjordregnskap'));
      expect(m.text).toMatch(/Open in Samsvar: http:\/\/localhost:8080\/incidents\/[0-9a-f-]{36}/);
      expect(m.text).toMatch(/Stop getting this by e-mail: http:\/\/localhost:8080\/notifications\/unsubscribe\?token=\S+/);
    } finally {
      await server.ctx.db.update(authTables.users).set({ locale: 'nb' }).where(eq(authTables.users.id, user('vendorAdmin')));
    }
  });

  it('[T-5] a member of another organisation is never told about an org event, even when opted in; Digdir’s staff may opt in', async () => {
    await put('skattAdmin', [{ typeFilter: '*', channel: 'email' }, { typeFilter: '*', channel: 'inbox' }]);
    await put('operatorAgent', [{ typeFilter: 'no.samsvar.incident.created', channel: 'email' }]);
    const r = ref();
    const ev = await incidentCreated(r);
    await runNotifier(server.ctx);
    expect(await mailedTo(r)).toEqual([email('operatorAgent')]);
    expect(await inboxUsers(ev.id)).toEqual([user('vendorAdmin')]);
    // an operators-only event: a vendor who opted in to everything hears nothing
    await put('vendorAdmin', [{ typeFilter: '*', channel: 'inbox' }]);
    await put('operatorAdmin', [{ typeFilter: '*', channel: 'inbox' }]);
    const r2 = ref();
    const ev2 = await publish({ type: 'no.samsvar.incident.state', orgId: org('fjordregnskap'), visibility: 'operators', data: { ref: r2, title: 'x', from: 'new', to: 'investigating', reporterOrgId: org('fjordregnskap'), reporterUserId: user('vendorDev') } });
    await runNotifier(server.ctx);
    expect(await inboxUsers(ev2.id)).toEqual([user('operatorAdmin')]);
  });

  it('public events reach the audience by default and anyone who opted in; a disabled user and the actor are never told', async () => {
    await put('skattAdmin', [{ typeFilter: 'no.samsvar.terms.*', channel: 'inbox' }]);
    const ev = await publish({
      type: 'no.samsvar.terms.published',
      resource: `urn:samsvar:terms:${randomUUID()}`,
      source: '/api/v1/terms',
      visibility: 'public',
      data: { version: '2026-9', title: 'Bruksvilkår', effectiveAt: '2026-12-01T00:00:00Z', actorUserId: user('operatorAdmin') },
    });
    await runNotifier(server.ctx);
    const vendorAdmins = await usersWithRole(server.ctx.db, ['vendor-admin']);
    expect(await inboxUsers(ev.id)).toEqual([...vendorAdmins, user('skattAdmin')].sort());
    expect((await inboxFor(ev.id))[0].title).toEqual({ nb: 'Bruksvilkår versjon 2026-9 er publisert', en: 'Terms of use version 2026-9 published' });

    await put('operatorAdmin', [{ typeFilter: '*', channel: 'inbox' }]);
    await server.ctx.db.update(authTables.users).set({ disabled: true }).where(eq(authTables.users.id, user('vendorAdmin')));
    try {
      const r = ref();
      const ev2 = await incidentCreated(r, { reporterUserId: null, actorUserId: user('operatorAdmin') });
      await runNotifier(server.ctx);
      // vendorAdmin disabled, operatorAdmin acted, vendorDev gets the default
      expect(await inboxUsers(ev2.id)).toEqual([user('vendorDev')]);
    } finally {
      await server.ctx.db.update(authTables.users).set({ disabled: false }).where(eq(authTables.users.id, user('vendorAdmin')));
    }
  });

  it('[S-8] a deviation escalation reaches the operator admins and the service owner’s admins in the inbox by default, and by e-mail when they choose it', async () => {
    await put('operatorAdmin', [{ typeFilter: 'no.samsvar.deviation.*', channel: 'email' }]);
    await put('skattAdmin', [{ typeFilter: 'no.samsvar.deviation.escalated', channel: 'email' }]);
    const r = `AVV-T-${randomUUID().slice(0, 6)}`;
    await publish({
      type: 'no.samsvar.deviation.escalated',
      resource: `urn:samsvar:deviation:${randomUUID()}`,
      orgId: org('skatt'),
      visibility: 'org',
      data: { ref: r, title: 'Gjentatte brudd', party: 'serviceOwner', level: 'serviceManagers', levelName: { nb: 'tjenesteledere', en: 'service managers' }, fromLevel: 'operations', reason: 'Tredje brudd', orgId: org('skatt') },
    });
    await runNotifier(server.ctx);
    const mails = await mailsAbout(r);
    expect(mails.map((m) => m.to).sort()).toEqual([email('operatorAdmin'), email('skattAdmin')].sort());
    expect(mails[0].subject).toBe(`Avvik ${r} løftet til tjenesteledere: Gjentatte brudd`);
    expect(mails[0].text).toMatch(/\/deviations\/[0-9a-f-]{36}/);
  });

  it('[T-1.2.4] two rounds at the same time handle every event once; the cursor advances to the last event', async () => {
    await put('operatorAgent', [{ typeFilter: 'no.samsvar.incident.created', channel: 'email' }]);
    const refs = Array.from({ length: 6 }, () => ref());
    const evs = [];
    for (const r of refs) evs.push(await incidentCreated(r));
    const [a, b] = await Promise.all([runNotifier(server.ctx, { limit: 4 }), runNotifier(server.ctx, { limit: 4 })]);
    const rest = await runNotifier(server.ctx);
    expect(a.events + b.events + rest.events).toBe(6);
    for (const [i, r] of refs.entries()) {
      expect(await inboxUsers(evs[i].id)).toEqual([user('vendorAdmin')]);
      expect(await mailedTo(r)).toEqual([email('operatorAgent')]);
    }
    expect(await cursor()).toBe(evs[5].seq);
    expect((await runNotifier(server.ctx)).events).toBe(0);
  });

  it('passes a gap left by a rolled-back publish; an event whose notification fails is skipped without stopping the rest', async () => {
    await expect(
      server.ctx.db.transaction(async (tx) => {
        await publishEvent(tx, server.ctx, { type: 'no.samsvar.incident.created', resource: 'urn:samsvar:incident:x', orgId: org('fjordregnskap'), visibility: 'org', data: {} });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    defineNotification<{}>({
      type: 'no.samsvar.test.broken',
      title: { nb: 'Ødelagt', en: 'Broken' },
      description: { nb: '-', en: '-' },
      audienceText: { nb: '-', en: '-' },
      defaults: { channel: 'inbox', digest: 'immediate' },
      audience: async (_ctx, tx) => usersWithRole(tx, ['operator-admin']),
      render: () => {
        throw new Error('broken template');
      },
    });
    const broken = await publish({ type: 'no.samsvar.test.broken', visibility: 'public' });
    const r = ref();
    const ev = await incidentCreated(r);
    const round = await runNotifier(server.ctx);
    expect(round).toMatchObject({ failed: 1, waiting: false, cursor: ev.seq });
    expect(await inboxFor(broken.id)).toEqual([]);
    expect(await inboxUsers(ev.id)).toEqual([user('vendorAdmin')]);
    expect(server.logLines.some((l) => l.includes('notifier: event skipped'))).toBe(true);
  });

  it.skipIf(!usingPostgres)('[T-1.2.4] waits for a lower seq still in an open transaction, then handles it (PostgreSQL)', async () => {
    await runNotifier(server.ctx);
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    let published!: () => void;
    const inserted = new Promise<void>((r) => (published = r));
    const early = ref();
    const slow = server.ctx.db.transaction(async (tx) => {
      await publishEvent(tx, server.ctx, {
        type: 'no.samsvar.incident.created',
        resource: `urn:samsvar:incident:${randomUUID()}`,
        orgId: org('fjordregnskap'),
        visibility: 'org',
        data: { ref: early, title: 'tidlig', category: 'C', reporterOrgId: org('fjordregnskap') },
      });
      published();
      await hold;
    });
    await inserted;
    const late = await incidentCreated(ref());
    const first = await runNotifier(server.ctx);
    expect(first).toMatchObject({ events: 0, waiting: true });
    release();
    await slow;
    const second = await runNotifier(server.ctx);
    expect(second).toMatchObject({ events: 2, waiting: false, cursor: late.seq });
    expect((await server.ctx.db.select().from(inboxItems).where(sql`${inboxItems.title}->>'nb' like ${`%${early}%`}`)).length).toBeGreaterThan(0);
  });

  it('[T-1.2.4] the worker loop is woken by the event notice, not by polling', async () => {
    await runNotifier(server.ctx);
    const stop = await startNotifierLoop(server.ctx, { intervalMs: 600_000 });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const ev = await incidentCreated(ref());
      const deadline = Date.now() + 5000;
      while ((await inboxFor(ev.id)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await inboxUsers(ev.id)).toEqual([user('vendorAdmin')]);
    } finally {
      await stop();
    }
  });
});

describe('digests', () => {
  it('daily: items collect, the 07:00 job sends each user one mail in their language listing them, then empties', async () => {
    const jobs = notificationJobs(server.ctx);
    const daily = jobs.find((j) => j.name === DIGEST_DAILY_JOB)!;
    const weekly = jobs.find((j) => j.name === DIGEST_WEEKLY_JOB)!;
    expect(daily.cron).toBe('0 7 * * *');
    expect(weekly.cron).toBe('0 7 * * 1');

    await put('vendorAdmin', [{ typeFilter: 'no.samsvar.incident.*', channel: 'email', digest: 'daily' }]);
    await put('operatorAgent', [{ typeFilter: 'no.samsvar.incident.created', channel: 'email', digest: 'weekly' }]);
    await server.ctx.db.update(authTables.users).set({ locale: 'en' }).where(eq(authTables.users.id, user('operatorAgent')));
    try {
      const refs = [ref(), ref(), ref()];
      for (const r of refs) await incidentCreated(r);
      const round = await runNotifier(server.ctx);
      expect(round.digestItems).toBe(6);
      for (const r of refs) expect(await mailsAbout(r)).toEqual([]);
      // the item for vendorAdmin does not go to the inbox either: e-mail digest only
      const waiting = await server.ctx.db.select().from(notificationDigestItems);
      expect(waiting.filter((w) => w.digest === 'daily').map((w) => w.userId)).toEqual(Array(3).fill(user('vendorAdmin')));

      await daily.handler({ at: '2026-11-23T06:00:00.000Z' }, { retryCount: 0, lastAttempt: false, jobId: 'j1' });
      const digests = await server.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'notification.digest.daily'));
      expect(digests).toHaveLength(1);
      expect(digests[0].to).toBe(email('vendorAdmin'));
      expect(digests[0].subject).toBe('Samsvar: daglig sammendrag 23.11.2026 – 3 varsler');
      for (const r of refs) expect(digests[0].text).toContain(`Ny hendelse ${r} (kategori B)`);
      expect(digests[0].text).toContain('Slutt å få «Ny hendelse» på e-post: http://localhost:8080/notifications/unsubscribe?token=');
      expect(await server.ctx.db.select().from(notificationDigestItems).where(eq(notificationDigestItems.digest, 'daily'))).toEqual([]);
      // run again: nothing more
      await daily.handler({ at: '2026-11-24T06:00:00.000Z' }, { retryCount: 0, lastAttempt: false, jobId: 'j2' });
      expect(await server.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'notification.digest.daily'))).toHaveLength(1);

      // the weekly items waited for Monday, in English
      await weekly.handler({ at: '2026-11-23T06:00:00.000Z' }, { retryCount: 0, lastAttempt: false, jobId: 'j3' });
      const [w] = await server.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'notification.digest.weekly'));
      expect(w.to).toBe(email('operatorAgent'));
      expect(w.subject).toBe('Samsvar: weekly digest 23.11.2026 – 3 notifications');
      expect(await server.ctx.db.select().from(notificationDigestItems)).toEqual([]);
    } finally {
      await server.ctx.db.update(authTables.users).set({ locale: 'nb' }).where(eq(authTables.users.id, user('operatorAgent')));
    }
  });

  it('drops waiting items the user switched off or may no longer see', async () => {
    await put('vendorAdmin', [{ typeFilter: 'no.samsvar.incident.*', channel: 'email', digest: 'daily' }]);
    await put('skattAdmin', [{ typeFilter: 'no.samsvar.deviation.*', channel: 'email', digest: 'daily' }]);
    await incidentCreated(ref());
    await publish({
      type: 'no.samsvar.deviation.opened',
      resource: `urn:samsvar:deviation:${randomUUID()}`,
      orgId: org('skatt'),
      visibility: 'org',
      data: { ref: 'AVV-X', title: 'x', party: 'serviceOwner', level: 'operations', orgId: org('skatt') },
    });
    await runNotifier(server.ctx);
    expect(await server.ctx.db.select().from(notificationDigestItems)).toHaveLength(2);
    await put('vendorAdmin', [{ typeFilter: 'no.samsvar.incident.*', channel: 'none' }]);
    // skattAdmin leaves Skatteetaten
    const [m] = await server.ctx.db.select().from(authTables.memberships).where(eq(authTables.memberships.userId, user('skattAdmin')));
    await server.ctx.db.delete(authTables.memberships).where(eq(authTables.memberships.userId, user('skattAdmin')));
    try {
      const before = (await server.ctx.db.select().from(mailOutbox).where(like(mailOutbox.kind, 'notification.digest.%'))).length;
      const { sendDigests } = await import('../../platform/notify/index.ts');
      const r = await sendDigests(server.ctx, 'daily');
      expect(r).toMatchObject({ users: 2, mails: 0, items: 0, dropped: 2 });
      expect((await server.ctx.db.select().from(mailOutbox).where(like(mailOutbox.kind, 'notification.digest.%'))).length).toBe(before);
    } finally {
      await server.ctx.db.insert(authTables.memberships).values(m);
    }
  });
});

describe('unsubscribe links', () => {
  async function mailedToken(r: string): Promise<string> {
    const [m] = await mailsAbout(r);
    return decodeURIComponent(/unsubscribe\?token=(\S+)/.exec(m.text)![1]);
  }

  it('GET shows what the link switches off (public); POST switches e-mail off for the type and keeps the inbox; changed tokens are 400', async () => {
    await put('vendorAdmin', [
      { typeFilter: 'no.samsvar.incident.*', channel: 'email' },
      { typeFilter: 'no.samsvar.incident.*', channel: 'inbox' },
    ]);
    const r = ref();
    await incidentCreated(r);
    await runNotifier(server.ctx);
    const token = await mailedToken(r);
    const anon = server.client();
    const show = await anon.get(`/api/v1/notifications/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(show.status, show.text).toBe(200);
    expect(show.body).toEqual({
      email: 'a***n@fjordregnskap.demo',
      typeFilter: 'no.samsvar.incident.created',
      channel: 'email',
      types: [{ type: 'no.samsvar.incident.created', title: { nb: 'Ny hendelse', en: 'New incident' } }],
      subscribed: true,
    });

    const flipped = token.slice(0, -3) + (token.at(-3) === 'A' ? 'B' : 'A') + token.slice(-2);
    for (const bad of [flipped, `x${token}`, token.split('.')[0] + '.' + 'A'.repeat(43)]) {
      const res = await anon.post('/api/v1/notifications/unsubscribe', { token: bad });
      expect(res.status).toBe(400);
      expect(res.body.type).toBe('urn:samsvar:problem:unsubscribe-token');
      expect((await anon.get(`/api/v1/notifications/unsubscribe?token=${encodeURIComponent(bad)}`)).status).toBe(400);
    }
    expect((await anon.post('/api/v1/notifications/unsubscribe', {})).status).toBe(400);

    const done = await anon.post('/api/v1/notifications/unsubscribe', { token });
    expect(done.status, done.text).toBe(200);
    expect(done.body.subscribed).toBe(false);
    expect((await anon.post('/api/v1/notifications/unsubscribe', { token })).status).toBe(200);
    const prefs = (await c.vendorAdmin.get('/api/v1/notifications/preferences')).body;
    const eff = (t: string) => prefs.effective.find((e: any) => e.type === t);
    expect(eff('no.samsvar.incident.created')).toMatchObject({ email: null, inbox: true });
    expect(eff('no.samsvar.incident.state')).toMatchObject({ email: 'immediate', inbox: true });

    const r2 = ref();
    const ev2 = await incidentCreated(r2);
    await runNotifier(server.ctx);
    expect(await mailsAbout(r2)).toEqual([]);
    expect(await inboxUsers(ev2.id)).toEqual([user('vendorAdmin')]);
  });

  it('the digest’s “all e-mail” link switches e-mail off for every type, also organisation rules, and leaves the inbox', async () => {
    await put('vendorAdmin', [
      { typeFilter: 'no.samsvar.incident.*', channel: 'email', digest: 'daily' },
      { typeFilter: 'no.samsvar.terms.published', channel: 'email', orgId: org('fjordregnskap') },
    ]);
    const r = ref();
    await incidentCreated(r);
    await runNotifier(server.ctx);
    await sendDigestsNow();
    const [m] = await server.ctx.db.select().from(mailOutbox).where(and(eq(mailOutbox.kind, 'notification.digest.daily'), like(mailOutbox.text, `%${r}%`)));
    const all = [...m.text.matchAll(/token=(\S+)/g)].map((x) => x[1]).at(-1)!;
    const show = await server.client().get(`/api/v1/notifications/unsubscribe?token=${all}`);
    expect(show.body).toMatchObject({ typeFilter: '*', channel: 'email', subscribed: true });
    expect(show.body.types.map((t: any) => t.type)).toEqual(expect.arrayContaining(['no.samsvar.incident.created', 'no.samsvar.deviation.escalated', 'no.samsvar.terms.published']));
    const done = await server.client().post('/api/v1/notifications/unsubscribe', { token: all });
    expect(done.body.subscribed).toBe(false);
    const prefs = (await c.vendorAdmin.get('/api/v1/notifications/preferences')).body;
    expect(prefs.effective.every((e: any) => e.email === null)).toBe(true);
    // the inbox stays as it was: terms by default in the inbox, incidents were e-mail only by the user's rule
    expect(prefs.effective.find((e: any) => e.type === 'no.samsvar.terms.published')).toMatchObject({ inbox: true, email: null });
    expect(prefs.effective.find((e: any) => e.type === 'no.samsvar.incident.created')).toMatchObject({ inbox: false, email: null });
    expect(prefs.items.some((i: any) => i.channel === 'email')).toBe(false);
    expect(prefs.items.find((i: any) => i.orgId === org('fjordregnskap'))).toMatchObject({ channel: 'none' });
  });
});

async function sendDigestsNow() {
  const daily = notificationJobs(server.ctx).find((j) => j.name === DIGEST_DAILY_JOB)!;
  await daily.handler({}, { retryCount: 0, lastAttempt: false, jobId: 'now' });
}
