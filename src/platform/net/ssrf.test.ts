/** The outbound guard: every refused range, the allow-list, https only, redirects, size and time limits, DNS. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressAllowed, blockedReason, checkUrl, guardedRequest, hostAllowed, OutboundError, OutboundRefused, resolveChecked, type OutboundConfig, type Resolver } from './ssrf.ts';

const strict: OutboundConfig = { allowHttp: false, allow: [] };
const local: OutboundConfig = { allowHttp: true, allow: ['127.0.0.1/32', '::1/128'] };

describe('[T-1.2.4] refused address ranges', () => {
  const refused: Array<[string, RegExp]> = [
    ['10.0.0.1', /private/],
    ['10.255.255.255', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.254', /private/],
    ['192.168.1.10', /private/],
    ['127.0.0.1', /loopback/],
    ['127.42.0.1', /loopback/],
    ['169.254.169.254', /link-local/],
    ['169.254.0.1', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.127.255.254', /carrier-grade NAT/],
    ['100.100.100.200', /carrier-grade NAT/],
    ['0.0.0.0', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['239.255.255.250', /multicast/],
    ['255.255.255.255', /reserved|broadcast/],
    ['240.0.0.1', /reserved/],
    ['168.63.129.16', /metadata/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fe80::1', /link-local/],
    ['febf::1', /link-local/],
    ['fc00::1', /unique-local/],
    ['fd12:3456:789a::1', /unique-local/],
    ['fd00:ec2::254', /unique-local/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /loopback \(IPv4 inside IPv6\)/],
    ['::ffff:7f00:1', /loopback/],
    ['::ffff:10.1.2.3', /private/],
    ['::ffff:169.254.169.254', /link-local/],
    ['64:ff9b::a9fe:a9fe', /link-local/],
    ['2002:c0a8:0101::1', /private \(IPv4 inside 6to4\)/],
    ['::127.0.0.1', /IPv4-compatible/],
  ];
  for (const [ip, why] of refused) {
    it(`refuses ${ip}`, () => {
      expect(blockedReason(ip)).toMatch(why);
    });
  }
  const allowed = ['8.8.8.8', '1.1.1.1', '172.32.0.1', '172.15.255.255', '100.128.0.1', '100.63.255.255', '192.169.0.1', '2001:4860:4860::8888', '2a00:1450:400f:80d::200e', '::ffff:8.8.8.8', '2002:0808:0808::1'];
  for (const ip of allowed) {
    it(`lets ${ip} through`, () => {
      expect(blockedReason(ip)).toBeNull();
    });
  }

  it('allow-lists CIDRs (IPv4-mapped addresses too) and host names', () => {
    expect(addressAllowed('127.0.0.1', ['127.0.0.1/32'])).toBe(true);
    expect(addressAllowed('::ffff:127.0.0.1', ['127.0.0.1/32'])).toBe(true);
    expect(addressAllowed('127.0.0.2', ['127.0.0.1/32'])).toBe(false);
    expect(addressAllowed('10.20.30.40', ['10.20.0.0/16'])).toBe(true);
    expect(addressAllowed('10.21.0.1', ['10.20.0.0/16'])).toBe(false);
    expect(addressAllowed('fd00::5', ['fd00::/8'])).toBe(true);
    expect(addressAllowed('::1', ['127.0.0.1/32'])).toBe(false);
    expect(hostAllowed('hooks.internal', ['hooks.internal'])).toBe(true);
    expect(hostAllowed('a.corp.example', ['*.corp.example'])).toBe(true);
    expect(hostAllowed('corp.example', ['*.corp.example'])).toBe(false);
    expect(hostAllowed('evilcorp.example', ['*.corp.example'])).toBe(false);
  });
});

describe('[T-1.2.4] static URL checks', () => {
  const refusedCode = (url: string, cfg: OutboundConfig) => {
    try {
      checkUrl(url, cfg);
      return null;
    } catch (e) {
      expect(e).toBeInstanceOf(OutboundRefused);
      return (e as OutboundRefused).code;
    }
  };

  it('takes https, refuses http unless OUTBOUND_ALLOW_HTTP, and every other scheme', () => {
    expect(refusedCode('https://hooks.example.no/samsvar', strict)).toBeNull();
    expect(refusedCode('http://hooks.example.no/samsvar', strict)).toBe('http-not-allowed');
    expect(refusedCode('http://hooks.example.no/samsvar', { allowHttp: true, allow: [] })).toBeNull();
    expect(refusedCode('ftp://hooks.example.no/x', local)).toBe('scheme');
    expect(refusedCode('file:///etc/passwd', local)).toBe('scheme');
    expect(refusedCode('gopher://127.0.0.1:6379/_', local)).toBe('scheme');
    expect(refusedCode('not a url', local)).toBe('bad-url');
  });

  it('refuses credentials in the URL, literal internal addresses and internal names', () => {
    expect(refusedCode('https://user:pw@hooks.example.no/', strict)).toBe('credentials');
    expect(refusedCode('https://127.0.0.1/x', strict)).toBe('blocked-address');
    expect(refusedCode('https://[::1]/x', strict)).toBe('blocked-address');
    expect(refusedCode('https://[::ffff:169.254.169.254]/latest/meta-data', strict)).toBe('blocked-address');
    expect(refusedCode('https://169.254.169.254/latest/meta-data', strict)).toBe('blocked-address');
    expect(refusedCode('https://2130706433/', strict)).toBe('blocked-address'); // 127.0.0.1 as one number (WHATWG URL normalises it)
    expect(refusedCode('https://0x7f.1/', strict)).toBe('blocked-address');
    expect(refusedCode('https://localhost/x', strict)).toBe('blocked-name');
    expect(refusedCode('https://api.localhost./x', strict)).toBe('blocked-name');
    expect(refusedCode('https://metadata.google.internal/computeMetadata/v1/', strict)).toBe('blocked-name');
    expect(refusedCode('https://127.0.0.1:8443/x', local)).toBeNull();
    expect(refusedCode('https://localhost/x', { allowHttp: false, allow: ['localhost'] })).toBeNull();
  });
});

describe('[T-1.2.4] resolution', () => {
  const fake =
    (map: Record<string, string[]>, calls: string[] = []): Resolver =>
    async (host) => {
      calls.push(host);
      const a = map[host];
      if (!a) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return a.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };

  it('refuses a name that resolves to 127.0.0.1 unless the address or the name is allow-listed', async () => {
    const r = fake({ 'evil.example': ['127.0.0.1'] });
    await expect(resolveChecked(new URL('https://evil.example/x'), strict, r)).rejects.toThrow(/evil.example \(127.0.0.1\) is a loopback address/);
    await expect(resolveChecked(new URL('https://evil.example/x'), { allowHttp: false, allow: ['127.0.0.1/32'] }, r)).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(resolveChecked(new URL('https://evil.example/x'), { allowHttp: false, allow: ['evil.example'] }, r)).resolves.toMatchObject({ address: '127.0.0.1' });
  });

  it('refuses a name when any of its addresses is internal, and names that do not resolve', async () => {
    const r = fake({ 'mixed.example': ['93.184.216.34', '10.0.0.7'], 'v6.example': ['2001:db8::1'] });
    await expect(resolveChecked(new URL('https://mixed.example/'), strict, r)).rejects.toThrow(/10.0.0.7\) is a private address/);
    await expect(resolveChecked(new URL('https://v6.example/'), strict, r)).rejects.toThrow(/documentation/);
    await expect(resolveChecked(new URL('https://nowhere.example/'), strict, r)).rejects.toThrow(/could not be resolved \(ENOTFOUND\)/);
  });

  it('resolves a public name to its address', async () => {
    const r = fake({ 'hooks.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'] });
    await expect(resolveChecked(new URL('https://hooks.example/'), strict, r)).resolves.toEqual({ address: '93.184.216.34', family: 4 });
  });
});

describe('[T-1.2.4] the guarded call', () => {
  let server: http.Server;
  let base: string;
  const hits: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(`${req.headers.host} ${req.url}`);
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
        res.end();
      } else if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(Buffer.alloc(1024 * 1024, 'x'));
      } else if (req.url === '/hang') {
        /* never answers */
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`hello ${req.headers.host}`);
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('refuses http without OUTBOUND_ALLOW_HTTP and loopback without the allow-list, before connecting', async () => {
    hits.length = 0;
    await expect(guardedRequest(`${base}/x`, strict, { timeoutMs: 2000 })).rejects.toMatchObject({ kind: 'refused' });
    await expect(guardedRequest(`${base}/x`, { allowHttp: true, allow: [] }, { timeoutMs: 2000 })).rejects.toThrow(/loopback/);
    expect(hits).toEqual([]);
  });

  it('does not follow a redirect: the 3xx comes back with its Location', async () => {
    hits.length = 0;
    const res = await guardedRequest(`${base}/redirect`, local, { method: 'GET', timeoutMs: 2000 });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('http://127.0.0.1:1/elsewhere');
    expect(hits).toHaveLength(1);
  });

  it('reads at most the size limit, then drops the connection', async () => {
    const res = await guardedRequest(`${base}/big`, local, { method: 'GET', timeoutMs: 5000, maxResponseBytes: 64 * 1024 });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(64 * 1024);
    expect(res.truncated).toBe(true);
  });

  it('gives up at the deadline', async () => {
    const started = Date.now();
    const err = await guardedRequest(`${base}/hang`, local, { method: 'GET', timeoutMs: 300 }).catch((e) => e);
    expect(err).toBeInstanceOf(OutboundError);
    expect(err.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('connects to the address it checked, with one DNS lookup (no rebinding), keeping the host name', async () => {
    const calls: string[] = [];
    let n = 0;
    // A rebinding resolver: public-looking... then loopback. The guard asks once and connects to what it checked.
    const resolver: Resolver = async (host) => {
      calls.push(host);
      n++;
      return [{ address: n === 1 ? '127.0.0.1' : '10.9.9.9', family: 4 }];
    };
    const port = (server.address() as AddressInfo).port;
    const res = await guardedRequest(`http://hooks.test:${port}/who`, { allowHttp: true, allow: ['hooks.test'] }, { method: 'GET', timeoutMs: 2000, resolve: resolver });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(`hello hooks.test:${port}`);
    expect(res.address).toBe('127.0.0.1');
    expect(calls).toEqual(['hooks.test']);
  });

  it('reports a refused connection as a network error', async () => {
    const err = await guardedRequest('http://127.0.0.1:1/x', local, { timeoutMs: 2000 }).catch((e) => e);
    expect(err).toBeInstanceOf(OutboundError);
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/ECONNREFUSED/);
  });
});
