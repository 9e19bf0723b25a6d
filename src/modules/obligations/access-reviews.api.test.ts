/**
 * Semi-annual access reviews (S-7.2.1): due dates, the starting list, administrator changes from the audit log,
 * submission, the overdue list and reminders before the due date and when overdue.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import { plus } from '../registry/index.ts';
import { events } from '../../platform/events/tables.ts';
import { runAccessReviewReminders } from './index.ts';
import { accessReviews } from './tables.ts';

let server: TestServer;
const c: Record<string, TestClient> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const k of ['operatorAdmin', 'operatorAgent', 'auditor', 'skattAdmin', 'skattMember', 'navAdmin', 'vendorAdmin']) c[k] = await server.as(k);
});
afterAll(async () => server?.stop());

const org = (k: string) => server.demo.orgs[k].id;
const sixMonths = { amount: 6, unit: 'months' as const };

describe('access reviews', () => {
  it('[S-7.2.1] the first review is due six months after the organisation was registered, starting from its members now', async () => {
    const created = new Date((await c.skattAdmin.get(`/api/v1/organisations/${org('skatt')}`)).body.createdAt);
    const cur = await c.skattMember.get(`/api/v1/organisations/${org('skatt')}/access-reviews/current`);
    expect(cur.status, cur.text).toBe(200);
    expect(cur.body.status).toBe('open');
    expect(new Date(cur.body.dueAt).getTime()).toBe(plus(created, sixMonths).getTime());
    expect(new Date(cur.body.remindAt).getTime()).toBe(plus(plus(created, sixMonths), { amount: -14, unit: 'calendarDays' }).getTime());
    expect(cur.body.members).toEqual([
      { name: 'Ola Utvikler', email: 'utvikler@skatt.demo', role: 'serviceowner-member', active: true },
      { name: 'Tone Tjenesteeier', email: 'admin@skatt.demo', role: 'serviceowner-admin', active: true },
    ]);
    // the administrator who was added when the organisation was set up; the member is not an administrator change
    expect(cur.body.adminChanges.map((x: any) => [x.change, x.email, x.fromRole, x.toRole])).toEqual([['added', 'admin@skatt.demo', null, 'serviceowner-admin']]);
    expect(cur.body.previous).toBeNull();
    // asking again gives the same review
    expect((await c.skattAdmin.get(`/api/v1/organisations/${org('skatt')}/access-reviews/current`)).body.id).toBe(cur.body.id);
  });

  it('[S-7.2.1] administrator changes since the previous review are listed from the audit log', async () => {
    const skatt = org('skatt');
    const member = server.demo.users.skattMember.id;
    expect((await c.skattAdmin.patch(`/api/v1/organisations/${skatt}/members/${member}`, { role: 'serviceowner-admin' })).status).toBe(200);
    expect((await c.operatorAdmin.patch(`/api/v1/organisations/${skatt}/members/${member}`, { role: 'serviceowner-member' })).status).toBe(200);
    const cur = (await c.auditor.get(`/api/v1/organisations/${skatt}/access-reviews/current`)).body;
    expect(cur.adminChanges.slice(1).map((x: any) => [x.change, x.email, x.fromRole, x.toRole, x.by])).toEqual([
      ['roleChanged', 'utvikler@skatt.demo', 'serviceowner-member', 'serviceowner-admin', 'admin@skatt.demo'],
      ['roleChanged', 'utvikler@skatt.demo', 'serviceowner-admin', 'serviceowner-member', 'admin@digdir.demo'],
    ]);
  });

  it('[S-7.2.1] the administrator submits the list; the next review is due six months later; a review is submitted once', async () => {
    const skatt = org('skatt');
    const cur = (await c.skattAdmin.get(`/api/v1/organisations/${skatt}/access-reviews/current`)).body;
    const entries = [
      { name: 'Tone Tjenesteeier', email: 'admin@skatt.demo', role: 'serviceowner-admin', active: true },
      { name: 'Ola Utvikler', email: 'utvikler@skatt.demo', role: 'serviceowner-member', active: true },
      { name: 'Tidligere konsulent', email: 'konsulent@skatt.demo', role: 'Altinn Studio', active: false },
    ];
    expect((await c.skattMember.post(`/api/v1/access-reviews/${cur.id}/submit`, { entries })).status).toBe(403);
    expect((await c.navAdmin.post(`/api/v1/access-reviews/${cur.id}/submit`, { entries })).status).toBe(404);
    expect((await c.skattAdmin.post(`/api/v1/access-reviews/${cur.id}/submit`, { entries: [] })).status).toBe(400);
    expect((await c.skattAdmin.post(`/api/v1/access-reviews/${cur.id}/submit`, { entries: [entries[0], entries[0]] })).status).toBe(400);

    const res = await c.skattAdmin.post(`/api/v1/access-reviews/${cur.id}/submit`, { entries, note: 'Konsulenten sluttet i mars.' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe('submitted');
    expect(res.body.entries).toEqual(entries);
    expect(res.body.adminChanges.length).toBe(3);
    expect(res.body.next.status).toBe('open');
    expect(new Date(res.body.next.dueAt).getTime()).toBe(plus(new Date(res.body.submittedAt), sixMonths).getTime());
    expect(res.body.next.periodStart).toBe(res.body.submittedAt);

    const again = await c.skattAdmin.post(`/api/v1/access-reviews/${cur.id}/submit`, { entries });
    expect(again.status).toBe(409);
    const list = (await c.skattMember.get(`/api/v1/organisations/${skatt}/access-reviews`)).body.items;
    expect(list.map((r: any) => r.status)).toEqual(['open', 'submitted']);
    const next = (await c.skattAdmin.get(`/api/v1/organisations/${skatt}/access-reviews/current`)).body;
    expect(next.id).toBe(res.body.next.id);
    expect(next.previous.id).toBe(cur.id);
    expect(next.adminChanges).toEqual([]);
    // the submitted review keeps its period's administrator changes
    expect((await c.operatorAgent.get(`/api/v1/access-reviews/${cur.id}`)).body.adminChanges.length).toBe(3);
    const audit = await server.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'access-review.submit'), eq(auditLog.targetId, cur.id)));
    expect(JSON.parse(audit[0].details!)).toMatchObject({ entries: 3, active: 2, adminChanges: 3, late: false });
  });

  it('[S-7.2.1] reminders go out before the due date and when overdue, once each; operators list overdue reviews', async () => {
    const nav = org('nav');
    const review = (await c.navAdmin.get(`/api/v1/organisations/${nav}/access-reviews/current`)).body;
    const due = new Date(review.dueAt);
    const navMails = () => server.ctx.db.select().from(mailOutbox).where(and(eq(mailOutbox.kind, 'access-review'), eq(mailOutbox.orgId, nav)));

    await runAccessReviewReminders(server.ctx, plus(due, { amount: -20, unit: 'calendarDays' }));
    expect(await navMails()).toEqual([]);
    const first = await runAccessReviewReminders(server.ctx, plus(due, { amount: -10, unit: 'calendarDays' }));
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    expect((await navMails()).map((m) => m.to)).toEqual(['admin@nav.demo']);
    expect((await runAccessReviewReminders(server.ctx, plus(due, { amount: -9, unit: 'calendarDays' }))).reminded).toBe(0);
    await runAccessReviewReminders(server.ctx, plus(due, { amount: 1, unit: 'calendarDays' }));
    const sent = await navMails();
    expect(sent.length).toBe(2);
    expect(sent[1].subject).toContain('forsinket');
    expect(sent[1].text).toContain('S-7.2.1');
    expect((await runAccessReviewReminders(server.ctx, plus(due, { amount: 30, unit: 'calendarDays' }))).reminded).toBe(0);
    expect((await navMails()).length).toBe(2);
    // [T-1.2.4] each reminder is also an event of the organisation (obligation due), once per claimed reminder.
    const due2 = await server.ctx.db.select().from(events).where(and(eq(events.type, 'no.samsvar.obligation.due'), eq(events.orgId, org('nav'))));
    expect(due2.length).toBe(2);
    expect(due2[0]!.visibility).toBe('org');

    // overdue now: listed for operators and auditors, most overdue first
    await server.ctx.db.update(accessReviews).set({ dueAt: plus(new Date(), { amount: -3, unit: 'calendarDays' }) }).where(eq(accessReviews.id, review.id));
    const overdue = await c.operatorAgent.get('/api/v1/access-reviews/overdue');
    expect(overdue.status).toBe(200);
    expect(overdue.body.items.map((r: any) => [r.orgName, r.daysOverdue, r.status])).toEqual([['Arbeids- og velferdsetaten (NAV)', 3, 'overdue']]);
    expect((await c.navAdmin.get(`/api/v1/organisations/${nav}/access-reviews/current`)).body.overdue).toBe(true);
    expect((await c.navAdmin.get('/api/v1/access-reviews/overdue')).status).toBe(403);
  });

  it('[S-7.2.1] reviews belong to service owners; another organisation’s reviews are not found', async () => {
    expect((await c.operatorAdmin.get(`/api/v1/organisations/${org('fjordregnskap')}/access-reviews`)).status).toBe(409);
    expect((await c.vendorAdmin.get(`/api/v1/organisations/${org('fjordregnskap')}/access-reviews`)).status).toBe(403);
    expect((await c.skattAdmin.get(`/api/v1/organisations/${org('nav')}/access-reviews/current`)).status).toBe(404);
    const navReview = (await c.navAdmin.get(`/api/v1/organisations/${org('nav')}/access-reviews/current`)).body;
    expect((await c.skattAdmin.get(`/api/v1/access-reviews/${navReview.id}`)).status).toBe(404);
  });
});
