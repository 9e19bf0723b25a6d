import { api, seg } from '../../app/api.ts';

export type DutyEntry = {
  id: string;
  userId: string;
  name: string;
  email: string;
  /** ISO instants with the Oslo offset. */
  startsAt: string;
  endsAt: string;
  note: string | null;
  /** The entry covers the current time. */
  current: boolean;
  createdBy: string | null;
  createdAt: string;
};
export type OnDutyUser = { userId: string; email: string; name: string };
export type DutyNow = { at: string; fallback: boolean; users: OnDutyUser[]; entries: DutyEntry[] };
export type DutyOperator = OnDutyUser & { role: string };

/** Entries overlapping [from, to); both an ISO instant or an Oslo date `YYYY-MM-DD[THH:mm]`. */
export const listDuty = (from: string, to: string, signal?: AbortSignal) =>
  api.get<{ from: string; to: string; items: DutyEntry[] }>('/duty', { from, to }, signal);
export const dutyNow = (signal?: AbortSignal) => api.get<DutyNow>('/duty/now', undefined, signal);
export const dutyOperators = (signal?: AbortSignal) => api.get<{ items: DutyOperator[] }>('/duty/operators', undefined, signal);
/** `startsAt` / `endsAt` as `YYYY-MM-DDTHH:mm` in Oslo time (what `<input type="datetime-local">` gives). */
export const createDuty = (body: { userId: string; startsAt: string; endsAt: string; note?: string | null }) => api.post<DutyEntry>('/duty', body);
export const deleteDuty = (id: string) => api.del(`/duty/${seg(id)}`);
