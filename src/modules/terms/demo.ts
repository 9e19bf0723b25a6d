/**
 * Demo data of the terms module (idempotent). The terms text here is a short DEMONSTRATION summary written for the
 * demo, clearly marked as such — Digdir's authoritative text is published with `samsvar terms publish --file`.
 *
 * Two demonstration versions: the earlier one (a year ago) accepted by both demo vendors, the current one (three
 * weeks ago) accepted by Fjordregnskap only, so Lønnsmester is inside the grace period with a warning until the
 * deadline (then refused). Test results per product; a service owner's conditions on Skatteetaten's MVA service
 * when the registry's demo data has created it.
 */
import { and, eq } from 'drizzle-orm';
import { addCalendarDuration, formatInstant } from '../../kernel/worktime/index.ts';
import type { AppContext, DemoContext } from '../../platform/context.ts';
import { services } from '../registry/tables.ts';
import { publishCondition, publishVersion, recordAcceptance, recordConditionAcceptance } from './service.ts';
import { accessSettings, invalidateAccess } from './snapshot.ts';
import { conditionAcceptances, productTests, serviceConditions, termsAcceptances, termsVersions } from './tables.ts';

export const DEMO_TITLE = 'Bruksvilkår for sluttbrukersystemleverandører (demonstrasjon)';
export const DEMO_MVA_RESOURCE = 'urn:altinn:resource:app_skd_mva-melding';

const DAY = 86_400_000;

function demoText(edition: string, extra: string[] = []): string {
  return [
    `# ${DEMO_TITLE}`,
    '',
    `> **Demonstrasjon (${edition}).** Dette er et kort sammendrag skrevet for demodataene i Samsvar. Det er ikke`,
    '> Digdirs vilkårstekst og binder ingen. Den gjeldende teksten publiseres av Digdir.',
    '> *Demonstration: a short summary written for Samsvar\'s demo data; not Digdir\'s text and binding on no one.*',
    '',
    '## 1. Aksept før produksjon',
    'En person som kan signere for leverandøren, aksepterer vilkårene før systemet tas i bruk mot produksjon.',
    '',
    '## 2. Leverandørens ansvar',
    '- Leverandøren opptrer for sine kunder og har avtaler med dem som dekker bruken.',
    '- Leverandøren styrer tilgangen i sitt eget system.',
    '- Autentisering skjer med Maskinporten og/eller ID-porten, og vilkårene for disse er akseptert.',
    '- API-ene brukes bare til offentlige oppgaver og formålene leverandøren har oppgitt for hvert produkt.',
    '- Systemet testes i testmiljøet før produksjon.',
    '- Tjenesteeieres egne vilkår for en tjeneste følges.',
    '- Kall holdes på et rimelig nivå; hendelser foretrekkes framfor polling.',
    '- Kontaktinformasjonen holdes oppdatert, og hendelser som kan påvirke plattformen meldes straks.',
    '',
    '## 3. Tilsyn og brudd',
    'Digdir kan be om logger som gjelder integrasjonen. Ved alvorlige brudd kan integrasjonen stenges; ellers varsles det først med frist for retting.',
    '',
    '## 4. Endringer og oppsigelse',
    'Digdir kan endre vilkårene og fører endringslogg. Leverandøren kan si opp med tre måneders varsel.',
    ...extra,
    '',
  ].join('\n');
}

export async function loadTermsDemo(ctx: AppContext, demo: DemoContext): Promise<void> {
  const now = Date.now();
  const fjord = demo.orgs.fjordregnskap;
  const lonn = demo.orgs.lonnsmester;
  const vendorAdmin = demo.users.vendorAdmin;
  const vendor2Admin = demo.users.vendor2Admin;
  if (!fjord || !lonn || !vendorAdmin || !vendor2Admin) return;
  let changed = false;
  let currentEffective = now;

  await ctx.db.transaction(async (tx) => {
    const ensureVersion = async (version: string, effectiveAt: number, text: string, changeLog: string) => {
      const [existing] = await tx.select().from(termsVersions).where(eq(termsVersions.version, version));
      if (existing) return existing;
      changed = true;
      const res = await publishVersion(ctx, null, { version, title: DEMO_TITLE, text, effectiveAt: new Date(effectiveAt), changeLog, demo: true }, { tx, actorLabel: 'demo' });
      const [row] = await tx.select().from(termsVersions).where(eq(termsVersions.id, res.version.id));
      return row;
    };
    const v1 = await ensureVersion('2025-demo', now - 400 * DAY, demoText('2025'), 'Demonstrasjon: første versjon. / Demonstration: first version.');
    const v2 = await ensureVersion(
      '2026-demo',
      now - 20 * DAY,
      demoText('2026', ['', '## 5. Tjenesteeieres vilkår', 'Nytt i denne versjonen: tilgang til en tjeneste med egne vilkår krever at leverandøren har akseptert dem.']),
      'Demonstrasjon: nytt punkt 5 om tjenesteeieres vilkår. / Demonstration: new section 5 on service owners\u2019 conditions.',
    );
    currentEffective = v2.effectiveAt.getTime();
    const ensureAcceptance = async (orgId: string, v: typeof v1, user: { id: string; email: string }, name: string, daysAfter: number) => {
      const [a] = await tx.select({ id: termsAcceptances.id }).from(termsAcceptances).where(and(eq(termsAcceptances.orgId, orgId), eq(termsAcceptances.versionId, v.id)));
      if (a) return;
      changed = true;
      const acceptedAt = new Date(Math.min(now - DAY, v.effectiveAt.getTime() + daysAfter * DAY));
      await recordAcceptance(ctx, tx, { orgId, version: v, signer: { id: user.id, name, email: user.email }, clientIp: '192.0.2.10', acceptedAt, actorLabel: 'demo' });
    };
    await ensureAcceptance(fjord.id, v1, vendorAdmin, 'Lars Leverandør', 5);
    await ensureAcceptance(lonn.id, v1, vendor2Admin, 'Per Lønn', 9);
    await ensureAcceptance(fjord.id, v2, vendorAdmin, 'Lars Leverandør', 3);

    // Test before production (T-1.2.3), matching the products the registry demo registers: Fjordregnskap has tested
    // Dialogporten and Systembruker and Digdir approved Melding; Lønnsmester has tested Events but not yet Formidling.
    const tests: Array<{ orgId: string; product: string; calls: number; approved?: boolean }> = [
      { orgId: fjord.id, product: 'dialogporten', calls: 42 },
      { orgId: fjord.id, product: 'systemuser', calls: 15 },
      { orgId: fjord.id, product: 'correspondence', calls: 2, approved: true },
      { orgId: lonn.id, product: 'events', calls: 12 },
      { orgId: lonn.id, product: 'broker', calls: 4 },
    ];
    for (const t of tests) {
      const inserted = await tx
        .insert(productTests)
        .values({
          orgId: t.orgId,
          product: t.product,
          successfulTestCalls: t.calls,
          lastTestCallAt: new Date(now - 10 * DAY),
          approvedAt: t.approved ? new Date(now - 30 * DAY) : null,
          approvedBy: t.approved ? (demo.users.operatorAdmin?.id ?? null) : null,
        })
        .onConflictDoNothing()
        .returning({ orgId: productTests.orgId });
      if (inserted.length) changed = true;
    }

    // A service owner's conditions (T-1.2.5) on Skatteetaten's MVA service, once the registry demo has created it.
    const [mva] = await tx.select({ id: services.id }).from(services).where(eq(services.resourceId, DEMO_MVA_RESOURCE));
    if (mva) {
      let [cond] = await tx.select().from(serviceConditions).where(eq(serviceConditions.serviceId, mva.id));
      if (!cond) {
        changed = true;
        await publishCondition(
          ctx,
          null,
          mva.id,
          '# Skatteetatens vilkår for MVA-meldingen (demonstrasjon)\n\n' +
            '- Sluttbrukersystemet validerer MVA-meldingen mot Skatteetatens valideringstjeneste før innsending.\n' +
            '- Innsending skjer bare etter at den næringsdrivende selv har godkjent meldingen i systemet.\n' +
            '- Feil i innsendte meldinger meldes til Skatteetaten uten ugrunnet opphold.\n\n' +
            '*Demonstration: conditions written for the demo data.*\n',
          { tx, actorLabel: 'demo' },
        );
        [cond] = await tx.select().from(serviceConditions).where(eq(serviceConditions.serviceId, mva.id));
      }
      const [acc] = await tx.select({ id: conditionAcceptances.id }).from(conditionAcceptances).where(and(eq(conditionAcceptances.conditionId, cond.id), eq(conditionAcceptances.orgId, fjord.id)));
      if (!acc) {
        changed = true;
        await recordConditionAcceptance(ctx, tx, { orgId: fjord.id, condition: cond, signer: { id: vendorAdmin.id, name: 'Lars Leverandør', label: 'demo' }, clientIp: '192.0.2.10' });
      }
    }
  });
  if (changed) {
    invalidateAccess(ctx);
    await ctx.mail.kick();
  }
  const graceEnd = addCalendarDuration(currentEffective, accessSettings(ctx.policy.policy).grace);
  demo.log(`terms: demonstration versions 2025-demo and 2026-demo; Fjordregnskap accepted both, Lønnsmester must accept 2026-demo by ${formatInstant(graceEnd).slice(0, 10)}`);
}
