/**
 * Usage and call efficiency (T-1.2.4, S-2.3.1): the gateway's polling detector (an observer plugin counting calls
 * per day, vendor, environment and route and spotting polling), the findings' escalation (header and weekly report →
 * warning → throttle → proposal to suspend), and what vendors and operators see of it. See docs/gateway.md
 * "Polling detection". This file is the module's only public surface.
 */
import type { AppContext, SamsvarModule } from '../../platform/context.ts';
import { usageDemo } from './demo.ts';
import { PollingDetector } from './detector.ts';
import { usageJobs } from './jobs.ts';
import './notify.ts';
import { usageRoutes } from './routes.ts';
import { pollingPolicy } from './service.ts';

export const usageModule: SamsvarModule = { name: 'usage', routes: usageRoutes, jobs: usageJobs, demo: usageDemo };

const detectors = new WeakMap<AppContext, PollingDetector>();

/** Starts the polling detector for a gateway process (startGateway adds it as an observer plugin). */
export async function startPollingDetector(ctx: AppContext): Promise<PollingDetector> {
  const d = await new PollingDetector(ctx, pollingPolicy(ctx)).start();
  detectors.set(ctx, d);
  return d;
}

/** The detector of this process's gateway (tests flush it). */
export function pollingDetectorOf(ctx: AppContext): PollingDetector | undefined {
  return detectors.get(ctx);
}

export { PollingDetector, FLUSH_MS, DEFAULT_POLLING } from './detector.ts';
export { runEscalation, runWeeklyReport, listFindings, usageSummary, decideFinding, POLLING_EVENT, LEVEL_ACTIONS, type FindingView, type PollingEventData } from './service.ts';
export { ESCALATE_JOB, WEEKLY_JOB } from './jobs.ts';
export { usageDaily, pollingFindings } from './tables.ts';
