/** Measures' job: a measure tied to an incident is lifted when the incident is resolved (T-1.2.8). */
import type { AppContext } from '../../platform/context.ts';
import { defineJob, type JobDef } from '../../platform/jobs/index.ts';
import { liftForResolvedIncidents } from './service.ts';

export const LIFT_RESOLVED_JOB = 'measures.lift-resolved';

export function measureJobs(ctx: AppContext): JobDef<any>[] {
  return [
    defineJob<{}>({
      name: LIFT_RESOLVED_JOB,
      cron: '* * * * *',
      doc: 'Lifts every measure tied to an incident that is resolved or closed, within a minute of the resolution [T-1.2.8].',
      handler: async () => {
        const n = await liftForResolvedIncidents(ctx);
        if (n) ctx.log.info({ job: LIFT_RESOLVED_JOB, measures: n }, 'measures lifted: their incidents are resolved');
      },
    }),
  ];
}
