/** The gateway's measures index (gate 4): what is in force where, and when the next start or end is. */
import { describe, expect, it } from 'vitest';
import { indexMeasures, type MeasureEntry } from './gate.ts';

const T0 = Date.parse('2026-11-21T12:00:00Z');
let n = 0;
const entry = (e: Partial<MeasureEntry>): MeasureEntry => ({
  id: `m${++n}`,
  kind: 'suspend',
  clause: 'T-1.2.8',
  reason: 'r',
  vendorOrgId: 'v1',
  vendorOrgNo: '310000019',
  product: null,
  routeId: null,
  app: null,
  environment: 'both',
  startsAt: T0 - 1000,
  endsAt: null,
  rate: null,
  incident: null,
  deviationCase: null,
  ...e,
});
const PRODUCTS = ['dialogporten', 'correspondence', 'broker'];

describe('indexMeasures', () => {
  it('[T-7.1] a disconnection wins over a suspension of the same vendor, in either order', () => {
    const s = entry({ kind: 'suspend' });
    const d = entry({ kind: 'disconnect' });
    expect(indexMeasures([s, d], PRODUCTS, T0).byEnv.production.vendors.get('v1')!.kind).toBe('disconnect');
    expect(indexMeasures([d, s], PRODUCTS, T0).byEnv.production.vendors.get('v1')!.kind).toBe('disconnect');
  });

  it('[T-1.2.8] a measure applies only in its environment; an environment without measures is empty', () => {
    const { byEnv } = indexMeasures([entry({ environment: 'production' })], PRODUCTS, T0);
    expect(byEnv.production.vendors.has('v1')).toBe(true);
    expect(byEnv.test.vendors.has('v1')).toBe(false);
    expect(byEnv.test.empty).toBe(true);
    expect(byEnv.production.empty).toBe(false);
  });

  it('[T-1.2.8] throttles: the strictest per vendor and product; one of every product is filled in for each', () => {
    const all = entry({ kind: 'throttle', rate: { requests: 100, perSeconds: 60 } });
    const one = entry({ kind: 'throttle', product: 'broker', rate: { requests: 10, perSeconds: 1 } }); // 10/s, looser than 100/min
    const tight = entry({ kind: 'throttle', product: 'dialogporten', rate: { requests: 1, perSeconds: 60 }, environment: 'test' });
    const { byEnv } = indexMeasures([all, one, tight], PRODUCTS, T0);
    expect(byEnv.production.throttles.get('v1|broker')).toEqual({ requests: 100, perSeconds: 60 });
    expect(byEnv.production.throttles.get('v1|correspondence')).toEqual({ requests: 100, perSeconds: 60 });
    expect(byEnv.test.throttles.get('v1|dialogporten')).toEqual({ requests: 1, perSeconds: 60 });
    expect(byEnv.production.throttles.get('v1|dialogporten')).toEqual({ requests: 100, perSeconds: 60 });
  });

  it('[S-7.3.5] [S-7.3.8] routes blocked for everyone or one vendor, and stopped apps, by their keys', () => {
    const route = 'GET /broker/api/v1/filetransfer';
    const { byEnv } = indexMeasures(
      [entry({ kind: 'block-route', vendorOrgId: null, routeId: route }), entry({ kind: 'block-route', routeId: route, vendorOrgId: 'v2' }), entry({ kind: 'stop-app', vendorOrgId: null, app: 'skd/mva-melding' })],
      PRODUCTS,
      T0,
    );
    expect(byEnv.test.routes.has(route)).toBe(true);
    expect(byEnv.test.vendorRoutes.has(`${route}|v2`)).toBe(true);
    expect(byEnv.test.apps.has('skd/mva-melding')).toBe(true);
    expect(byEnv.test.vendors.size).toBe(0);
  });

  it('[T-1.2.8] ended and not yet started measures are left out, and the next start or end is when to re-index', () => {
    const ended = entry({ endsAt: T0 - 1 });
    const later = entry({ vendorOrgId: 'v3', startsAt: T0 + 60_000 });
    const ending = entry({ vendorOrgId: 'v4', endsAt: T0 + 5000 });
    const { byEnv, next } = indexMeasures([ended, later, ending], PRODUCTS, T0);
    expect([...byEnv.production.vendors.keys()]).toEqual(['v4']);
    expect(next).toBe(T0 + 5000);
    expect(indexMeasures([ended], PRODUCTS, T0).next).toBeNull();
  });
});
