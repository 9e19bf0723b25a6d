/**
 * Typed calls of the incidents API. The shapes are the server's own TypeBox schemas (type-only imports: nothing of
 * the server is bundled), so a change of the contract breaks the type check here.
 */
import type { Static } from '@sinclair/typebox';
import { API_BASE, api, request, seg, withQuery } from '../../app/api.ts';
import type { Text } from '../../app/i18n.ts';
import type { Page } from '../../app/types.ts';
import type {
  AssignBody,
  CategoryBody,
  EditBody,
  CategoryInfo as CategoryInfoSchema,
  ClockView as ClockViewSchema,
  HoldBody,
  IncidentDetail as IncidentDetailSchema,
  IncidentEvent as IncidentEventSchema,
  IncidentPage as IncidentPageSchema,
  IncidentSummary as IncidentSummarySchema,
  LinkBody,
  ListQuery,
  MonthlyReport as MonthlyReportSchema,
  NoteBody,
  ReportBody,
  RespondBody,
  StateBody,
  WorkaroundBody,
} from '../../../../src/modules/incidents/schemas.ts';

export type IncidentSummary = Static<typeof IncidentSummarySchema>;
export type IncidentDetail = Static<typeof IncidentDetailSchema>;
export type IncidentEvent = Static<typeof IncidentEventSchema>;
export type ClockView = Static<typeof ClockViewSchema>;
export type CategoryInfo = Static<typeof CategoryInfoSchema>;
export type MonthlyReport = Static<typeof MonthlyReportSchema>;
export type IncidentPage = Static<typeof IncidentPageSchema>;
export type IncidentState = IncidentSummary['state'];
export type Visibility = IncidentEvent['visibility'];
export type ListFilter = Omit<Static<typeof ListQuery>, 'before' | 'limit'>;
export type ReportInput = Static<typeof ReportBody>;
export type HoldReason = Static<typeof HoldBody>['reason'];
export type LinkKind = Static<typeof LinkBody>['kind'];

/** The server's own lists (plain data, shared with the portal). */
export { INCIDENT_STATES as STATES, VISIBILITIES, LINK_KINDS, HOLD_REASONS, DONE_STATES, INCIDENT_MOVES as MOVES, INCIDENT_IMPACTS } from '../../../../src/modules/incidents/states.ts';

const inc = (id: string) => `/incidents/${seg(id)}`;

/** One page of incidents; the API's `next` cursor is passed back as `before`. */
export async function listIncidents(filter: ListFilter, cursor: string | undefined, signal?: AbortSignal, limit = 50): Promise<Page<IncidentSummary>> {
  const page = await api.get<IncidentPage>('/incidents', { ...filter, limit, before: cursor }, signal);
  return { items: page.items, nextCursor: page.next };
}
export const getIncident = (id: string, signal?: AbortSignal) => api.get<IncidentDetail>(inc(id), undefined, signal);
export const listCategories = (signal?: AbortSignal) => api.get<{ items: CategoryInfo[] }>('/incidents/categories', undefined, signal);
export const reportIncident = (body: ReportInput) => api.post<IncidentDetail>('/incidents', body);

export const editIncident = (id: string, body: Static<typeof EditBody>) => api.patch<IncidentDetail>(inc(id), body);
export const changeState = (id: string, body: Static<typeof StateBody>) => api.post<IncidentDetail>(`${inc(id)}/state`, body);
export const respond = (id: string, body: Static<typeof RespondBody>) => api.post<IncidentDetail>(`${inc(id)}/respond`, body);
export const classify = (id: string, body: Static<typeof CategoryBody>) => api.post<IncidentDetail>(`${inc(id)}/category`, body);
export const assign = (id: string, body: Static<typeof AssignBody>) => api.post<IncidentDetail>(`${inc(id)}/assign`, body);
export const setWorkaround = (id: string, body: Static<typeof WorkaroundBody>) => api.post<IncidentDetail>(`${inc(id)}/workaround`, body);
export const hold = (id: string, body: Static<typeof HoldBody>) => api.post<IncidentDetail>(`${inc(id)}/hold`, body);
export const addNote = (id: string, body: Static<typeof NoteBody>) => api.post<IncidentDetail>(`${inc(id)}/notes`, body);
export const addLink = (id: string, body: Static<typeof LinkBody>) => api.post<IncidentDetail>(`${inc(id)}/links`, body);
export const removeLink = (id: string, otherId: string) => request<IncidentDetail>('DELETE', `${inc(id)}/links/${seg(otherId)}`);

export const getMonthlyReport = (month: string, signal?: AbortSignal) => api.get<MonthlyReport>('/incidents/report', { month }, signal);
/** The same report as CSV, downloaded by the browser with the session cookie. */
export const monthlyReportCsvUrl = (month: string) => withQuery(`${API_BASE}/incidents/report`, { month, format: 'csv' });

// ---------------------------------------------------------------- from other modules

/** The policy's component classes and their components (GET /policy is public JSON). */
export type ComponentClass = { id: string; name: Text; components: { id: string; name: Text }[] };
export async function listPolicyComponents(signal?: AbortSignal): Promise<ComponentClass[]> {
  const policy = await api.get<{ componentClasses?: Record<string, { name: Text; components?: { id: string; name: Text }[] }> }>('/policy', undefined, signal);
  return Object.entries(policy.componentClasses ?? {}).map(([id, c]) => ({ id, name: c.name, components: c.components ?? [] }));
}

export type ServiceRef = { id: string; name: string; orgId: string; orgName: string; resourceId: string };
export const listServiceRefs = (orgId: string | undefined, signal?: AbortSignal) => api.get<{ items: ServiceRef[] }>('/services', orgId ? { orgId } : undefined, signal);

export type OrgRef = { id: string; name: string; orgNumber: string; kinds: string[] };
export const listOrgs = (kind: 'serviceOwner' | 'vendor' | 'operator' | undefined, signal?: AbortSignal) =>
  api.get<{ items: OrgRef[]; nextCursor: string | null }>('/organisations', { kind, limit: 200 }, signal);
export type MemberRef = { userId: string; email: string; name: string; role: string; disabled?: boolean };
export const listOrgMembers = (orgId: string, signal?: AbortSignal) => api.get<{ items: MemberRef[] }>(`/organisations/${seg(orgId)}/members`, undefined, signal);
