/**
 * Deviation cases and escalation (S-8) over HTTP: a case starts at the lowest level of the policy's ladder and moves
 * up one level at a time with a reason; each level's contacts (the operator side and the service owner's side) are
 * mailed and operator admins get an inbox item; tenants see only their own organisation's cases; breached SLA clocks
 * (S-2.2.x, S-7.3.3) open or join a case, grouped as candidates with a "repeated" flag.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { inboxItems } from '../../platform/inbox/index.ts';
import { drainNotifier } from '../../platform/notify/index.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import { incidentClocks, incidents } from '../incidents/tables.ts';
import { hasRepeat } from './index.ts';

let server: TestServer;
const c: Record<string, TestClient> = {};
const LEVELS = ['operations', 'serviceManagers', 'sectionHead', 'director'];

beforeAll(async () => {
  server = await startTestServer();
  for (const k of ['operatorAdmin', 'operatorAgent', 'auditor', 'skattAdmin', 'skattMember', 'navAdmin', 'vendorAdmin']) c[k] = await server.as(k);
  // The operator side's contacts for every level; Skatteetaten's own for every level but sectionHead.
  for (const level of LEVELS) {
    const r = await c.operatorAdmin.post('/api/v1/escalation-contacts', { level, orgId: null, name: `ASF ${level}`, email: `asf-${level}@digdir.demo` });
    expect(r.status, r.text).toBe(201);
    if (level === 'sectionHead') continue;
    const s = await c.skattAdmin.post('/api/v1/escalation-contacts', { level, orgId: org('skatt'), name: `Skatt ${level}`, email: `skatt-${level}@skatt.demo`, phone: '+47 800 80 000' });
    expect(s.status, s.text).toBe(201);
  }
});
afterAll(async () => server?.stop());

const org = (k: string) => server.demo.orgs[k].id;
const DAY = 86400_000;
const mailsFor = async (subjectPart: string) => (await server.ctx.db.select().from(mailOutbox)).filter((m) => m.subject.includes(subjectPart));

let incidentNo = 0;
/** An incident with one clock, inserted directly (the incidents module is not needed to test deviations). */
async function incidentWithClock(opts: { category?: string; targetId?: string; status?: string; breachedAt?: Date; assigneeOrgId?: string | null } = {}) {
  const category = opts.category ?? 'B';
  const targetId = opts.targetId ?? 'response';
  const status = opts.status ?? 'breached';
  const at = opts.breachedAt ?? new Date();
  incidentNo++;
  const [inc] = await server.ctx.db
    .insert(incidents)
    .values({
      ref: `INC-2026-${String(9000 + incidentNo)}`,
      title: `Test incident ${incidentNo}`,
      category,
      reportedAt: new Date(at.getTime() - 2 * 3600_000),
      assigneeOrgId: opts.assigneeOrgId ?? null,
      breached: status === 'breached',
    })
    .returning();
  await server.ctx.db.insert(incidentClocks).values({
    incidentId: inc.id,
    targetId,
    kind: targetId === 'resolution' ? 'resolution' : 'response',
    category,
    status,
    startedAt: inc.reportedAt,
    dueAt: new Date(at.getTime() - 60_000),
    breachedAt: status === 'breached' ? at : null,
    computedAt: new Date(),
  });
  return inc;
}

async function open(client: TestClient, body: Record<string, unknown>) {
  const r = await client.post('/api/v1/deviations', { title: 'Gjentatte brudd', clauses: ['S-2.2.2'], party: 'operator', ...body });
  expect(r.status, r.text).toBe(201);
  return r.body;
}

describe('deviation cases', () => {
  it('[S-8] a case opens at the lowest level with a reference, and that level’s contacts are mailed', async () => {
    const before = (await mailsFor('AVV-')).length;
    const d = await open(c.operatorAgent, { title: 'Treg respons på B-hendelser', description: 'Tre brudd på seks uker.', party: 'serviceOwner', orgId: org('skatt'), clauses: ['S-7.3.3'] });
    expect(d.ref).toMatch(/^AVV-\d{4}-\d{4}$/);
    expect(d.ref.slice(4, 8)).toBe(String(new Date().getFullYear()));
    expect(d).toMatchObject({ level: 'operations', levelNumber: 1, levelCount: 4, status: 'open', party: 'serviceOwner', orgId: org('skatt'), orgName: 'Skatteetaten', nextLevel: 'serviceManagers' });
    expect(d.ladder.map((l: any) => l.id)).toEqual(LEVELS);
    expect(d.contacts.map((k: any) => k.email).sort()).toEqual(['asf-operations@digdir.demo', 'skatt-operations@skatt.demo']);
    const opened = d.events[0];
    expect(opened).toMatchObject({ type: 'opened', toLevel: 'operations' });
    expect(opened.data.notified.mailed.map((m: any) => m.email).sort()).toEqual(['asf-operations@digdir.demo', 'skatt-operations@skatt.demo']);
    const sent = (await mailsFor(d.ref)).slice(0);
    expect(sent.length).toBe(2);
    expect((await mailsFor('AVV-')).length).toBe(before + 2);
    expect(sent[0].kind).toBe('deviation-opened');
    expect(sent[0].text).toContain('Treg respons på B-hendelser');
    expect(sent[0].text).toContain(`http://localhost:8080/deviations/${d.id}`);

    // references count up per year
    const next = await open(c.operatorAgent, { title: 'Neste' });
    expect(Number(next.ref.slice(-4))).toBe(Number(d.ref.slice(-4)) + 1);
  });

  it('[S-8] escalation moves exactly one level up with a reason, mails the new level’s contacts each time, and stops at the director (409)', async () => {
    const d = await open(c.operatorAgent, { title: 'Avvik som eskaleres', party: 'serviceOwner', orgId: org('skatt'), clauses: ['S-7.3.3'] });
    const admin = server.demo.users.operatorAdmin.id;
    const inboxBefore = (await server.ctx.db.select().from(inboxItems).where(eq(inboxItems.userId, admin))).length;
    const expected: Record<string, string[]> = {
      serviceManagers: ['asf-servicemanagers@digdir.demo', 'skatt-servicemanagers@skatt.demo'],
      sectionHead: ['asf-sectionhead@digdir.demo'],
      director: ['asf-director@digdir.demo', 'skatt-director@skatt.demo'],
    };
    let from = 'operations';
    for (const [n, to] of ['serviceManagers', 'sectionHead', 'director'].entries()) {
      const r = await c.operatorAdmin.post(`/api/v1/deviations/${d.id}/escalate`, { reason: `Ikke løst på ${from}` });
      expect(r.status, r.text).toBe(200);
      expect(r.body.level).toBe(to);
      expect(r.body.levelNumber).toBe(n + 2);
      const ev = r.body.events.at(-1);
      expect(ev).toMatchObject({ type: 'escalated', fromLevel: from, toLevel: to, reason: `Ikke løst på ${from}` });
      expect(ev.data.notified.mailed.map((m: any) => m.email).sort()).toEqual(expected[to]);
      // Skatteetaten has no contact at sectionHead: recorded, not silently skipped
      expect(ev.data.notified.missingContacts).toEqual(to === 'sectionHead' ? ['serviceOwner'] : []);
      const mails = (await mailsFor(d.ref)).filter((m) => m.kind === 'deviation-escalated' && expected[to].includes(m.to));
      expect(mails.length, to).toBe(expected[to].length);
      expect(mails[0].text).toContain(`Ikke løst på ${from}`);
      expect(r.body.contacts.map((k: any) => k.email).sort()).toEqual(expected[to]);
      from = to;
    }
    // Inbox items come from the notification service: the case's opening and each escalation reach the operator
    // admins and the service owner's admins — except the one who acted.
    await drainNotifier(server.ctx);
    const adminInbox = await server.ctx.db.select().from(inboxItems).where(and(eq(inboxItems.userId, admin), eq(inboxItems.link, `/deviations/${d.id}`)));
    expect(adminInbox.map((i) => i.kind)).toEqual(['no.samsvar.deviation.opened']); // the escalations were the admin's own acts
    expect((await server.ctx.db.select().from(inboxItems).where(eq(inboxItems.userId, admin))).length).toBeGreaterThanOrEqual(inboxBefore + 1);
    const soInbox = await server.ctx.db.select().from(inboxItems).where(and(eq(inboxItems.userId, server.demo.users.skattAdmin.id), eq(inboxItems.link, `/deviations/${d.id}`)));
    expect(soInbox.length).toBe(4);

    const top = await c.operatorAdmin.post(`/api/v1/deviations/${d.id}/escalate`, { reason: 'Videre?' });
    expect(top.status).toBe(409);
    expect(top.body.type).toBe('urn:samsvar:problem:conflict');
    expect(top.body.detail).toContain('top level');
    const after = await c.operatorAdmin.get(`/api/v1/deviations/${d.id}`);
    expect(after.body.level).toBe('director');
    expect(after.body.nextLevel).toBeNull();
    expect(after.body.events.map((e: any) => e.type)).toEqual(['opened', 'escalated', 'escalated', 'escalated']);

    const audit = await server.ctx.db.select().from(auditLog).where(and(eq(auditLog.targetType, 'deviation'), eq(auditLog.targetId, d.id)));
    expect(audit.map((a) => a.action)).toEqual(['deviation.open', 'deviation.escalate', 'deviation.escalate', 'deviation.escalate']);
  });

  it('[S-8] an escalation without a reason is refused with a problem naming the field', async () => {
    const d = await open(c.operatorAgent, {});
    for (const reason of ['', '   ']) {
      const r = await c.operatorAgent.post(`/api/v1/deviations/${d.id}/escalate`, { reason });
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body.errors.map((e: any) => e.field)).toContain('body.reason');
    }
    const missing = await c.operatorAgent.post(`/api/v1/deviations/${d.id}/escalate`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: any) => e.field)).toContain('body.reason');
    expect((await c.operatorAgent.get(`/api/v1/deviations/${d.id}`)).body.level).toBe('operations');
  });

  it('[S-8] a resolved case is not escalated; reopening keeps the level reached', async () => {
    const d = await open(c.operatorAgent, {});
    await c.operatorAgent.post(`/api/v1/deviations/${d.id}/escalate`, { reason: 'Gjentatt' });
    const res = await c.operatorAgent.post(`/api/v1/deviations/${d.id}/resolve`, { resolution: 'Bemanningen er økt.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'resolved', resolution: 'Bemanningen er økt.' });
    expect((await c.operatorAgent.post(`/api/v1/deviations/${d.id}/escalate`, { reason: 'x' })).status).toBe(409);
    expect((await c.operatorAgent.post(`/api/v1/deviations/${d.id}/resolve`, { resolution: 'igjen' })).status).toBe(409);
    const re = await c.operatorAgent.post(`/api/v1/deviations/${d.id}/reopen`, { reason: 'Nytt brudd' });
    expect(re.status).toBe(200);
    expect(re.body).toMatchObject({ status: 'open', level: 'serviceManagers', resolution: null });
    expect(re.body.events.map((e: any) => e.type)).toEqual(['opened', 'escalated', 'resolved', 'reopened']);
    expect((await c.operatorAgent.post(`/api/v1/deviations/${d.id}/reopen`, { reason: 'x' })).status).toBe(409);
  });

  it('[S-8] opening validates clauses against the register, the party and its organisation', async () => {
    const bad = await c.operatorAdmin.post('/api/v1/deviations', { title: 'X', clauses: ['S-99.9'], party: 'operator' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field)).toEqual(['body.clauses.0']);
    const noOrg = await c.operatorAdmin.post('/api/v1/deviations', { title: 'X', clauses: ['S-8'], party: 'serviceOwner' });
    expect(noOrg.status).toBe(400);
    expect(noOrg.body.errors.map((e: any) => e.field)).toEqual(['body.orgId']);
    const vendorOrg = await c.operatorAdmin.post('/api/v1/deviations', { title: 'X', clauses: ['S-8'], party: 'serviceOwner', orgId: org('fjordregnskap') });
    expect(vendorOrg.status).toBe(400);
    const badParty = await c.operatorAdmin.post('/api/v1/deviations', { title: 'X', clauses: ['S-8'], party: 'vendor' });
    expect(badParty.status).toBe(400);
    expect(badParty.body.errors.map((e: any) => e.field)).toContain('body.party');
  });

  it('[S-8] a service owner sees only its own organisation’s cases (another’s is 404) and may add notes to them; vendors get 403', async () => {
    const mine = await open(c.operatorAgent, { title: 'Skatt sin sak', party: 'serviceOwner', orgId: org('skatt'), clauses: ['S-7.3.3'] });
    const affectingMe = await open(c.operatorAgent, { title: 'ASF sviktet overfor Skatt', party: 'operator', orgId: org('skatt') });
    const navs = await open(c.operatorAgent, { title: 'NAV sin sak', party: 'serviceOwner', orgId: org('nav'), clauses: ['S-7.3.3'] });
    const internal = await open(c.operatorAgent, { title: 'Intern', party: 'operator' });

    const list = await c.skattMember.get('/api/v1/deviations');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((x: any) => x.id);
    expect(ids).toEqual(expect.arrayContaining([mine.id, affectingMe.id]));
    expect(ids).not.toContain(navs.id);
    expect(ids).not.toContain(internal.id);
    expect(list.body.items.every((x: any) => x.orgId === org('skatt'))).toBe(true);
    // asking for another organisation does not widen the scope
    expect((await c.skattMember.get(`/api/v1/deviations?orgId=${org('nav')}`)).body.items).toEqual([]);

    expect((await c.skattMember.get(`/api/v1/deviations/${mine.id}`)).status).toBe(200);
    for (const p of [`/api/v1/deviations/${navs.id}`, `/api/v1/deviations/${internal.id}`]) expect((await c.skattAdmin.get(p)).status).toBe(404);
    expect((await c.skattAdmin.post(`/api/v1/deviations/${navs.id}/notes`, { body: 'Hei' })).status).toBe(404);

    const note = await c.skattMember.post(`/api/v1/deviations/${mine.id}/notes`, { body: 'Vi har innført ny rutine.' });
    expect(note.status).toBe(201);
    expect(note.body.events.at(-1)).toMatchObject({ type: 'note', body: 'Vi har innført ny rutine.', actorName: 'Ola Utvikler' });
    // a service owner does not escalate, resolve or open
    expect((await c.skattAdmin.post(`/api/v1/deviations/${mine.id}/escalate`, { reason: 'x' })).status).toBe(403);
    expect((await c.skattAdmin.post('/api/v1/deviations', { title: 'X', clauses: ['S-8'], party: 'operator' })).status).toBe(403);

    // operators and auditors see everything; auditors change nothing
    const all = (await c.auditor.get('/api/v1/deviations')).body.items.map((x: any) => x.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, navs.id, internal.id]));
    expect((await c.auditor.post(`/api/v1/deviations/${mine.id}/escalate`, { reason: 'x' })).status).toBe(403);
    expect((await c.navAdmin.get('/api/v1/deviations')).body.items.map((x: any) => x.id)).toContain(navs.id);

    expect((await c.vendorAdmin.get('/api/v1/deviations')).status).toBe(403);
    expect((await c.vendorAdmin.get(`/api/v1/deviations/${mine.id}`)).status).toBe(403);
    expect((await c.vendorAdmin.get('/api/v1/escalation-contacts')).status).toBe(403);
  });

  it('[S-8] lists filter by status, level and organisation', async () => {
    const a = await open(c.operatorAgent, { title: 'Filter A', party: 'serviceOwner', orgId: org('brreg'), clauses: ['S-7.3.3'] });
    const b = await open(c.operatorAgent, { title: 'Filter B', party: 'serviceOwner', orgId: org('brreg'), clauses: ['S-7.3.3'] });
    await c.operatorAgent.post(`/api/v1/deviations/${b.id}/escalate`, { reason: 'Gjentatt' });
    const lvl = await c.operatorAgent.get(`/api/v1/deviations?orgId=${org('brreg')}&level=serviceManagers`);
    expect(lvl.body.items.map((x: any) => x.id)).toEqual([b.id]);
    await c.operatorAgent.post(`/api/v1/deviations/${a.id}/resolve`, { resolution: 'Løst' });
    expect((await c.operatorAgent.get(`/api/v1/deviations?orgId=${org('brreg')}&status=resolved`)).body.items.map((x: any) => x.id)).toEqual([a.id]);
    expect((await c.operatorAgent.get('/api/v1/deviations?level=nowhere')).status).toBe(400);
  });
});

describe('breached SLA clocks', () => {
  it('[S-8] [S-2.2.2] a breached clock joins a case (idempotent); a clock that is not breached is refused (409)', async () => {
    const d = await open(c.operatorAgent, { title: 'Brudd på responstid', clauses: ['S-2.2.2'] });
    const inc = await incidentWithClock({ category: 'B', targetId: 'response' });
    const j = await c.operatorAgent.post(`/api/v1/deviations/${d.id}/items`, { incidentId: inc.id, targetId: 'response', note: 'Tredje brudd' });
    expect(j.status, j.text).toBe(201);
    expect(j.body.items).toHaveLength(1);
    expect(j.body.items[0]).toMatchObject({ incidentId: inc.id, incidentRef: inc.ref, incidentTitle: inc.title, targetId: 'response', category: 'B', clockStatus: 'breached', note: 'Tredje brudd' });
    expect(j.body.items[0].breachedAt).toBeTruthy();
    expect(j.body.events.at(-1)).toMatchObject({ type: 'joined' });
    const again = await c.operatorAgent.post(`/api/v1/deviations/${d.id}/items`, { incidentId: inc.id, targetId: 'response' });
    expect(again.status).toBe(200);
    expect(again.body.items).toHaveLength(1);
    expect(again.body.itemCount).toBe(1);

    const running = await incidentWithClock({ category: 'B', targetId: 'resolution', status: 'running' });
    const r = await c.operatorAgent.post(`/api/v1/deviations/${d.id}/items`, { incidentId: running.id, targetId: 'resolution' });
    expect(r.status).toBe(409);
    expect(r.body.detail).toContain('not breached');
    expect((await c.operatorAgent.post(`/api/v1/deviations/${d.id}/items`, { incidentId: inc.id, targetId: 'resolution' })).status).toBe(409);
    expect((await c.operatorAgent.post(`/api/v1/deviations/${d.id}/items`, { incidentId: randomUUID(), targetId: 'response' })).status).toBe(404);

    // a breach counts in one case
    const other = await open(c.operatorAgent, { title: 'Annen sak' });
    const taken = await c.operatorAgent.post(`/api/v1/deviations/${other.id}/items`, { incidentId: inc.id, targetId: 'response' });
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toContain(d.ref);
    // a case opened with a clock that is not breached is not opened at all
    const refused = await c.operatorAgent.post('/api/v1/deviations', { title: 'X', clauses: ['S-2.2.2'], party: 'operator', clocks: [{ incidentId: running.id, targetId: 'resolution' }] });
    expect(refused.status).toBe(409);
  });

  it('[S-8] [S-2.2.1] [S-7.3.3] candidates group breaches by party, organisation and clause, flag repeated ones and suggest the open case to join', async () => {
    const now = Date.now();
    // operator side, A response (S-2.2.1): two breaches 30 days apart → repeated
    const a1 = await incidentWithClock({ category: 'A', targetId: 'response', breachedAt: new Date(now - 40 * DAY) });
    const a2 = await incidentWithClock({ category: 'A', targetId: 'response', breachedAt: new Date(now - 10 * DAY) });
    // Skatteetaten assigned (S-7.3.3), B response (S-2.2.2): two breaches 120 days apart → not repeated
    const s1 = await incidentWithClock({ category: 'B', targetId: 'response', breachedAt: new Date(now - 130 * DAY), assigneeOrgId: org('skatt') });
    const s2 = await incidentWithClock({ category: 'B', targetId: 'response', breachedAt: new Date(now - 10 * DAY), assigneeOrgId: org('skatt') });
    // a clock that is running is never a candidate
    const run = await incidentWithClock({ category: 'C', targetId: 'resolution', status: 'running' });

    const res = await c.operatorAgent.get('/api/v1/deviations/candidates');
    expect(res.status, res.text).toBe(200);
    expect(res.body.windowDays).toBe(90);
    const groups = res.body.groups as any[];
    const all = groups.flatMap((g) => g.clocks.map((k: any) => k.incidentId));
    expect(all).not.toContain(run.id);

    const opA = groups.find((g) => g.party === 'operator' && g.orgId === null && g.clause === 'S-2.2.1');
    expect(opA).toMatchObject({ count: 2, repeated: true, suggestedCase: null });
    expect(opA.clocks.map((k: any) => k.incidentId)).toEqual([a1.id, a2.id]);
    expect(opA.clocks[0]).toMatchObject({ incidentRef: a1.ref, category: 'A', targetId: 'response', clauses: ['S-2.2.1'] });

    const so = groups.find((g) => g.party === 'serviceOwner' && g.orgId === org('skatt') && g.clause === 'S-2.2.2');
    expect(so).toMatchObject({ count: 2, repeated: false, orgName: 'Skatteetaten' });
    expect(so.clocks.map((k: any) => k.incidentId).sort()).toEqual([s1.id, s2.id].sort());
    expect(groups.indexOf(opA)).toBeLessThan(groups.indexOf(so)); // repeated first

    // open a case from the operator group: its clocks leave the candidates
    const d = await open(c.operatorAgent, { title: 'Gjentatte A-brudd', clauses: ['S-2.2.1'], clocks: opA.clocks.map((k: any) => ({ incidentId: k.incidentId, targetId: k.targetId })) });
    expect(d.items.map((i: any) => i.incidentId).sort()).toEqual([a1.id, a2.id].sort());
    expect(d.events[0].data.clocks).toHaveLength(2);

    // a new breach of the same party and clause suggests joining that case
    const a3 = await incidentWithClock({ category: 'A', targetId: 'response', breachedAt: new Date(now - DAY) });
    const after = (await c.operatorAgent.get('/api/v1/deviations/candidates')).body.groups as any[];
    const again = after.find((g) => g.party === 'operator' && g.orgId === null && g.clause === 'S-2.2.1');
    expect(again.clocks.map((k: any) => k.incidentId)).toEqual([a3.id]);
    expect(again.repeated).toBe(false);
    expect(again.suggestedCase).toMatchObject({ id: d.id, ref: d.ref, level: 'operations' });
    // the service owner's group has no case of its own to join
    expect(after.find((g) => g.orgId === org('skatt') && g.clause === 'S-2.2.2').suggestedCase).toBeNull();

    // only operators and auditors see candidates
    expect((await c.auditor.get('/api/v1/deviations/candidates')).status).toBe(200);
    expect((await c.skattAdmin.get('/api/v1/deviations/candidates')).status).toBe(403);
    await server.ctx.db.delete(incidents).where(inArray(incidents.id, [s1.id, s2.id, a3.id, run.id]));
  });

  it('[S-8] "repeated" means two breaches within 90 days of each other', () => {
    expect(hasRepeat([])).toBe(false);
    expect(hasRepeat([0])).toBe(false);
    expect(hasRepeat([0, 90 * DAY])).toBe(true);
    expect(hasRepeat([0, 90 * DAY + 1])).toBe(false);
    expect(hasRepeat([200 * DAY, 0, 150 * DAY])).toBe(true);
  });
});

describe('escalation contacts', () => {
  it('[S-8] operator admins keep the operator side; a service owner admin keeps its own organisation’s, and sees only those', async () => {
    const ops = await c.operatorAgent.get('/api/v1/escalation-contacts');
    expect(ops.status).toBe(200);
    expect(ops.body.items.length).toBe(7);
    expect(ops.body.ladder.map((l: any) => l.id)).toEqual(LEVELS);
    expect((await c.operatorAgent.get('/api/v1/escalation-contacts?orgId=operator')).body.items.every((k: any) => k.orgId === null && k.side === 'operator')).toBe(true);
    expect((await c.operatorAgent.get('/api/v1/escalation-contacts?level=director')).body.items.map((k: any) => k.email).sort()).toEqual([
      'asf-director@digdir.demo',
      'skatt-director@skatt.demo',
    ]);

    const own = await c.skattAdmin.get('/api/v1/escalation-contacts');
    expect(own.body.items.length).toBe(3);
    expect(own.body.items.every((k: any) => k.orgId === org('skatt') && k.orgName === 'Skatteetaten')).toBe(true);
    expect((await c.skattAdmin.get(`/api/v1/escalation-contacts?orgId=${org('nav')}`)).status).toBe(404);
    expect((await c.skattMember.get('/api/v1/escalation-contacts')).status).toBe(403);

    // a service owner admin cannot touch the operator side or another organisation
    const opSide = await c.skattAdmin.post('/api/v1/escalation-contacts', { level: 'operations', orgId: null, name: 'X', email: 'x@skatt.demo' });
    expect(opSide.status).toBe(403);
    expect((await c.skattAdmin.post('/api/v1/escalation-contacts', { level: 'operations', orgId: org('nav'), name: 'X', email: 'x@nav.demo' })).status).toBe(404);
    const asf = ops.body.items.find((k: any) => k.orgId === null);
    expect((await c.skattAdmin.delete(`/api/v1/escalation-contacts/${asf.id}`)).status).toBe(404);
    expect((await c.operatorAgent.post('/api/v1/escalation-contacts', { level: 'operations', orgId: null, name: 'X', email: 'x@digdir.demo' })).status).toBe(403);

    // levels come from the policy; contacts belong to service owners, not vendors
    const badLevel = await c.operatorAdmin.post('/api/v1/escalation-contacts', { level: 'ceo', orgId: null, name: 'X', email: 'x@digdir.demo' });
    expect(badLevel.status).toBe(400);
    expect(badLevel.body.errors.map((e: any) => e.field)).toEqual(['body.level']);
    expect((await c.operatorAdmin.post('/api/v1/escalation-contacts', { level: 'operations', orgId: org('fjordregnskap'), name: 'X', email: 'x@f.demo' })).status).toBe(409);

    // add and remove one of its own
    const made = await c.skattAdmin.post('/api/v1/escalation-contacts', { level: 'sectionHead', orgId: org('skatt'), name: 'Seksjonssjef Skatt', email: 'Seksjon@Skatt.demo' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ email: 'seksjon@skatt.demo', side: 'serviceOwner', level: 'sectionHead' });
    expect((await c.navAdmin.delete(`/api/v1/escalation-contacts/${made.body.id}`)).status).toBe(404);
    expect((await c.skattAdmin.delete(`/api/v1/escalation-contacts/${made.body.id}`)).status).toBe(204);
    expect((await c.skattAdmin.delete(`/api/v1/escalation-contacts/${made.body.id}`)).status).toBe(404);
    const trail = await server.ctx.db.select().from(auditLog).where(and(eq(auditLog.targetType, 'escalation-contact'), eq(auditLog.targetId, made.body.id)));
    expect(trail.map((a) => a.action)).toEqual(['escalation-contact.create', 'escalation-contact.delete']);
  });
});
