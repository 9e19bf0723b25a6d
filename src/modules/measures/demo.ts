/**
 * Demo measures (idempotent: skipped when the table has rows): on the demo vendor Fjordregnskap, a throttle of
 * Altinn Melding in production that was lifted after a week, and one in force now — both for listing
 * correspondences far too often (T-1.2.8, T-2.2).
 */
import { count } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/index.ts';
import type { AppContext, DemoContext } from '../../platform/context.ts';
import { measures } from './tables.ts';

const DAY = 86_400_000;

export async function measuresDemo(ctx: AppContext, demo: DemoContext): Promise<void> {
  const [{ n }] = await ctx.db.select({ n: count() }).from(measures);
  if (n > 0) return;
  const vendor = demo.orgs.fjordregnskap;
  const operator = demo.users.operatorAgent;
  if (!vendor || !operator) return;
  const now = Date.now();
  const by = 'Sindre Servicedesk';
  await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .insert(measures)
      .values([
        {
          kind: 'throttle',
          orgId: vendor.id,
          vendorOrgId: vendor.id,
          product: 'correspondence',
          environment: 'production',
          rateRequests: 60,
          ratePerSeconds: 60,
          reason: 'Listet meldinger hvert sekund for å bygge en oversikt. Bruk Dialogporten til oversikten. / Listed correspondences every second to build an overview; use Dialogporten for the overview.',
          clause: 'T-1.2.8',
          startsAt: new Date(now - 40 * DAY),
          appliedAt: new Date(now - 40 * DAY),
          appliedBy: operator.id,
          appliedByName: by,
          liftedAt: new Date(now - 33 * DAY),
          liftedBy: operator.id,
          liftedByName: by,
          liftReason: 'Leverandøren har tatt i bruk Dialogporten. / The vendor now uses Dialogporten.',
        },
        {
          kind: 'throttle',
          orgId: vendor.id,
          vendorOrgId: vendor.id,
          product: 'correspondence',
          environment: 'production',
          rateRequests: 120,
          ratePerSeconds: 60,
          reason: 'Listingen av meldinger har økt igjen (over 2 000 kall i minuttet). / Listing of correspondences rose again (over 2,000 calls a minute).',
          clause: 'T-1.2.8',
          startsAt: new Date(now - 2 * DAY),
          appliedAt: new Date(now - 2 * DAY),
          appliedBy: operator.id,
          appliedByName: by,
        },
      ])
      .returning();
    for (const m of rows) {
      await appendAudit(tx, { actor: { userId: operator.id, label: operator.email }, orgId: vendor.id, action: 'measure.apply', targetType: 'measure', targetId: m.id, details: { demo: true, kind: m.kind, reason: m.reason } });
    }
  });
  demo.log('measures: a lifted and an active throttle of Altinn Melding on Fjordregnskap');
}
