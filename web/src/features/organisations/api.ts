import { api, seg } from '../../app/api.ts';
import type { OrgKind, Page, UserRole } from '../../app/types.ts';

export type Organisation = { id: string; orgNumber: string; name: string; kinds: OrgKind[]; createdAt: string };
export type Member = { userId: string; email: string; name: string; role: UserRole; createdAt: string };
export type InvitationItem = {
  id: string;
  email: string;
  role: UserRole;
  expiresAt: string;
  acceptedAt: string | null;
  createdAt: string;
};

const org = (id: string) => `/organisations/${seg(id)}`;

export const listOrganisations = (q: { cursor?: string; limit?: number; q?: string }, signal?: AbortSignal) =>
  api.get<Page<Organisation>>('/organisations', q, signal);
export const createOrganisation = (body: { orgNumber: string; name: string; kinds: OrgKind[] }) =>
  api.post<Organisation>('/organisations', body);
export const getOrganisation = (id: string, signal?: AbortSignal) => api.get<Organisation>(org(id), undefined, signal);
export const updateOrganisation = (id: string, body: { name?: string; kinds?: OrgKind[] }) =>
  api.patch<Organisation>(org(id), body);

export const listMembers = (id: string, signal?: AbortSignal) =>
  api.get<{ items: Member[] }>(`${org(id)}/members`, undefined, signal);
export const updateMember = (id: string, userId: string, role: UserRole) =>
  api.patch<Member>(`${org(id)}/members/${seg(userId)}`, { role });
export const removeMember = (id: string, userId: string) => api.del(`${org(id)}/members/${seg(userId)}`);

export const listInvitations = (id: string, signal?: AbortSignal) =>
  api.get<{ items: InvitationItem[] }>(`${org(id)}/invitations`, undefined, signal);
export const createInvitation = (id: string, body: { email: string; role: UserRole }) =>
  api.post<InvitationItem>(`${org(id)}/invitations`, body);
export const revokeInvitation = (id: string, invId: string) => api.del(`${org(id)}/invitations/${seg(invId)}`);
