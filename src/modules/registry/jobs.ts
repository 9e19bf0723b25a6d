/**
 * The registry's daily reminder jobs (cron in Europe/Oslo). Each handler is idempotent: a reminder's key goes into
 * `reminders_sent` in the transaction that writes its mail, so a second run — or a second worker — sends nothing.
 * Tests call the exported `run…` functions with a fixed `now` instead of waiting for the schedule.
 */
import type { AppContext } from '../../platform/context.ts';
import { defineJob, type JobDef } from '../../platform/jobs/index.ts';
import { runContactReminders } from './contacts.ts';
import { runIdleServiceNotices, runOutdatedAppNotices, runServiceReviewReminders } from './services.ts';

export const REGISTRY_JOBS = {
  contactReminders: { name: 'registry.contact-reminders', cron: '0 7 * * *' },
  outdatedApps: { name: 'registry.outdated-apps', cron: '10 7 * * *' },
  idleServices: { name: 'registry.idle-services', cron: '20 7 * * *' },
  serviceReviews: { name: 'registry.service-review-reminders', cron: '30 7 * * *' },
} as const;

export function registryJobs(ctx: AppContext): JobDef<any>[] {
  const log = (name: string) => (r: { reminded: number; messages: number }) => {
    if (r.reminded) ctx.log.info({ job: name, ...r }, 'reminders sent');
  };
  const J = REGISTRY_JOBS;
  return [
    defineJob<{}>({
      ...J.contactReminders,
      doc: 'Contacts inside the reminder window or stale: one reminder per contact and confirmation date to the contact and the org admins [T-1.2.7, S-7.2.2].',
      handler: async () => log(J.contactReminders.name)(await runContactReminders(ctx)),
    }),
    defineJob<{}>({
      ...J.outdatedApps,
      doc: "Apps on a library older than the policy's minimum: their owners are told once per minimum version [S-7.1.2].",
      handler: async () => log(J.outdatedApps.name)(await runOutdatedAppNotices(ctx)),
    }),
    defineJob<{}>({
      ...J.idleServices,
      doc: 'Services in production without traffic for the policy period: flagged to their owner once per idle spell [S-7.3.1].',
      handler: async () => log(J.idleServices.name)(await runIdleServiceNotices(ctx)),
    }),
    defineJob<{}>({
      ...J.serviceReviews,
      doc: 'Service information ("Om skjema") due for review: a reminder before it is due and one when overdue [S-7.3.2].',
      handler: async () => log(J.serviceReviews.name)(await runServiceReviewReminders(ctx)),
    }),
  ];
}
