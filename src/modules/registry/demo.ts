/**
 * Demo data of the registry (idempotent: rows are found by their natural keys and left alone when present).
 * Contacts for every demo organisation (one of Lønnsmester's stale), the vendors' systems, and services of
 * Skatteetaten, NAV and Brønnøysundregistrene in the states the portal should show.
 */
import { and, eq } from 'drizzle-orm';
import type { AppContext, DemoContext } from '../../platform/context.ts';
import { minus } from './notify.ts';
import { contacts, serviceAssessments, services, systemClients, systemProducts, vendorSystems } from './tables.ts';

const ago = (now: Date, amount: number, unit: 'calendarDays' | 'months') => minus(now, { amount, unit });

export async function registryDemo(ctx: AppContext, demo: DemoContext): Promise<void> {
  const now = new Date();
  const o = demo.orgs;
  const contactRows: Array<{ org: string; name: string; role: string; email: string; phone?: string; confirmed: Date }> = [
    { org: 'digdir', name: 'Driftssenteret ASF', role: 'technical', email: 'drift@digdir.demo', phone: '+47 22 00 00 00', confirmed: ago(now, 2, 'months') },
    { org: 'skatt', name: 'Tone Tjenesteeier', role: 'serviceManager', email: 'admin@skatt.demo', phone: '+47 800 80 000', confirmed: ago(now, 3, 'months') },
    { org: 'skatt', name: 'Sikkerhetsteamet', role: 'security', email: 'sikkerhet@skatt.demo', confirmed: ago(now, 6, 'months') },
    { org: 'nav', name: 'Nina Nav', role: 'serviceManager', email: 'admin@nav.demo', confirmed: ago(now, 4, 'months') },
    { org: 'nav', name: 'Brukerstøtte NAV', role: 'support', email: 'brukerstotte@nav.demo', phone: '+47 55 55 33 33', confirmed: ago(now, 335, 'calendarDays') },
    { org: 'brreg', name: 'Teknisk kontakt', role: 'technical', email: 'teknisk@brreg.demo', confirmed: ago(now, 1, 'months') },
    { org: 'fjordregnskap', name: 'Lars Leverandør', role: 'signatory', email: 'admin@fjordregnskap.demo', confirmed: ago(now, 1, 'months') },
    { org: 'fjordregnskap', name: 'Kari Koder', role: 'technical', email: 'dev@fjordregnskap.demo', phone: '+47 400 00 001', confirmed: ago(now, 2, 'months') },
    { org: 'lonnsmester', name: 'Per Lønn', role: 'signatory', email: 'admin@lonnsmester.demo', confirmed: ago(now, 5, 'months') },
    { org: 'lonnsmester', name: 'Drift Lønnsmester', role: 'technical', email: 'drift@lonnsmester.demo', confirmed: ago(now, 13, 'months') },
  ];
  let added = 0;
  await ctx.db.transaction(async (tx) => {
    for (const c of contactRows) {
      const orgId = o[c.org]?.id;
      if (!orgId) continue;
      const [exists] = await tx.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.orgId, orgId), eq(contacts.email, c.email)));
      if (exists) continue;
      await tx.insert(contacts).values({ orgId, name: c.name, role: c.role, email: c.email, phone: c.phone ?? null, lastConfirmedAt: c.confirmed, createdAt: c.confirmed, updatedAt: c.confirmed });
      added++;
    }

    const systems = [
      {
        org: 'fjordregnskap',
        name: 'fjordregnskap',
        description: { nb: 'Regnskapssystem for små og mellomstore bedrifter.', en: 'Accounting system for small and medium-sized businesses.' },
        clientIds: ['3f6c1e8a-5b2d-4c7e-9a10-7d2a4b6c8e01'],
        products: [
          { product: 'dialogporten', purpose: 'Vise kundenes dialoger med det offentlige i regnskapssystemet.' },
          { product: 'correspondence', purpose: 'Lese og bekrefte meldinger fra Skatteetaten på vegne av kundene.' },
          { product: 'systemuser', purpose: 'Be kundene om systembruker for å handle på deres vegne.' },
        ],
      },
      {
        org: 'lonnsmester',
        name: 'lonn',
        description: { nb: 'Lønnssystem med a-melding.', en: 'Payroll system with the a-melding.' },
        clientIds: ['9b1e2c3d-4f50-4a6b-8c7d-1e2f3a4b5c6d'],
        products: [
          { product: 'broker', purpose: 'Sende store lønnsfiler sikkert til mottakere gjennom Formidling.' },
          { product: 'events', purpose: 'Abonnere på hendelser i stedet for å polle etter svar på innsendinger.' },
        ],
      },
    ];
    for (const sys of systems) {
      const org = o[sys.org];
      if (!org) continue;
      const id = `${org.orgNumber}_${sys.name}`;
      const [exists] = await tx.select({ id: vendorSystems.id }).from(vendorSystems).where(eq(vendorSystems.id, id));
      if (exists) continue;
      await tx.insert(vendorSystems).values({ id, orgId: org.id, name: sys.name, description: sys.description });
      await tx.insert(systemClients).values(sys.clientIds.map((clientId) => ({ clientId, systemId: id }))).onConflictDoNothing();
      await tx.insert(systemProducts).values(sys.products.map((p) => ({ systemId: id, ...p })));
      added++;
    }

    const svc: Array<{
      org: string;
      resourceId: string;
      name: string;
      kind: string;
      lifecycle: string;
      since: Date;
      library?: string;
      lastTraffic?: Date;
      traffic?: number;
      reviewed: Date;
      supportEmail?: string;
      assessment?: { kind: string; on: Date; link: string };
    }> = [
      {
        org: 'skatt',
        resourceId: 'urn:altinn:resource:app_skd_mva-melding',
        name: 'Skattemelding for merverdiavgift',
        kind: 'app',
        lifecycle: 'production',
        since: ago(now, 30, 'months'),
        library: '8.2.1',
        lastTraffic: ago(now, 0, 'calendarDays'),
        traffic: 1_284_311,
        reviewed: ago(now, 4, 'months'),
        supportEmail: 'mva@skatt.demo',
        assessment: { kind: 'security', on: ago(now, 3, 'months'), link: 'https://skatt.demo/dokumenter/mva-melding/sikkerhetsvurdering' },
      },
      {
        org: 'skatt',
        resourceId: 'urn:altinn:resource:app_skd_skattemelding',
        name: 'Skattemelding for personer',
        kind: 'app',
        lifecycle: 'production',
        since: ago(now, 40, 'months'),
        library: '7.14.0',
        lastTraffic: ago(now, 1, 'calendarDays'),
        traffic: 3_902_117,
        reviewed: ago(now, 11, 'months'),
        supportEmail: 'skattemelding@skatt.demo',
      },
      {
        org: 'skatt',
        resourceId: 'urn:altinn:resource:app_skd_formuesgrunnlag',
        name: 'Formuesgrunnlag for bolig',
        kind: 'app',
        lifecycle: 'planned',
        since: ago(now, 1, 'months'),
        reviewed: ago(now, 1, 'months'),
      },
      {
        org: 'nav',
        resourceId: 'urn:altinn:resource:nav_sykepengesoknad',
        name: 'Søknad om sykepenger',
        kind: 'correspondence',
        lifecycle: 'production',
        since: ago(now, 36, 'months'),
        lastTraffic: ago(now, 8, 'months'),
        traffic: 48_210,
        reviewed: ago(now, 14, 'months'),
        supportEmail: 'brukerstotte@nav.demo',
      },
      {
        org: 'brreg',
        resourceId: 'urn:altinn:resource:brg_samordnet-registermelding',
        name: 'Samordnet registermelding',
        kind: 'app',
        lifecycle: 'production',
        since: ago(now, 20, 'months'),
        library: '8.1.0',
        lastTraffic: ago(now, 0, 'calendarDays'),
        traffic: 211_004,
        reviewed: ago(now, 2, 'months'),
      },
    ];
    for (const x of svc) {
      const orgId = o[x.org]?.id;
      if (!orgId) continue;
      const [exists] = await tx.select({ id: services.id }).from(services).where(eq(services.resourceId, x.resourceId));
      if (exists) continue;
      const [row] = await tx
        .insert(services)
        .values({
          orgId,
          resourceId: x.resourceId,
          name: x.name,
          kind: x.kind,
          lifecycle: x.lifecycle,
          lifecycleChangedAt: x.since,
          notifiedAt: x.lifecycle === 'planned' ? null : minus(x.since, { amount: 14, unit: 'calendarDays' }),
          about: { description: { nb: x.name }, ...(x.supportEmail ? { supportEmail: x.supportEmail } : {}) },
          aboutReviewedAt: x.reviewed,
          libraryVersion: x.library ?? null,
          libraryReportedAt: x.library ? ago(now, 2, 'calendarDays') : null,
          lastTrafficAt: x.lastTraffic ?? null,
          trafficCount: x.traffic ?? 0,
          createdAt: minus(x.since, { amount: 2, unit: 'months' }),
        })
        .returning({ id: services.id });
      if (x.assessment) {
        await tx.insert(serviceAssessments).values({
          serviceId: row.id,
          kind: x.assessment.kind,
          assessedOn: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(x.assessment.on),
          link: x.assessment.link,
        });
      }
      added++;
    }
  });
  if (added) demo.log(`demo: registry (${added} contacts, systems and services added)`);
}
