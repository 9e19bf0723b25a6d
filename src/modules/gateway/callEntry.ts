/**
 * A gateway call as the audit log records it: the record the proxy fills in, and its line. The calls of a flush are
 * committed to the chain together, as the lines of one entry (appendAuditLines, decision 0010); each line is a JSON
 * array in the order of CALL_LINE_COLUMNS.
 */
import { redactNationalIds } from '../../kernel/ids/index.ts';

export interface CallRecord {
  at: number;
  env: string;
  method: string;
  /** Path and query as received (redacted when the line is built). */
  url: string;
  status: number;
  latencyMs: number;
  bytesIn: number;
  bytesOut: number;
  /** Set when the gateway refused the call: the refusal's code. */
  refusal?: string;
  vendorOrgId?: string;
  vendorOrgNo?: string;
  customerOrgNo?: string;
  systemUserId?: string;
  clientId?: string;
  issuer?: string;
  product?: string;
  route?: string;
}

/** The action of the chain entry that commits to a batch of call lines. */
export const CALL_BATCH_ACTION = 'gateway.calls';

/**
 * The columns of a call line, in order. `vendorOrgId` is Samsvar's id of the vendor, `vendor` its organisation number.
 * The first two are the audit log's line convention (organisation, time), by which exports select and verify lines.
 */
export const CALL_LINE_COLUMNS = [
  'vendorOrgId',
  'calledAt',
  'env',
  'method',
  'path',
  'status',
  'latencyMs',
  'bytesIn',
  'bytesOut',
  'refusal',
  'vendor',
  'customer',
  'systemUser',
  'clientId',
  'issuer',
  'product',
  'route',
] as const;
export type CallLine = Record<(typeof CALL_LINE_COLUMNS)[number], string | number | null>;

const str = JSON.stringify;

/** The ISO time of a millisecond: the part up to the second is computed once a second (calls share it). */
let isoSecond = NaN;
let isoPrefix = '';
function isoTime(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec !== isoSecond) {
    isoSecond = sec;
    isoPrefix = new Date(sec * 1000).toISOString().slice(0, 19);
  }
  const frac = ms - sec * 1000;
  return `${isoPrefix}.${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
}

/**
 * JSON of a value from a small set (environments, products, routes, vendors' ids and numbers, refusal codes), kept
 * once; the set is bounded, and a value from outside it is simply not kept.
 */
const quotedCache = new Map<string, string>();
function quoted(v: string | undefined): string {
  if (v === undefined) return 'null';
  let q = quotedCache.get(v);
  if (q === undefined) {
    q = str(v);
    if (quotedCache.size < 10_000) quotedCache.set(v, q);
  }
  return q;
}

/**
 * The line of a call: time, environment, method, path and query (a fødselsnummer/D-nummer redacted, T-5), status,
 * latency, bytes, the refusal, vendor, customer, system user, client id and issuer (redacted too), product and route —
 * never a body or the token. Exactly JSON.stringify of the values in column order, built as text.
 */
export function callLine(r: CallRecord): string {
  return (
    `[${quoted(r.vendorOrgId)},"${isoTime(r.at)}",${quoted(r.env)},${quoted(r.method)},${str(redactNationalIds(r.url))},${r.status},` +
    `${Math.round(r.latencyMs * 100) / 100},${r.bytesIn},${r.bytesOut},${quoted(r.refusal)},${quoted(r.vendorOrgNo)},${quoted(r.customerOrgNo)},` +
    `${r.systemUserId ? str(redactNationalIds(r.systemUserId)) : 'null'},${r.clientId ? quoted(redactNationalIds(r.clientId)) : 'null'},` +
    `${r.issuer ? quoted(redactNationalIds(r.issuer)) : 'null'},${quoted(r.product)},${quoted(r.route)}]`
  );
}

/** A call line as an object by column name; throws on a line that is not one. */
export function parseCallLine(line: string): CallLine {
  const a = JSON.parse(line) as unknown;
  if (!Array.isArray(a) || a.length !== CALL_LINE_COLUMNS.length) throw new Error('not a call line');
  const o = {} as CallLine;
  CALL_LINE_COLUMNS.forEach((c, i) => (o[c] = a[i] as string | number | null));
  return o;
}
