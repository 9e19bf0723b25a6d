/**
 * The clock of notices (T-3.1.1, S-2.3.1, S-2.4.1): after every change a notice's start and end instants are sent
 * to pg-boss as delayed jobs (`startAfter`, kept in the database, so they fire after a restart too); a job that
 * fires after the notice changed simply re-reads it and does what is due (nothing, if rescheduled). A sweep every
 * minute catches anything a lost job would miss, so a transition is at most a minute late — and it is dated at the
 * planned instant anyway.
 */
import type { AppContext } from '../../platform/context.ts';
import { defineJob, type JobDef } from '../../platform/jobs/index.ts';
import { advanceNotice, dueNotices, rememberPolicy, TRANSITION_JOB } from './service.ts';

export { TRANSITION_JOB };
export const SWEEP_JOB = 'notices.sweep';

/** Runs every due transition; resolves to the number of notices that moved. */
export async function runSweep(ctx: AppContext, now = new Date()): Promise<number> {
  let n = 0;
  for (const id of await dueNotices(ctx.db, now)) if (await advanceNotice(ctx, id, now)) n++;
  return n;
}

export function noticeJobs(ctx: AppContext): JobDef<any>[] {
  rememberPolicy(ctx.policy.policy);
  return [
    defineJob<{ noticeId: string }>({
      name: TRANSITION_JOB,
      doc: 'Starts or completes one notice at its planned instant (scheduled → in progress → completed) and sets its components under maintenance while it runs [T-3.1.1, S-2.3.1, S-2.4.1].',
      retryLimit: 5,
      handler: async (p) => {
        await advanceNotice(ctx, p.noticeId);
      },
    }),
    defineJob<{}>({
      name: SWEEP_JOB,
      cron: '* * * * *',
      doc: 'Safety net: moves every notice whose start or end has passed (in case a transition job was lost).',
      handler: async () => {
        const n = await runSweep(ctx);
        if (n) ctx.log.info({ job: SWEEP_JOB, notices: n }, 'notices moved by the sweep');
      },
    }),
  ];
}
