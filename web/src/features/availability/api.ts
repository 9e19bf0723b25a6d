/**
 * Typed calls of the components and availability API (public endpoints; the portal reads the same figures as the
 * status page). The shapes are the server's own TypeBox schemas (type-only imports).
 */
import type { Static } from '@sinclair/typebox';
import { API_BASE, api, seg, withQuery } from '../../app/api.ts';
import type {
  ComponentDetail as ComponentDetailSchema,
  ComponentList as ComponentListSchema,
  ComponentMonth as ComponentMonthSchema,
  DailyReport as DailyReportSchema,
  DayFigure as DayFigureSchema,
  MonthReport as MonthReportSchema,
} from '../../../../src/modules/components/schemas.ts';

export type ComponentList = Static<typeof ComponentListSchema>;
export type ComponentView = ComponentList['items'][number];
export type ComponentDetail = Static<typeof ComponentDetailSchema>;
export type MonthReport = Static<typeof MonthReportSchema>;
export type ComponentMonth = Static<typeof ComponentMonthSchema>;
export type DayFigure = Static<typeof DayFigureSchema>;
export type DailyReport = Static<typeof DailyReportSchema>;
export type ComponentState = DayFigure['worst'];
export type HistoryItem = ComponentDetail['history']['items'][number];

export const getAvailability = (month: string, signal?: AbortSignal) => api.get<MonthReport>('/availability', { month }, signal);
export const availabilityCsvUrl = (month: string, detail: 'month' | 'day' = 'month') =>
  withQuery(`${API_BASE}/availability`, { month, format: 'csv', detail: detail === 'day' ? 'day' : undefined });
export const getDaily = (days: number, component: string | undefined, signal?: AbortSignal) =>
  api.get<DailyReport>('/availability/daily', { days, component }, signal);
export const listComponents = (signal?: AbortSignal) => api.get<ComponentList>('/components', undefined, signal);
export const getComponent = (id: string, range: { from?: string; to?: string }, signal?: AbortSignal) =>
  api.get<ComponentDetail>(`/components/${seg(id)}`, range, signal);
