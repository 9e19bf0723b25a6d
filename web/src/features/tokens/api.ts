import { api, seg } from '../../app/api.ts';

export type TokenItem = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  orgId: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
export type CreatedToken = TokenItem & { token: string };

export const listTokens = (signal?: AbortSignal) => api.get<{ items: TokenItem[] }>('/me/tokens', undefined, signal);
export const createToken = (body: { name: string; scopes: string[]; orgId: string; expiresInDays?: number }) =>
  api.post<CreatedToken>('/me/tokens', body);
export const revokeToken = (id: string) => api.del(`/me/tokens/${seg(id)}`);
