/** The usage module's jobs: the escalation of polling findings (hourly) and the weekly report (Mondays 07:00). */
import type { AppContext } from '../../platform/context.ts';
import { defineJob, type JobDef } from '../../platform/jobs/index.ts';
import { runEscalation, runWeeklyReport } from './service.ts';

export const ESCALATE_JOB = 'usage.escalate';
export const WEEKLY_JOB = 'usage.weekly-report';

export function usageJobs(ctx: AppContext): JobDef<any>[] {
  return [
    defineJob<{}>({
      name: ESCALATE_JOB,
      cron: '17 * * * *',
      doc: 'Moves polling findings up the policy\'s escalation steps while the polling goes on (warning, throttle, proposal to suspend) and resolves quiet ones [T-1.2.4].',
      handler: async () => {
        const r = await runEscalation(ctx);
        if (r.escalated || r.resolved) ctx.log.info({ job: ESCALATE_JOB, ...r }, 'polling findings escalated or resolved');
      },
    }),
    defineJob<{}>({
      name: WEEKLY_JOB,
      cron: '0 7 * * 1',
      doc: "Mails each polling vendor's administrators last week's call efficiency and the event types to subscribe to instead [T-1.2.4].",
      handler: async () => {
        const r = await runWeeklyReport(ctx);
        if (r.vendors) ctx.log.info({ job: WEEKLY_JOB, ...r }, 'weekly call-efficiency reports sent');
      },
    }),
  ];
}
