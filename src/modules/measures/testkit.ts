/**
 * For the measures tests: a local upstream and a local JWKS, a Samsvar server with the api and gateway roles in front
 * of them, tokens shaped like Maskinporten's, and calls through the gateway over HTTP.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { startTestServer, type TestServer } from '../../../test/helpers.ts';
import type { Config } from '../../config.ts';
import type { Database } from '../../platform/db/index.ts';
import { modules } from '../index.ts';

export const ISS = 'https://maskinporten.local/';
export const AUD = 'https://gateway.samsvar.local';
export const FJORD_CLIENT = '3f6c1e8a-5b2d-4c7e-9a10-7d2a4b6c8e01';
export const LONN_CLIENT = '9b1e2c3d-4f50-4a6b-8c7d-1e2f3a4b5c6d';
export const CUSTOMER = '974761076';
export const orgClaim = (orgNo: string) => ({ authority: 'iso6523-actorid-upis', ID: `0192:${orgNo}` });

export interface GatewayCall {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

export interface Harness {
  upstreamCalls: string[];
  /** Starts a server (api + gateway) in front of the local upstream and JWKS. */
  start(opts?: { config?: Partial<Config>; database?: Database; demo?: boolean }): Promise<TestServer>;
  token(claims: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function harness(): Promise<Harness> {
  const upstreamCalls: string[] = [];
  const upstream = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      upstreamCalls.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, url: req.url }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const pair = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'm1', alg: 'RS256', use: 'sig' };
  const jwks = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  const servers: TestServer[] = [];
  return {
    upstreamCalls,
    async start(opts = {}) {
      const s = await startTestServer({
        modules,
        roles: ['api', 'gateway'],
        database: opts.database,
        demo: opts.demo,
        config: {
          GATEWAY_PORT: 0,
          GATEWAY_UPSTREAMS: { '*': `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` },
          GATEWAY_ISSUERS: [
            { name: 'Maskinporten (local)', issuer: ISS, jwksUri: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwk`, environments: ['test', 'production'], algorithms: ['RS256'], audience: AUD, cooldownSeconds: 1 },
          ],
          GATEWAY_FLUSH_MS: 50,
          ...opts.config,
        },
      });
      servers.push(s);
      return s;
    },
    async token(claims) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ consumer: orgClaim(CUSTOMER), ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'm1' })
        .setIssuer(ISS)
        .setAudience(AUD)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(pair.privateKey);
    },
    async close() {
      for (const s of servers.reverse()) await s.stop().catch(() => undefined);
      upstream.close();
      jwks.close();
    },
  };
}

export async function gatewayCall(base: string, method: string, path: string, bearer: string): Promise<GatewayCall> {
  const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${bearer}` }, body: method === 'GET' || method === 'HEAD' ? undefined : '{}' });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text, headers: res.headers };
}

/** Polls `fn` every 20 ms until `ok` holds (or `ms` passes); returns the last value and the time it took. */
export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<{ value: T; elapsed: number }> {
  const t0 = Date.now();
  let value = await fn();
  while (!ok(value) && Date.now() - t0 < ms) {
    await new Promise((r) => setTimeout(r, 20));
    value = await fn();
  }
  return { value, elapsed: Date.now() - t0 };
}
