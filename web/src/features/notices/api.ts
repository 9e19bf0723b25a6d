/**
 * Typed calls of the notices API. The shapes are the server's own TypeBox schemas (type-only imports: nothing of the
 * server is bundled), so a change of the contract breaks the type check here.
 */
import type { Static } from '@sinclair/typebox';
import { api, seg } from '../../app/api.ts';
import type { Text } from '../../app/i18n.ts';
import type {
  AffectedApi as AffectedApiSchema,
  CancelBody,
  CheckBody,
  CheckResult as CheckResultSchema,
  ClassInfo as ClassInfoSchema,
  CreateBody,
  EditBody,
  ExtendBody,
  ListQuery,
  MessageBody,
  NoticeDetail as NoticeDetailSchema,
  NoticeView as NoticeViewSchema,
  RescheduleBody,
  UpdateBody,
} from '../../../../src/modules/notices/schemas.ts';

export type NoticeView = Static<typeof NoticeViewSchema>;
export type NoticeDetail = Static<typeof NoticeDetailSchema>;
export type CheckResult = Static<typeof CheckResultSchema>;
export type ClassInfo = Static<typeof ClassInfoSchema>;
export type AffectedApi = Static<typeof AffectedApiSchema>;
export type CreateInput = Static<typeof CreateBody>;
export type CheckInput = Static<typeof CheckBody>;
export type NoticeIssue = CheckResult['warnings'][number];
export type ListFilter = Static<typeof ListQuery>;

export { NOTICE_STATES, NOTICE_IMPACTS } from '../../../../src/modules/notices/schemas.ts';
export type NoticeState = NoticeView['state'];

const one = (id: string) => `/notices/${seg(id)}`;

export const listNotices = (filter: ListFilter, signal?: AbortSignal) => api.get<{ items: NoticeView[] }>('/notices', filter as never, signal);
export const listClasses = (signal?: AbortSignal) => api.get<{ items: ClassInfo[] }>('/notices/classes', undefined, signal);
export const getNotice = (id: string, signal?: AbortSignal) => api.get<NoticeDetail>(one(id), undefined, signal);
export const checkNotice = (body: CheckInput) => api.post<CheckResult>('/notices/check', body);
export const createNotice = (body: CreateInput) => api.post<NoticeDetail>('/notices', body);
export const editNotice = (id: string, body: Static<typeof EditBody>) => api.patch<NoticeDetail>(one(id), body);
export const rescheduleNotice = (id: string, body: Static<typeof RescheduleBody>) => api.post<NoticeDetail>(`${one(id)}/reschedule`, body);
export const startNotice = (id: string, body: Static<typeof MessageBody>) => api.post<NoticeDetail>(`${one(id)}/start`, body);
export const completeNotice = (id: string, body: Static<typeof MessageBody>) => api.post<NoticeDetail>(`${one(id)}/complete`, body);
export const extendNotice = (id: string, body: Static<typeof ExtendBody>) => api.post<NoticeDetail>(`${one(id)}/extend`, body);
export const addUpdate = (id: string, body: Static<typeof UpdateBody>) => api.post<NoticeDetail>(`${one(id)}/updates`, body);
export const cancelNotice = (id: string, body: Static<typeof CancelBody>) => api.post<NoticeDetail>(`${one(id)}/cancel`, body);

export type ComponentClass = { id: string; name: Text; operatingWindow: string; components: { id: string; name: Text }[] };
/** The component catalogue of the policy, by class (for the component picker). */
export async function listComponents(signal?: AbortSignal): Promise<{ classes: ComponentClass[]; products: { key: string; name: Text }[] }> {
  const policy = await api.get<{
    componentClasses?: Record<string, { name: Text; operatingWindow: string; components?: { id: string; name: Text }[] }>;
    products?: Record<string, { name: Text }>;
  }>('/policy', undefined, signal);
  return {
    classes: Object.entries(policy.componentClasses ?? {}).map(([id, c]) => ({ id, name: c.name, operatingWindow: c.operatingWindow, components: c.components ?? [] })),
    products: Object.entries(policy.products ?? {}).map(([key, p]) => ({ key, name: p.name })),
  };
}

/** Component id → name, from the policy (for lists that store ids). */
export async function componentNames(signal?: AbortSignal): Promise<Map<string, Text>> {
  const { classes } = await listComponents(signal);
  return new Map(classes.flatMap((c) => c.components.map((x) => [x.id, x.name] as const)));
}
