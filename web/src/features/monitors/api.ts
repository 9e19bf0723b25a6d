/** Typed calls of the monitors API (`/api/v1/monitors`); shapes are the server's TypeBox schemas. */
import type { Static } from '@sinclair/typebox';
import { api, seg } from '../../app/api.ts';
import type { Text } from '../../app/i18n.ts';
import type {
  CheckResult as CheckResultSchema,
  CreateBody,
  Monitor as MonitorSchema,
  ResultItem as ResultItemSchema,
  Uptime as UptimeSchema,
  UpdateBody,
} from '../../../../src/modules/monitors/schemas.ts';

export type Monitor = Static<typeof MonitorSchema>;
export type MonitorInput = Static<typeof CreateBody>;
export type MonitorChange = Static<typeof UpdateBody>;
export type CheckResult = Static<typeof CheckResultSchema>;
export type ResultItem = Static<typeof ResultItemSchema>;
export type Uptime = Static<typeof UptimeSchema>;
export type MonitorStatus = Monitor['status'];

const one = (id: string) => `/monitors/${seg(id)}`;

export const listMonitors = (q: { orgId?: string; status?: string; q?: string; limit?: number; offset?: number }, signal?: AbortSignal) =>
  api.get<{ items: Monitor[]; total: number }>('/monitors', q, signal);
export const getMonitor = (id: string, signal?: AbortSignal) => api.get<Monitor>(one(id), undefined, signal);
export const createMonitor = (body: MonitorInput) => api.post<Monitor>('/monitors', body);
export const updateMonitor = (id: string, body: MonitorChange) => api.patch<Monitor>(one(id), body);
export const deleteMonitor = (id: string) => api.del(one(id));
export const pauseMonitor = (id: string) => api.post<Monitor>(`${one(id)}/pause`);
export const resumeMonitor = (id: string) => api.post<Monitor>(`${one(id)}/resume`);
export const testDefinition = (body: Partial<MonitorInput>) => api.post<CheckResult>('/monitors/test', body);
export const testMonitor = (id: string) => api.post<CheckResult>(`${one(id)}/test`);
export const getUptime = (id: string, signal?: AbortSignal) => api.get<Uptime>(`${one(id)}/uptime`, undefined, signal);
export const listResults = (id: string, q: { from?: string; to?: string; limit?: number; before?: string }, signal?: AbortSignal) =>
  api.get<{ items: ResultItem[]; nextCursor: string | null }>(`${one(id)}/results`, q, signal);

/** The policy's components (GET /policy is public JSON), for tying a monitor to one. */
export type ComponentRef = { id: string; name: Text; className: Text };
export async function listComponents(signal?: AbortSignal): Promise<ComponentRef[]> {
  const policy = await api.get<{ componentClasses?: Record<string, { name: Text; components?: { id: string; name: Text }[] }> }>('/policy', undefined, signal);
  return Object.values(policy.componentClasses ?? {}).flatMap((c) => (c.components ?? []).map((x) => ({ id: x.id, name: x.name, className: c.name })));
}

export type OrgRef = { id: string; name: string; kinds: string[] };
export const listOrgs = (signal?: AbortSignal) => api.get<{ items: OrgRef[]; nextCursor: string | null }>('/organisations', { limit: 200 }, signal);
