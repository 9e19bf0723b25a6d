/**
 * Demo monitors (idempotent: each is added when no monitor of that name exists). The demo runs without internet, so
 * they check Samsvar's own endpoints at PUBLIC_URL; in demo mode (DEMO, set by `start --demo`) the monitors'
 * outbound guard allows that host (see monitorOutbound). Two platform monitors feed components of the policy, one
 * TCP monitor has no component, and Skatteetaten (a service owner) has one of its own (S-7.1.1).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { notifyChange } from '../../platform/changes/index.ts';
import type { AppContext, DemoContext } from '../../platform/context.ts';
import { findComponent } from '../components/catalogue.ts';
import { MONITORS_TOPIC } from './service.ts';
import { monitors } from './tables.ts';

export async function monitorsDemo(ctx: AppContext, demo: DemoContext): Promise<void> {
  const base = ctx.config.PUBLIC_URL.replace(/\/$/, '');
  const u = new URL(base);
  const hostPort = `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  const component = (id: string) => (findComponent(ctx.policy.policy, id) ? id : null);
  const skatt = demo.orgs.skatt?.id ?? null;
  const list: Array<typeof monitors.$inferInsert> = [
    {
      name: 'Samsvar – liveness (demo)',
      kind: 'http',
      target: `${base}/health/live`,
      keyword: 'ok',
      intervalSeconds: 30,
      timeoutMs: 5000,
      componentId: component('sbl'),
      orgId: null,
    },
    {
      name: 'Samsvar – readiness (demo)',
      kind: 'http',
      target: `${base}/health/ready`,
      intervalSeconds: 30,
      timeoutMs: 5000,
      degradedLatencyMs: 1500,
      componentId: component('apps'),
      orgId: null,
    },
    { name: 'Samsvar – TCP port (demo)', kind: 'tcp', target: hostPort, intervalSeconds: 60, timeoutMs: 3000, orgId: null },
    ...(skatt
      ? [{ name: 'Skattemelding-appen – helse (demo)', kind: 'http', target: `${base}/health/live`, method: 'GET', intervalSeconds: 60, timeoutMs: 5000, keyword: 'ok', orgId: skatt }]
      : []),
  ];
  let added = 0;
  await ctx.db.transaction(async (tx) => {
    for (const m of list) {
      const [existing] = await tx
        .select({ id: monitors.id })
        .from(monitors)
        .where(and(eq(monitors.name, m.name), m.orgId ? eq(monitors.orgId, m.orgId) : isNull(monitors.orgId)));
      if (existing) continue;
      // Timestamps in whole milliseconds (the prober compares updated_at with the Date it read).
      const now = new Date();
      const [row] = await tx.insert(monitors).values({ ...m, createdAt: now, updatedAt: now }).returning({ id: monitors.id });
      await notifyChange(tx, MONITORS_TOPIC, row!.id);
      added++;
    }
  });
  if (added) demo.log(`demo: ${added} monitors of ${base}`);
}
