/**
 * Incidents on the status page and in component state (S-2.3.1, T-3.1.1): an open incident with an impact puts its
 * components in that state (a component signal, so it counts in availability); only incidents with a public update
 * are published, only their public updates leave Samsvar, and every public change is an event.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestClient, type TestServer } from '../../../test/helpers.ts';
import { events } from '../../platform/events/tables.ts';
import { currentStates } from '../components/signals.ts';
import { componentSignals } from '../components/tables.ts';
import { publicIncidents } from './index.ts';

let server: TestServer;
const c: Record<string, TestClient> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const k of ['operatorAdmin', 'vendorAdmin']) c[k] = await server.as(k);
});
afterAll(async () => server?.stop());

const statusEvents = (id: string) =>
  server.ctx.db.select().from(events).where(and(eq(events.type, 'no.samsvar.status.incident'), eq(events.resource, `urn:samsvar:incident:${id}`)));

describe('incidents on the status page', () => {
  it('[S-2.3.1] an open incident with an impact sets its components\' state until it is resolved', async () => {
    const res = await c.operatorAdmin!.post('/api/v1/incidents', { title: 'Innlogging feiler', category: 'A', components: ['sbl', 'apps'], impact: 'major_outage' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.impact).toBe('major_outage');
    let states = await currentStates(server.ctx.db);
    expect(states.get('sbl')?.state).toBe('major_outage');
    expect(states.get('apps')?.causes).toEqual([{ source: 'incident', ref: res.body.id, state: 'major_outage' }]);

    // Narrowing: apps recovers, sbl is only partly down.
    const edit = await c.operatorAdmin!.patch(`/api/v1/incidents/${res.body.id}`, { components: ['sbl'], impact: 'partial_outage' });
    expect(edit.status, edit.text).toBe(200);
    states = await currentStates(server.ctx.db);
    expect(states.get('sbl')?.state).toBe('partial_outage');
    expect(states.get('apps')?.state).toBe('operational');

    // Not published: no public update yet, so no status event and not in the public list.
    expect(await statusEvents(res.body.id)).toHaveLength(0);
    expect((await publicIncidents(server.ctx.db)).map((i) => i.id)).not.toContain(res.body.id);

    const resolved = await c.operatorAdmin!.post(`/api/v1/incidents/${res.body.id}/state`, { state: 'resolved' });
    expect(resolved.status, resolved.text).toBe(200);
    states = await currentStates(server.ctx.db);
    expect(states.get('sbl')?.state).toBe('operational');
    const open = await server.ctx.db.select().from(componentSignals).where(eq(componentSignals.sourceRef, res.body.id));
    expect(open.every((s) => s.endedAt !== null)).toBe(true);
  });

  it('[T-3.1.1] a public update publishes the incident; internal notes never leave Samsvar', async () => {
    const res = await c.operatorAdmin!.post('/api/v1/incidents', { title: 'Treg innsending i Altinn Apps', category: 'B', components: ['apps'], impact: 'degraded_performance' });
    const id = res.body.id;
    await c.operatorAdmin!.post(`/api/v1/incidents/${id}/notes`, { body: 'Intern: databasen er treg', visibility: 'internal' });
    expect(await statusEvents(id)).toHaveLength(0);
    const pub = await c.operatorAdmin!.post(`/api/v1/incidents/${id}/notes`, { body: 'Vi undersøker treg innsending.', visibility: 'public' });
    expect(pub.status, pub.text).toBe(200);
    let evs = await statusEvents(id);
    expect(evs).toHaveLength(1);
    expect(evs[0]!.visibility).toBe('public');
    const data = evs[0]!.data as { incident: { status: string; updates: { body: string }[] } };
    expect(data.incident.status).toBe('investigating');
    expect(data.incident.updates.map((u) => u.body)).toEqual(['Vi undersøker treg innsending.']);
    expect(JSON.stringify(data)).not.toContain('Intern');

    await c.operatorAdmin!.post(`/api/v1/incidents/${id}/state`, { state: 'identified', message: 'Årsaken er funnet.', visibility: 'public' });
    await c.operatorAdmin!.post(`/api/v1/incidents/${id}/state`, { state: 'resolved', message: 'Løst.', visibility: 'public' });
    evs = await statusEvents(id);
    expect(evs.length).toBe(3);
    const [view] = await publicIncidents(server.ctx.db, { ids: [id] });
    expect(view!.status).toBe('resolved');
    expect(view!.updates.map((u) => [u.status, u.body])).toEqual([
      ['resolved', 'Løst.'],
      ['identified', 'Årsaken er funnet.'],
      ['investigating', 'Vi undersøker treg innsending.'],
    ]);
    expect((await publicIncidents(server.ctx.db, { open: true })).map((i) => i.id)).not.toContain(id);
  });

  it('[S-2.3.1] only operators set an impact when reporting; a vendor cannot', async () => {
    const res = await c.vendorAdmin!.post('/api/v1/incidents', { title: 'Feil', category: 'C', components: ['apps'], impact: 'major_outage' });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.field ?? res.body.detail).toMatch(/impact/);
    const bad = await c.operatorAdmin!.post('/api/v1/incidents', { title: 'Feil', category: 'C', impact: 'under_maintenance' });
    expect(bad.status).toBe(400);
  });
});
