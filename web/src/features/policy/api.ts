import { api } from '../../app/api.ts';
import type { Text } from '../../app/i18n.ts';

/** The agreement policy. Its inner shapes are still evolving, so pages treat it as generic JSON. */
export type Policy = {
  version: string;
  name: Text | string;
  description?: Text | string;
  effectiveFrom: string;
  [key: string]: unknown;
};

export type Clause = {
  id: string;
  agreement: 'terms' | 'sla' | string;
  section: string;
  title: Text;
  summary: Text;
  enforcement: string;
  source?: unknown;
  [key: string]: unknown;
};

export const getPolicy = (signal?: AbortSignal) => api.get<Policy>('/policy', undefined, signal);
export const listClauses = (signal?: AbortSignal) => api.get<{ items: Clause[] }>('/clauses', undefined, signal);
