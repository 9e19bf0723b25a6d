import { api } from '../../app/api.ts';
import type { Page } from '../../app/types.ts';

export type AuditEntry = {
  seq: number;
  at: string;
  actorUserId: string | null;
  actorLabel: string | null;
  orgId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
  hash: string;
};
export type VerifyResult = { ok: boolean; checked: number; firstBadSeq?: number; reason?: string };

export const listAudit = (q: { cursor?: string; limit?: number }, signal?: AbortSignal) =>
  api.get<Page<AuditEntry>>('/audit', q, signal);
export const verifyAudit = () => api.get<VerifyResult>('/audit/verify');
