/**
 * Service owners' services: lifecycle with the new-service notice (S-7.3.6), service information reviews (S-7.3.2),
 * assessments (S-7.3.4), app library versions (S-7.1.2), idle services (S-7.3.1) and who sees what.
 */
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import { recordServiceTraffic, runIdleServiceNotices, runOutdatedAppNotices, runServiceReviewReminders } from './index.ts';
import { plus } from './notify.ts';
import { services } from './tables.ts';

let server: TestServer;
const c: Record<string, TestClient> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const k of ['operatorAdmin', 'operatorAgent', 'auditor', 'skattAdmin', 'skattMember', 'navAdmin', 'vendorAdmin', 'vendorDev']) c[k] = await server.as(k);
});
afterAll(async () => server?.stop());

const org = (k: string) => server.demo.orgs[k].id;
const mails = (kind: string) => server.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.kind, kind));
const days = (n: number) => ({ amount: n, unit: 'calendarDays' as const });
let n = 0;
async function newService(who: string, orgKey: string, extra: Record<string, unknown> = {}) {
  n++;
  const res = await c[who].post(`/api/v1/organisations/${org(orgKey)}/services`, { resourceId: `urn:altinn:resource:app_test_${orgKey}_${n}`, name: `Testtjeneste ${n}`, kind: 'app', ...extra });
  expect(res.status, res.text).toBe(201);
  return res.body;
}
async function toProduction(who: string, id: string) {
  expect((await c[who].post(`/api/v1/services/${id}/lifecycle`, { to: 'notified' })).status).toBe(200);
  const res = await c[who].post(`/api/v1/services/${id}/lifecycle`, { to: 'production' });
  expect(res.status, res.text).toBe(200);
  return res.body;
}
const age = (id: string, set: Partial<typeof services.$inferInsert>) => server.ctx.db.update(services).set(set).where(eq(services.id, id));

describe('services', () => {
  it('[S-7.3.6] a new service goes into production only after the new-service notice to ASF', async () => {
    const s = await newService('skattMember', 'skatt', { about: { supportEmail: 'mva@skatt.demo' } });
    expect(s.lifecycle).toBe('planned');
    expect(s.allowedTransitions).toEqual(['notified', 'removed']);

    const early = await c.skattAdmin.post(`/api/v1/services/${s.id}/lifecycle`, { to: 'production' });
    expect(early.status).toBe(409);
    expect(early.body.type).toBe('urn:samsvar:problem:new-service-notice-missing');
    expect(early.body.detail).toContain('S-7.3.6');

    const before = (await mails('new-service-notice')).length;
    const notified = await c.skattAdmin.post(`/api/v1/services/${s.id}/lifecycle`, { to: 'notified', note: 'Planlagt produksjonssatt 1. juni.' });
    expect(notified.status).toBe(200);
    expect(notified.body.notifiedAt).toBeTruthy();
    const notice = (await mails('new-service-notice')).slice(before);
    expect(notice.map((m) => m.to)).toEqual(['admin@digdir.demo']); // the operator's admins
    expect(notice[0].text).toContain(s.resourceId);
    expect(notice[0].text).toContain('Planlagt produksjonssatt 1. juni.');

    const live = await c.skattAdmin.post(`/api/v1/services/${s.id}/lifecycle`, { to: 'production' });
    expect(live.status).toBe(200);
    expect(live.body.lifecycle).toBe('production');
    // deactivated → production again needs no new notice (it is not a new service)
    expect((await c.skattAdmin.post(`/api/v1/services/${s.id}/lifecycle`, { to: 'deactivated' })).body.lifecycle).toBe('deactivated');
    expect((await c.skattAdmin.post(`/api/v1/services/${s.id}/lifecycle`, { to: 'production' })).body.lifecycle).toBe('production');
    const skip = await c.skattAdmin.post(`/api/v1/services/${s.id}/lifecycle`, { to: 'removed' });
    expect(skip.status).toBe(409);
    expect(skip.body.allowed).toEqual(['deactivated']);
    await c.skattAdmin.post(`/api/v1/services/${s.id}/lifecycle`, { to: 'deactivated' });
    expect((await c.skattAdmin.post(`/api/v1/services/${s.id}/lifecycle`, { to: 'removed' })).body.allowedTransitions).toEqual([]);
    expect((await c.skattAdmin.post(`/api/v1/services/${s.id}/lifecycle`, { to: 'production' })).status).toBe(409);

    const trail = await server.ctx.db.select().from(auditLog).where(and(eq(auditLog.targetType, 'service'), eq(auditLog.targetId, s.id)));
    expect(trail.map((a) => a.action)).toEqual(['service.create', 'service.notify', 'service.lifecycle', 'service.lifecycle', 'service.lifecycle', 'service.lifecycle', 'service.lifecycle']);
  });

  it('[S-7.3.2] service information carries a last-reviewed date; reminders before it is due and when overdue, once each', async () => {
    const s = await newService('skattAdmin', 'skatt');
    const reviewed = plus(new Date(), { amount: -12, unit: 'months' });
    await age(s.id, { aboutReviewedAt: plus(reviewed, days(20)) }); // due in 20 days: inside the 30-day window
    const due = (await c.skattAdmin.get(`/api/v1/services?flag=reviewDue`)).body.items.map((x: any) => x.id);
    expect(due).toContain(s.id);
    const before = (await mails('service-review')).length;
    const now = new Date();
    const first = await runServiceReviewReminders(server.ctx, now);
    expect(first.reminded).toBe(1);
    expect((await mails('service-review')).slice(before).map((m) => m.to)).toEqual(['admin@skatt.demo']);
    expect((await runServiceReviewReminders(server.ctx, now)).reminded).toBe(0);
    // when overdue: one more
    expect((await runServiceReviewReminders(server.ctx, plus(now, days(25)))).reminded).toBe(1);
    expect((await runServiceReviewReminders(server.ctx, plus(now, days(26)))).reminded).toBe(0);
    const overdue = (await c.skattMember.get(`/api/v1/services/${s.id}`)).body;
    expect(overdue.reviewDue).toBe(true);
    // the owner reviews: a new year starts
    const ok = await c.skattMember.post(`/api/v1/services/${s.id}/about-reviewed`);
    expect(ok.status).toBe(200);
    expect(ok.body.reviewDue).toBe(false);
    expect((await runServiceReviewReminders(server.ctx, plus(now, days(26)))).reminded).toBe(0);
    // new "Om skjema" information counts as reviewed as well
    await age(s.id, { aboutReviewedAt: reviewed });
    const patched = await c.skattMember.patch(`/api/v1/services/${s.id}`, { about: { supportEmail: 'hjelp@skatt.demo', description: { nb: 'Ny tekst' } } });
    expect(patched.body.about).toEqual({ supportEmail: 'hjelp@skatt.demo', description: { nb: 'Ny tekst' } });
    expect(patched.body.reviewDue).toBe(false);
  });

  it('[S-7.3.4] assessments record kind, date and an https link', async () => {
    const s = await newService('skattAdmin', 'skatt');
    const a = await c.skattMember.post(`/api/v1/services/${s.id}/assessments`, { kind: 'privacy', assessedOn: '2026-01-15', link: 'https://skatt.demo/dpia.pdf', note: 'DPIA' });
    expect(a.status, a.text).toBe(201);
    await c.skattAdmin.post(`/api/v1/services/${s.id}/assessments`, { kind: 'security', assessedOn: '2026-02-01', link: 'https://skatt.demo/ros.pdf' });
    const list = await c.auditor.get(`/api/v1/services/${s.id}/assessments`);
    expect(list.body.items.map((x: any) => [x.kind, x.assessedOn])).toEqual([
      ['security', '2026-02-01'],
      ['privacy', '2026-01-15'],
    ]);
    expect((await c.skattAdmin.post(`/api/v1/services/${s.id}/assessments`, { kind: 'privacy', assessedOn: '2026-01-15', link: 'http://skatt.demo/x' })).status).toBe(400);
    expect((await c.skattAdmin.post(`/api/v1/services/${s.id}/assessments`, { kind: 'legal', assessedOn: '2026-01-15', link: 'https://skatt.demo/x' })).status).toBe(400);
    const future = await c.skattAdmin.post(`/api/v1/services/${s.id}/assessments`, { kind: 'risk', assessedOn: '2099-01-01', link: 'https://skatt.demo/x' });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].field).toBe('body.assessedOn');
    expect((await c.navAdmin.get(`/api/v1/services/${s.id}/assessments`)).status).toBe(404);
    expect((await c.vendorAdmin.get(`/api/v1/services/${s.id}/assessments`)).status).toBe(403);
    const audit = await server.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'service.assessment'), eq(auditLog.targetId, s.id)));
    expect(audit.length).toBe(2);
  });

  it('[S-7.1.2] apps on an older library are listed as outdated and their owners notified once per minimum version', async () => {
    await server.ctx.db.delete(services).where(like(services.resourceId, 'urn:altinn:resource:app_test_%'));
    const old = await newService('skattAdmin', 'skatt');
    const current = await newService('skattAdmin', 'skatt');
    const r1 = await c.skattMember.post(`/api/v1/services/${old.id}/library-version`, { version: '7.14.0' });
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ libraryVersion: '7.14.0', minLibraryVersion: '8.0.0', outdated: true });
    expect((await c.skattMember.post(`/api/v1/services/${current.id}/library-version`, { version: '8.2.1' })).body.outdated).toBe(false);
    expect((await c.skattMember.post(`/api/v1/services/${current.id}/library-version`, { version: 'eight' })).status).toBe(400);
    const listed = await c.operatorAgent.get('/api/v1/services?flag=outdated');
    expect(listed.body.items.map((s: any) => s.resourceId)).toEqual([old.resourceId]);

    const before = (await mails('app-library-outdated')).length;
    expect(await runOutdatedAppNotices(server.ctx)).toEqual({ reminded: 1, messages: 1 });
    expect(await runOutdatedAppNotices(server.ctx)).toEqual({ reminded: 0, messages: 0 });
    const sent = (await mails('app-library-outdated')).slice(before);
    expect(sent.map((m) => m.to)).toEqual(['admin@skatt.demo']);
    expect(sent[0].text).toContain(`${old.resourceId}): 7.14.0`);

    // The policy's minimum rises: both apps are behind now; the owner is told again, once, in one message.
    const policy = server.ctx.policy.policy.obligations.appLibraryVersion;
    const saved = policy.minVersion;
    policy.minVersion = '9.0.0';
    try {
      expect(await runOutdatedAppNotices(server.ctx)).toEqual({ reminded: 2, messages: 1 });
      expect((await runOutdatedAppNotices(server.ctx)).reminded).toBe(0);
    } finally {
      policy.minVersion = saved;
    }
    // updating the app clears the flag
    expect((await c.skattMember.post(`/api/v1/services/${old.id}/library-version`, { version: '8.0.0' })).body.outdated).toBe(false);
    // only apps report a library version
    const corr = await newService('skattAdmin', 'skatt', { kind: 'correspondence' });
    expect((await c.skattMember.post(`/api/v1/services/${corr.id}/library-version`, { version: '8.0.0' })).status).toBe(409);
  });

  it('[S-7.3.1] services without traffic for the policy period are flagged to their owner once per idle spell', async () => {
    await server.ctx.db.delete(services).where(like(services.resourceId, 'urn:altinn:resource:app_test_%'));
    const s = await newService('navAdmin', 'nav', { kind: 'correspondence' });
    await toProduction('navAdmin', s.id);
    const now = new Date();
    // in production for a year, last call eight months ago
    await age(s.id, { lifecycleChangedAt: plus(now, { amount: -12, unit: 'months' }) });
    expect(await recordServiceTraffic(server.ctx, s.resourceId, 40, plus(now, { amount: -8, unit: 'months' }))).toBe(true);
    expect(await recordServiceTraffic(server.ctx, 'urn:altinn:resource:unknown', 1)).toBe(false);
    const view = (await c.navAdmin.get(`/api/v1/services/${s.id}`)).body;
    expect(view).toMatchObject({ idle: true, trafficCount: 40 });
    expect((await c.operatorAdmin.get('/api/v1/services?flag=idle')).body.items.map((x: any) => x.id)).toEqual([s.id]);

    const before = (await mails('service-idle')).length;
    expect(await runIdleServiceNotices(server.ctx, now)).toEqual({ reminded: 1, messages: 1 });
    expect((await runIdleServiceNotices(server.ctx, plus(now, days(1)))).reminded).toBe(0);
    const sent = (await mails('service-idle')).slice(before);
    expect(sent.map((m) => m.to)).toEqual(['admin@nav.demo']);
    expect(sent[0].text).toContain('S-7.3.1');

    // traffic ends the spell (an older report does not move lastTrafficAt back)
    await recordServiceTraffic(server.ctx, s.resourceId, 3, now);
    await recordServiceTraffic(server.ctx, s.resourceId, 1, plus(now, { amount: -1, unit: 'months' }));
    const active = (await c.navAdmin.get(`/api/v1/services/${s.id}`)).body;
    expect(active).toMatchObject({ idle: false, trafficCount: 44, lastTrafficAt: now.toISOString() });
    expect((await runIdleServiceNotices(server.ctx, plus(now, days(1)))).reminded).toBe(0);
    // … and the next quiet period is a new spell with its own notice
    expect((await runIdleServiceNotices(server.ctx, plus(now, days(200)))).reminded).toBe(1);

    // never called: counted from when it went into production
    const fresh = await newService('navAdmin', 'nav', { kind: 'broker' });
    await toProduction('navAdmin', fresh.id);
    expect((await c.navAdmin.get(`/api/v1/services/${fresh.id}`)).body.idle).toBe(false);
    await age(fresh.id, { lifecycleChangedAt: plus(now, days(-181)) });
    expect((await c.navAdmin.get(`/api/v1/services/${fresh.id}`)).body.idle).toBe(true);
  });

  it('a service owner never sees another owner’s services (404); vendors see only services in production, as catalogue entries', async () => {
    const planned = await newService('skattAdmin', 'skatt');
    const live = await newService('skattAdmin', 'skatt');
    await toProduction('skattAdmin', live.id);
    const nav = await newService('navAdmin', 'nav');

    expect((await c.navAdmin.get(`/api/v1/services/${live.id}`)).status).toBe(404);
    expect((await c.navAdmin.patch(`/api/v1/services/${live.id}`, { name: 'x' })).status).toBe(404);
    expect((await c.navAdmin.post(`/api/v1/services/${live.id}/lifecycle`, { to: 'deactivated' })).status).toBe(404);
    expect((await c.navAdmin.get(`/api/v1/services?orgId=${org('skatt')}`)).status).toBe(404);
    const navList = (await c.navAdmin.get('/api/v1/services')).body.items;
    expect(navList.every((s: any) => s.orgId === org('nav'))).toBe(true);
    expect(navList.map((s: any) => s.id)).toContain(nav.id);
    expect((await c.skattAdmin.post(`/api/v1/organisations/${org('nav')}/services`, { resourceId: 'urn:altinn:resource:x_1', name: 'X', kind: 'app' })).status).toBe(404);

    const catalogue = await c.vendorDev.get('/api/v1/services');
    expect(catalogue.status).toBe(200);
    const ids = catalogue.body.items.map((s: any) => s.id);
    expect(ids).toContain(live.id);
    expect(ids).not.toContain(planned.id);
    expect(catalogue.body.items.every((s: any) => s.lifecycle === 'production')).toBe(true);
    const entry = catalogue.body.items.find((s: any) => s.id === live.id);
    expect(Object.keys(entry).sort()).toEqual(['id', 'kind', 'lifecycle', 'name', 'orgId', 'orgName', 'resourceId']);
    expect(entry.orgName).toBe('Skatteetaten');
    expect((await c.vendorDev.get(`/api/v1/services/${live.id}`)).body.libraryVersion).toBeUndefined();
    expect((await c.vendorDev.get(`/api/v1/services/${planned.id}`)).status).toBe(404);
    expect((await c.vendorDev.get('/api/v1/services?lifecycle=planned')).body.items).toEqual([]);
    expect((await c.vendorAdmin.post(`/api/v1/services/${live.id}/lifecycle`, { to: 'deactivated' })).status).toBe(403);

    // operators see everything
    const all = (await c.auditor.get('/api/v1/services')).body.items.map((s: any) => s.id);
    expect(all).toEqual(expect.arrayContaining([planned.id, live.id, nav.id]));
    // a resource id is registered once
    expect((await c.navAdmin.post(`/api/v1/organisations/${org('nav')}/services`, { resourceId: live.resourceId, name: 'Kopi', kind: 'app' })).status).toBe(409);
    // services belong to service owners
    expect((await c.operatorAdmin.post(`/api/v1/organisations/${org('fjordregnskap')}/services`, { resourceId: 'urn:altinn:resource:v_1', name: 'V', kind: 'app' })).status).toBe(409);
  });
});
