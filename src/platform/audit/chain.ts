/** Pure hash-chain arithmetic of the audit log, shared by append and verify. */
import { createHash, hash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainFields {
  seq: number;
  at: Date;
  actorUserId: string | null;
  actorLabel: string;
  orgId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
  details: string | null;
}

/** JSON with object keys sorted, so equal values always give equal digests. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    }
    return v;
  });
}

export function digest(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function chainHash(prevHash: string, f: ChainFields): string {
  const payload = [
    f.seq,
    f.at.toISOString(),
    f.actorUserId,
    f.actorLabel,
    f.orgId,
    f.action,
    f.targetType,
    f.targetId,
    f.beforeDigest,
    f.afterDigest,
    f.details,
  ];
  // One-shot: the same digest as hashing prevHash, '\n' and the JSON in turn, without a Hash object per entry.
  return hash('sha256', `${prevHash}\n${JSON.stringify(payload)}`, 'hex');
}
