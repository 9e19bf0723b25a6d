import { api, seg } from '../../app/api.ts';

export type ReviewEntry = { name: string; email: string; role: string; active: boolean };
export type ReviewStatus = 'open' | 'due' | 'overdue' | 'submitted';
export type Review = {
  id: string;
  orgId: string;
  periodStart: string;
  dueAt: string;
  remindAt: string;
  status: ReviewStatus | string;
  overdue: boolean;
  submittedAt: string | null;
  submittedBy: string | null;
  entries: ReviewEntry[] | null;
  note: string | null;
  createdAt: string;
};
export type AdminChange = {
  at: string;
  change: 'added' | 'roleChanged' | 'removed' | string;
  userId: string | null;
  name: string | null;
  email: string | null;
  fromRole: string | null;
  toRole: string | null;
  by: string;
};
export type CurrentReview = Review & {
  members: ReviewEntry[];
  adminChanges: AdminChange[];
  previous: { id: string; submittedAt: string; dueAt: string } | null;
};
export type ReviewWithChanges = Review & { adminChanges: AdminChange[] };
export type OverdueReview = Review & { orgName: string; orgNumber: string; daysOverdue: number };

export const ELEMENT_STATUSES = ['available', 'confirmed', 'deleted'] as const;
export type DataElement = {
  id: string;
  orgId: string;
  serviceId: string | null;
  resourceId: string | null;
  serviceName: string | null;
  instanceRef: string | null;
  elementRef: string;
  madeAvailableAt: string;
  downloadDueAt: string;
  overdue: boolean;
  downloadedAt: string | null;
  confirmedAt: string | null;
  status: 'available' | 'confirmed' | 'deleted' | string;
  underEndUserControl: boolean;
  deletedAt: string | null;
  pendingDeletionRequestId: string | null;
};

export const REASON_KINDS = ['mistake', 'securityRisk'] as const;
export type ReasonKind = (typeof REASON_KINDS)[number];
export const REQUEST_STATUSES = ['pending', 'approved', 'refused'] as const;
export type DeletionRequest = {
  id: string;
  elementId: string;
  elementRef: string | null;
  instanceRef: string | null;
  serviceId: string | null;
  elementStatus: string | null;
  orgId: string;
  orgName: string;
  reasonKind: ReasonKind | string;
  reason: string;
  requestedBy: string | null;
  requestedByName: string | null;
  requestedAt: string;
  status: 'pending' | 'approved' | 'refused' | string;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
};

const org = (id: string) => `/organisations/${seg(id)}`;

// access reviews (S-7.2.1)
export const listReviews = (orgId: string, signal?: AbortSignal) => api.get<{ items: Review[] }>(`${org(orgId)}/access-reviews`, undefined, signal);
export const currentReview = (orgId: string, signal?: AbortSignal) => api.get<CurrentReview>(`${org(orgId)}/access-reviews/current`, undefined, signal);
export const getReview = (id: string, signal?: AbortSignal) => api.get<ReviewWithChanges>(`/access-reviews/${seg(id)}`, undefined, signal);
export const submitReview = (id: string, body: { entries: ReviewEntry[]; note?: string }) =>
  api.post<Review & { adminChanges: AdminChange[]; next: Review }>(`/access-reviews/${seg(id)}/submit`, body);
export const overdueReviews = (signal?: AbortSignal) => api.get<{ items: OverdueReview[] }>('/access-reviews/overdue', undefined, signal);

// data elements (S-7.4.1–S-7.4.3)
export const listDataElements = (orgId: string, q: { status?: string; overdue?: boolean; cursor?: string; limit?: number }, signal?: AbortSignal) =>
  api.get<{ items: DataElement[]; nextCursor: string | null }>(`${org(orgId)}/data-elements`, q, signal);
export const confirmDownload = (id: string) => api.post<DataElement>(`/data-elements/${seg(id)}/confirm-download`);
export const requestDeletion = (id: string, body: { reasonKind: ReasonKind; reason: string }) =>
  api.post<DeletionRequest>(`/data-elements/${seg(id)}/deletion-requests`, body);
export const listDeletionRequests = (q: { status?: string; orgId?: string }, signal?: AbortSignal) =>
  api.get<{ items: DeletionRequest[] }>('/deletion-requests', q, signal);
export const decideDeletion = (id: string, body: { decision: 'approved' | 'refused'; note: string }) =>
  api.post<DeletionRequest>(`/deletion-requests/${seg(id)}/decide`, body);
