/** Typed calls of the measures API (T-1.2.8, T-7.1, T-7.2, S-7.3.5, S-7.3.8, S-7.3.9); shapes are the server's TypeBox schemas. */
import type { Static } from '@sinclair/typebox';
import { api, seg } from '../../app/api.ts';
import type { ApplyBody as ApplySchema, MeasureView as MeasureSchema, Options as OptionsSchema } from '../../../../src/modules/measures/schemas.ts';

export type Measure = Static<typeof MeasureSchema>;
export type ApplyBody = Static<typeof ApplySchema>;
export type MeasureOptions = Static<typeof OptionsSchema>;

export const listMeasures = (q: { state?: 'active' | 'all' }, signal?: AbortSignal) => api.get<{ items: Measure[] }>('/measures', q, signal);
export const getMeasure = (id: string, signal?: AbortSignal) => api.get<Measure>(`/measures/${seg(id)}`, undefined, signal);
export const measureOptions = (signal?: AbortSignal) => api.get<MeasureOptions>('/measures/options', undefined, signal);
export const applyMeasure = (body: ApplyBody) => api.post<Measure>('/measures', body);
export const liftMeasure = (id: string, reason: string) => api.post<Measure>(`/measures/${seg(id)}/lift`, { reason });
