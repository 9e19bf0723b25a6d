import { api, seg } from '../../app/api.ts';
import type { Membership, User } from '../../app/types.ts';

export type UserItem = {
  id: string;
  email: string;
  name: string;
  createdAt: string;
  disabled: boolean;
  memberships: Membership[];
};

export const listUsers = (q: string, signal?: AbortSignal) => api.get<{ items: UserItem[] }>('/users', { q }, signal);
export const setUserDisabled = (id: string, disabled: boolean) =>
  api.patch<UserItem>(`/users/${seg(id)}`, { disabled });

export const updateMe = (body: { name?: string; locale?: string }) => api.patch<User | undefined>('/me', body);
export const changePassword = (body: { currentPassword: string; newPassword: string }) =>
  api.post<void>('/me/password', body);
