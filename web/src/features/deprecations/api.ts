/** Typed calls of the deprecations API (T-1.2.6, T-3.1.2); shapes are the server's TypeBox schemas. */
import type { Static } from '@sinclair/typebox';
import { api } from '../../app/api.ts';
import type { DeprecationView as DeprecationViewSchema } from '../../../../src/modules/deprecations/schemas.ts';

export type Deprecation = Static<typeof DeprecationViewSchema>;
export type DeprecationUsage = Deprecation['usage'][number];

export const listDeprecations = (q: { env?: string; noticeId?: string }, signal?: AbortSignal) => api.get<{ items: Deprecation[] }>('/deprecations', q, signal);
