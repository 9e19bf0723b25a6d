/**
 * Contacts of every organisation with a last-confirmed date (T-1.2.7, S-3.2, S-7.2.2): staleness from the policy,
 * the operators' list of stale contacts, and the daily reminder — sent once per contact and confirmation date.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import { runContactReminders } from './index.ts';
import { plus } from './notify.ts';
import { contacts } from './tables.ts';

let server: TestServer;
const c: Record<string, TestClient> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const k of ['operatorAdmin', 'operatorAgent', 'auditor', 'skattAdmin', 'skattMember', 'navAdmin', 'vendorAdmin', 'vendorDev', 'vendor2Admin']) c[k] = await server.as(k);
});
afterAll(async () => server?.stop());

const org = (k: string) => server.demo.orgs[k].id;
const mails = (kind: string) => server.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.kind, kind));
const setConfirmed = (id: string, at: Date) => server.ctx.db.update(contacts).set({ lastConfirmedAt: at }).where(eq(contacts.id, id));

describe('contacts', () => {
  it('[T-1.2.7] a vendor admin adds, edits and confirms contacts; each shows when it goes stale (12 months) and when the reminder comes (30 days before)', async () => {
    const created = await c.vendorAdmin.post(`/api/v1/organisations/${org('fjordregnskap')}/contacts`, {
      name: 'Kari Koder',
      role: 'technical',
      email: 'Kari@Fjordregnskap.demo',
      phone: '+47 400 00 001',
    });
    expect(created.status, created.text).toBe(201);
    const k = created.body;
    expect(k.email).toBe('kari@fjordregnskap.demo');
    expect(k.stale).toBe(false);
    expect(new Date(k.staleAt).getTime()).toBe(plus(new Date(k.lastConfirmedAt), { amount: 12, unit: 'months' }).getTime());
    expect(new Date(k.remindAt).getTime()).toBe(plus(new Date(k.staleAt), { amount: -30, unit: 'calendarDays' }).getTime());

    const edited = await c.vendorAdmin.patch(`/api/v1/contacts/${k.id}`, { phone: '+47 400 00 002' });
    expect(edited.status).toBe(200);
    expect(edited.body.phone).toBe('+47 400 00 002');

    await setConfirmed(k.id, new Date(Date.now() - 400 * 86400_000));
    const stale = (await c.vendorDev.get(`/api/v1/organisations/${org('fjordregnskap')}/contacts`)).body.items.find((x: any) => x.id === k.id);
    expect(stale.stale).toBe(true);
    const confirmed = await c.vendorAdmin.post(`/api/v1/contacts/${k.id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.stale).toBe(false);
    expect(Date.now() - new Date(confirmed.body.lastConfirmedAt).getTime()).toBeLessThan(60_000);

    const audit = await server.ctx.db.select().from(auditLog).where(and(eq(auditLog.targetType, 'contact'), eq(auditLog.targetId, k.id)));
    expect(audit.map((a) => a.action)).toEqual(['contact.create', 'contact.update', 'contact.confirm']);
    // no personal data in the audit record's details
    expect(audit.map((a) => a.details ?? '').join(' ')).not.toContain('kari@');
  });

  it('[S-3.2] service owner admins keep their own contacts; members and developers read them; operator agents and auditors only read', async () => {
    const skatt = org('skatt');
    const made = await c.skattAdmin.post(`/api/v1/organisations/${skatt}/contacts`, { name: 'Sikkerhetsteamet', role: 'security', email: 'sikkerhet@skatt.demo' });
    expect(made.status).toBe(201);
    expect((await c.skattMember.get(`/api/v1/organisations/${skatt}/contacts`)).body.items.map((x: any) => x.id)).toContain(made.body.id);
    expect((await c.skattMember.post(`/api/v1/organisations/${skatt}/contacts`, { name: 'X', role: 'support', email: 'x@skatt.demo' })).status).toBe(403);
    expect((await c.skattMember.post(`/api/v1/contacts/${made.body.id}/confirm`)).status).toBe(403);
    expect((await c.vendorDev.patch(`/api/v1/contacts/${made.body.id}`, { name: 'Y' })).status).toBe(403);
    expect((await c.operatorAgent.get(`/api/v1/organisations/${skatt}/contacts`)).status).toBe(200);
    expect((await c.auditor.delete(`/api/v1/contacts/${made.body.id}`)).status).toBe(403);
    // operator admins keep every organisation's contacts
    expect((await c.operatorAdmin.patch(`/api/v1/contacts/${made.body.id}`, { role: 'technical' })).body.role).toBe('technical');
  });

  it('[S-7.2.2] a service owner never sees or changes another organisation’s contacts (404)', async () => {
    const nav = await c.navAdmin.post(`/api/v1/organisations/${org('nav')}/contacts`, { name: 'Nina Nav', role: 'serviceManager', email: 'admin@nav.demo' });
    expect(nav.status).toBe(201);
    expect((await c.skattAdmin.get(`/api/v1/organisations/${org('nav')}/contacts`)).status).toBe(404);
    expect((await c.skattAdmin.post(`/api/v1/organisations/${org('nav')}/contacts`, { name: 'X', role: 'support', email: 'x@x.no' })).status).toBe(404);
    expect((await c.skattAdmin.patch(`/api/v1/contacts/${nav.body.id}`, { name: 'Hijack' })).status).toBe(404);
    expect((await c.skattAdmin.post(`/api/v1/contacts/${nav.body.id}/confirm`)).status).toBe(404);
    expect((await c.vendorAdmin.delete(`/api/v1/contacts/${nav.body.id}`)).status).toBe(404);
    expect((await c.skattAdmin.get('/api/v1/contacts/stale')).status).toBe(403);
  });

  it('[T-1.2.7] [S-7.2.2] operators see stale and soon-stale contacts with their organisation, oldest first', async () => {
    const l2 = org('lonnsmester');
    const old = (await c.vendor2Admin.post(`/api/v1/organisations/${l2}/contacts`, { name: 'Drift', role: 'technical', email: 'drift@lonnsmester.demo' })).body;
    const soon = (await c.vendor2Admin.post(`/api/v1/organisations/${l2}/contacts`, { name: 'Per Lønn', role: 'signatory', email: 'admin@lonnsmester.demo' })).body;
    const fresh = (await c.vendor2Admin.post(`/api/v1/organisations/${l2}/contacts`, { name: 'Support', role: 'support', email: 'support@lonnsmester.demo' })).body;
    await setConfirmed(old.id, plus(new Date(), { amount: -13, unit: 'months' }));
    await setConfirmed(soon.id, plus(plus(new Date(), { amount: -12, unit: 'months' }), { amount: 10, unit: 'calendarDays' }));
    for (const who of ['operatorAdmin', 'operatorAgent', 'auditor']) {
      const res = await c[who].get('/api/v1/contacts/stale');
      expect(res.status).toBe(200);
      const mine = res.body.items.filter((x: any) => x.orgId === l2);
      expect(mine.map((x: any) => [x.id, x.stale, x.soonStale])).toEqual([
        [old.id, true, false],
        [soon.id, false, true],
      ]);
      expect(mine[0].orgName).toBe('Lønnsmester Systemer AS (demo)');
      expect(res.body.items.some((x: any) => x.id === fresh.id)).toBe(false);
    }
  });

  it('[T-1.2.7] [S-7.2.2] the reminder job mails the contact and the organisation’s admins once per confirmation date', async () => {
    await server.ctx.db.delete(contacts);
    const before = (await mails('contact-reminder')).length;
    const k = (await c.vendorAdmin.post(`/api/v1/organisations/${org('fjordregnskap')}/contacts`, { name: 'Kari Koder', role: 'technical', email: 'dev@fjordregnskap.demo' })).body;
    const confirmed = new Date(k.lastConfirmedAt);

    // Not yet inside the window: nothing.
    expect(await runContactReminders(server.ctx, plus(confirmed, { amount: 10, unit: 'months' }))).toEqual({ reminded: 0, messages: 0 });
    // 20 days before it goes stale: one reminder, to the contact and to the vendor admin (one message each).
    const inWindow = plus(plus(confirmed, { amount: 12, unit: 'months' }), { amount: -20, unit: 'calendarDays' });
    expect(await runContactReminders(server.ctx, inWindow)).toEqual({ reminded: 1, messages: 2 });
    const sent = (await mails('contact-reminder')).slice(before);
    expect(sent.map((m) => m.to).sort()).toEqual(['admin@fjordregnskap.demo', 'dev@fjordregnskap.demo']);
    expect(sent[0].subject).toContain('Fjordregnskap');
    expect(sent[0].text).toContain('T-1.2.7');
    // Again the same day, the next day, and once it is stale: no second reminder for this confirmation date.
    expect(await runContactReminders(server.ctx, inWindow)).toEqual({ reminded: 0, messages: 0 });
    expect(await runContactReminders(server.ctx, plus(inWindow, { amount: 30, unit: 'calendarDays' }))).toEqual({ reminded: 0, messages: 0 });

    // Confirming starts a new period (here: the contact confirmed on the day of the reminder); its reminder comes a year later.
    expect((await c.vendorAdmin.post(`/api/v1/contacts/${k.id}/confirm`)).status).toBe(200);
    await setConfirmed(k.id, inWindow);
    expect(await runContactReminders(server.ctx, plus(inWindow, { amount: 1, unit: 'calendarDays' }))).toEqual({ reminded: 0, messages: 0 });
    expect((await runContactReminders(server.ctx, plus(inWindow, { amount: 12, unit: 'months' }))).reminded).toBe(1);
    expect((await mails('contact-reminder')).length).toBe(before + 4);
    const [{ n }] = await server.ctx.db.select({ n: sql<number>`count(*)::int` }).from(mailOutbox).where(eq(mailOutbox.kind, 'contact-reminder'));
    expect(n).toBe(before + 4);
  });

  it('validates contacts: role from the list, a real e-mail address', async () => {
    const o = org('fjordregnskap');
    const bad = await c.vendorAdmin.post(`/api/v1/organisations/${o}/contacts`, { name: 'X', role: 'boss', email: 'not-an-email' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field)).toEqual(expect.arrayContaining(['body.role', 'body.email']));
  });
});
