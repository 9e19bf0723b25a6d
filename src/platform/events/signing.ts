/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): every delivery carries `webhook-id` (the delivery's
 * id, the same on every retry and replay), `webhook-timestamp` (Unix seconds) and `webhook-signature`: `v1,` + the
 * base64 HMAC-SHA256 of `${id}.${timestamp}.${body}` keyed with the secret's bytes (the base64 after `whsec_`).
 * During a rotation every secret still valid signs, space-separated, newest first, so a receiver holding either
 * verifies.
 *
 * Secrets are stored encrypted (AES-256-GCM, key derived from the installation's secret with HKDF-SHA256, the
 * secret entry's id as additional data). Losing SESSION_SECRET (DATA_DIR/secret) makes them unreadable: rotate.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomUUID } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

export interface StoredSecret {
  id: string;
  /** "v1:" + base64(iv ‖ tag ‖ ciphertext) */
  enc: string;
  createdAt: string;
  /** null: current; else the instant it stops signing. */
  expiresAt: string | null;
}

/** A new signing secret: `whsec_` + base64 of 32 random bytes. */
export function createSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** The bytes a secret signs with. */
export function secretBytes(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('not a whsec_ secret');
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

const keys = new Map<string, Buffer>();
function keyFor(installationSecret: string): Buffer {
  let k = keys.get(installationSecret);
  if (!k) {
    k = Buffer.from(hkdfSync('sha256', installationSecret, 'samsvar', 'event-subscription-secrets v1', 32));
    keys.set(installationSecret, k);
  }
  return k;
}

export function encryptSecret(installationSecret: string, secret: string, id: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(installationSecret), iv);
  cipher.setAAD(Buffer.from(id));
  const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return 'v1:' + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
}

export function decryptSecret(installationSecret: string, stored: Pick<StoredSecret, 'id' | 'enc'>): string {
  if (!stored.enc.startsWith('v1:')) throw new Error('unknown secret encoding');
  const raw = Buffer.from(stored.enc.slice(3), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(installationSecret), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(stored.id));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** A stored entry for a new secret. */
export function storedSecret(installationSecret: string, secret: string, createdAt: Date): StoredSecret {
  const id = randomUUID();
  return { id, enc: encryptSecret(installationSecret, secret, id), createdAt: createdAt.toISOString(), expiresAt: null };
}

/** The secrets that sign at `at`: the current one and those whose overlap has not ended, newest first. */
export function validSecrets(stored: readonly StoredSecret[], at: number): StoredSecret[] {
  return stored.filter((s) => s.expiresAt === null || Date.parse(s.expiresAt) > at);
}

/** `v1,<base64>` for one secret. */
export function signature(secret: string, msgId: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretBytes(secret)).update(`${msgId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The three Standard Webhooks headers. */
export function webhookHeaders(secrets: readonly string[], msgId: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => signature(s, msgId, timestampSeconds, body)).join(' '),
  };
}
