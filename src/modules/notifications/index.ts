/**
 * Notifications [T-1.2.4]: one service for every module — preferences per user (and organisation) and type, e-mail
 * or the portal inbox or nothing, digests, unsubscribe links, texts in bokmål and English. The machinery is
 * src/platform/notify (registry, catalogue, notifier, digests); this module is its HTTP surface, its worker and its
 * jobs:
 *
 * - worker role: the notifier loop — a round at start, every 5 seconds and at once when an event is published
 *   (`publishEvent` raises the `events` change notice);
 * - `notifications.notify` (every minute): a safety net that drains the notifier too (e.g. while no worker runs
 *   the loop; rounds are exclusive through the cursor row, so both never double-notify);
 * - `notifications.digest-daily` (07:00 Oslo time) and `notifications.digest-weekly` (Monday 07:00).
 *
 * This file is the module's only public surface.
 */
import type { AppContext, SamsvarModule } from '../../platform/context.ts';
import { defineJob, type JobDef } from '../../platform/jobs/index.ts';
import { drainNotifier, sendDigests, startNotifierLoop } from '../../platform/notify/index.ts';
import { notificationRoutes } from './routes.ts';

export const NOTIFY_JOB = 'notifications.notify';
export const DIGEST_DAILY_JOB = 'notifications.digest-daily';
export const DIGEST_WEEKLY_JOB = 'notifications.digest-weekly';

export function notificationJobs(ctx: AppContext): JobDef<any>[] {
  return [
    defineJob<{}>({
      name: NOTIFY_JOB,
      cron: '* * * * *',
      retryLimit: 1,
      doc: 'Notifier safety net [T-1.2.4]: tells users of new events by e-mail, in the inbox or in digests, per their preferences (the worker’s loop does this every 5 s and on each event notice).',
      handler: async () => {
        const r = await drainNotifier(ctx);
        if (r.events) ctx.log.info({ job: NOTIFY_JOB, ...r }, 'notifier caught up');
      },
    }),
    defineJob<{ at?: string }>({
      name: DIGEST_DAILY_JOB,
      cron: '0 7 * * *',
      retryLimit: 3,
      doc: 'Daily digest of notifications (07:00 Oslo time): one mail per user listing the waiting items in their language; the items are then deleted.',
      handler: async (p) => {
        const r = await sendDigests(ctx, 'daily', { at: p.at ? new Date(p.at) : undefined });
        if (r.mails) ctx.log.info({ job: DIGEST_DAILY_JOB, ...r }, 'daily digests sent');
      },
    }),
    defineJob<{ at?: string }>({
      name: DIGEST_WEEKLY_JOB,
      cron: '0 7 * * 1',
      retryLimit: 3,
      doc: 'Weekly digest of notifications (Monday 07:00 Oslo time): one mail per user listing the waiting items; the items are then deleted.',
      handler: async (p) => {
        const r = await sendDigests(ctx, 'weekly', { at: p.at ? new Date(p.at) : undefined });
        if (r.mails) ctx.log.info({ job: DIGEST_WEEKLY_JOB, ...r }, 'weekly digests sent');
      },
    }),
  ];
}

export const notificationsModule: SamsvarModule = {
  name: 'notifications',
  routes: notificationRoutes,
  jobs: notificationJobs,
  roles: { worker: (ctx: AppContext) => startNotifierLoop(ctx) },
};

export { maskEmail } from './routes.ts';
