/**
 * The guard for every URL a user can make Samsvar call (webhook endpoints, availability monitors): server-side
 * request forgery protection.
 *
 *  - Static checks (`checkUrl`, at the moment the URL is registered): http(s) only, https unless
 *    OUTBOUND_ALLOW_HTTP; no credentials in the URL; a literal IP or a well-known internal name (localhost,
 *    metadata.google.internal, …) must not be in a refused range.
 *  - At call time (`guardedRequest`): the host name is resolved once with dns.lookup (every address), and the call is
 *    refused when any address is private (10/8, 172.16/12, 192.168/16), loopback (127/8, ::1), link-local
 *    (169.254/16 — cloud metadata — and fe80::/10), CGNAT (100.64/10), unique-local (fc00::/7), multicast,
 *    unspecified, reserved, or an IPv4-mapped / NAT64 / 6to4 IPv6 form of those, or a known metadata address —
 *    unless OUTBOUND_ALLOW lists the address's range or the host name.
 *  - The connection goes to the address that was checked (a `lookup` that answers with it: no second DNS query, so
 *    DNS rebinding cannot swap it), the TLS server name stays the host name.
 *  - Redirects are never followed: a 3xx is returned as it is, with its Location, and callers treat it as a failure.
 *  - The answer is read up to a size limit, then the connection is dropped; a deadline covers connect, answer and body.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

/** Why a URL or an address is refused; `code` is stable for callers and tests. */
export class OutboundRefused extends Error {
  constructor(
    readonly code: 'scheme' | 'http-not-allowed' | 'credentials' | 'bad-url' | 'blocked-address' | 'blocked-name' | 'dns',
    message: string,
  ) {
    super(message);
    this.name = 'OutboundRefused';
  }
}

export interface OutboundConfig {
  /** OUTBOUND_ALLOW_HTTP */
  allowHttp: boolean;
  /** OUTBOUND_ALLOW: CIDRs or host names (exact, or "*.suffix"). */
  allow: readonly string[];
}

/** The guard's settings from the configuration. */
export function outboundConfig(config: { OUTBOUND_ALLOW_HTTP: boolean; OUTBOUND_ALLOW: readonly string[] }): OutboundConfig {
  return { allowHttp: config.OUTBOUND_ALLOW_HTTP, allow: config.OUTBOUND_ALLOW };
}

// ---------------------------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------------------------

interface Cidr {
  v: 4 | 6;
  base: bigint;
  bits: number;
}

function ipv4ToBig(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6ToBig(ip: string): bigint {
  let s = ip.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const v4 = ipv4ToBig(dotted[1]!);
    s = s.slice(0, dotted.index) + ((v4 >> 16n) & 0xffffn).toString(16) + ':' + (v4 & 0xffffn).toString(16);
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

function parseCidr(text: string): Cidr {
  const [ip, bitsText] = text.split('/');
  const v = isIP(ip!);
  if (!v) throw new Error(`not a CIDR: ${text}`);
  const bits = bitsText === undefined ? (v === 4 ? 32 : 128) : Number(bitsText);
  const width = v === 4 ? 32 : 128;
  const raw = v === 4 ? ipv4ToBig(ip!) : ipv6ToBig(ip!);
  const mask = bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(width - bits);
  return { v: v as 4 | 6, base: raw & mask, bits };
}

function inCidr(v: 4 | 6, value: bigint, c: Cidr): boolean {
  if (c.v !== v) return false;
  const width = v === 4 ? 32 : 128;
  const mask = c.bits === 0 ? 0n : ((1n << BigInt(c.bits)) - 1n) << BigInt(width - c.bits);
  return (value & mask) === c.base;
}

/** Refused IPv4 ranges, with the reason shown in errors. */
const BLOCKED_V4: Array<[string, string]> = [
  ['0.0.0.0/8', 'unspecified ("this network")'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT (shared address space)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local (cloud metadata)'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', '6to4 relay anycast'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['255.255.255.255/32', 'broadcast'],
  // Metadata services on otherwise public addresses.
  ['168.63.129.16/32', 'cloud metadata (Azure)'],
];
const BLOCKED_V6: Array<[string, string]> = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'IPv4-compatible (deprecated)'],
  ['100::/64', 'discard'],
  ['2001:db8::/32', 'documentation'],
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local (deprecated)'],
  ['ff00::/8', 'multicast'],
];
const BLOCKED = [
  ...BLOCKED_V4.map(([c, why]) => ({ cidr: parseCidr(c), why })),
  ...BLOCKED_V6.map(([c, why]) => ({ cidr: parseCidr(c), why })),
];
const MAPPED = parseCidr('::ffff:0:0/96');
const NAT64 = parseCidr('64:ff9b::/96');
const SIX_TO_FOUR = parseCidr('2002::/16');

/** Names that always mean "this machine" or a metadata service, refused before any lookup. */
const BLOCKED_NAMES = [/^localhost$/, /\.localhost$/, /^metadata$/, /^metadata\.google\.internal$/, /^instance-data(\.ec2\.internal)?$/];

function toV4(big: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((big >> s) & 0xffn)).join('.');
}

/**
 * The reason an address is refused, or null when it is public. IPv4 embedded in IPv6 (mapped ::ffff:a.b.c.d,
 * NAT64 64:ff9b::/96, 6to4 2002::/16) is judged as the IPv4 address.
 */
export function blockedReason(address: string): string | null {
  const v = isIP(address);
  if (v === 0) return 'not an IP address';
  if (v === 6) {
    const big = ipv6ToBig(address);
    if (inCidr(6, big, MAPPED) || inCidr(6, big, NAT64)) {
      const r = blockedReason(toV4(big & 0xffffffffn));
      return r ? `${r} (IPv4 inside IPv6)` : null;
    }
    if (inCidr(6, big, SIX_TO_FOUR)) {
      const r = blockedReason(toV4((big >> 80n) & 0xffffffffn));
      if (r) return `${r} (IPv4 inside 6to4)`;
    }
    for (const b of BLOCKED) if (inCidr(6, big, b.cidr)) return b.why;
    return null;
  }
  const big = ipv4ToBig(address);
  for (const b of BLOCKED) if (inCidr(4, big, b.cidr)) return b.why;
  return null;
}

/** The address as a plain IPv4 when it is an IPv4-mapped IPv6 address (so "127.0.0.1/32" also allows ::ffff:127.0.0.1). */
function unmapped(address: string): { v: 4 | 6; big: bigint } {
  const v = isIP(address) as 4 | 6;
  if (v === 6) {
    const big = ipv6ToBig(address);
    if (inCidr(6, big, MAPPED)) return { v: 4, big: big & 0xffffffffn };
    return { v: 6, big };
  }
  return { v: 4, big: ipv4ToBig(address) };
}

/** True when OUTBOUND_ALLOW lets the address through. */
export function addressAllowed(address: string, allow: readonly string[]): boolean {
  const a = unmapped(address);
  for (const entry of allow) {
    if (!entry.includes('/') && !isIP(entry)) continue;
    const c = parseCidr(entry);
    if (inCidr(a.v, a.big, c)) return true;
  }
  return false;
}

/** True when OUTBOUND_ALLOW lists the host name (exactly, or under a "*.suffix" entry). */
export function hostAllowed(hostname: string, allow: readonly string[]): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  for (const entry of allow) {
    const e = entry.toLowerCase();
    if (e.includes('/') || isIP(e)) continue;
    if (e.startsWith('*.') ? h.endsWith(e.slice(1)) : h === e) return true;
  }
  return false;
}

/** Throws OutboundRefused unless the address may be called. */
export function checkAddress(address: string, cfg: OutboundConfig, hostname = address): void {
  const why = blockedReason(address);
  if (why === null || addressAllowed(address, cfg.allow)) return;
  const shown = hostname === address ? address : `${hostname} (${address})`;
  throw new OutboundRefused('blocked-address', `${shown} is a ${why} address; Samsvar does not call it (OUTBOUND_ALLOW can allow it).`);
}

// ---------------------------------------------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------------------------------------------

/** The host name of a URL without IPv6 brackets. */
function bareHost(u: URL): string {
  return u.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * The checks that need no network, for when a user registers a URL: scheme, credentials, literal addresses and
 * internal names. Returns the parsed URL; throws OutboundRefused with a message fit for the user.
 */
export function checkUrl(raw: string, cfg: OutboundConfig): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new OutboundRefused('bad-url', 'must be an absolute URL such as https://example.no/webhook');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new OutboundRefused('scheme', `must use https (not ${u.protocol.replace(/:$/, '')})`);
  if (u.protocol === 'http:' && !cfg.allowHttp) throw new OutboundRefused('http-not-allowed', 'must use https');
  if (u.username || u.password) throw new OutboundRefused('credentials', 'must not contain a user name or password');
  const host = bareHost(u);
  if (!host) throw new OutboundRefused('bad-url', 'must name a host');
  if (isIP(host)) {
    checkAddress(host, cfg);
  } else {
    const h = host.toLowerCase().replace(/\.$/, '');
    if (BLOCKED_NAMES.some((re) => re.test(h)) && !hostAllowed(h, cfg.allow)) {
      throw new OutboundRefused('blocked-name', `${host} is an internal name; Samsvar does not call it (OUTBOUND_ALLOW can allow it).`);
    }
  }
  return u;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Injected in tests: the resolver (default dns.lookup with every address). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const all = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
};

/**
 * Resolves the URL's host and checks every address; resolves to the address to connect to. A host name listed in
 * OUTBOUND_ALLOW skips the address checks (it is trusted as named).
 */
export async function resolveChecked(u: URL, cfg: OutboundConfig, resolve: Resolver = systemResolver): Promise<ResolvedAddress> {
  const host = bareHost(u);
  const literal = isIP(host);
  if (literal) {
    checkAddress(host, cfg);
    return { address: host, family: literal as 4 | 6 };
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(host);
  } catch (e) {
    throw new OutboundRefused('dns', `${host} could not be resolved (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (addresses.length === 0) throw new OutboundRefused('dns', `${host} has no address`);
  if (!hostAllowed(host, cfg.allow)) for (const a of addresses) checkAddress(a.address, cfg, host);
  return addresses[0]!;
}

// ---------------------------------------------------------------------------------------------------------------
// The call
// ---------------------------------------------------------------------------------------------------------------

export interface GuardedRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Deadline for connect, answer and body (ms). */
  timeoutMs: number;
  /** Bytes of the answer read at most; the connection is dropped after that (default 64 KiB). */
  maxResponseBytes?: number;
  resolve?: Resolver;
  signal?: AbortSignal;
  /**
   * Reuse connections (HTTP keep-alive). Connections are pooled per checked address (the request goes to the
   * address itself, with the URL's host in the Host header and in TLS SNI/certificate checks), so a reused
   * connection always goes to an address the guard allowed.
   */
  keepAlive?: boolean;
}

/** The keep-alive pools of guardedRequest (keyed by Node on the checked address, port and TLS name). */
const keepAliveAgents = {
  http: new http.Agent({ keepAlive: true, scheduling: 'lifo' }),
  https: new https.Agent({ keepAlive: true, scheduling: 'lifo' }),
};

export interface GuardedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The first `maxResponseBytes` of the body. */
  body: Buffer;
  /** True when the body was longer and the rest was not read. */
  truncated: boolean;
  /** The address connected to. */
  address: string;
}

/** Network failure, timeout or refusal, with a kind for callers. */
export class OutboundError extends Error {
  constructor(
    readonly kind: 'refused' | 'timeout' | 'network' | 'aborted',
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * One HTTP request to a user's URL through the guard. Resolves with the answer (any status, redirects included
 * and not followed); rejects with OutboundError (refused by the guard, timeout, network error).
 */
export async function guardedRequest(url: string, cfg: OutboundConfig, req: GuardedRequest): Promise<GuardedResponse> {
  let u: URL;
  let target: ResolvedAddress;
  try {
    u = checkUrl(url, cfg);
    target = await resolveChecked(u, cfg, req.resolve);
  } catch (e) {
    if (e instanceof OutboundRefused) throw new OutboundError('refused', e.message);
    throw e;
  }
  const limit = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // Every lookup Node makes for this request answers with the checked address: no second DNS query.
  const lookup: LookupFunction = (_hostname, options, cb) => {
    if ((options as dns.LookupOptions).all) (cb as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  };
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise<GuardedResponse>((resolve, reject) => {
    let settled = false;
    const finish = (err: OutboundError | null, res?: GuardedResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(res!);
    };
    const headers = { ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}), ...req.headers };
    let timer: NodeJS.Timeout | undefined;
    let request!: http.ClientRequest;
    const send = (reuse: boolean) => {
    request = mod.request(
      u,
      {
        method: req.method ?? 'POST',
        lookup,
        ...(req.keepAlive
          ? {
              // Pinned: connect to the checked address itself, so the pool's key is that address.
              hostname: target.address,
              agent: reuse ? (u.protocol === 'https:' ? keepAliveAgents.https : keepAliveAgents.http) : false,
              headers: { host: u.host, ...headers },
            }
          : { agent: false, headers }),
        ...(u.protocol === 'https:' && !isIP(bareHost(u)) ? { servername: bareHost(u) } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const done = () =>
          finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated, address: target.address });
        res.on('data', (chunk: Buffer) => {
          if (truncated) return;
          const room = limit - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            size = limit;
            truncated = true;
            // Enough read: drop the connection rather than download the rest.
            res.destroy();
            request.destroy();
            done();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', done);
        res.on('error', (e) => (truncated ? done() : finish(new OutboundError('network', describe(e)))));
        res.on('close', () => {
          if (!settled && !res.complete) finish(new OutboundError('network', 'the connection closed before the answer was complete'));
        });
      },
    );
    const current = request;
    let answered = false;
    current.once('response', () => (answered = true));
    current.on('error', (e) => {
      // A pooled connection the other end had closed meanwhile: once more on a new connection.
      if (reuse && current.reusedSocket && !answered && !settled) send(false);
      else finish(new OutboundError('network', describe(e)));
    });
    if (req.body !== undefined) current.end(req.body);
    else current.end();
    };
    timer = setTimeout(() => {
      finish(new OutboundError('timeout', `no complete answer within ${req.timeoutMs} ms`));
      request.destroy();
    }, req.timeoutMs);
    const onAbort = () => {
      finish(new OutboundError('aborted', 'aborted'));
      request.destroy();
    };
    if (req.signal?.aborted) {
      clearTimeout(timer);
      return finish(new OutboundError('aborted', 'aborted'));
    }
    req.signal?.addEventListener('abort', onAbort, { once: true });
    send(true);
  });
}

function describe(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code && !e.message.includes(code) ? `${code}: ${e.message}` : e.message;
}
