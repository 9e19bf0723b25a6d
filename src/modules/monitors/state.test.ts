/** The monitor state machine and the scheduling arithmetic [S-2.3.1]. */
import { describe, expect, it } from 'vitest';
import { parseExpectedStatus, parseTcpTarget, statusExpected } from './check.ts';
import { nextSlot, slotOffset } from './prober.ts';
import { applyResult, freshCounters, signalFor } from './state.ts';

const t = { failureThreshold: 3, recoveryThreshold: 2, degradedLatencyMs: 500 };
const ok = (latencyMs = 100) => ({ ok: true, latencyMs });
const fail = { ok: false, latencyMs: 10 };

describe('monitor state machine [S-2.3.1]', () => {
  it('[S-2.3.1] goes down only after failureThreshold consecutive failures, and up after recoveryThreshold successes', () => {
    const c = freshCounters();
    expect(applyResult(c, t, ok())).toBe('up');
    expect(applyResult(c, t, fail)).toBe('up');
    expect(applyResult(c, t, fail)).toBe('up');
    expect(applyResult(c, t, ok())).toBe('up'); // the run of failures is broken
    expect([applyResult(c, t, fail), applyResult(c, t, fail), applyResult(c, t, fail)]).toEqual(['up', 'up', 'down']);
    expect(c.failures).toBe(3);
    expect(applyResult(c, t, ok())).toBe('down');
    expect(applyResult(c, t, ok())).toBe('up');
    expect(c).toMatchObject({ failures: 0, successes: 2 });
  });

  it('[S-2.3.1] slow successes make it degraded (after the same thresholds), fast ones bring it back', () => {
    const c = freshCounters('up');
    expect([applyResult(c, t, ok(900)), applyResult(c, t, ok(900))]).toEqual(['up', 'up']);
    expect(applyResult(c, t, ok(900))).toBe('degraded');
    expect(applyResult(c, t, ok(100))).toBe('degraded');
    expect(applyResult(c, t, ok(100))).toBe('up');
    // A new monitor's first check decides at once; recovering from down while slow is degraded.
    expect(applyResult(freshCounters(), t, ok(900))).toBe('degraded');
    const d = freshCounters('down', 5, 0);
    applyResult(d, t, ok(900));
    expect(applyResult(d, t, ok(900))).toBe('degraded');
    // Without a latency rule, nothing is slow.
    expect(applyResult(freshCounters(), { ...t, degradedLatencyMs: null }, ok(60_000))).toBe('up');
  });

  it('[S-2.3.1] what the component is told', () => {
    expect(signalFor('down', 'major_outage')).toBe('major_outage');
    expect(signalFor('down', 'partial_outage')).toBe('partial_outage');
    expect(signalFor('degraded', 'major_outage')).toBe('degraded_performance');
    expect(signalFor('up', 'major_outage')).toBe('operational');
    expect(signalFor('unknown', 'major_outage')).toBeNull();
  });
});

describe('checks and scheduling [S-2.3.1]', () => {
  it('[S-2.3.1] expected status ranges and tcp targets', () => {
    const r = parseExpectedStatus('200-299,301');
    expect([200, 299, 301].map((s) => statusExpected(r, s))).toEqual([true, true, true]);
    expect([199, 300, 302, 500].map((s) => statusExpected(r, s))).toEqual([false, false, false, false]);
    expect(() => parseExpectedStatus('2xx')).toThrow(/not a status code/);
    expect(() => parseExpectedStatus('299-200')).toThrow(/range/);
    expect(parseTcpTarget('[2001:db8::1]:443')).toEqual({ host: '[2001:db8::1]', port: 443 });
    expect(parseTcpTarget('db.example.no:5432')).toEqual({ host: 'db.example.no', port: 5432 });
    expect(() => parseTcpTarget('db.example.no')).toThrow(/host:port/);
    expect(() => parseTcpTarget('db:70000')).toThrow(/port/);
  });

  it('[S-2.3.1] slots are spread by a stable per-monitor offset, and the next slot is always in the future', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const offsets = ids.map((id) => slotOffset(id, 30_000));
    expect(offsets.every((o) => o >= 0 && o < 30_000)).toBe(true);
    expect(slotOffset(ids[7]!, 30_000)).toBe(offsets[7]);
    // Spread: every second of the 30 has some monitors, none has more than three times its share.
    const perSecond = new Array(30).fill(0);
    for (const o of offsets) perSecond[Math.floor(o / 1000)]++;
    expect(Math.min(...perSecond)).toBeGreaterThan(0);
    expect(Math.max(...perSecond)).toBeLessThan((2000 / 30) * 3);
    const now = 1_700_000_000_123;
    const next = nextSlot(now, 30_000, 1234);
    expect(next).toBeGreaterThan(now);
    expect(next - now).toBeLessThanOrEqual(30_000);
    expect((next - 1234) % 30_000).toBe(0);
    expect(nextSlot(next, 30_000, 1234)).toBe(next + 30_000);
  });
});
