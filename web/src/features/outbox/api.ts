import { api } from '../../app/api.ts';

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'kept';
export type OutboxMessage = {
  id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
};

export const listOutbox = (signal?: AbortSignal) =>
  api.get<{ items: OutboxMessage[] }>('/mail/outbox', undefined, signal);
