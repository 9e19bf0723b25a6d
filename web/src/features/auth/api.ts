import { API_BASE, api, request, seg, withQuery } from '../../app/api.ts';
import type { UserRole, Session } from '../../app/types.ts';

export type Providers = { local: boolean; oidc: { id: string; name: string }[]; demo?: boolean };
export type Invitation = {
  email: string;
  orgName: string;
  role: UserRole;
  expiresAt: string;
  /** An account with the invited e-mail exists: accepting without a session asks for its password only. */
  existingAccount: boolean;
};
/** Signed in: `{}` (the membership goes to that account). Existing account: `{ password }`. New: `{ name, password }`. */
export type AcceptBody = { name?: string; password?: string };

export const getProviders = (signal?: AbortSignal) => api.get<Providers>('/auth/providers', undefined, signal);
/** Starts an OpenID Connect log-in; the server sends the browser back to `returnTo` (a same-site path) after it. */
export const oidcLoginUrl = (id: string, returnTo?: string) =>
  withQuery(`${API_BASE}/auth/oidc/${seg(id)}/login`, { returnTo });

export const getInvitation = (token: string, signal?: AbortSignal) =>
  api.get<Invitation>(`/invitations/${seg(token)}`, undefined, signal);
/** Answers a session (the user is logged in). 401 is a wrong password here, not an ended session: kept quiet. */
export const acceptInvitation = (token: string, body: AcceptBody) =>
  request<Session>('POST', `/invitations/${seg(token)}/accept`, { body, quiet401: true });
