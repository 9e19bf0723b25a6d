/**
 * Every setting of Samsvar: name, doc line, default, parser. Read once at start; an invalid value stops start-up
 * with a message that names the key. Sources, later wins: defaults → config file (SAMSVAR_CONFIG or
 * ./samsvar.config.yaml, keys named as the environment variables) → environment.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

type Parser<T> = (raw: string) => T;

interface KeyDef<T> {
  doc: string;
  default: T | (() => T);
  parse: Parser<T>;
  secret?: boolean;
}

const str: Parser<string> = (raw) => raw;
const optStr: Parser<string | undefined> = (raw) => (raw === '' ? undefined : raw);
const int =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    if (!/^-?\d+$/.test(raw.trim())) throw new Error(`expected an integer, got "${raw}"`);
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`expected an integer between ${min} and ${max}, got ${n}`);
    return n;
  };
const bool: Parser<boolean> = (raw) => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new Error(`expected true or false, got "${raw}"`);
};
const url =
  (protocols: string[]): Parser<string | undefined> =>
  (raw) => {
    if (raw === '') return undefined;
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new Error(`expected a URL (${protocols.join(', ')}), got "${redactUrl(raw)}"`);
    }
    if (!protocols.includes(u.protocol.replace(/:$/, ''))) {
      throw new Error(`expected a URL with scheme ${protocols.join(' or ')}, got "${u.protocol}"`);
    }
    return raw;
  };
const oneOf =
  <T extends string>(...values: T[]): Parser<T> =>
  (raw) => {
    if (!values.includes(raw as T)) throw new Error(`expected one of ${values.join(', ')}, got "${raw}"`);
    return raw as T;
  };
const list =
  <T extends string>(allowed?: readonly T[]): Parser<T[]> =>
  (raw) => {
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean) as T[];
    if (allowed) {
      for (const i of items) if (!allowed.includes(i)) throw new Error(`"${i}" is not one of ${allowed.join(', ')}`);
    }
    return items;
  };

/** A token issuer the gateway trusts (T-1.2.2). */
export interface GatewayIssuerConfig {
  name: string;
  issuer: string;
  jwksUri: string;
  /** Environments whose calls may carry this issuer's tokens. */
  environments: Array<'test' | 'production'>;
  /** Signature algorithms accepted (asymmetric only; default RS256). */
  algorithms?: string[];
  /** Required audience(s); absent: not checked. */
  audience?: string | string[];
  /** Least seconds between refetches of the JWKS on an unknown kid (default 30). */
  cooldownSeconds?: number;
}

const ASYMMETRIC_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export const DEFAULT_ISSUERS: GatewayIssuerConfig[] = [
  { name: 'Maskinporten', issuer: 'https://maskinporten.no/', jwksUri: 'https://maskinporten.no/jwk', environments: ['production'] },
  { name: 'Maskinporten (test)', issuer: 'https://test.maskinporten.no/', jwksUri: 'https://test.maskinporten.no/jwk', environments: ['test'] },
  { name: 'ID-porten', issuer: 'https://idporten.no', jwksUri: 'https://idporten.no/jwks.json', environments: ['production'] },
  { name: 'ID-porten (test)', issuer: 'https://test.idporten.no', jwksUri: 'https://test.idporten.no/jwks.json', environments: ['test'] },
  {
    name: 'Altinn token exchange',
    issuer: 'https://platform.altinn.no/authentication/api/v1/openid/',
    jwksUri: 'https://platform.altinn.no/authentication/api/v1/openid/.well-known/openid-configuration/jwks',
    environments: ['production'],
  },
  {
    name: 'Altinn token exchange (TT02)',
    issuer: 'https://platform.tt02.altinn.no/authentication/api/v1/openid/',
    jwksUri: 'https://platform.tt02.altinn.no/authentication/api/v1/openid/.well-known/openid-configuration/jwks',
    environments: ['test'],
  },
];

function parseIssuers(raw: string): GatewayIssuerConfig[] {
  if (raw.trim() === '') return [];
  const v = JSON.parse(raw) as unknown;
  if (!Array.isArray(v)) throw new Error('expected a JSON list of issuers');
  return v.map((x: Record<string, unknown>, i) => {
    const at = `issuer ${i + 1}`;
    if (!x || typeof x !== 'object') throw new Error(`${at}: expected an object`);
    for (const k of ['name', 'issuer', 'jwksUri']) if (typeof x[k] !== 'string' || !x[k]) throw new Error(`${at}: "${k}" is required`);
    if (!/^https?:\/\//.test(x.jwksUri as string)) throw new Error(`${at}: jwksUri must be an http(s) URL`);
    const envs = x.environments as unknown;
    if (!Array.isArray(envs) || envs.length === 0 || envs.some((e) => e !== 'test' && e !== 'production')) throw new Error(`${at}: environments must list "test" and/or "production"`);
    const algs = (x.algorithms as unknown) ?? ['RS256'];
    if (!Array.isArray(algs) || algs.length === 0 || algs.some((a) => !ASYMMETRIC_ALGS.includes(a as string))) {
      throw new Error(`${at}: algorithms must be asymmetric (${ASYMMETRIC_ALGS.join(', ')}); never "none" or HS*`);
    }
    const aud = x.audience as unknown;
    if (aud !== undefined && typeof aud !== 'string' && !(Array.isArray(aud) && aud.every((a) => typeof a === 'string'))) throw new Error(`${at}: audience must be a string or a list of strings`);
    const cd = x.cooldownSeconds as unknown;
    if (cd !== undefined && (typeof cd !== 'number' || !(cd >= 0) || cd > 3600)) throw new Error(`${at}: cooldownSeconds must be a number of seconds between 0 and 3600`);
    return { name: x.name as string, issuer: x.issuer as string, jwksUri: x.jwksUri as string, environments: envs as GatewayIssuerConfig['environments'], algorithms: algs as string[], audience: aud as string | string[] | undefined, cooldownSeconds: cd as number | undefined };
  });
}

export const ROLES = ['api', 'gateway', 'worker', 'prober'] as const;
export type ProcessRole = (typeof ROLES)[number];

const defs = {
  DATABASE_URL: {
    doc: 'PostgreSQL connection string (postgres://…). Empty: the embedded PGlite database in DATA_DIR/pglite.',
    default: undefined,
    parse: url(['postgres', 'postgresql']),
    secret: true,
  } as KeyDef<string | undefined>,
  REDIS_URL: {
    doc: 'Redis connection string (redis://…) for shared rate-limit counters across processes. Empty: in-process counters.',
    default: undefined,
    parse: url(['redis', 'rediss']),
    secret: true,
  } as KeyDef<string | undefined>,
  REDIS_PREFIX: {
    doc: 'Prefix of the keys Samsvar keeps in Redis (lets several installations share one Redis).',
    default: 'samsvar:',
    parse: str,
  } as KeyDef<string>,
  HOST: { doc: 'Interface the HTTP servers listen on.', default: '0.0.0.0', parse: str } as KeyDef<string>,
  PORT: { doc: 'Port of the api role (portal, API, status page).', default: 8080, parse: int(0, 65535) } as KeyDef<number>,
  GATEWAY_PORT: { doc: 'Port of the gateway role (data plane).', default: 8081, parse: int(0, 65535) } as KeyDef<number>,
  GATEWAY_UPSTREAMS: {
    doc: 'Overrides of the catalogue\'s upstream base URLs, as JSON: {"product.env": url, "product": url, "*.env": url, "*": url} (env: test or production; the most specific key wins), e.g. {"*.test":"http://127.0.0.1:9000"}. Empty: the policy\'s URLs (TT02 and production).',
    default: {},
    parse: (raw: string) => {
      if (raw.trim() === '') return {};
      const v = JSON.parse(raw) as unknown;
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('expected a JSON object of "product.env": "url"');
      for (const [k, u] of Object.entries(v)) {
        if (!/^(\*|[a-z][A-Za-z0-9]*)(\.(test|production))?$/.test(k)) throw new Error(`"${k}" is not "product", "product.env", "*.env" or "*"`);
        if (typeof u !== 'string' || !/^https?:\/\/\S+$/.test(u)) throw new Error(`"${k}": expected an http(s) URL`);
      }
      return v as Record<string, string>;
    },
  } as KeyDef<Record<string, string>>,
  GATEWAY_ISSUERS: {
    doc: 'Token issuers the gateway accepts, as a JSON list of {name, issuer, jwksUri, environments: ["test"|"production"], algorithms?: ["RS256",…], audience?: string|[…], cooldownSeconds?: least seconds between JWKS refetches (30)}. Operator configuration (the JWKS URLs are fetched as given). Default: Maskinporten, ID-porten and the Altinn token exchange, test issuers for the test environment and production issuers for production.',
    default: () => DEFAULT_ISSUERS,
    parse: (raw: string) => parseIssuers(raw),
  } as KeyDef<GatewayIssuerConfig[]>,
  GATEWAY_TEST_ISSUER: {
    doc: 'Samsvar\'s own test token issuer (JWKS at /test-issuer/.well-known/jwks.json, minting at POST /api/v1/test-tokens); its tokens are accepted only in the gateway\'s test environment. auto: on with DEMO (development and demos), off otherwise.',
    default: 'auto',
    parse: oneOf('auto', 'true', 'false'),
  } as KeyDef<'auto' | 'true' | 'false'>,
  GATEWAY_FLUSH_MS: {
    doc: 'Milliseconds between the gateway\'s writes of call records to the audit log (also written at 500 records) and of successful test calls to the product tests.',
    default: 200,
    parse: int(10, 60_000),
  } as KeyDef<number>,
  GATEWAY_UPSTREAM_TIMEOUT_MS: {
    doc: 'Milliseconds an upstream has to start answering a proxied call (then 504), and the longest pause while a body streams.',
    default: 30_000,
    parse: int(100, 600_000),
  } as KeyDef<number>,
  DATA_DIR: {
    doc: 'Directory for the embedded database, generated development keys and secrets.',
    default: './data',
    parse: str,
  } as KeyDef<string>,
  PUBLIC_URL: {
    doc: 'The URL users reach the portal on; used in e-mails, OIDC redirects and to decide Secure cookies.',
    default: () => `http://localhost:${process.env.PORT ?? 8080}`,
    parse: (raw: string) => {
      const v = url(['http', 'https'])(raw);
      if (!v) throw new Error('expected an http(s) URL');
      return v.replace(/\/$/, '');
    },
  } as KeyDef<string>,
  ROLES: {
    doc: `Roles this process plays, comma-separated (${ROLES.join(', ')}). The --roles flag overrides it.`,
    default: [...ROLES],
    parse: list(ROLES),
  } as KeyDef<ProcessRole[]>,
  LOG_LEVEL: {
    doc: 'Log level: fatal, error, warn, info, debug, trace or silent.',
    default: 'info',
    parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  } as KeyDef<'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'>,
  POLICY_FILE: {
    doc: 'The agreement policy (YAML). Validated at start; start-up stops on errors.',
    default: 'policies/altinn.yaml',
    parse: str,
  } as KeyDef<string>,
  CLAUSES_FILE: {
    doc: 'The clause register (YAML): every clause ID with a summary, linked from the policy.',
    default: 'policies/clauses.yaml',
    parse: str,
  } as KeyDef<string>,
  SMTP_URL: {
    doc: 'SMTP server for outgoing mail (smtp://user:pass@host:port or smtps://…). Empty: mail is kept in the outbox for operators to read.',
    default: undefined,
    parse: url(['smtp', 'smtps']),
    secret: true,
  } as KeyDef<string | undefined>,
  MAIL_FROM: { doc: 'Sender address of outgoing mail.', default: 'Samsvar <samsvar@localhost>', parse: str } as KeyDef<string>,
  SESSION_SECRET: {
    doc: 'Secret for CSRF tokens and signed cookies (≥ 32 characters). Empty: generated into DATA_DIR/secret on first start.',
    default: undefined,
    parse: (raw: string) => {
      if (raw === '') return undefined;
      if (raw.length < 32) throw new Error('expected at least 32 characters');
      return raw;
    },
    secret: true,
  } as KeyDef<string | undefined>,
  SESSION_TTL_HOURS: { doc: 'Lifetime of a portal session, in hours.', default: 12, parse: int(1, 24 * 30) } as KeyDef<number>,
  COOKIE_SECURE: {
    doc: 'Secure flag on cookies: auto (when PUBLIC_URL is https or localhost), true or false.',
    default: 'auto',
    parse: oneOf('auto', 'true', 'false'),
  } as KeyDef<'auto' | 'true' | 'false'>,
  LOGIN_MAX_ATTEMPTS: {
    doc: 'Failed log-ins allowed per e-mail and client address in LOGIN_WINDOW_MINUTES before log-in is refused (429).',
    default: 10,
    parse: int(1, 10_000),
  } as KeyDef<number>,
  LOGIN_WINDOW_MINUTES: { doc: 'Window of the log-in rate limit, in minutes.', default: 15, parse: int(1, 24 * 60) } as KeyDef<number>,
  INVITATION_TTL_DAYS: { doc: 'Days an invitation link stays valid.', default: 14, parse: int(1, 365) } as KeyDef<number>,
  OIDC_ISSUER: {
    doc: 'OpenID Connect issuer for portal log-in (ID-porten, Ansattporten or Entra ID). Empty: no OIDC log-in.',
    default: undefined,
    parse: url(['http', 'https']),
  } as KeyDef<string | undefined>,
  OIDC_CLIENT_ID: { doc: 'OIDC client id.', default: undefined, parse: optStr } as KeyDef<string | undefined>,
  OIDC_CLIENT_SECRET: { doc: 'OIDC client secret.', default: undefined, parse: optStr, secret: true } as KeyDef<
    string | undefined
  >,
  OIDC_NAME: { doc: 'Name of the OIDC provider on the log-in button.', default: 'ID-porten', parse: str } as KeyDef<string>,
  OIDC_SCOPES: { doc: 'Scopes requested at OIDC log-in.', default: 'openid profile email', parse: str } as KeyDef<string>,
  OIDC_ALLOW_INSECURE: {
    doc: 'Allow an http:// OIDC issuer (only for local test providers).',
    default: false,
    parse: bool,
  } as KeyDef<boolean>,
  METRICS_TOKEN: {
    doc: 'When set, GET /metrics requires `Authorization: Bearer <token>`; empty: /metrics is open (keep it on an internal network).',
    default: undefined,
    parse: optStr,
    secret: true,
  } as KeyDef<string | undefined>,
  DEMO: { doc: 'Load the demo data at start (idempotent). `npm start` sets it.', default: false, parse: bool } as KeyDef<boolean>,
  EVENTS_CONCURRENCY: {
    doc: 'Event deliveries (webhook calls) one worker process sends at once; deliveries to one subscription go one after another.',
    default: 100,
    parse: int(1, 1000),
  } as KeyDef<number>,
  EVENTS_TIMEOUT_MS: {
    doc: 'Milliseconds a subscriber’s endpoint has to answer a delivery (connect, answer, body); later counts as a failed attempt.',
    default: 10_000,
    parse: int(100, 120_000),
  } as KeyDef<number>,
  OUTBOUND_ALLOW_HTTP: {
    doc: 'Allow plain http:// in URLs users make Samsvar call (webhook endpoints, monitors). Off: https only.',
    default: false,
    parse: bool,
  } as KeyDef<boolean>,
  OUTBOUND_ALLOW: {
    doc: 'Private, loopback or link-local destinations users’ URLs may reach anyway: comma-separated CIDRs (10.20.0.0/16, ::1/128) or host names (hooks.internal, *.corp.example). Empty: none.',
    default: [],
    parse: (raw: string) => {
      const items = list()(raw);
      for (const i of items) {
        const [ip, bits, extra] = i.split('/');
        if (bits !== undefined) {
          const v = isIP(ip!);
          const n = /^\d{1,3}$/.test(bits) ? Number(bits) : -1;
          if (!v || extra !== undefined || n < 0 || n > (v === 4 ? 32 : 128)) throw new Error(`"${i}" is not a CIDR such as 10.0.0.0/8 or fd00::/8`);
        } else if (!isIP(i) && !/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(i)) {
          throw new Error(`"${i}" is neither a CIDR nor a host name`);
        }
      }
      return items;
    },
  } as KeyDef<string[]>,
  PROBER_CONCURRENCY: {
    doc: 'Monitor checks one prober process runs at once (HTTP requests and TCP connects in flight); further due checks wait their turn.',
    default: 200,
    parse: int(1, 10_000),
  } as KeyDef<number>,
  PROBER_FLUSH_MS: {
    doc: 'Milliseconds between the prober’s writes: the results and status changes of that time go to the database in one transaction.',
    default: 1000,
    parse: int(10, 60_000),
  } as KeyDef<number>,
  MONITOR_MIN_INTERVAL_SECONDS: {
    doc: 'Shortest check interval a monitor may have, in seconds.',
    default: 10,
    parse: int(1, 3600),
  } as KeyDef<number>,
  MONITOR_RESULTS_RETENTION_DAYS: {
    doc: 'Days monitor check results are kept; a daily job deletes older ones.',
    default: 90,
    parse: int(1, 3650),
  } as KeyDef<number>,
  WEB_DIST: {
    doc: 'Directory of the built portal (vite build output).',
    default: 'web/dist',
    parse: str,
  } as KeyDef<string>,
};

export type ConfigKey = keyof typeof defs;
export type Config = { [K in ConfigKey]: (typeof defs)[K] extends KeyDef<infer T> ? T : never };

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    readonly reason: string,
    readonly source: string,
  ) {
    super(`Invalid configuration ${key} (from ${source}): ${reason}`);
  }
}

export function configDocs(): Array<{ key: string; doc: string; default: string; secret: boolean }> {
  return Object.entries(defs).map(([key, def]) => {
    const d = typeof def.default === 'function' ? (def.default as () => unknown)() : def.default;
    return {
      key,
      doc: def.doc,
      default: d === undefined ? '' : Array.isArray(d) && d.every((x) => typeof x !== 'object') ? d.join(',') : typeof d === 'object' ? JSON.stringify(d) : String(d),
      secret: Boolean(def.secret),
    };
  });
}

function readConfigFile(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  const data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new ConfigError('SAMSVAR_CONFIG', 'expected a map of KEY: value', file);
  for (const k of Object.keys(data)) {
    if (!(k in defs)) throw new ConfigError(k, `unknown key; known keys: ${Object.keys(defs).join(', ')}`, file);
  }
  return data as Record<string, unknown>;
}

/** Builds the configuration; throws ConfigError naming the key on the first invalid value. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const explicitFile = env.SAMSVAR_CONFIG;
  const file = explicitFile ?? (existsSync('samsvar.config.yaml') ? 'samsvar.config.yaml' : undefined);
  if (explicitFile && !existsSync(explicitFile)) {
    throw new ConfigError('SAMSVAR_CONFIG', `file not found: ${explicitFile}`, 'environment');
  }
  const fromFile = file ? readConfigFile(file) : {};
  const out: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(defs) as Array<[ConfigKey, KeyDef<unknown>]>) {
    if (key in overrides) {
      out[key] = overrides[key];
      continue;
    }
    let raw: string | undefined;
    let source = 'default';
    if (fromFile[key] !== undefined && fromFile[key] !== null) {
      const v = fromFile[key];
      // Lists of plain values join with commas; maps and lists of maps (GATEWAY_ISSUERS) are passed on as JSON.
      raw = Array.isArray(v) && v.every((x) => typeof x !== 'object') ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v);
      source = file!;
    }
    if (env[key] !== undefined) {
      raw = env[key];
      source = 'environment';
    }
    if (raw === undefined) {
      out[key] = typeof def.default === 'function' ? (def.default as () => unknown)() : def.default;
      continue;
    }
    try {
      out[key] = def.parse(raw);
    } catch (e) {
      throw new ConfigError(key, (e as Error).message, source);
    }
  }
  const cfg = out as Config;
  if (cfg.OIDC_ISSUER && !cfg.OIDC_CLIENT_ID) throw new ConfigError('OIDC_CLIENT_ID', 'required when OIDC_ISSUER is set', 'environment');
  cfg.DATA_DIR = path.resolve(cfg.DATA_DIR);
  return cfg;
}

export function cookieSecure(cfg: Config): boolean {
  if (cfg.COOKIE_SECURE === 'auto') {
    // Browsers accept Secure cookies from http://localhost (a secure context), so local demos keep the flag too.
    const u = new URL(cfg.PUBLIC_URL);
    return u.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  }
  return cfg.COOKIE_SECURE === 'true';
}

function redactUrl(raw: string): string {
  return raw.replace(/\/\/[^@/]*@/, '//***@');
}
