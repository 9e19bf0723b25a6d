import { api, seg } from '../../app/api.ts';
import type { Text } from '../../app/i18n.ts';

export type InboxItem = {
  id: string;
  kind: string;
  title: Text;
  body: Text;
  /** Portal path to open, e.g. "/incidents/<id>". */
  link: string | null;
  createdAt: string;
  readAt: string | null;
};

export type InboxPage = { items: InboxItem[]; unreadCount: number; nextBefore: string | null };

export const listInbox = (query: { unread?: boolean; limit?: number; before?: string }, signal?: AbortSignal) =>
  api.get<InboxPage>('/inbox', { unread: query.unread || undefined, limit: query.limit, before: query.before }, signal);

export const markRead = (id: string) => api.post<{ item: InboxItem; unreadCount: number }>(`/inbox/${seg(id)}/read`);

export const markAllRead = () => api.post<{ marked: number; unreadCount: number }>('/inbox/read-all');

/** Fired on `window` when the unread count changed in this tab (the bell listens, so it need not wait for its poll). */
export const INBOX_CHANGED = 'samsvar:inbox-changed';
export function announceUnread(unreadCount: number): void {
  window.dispatchEvent(new CustomEvent<number>(INBOX_CHANGED, { detail: unreadCount }));
}
