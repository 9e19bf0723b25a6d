/**
 * Reminder jobs of service owners' obligations (cron in Europe/Oslo), idempotent through `reminders_sent`.
 * Tests call the exported `run…` functions with a fixed `now`.
 */
import type { AppContext } from '../../platform/context.ts';
import { defineJob, type JobDef } from '../../platform/jobs/index.ts';
import { runAccessReviewReminders } from './access-reviews.ts';
import { runDataElementReminders } from './data-elements.ts';

export const OBLIGATION_JOBS = {
  accessReviews: { name: 'obligations.access-review-reminders', cron: '40 7 * * *' },
  dataElements: { name: 'obligations.data-element-reminders', cron: '0 8 * * *' },
} as const;

export function obligationJobs(ctx: AppContext): JobDef<any>[] {
  const J = OBLIGATION_JOBS;
  const log = (name: string) => (r: { reminded: number; messages: number }) => {
    if (r.reminded) ctx.log.info({ job: name, ...r }, 'reminders sent');
  };
  return [
    defineJob<{}>({
      ...J.accessReviews,
      doc: 'Access reviews: a reminder before the due date and one when overdue, to the service owner’s administrators [S-7.2.1].',
      handler: async () => log(J.accessReviews.name)(await runAccessReviewReminders(ctx)),
    }),
    defineJob<{}>({
      ...J.dataElements,
      doc: 'Data elements not confirmed downloaded within the policy limit: one reminder per element, grouped per service owner [S-7.4.1].',
      handler: async () => log(J.dataElements.name)(await runDataElementReminders(ctx)),
    }),
  ];
}
