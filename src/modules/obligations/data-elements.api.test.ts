/**
 * Data elements (S-7.4.1–S-7.4.3): overdue downloads and their reminders, end-user control after confirmation,
 * deletion requests decided by ASF with an audit record, and tenant isolation.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import { plus } from '../registry/index.ts';
import { recordDataElement, recordDownload, runDataElementReminders } from './index.ts';

let server: TestServer;
const c: Record<string, TestClient> = {};
let serviceId: string;
beforeAll(async () => {
  server = await startTestServer();
  for (const k of ['operatorAdmin', 'operatorAgent', 'auditor', 'skattAdmin', 'skattMember', 'navAdmin', 'vendorAdmin']) c[k] = await server.as(k);
  const s = await c.skattAdmin.post(`/api/v1/organisations/${server.demo.orgs.skatt.id}/services`, { resourceId: 'urn:altinn:resource:app_skd_mva-melding', name: 'MVA-melding', kind: 'app' });
  serviceId = s.body.id;
});
afterAll(async () => server?.stop());

const skatt = () => server.demo.orgs.skatt.id;
const days = (n: number) => ({ amount: n, unit: 'calendarDays' as const });
const mails = (kind: string) => server.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.kind, kind));
async function element(ref: string, madeAvailableAt = new Date()) {
  const res = await c.operatorAgent.post(`/api/v1/organisations/${skatt()}/data-elements`, { serviceId, instanceRef: `50001/${ref}`, elementRef: ref, madeAvailableAt: madeAvailableAt.toISOString() });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

describe('data elements', () => {
  it('[S-7.4.1] elements not confirmed downloaded within 7 days are overdue, listed and reminded once', async () => {
    const now = new Date();
    const late = await element('el-late', plus(now, days(-8)));
    const fresh = await element('el-fresh', plus(now, days(-2)));
    expect(late).toMatchObject({ overdue: true, status: 'available', resourceId: 'urn:altinn:resource:app_skd_mva-melding', serviceName: 'MVA-melding' });
    expect(new Date(late.downloadDueAt).getTime()).toBe(plus(new Date(late.madeAvailableAt), days(7)).getTime());
    expect(fresh.overdue).toBe(false);
    // recording the same element again is idempotent
    const again = await c.operatorAdmin.post(`/api/v1/organisations/${skatt()}/data-elements`, { elementRef: 'el-late' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(late.id);
    // only operators record elements (the gateway will later); a service of another owner is refused
    expect((await c.skattAdmin.post(`/api/v1/organisations/${skatt()}/data-elements`, { elementRef: 'x' })).status).toBe(403);
    const navService = await c.navAdmin.post(`/api/v1/organisations/${server.demo.orgs.nav.id}/services`, { resourceId: 'urn:altinn:resource:nav_x', name: 'X', kind: 'app' });
    expect((await c.operatorAdmin.post(`/api/v1/organisations/${skatt()}/data-elements`, { elementRef: 'x', serviceId: navService.body.id })).status).toBe(400);

    const overdue = await c.skattMember.get(`/api/v1/organisations/${skatt()}/data-elements?overdue=true`);
    expect(overdue.body.items.map((e: any) => e.elementRef)).toEqual(['el-late']);
    expect((await c.auditor.get(`/api/v1/organisations/${skatt()}/data-elements?status=available`)).body.items.map((e: any) => e.elementRef)).toEqual(['el-late', 'el-fresh']);
    const page = await c.skattMember.get(`/api/v1/organisations/${skatt()}/data-elements?limit=1`);
    expect(page.body.items.map((e: any) => e.elementRef)).toEqual(['el-late']);
    expect((await c.skattMember.get(`/api/v1/organisations/${skatt()}/data-elements?limit=1&cursor=${page.body.nextCursor}`)).body.items.map((e: any) => e.elementRef)).toEqual(['el-fresh']);

    expect((await c.skattMember.get(`/api/v1/organisations/${skatt()}/data-elements?cursor=bm9wZQ`)).status).toBe(400);
    const forged = Buffer.from(JSON.stringify(['not a date', 'x'])).toString('base64url');
    expect((await c.skattMember.get(`/api/v1/organisations/${skatt()}/data-elements?cursor=${forged}`)).status).toBe(400);

    const before = (await mails('data-element-overdue')).length;
    expect(await runDataElementReminders(server.ctx, now)).toEqual({ reminded: 1, messages: 1 });
    expect(await runDataElementReminders(server.ctx, now)).toEqual({ reminded: 0, messages: 0 });
    const sent = (await mails('data-element-overdue')).slice(before);
    expect(sent.map((m) => m.to)).toEqual(['admin@skatt.demo']);
    expect(sent[0].text).toContain('el-late');
    expect(sent[0].text).toContain('S-7.4.1');
    // six days later the other one is overdue too: one reminder for it, none again for the first
    expect(await runDataElementReminders(server.ctx, plus(now, days(6)))).toEqual({ reminded: 1, messages: 1 });
    // a confirmed element is never reminded
    expect((await c.skattMember.post(`/api/v1/data-elements/${late.id}/confirm-download`)).body.overdue).toBe(false);
    const audit = await server.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'data-element.confirm'), eq(auditLog.targetId, late.id)));
    expect(JSON.parse(audit[0].details!)).toMatchObject({ late: true });
  });

  it('[S-7.4.2] a confirmed element is under the end user’s control: no deletion request through Samsvar (409)', async () => {
    const e = await element('el-confirmed');
    const confirmed = await c.skattMember.post(`/api/v1/data-elements/${e.id}/confirm-download`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', underEndUserControl: true });
    expect(confirmed.body.downloadedAt).toBeTruthy();
    const req = await c.skattAdmin.post(`/api/v1/data-elements/${e.id}/deletion-requests`, { reasonKind: 'mistake', reason: 'Feil vedlegg fra skattyter.' });
    expect(req.status).toBe(409);
    expect(req.body.type).toBe('urn:samsvar:problem:under-end-user-control');
    expect(req.body.detail).toContain('S-7.4.2');
    const twice = await c.skattMember.post(`/api/v1/data-elements/${e.id}/confirm-download`);
    expect(twice.status).toBe(409);

    // the gateway's feed: a download, then a confirmed download
    const { element: gw } = await recordDataElement(server.ctx, { orgId: skatt(), elementRef: 'gw-1' });
    expect(await recordDownload(server.ctx, { orgId: skatt(), elementRef: 'gw-1' })).toBe(true);
    expect(await recordDownload(server.ctx, { orgId: skatt(), elementRef: 'gw-1' }, new Date(), { confirmed: true })).toBe(true);
    expect(await recordDownload(server.ctx, { orgId: skatt(), elementRef: 'unknown' })).toBe(false);
    const list = (await c.skattMember.get(`/api/v1/organisations/${skatt()}/data-elements?status=confirmed`)).body.items;
    expect(list.find((x: any) => x.id === gw.id)).toMatchObject({ underEndUserControl: true });
  });

  it('[S-7.4.3] deletion requests for data made available by mistake or posing a security risk are approved or refused by ASF, audited, and the owner told', async () => {
    const a = await element('el-mistake');
    const b = await element('el-risk');
    expect((await c.skattMember.post(`/api/v1/data-elements/${a.id}/deletion-requests`, { reasonKind: 'mistake', reason: 'Feil vedlegg fra skattyter.' })).status).toBe(403);
    expect((await c.skattAdmin.post(`/api/v1/data-elements/${a.id}/deletion-requests`, { reasonKind: 'whim', reason: 'Feil vedlegg fra skattyter.' })).status).toBe(400);
    expect((await c.skattAdmin.post(`/api/v1/data-elements/${a.id}/deletion-requests`, { reasonKind: 'mistake', reason: 'feil' })).status).toBe(400);
    const notices = (await mails('deletion-request')).length;
    const ra = await c.skattAdmin.post(`/api/v1/data-elements/${a.id}/deletion-requests`, { reasonKind: 'mistake', reason: 'Vedlegget tilhører en annen skattyter.' });
    expect(ra.status, ra.text).toBe(201);
    expect(ra.body).toMatchObject({ status: 'pending', reasonKind: 'mistake', elementRef: 'el-mistake', orgName: 'Skatteetaten', requestedByName: 'Tone Tjenesteeier' });
    expect((await mails('deletion-request')).slice(notices).map((m) => m.to)).toEqual(['admin@digdir.demo']);
    expect((await c.skattAdmin.post(`/api/v1/data-elements/${a.id}/deletion-requests`, { reasonKind: 'mistake', reason: 'Vedlegget tilhører en annen skattyter.' })).status).toBe(409);
    expect((await c.skattMember.post(`/api/v1/data-elements/${a.id}/confirm-download`)).status).toBe(409);
    const rb = await c.skattAdmin.post(`/api/v1/data-elements/${b.id}/deletion-requests`, { reasonKind: 'securityRisk', reason: 'Filen inneholder skadevare.' });
    expect(rb.status).toBe(201);

    const pendingSkatt = (await c.skattMember.get('/api/v1/deletion-requests?status=pending')).body.items.map((r: any) => r.id);
    expect(pendingSkatt.sort()).toEqual([ra.body.id, rb.body.id].sort());
    expect((await c.navAdmin.get('/api/v1/deletion-requests')).body.items).toEqual([]);
    expect((await c.navAdmin.get(`/api/v1/deletion-requests?orgId=${skatt()}`)).status).toBe(404);
    expect((await c.auditor.get('/api/v1/deletion-requests?status=pending')).body.items.length).toBe(2);

    expect((await c.operatorAgent.post(`/api/v1/deletion-requests/${ra.body.id}/decide`, { decision: 'approved', note: 'OK' })).status).toBe(403);
    const decisions = (await mails('deletion-decision')).length;
    const ok = await c.operatorAdmin.post(`/api/v1/deletion-requests/${ra.body.id}/decide`, { decision: 'approved', note: 'Slettet i Altinn Storage.' });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', elementStatus: 'deleted', decisionNote: 'Slettet i Altinn Storage.', decidedByName: 'Ada Administrator' });
    const no = await c.operatorAdmin.post(`/api/v1/deletion-requests/${rb.body.id}/decide`, { decision: 'refused', note: 'Filen er skannet og ren.' });
    expect(no.body).toMatchObject({ status: 'refused', elementStatus: 'available' });
    expect((await c.operatorAdmin.post(`/api/v1/deletion-requests/${rb.body.id}/decide`, { decision: 'approved', note: 'Likevel' })).status).toBe(409);
    expect((await mails('deletion-decision')).slice(decisions).map((m) => m.to)).toEqual(['admin@skatt.demo', 'admin@skatt.demo']);

    const deleted = (await c.skattMember.get(`/api/v1/organisations/${skatt()}/data-elements?status=deleted`)).body.items;
    expect(deleted.map((e: any) => e.id)).toEqual([a.id]);
    expect(deleted[0].deletedAt).toBeTruthy();
    expect((await c.skattAdmin.post(`/api/v1/data-elements/${a.id}/deletion-requests`, { reasonKind: 'mistake', reason: 'Vedlegget tilhører en annen skattyter.' })).status).toBe(409);
    expect((await c.skattMember.post(`/api/v1/data-elements/${a.id}/confirm-download`)).status).toBe(409);

    const trail = await server.ctx.db
      .select()
      .from(auditLog)
      .where(inArray(auditLog.targetId, [ra.body.id, rb.body.id, a.id]))
      .orderBy(auditLog.seq);
    expect(trail.map((x) => x.action)).toEqual([
      'data-element.record',
      'deletion-request.create',
      'deletion-request.create',
      'deletion-request.decide',
      'data-element.delete',
      'deletion-request.decide',
    ]);
    expect(trail.every((x) => x.orgId === skatt())).toBe(true);
  });

  it('a service owner never sees another owner’s data elements (404)', async () => {
    const e = await element('el-private');
    const nav = server.demo.orgs.nav.id;
    expect((await c.navAdmin.get(`/api/v1/organisations/${skatt()}/data-elements`)).status).toBe(404);
    expect((await c.navAdmin.post(`/api/v1/data-elements/${e.id}/confirm-download`)).status).toBe(404);
    expect((await c.navAdmin.post(`/api/v1/data-elements/${e.id}/deletion-requests`, { reasonKind: 'mistake', reason: 'Ikke vårt, men prøver likevel.' })).status).toBe(404);
    expect((await c.navAdmin.get(`/api/v1/organisations/${nav}/data-elements`)).body.items).toEqual([]);
    expect((await c.vendorAdmin.get(`/api/v1/organisations/${skatt()}/data-elements`)).status).toBe(403);
    expect((await c.operatorAdmin.post(`/api/v1/organisations/${server.demo.orgs.fjordregnskap.id}/data-elements`, { elementRef: 'v' })).status).toBe(409);
  });
});
