/** The SLA clock engine: a pure function of (case history, clock targets, calendars, now). See docs/sla-clocks.md. */
export * from './types.ts';
export { computeClocks, clockOptionsFromPolicy } from './engine.ts';
