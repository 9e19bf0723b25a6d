/**
 * Monitors (S-2.3.1 probes, S-7.1.1 service owners' own apps): HTTP(S) and TCP checks through the outbound guard,
 * every result stored, failure and recovery thresholds, component signals and events on transitions, run by the
 * prober role. This file is the module's only public surface. See docs/monitors.md.
 */
import type { SamsvarModule } from '../../platform/context.ts';
import { monitorsDemo } from './demo.ts';
import { monitorJobs } from './jobs.ts';
import { startProber } from './prober.ts';
import { monitorRoutes } from './routes.ts';

export const monitorsModule: SamsvarModule = {
  name: 'monitors',
  routes: monitorRoutes,
  jobs: monitorJobs,
  demo: monitorsDemo,
  roles: {
    prober: async (ctx) => {
      const prober = await startProber(ctx);
      return () => prober.stop();
    },
  },
};

export { startProber, slotOffset, nextSlot, type Prober, type ProberOptions, type ProberStats } from './prober.ts';
export { runCheck, validateTarget, parseExpectedStatus, statusExpected, parseTcpTarget, MONITOR_KINDS, HTTP_METHODS, type CheckResult, type CheckSpec } from './check.ts';
export { applyResult, freshCounters, signalFor, MONITOR_STATUSES, DOWN_STATES, type MonitorStatus, type Counters } from './state.ts';
export { listMonitors, getMonitor, createMonitor, updateMonitor, deleteMonitor, setPaused, listResults, uptimeSummary, shortUptime, pruneResults, monitorOutbound, MONITORS_TOPIC, type MonitorRow } from './service.ts';
export { RETENTION_JOB } from './jobs.ts';
export { monitors, monitorResults } from './tables.ts';
