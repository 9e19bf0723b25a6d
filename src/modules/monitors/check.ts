/**
 * One check of a monitor (S-2.3.1 probes, S-7.1.1): an HTTP(S) request or a TCP connect, through the outbound guard
 * (src/platform/net/ssrf.ts) every time — the host name is resolved and its addresses are checked at each check,
 * because DNS may change after the monitor was created. Also the checks of a target when a monitor is created or
 * changed, and the parser of expected status codes ("200-299,301").
 */
import net from 'node:net';
import {
  checkUrl,
  guardedRequest,
  OutboundError,
  OutboundRefused,
  resolveChecked,
  systemResolver,
  type OutboundConfig,
  type Resolver,
} from '../../platform/net/ssrf.ts';

export const MONITOR_KINDS = ['http', 'tcp'] as const;
export type MonitorKind = (typeof MONITOR_KINDS)[number];
export const HTTP_METHODS = ['GET', 'HEAD', 'POST'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** What a check needs of a monitor. */
export interface CheckSpec {
  kind: MonitorKind | string;
  target: string;
  method: string;
  expectedStatus: string;
  keyword: string | null;
  timeoutMs: number;
}

export interface CheckResult {
  ok: boolean;
  /** HTTP status (http only; null when there was no answer). */
  statusCode: number | null;
  /** Milliseconds from the start to the complete answer (or the connect, or the failure). */
  latencyMs: number;
  /** Why the check failed; null when ok. */
  error: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Expected status codes
// ---------------------------------------------------------------------------------------------------------------

export type StatusRanges = ReadonlyArray<readonly [number, number]>;

/** Parses "200-299,301" into ranges; throws with a message fit for the user. */
export function parseExpectedStatus(text: string): StatusRanges {
  const out: Array<[number, number]> = [];
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(part);
    if (!m) throw new Error(`"${part}" is not a status code or range such as 200-299`);
    const lo = Number(m[1]);
    const hi = m[2] ? Number(m[2]) : lo;
    if (lo < 100 || hi > 599 || hi < lo) throw new Error(`"${part}" is not a range of status codes between 100 and 599`);
    out.push([lo, hi]);
  }
  if (out.length === 0) throw new Error('name at least one status code');
  return out;
}

export function statusExpected(ranges: StatusRanges, status: number): boolean {
  for (const [lo, hi] of ranges) if (status >= lo && status <= hi) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------------------------------

/** "host:port" of a tcp monitor, IPv6 in brackets ("[2001:db8::1]:443"). */
export function parseTcpTarget(target: string): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(target.trim());
  if (!m) throw new Error('must be host:port, e.g. db.example.no:5432 or [2001:db8::1]:443');
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new Error('the port must be between 1 and 65535');
  return { host: m[1]!, port };
}

/** The target as a URL the guard understands (a tcp target is checked as http://host:port, http allowed). */
function guardUrl(kind: string, target: string, cfg: OutboundConfig): { url: URL; cfg: OutboundConfig } {
  if (kind === 'tcp') {
    const { host, port } = parseTcpTarget(target);
    const tcpCfg = { ...cfg, allowHttp: true };
    return { url: checkUrl(`http://${host}:${port}/`, tcpCfg), cfg: tcpCfg };
  }
  return { url: checkUrl(target, cfg), cfg };
}

/**
 * Checks a target when a monitor is created or changed: its form, the scheme, literal addresses and internal
 * names, and — when the host name resolves — every address it resolves to. A name that does not resolve (yet) is
 * accepted: its checks fail until it does. Throws Error with a reason fit for the user.
 */
export async function validateTarget(kind: string, target: string, cfg: OutboundConfig, resolve: Resolver = systemResolver): Promise<void> {
  let parsed: { url: URL; cfg: OutboundConfig };
  try {
    parsed = guardUrl(kind, target, cfg);
  } catch (e) {
    throw new Error((e as Error).message);
  }
  try {
    await resolveChecked(parsed.url, parsed.cfg, resolve);
  } catch (e) {
    if (e instanceof OutboundRefused && e.code === 'dns') return;
    throw new Error((e as Error).message);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------------------------

export interface CheckOptions {
  resolve?: Resolver;
  /** Reuse connections between checks (HTTP keep-alive, per checked address). */
  keepAlive?: boolean;
}

/** Runs one check. Never throws: every failure is a result with ok false and the reason. */
export async function runCheck(spec: CheckSpec, cfg: OutboundConfig, opts: CheckOptions = {}): Promise<CheckResult> {
  const t0 = performance.now();
  const elapsed = () => Math.max(0, Math.round(performance.now() - t0));
  try {
    if (spec.kind === 'tcp') return await tcpCheck(spec, cfg, t0, opts);
    const res = await guardedRequest(spec.target, cfg, {
      method: spec.method,
      headers: { 'user-agent': 'Samsvar-Monitor/1', accept: '*/*' },
      timeoutMs: spec.timeoutMs,
      // With a keyword the body is searched (up to 1 MiB); without, small answers are read whole so the
      // connection can be reused.
      maxResponseBytes: spec.keyword ? 1024 * 1024 : 64 * 1024,
      keepAlive: opts.keepAlive ?? true,
      resolve: opts.resolve,
    });
    const latencyMs = elapsed();
    let ranges: StatusRanges;
    try {
      ranges = parseExpectedStatus(spec.expectedStatus);
    } catch {
      ranges = [[200, 299]];
    }
    if (!statusExpected(ranges, res.status)) {
      const where = res.status >= 300 && res.status < 400 && res.headers.location ? ` (redirect to ${String(res.headers.location).slice(0, 200)})` : '';
      return { ok: false, statusCode: res.status, latencyMs, error: `status ${res.status}, expected ${spec.expectedStatus}${where}` };
    }
    if (spec.keyword && !res.body.toString('utf8').includes(spec.keyword)) {
      return { ok: false, statusCode: res.status, latencyMs, error: `the answer does not contain "${spec.keyword}"${res.truncated ? ' (first 1 MiB searched)' : ''}` };
    }
    return { ok: true, statusCode: res.status, latencyMs, error: null };
  } catch (e) {
    const message = e instanceof OutboundError ? `${e.kind}: ${e.message}` : (e as Error).message;
    return { ok: false, statusCode: null, latencyMs: elapsed(), error: message.slice(0, 500) };
  }
}

async function tcpCheck(spec: CheckSpec, cfg: OutboundConfig, t0: number, opts: CheckOptions): Promise<CheckResult> {
  const deadline = t0 + spec.timeoutMs;
  const { url, cfg: tcpCfg } = guardUrl('tcp', spec.target, cfg);
  let address: { address: string; family: 4 | 6 };
  try {
    address = await resolveChecked(url, tcpCfg, opts.resolve);
  } catch (e) {
    throw new OutboundError('refused', (e as Error).message);
  }
  const { port } = parseTcpTarget(spec.target);
  const left = Math.max(1, deadline - performance.now());
  return new Promise<CheckResult>((resolve) => {
    const socket = net.connect({ host: address.address, port, family: address.family });
    const finish = (error: string | null) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve({ ok: error === null, statusCode: null, latencyMs: Math.max(0, Math.round(performance.now() - t0)), error });
    };
    const timer = setTimeout(() => finish(`timeout: no connection within ${spec.timeoutMs} ms`), left);
    socket.once('connect', () => finish(null));
    socket.once('error', (e: NodeJS.ErrnoException) => finish(`network: ${e.code && !e.message.includes(e.code) ? `${e.code}: ` : ''}${e.message}`.slice(0, 500)));
  });
}
