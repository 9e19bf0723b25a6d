/**
 * Samsvar's own test token issuer, like Altinn's test tools: an RSA key pair generated into DATA_DIR on first use,
 * its public key as a JWKS, and Maskinporten-shaped tokens minted for vendors' test calls. Its tokens are accepted
 * only in the gateway's test environment; it is on only when GATEWAY_TEST_ISSUER says so (auto: with DEMO).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../../config.ts';

export const TEST_ISSUER_PATH = '/test-issuer';
export const TEST_JWKS_PATH = '/test-issuer/.well-known/jwks.json';
const KEY_FILE = 'gateway-test-issuer.jwk.json';
/** Longest lifetime of a minted token. */
export const TEST_TOKEN_MAX_SECONDS = 3600;

export function testIssuerEnabled(config: Config): boolean {
  return config.GATEWAY_TEST_ISSUER === 'true' || (config.GATEWAY_TEST_ISSUER === 'auto' && config.DEMO);
}

export function testIssuerUrl(config: Config): string {
  return config.PUBLIC_URL + TEST_ISSUER_PATH;
}

export interface MintInput {
  clientId: string;
  scopes: readonly string[];
  /** The organisation the token is for (Maskinporten `consumer`). */
  consumerOrgNo: string;
  /** The vendor acting for the consumer (Maskinporten `supplier`), when different. */
  supplierOrgNo?: string;
  /** A system user: its id and owning organisation (the customer). */
  systemUser?: { id: string; orgNo: string };
  expiresInSeconds: number;
}

export interface TestIssuer {
  issuer: string;
  kid: string;
  jwks: { keys: JWK[] };
  keys: JWTVerifyGetKey;
  mint(input: MintInput): Promise<string>;
}

const issuers = new Map<string, Promise<TestIssuer>>();

const orgClaim = (orgNo: string) => ({ authority: 'iso6523-actorid-upis', ID: `0192:${orgNo}` });

/** The test issuer of this DATA_DIR (its key is created on first use; processes sharing DATA_DIR share it). */
export function testIssuer(config: Config): Promise<TestIssuer> {
  const file = path.join(config.DATA_DIR, KEY_FILE);
  const key = `${file}|${testIssuerUrl(config)}`;
  let p = issuers.get(key);
  if (!p) {
    p = load(file, testIssuerUrl(config));
    p.catch(() => issuers.delete(key));
    issuers.set(key, p);
  }
  return p;
}

async function readOrCreateKey(file: string): Promise<JWK> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // 'wx': another process that got there first wins; read its key.
    writeFileSync(file, JSON.stringify(jwk) + '\n', { mode: 0o600, flag: 'wx' });
    return jwk;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return JSON.parse(readFileSync(file, 'utf8')) as JWK;
  }
}

async function load(file: string, issuer: string): Promise<TestIssuer> {
  const priv = await readOrCreateKey(file);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = priv;
  const jwks = { keys: [pub] };
  const signingKey = await importJWK(priv, 'RS256');
  const kid = priv.kid!;
  return {
    issuer,
    kid,
    jwks,
    keys: createLocalJWKSet(jwks),
    async mint(input) {
      const claims: Record<string, unknown> = {
        scope: input.scopes.join(' '),
        client_id: input.clientId,
        consumer: orgClaim(input.consumerOrgNo),
        token_type: 'Bearer',
      };
      if (input.supplierOrgNo) claims.supplier = orgClaim(input.supplierOrgNo);
      if (input.systemUser) {
        claims.authorization_details = [{ type: 'urn:altinn:systemuser', systemuser_org: orgClaim(input.systemUser.orgNo), systemuser_id: [input.systemUser.id] }];
      }
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setIssuedAt()
        .setNotBefore('0s')
        .setJti(randomUUID())
        .setExpirationTime(`${Math.min(input.expiresInSeconds, TEST_TOKEN_MAX_SECONDS)}s`)
        .sign(signingKey);
    },
  };
}
