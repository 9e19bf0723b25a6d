/** Typed calls of the usage API (call efficiency and polling findings, T-1.2.4); shapes are the server's TypeBox schemas. */
import type { Static } from '@sinclair/typebox';
import { api, seg } from '../../app/api.ts';
import type { Finding as FindingSchema, Summary as SummarySchema } from '../../../../src/modules/usage/schemas.ts';

export type UsageSummary = Static<typeof SummarySchema>;
export type UsageRow = UsageSummary['items'][number];
export type Finding = Static<typeof FindingSchema>;

export const usageSummary = (q: { from?: string; to?: string; orgId?: string; env?: string }, signal?: AbortSignal) => api.get<UsageSummary>('/usage/summary', q, signal);
export const listFindings = (q: { orgId?: string; status?: string }, signal?: AbortSignal) => api.get<{ items: Finding[] }>('/usage/findings', q, signal);
export const decideFinding = (id: string, body: { decision: 'dismiss' | 'resolve'; note: string }) => api.post<Finding>(`/usage/findings/${seg(id)}/decision`, body);
