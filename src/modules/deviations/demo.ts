/**
 * Demo data of deviation cases (idempotent: contacts are found by level, side and e-mail, cases by title).
 * The operator side's contacts for every level of the ladder and Skatteetaten's own for the two lowest; an open
 * operator-side case that has climbed to the service managers with its history; and an open case where Skatteetaten
 * is the party that failed. When breached incident clocks in no case exist (the incidents demo), the first case
 * takes one of them. No mail is sent: the history records the contacts as the demo's.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext, DemoContext } from '../../platform/context.ts';
import { incidentClocks } from '../incidents/tables.ts';
import { ladder, nextRef } from './service.ts';
import { deviationCases, deviationEvents, deviationItems, escalationContacts } from './tables.ts';

const DAY = 86400_000;

export async function deviationsDemo(ctx: AppContext, demo: DemoContext): Promise<void> {
  const levels = ladder(ctx).map((l) => l.id);
  const has = (id: string) => levels.includes(id);
  const skatt = demo.orgs.skatt?.id ?? null;
  const admin = demo.users.operatorAdmin?.id ?? null;
  const agent = demo.users.operatorAgent?.id ?? null;
  const now = Date.now();
  let added = 0;

  const contactRows: Array<{ level: string; orgId: string | null; name: string; email: string; phone?: string }> = [
    { level: 'operations', orgId: null, name: 'Driftssenteret ASF', email: 'drift@digdir.demo', phone: '+47 22 00 00 00' },
    { level: 'serviceManagers', orgId: null, name: 'Siri Serviceleder (ASF)', email: 'serviceleder@digdir.demo', phone: '+47 22 00 00 10' },
    { level: 'sectionHead', orgId: null, name: 'Seksjonsleder Forvaltning og tjenesterealisering', email: 'seksjonsleder@digdir.demo' },
    { level: 'director', orgId: null, name: 'Avdelingsdirektør', email: 'direktor@digdir.demo' },
    ...(skatt
      ? [
          { level: 'operations', orgId: skatt, name: 'Driftsvakt Skatteetaten', email: 'drift@skatt.demo', phone: '+47 800 80 001' },
          { level: 'serviceManagers', orgId: skatt, name: 'Tone Tjenesteeier', email: 'admin@skatt.demo', phone: '+47 800 80 000' },
        ]
      : []),
  ].filter((c) => has(c.level));

  await ctx.db.transaction(async (tx) => {
    for (const c of contactRows) {
      const [exists] = await tx
        .select({ id: escalationContacts.id })
        .from(escalationContacts)
        .where(and(eq(escalationContacts.level, c.level), c.orgId ? eq(escalationContacts.orgId, c.orgId) : isNull(escalationContacts.orgId), eq(escalationContacts.email, c.email)));
      if (exists) continue;
      await tx.insert(escalationContacts).values({ level: c.level, orgId: c.orgId, name: c.name, email: c.email, phone: c.phone ?? null });
      added++;
    }
    const mailedAt = (level: string, orgId: string | null) =>
      contactRows.filter((c) => c.level === level && (c.orgId === null || c.orgId === orgId)).map((c) => ({ name: c.name, email: c.email, side: c.orgId ? 'serviceOwner' : 'operator', orgId: c.orgId }));
    const notified = (level: string, orgId: string | null) => ({ notified: { level, mailed: mailedAt(level, orgId), missingContacts: [], inbox: 0 }, demo: true });

    // 1. The operator side failed B response times repeatedly; escalated once, to the service managers.
    const t1 = 'Gjentatte brudd på responstid for B-hendelser';
    const [c1] = await tx.select({ id: deviationCases.id }).from(deviationCases).where(eq(deviationCases.title, t1));
    if (!c1 && has('operations') && has('serviceManagers')) {
      const opened = new Date(now - 20 * DAY);
      const escalated = new Date(now - 6 * DAY);
      const [row] = await tx
        .insert(deviationCases)
        .values({
          ref: await nextRef(tx, opened),
          title: t1,
          description:
            'Arbeidet med B-hendelser kom i gang senere enn én time i servicedeskens åpningstid tre ganger på seks uker. Tjenesteeierne som ble rammet, har bedt om en plan.',
          clauses: ['S-2.2.2'],
          party: 'operator',
          orgId: null,
          level: 'serviceManagers',
          status: 'open',
          openedBy: agent,
          openedAt: opened,
          updatedAt: escalated,
        })
        .returning();
      // a breached clock of the incidents demo, when there is one in no case
      const [clock] = await tx
        .select()
        .from(incidentClocks)
        .where(
          and(
            eq(incidentClocks.status, 'breached'),
            sql`not exists (select 1 from deviation_items d where d.incident_id = "incident_clocks"."incident_id" and d.target_id = "incident_clocks"."target_id")`,
          ),
        )
        .limit(1);
      if (clock) {
        await tx.insert(deviationItems).values({
          caseId: row.id,
          incidentId: clock.incidentId,
          targetId: clock.targetId,
          occurredAt: clock.breachedAt ?? clock.dueAt ?? clock.computedAt,
          addedBy: agent,
          addedAt: opened,
        });
      }
      await tx.insert(deviationEvents).values([
        { caseId: row.id, at: opened, type: 'opened', toLevel: 'operations', data: notified('operations', null), actorUserId: agent },
        {
          caseId: row.id,
          at: new Date(now - 13 * DAY),
          type: 'note',
          data: { body: 'Driftssenteret har lagt inn ekstra bemanning i servicedesken mellom 08 og 10. Vi følger med de neste to ukene.' },
          actorUserId: agent,
        },
        {
          caseId: row.id,
          at: escalated,
          type: 'escalated',
          fromLevel: 'operations',
          toLevel: 'serviceManagers',
          reason: 'Nytt brudd etter tiltaket; avviket er gjentatt og må løses av servicelederne.',
          data: notified('serviceManagers', null),
          actorUserId: admin,
        },
      ]);
      added++;
    }

    // 2. Skatteetaten did not report status on a B error assigned to it (S-7.3.3).
    const t2 = 'Manglende statusrapportering på B-feil tildelt Skatteetaten';
    const [c2] = await tx.select({ id: deviationCases.id }).from(deviationCases).where(eq(deviationCases.title, t2));
    if (!c2 && skatt && has('operations')) {
      const opened = new Date(now - 4 * DAY);
      const [row] = await tx
        .insert(deviationCases)
        .values({
          ref: await nextRef(tx, opened),
          title: t2,
          description: 'To B-feil i skattemeldingen tildelt Skatteetaten fikk ikke statusoppdatering før fristen. Tjenesteeieren skal rapportere status på A- og B-feil de selv må rette.',
          clauses: ['S-7.3.3'],
          party: 'serviceOwner',
          orgId: skatt,
          level: 'operations',
          status: 'open',
          openedBy: agent,
          openedAt: opened,
          updatedAt: opened,
        })
        .returning();
      await tx.insert(deviationEvents).values([
        { caseId: row.id, at: opened, type: 'opened', toLevel: 'operations', data: notified('operations', skatt), actorUserId: agent },
        {
          caseId: row.id,
          at: new Date(now - 2 * DAY),
          type: 'note',
          data: { body: 'Vi har fått på plass en fast rutine for statusoppdatering i driftsvakta.', byOrgId: skatt },
          actorUserId: demo.users.skattAdmin?.id ?? null,
        },
      ]);
      added++;
    }
  });
  if (added) demo.log(`demo: deviations (${added} escalation contacts and cases added)`);
}
