/** A gateway call as the audit log records it: the record the proxy fills in, and its audit entry text. */
import { redactNationalIds } from '../../kernel/ids/index.ts';

export interface CallRecord {
  at: number;
  env: string;
  method: string;
  /** Path and query as received (redacted when the record is built). */
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

const str = JSON.stringify;

/**
 * The audit entry of a call as its payload tail (`entryTail`: every hashed field but the seq), built straight as text
 * — no intermediate object, no deep redaction walk: the only free text is the path and query, redacted here, and
 * the token's client id, system user and issuer, redacted too (T-5). `at` is the batch's time (ISO); the call's own
 * time is `details.calledAt`.
 */
export function callEntryTail(r: CallRecord, at: string): string {
  const path = redactNationalIds(r.url);
  let details = `{"calledAt":"${new Date(r.at).toISOString()}","env":${str(r.env)},"method":${str(r.method)},"path":${str(path)},"status":${r.status},"latencyMs":${Math.round(r.latencyMs * 100) / 100},"bytesIn":${r.bytesIn},"bytesOut":${r.bytesOut}`;
  if (r.refusal) details += `,"refusal":${str(r.refusal)}`;
  if (r.vendorOrgNo) details += `,"vendor":${str(r.vendorOrgNo)}`;
  if (r.customerOrgNo) details += `,"customer":${str(r.customerOrgNo)}`;
  if (r.systemUserId) details += `,"systemUser":${str(redactNationalIds(r.systemUserId))}`;
  const clientId = r.clientId ? redactNationalIds(r.clientId) : undefined;
  if (clientId) details += `,"clientId":${str(clientId)}`;
  if (r.issuer) details += `,"issuer":${str(redactNationalIds(r.issuer))}`;
  if (r.product) details += `,"product":${str(r.product)}`;
  if (r.route) details += `,"route":${str(r.route)}`;
  details += '}';
  const q = path.indexOf('?');
  return str([
    at,
    null,
    clientId ? `client:${clientId}` : 'gateway',
    r.vendorOrgId ?? null,
    r.refusal ? 'gateway.refused' : 'gateway.call',
    'gateway-route',
    r.route ?? `${r.method} ${q < 0 ? path : path.slice(0, q)}`,
    null,
    null,
    details,
  ]);
}
