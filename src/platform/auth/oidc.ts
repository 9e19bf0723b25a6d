/**
 * OpenID Connect log-in to the portal (ID-porten, Ansattporten or Entra ID, chosen by OIDC_ISSUER): discovery
 * (lazy, cached per process), the authorization request with PKCE (S256), state and nonce, and the code exchange
 * that checks all three. The browser carries state, nonce and code verifier between the two legs in a short-lived
 * cookie encrypted with a key derived from the process secret.
 *
 * The claims handed on are `sub`, `email`, `email_verified` and `name` only. Whatever else the provider sends —
 * ID-porten's `pid` is a fødselsnummer — is dropped here and never logged or stored [T-5].
 */
import { createHash } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import * as client from 'openid-client';
import type { Config } from '../../config.ts';

/** The id of the one configured provider in URLs (`/api/v1/auth/oidc/oidc/login`). */
export const OIDC_PROVIDER_ID = 'oidc';
export const OIDC_STATE_COOKIE = 'samsvar_oidc';
export const OIDC_STATE_TTL_SECONDS = 600;

/** Path of the redirect URI below PUBLIC_URL; register `${PUBLIC_URL}${oidcCallbackPath()}` at the provider. */
export function oidcCallbackPath(id = OIDC_PROVIDER_ID): string {
  return `/api/v1/auth/oidc/${id}/callback`;
}

export function oidcEnabled(config: Config): boolean {
  return Boolean(config.OIDC_ISSUER && config.OIDC_CLIENT_ID);
}

export function oidcProviders(config: Config): Array<{ id: string; name: string }> {
  return oidcEnabled(config) ? [{ id: OIDC_PROVIDER_ID, name: config.OIDC_NAME }] : [];
}

/** The provider could not be reached or its discovery document is unusable. The message names the issuer. */
export class OidcUnavailableError extends Error {
  constructor(
    readonly issuer: string,
    reason: string,
  ) {
    super(`The OpenID Connect provider ${issuer} is unreachable or its discovery document is unusable: ${reason}`);
  }
}

// ---------------------------------------------------------------- discovery

const discovered = new Map<string, Promise<client.Configuration>>();

function cacheKey(config: Config): string {
  const secretDigest = config.OIDC_CLIENT_SECRET ? createHash('sha256').update(config.OIDC_CLIENT_SECRET).digest('hex') : '';
  return [config.OIDC_ISSUER, config.OIDC_CLIENT_ID, secretDigest, config.OIDC_ALLOW_INSECURE].join('|');
}

/**
 * The discovered client configuration, fetched on first use and cached for the life of the process (per issuer,
 * client and secret). A failed discovery is not cached, so the next log-in tries again.
 */
export function oidcConfiguration(config: Config): Promise<client.Configuration> {
  const issuer = config.OIDC_ISSUER;
  const clientId = config.OIDC_CLIENT_ID;
  if (!issuer || !clientId) return Promise.reject(new Error('OIDC is not configured (OIDC_ISSUER and OIDC_CLIENT_ID)'));
  const key = cacheKey(config);
  let p = discovered.get(key);
  if (!p) {
    const secret = config.OIDC_CLIENT_SECRET;
    p = client
      .discovery(
        new URL(issuer),
        clientId,
        secret ? { client_secret: secret } : undefined,
        // client_secret_basic: the default of ID-porten and oidc-provider; Entra ID accepts it too.
        secret ? client.ClientSecretBasic(secret) : client.None(),
        { execute: config.OIDC_ALLOW_INSECURE ? [client.allowInsecureRequests] : [], timeout: 10 },
      )
      .catch((e: unknown) => {
        discovered.delete(key);
        const err = e as Error & { cause?: unknown };
        const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
        throw new OidcUnavailableError(issuer, `${err.message}${cause}`);
      });
    discovered.set(key, p);
  }
  return p;
}

/** Forgets every discovered configuration (tests). */
export function clearOidcCache(): void {
  discovered.clear();
}

// ---------------------------------------------------------------- the two legs

export interface OidcPending {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Same-origin path to land on after log-in. */
  returnTo: string;
  /** Provider id from the URL. */
  provider: string;
}

/** Builds the authorization URL and the values the callback must check. */
export async function beginOidcLogin(
  config: Config,
  opts: { redirectUri: string; returnTo: string; provider?: string },
): Promise<{ url: URL; pending: OidcPending }> {
  const cfg = await oidcConfiguration(config);
  const codeVerifier = client.randomPKCECodeVerifier();
  const pending: OidcPending = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier,
    returnTo: opts.returnTo,
    provider: opts.provider ?? OIDC_PROVIDER_ID,
  };
  const url = client.buildAuthorizationUrl(cfg, {
    redirect_uri: opts.redirectUri,
    scope: config.OIDC_SCOPES,
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url, pending };
}

/** What Samsvar keeps of a provider's answer. Deliberately no `pid` or other identity number [T-5]. */
export interface OidcIdentity {
  /** The issuer identifier (the provider key of the identity link). */
  issuer: string;
  sub: string;
  email?: string;
  /** As the provider said; undefined when it did not say. */
  emailVerified?: boolean;
  name?: string;
}

/** A log-in that must not go ahead; `reason` is safe to log (no tokens, no claims). */
export class OidcLoginError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Exchanges the code in `callbackUrl` (the redirect URI plus the provider's query string) and checks state, nonce,
 * PKCE, issuer and the ID token's signature, audience and lifetime. Returns the few claims Samsvar uses.
 */
export async function finishOidcLogin(config: Config, callbackUrl: URL, pending: OidcPending): Promise<OidcIdentity> {
  const cfg = await oidcConfiguration(config);
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(cfg, callbackUrl, {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      pkceCodeVerifier: pending.codeVerifier,
      idTokenExpected: true,
    });
  } catch (e) {
    throw new OidcLoginError('exchange-failed', describeClientError(e));
  }
  const claims = tokens.claims();
  if (!claims?.sub) throw new OidcLoginError('no-subject', 'The ID token has no sub claim.');
  let email = typeof claims.email === 'string' ? claims.email : undefined;
  let emailVerified = typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined;
  let name = pickName(claims);
  // Providers that keep profile claims out of the ID token (oidc-provider by default, some Entra set-ups) give them
  // at the userinfo endpoint. Only the same few claims are read there.
  if ((!email || !name) && cfg.serverMetadata().userinfo_endpoint && tokens.access_token) {
    try {
      const info = await client.fetchUserInfo(cfg, tokens.access_token, claims.sub);
      if (!email && typeof info.email === 'string') {
        email = info.email;
        emailVerified = typeof info.email_verified === 'boolean' ? info.email_verified : undefined;
      }
      name ??= pickName(info);
    } catch {
      /* userinfo is optional; the ID token's claims suffice */
    }
  }
  return { issuer: String(claims.iss), sub: claims.sub, email: email?.trim() || undefined, emailVerified, name };
}

function pickName(c: Record<string, unknown>): string | undefined {
  const s = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const full = s(c.name) ?? [s(c.given_name), s(c.family_name)].filter(Boolean).join(' ');
  return full ? full.slice(0, 200) : undefined;
}

/** An error text for the log: the library's message and OAuth error code, never a token or claim value. */
function describeClientError(e: unknown): string {
  const err = e as { message?: string; code?: string; error?: string; cause?: unknown };
  const parts = [err.message ?? String(e)];
  if (err.code) parts.push(`code ${err.code}`);
  if (typeof err.error === 'string') parts.push(`error ${err.error}`);
  if (err.cause instanceof Error) parts.push(`cause: ${err.cause.message}`);
  return parts.join('; ');
}

// ---------------------------------------------------------------- the state cookie

function stateKey(secret: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`samsvar:oidc-state:${secret}`).digest());
}

/** Encrypts the pending log-in for the state cookie (JWE, dir + A256GCM, 10 minutes). */
export async function sealOidcState(secret: string, pending: OidcPending): Promise<string> {
  return new EncryptJWT({ ...pending })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${OIDC_STATE_TTL_SECONDS}s`)
    .encrypt(stateKey(secret));
}

/** Opens the state cookie; undefined when it is missing, tampered with or expired. */
export async function openOidcState(secret: string, sealed: string | undefined): Promise<OidcPending | undefined> {
  if (!sealed) return undefined;
  try {
    const { payload } = await jwtDecrypt(sealed, stateKey(secret), { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
    const p = payload as Partial<OidcPending>;
    for (const k of ['state', 'nonce', 'codeVerifier', 'returnTo', 'provider'] as const) if (typeof p[k] !== 'string') return undefined;
    return p as OidcPending;
  } catch {
    return undefined;
  }
}

/** A same-origin relative path (starting with exactly one `/`), else `/`. */
export function safeReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return '/';
  try {
    const base = 'http://samsvar.invalid';
    const u = new URL(raw, base);
    if (u.origin !== base) return '/';
    return u.pathname + u.search + u.hash;
  } catch {
    return '/';
  }
}
