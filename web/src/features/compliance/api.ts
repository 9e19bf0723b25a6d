import { API_BASE, api, withQuery } from '../../app/api.ts';

/** One row of the overview, exactly as the server types it (a type-only import: nothing of the server is bundled). */
export type { OverviewRow } from '../../../../src/modules/obligations/overview.ts';
import type { OverviewRow } from '../../../../src/modules/obligations/overview.ts';

export type OverviewFilter = { kind?: string; attention?: boolean };

export const getOverview = (q: OverviewFilter, signal?: AbortSignal) => api.get<{ items: OverviewRow[] }>('/compliance/overview', q, signal);
/** The same overview as CSV (semicolon-separated, UTF-8 with BOM), downloaded by the browser with the session cookie. */
export const overviewCsvUrl = (q: OverviewFilter) => withQuery(`${API_BASE}/compliance/overview`, { ...q, format: 'csv' });
