/**
 * Who is calling the gateway (T-1.2.2, T-1.2): a bearer JWT from a configured issuer only, verified with jose against
 * that issuer's JWKS — signature with the issuer's asymmetric algorithms (never `none`, never HS*), `iss`, `aud` when
 * configured, `exp`/`nbf` with a small clock skew — and read into the parties of the call:
 *
 *   vendor    = Maskinporten `supplier` when present, else `consumer`   ({authority:'iso6523-actorid-upis', ID:'0192:<orgno>'})
 *   customer  = the system user's organisation (`authorization_details` of type `urn:altinn:systemuser`), else `consumer`
 *   client id = `client_id`; scopes = `scope` (space separated) or `scp` (list)
 *
 * JWKS are fetched with jose's `createRemoteJWKSet`: cached, refetched when a token names an unknown `kid`, but not
 * more often than the issuer's cooldown (default 30 s), so a flood of made-up `kid`s cannot flood the issuer.
 * Verified tokens are kept by the SHA-256 of the token until they expire (a bounded LRU), so the hot path verifies an
 * RSA signature once per token, not once per call. The JWKS URLs are the operator's configuration (GATEWAY_ISSUERS),
 * not user input, so they are fetched as given (no SSRF guard).
 *
 * Never kept: the token itself and personal claims such as ID-porten's `pid` (a fødselsnummer, T-5).
 */
import { hash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { GatewayEnv } from '../../kernel/gateway/index.ts';

export interface IssuerSpec {
  name: string;
  issuer: string;
  environments: readonly GatewayEnv[];
  algorithms: readonly string[];
  audience?: string | string[];
  /** The key set: a remote JWKS (`jwksUri`) or a function from jose (e.g. createLocalJWKSet for the test issuer). */
  jwksUri?: string;
  keys?: JWTVerifyGetKey;
  /** Least time between JWKS refetches, ms (default 30,000). */
  cooldownMs?: number;
}

/** The parties and rights of a verified token. */
export interface CallerIdentity {
  issuer: string;
  issuerName: string;
  /** Bit 1: test, bit 2: production — the environments this issuer's tokens may be used in. */
  envMask: number;
  clientId?: string;
  scopes: ReadonlySet<string>;
  /** Organisation numbers (9 digits). */
  vendorOrgNo?: string;
  consumerOrgNo?: string;
  supplierOrgNo?: string;
  customerOrgNo?: string;
  systemUserId?: string;
  /** Expiry, epoch ms. */
  expiresAt: number;
}

export const ENV_BIT: Record<GatewayEnv, number> = { test: 1, production: 2 };

/** Why a token is refused; `code` goes into the problem answer and the audit record. */
export class TokenRefused extends Error {
  constructor(
    readonly code: 'missing' | 'malformed' | 'unknown-issuer' | 'wrong-environment' | 'invalid-signature' | 'expired' | 'not-yet-valid' | 'wrong-audience' | 'invalid-claims' | 'jwks-unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'TokenRefused';
  }
}

interface IssuerEntry {
  spec: IssuerSpec;
  keys: JWTVerifyGetKey;
  envMask: number;
}

export interface VerifierOptions {
  /** Clock skew allowed on exp/nbf/iat, seconds (default 30). */
  clockToleranceSec?: number;
  /** Verified tokens kept (default 10,000). */
  cacheSize?: number;
  now?: () => number;
}

const ORG_ID = /^0192:(\d{9})$/;

function orgOf(claim: unknown): string | undefined {
  if (!claim || typeof claim !== 'object') return undefined;
  const c = claim as { authority?: unknown; ID?: unknown };
  if (c.authority !== 'iso6523-actorid-upis' || typeof c.ID !== 'string') return undefined;
  return ORG_ID.exec(c.ID)?.[1];
}

/** Reads the parties of the call from verified claims (exported for unit tests). */
export function identityFromClaims(p: JWTPayload, issuer: IssuerEntry | { spec: { issuer: string; name: string }; envMask: number }): CallerIdentity {
  const scopes = new Set<string>();
  if (typeof p.scope === 'string') for (const s of p.scope.split(' ')) if (s) scopes.add(s);
  if (Array.isArray(p.scp)) for (const s of p.scp) if (typeof s === 'string') scopes.add(s);
  const consumerOrgNo = orgOf(p.consumer);
  const supplierOrgNo = orgOf(p.supplier);
  if (p.consumer !== undefined && consumerOrgNo === undefined) throw new TokenRefused('invalid-claims', 'The consumer claim is not an organisation number ({"authority":"iso6523-actorid-upis","ID":"0192:<orgno>"}).');
  if (p.supplier !== undefined && supplierOrgNo === undefined) throw new TokenRefused('invalid-claims', 'The supplier claim is not an organisation number ({"authority":"iso6523-actorid-upis","ID":"0192:<orgno>"}).');
  let customerOrgNo = consumerOrgNo;
  let systemUserId: string | undefined;
  if (Array.isArray(p.authorization_details)) {
    for (const d of p.authorization_details as Array<Record<string, unknown>>) {
      if (d?.type !== 'urn:altinn:systemuser') continue;
      const org = orgOf(d.systemuser_org);
      if (!org) throw new TokenRefused('invalid-claims', 'The system user authorization_details have no valid systemuser_org.');
      customerOrgNo = org;
      const ids = d.systemuser_id;
      if (Array.isArray(ids) && typeof ids[0] === 'string') systemUserId = ids[0];
    }
  }
  const clientId = typeof p.client_id === 'string' ? p.client_id : typeof p.azp === 'string' ? p.azp : undefined;
  return {
    issuer: issuer.spec.issuer,
    issuerName: issuer.spec.name,
    envMask: issuer.envMask,
    clientId,
    scopes,
    vendorOrgNo: supplierOrgNo ?? consumerOrgNo,
    consumerOrgNo,
    supplierOrgNo,
    customerOrgNo,
    systemUserId,
    expiresAt: (p.exp ?? 0) * 1000,
  };
}

export class TokenVerifier {
  private readonly issuers = new Map<string, IssuerEntry>();
  private readonly cache = new Map<string, CallerIdentity>();
  private readonly tolerance: number;
  private readonly cacheSize: number;
  private readonly now: () => number;
  hits = 0;
  verifications = 0;

  constructor(specs: readonly IssuerSpec[], opts: VerifierOptions = {}) {
    this.tolerance = opts.clockToleranceSec ?? 30;
    this.cacheSize = opts.cacheSize ?? 10_000;
    this.now = opts.now ?? Date.now;
    for (const spec of specs) {
      for (const a of spec.algorithms) if (a === 'none' || a.startsWith('HS')) throw new Error(`issuer ${spec.name}: algorithm ${a} is not allowed`);
      const keys = spec.keys ?? createRemoteJWKSet(new URL(spec.jwksUri!), { cooldownDuration: spec.cooldownMs ?? 30_000, timeoutDuration: 5_000, cacheMaxAge: 10 * 60_000 });
      this.issuers.set(spec.issuer, { spec, keys, envMask: spec.environments.reduce((m, e) => m | ENV_BIT[e], 0) });
    }
  }

  /**
   * The identity of a token verified before and not yet expired, synchronously (the hot path: no promise, no
   * microtask); undefined when it must be verified (`verify`).
   */
  lookup(token: string): CallerIdentity | undefined {
    const key = hash('sha256', token, 'base64url');
    const hit = this.cache.get(key);
    if (!hit) return undefined;
    if (hit.expiresAt + this.tolerance * 1000 > this.now()) {
      this.hits++;
      return hit;
    }
    this.cache.delete(key);
    return undefined;
  }

  /** Verifies `token` (cached by its SHA-256 until it expires); throws TokenRefused. */
  async verify(token: string): Promise<CallerIdentity> {
    const hit = this.lookup(token);
    if (hit) return hit;
    const id = await this.verifyUncached(token);
    this.cache.set(hash('sha256', token, 'base64url'), id);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return id;
  }

  private async verifyUncached(token: string): Promise<CallerIdentity> {
    let iss: unknown;
    try {
      decodeProtectedHeader(token);
      iss = decodeJwt(token).iss;
    } catch {
      throw new TokenRefused('malformed', 'The bearer token is not a JWT.');
    }
    const entry = typeof iss === 'string' ? this.issuers.get(iss) : undefined;
    if (!entry) throw new TokenRefused('unknown-issuer', `Tokens from issuer ${JSON.stringify(iss ?? null)} are not accepted; use Maskinporten or ID-porten (or the test issuer in the test environment).`);
    this.verifications++;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, entry.keys, {
        issuer: entry.spec.issuer,
        audience: entry.spec.audience,
        algorithms: [...entry.spec.algorithms],
        clockTolerance: this.tolerance,
        currentDate: new Date(this.now()),
        requiredClaims: ['exp'],
      }));
    } catch (e) {
      throw refusalOf(e);
    }
    return identityFromClaims(payload, entry);
  }

  get cached(): number {
    return this.cache.size;
  }
}

function refusalOf(e: unknown): TokenRefused {
  if (e instanceof TokenRefused) return e;
  if (e instanceof joseErrors.JWTExpired) return new TokenRefused('expired', 'The token has expired; get a new one.');
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'nbf' || e.claim === 'iat') return new TokenRefused('not-yet-valid', 'The token is not valid yet (nbf in the future); check the clock of the system that requested it.');
    if (e.claim === 'aud') return new TokenRefused('wrong-audience', 'The token is for another audience; request it with the gateway as audience.');
    return new TokenRefused('invalid-claims', `The token's "${e.claim}" claim is not accepted (${e.reason}).`);
  }
  if (e instanceof joseErrors.JWKSTimeout || (e instanceof joseErrors.JOSEError && e.code === 'ERR_JOSE_GENERIC' && /fetch|JWKS/i.test(e.message))) {
    return new TokenRefused('jwks-unavailable', 'The issuer\'s keys could not be fetched; try again shortly.');
  }
  if (e instanceof joseErrors.JWKSNoMatchingKey) return new TokenRefused('invalid-signature', 'The token is signed with a key the issuer does not publish (unknown kid).');
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return new TokenRefused('invalid-signature', 'The token is signed with an algorithm this issuer does not use.');
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return new TokenRefused('invalid-signature', 'The token\'s signature is not valid.');
  if (e instanceof joseErrors.JWTInvalid || e instanceof joseErrors.JWSInvalid) return new TokenRefused('malformed', 'The bearer token is not a valid signed JWT.');
  return new TokenRefused('invalid-signature', 'The token could not be verified.');
}
