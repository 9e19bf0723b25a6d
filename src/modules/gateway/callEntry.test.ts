import { describe, expect, it } from 'vitest';
import { syntheticFnr } from '../../../test/ids.ts';
import { CALL_LINE_COLUMNS, callLine, parseCallLine, type CallRecord } from './callEntry.ts';

describe('[T-6] [T-5] the audit line of a gateway call', () => {
  const fnr = syntheticFnr();
  const base: CallRecord = { at: Date.parse('2026-11-21T10:00:00.250Z'), env: 'production', method: 'GET', url: '/dialogporten/api/v1/enduser/dialogs', status: 200, latencyMs: 1.23456, bytesIn: 0, bytesOut: 11 };

  it('records who called what, when, with which outcome — and redacts a national id in the path, the query and the token claims', () => {
    const line = callLine({ ...base, url: `/broker/api/v1/persons/${fnr}/files?owner=${fnr}&x="q"`, vendorOrgId: 'b7a2c1d0-0000-4000-8000-000000000001', vendorOrgNo: '912345678', customerOrgNo: '974761076', clientId: `client-${fnr}`, systemUserId: `su-${fnr}`, issuer: 'https://maskinporten.no/', product: 'broker', route: 'GET /broker/api/v1/persons/{id}/files' });
    expect(line).not.toContain(fnr);
    expect(line).not.toContain('\n');
    const e = parseCallLine(line);
    expect(e).toMatchObject({ vendorOrgId: 'b7a2c1d0-0000-4000-8000-000000000001', calledAt: '2026-11-21T10:00:00.250Z', env: 'production', method: 'GET', status: 200, latencyMs: 1.23, bytesIn: 0, bytesOut: 11, refusal: null, vendor: '912345678', customer: '974761076', issuer: 'https://maskinporten.no/', product: 'broker', route: 'GET /broker/api/v1/persons/{id}/files' });
    expect(e.path).toMatch(/^\/broker\/api\/v1\/persons\/[^/]+\/files\?owner=[^&]+&x="q"$/);
    expect(e.clientId).toMatch(/^client-\*+$/);
    expect(e.systemUser).toMatch(/^su-\*+$/);
  });

  it('is exactly the JSON of its values in column order, whatever the text holds (quotes, backslashes, line separators, non-ASCII)', () => {
    for (const [i, url] of ['/a', '/a"b\\c', '/line\u2028sep\nnew', '/æøå/%C3%A6?q=ü', '/t\ttab'].entries()) {
      const r: CallRecord = { ...base, at: base.at + i * 1001 + 7, url, latencyMs: i * 3.14159, refusal: i % 2 ? 'route-unknown' : undefined, systemUserId: i === 2 ? 'su "1"' : undefined };
      const values = JSON.parse(callLine(r)) as unknown[];
      expect(values).toHaveLength(CALL_LINE_COLUMNS.length);
      expect(callLine(r)).toBe(JSON.stringify(values));
      expect(values[1]).toBe(new Date(r.at).toISOString());
      expect(values[4]).toBe(url);
    }
  });

  it('a refused call carries its refusal, and no vendor when none was known', () => {
    const e = parseCallLine(callLine({ ...base, url: `/nowhere/${fnr}?a=1`, status: 404, refusal: 'route-unknown' }));
    expect(e).toMatchObject({ vendorOrgId: null, status: 404, refusal: 'route-unknown', route: null });
    expect(String(e.path)).not.toContain(fnr);
  });
});
