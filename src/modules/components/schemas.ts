/** TypeBox request and response schemas of the component catalogue, state history and availability (S-2.3.1, S-2.4.1, S-3.1). */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { COMPONENT_STATES } from '../../kernel/policy/schema.ts';
import { COUNTED_REASONS } from './maintenance.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Text = Type.Object({ nb: Type.String(), en: Type.String() });
const Ms = (description: string) => Type.Number({ description: `${description}, in milliseconds` });

export const State = Type.Unsafe<(typeof COMPONENT_STATES)[number]>({ type: 'string', enum: [...COMPONENT_STATES] });
export const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';

// ---------------------------------------------------------------- requests

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const HistoryQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Start of the history (default: 30 days before `to`)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'End of the history (default: now)' })),
});

export const MonthQuery = Type.Object({
  month: Type.String({ pattern: MONTH_PATTERN, description: 'Calendar month in Oslo time, YYYY-MM' }),
  format: Type.Optional(Type.Unsafe<'json' | 'csv'>({ type: 'string', enum: ['json', 'csv'], description: 'csv: one row per component (or per day with detail=day)' })),
  detail: Type.Optional(Type.Unsafe<'month' | 'day'>({ type: 'string', enum: ['month', 'day'], description: 'CSV rows per component-month (default) or per component-day' })),
  component: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Only this component' })),
});
export type MonthQuery = Static<typeof MonthQuery>;

export const DailyQuery = Type.Object({
  days: Type.Integer({ minimum: 1, maximum: 366, default: 90, description: 'Number of Oslo days up to and including today' }),
  component: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Only this component' })),
});

// ---------------------------------------------------------------- responses

export const Cause = Type.Object({ source: Type.String(), ref: Type.String(), state: Type.String() });

export const ComponentView = Type.Object({
  id: Type.String(),
  name: Text,
  description: Nullable(Text),
  group: Type.String(),
  groupName: Text,
  classKey: Type.String(),
  className: Text,
  operatingWindow: Type.String({ description: 'Calendar of the operating window (policy calendars)' }),
  target: Type.Number({ description: 'Availability target per calendar month, percent' }),
  stateWeights: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Literal('excluded')])),
  maintenanceInsideWindow: Type.String(),
  product: Nullable(Type.String()),
  docs: Type.Array(Type.Object({ title: Text, url: Type.String() })),
  clauses: Type.Array(Type.String()),
  state: State,
  since: Nullable(DateTime),
  causes: Type.Array(Cause),
});
export type ComponentView = Static<typeof ComponentView>;

export const ComponentList = Type.Object({
  groups: Type.Array(Type.Object({ key: Type.String(), name: Text, description: Nullable(Text) })),
  items: Type.Array(ComponentView),
});

export const HistoryItem = Type.Object({ state: State, from: DateTime, to: Nullable(DateTime), causes: Type.Array(Cause) });

export const ComponentDetail = Type.Intersect([
  ComponentView,
  Type.Object({ history: Type.Object({ from: DateTime, to: DateTime, items: Type.Array(HistoryItem) }) }),
]);
export type ComponentDetail = Static<typeof ComponentDetail>;

export const DayFigure = Type.Object({
  date: Type.String({ description: 'Oslo date YYYY-MM-DD' }),
  windowMs: Ms('Operating window of the day up to now'),
  excludedMs: Ms('Window time removed (maintenance announced in time)'),
  downMs: Ms('Weighted downtime'),
  availability: Nullable(Type.Number({ description: 'Percent; null when the day has no window to count' })),
  worst: State,
});

export const MaintenanceWindow = Type.Object({
  noticeId: Type.String(),
  ref: Type.String(),
  noticeClass: Type.String(),
  title: Type.String(),
  from: DateTime,
  to: DateTime,
});
export const CountedMaintenance = Type.Intersect([
  MaintenanceWindow,
  Type.Object({ reason: Type.Unsafe<(typeof COUNTED_REASONS)[number]>({ type: 'string', enum: [...COUNTED_REASONS] }) }),
]);

export const ComponentMonth = Type.Object({
  componentId: Type.String(),
  name: Text,
  group: Type.String(),
  className: Text,
  operatingWindow: Type.String(),
  month: Type.String(),
  target: Type.Number(),
  windowMs: Ms('Operating window of the month (up to now)'),
  excludedMs: Ms('Window time removed (maintenance announced in time)'),
  downMs: Ms('Weighted downtime: (1 − weight) × time per state'),
  availability: Nullable(Type.Number({ description: 'Percent: (window − excluded − down) / (window − excluded)' })),
  budgetMs: Ms('Error budget: (1 − target / 100) × (window − excluded)'),
  budgetLeftMs: Ms('Budget minus downtime (negative when breached)'),
  met: Nullable(Type.Boolean()),
  countedMaintenanceMs: Ms('Maintenance inside the window not covered by an announced window (part of downMs)'),
  complete: Type.Boolean({ description: 'The month is over; the figures are final' }),
  clauses: Type.Array(Type.String()),
  days: Type.Array(DayFigure),
  maintenance: Type.Object({ excluded: Type.Array(MaintenanceWindow), counted: Type.Array(CountedMaintenance) }),
});
export type ComponentMonthView = Static<typeof ComponentMonth>;

export const MonthReport = Type.Object({
  month: Type.String(),
  from: DateTime,
  to: DateTime,
  generatedAt: DateTime,
  summary: Type.Object({ components: Type.Integer(), met: Type.Integer(), breached: Type.Integer(), noWindow: Type.Integer() }),
  components: Type.Array(ComponentMonth),
});
export type MonthReportView = Static<typeof MonthReport>;

export const DailyReport = Type.Object({
  days: Type.Integer(),
  from: DateTime,
  to: DateTime,
  components: Type.Array(
    Type.Object({
      componentId: Type.String(),
      name: Text,
      target: Type.Number(),
      windowMs: Type.Number(),
      excludedMs: Type.Number(),
      downMs: Type.Number(),
      availability: Nullable(Type.Number()),
      days: Type.Array(DayFigure),
    }),
  ),
});
export type DailyReportView = Static<typeof DailyReport>;
