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

/**
 * The hashed payload of an entry without its seq: JSON of `[at, actorUserId, actorLabel, orgId, action, targetType,
 * targetId, beforeDigest, afterDigest, details]`. An appender builds it before it knows the seq (outside the head
 * lock) and reuses it for the row it sends (see `appendAuditTails`).
 */
export function entryTail(f: Omit<ChainFields, 'seq'>): string {
  return JSON.stringify([f.at.toISOString(), f.actorUserId, f.actorLabel, f.orgId, f.action, f.targetType, f.targetId, f.beforeDigest, f.afterDigest, f.details]);
}

/** The chain hash of the entry `seq` whose payload tail is `tail` (see `entryTail`), following `prevHash`. */
export function chainHashOfTail(prevHash: string, seq: number, tail: string): string {
  // `[seq,` + the tail without its `[` is exactly JSON.stringify([seq, ...fields]); one-shot: the same digest as
  // hashing prevHash, '\n' and the JSON in turn, without a Hash object per entry.
  return hash('sha256', `${prevHash}\n[${seq},${tail.slice(1)}`, 'hex');
}

export function chainHash(prevHash: string, f: ChainFields): string {
  return chainHashOfTail(prevHash, f.seq, entryTail(f));
}

/** The hash of one line of a line batch (see auditLineBatches): SHA-256 of its UTF-8 text, hex. */
export function lineHash(line: string): string {
  return hash('sha256', line, 'hex');
}

/** The root a line batch's entry commits to: SHA-256 of the lines' hashes (hex) joined by "\n". */
export function linesRoot(lineHashes: readonly string[]): string {
  return hash('sha256', lineHashes.join('\n'), 'hex');
}
