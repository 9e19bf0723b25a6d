/**
 * Exports of a vendor's gateway call records with their chain proof [T-6], and their offline verification.
 *
 * An export is JSON lines:
 *   1. `header`: format, vendor, period, who exported when;
 *   2. `anchor`: the chain entry just before the first exported entry (seq and hash; seq 0 = the genesis hash);
 *   3. every chain entry from the vendor's first call record in the period to its last, in sequence order: the
 *      vendor's call records in full (`record`, every field the hash covers plus prevHash and hash), every other entry
 *      as a `link` (seq, prevHash and hash only — another organisation's entries are not disclosed);
 *   4. `end`: the last entry's seq and hash, the counts, and the chain head when the export was made.
 * The verifier recomputes the hash of every record from its fields and its prevHash, checks that the entries follow
 * each other without a gap (each prevHash is the hash of the entry before, starting at the anchor) and that every
 * record is a call record of the header's vendor in the period. A changed, removed, inserted or reordered record
 * breaks it. Offline it proves the export is internally consistent; that it is the live chain is shown by comparing
 * the anchor and end hashes with the log (`samsvar audit verify` checks the whole chain, the portal shows entries).
 */
import { and, asc, eq, gte, inArray, lt, sql, between } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { chainHash, GENESIS_HASH } from './chain.ts';
import { auditHead, auditLog } from './tables.ts';

export const EXPORT_FORMAT = 'samsvar-audit-export/1';
export const GATEWAY_CALL_ACTIONS = ['gateway.call', 'gateway.refused'] as const;

export interface ExportHeader {
  type: 'header';
  format: string;
  vendor: { orgId: string; orgNumber: string; name: string };
  from: string;
  to: string;
  actions: readonly string[];
  exportedAt: string;
  exportedBy: string;
}

export interface ExportRecord {
  type: 'record';
  seq: number;
  at: string;
  actorUserId: string | null;
  actorLabel: string;
  orgId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
  /** The details as stored (JSON text): the hash covers this exact text. */
  details: string | null;
  prevHash: string;
  hash: string;
}

type AuditRow = typeof auditLog.$inferSelect;

function recordOf(r: AuditRow): ExportRecord {
  return {
    type: 'record',
    seq: r.seq,
    at: r.at.toISOString(),
    actorUserId: r.actorUserId,
    actorLabel: r.actorLabel,
    orgId: r.orgId,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    beforeDigest: r.beforeDigest,
    afterDigest: r.afterDigest,
    details: r.details,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

/** The vendor's call records in [from, to) (by time of the audit entry): first and last seq and the count. */
export async function exportRange(db: Db, orgId: string, from: Date, to: Date): Promise<{ first: number; last: number; count: number } | null> {
  const [r] = await db
    .select({ first: sql<string | null>`min(${auditLog.seq})`, last: sql<string | null>`max(${auditLog.seq})`, count: sql<string>`count(*)` })
    .from(auditLog)
    .where(and(eq(auditLog.orgId, orgId), inArray(auditLog.action, [...GATEWAY_CALL_ACTIONS]), gte(auditLog.at, from), lt(auditLog.at, to)));
  if (!r || r.first === null || r.last === null) return null;
  return { first: Number(r.first), last: Number(r.last), count: Number(r.count) };
}

/** The export as JSON lines (each string ends with "\n"), read from the log in batches. */
export async function* exportVendorCalls(db: Db, header: Omit<ExportHeader, 'type' | 'format' | 'actions'>, batchSize = 2000): AsyncGenerator<string> {
  const from = new Date(header.from);
  const to = new Date(header.to);
  const orgId = header.vendor.orgId;
  const head = (await db.select().from(auditHead).where(eq(auditHead.id, 1)))[0] ?? { seq: 0, hash: GENESIS_HASH };
  const range = await exportRange(db, orgId, from, to);
  const h: ExportHeader = { type: 'header', format: EXPORT_FORMAT, ...header, actions: GATEWAY_CALL_ACTIONS };
  yield JSON.stringify(h) + '\n';
  let records = 0;
  let links = 0;
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  if (range) {
    const anchorSeq = range.first - 1;
    const anchor = anchorSeq === 0 ? { seq: 0, hash: GENESIS_HASH } : (await db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).where(eq(auditLog.seq, anchorSeq)))[0];
    if (!anchor) throw new Error(`audit entry ${anchorSeq} is missing; run "samsvar audit verify"`);
    yield JSON.stringify({ type: 'anchor', seq: anchor.seq, hash: anchor.hash }) + '\n';
    lastSeq = anchor.seq;
    lastHash = anchor.hash;
    const fromMs = from.getTime();
    const toMs = to.getTime();
    for (let lo = range.first; lo <= range.last; lo += batchSize) {
      const hi = Math.min(range.last, lo + batchSize - 1);
      const rows = await db.select().from(auditLog).where(between(auditLog.seq, lo, hi)).orderBy(asc(auditLog.seq));
      let out = '';
      for (const r of rows) {
        const own = r.orgId === orgId && (GATEWAY_CALL_ACTIONS as readonly string[]).includes(r.action) && r.at.getTime() >= fromMs && r.at.getTime() < toMs;
        if (own) {
          out += JSON.stringify(recordOf(r)) + '\n';
          records++;
        } else {
          out += JSON.stringify({ type: 'link', seq: r.seq, prevHash: r.prevHash, hash: r.hash }) + '\n';
          links++;
        }
        lastSeq = r.seq;
        lastHash = r.hash;
      }
      yield out;
    }
  }
  yield JSON.stringify({ type: 'end', lastSeq, lastHash, records, links, head: { seq: head.seq, hash: head.hash } }) + '\n';
}

export interface ExportVerifyResult {
  ok: boolean;
  records: number;
  links: number;
  vendor?: ExportHeader['vendor'];
  from?: string;
  to?: string;
  firstSeq?: number;
  lastSeq?: number;
  lastHash?: string;
  /** When broken: the first bad entry's seq (when it has one) and line number, and why. */
  badSeq?: number;
  badLine?: number;
  reason?: string;
}

/** Verifies an export offline (lines as read from the file, without their line ends). */
export function verifyExport(lines: Iterable<string>): ExportVerifyResult {
  let n = 0;
  let header: ExportHeader | undefined;
  let prev: { seq: number; hash: string } | undefined;
  let firstSeq: number | undefined;
  let records = 0;
  let links = 0;
  let ended = false;
  const fail = (reason: string, seq?: number): ExportVerifyResult => ({ ok: false, records, links, vendor: header?.vendor, badLine: n, badSeq: seq, reason });
  for (const raw of lines) {
    n++;
    const line = raw.trim();
    if (line === '') continue;
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return fail(`line ${n} is not JSON`);
    }
    if (ended) return fail(`line ${n} follows the end line`);
    const seq = typeof e.seq === 'number' ? e.seq : undefined;
    if (!header) {
      if (e.type !== 'header' || e.format !== EXPORT_FORMAT) return fail(`line 1 is not a ${EXPORT_FORMAT} header`);
      header = e as unknown as ExportHeader;
      continue;
    }
    switch (e.type) {
      case 'anchor':
        if (prev) return fail(`a second anchor on line ${n}`, seq);
        if (seq === undefined || typeof e.hash !== 'string') return fail(`the anchor on line ${n} has no seq or hash`);
        if (seq === 0 && e.hash !== GENESIS_HASH) return fail('the anchor at entry 0 is not the genesis hash', 0);
        prev = { seq, hash: e.hash };
        break;
      case 'record':
      case 'link': {
        if (!prev) return fail(`entry on line ${n} before the anchor`, seq);
        if (seq === undefined) return fail(`line ${n} has no seq`);
        if (seq !== prev.seq + 1) return fail(`entry ${prev.seq + 1} is missing (line ${n} holds entry ${seq})`, seq);
        if (e.prevHash !== prev.hash) return fail(`entry ${seq} does not follow entry ${prev.seq} (deleted, inserted, reordered or changed)`, seq);
        if (typeof e.hash !== 'string') return fail(`entry ${seq} has no hash`, seq);
        if (e.type === 'record') {
          const r = e as unknown as ExportRecord;
          const at = new Date(r.at);
          if (Number.isNaN(at.getTime())) return fail(`entry ${seq} has no valid time`, seq);
          const recomputed = chainHash(r.prevHash, { ...r, at });
          if (recomputed !== r.hash) return fail(`entry ${seq} was changed after it was written (its hash does not match its content)`, seq);
          if (r.orgId !== header.vendor.orgId || !header.actions.includes(r.action) || at.getTime() < Date.parse(header.from) || at.getTime() >= Date.parse(header.to)) {
            return fail(`entry ${seq} is not a call record of vendor ${header.vendor.orgNumber} in the period`, seq);
          }
          records++;
        } else links++;
        firstSeq ??= seq;
        prev = { seq, hash: e.hash };
        break;
      }
      case 'end': {
        const last = prev ?? { seq: 0, hash: GENESIS_HASH };
        if (e.lastSeq !== last.seq || e.lastHash !== last.hash) return fail(`the end line names entry ${String(e.lastSeq)} but the last entry is ${last.seq} (entries removed from the end)`, last.seq);
        if (e.records !== records || e.links !== links) return fail(`the end line counts ${String(e.records)} records and ${String(e.links)} links; the file has ${records} and ${links}`);
        ended = true;
        break;
      }
      default:
        return fail(`line ${n} has an unknown type "${String(e.type)}"`, seq);
    }
  }
  if (!header) return fail('the file is empty');
  if (!ended) return fail('the end line is missing (the export is truncated)');
  return { ok: true, records, links, vendor: header.vendor, from: header.from, to: header.to, firstSeq, lastSeq: prev?.seq, lastHash: prev?.hash };
}

/** CSV of the vendor's call records (no proof): one row per call. */
export async function* exportVendorCallsCsv(db: Db, orgId: string, from: Date, to: Date, batchSize = 2000): AsyncGenerator<string> {
  const cols = ['seq', 'loggedAt', 'calledAt', 'env', 'method', 'path', 'status', 'latencyMs', 'bytesIn', 'bytesOut', 'refusal', 'customer', 'systemUser', 'clientId', 'product', 'route', 'hash'];
  const cell = (v: unknown) => {
    if (v === undefined || v === null) return '';
    let s = String(v);
    // Spreadsheet formula injection: a leading =, +, - or @ is quoted as text.
    if (/^[=+\-@]/.test(s) && typeof v === 'string') s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  yield cols.join(',') + '\r\n';
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, orgId), inArray(auditLog.action, [...GATEWAY_CALL_ACTIONS]), gte(auditLog.at, from), lt(auditLog.at, to), sql`${auditLog.seq} > ${after}`))
      .orderBy(asc(auditLog.seq))
      .limit(batchSize);
    if (rows.length === 0) break;
    let out = '';
    for (const r of rows) {
      const d = (r.details ? JSON.parse(r.details) : {}) as Record<string, unknown>;
      out += [r.seq, r.at.toISOString(), d.calledAt, d.env, d.method, d.path, d.status, d.latencyMs, d.bytesIn, d.bytesOut, d.refusal, d.customer, d.systemUser, d.clientId, d.product, d.route, r.hash].map(cell).join(',') + '\r\n';
      after = r.seq;
    }
    yield out;
  }
}
