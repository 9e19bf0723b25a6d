/**
 * Demo call efficiency (idempotent: skipped when the demo vendor has usage): two weeks of calls of Fjordregnskap on
 * Dialogporten and Formidling in both environments, and one open polling finding at level 2 (warned) on the broker's
 * file-transfer status, with the event types to subscribe to instead.
 */
import { eq } from 'drizzle-orm';
import type { AppContext, DemoContext } from '../../platform/context.ts';
import { pollingFindings, usageDaily } from './tables.ts';

const DAY = 86_400_000;
const STATUS_ROUTE = 'GET /broker/api/v1/filetransfer/{fileTransferId}';

export async function usageDemo(ctx: AppContext, demo: DemoContext): Promise<void> {
  const vendor = demo.orgs.fjordregnskap;
  if (!vendor) return;
  const [any] = await ctx.db.select({ day: usageDaily.day }).from(usageDaily).where(eq(usageDaily.vendorOrgId, vendor.id)).limit(1);
  if (any) return;
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const rows: (typeof usageDaily.$inferInsert)[] = [];
  for (let i = 13; i >= 0; i--) {
    const day = new Date(today - i * DAY).toISOString().slice(0, 10);
    const weekend = [0, 6].includes(new Date(today - i * DAY).getUTCDay());
    const k = weekend ? 0.3 : 1;
    rows.push(
      { day, vendorOrgId: vendor.id, env: 'production', product: 'dialogporten', route: 'GET /dialogporten/api/v1/enduser/dialogs', calls: Math.round(4200 * k) + i * 17, unchanged: Math.round(900 * k), polling: 0 },
      { day, vendorOrgId: vendor.id, env: 'production', product: 'broker', route: STATUS_ROUTE, calls: Math.round(8640 * k) + i * 3, unchanged: Math.round(8400 * k), polling: Math.round(8200 * k), rateLimited: i % 5 === 0 ? 12 : 0 },
      { day, vendorOrgId: vendor.id, env: 'production', product: 'broker', route: 'POST /broker/api/v1/filetransfer/{fileTransferId}/confirmdownload', calls: Math.round(140 * k), unchanged: 0, polling: 0 },
      { day, vendorOrgId: vendor.id, env: 'test', product: 'broker', route: STATUS_ROUTE, calls: Math.round(300 * k), unchanged: Math.round(120 * k), polling: 0, refused: 2 },
    );
  }
  const now = Date.now();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(usageDaily).values(rows);
    await tx.insert(pollingFindings).values({
      vendorOrgId: vendor.id,
      env: 'production',
      product: 'broker',
      route: STATUS_ROUTE,
      eventTypes: ['no.altinn.broker.published', 'no.altinn.broker.downloadconfirmed', 'no.altinn.broker.allconfirmeddownloaded'],
      samplePath: '/broker/api/v1/filetransfer/0f3c5b1e-7a2d-4c1e-9b8a-5d6e7f809a1b',
      resources: 38,
      reads: 96_400,
      unchanged: 95_100,
      intervalMs: 10_000,
      level: 2,
      levelSince: new Date(now - 3 * DAY),
      notifiedLevel: 2,
      firstSeenAt: new Date(now - 10 * DAY),
      lastSeenAt: new Date(now - 20 * 60_000),
    });
  });
  demo.log('usage: two weeks of calls for Fjordregnskap and one polling finding (level 2) on the broker status');
}
