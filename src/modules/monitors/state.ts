/**
 * The monitor's state machine (pure). Statuses: unknown (no verdict yet), up, degraded (answers, but slower than
 * degradedLatencyMs), down. Thresholds keep one lost packet from flipping the status:
 *
 *  - a failed check: failures + 1; at `failureThreshold` consecutive failures → down;
 *  - a successful check while down: at `recoveryThreshold` consecutive successes → up (degraded if this one is slow);
 *  - unknown → up or degraded at the first successful check (a new monitor that works shows so at once);
 *  - up → degraded at `failureThreshold` consecutive slow successes; degraded → up at `recoveryThreshold`
 *    consecutive fast ones.
 *
 * What the component is told: down → the monitor's downState, degraded → degraded_performance, up → operational,
 * unknown → nothing (the monitor's signal ends).
 */
import type { ComponentState } from '../components/catalogue.ts';

export const MONITOR_STATUSES = ['unknown', 'up', 'degraded', 'down'] as const;
export type MonitorStatus = (typeof MONITOR_STATUSES)[number];
export const DOWN_STATES = ['major_outage', 'partial_outage', 'degraded_performance'] as const;
export type DownState = (typeof DOWN_STATES)[number];

export interface Thresholds {
  failureThreshold: number;
  recoveryThreshold: number;
  degradedLatencyMs: number | null;
}

export interface Counters {
  status: MonitorStatus;
  failures: number;
  successes: number;
  /** Consecutive successful checks slower than degradedLatencyMs (kept in memory only). */
  slow: number;
  /** Consecutive successful checks within degradedLatencyMs (kept in memory only). */
  fast: number;
}

export function freshCounters(status: MonitorStatus = 'unknown', failures = 0, successes = 0): Counters {
  return { status, failures, successes, slow: 0, fast: 0 };
}

/** Applies one result to the counters (in place); returns the new status. */
export function applyResult(c: Counters, t: Thresholds, r: { ok: boolean; latencyMs: number }): MonitorStatus {
  if (!r.ok) {
    c.failures++;
    c.successes = 0;
    c.slow = 0;
    c.fast = 0;
    if (c.failures >= t.failureThreshold) c.status = 'down';
    return c.status;
  }
  const slow = t.degradedLatencyMs !== null && r.latencyMs > t.degradedLatencyMs;
  c.failures = 0;
  c.successes++;
  if (slow) {
    c.slow++;
    c.fast = 0;
  } else {
    c.fast++;
    c.slow = 0;
  }
  switch (c.status) {
    case 'unknown':
      c.status = slow ? 'degraded' : 'up';
      break;
    case 'down':
      if (c.successes >= t.recoveryThreshold) c.status = slow ? 'degraded' : 'up';
      break;
    case 'up':
      if (c.slow >= t.failureThreshold) c.status = 'degraded';
      break;
    case 'degraded':
      if (c.fast >= t.recoveryThreshold) c.status = 'up';
      break;
  }
  return c.status;
}

/** The state a monitor in this status signals on its component; null ends the monitor's signal. */
export function signalFor(status: MonitorStatus, downState: string): ComponentState | null {
  switch (status) {
    case 'down':
      return (DOWN_STATES as readonly string[]).includes(downState) ? (downState as ComponentState) : 'major_outage';
    case 'degraded':
      return 'degraded_performance';
    case 'up':
      return 'operational';
    default:
      return null;
  }
}
