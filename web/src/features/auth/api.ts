import { api, seg } from '../../app/api.ts';
import type { Role, Session } from '../../app/types.ts';

export type Providers = { local: boolean; oidc: { id: string; name: string }[]; demo?: boolean };
export type Invitation = { email: string; orgName: string; role: Role; expiresAt: string };

export const getProviders = (signal?: AbortSignal) => api.get<Providers>('/auth/providers', undefined, signal);
export const oidcLoginUrl = (id: string) => `/api/v1/auth/oidc/${seg(id)}/login`;

export const getInvitation = (token: string, signal?: AbortSignal) =>
  api.get<Invitation>(`/invitations/${seg(token)}`, undefined, signal);
export const acceptInvitation = (token: string, body: { name: string; password: string }) =>
  api.post<Session>(`/invitations/${seg(token)}/accept`, body);
