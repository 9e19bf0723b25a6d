/**
 * Subscriptions to the status page (T-3.1.1, T-3.1): e-mail with double opt-in and RFC 8058 one-click unsubscribe,
 * per component or all, in bokmål or English; pluggable channels (`defineStatusChannel`; webhooks are the event
 * hub's subscriptions); a mailer that follows the event log (incident updates and notices); reminders before
 * planned work starts. See docs/status-subscriptions.md.
 *
 * - worker role: the status mailer loop (a round at start, every 5 s and at once when an event is published);
 * - `subscriptions.mailer` (every minute): safety net that drains the mailer too (rounds are exclusive through the
 *   cursor row);
 * - `subscriptions.reminders` (every minute): reminders before planned work, and removal of stale subscriptions.
 *
 * This file is the module's only public surface.
 */
import type { AppContext, SamsvarModule } from '../../platform/context.ts';
import { defineJob, type JobDef } from '../../platform/jobs/index.ts';
import { drainStatusMailer, runReminders, startStatusMailerLoop } from './mailer.ts';
import { subscriptionApi, subscriptionPages } from './routes.ts';
import { purgeSubscribers } from './service.ts';

export const STATUS_MAILER_JOB = 'subscriptions.mailer';
export const REMINDER_JOB = 'subscriptions.reminders';

export function subscriptionJobs(ctx: AppContext): JobDef<any>[] {
  return [
    defineJob<{}>({
      name: STATUS_MAILER_JOB,
      cron: '* * * * *',
      retryLimit: 1,
      doc: 'Status mailer safety net [T-3.1.1]: mails status subscribers about new incident updates and notices (the worker’s loop does this every 5 s and on each event).',
      handler: async () => {
        const r = await drainStatusMailer(ctx);
        if (r.mails) ctx.log.info({ job: STATUS_MAILER_JOB, ...r }, 'status mailer caught up');
      },
    }),
    defineJob<{}>({
      name: REMINDER_JOB,
      cron: '* * * * *',
      retryLimit: 1,
      doc: 'Reminders to status subscribers before planned work starts (policy statusPage.maintenanceReminders) [T-3.1]; deletes unconfirmed subscriptions after 7 days and ended ones after 30.',
      handler: async () => {
        const r = await runReminders(ctx);
        const purged = await purgeSubscribers(ctx.db);
        if (r.mails || purged) ctx.log.info({ job: REMINDER_JOB, ...r, purged }, 'status reminders');
      },
    }),
  ];
}

export const subscriptionsModule: SamsvarModule = {
  name: 'subscriptions',
  routes: subscriptionApi,
  rootRoutes: subscriptionPages,
  jobs: subscriptionJobs,
  roles: { worker: (ctx: AppContext) => startStatusMailerLoop(ctx) },
};

export { defineStatusChannel, getStatusChannel, statusChannels, type Lang, type StatusChannel, type StatusContent, type StatusMessage } from './channels.ts';
export { emailChannel, unsubscribeHeaders } from './email.ts';
export { incidentMessage, noticeMessage, reminderMessage, NOTICE_CHANGES, type IncidentData, type NoticeData, type NoticeChange } from './messages.ts';
export {
  STATUS_MAILER_CURSOR,
  drainStatusMailer,
  runStatusMailer,
  startStatusMailerLoop,
  runReminders,
  reminderOffsets,
  messageForEvent,
  type StatusMailerRound,
  type ReminderRun,
} from './mailer.ts';
export {
  subscribe,
  confirmSubscription,
  updateSubscription,
  unsubscribe,
  dispatchStatus,
  recipientsOf,
  purgeSubscribers,
  subscriptionView,
  type SubscribeInput,
  type SubscriptionView,
} from './service.ts';
export { SUBSCRIBE_LIMITS } from './limiter.ts';
export { statusSubscribers, maintenanceReminders } from './tables.ts';
