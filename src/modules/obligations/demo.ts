/**
 * Demo data of the obligations (idempotent): Skatteetaten submitted its access review five months ago, NAV's is
 * overdue; Skatteetaten has data elements — two available, one overdue, one confirmed — and a pending deletion request.
 */
import { and, eq } from 'drizzle-orm';
import { authTables } from '../../platform/auth/index.ts';
import type { AppContext, DemoContext } from '../../platform/context.ts';
import { minus, plus } from '../registry/index.ts';
import { services } from '../registry/tables.ts';
import { accessReviews, dataElements, deletionRequests } from './tables.ts';

const { memberships, users } = authTables;
const days = (n: number) => ({ amount: n, unit: 'calendarDays' as const });
const months = (n: number) => ({ amount: n, unit: 'months' as const });

export async function obligationsDemo(ctx: AppContext, demo: DemoContext): Promise<void> {
  const now = new Date();
  const skatt = demo.orgs.skatt?.id;
  const nav = demo.orgs.nav?.id;
  if (!skatt || !nav) return;
  let added = 0;
  await ctx.db.transaction(async (tx) => {
    const [skattReview] = await tx.select({ id: accessReviews.id }).from(accessReviews).where(eq(accessReviews.orgId, skatt)).limit(1);
    if (!skattReview) {
      const submittedAt = minus(now, months(5));
      const members = await tx
        .select({ name: users.name, email: users.email, role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.orgId, skatt));
      await tx.insert(accessReviews).values({
        orgId: skatt,
        periodStart: minus(submittedAt, months(6)),
        dueAt: plus(submittedAt, days(10)),
        submittedAt,
        submittedBy: demo.users.skattAdmin?.id ?? null,
        entries: [...members.map((m) => ({ ...m, active: true })), { name: 'Tidligere konsulent', email: 'konsulent@skatt.demo', role: 'Altinn Studio', active: false }],
        note: 'Konsulenten sluttet i mars; tilgangen i Altinn Studio er fjernet.',
        createdAt: minus(submittedAt, months(6)),
      });
      added++;
    }
    const [navReview] = await tx.select({ id: accessReviews.id }).from(accessReviews).where(eq(accessReviews.orgId, nav)).limit(1);
    if (!navReview) {
      await tx.insert(accessReviews).values({ orgId: nav, periodStart: minus(now, months(7)), dueAt: minus(now, months(1)), createdAt: minus(now, months(7)) });
      added++;
    }

    const [mva] = await tx.select({ id: services.id }).from(services).where(eq(services.resourceId, 'urn:altinn:resource:app_skd_mva-melding'));
    const els = [
      { ref: '1c7e5a2b-7f3d-4a61-9e0b-3d5f8a2c4e01', instance: '50012345/0a8e1c7d-2b4f-4c3a-9d1e-6f7a8b9c0d11', at: minus(now, days(2)), status: 'available' },
      { ref: '2d8f6b3c-8a4e-4b72-af1c-4e6a9b3d5f02', instance: '50012346/1b9f2d8e-3c5a-4d4b-8e2f-7a8b9c0d1e22', at: minus(now, days(1)), status: 'available', deletion: true },
      { ref: '3e9a7c4d-9b5f-4c83-b02d-5f7b0c4e6a03', instance: '50012347/2c0a3e9f-4d6b-4e5c-9f3a-8b9c0d1e2f33', at: minus(now, days(10)), status: 'available' },
      { ref: '4fab8d5e-ac6a-4d94-813e-6a8c1d5f7b04', instance: '50012348/3d1b4fa0-5e7c-4f6d-a04b-9c0d1e2f3a44', at: minus(now, days(20)), status: 'confirmed' },
    ];
    for (const e of els) {
      const [exists] = await tx.select({ id: dataElements.id }).from(dataElements).where(and(eq(dataElements.orgId, skatt), eq(dataElements.elementRef, e.ref)));
      if (exists) continue;
      const confirmed = e.status === 'confirmed' ? plus(e.at, days(1)) : null;
      const [row] = await tx
        .insert(dataElements)
        .values({
          orgId: skatt,
          serviceId: mva?.id ?? null,
          instanceRef: e.instance,
          elementRef: e.ref,
          madeAvailableAt: e.at,
          status: e.status,
          downloadedAt: confirmed,
          confirmedAt: confirmed,
          confirmedBy: confirmed ? (demo.users.skattMember?.id ?? null) : null,
        })
        .returning({ id: dataElements.id });
      if (e.deletion) {
        await tx.insert(deletionRequests).values({
          elementId: row.id,
          orgId: skatt,
          reasonKind: 'mistake',
          reason: 'Vedlegget tilhører en annen skattyter og ble lastet opp ved en feil i innsendingen.',
          requestedBy: demo.users.skattAdmin?.id ?? null,
          requestedAt: minus(now, { amount: 0, unit: 'calendarDays' }),
        });
      }
      added++;
    }
  });
  if (added) demo.log(`demo: obligations (${added} access reviews and data elements added)`);
}
