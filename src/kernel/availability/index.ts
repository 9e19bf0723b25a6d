/** Availability engine: time-weighted availability inside operating windows, per month and per day. Pure code, no I/O. */
export {
  monthAvailability,
  monthsAvailability,
  rollingAvailability,
  prepare,
  WORST_ORDER,
  type AvailabilityInput,
  type DayFigure,
  type EngineOptions,
  type ExcludedWindow,
  type MonthFigure,
  type PeriodFigure,
  type Prepared,
  type StateInterval,
  type StateWeight,
  type StateWeights,
} from './engine.ts';
export { REPORT_ZONE, addMonths, buildMonthWindow, monthDays, monthOf, monthWindow, parseMonth, type MonthWindow } from './windows.ts';
