import { api, seg } from '../../app/api.ts';
import type { Text } from '../../app/i18n.ts';

export type LadderLevel = { id: string; level: number; name: Text; description?: Text };
export type Party = 'operator' | 'serviceOwner';
export const PARTIES: readonly Party[] = ['operator', 'serviceOwner'];
export const STATUSES = ['open', 'resolved'] as const;

export type DeviationSummary = {
  id: string;
  ref: string;
  title: string;
  description: string;
  clauses: string[];
  party: Party | string;
  orgId: string | null;
  orgName: string | null;
  level: string;
  levelNumber: number;
  levelCount: number;
  levelName: Text | null;
  status: 'open' | 'resolved' | string;
  resolution: string | null;
  openedAt: string;
  resolvedAt: string | null;
  updatedAt: string;
  itemCount: number;
};

export type Mailed = { name: string; email: string; side: 'operator' | 'serviceOwner'; orgId: string | null };
export type Notification = { level: string; mailed: Mailed[]; missingContacts: Array<'operator' | 'serviceOwner'>; inbox: number };

export type DeviationEvent = {
  id: number;
  at: string;
  type: 'opened' | 'escalated' | 'note' | 'joined' | 'resolved' | 'reopened' | string;
  fromLevel: string | null;
  toLevel: string | null;
  reason: string | null;
  body: string | null;
  data: { notified?: Notification; incidentId?: string; incidentRef?: string; targetId?: string; clocks?: Array<{ incidentId: string; incidentRef: string; targetId: string }>; demo?: boolean; [k: string]: unknown };
  actorName: string | null;
};

export type DeviationItem = {
  id: string;
  incidentId: string | null;
  incidentRef: string | null;
  incidentTitle: string | null;
  category: string | null;
  targetId: string | null;
  clockStatus: string | null;
  breachedAt: string | null;
  occurredAt: string;
  note: string | null;
  addedAt: string;
  addedByName: string | null;
};

export type EscalationContact = {
  id: string;
  level: string;
  orgId: string | null;
  orgName: string | null;
  side: 'operator' | 'serviceOwner';
  name: string;
  email: string;
  phone: string | null;
  createdAt: string;
};

export type DeviationDetail = DeviationSummary & {
  openedByName: string | null;
  nextLevel: string | null;
  ladder: LadderLevel[];
  events: DeviationEvent[];
  items: DeviationItem[];
  contacts: EscalationContact[];
};

export type CandidateClock = {
  incidentId: string;
  incidentRef: string;
  incidentTitle: string;
  category: string;
  targetId: string;
  kind: string;
  breachedAt: string;
  clauses: string[];
};
export type CandidateGroup = {
  key: string;
  party: Party | string;
  orgId: string | null;
  orgName: string | null;
  clause: string | null;
  count: number;
  repeated: boolean;
  firstBreachedAt: string;
  lastBreachedAt: string;
  clocks: CandidateClock[];
  suggestedCase: { id: string; ref: string; title: string; level: string } | null;
};

export type OpenBody = {
  title: string;
  description?: string;
  clauses: string[];
  party: Party;
  orgId?: string | null;
  clocks?: Array<{ incidentId: string; targetId: string }>;
};

const dev = (id: string) => `/deviations/${seg(id)}`;

export const listDeviations = (q: { status?: string; level?: string; orgId?: string }, signal?: AbortSignal) =>
  api.get<{ items: DeviationSummary[]; ladder: LadderLevel[] }>('/deviations', q, signal);
export const getDeviation = (id: string, signal?: AbortSignal) => api.get<DeviationDetail>(dev(id), undefined, signal);
export const openDeviation = (body: OpenBody) => api.post<DeviationDetail>('/deviations', body);
export const escalateDeviation = (id: string, reason: string) => api.post<DeviationDetail>(`${dev(id)}/escalate`, { reason });
export const joinClock = (id: string, body: { incidentId: string; targetId: string; note?: string }) => api.post<DeviationDetail>(`${dev(id)}/items`, body);
export const addNote = (id: string, body: string) => api.post<DeviationDetail>(`${dev(id)}/notes`, { body });
export const resolveDeviation = (id: string, resolution: string) => api.post<DeviationDetail>(`${dev(id)}/resolve`, { resolution });
export const reopenDeviation = (id: string, reason: string) => api.post<DeviationDetail>(`${dev(id)}/reopen`, { reason });
export const listCandidates = (signal?: AbortSignal) => api.get<{ windowDays: number; groups: CandidateGroup[]; ladder: LadderLevel[] }>('/deviations/candidates', undefined, signal);

export const listEscalationContacts = (q: { level?: string; orgId?: string } = {}, signal?: AbortSignal) =>
  api.get<{ items: EscalationContact[]; ladder: LadderLevel[] }>('/escalation-contacts', q, signal);
export const createEscalationContact = (body: { level: string; orgId: string | null; name: string; email: string; phone?: string | null }) =>
  api.post<EscalationContact>('/escalation-contacts', body);
export const deleteEscalationContact = (id: string) => api.del(`/escalation-contacts/${seg(id)}`);
