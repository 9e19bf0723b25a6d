/** The daily retention of monitor results (MONITOR_RESULTS_RETENTION_DAYS). */
import type { AppContext } from '../../platform/context.ts';
import { defineJob, type JobDef } from '../../platform/jobs/index.ts';
import { pruneResults } from './service.ts';

export const RETENTION_JOB = 'monitors.retention';

export function monitorJobs(ctx: AppContext): JobDef<any>[] {
  return [
    defineJob<object>({
      name: RETENTION_JOB,
      doc: 'Deletes monitor results older than MONITOR_RESULTS_RETENTION_DAYS (daily, 03:23 Oslo time).',
      cron: '23 3 * * *',
      retryLimit: 2,
      handler: async () => {
        const n = await pruneResults(ctx.db, ctx.config.MONITOR_RESULTS_RETENTION_DAYS);
        if (n) ctx.log.info({ deleted: n }, 'monitors: old results deleted');
      },
    }),
  ];
}
