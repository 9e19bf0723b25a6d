/**
 * Demo incidents (idempotent: skipped when any incident exists). Histories are written as they would have happened,
 * relative to now, so the portal shows a live countdown, a met and a breached response, a workaround, a
 * re-classification and last month's figures in the report. Also puts the demo operator agent on duty.
 */
import { count, eq } from 'drizzle-orm';
import type { AppContext, DemoContext } from '../../platform/context.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { services } from '../registry/tables.ts';
import { dutyDemo } from './duty.ts';
import { nextRef, refreshClocks } from './service.ts';
import { syncIncidentStatus } from './status.ts';
import { incidentEvents, incidents, incidentServices } from './tables.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

interface DemoEvent {
  after: number;
  type: string;
  data?: Record<string, unknown>;
  body?: string;
  reason?: string;
  visibility?: 'internal' | 'shared' | 'public';
  actor?: string;
}
interface DemoIncident {
  title: string;
  description: string;
  category: string;
  ago: number;
  reporter: { user?: string; org?: string; email?: string; name?: string };
  assignee?: { user?: string; org?: string };
  components?: string[];
  /** Component state while open (the status page and availability show it). */
  impact?: 'degraded_performance' | 'partial_outage' | 'major_outage';
  serviceOf?: string;
  workaround?: string;
  events: DemoEvent[];
}

export async function incidentsDemo(ctx: AppContext, demo: DemoContext): Promise<void> {
  await dutyDemo(ctx, demo);
  const [{ n }] = (await ctx.db.select({ n: count() }).from(incidents)) as [{ n: number }];
  if (Number(n) > 0) return;
  const now = Date.now();
  const u = (k?: string) => (k ? (demo.users[k]?.id ?? null) : null);
  const o = (k?: string) => (k ? (demo.orgs[k]?.id ?? null) : null);
  const list: DemoIncident[] = [
    {
      title: 'Slow form submission in Altinn Apps / Treg innsending av skjema',
      description: 'Innsending av skjema tar 30–60 sekunder for våre kunder siden i morges. Gjelder flere apper.',
      category: 'B',
      ago: 25 * MIN,
      reporter: { user: 'vendorDev', org: 'fjordregnskap' },
      components: ['apps'],
      impact: 'degraded_performance',
      events: [
        { after: 3 * MIN, type: 'assigned', data: {}, actor: 'operatorAdmin' },
        { after: 8 * MIN, type: 'state', data: { from: 'new', to: 'investigating' }, body: 'Vi undersøker treg innsending av skjema i Altinn Apps. Innsendinger blir ikke borte, men kan ta opptil ett minutt.', visibility: 'public', actor: 'operatorAgent' },
      ],
      assignee: { user: 'operatorAgent' },
    },
    {
      title: 'Innlogging feiler for alle brukere i sluttbrukerløsningen',
      description: 'ID-porten-innlogging returnerer feil 500 etter pålogging.',
      category: 'A',
      ago: 5 * DAY + 3 * HOUR,
      reporter: { email: 'vakt@fjordregnskap.demo', name: 'Vakttelefon Fjord Regnskap', org: 'fjordregnskap' },
      assignee: { user: 'operatorAgent' },
      components: ['sbl'],
      events: [
        { after: 20 * MIN, type: 'state', data: { from: 'new', to: 'investigating' }, body: 'Vi undersøker feil ved innlogging.', visibility: 'public', actor: 'operatorAgent' },
        { after: 55 * MIN, type: 'state', data: { from: 'investigating', to: 'identified' }, body: 'Feilen er funnet i en sertifikatfornyelse.', visibility: 'public', actor: 'operatorAgent' },
        { after: 2 * HOUR + 40 * MIN, type: 'state', data: { from: 'identified', to: 'resolved' }, body: 'Innlogging virker igjen for alle.', visibility: 'public', actor: 'operatorAgent' },
        { after: 2 * HOUR + 40 * MIN, type: 'feedback', data: { to: ['vakt@fjordregnskap.demo'], outboxIds: [] }, body: 'Innlogging virker igjen for alle.', visibility: 'shared' },
      ],
    },
    {
      title: 'Vedlegg vises ikke i innboksen for MVA-meldingen',
      description: 'Vedlegg lastet opp i appen vises ikke i meldingsboksen. Innsending virker.',
      category: 'C',
      ago: 2 * DAY + 2 * HOUR,
      reporter: { user: 'skattMember', org: 'skatt' },
      assignee: { org: 'skatt' },
      serviceOf: 'skatt',
      components: ['apps'],
      workaround: 'Vedlegget kan lastes ned fra kvitteringssiden.',
      events: [
        { after: 2 * HOUR, type: 'state', data: { from: 'new', to: 'investigating' }, actor: 'operatorAgent', visibility: 'shared' },
        { after: 5 * HOUR, type: 'assigned', data: {}, actor: 'operatorAgent' },
        { after: 6 * HOUR, type: 'workaround', data: { on: true }, body: 'Vedlegget kan lastes ned fra kvitteringssiden.', actor: 'skattAdmin', visibility: 'shared' },
      ],
    },
    {
      title: 'Feil i tekst på kvitteringsside',
      description: 'Kvitteringssiden viser engelsk tekst for brukere med bokmål.',
      category: 'C',
      ago: 8 * DAY,
      reporter: { user: 'navAdmin', org: 'nav' },
      assignee: { user: 'operatorAgent' },
      components: ['sbl'],
      events: [{ after: 1 * DAY, type: 'state', data: { from: 'new', to: 'investigating' }, actor: 'operatorAgent', visibility: 'shared' }],
    },
    {
      title: 'Enkelte systembrukerforespørsler henger',
      description: 'Forespørsler om systembruker blir stående i «venter».',
      category: 'C',
      ago: 3 * HOUR,
      reporter: { user: 'vendor2Admin', org: 'lonnsmester' },
      events: [
        { after: 30 * MIN, type: 'category', data: { from: 'C', to: 'B' }, reason: 'Flere leverandører melder det samme; nye kunder kan ikke tas i bruk.', actor: 'operatorAgent', visibility: 'shared' },
        { after: 50 * MIN, type: 'responded', body: 'Feilsøking startet.', actor: 'operatorAgent', visibility: 'shared' },
      ],
    },
    {
      title: 'Treg respons i Altinn Studio ved publisering',
      description: 'Publisering av apper tar over 20 minutter.',
      category: 'B',
      ago: 33 * DAY,
      reporter: { user: 'navAdmin', org: 'nav' },
      assignee: { org: 'nav' },
      serviceOf: 'nav',
      events: [
        { after: 26 * HOUR, type: 'state', data: { from: 'new', to: 'investigating' }, actor: 'operatorAgent', visibility: 'shared' },
        { after: 3 * DAY, type: 'state', data: { from: 'investigating', to: 'resolved' }, body: 'Kapasiteten er økt.', actor: 'operatorAgent', visibility: 'public' },
      ],
    },
  ];

  let created = 0;
  list.sort((a, b) => b.ago - a.ago); // references in reporting order
  await ctx.db.transaction(async (tx) => {
    for (const d of list) {
      const reportedAt = new Date(now - d.ago);
      const lastCategory = [...d.events].reverse().find((e) => e.type === 'category');
      const states = d.events.filter((e) => e.type === 'state');
      const state = (states.at(-1)?.data?.to as string) ?? 'new';
      const responded = d.events.find((e) => e.type === 'responded' || e.type === 'state');
      const resolved = states.find((e) => e.data?.to === 'resolved');
      let serviceId: string | null = null;
      if (d.serviceOf && o(d.serviceOf)) {
        const [svc] = await tx.select({ id: services.id }).from(services).where(eq(services.orgId, o(d.serviceOf)!)).limit(1);
        serviceId = svc?.id ?? null;
      }
      const ref = await nextRef(tx, 'INC', reportedAt);
      const [inc] = await tx
        .insert(incidents)
        .values({
          ref,
          title: d.title,
          description: d.description,
          category: (lastCategory?.data?.to as string) ?? d.category,
          state,
          reportedAt,
          reporterUserId: u(d.reporter.user),
          reporterOrgId: o(d.reporter.org),
          reporterEmail: d.reporter.email ?? null,
          reporterName: d.reporter.name ?? null,
          assigneeUserId: u(d.assignee?.user),
          assigneeOrgId: o(d.assignee?.org),
          workaround: Boolean(d.workaround),
          workaroundText: d.workaround ?? null,
          components: d.components ?? [],
          impact: d.impact ?? null,
          respondedAt: responded ? new Date(reportedAt.getTime() + responded.after) : null,
          resolvedAt: resolved ? new Date(reportedAt.getTime() + resolved.after) : null,
          createdAt: reportedAt,
          updatedAt: new Date(reportedAt.getTime() + (d.events.at(-1)?.after ?? 0)),
        })
        .returning();
      if (serviceId) await tx.insert(incidentServices).values({ incidentId: inc!.id, serviceId });
      await tx.insert(incidentEvents).values({ incidentId: inc!.id, at: reportedAt, type: 'reported', data: { category: d.category }, visibility: 'shared', actorUserId: u(d.reporter.user), actorOrgId: o(d.reporter.org) });
      for (const e of d.events) {
        const data = e.type === 'assigned' ? { userId: u(d.assignee?.user), orgId: o(d.assignee?.org), fromUserId: null, fromOrgId: null } : (e.data ?? {});
        await tx.insert(incidentEvents).values({
          incidentId: inc!.id,
          at: new Date(reportedAt.getTime() + e.after),
          type: e.type,
          data,
          body: e.body ?? null,
          reason: e.reason ?? null,
          visibility: e.visibility ?? 'internal',
          actorUserId: u(e.actor),
        });
      }
      await refreshClocks(ctx, tx, inc!.id, now);
      if (d.impact || d.events.some((e) => e.visibility === 'public')) await syncIncidentStatus(ctx, tx, inc!.id, { publicChange: true, at: reportedAt });
      // The event stream shows the demo incidents too (subscribers and the pull API).
      const base = { ref, title: d.title, category: inc!.category, reporterOrgId: inc!.reporterOrgId, reporterUserId: inc!.reporterUserId };
      const common = { resource: `urn:samsvar:incident:${inc!.id}`, source: '/api/v1/incidents', orgId: inc!.reporterOrgId, visibility: inc!.reporterOrgId ? ('org' as const) : ('operators' as const) };
      await publishEvent(tx, ctx, { ...common, type: 'no.samsvar.incident.created', time: reportedAt, data: base });
      if (resolved) await publishEvent(tx, ctx, { ...common, type: 'no.samsvar.incident.resolved', time: new Date(reportedAt.getTime() + resolved.after), data: { ...base, resolvedAt: new Date(reportedAt.getTime() + resolved.after).toISOString(), message: resolved.body ?? null } });
      created++;
    }
  });
  demo.log(`incidents: ${created} demo incidents with SLA clocks (one B counting down, one A resolved, a C with a workaround, a breached C)`);
}
