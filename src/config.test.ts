import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configDocs, cookieSecure, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has a default and a doc line for every key', () => {
    const cfg = loadConfig({});
    expect(cfg.PORT).toBe(8080);
    expect(cfg.GATEWAY_PORT).toBe(8081);
    expect(cfg.ROLES).toEqual(['api', 'gateway', 'worker', 'prober']);
    expect(cfg.DATABASE_URL).toBeUndefined();
    for (const d of configDocs()) expect(d.doc.length, d.key).toBeGreaterThan(10);
  });

  it('stops with a message that names the key on an invalid value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT .*expected an integer/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ROLES: 'api,cook' })).toThrow(/ROLES.*cook/);
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET.*32/);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://idporten.no' })).toThrow(/OIDC_CLIENT_ID/);
  });

  it('does not print secrets of a bad URL', () => {
    try {
      loadConfig({ SMTP_URL: 'ftp://user:hunter2@mail' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/SMTP_URL/);
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  it('reads an optional config file, and the environment wins', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'samsvar-cfg-'));
    const file = path.join(dir, 'samsvar.yaml');
    writeFileSync(file, 'PORT: 9000\nLOG_LEVEL: debug\nROLES: [api, worker]\n');
    const cfg = loadConfig({ SAMSVAR_CONFIG: file, LOG_LEVEL: 'warn' });
    expect(cfg.PORT).toBe(9000);
    expect(cfg.LOG_LEVEL).toBe('warn');
    expect(cfg.ROLES).toEqual(['api', 'worker']);
    writeFileSync(file, 'PORTT: 9000\n');
    expect(() => loadConfig({ SAMSVAR_CONFIG: file })).toThrow(/PORTT.*unknown key/);
    expect(() => loadConfig({ SAMSVAR_CONFIG: path.join(dir, 'missing.yaml') })).toThrow(/SAMSVAR_CONFIG.*not found/);
  });

  it('sets Secure cookies behind https and on localhost, not on plain http elsewhere', () => {
    expect(cookieSecure(loadConfig({ PUBLIC_URL: 'https://samsvar.digdir.no' }))).toBe(true);
    expect(cookieSecure(loadConfig({ PUBLIC_URL: 'http://localhost:8080' }))).toBe(true);
    expect(cookieSecure(loadConfig({ PUBLIC_URL: 'http://samsvar.internal' }))).toBe(false);
    expect(cookieSecure(loadConfig({ PUBLIC_URL: 'http://samsvar.internal', COOKIE_SECURE: 'true' }))).toBe(true);
  });
});
