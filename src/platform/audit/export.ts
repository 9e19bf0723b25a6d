/**
 * Exports of a vendor's gateway call records with their chain proof [T-6], and their offline verification.
 *
 * Call records reach the chain two ways: as an entry per call (`gateway.call` / `gateway.refused`, written before
 * decision 0010) and as the lines of a line batch (one entry commits to a flush's calls by the root of their hashes,
 * the lines stored beside it; see appendAuditLines). A line is a JSON array whose first two values are the vendor's
 * org id and the call's time; the header names the columns.
 *
 * An export is JSON lines:
 *   1. `header`: format, vendor, period, the line columns, who exported when;
 *   2. `anchor`: the chain entry just before the first exported entry (seq and hash; seq 0 = the genesis hash);
 *   3. every chain entry from the vendor's first call in the period to its last, in sequence order:
 *      - an entry per call of the vendor in the period as a `record` (every field the hash covers, prevHash, hash);
 *      - a line batch holding calls of the vendor in the period as a `batch` (the entry's fields, and the hashes of
 *        all its lines — others' lines are not disclosed), followed by those calls as `line`s (index and text);
 *      - every other entry as a `link` (seq, prevHash and hash only — another organisation's entries are not disclosed);
 *   4. `end`: the last entry's seq and hash, the counts, and the chain head when the export was made.
 * The verifier recomputes the hash of every record and batch from its fields and its prevHash, checks that the
 * entries follow each other without a gap (each prevHash is the hash of the entry before, starting at the anchor),
 * that a batch's line hashes give the root its entry commits to, that every line hashes to its place, and that every
 * record and line is a call of the header's vendor in the period. A changed, removed, inserted or reordered record or
 * line breaks it. Offline it proves the export is internally consistent; that it is the live chain is shown by
 * comparing the anchor and end hashes with the log (`samsvar audit verify` checks the whole chain and every batch's
 * stored lines, the portal shows entries).
 */
import { and, asc, eq, gte, inArray, lt, sql, between, lte, gt, arrayContains } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { chainHash, GENESIS_HASH, lineHash, linesRoot } from './chain.ts';
import { auditHead, auditLineBatches, auditLog } from './tables.ts';

export const EXPORT_FORMAT = 'samsvar-audit-export/2';
/** Exports made before line batches; they verify still. */
export const EXPORT_FORMAT_V1 = 'samsvar-audit-export/1';
/** The actions of an entry per call (before decision 0010). */
export const GATEWAY_CALL_ACTIONS = ['gateway.call', 'gateway.refused'] as const;

/** What an export covers: the vendor, the period, and the line batches of calls (their action and columns). */
export interface ExportScope {
  vendor: { orgId: string; orgNumber: string; name: string };
  from: string;
  to: string;
  /** The action of the line batches holding calls, and the names of a line's values (the first two: org id, time). */
  lines: { action: string; columns: readonly string[] };
}

export interface ExportHeader extends ExportScope {
  type: 'header';
  format: string;
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

/** The chain entries holding the vendor's calls in [from, to): first and last seq. */
export async function exportRange(db: Db, orgId: string, from: Date, to: Date): Promise<{ first: number; last: number } | null> {
  const [r] = await db
    .select({ first: sql<string | null>`min(${auditLog.seq})`, last: sql<string | null>`max(${auditLog.seq})` })
    .from(auditLog)
    .where(and(eq(auditLog.orgId, orgId), inArray(auditLog.action, [...GATEWAY_CALL_ACTIONS]), gte(auditLog.at, from), lt(auditLog.at, to)));
  const [b] = await db
    .select({ first: sql<string | null>`min(${auditLineBatches.seq})`, last: sql<string | null>`max(${auditLineBatches.seq})` })
    .from(auditLineBatches)
    .where(and(arrayContains(auditLineBatches.orgIds, [orgId]), gte(auditLineBatches.lastAt, from), lt(auditLineBatches.firstAt, to)));
  const firsts = [r?.first, b?.first].filter((x): x is string => x != null).map(Number);
  const lasts = [r?.last, b?.last].filter((x): x is string => x != null).map(Number);
  if (firsts.length === 0) return null;
  return { first: Math.min(...firsts), last: Math.max(...lasts) };
}

/** The vendor's lines in the period among a batch's lines: their indexes and texts. */
function ownLines(lines: string, orgId: string, fromMs: number, toMs: number): Array<{ index: number; line: string }> {
  const own: Array<{ index: number; line: string }> = [];
  const prefix = `[${JSON.stringify(orgId)},`;
  lines.split('\n').forEach((line, index) => {
    if (!line.startsWith(prefix)) return;
    const at = Date.parse((JSON.parse(line) as unknown[])[1] as string);
    if (at >= fromMs && at < toMs) own.push({ index, line });
  });
  return own;
}

/** The stretches of the export, in seq order: the entries of [lo, hi] and the vendor's line batches among them. */
async function* stretches(db: Db, range: { first: number; last: number }, orgId: string, size: number) {
  for (let lo = range.first; lo <= range.last; lo += size) {
    const hi = Math.min(range.last, lo + size - 1);
    const rows = await db.select().from(auditLog).where(between(auditLog.seq, lo, hi)).orderBy(asc(auditLog.seq));
    const batches = new Map<number, string>();
    for (const b of await db
      .select({ seq: auditLineBatches.seq, lines: auditLineBatches.lines })
      .from(auditLineBatches)
      .where(and(gte(auditLineBatches.seq, lo), lte(auditLineBatches.seq, hi), arrayContains(auditLineBatches.orgIds, [orgId])))) {
      batches.set(b.seq, b.lines);
    }
    yield { rows, batches };
  }
}

/** The export as JSON lines (each string ends with "\n"), read from the log in stretches. */
export async function* exportVendorCalls(db: Db, scope: ExportScope & { exportedAt: string; exportedBy: string }, stretchSize = 500): AsyncGenerator<string> {
  const from = new Date(scope.from);
  const to = new Date(scope.to);
  const orgId = scope.vendor.orgId;
  const head = (await db.select().from(auditHead).where(eq(auditHead.id, 1)))[0] ?? { seq: 0, hash: GENESIS_HASH };
  const range = await exportRange(db, orgId, from, to);
  const h: ExportHeader = { type: 'header', format: EXPORT_FORMAT, ...scope, actions: GATEWAY_CALL_ACTIONS };
  yield JSON.stringify(h) + '\n';
  let records = 0;
  let batchCount = 0;
  let lineCount = 0;
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
    for await (const { rows, batches } of stretches(db, range, orgId, stretchSize)) {
      let out = '';
      for (const r of rows) {
        const stored = r.action === scope.lines.action ? batches.get(r.seq) : undefined;
        const own = stored !== undefined ? ownLines(stored, orgId, fromMs, toMs) : [];
        if (own.length > 0) {
          out += JSON.stringify({ ...recordOf(r), type: 'batch', lineHashes: stored!.split('\n').map(lineHash) }) + '\n';
          for (const l of own) out += JSON.stringify({ type: 'line', seq: r.seq, index: l.index, line: l.line }) + '\n';
          batchCount++;
          lineCount += own.length;
        } else if (r.orgId === orgId && (GATEWAY_CALL_ACTIONS as readonly string[]).includes(r.action) && r.at.getTime() >= fromMs && r.at.getTime() < toMs) {
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
  yield JSON.stringify({ type: 'end', lastSeq, lastHash, records, batches: batchCount, lines: lineCount, links, head: { seq: head.seq, hash: head.hash } }) + '\n';
}

export interface ExportVerifyResult {
  ok: boolean;
  /** Calls in the export: records (an entry each) and lines (of batches). */
  calls: number;
  records: number;
  batches: number;
  lines: number;
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

/** Verifies an export offline (lines as read from the file, without their line ends); formats 1 and 2. */
export function verifyExport(fileLines: Iterable<string>): ExportVerifyResult {
  let n = 0;
  let header: ExportHeader | undefined;
  let prev: { seq: number; hash: string } | undefined;
  let firstSeq: number | undefined;
  let records = 0;
  let batches = 0;
  let lines = 0;
  let links = 0;
  let ended = false;
  /** The batch whose lines may follow: its seq, line hashes and the last line's index. */
  let batch: { seq: number; hashes: string[]; last: number } | undefined;
  let fromMs = NaN;
  let toMs = NaN;
  const fail = (reason: string, seq?: number): ExportVerifyResult => ({ ok: false, calls: records + lines, records, batches, lines, links, vendor: header?.vendor, badLine: n, badSeq: seq, reason });
  for (const raw of fileLines) {
    n++;
    const text = raw.trim();
    if (text === '') continue;
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return fail(`line ${n} is not JSON`);
    }
    if (ended) return fail(`line ${n} follows the end line`);
    const seq = typeof e.seq === 'number' ? e.seq : undefined;
    if (!header) {
      if (e.type !== 'header' || (e.format !== EXPORT_FORMAT && e.format !== EXPORT_FORMAT_V1)) return fail(`line 1 is not a ${EXPORT_FORMAT} header`);
      header = e as unknown as ExportHeader;
      fromMs = Date.parse(header.from);
      toMs = Date.parse(header.to);
      continue;
    }
    if (e.type !== 'line') batch = undefined;
    switch (e.type) {
      case 'anchor':
        if (prev) return fail(`a second anchor on line ${n}`, seq);
        if (seq === undefined || typeof e.hash !== 'string') return fail(`the anchor on line ${n} has no seq or hash`);
        if (seq === 0 && e.hash !== GENESIS_HASH) return fail('the anchor at entry 0 is not the genesis hash', 0);
        prev = { seq, hash: e.hash };
        break;
      case 'record':
      case 'batch':
      case 'link': {
        if (!prev) return fail(`entry on line ${n} before the anchor`, seq);
        if (seq === undefined) return fail(`line ${n} has no seq`);
        if (seq !== prev.seq + 1) return fail(`entry ${prev.seq + 1} is missing (line ${n} holds entry ${seq})`, seq);
        if (e.prevHash !== prev.hash) return fail(`entry ${seq} does not follow entry ${prev.seq} (deleted, inserted, reordered or changed)`, seq);
        if (typeof e.hash !== 'string') return fail(`entry ${seq} has no hash`, seq);
        if (e.type !== 'link') {
          const r = e as unknown as ExportRecord;
          const at = new Date(r.at);
          if (Number.isNaN(at.getTime())) return fail(`entry ${seq} has no valid time`, seq);
          if (chainHash(r.prevHash, { ...r, at }) !== r.hash) return fail(`entry ${seq} was changed after it was written (its hash does not match its content)`, seq);
          if (e.type === 'record') {
            if (r.orgId !== header.vendor.orgId || !header.actions.includes(r.action) || at.getTime() < fromMs || at.getTime() >= toMs) {
              return fail(`entry ${seq} is not a call record of vendor ${header.vendor.orgNumber} in the period`, seq);
            }
            records++;
          } else {
            if (header.format === EXPORT_FORMAT_V1 || r.action !== header.lines?.action) return fail(`entry ${seq} is not a batch of call lines`, seq);
            const hashes = e.lineHashes;
            if (!Array.isArray(hashes) || !hashes.every((x) => typeof x === 'string')) return fail(`batch ${seq} has no line hashes`, seq);
            let d: { lines?: unknown; root?: unknown };
            try {
              d = JSON.parse(r.details ?? '') as typeof d;
            } catch {
              return fail(`batch ${seq} has no details`, seq);
            }
            if (d.lines !== hashes.length || d.root !== linesRoot(hashes as string[])) return fail(`batch ${seq}: its line hashes do not give the root its entry commits to (a line hash changed, removed or added)`, seq);
            batch = { seq, hashes: hashes as string[], last: -1 };
            batches++;
          }
        } else links++;
        firstSeq ??= seq;
        prev = { seq, hash: e.hash };
        break;
      }
      case 'line': {
        if (!batch || seq !== batch.seq) return fail(`the line on line ${n} does not follow its batch (entry ${String(seq)})`, seq);
        const index = e.index;
        if (typeof index !== 'number' || !Number.isInteger(index) || index <= batch.last || index >= batch.hashes.length) return fail(`line ${n}: line index ${String(index)} is out of order or outside batch ${seq}`, seq);
        if (typeof e.line !== 'string' || lineHash(e.line) !== batch.hashes[index]) return fail(`line ${index} of batch ${seq} was changed after it was written (its hash does not match)`, seq);
        let values: unknown[];
        try {
          values = JSON.parse(e.line) as unknown[];
        } catch {
          return fail(`line ${index} of batch ${seq} is not a JSON line`, seq);
        }
        const at = Array.isArray(values) ? Date.parse(String(values[1])) : NaN;
        if (!Array.isArray(values) || values[0] !== header.vendor.orgId || !(at >= fromMs && at < toMs)) return fail(`line ${index} of batch ${seq} is not a call of vendor ${header.vendor.orgNumber} in the period`, seq);
        batch.last = index;
        lines++;
        break;
      }
      case 'end': {
        const last = prev ?? { seq: 0, hash: GENESIS_HASH };
        if (e.lastSeq !== last.seq || e.lastHash !== last.hash) return fail(`the end line names entry ${String(e.lastSeq)} but the last entry is ${last.seq} (entries removed from the end)`, last.seq);
        const counted = header.format === EXPORT_FORMAT_V1 ? e.records === records && e.links === links : e.records === records && e.batches === batches && e.lines === lines && e.links === links;
        if (!counted) return fail(`the end line counts ${String(e.records)} records, ${String(e.lines ?? 0)} lines and ${String(e.links)} links; the file has ${records}, ${lines} and ${links}`);
        ended = true;
        break;
      }
      default:
        return fail(`line ${n} has an unknown type "${String(e.type)}"`, seq);
    }
  }
  if (!header) return fail('the file is empty');
  if (!ended) return fail('the end line is missing (the export is truncated)');
  return { ok: true, calls: records + lines, records, batches, lines, links, vendor: header.vendor, from: header.from, to: header.to, firstSeq, lastSeq: prev?.seq, lastHash: prev?.hash };
}

/** CSV of the vendor's calls (no proof): one row per call, in chain order; `hash` is the entry's or the line's. */
export async function* exportVendorCallsCsv(db: Db, scope: ExportScope, stretchSize = 500): AsyncGenerator<string> {
  const cols = ['seq', 'loggedAt', 'calledAt', 'env', 'method', 'path', 'status', 'latencyMs', 'bytesIn', 'bytesOut', 'refusal', 'customer', 'systemUser', 'clientId', 'product', 'route', 'hash'];
  const cell = (v: unknown) => {
    if (v === undefined || v === null) return '';
    let s = String(v);
    // Spreadsheet formula injection: a leading =, +, - or @ is quoted as text.
    if (/^[=+\-@]/.test(s) && typeof v === 'string') s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const from = new Date(scope.from);
  const to = new Date(scope.to);
  const orgId = scope.vendor.orgId;
  const col = new Map(scope.lines.columns.map((c, i) => [c, i]));
  yield cols.join(',') + '\r\n';
  const range = await exportRange(db, orgId, from, to);
  if (!range) return;
  for await (const { rows, batches } of stretches(db, range, orgId, stretchSize)) {
    let out = '';
    for (const r of rows) {
      const stored = r.action === scope.lines.action ? batches.get(r.seq) : undefined;
      if (stored !== undefined) {
        for (const l of ownLines(stored, orgId, from.getTime(), to.getTime())) {
          const v = JSON.parse(l.line) as unknown[];
          const at = (name: string) => (col.has(name) ? v[col.get(name)!] : undefined);
          out += [r.seq, r.at.toISOString(), at('calledAt'), at('env'), at('method'), at('path'), at('status'), at('latencyMs'), at('bytesIn'), at('bytesOut'), at('refusal'), at('customer'), at('systemUser'), at('clientId'), at('product'), at('route'), lineHash(l.line)].map(cell).join(',') + '\r\n';
        }
      } else if (r.orgId === orgId && (GATEWAY_CALL_ACTIONS as readonly string[]).includes(r.action) && r.at >= from && r.at < to) {
        const d = (r.details ? JSON.parse(r.details) : {}) as Record<string, unknown>;
        out += [r.seq, r.at.toISOString(), d.calledAt, d.env, d.method, d.path, d.status, d.latencyMs, d.bytesIn, d.bytesOut, d.refusal, d.customer, d.systemUser, d.clientId, d.product, d.route, r.hash].map(cell).join(',') + '\r\n';
      }
    }
    if (out) yield out;
  }
}
