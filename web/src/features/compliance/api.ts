import { API_BASE, api, withQuery } from '../../app/api.ts';

export type OverviewRow = {
  orgId: string;
  orgNumber: string;
  name: string;
  kinds: string[];
  contacts: { total: number; stale: number; soonStale: number };
  systems: number | null;
  products: string[] | null;
  services: {
    total: number;
    planned: number;
    notified: number;
    production: number;
    deactivated: number;
    removed: number;
    outdated: number;
    idle: number;
    reviewOverdue: number;
  } | null;
  accessReview: { id: string; dueAt: string; status: string } | null;
  dataElementsOverdue: number | null;
  deletionRequestsPending: number | null;
  /** Vendors: the terms and termination state as the access decision sees it. */
  terms: { state: 'accepted' | 'pending' | 'notAccepted'; deadline: string | null; termination: string | null; terminated: boolean } | null;
  attention: boolean;
  reasons: string[];
};

export type OverviewFilter = { kind?: string; attention?: boolean };

export const getOverview = (q: OverviewFilter, signal?: AbortSignal) => api.get<{ items: OverviewRow[] }>('/compliance/overview', q, signal);
/** The same overview as CSV (semicolon-separated, UTF-8 with BOM), downloaded by the browser with the session cookie. */
export const overviewCsvUrl = (q: OverviewFilter) => withQuery(`${API_BASE}/compliance/overview`, { ...q, format: 'csv' });
