import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers.ts';
import { syntheticFnr as testFnr } from '../../../test/ids.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demo: false });
});
afterAll(async () => server?.stop());

describe('HTTP platform', () => {
  it('answers unknown routes with RFC 9457 problem details', async () => {
    const res = await server.client().get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:samsvar:problem:not-found', title: 'Not Found', status: 404 });
  });

  it('answers an unsupported body type and broken JSON with problem details', async () => {
    const c = server.client();
    const r1 = await c.request('POST', '/api/v1/auth/login', 'email=a', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r1.status).toBe(415);
    expect(r1.body.type).toBe('urn:samsvar:problem:unsupported-media-type');
    const r2 = await c.request('POST', '/api/v1/auth/login', '{"email":', { 'content-type': 'application/json' });
    expect(r2.status).toBe(400);
    expect(r2.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('names the field in validation errors', async () => {
    const res = await server.client().get('/api/v1/calendars/servicedesk/due?from=2026-04-01T10:00&workingDays=abc');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('querystring.workingDays');
  });

  it('serves liveness, readiness (database and migrations) and Prometheus metrics', async () => {
    const c = server.client();
    expect((await c.get('/health/live')).body).toEqual({ status: 'ok' });
    const ready = await c.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ database: 'ok', migrations: 'ok' });
    const m = await c.get('/metrics', { accept: 'text/plain' });
    expect(m.text).toContain('samsvar_http_request_duration_seconds');
    expect(m.text).toContain('samsvar_process_cpu_user_seconds_total');
  });

  it('protects /metrics with METRICS_TOKEN when one is configured', async () => {
    server.ctx.config.METRICS_TOKEN = 'metrics-secret';
    try {
      expect((await server.client().get('/metrics')).status).toBe(401);
      expect((await server.client().get('/metrics', { authorization: 'Bearer metrics-secret' })).status).toBe(200);
    } finally {
      server.ctx.config.METRICS_TOKEN = undefined;
    }
  });

  it('sets request ids (echoing a valid incoming one) and security headers', async () => {
    const c = server.client();
    const res = await c.get('/health/live', { 'x-request-id': 'abc-123' });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const gen = await c.get('/health/live', { 'x-request-id': 'bad id with spaces' });
    expect(gen.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('publishes the OpenAPI document at /docs', async () => {
    const res = await server.client().get('/docs/json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/organisations', '/api/v1/calendars/{name}/due', '/api/v1/policy']));
    const ui = await server.client().get('/docs/', { accept: 'text/html' });
    expect(ui.status).toBe(200);
  });

  it('[T-5] never writes a fødselsnummer to the log in clear, not in URLs, query strings or messages', async () => {
    const fnr = testFnr();
    const c = server.client();
    await c.get(`/api/v1/organisations/${fnr}?ssn=${fnr}&q=x${fnr}`);
    await c.post('/api/v1/auth/login', { email: `${fnr}@example.com`, password: fnr });
    server.ctx.log.info({ note: `person ${fnr}` }, `handled ${fnr}`);
    const all = server.logLines.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).toContain('/api/v1/organisations/');
    expect(all).not.toContain(fnr);
  });
});
