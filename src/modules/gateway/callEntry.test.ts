import { describe, expect, it } from 'vitest';
import { syntheticFnr } from '../../../test/ids.ts';
import { callEntryTail, type CallRecord } from './callEntry.ts';

const parse = (tail: string) => {
  const [at, actorUserId, actorLabel, orgId, action, targetType, targetId, before, after, details] = JSON.parse(tail) as unknown[];
  return { at, actorUserId, actorLabel, orgId, action, targetType, targetId, before, after, details: JSON.parse(details as string) as Record<string, unknown> };
};

describe('[T-6] [T-5] the audit entry of a gateway call', () => {
  const fnr = syntheticFnr();
  const base: CallRecord = { at: Date.parse('2026-11-21T10:00:00.250Z'), env: 'production', method: 'GET', url: '/dialogporten/api/v1/enduser/dialogs', status: 200, latencyMs: 1.23456, bytesIn: 0, bytesOut: 11 };

  it('records who called what, when, with which outcome — and redacts a national id in the path, the query and the token claims', () => {
    const e = parse(
      callEntryTail(
        { ...base, url: `/broker/api/v1/persons/${fnr}/files?owner=${fnr}&x="q"`, vendorOrgId: 'b7a2c1d0-0000-4000-8000-000000000001', vendorOrgNo: '912345678', customerOrgNo: '974761076', clientId: `client-${fnr}`, systemUserId: 'su-1', issuer: 'https://maskinporten.no/', product: 'broker', route: 'GET /broker/api/v1/persons/{id}/files' },
        '2026-11-21T10:00:01.000Z',
      ),
    );
    expect(JSON.stringify(e)).not.toContain(fnr);
    expect(e).toMatchObject({ at: '2026-11-21T10:00:01.000Z', actorUserId: null, orgId: 'b7a2c1d0-0000-4000-8000-000000000001', action: 'gateway.call', targetType: 'gateway-route', targetId: 'GET /broker/api/v1/persons/{id}/files' });
    expect(e.actorLabel).toMatch(/^client:client-/);
    expect(e.details).toMatchObject({ calledAt: '2026-11-21T10:00:00.250Z', env: 'production', method: 'GET', status: 200, latencyMs: 1.23, bytesIn: 0, bytesOut: 11, vendor: '912345678', customer: '974761076', systemUser: 'su-1', issuer: 'https://maskinporten.no/', product: 'broker' });
    expect(e.details.path).toMatch(/^\/broker\/api\/v1\/persons\/[^/]+\/files\?owner=[^&]+&x="q"$/);
  });

  it('a refused call without a route is named by method and path, without the query', () => {
    const e = parse(callEntryTail({ ...base, url: `/nowhere/${fnr}?a=1`, status: 404, refusal: 'route-unknown' }, '2026-11-21T10:00:01.000Z'));
    expect(e).toMatchObject({ actorLabel: 'gateway', orgId: null, action: 'gateway.refused' });
    expect(e.targetId).toMatch(/^GET \/nowhere\/[^?]+$/);
    expect(String(e.targetId)).not.toContain(fnr);
    expect(e.details.refusal).toBe('route-unknown');
  });
});
