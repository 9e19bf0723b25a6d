import { api, seg } from '../../app/api.ts';
import type { Text } from '../../app/i18n.ts';

export type CalendarInfo = { name: string; description?: string | Text; clauses?: string[]; timezone: string };
export type OpenRange = { start: string; end: string };
export type CalendarDay = {
  date: string;
  weekday: string;
  open: OpenRange[];
  holiday?: string;
  special?: string;
  season?: string;
};
export const DUE_UNITS = ['workingDays', 'workingHours', 'hours'] as const;
export type DueUnit = (typeof DUE_UNITS)[number];
export type DueResult = { calendar: string; from: string; due: string; dueLocal?: string; input?: Record<string, unknown> };

const cal = (name: string) => `/calendars/${seg(name)}`;

export const listCalendars = (signal?: AbortSignal) =>
  api.get<{ items: CalendarInfo[] }>('/calendars', undefined, signal);
export const getDays = (name: string, from: string, to: string, signal?: AbortSignal) =>
  api.get<{ items: CalendarDay[] }>(`${cal(name)}/days`, { from, to }, signal);
export const computeDue = (name: string, from: string, unit: DueUnit, amount: number) =>
  api.get<DueResult>(`${cal(name)}/due`, { from, [unit]: amount });
export const getOpen = (name: string, from: string, to: string, signal?: AbortSignal) =>
  api.get<{ items: { start: string; end: string }[] }>(`${cal(name)}/open`, { from, to }, signal);
