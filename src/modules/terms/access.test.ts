/** The access decision as a pure function: one test per reason and warning, from hand-built snapshots. */
import { describe, expect, it } from 'vitest';
import { addCalendarDuration } from '../../kernel/worktime/index.ts';
import { buildAccessSnapshot, decideAccess, versionInForce, type AccessSettings, type SnapshotInput } from './access.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-15T10:00:00Z');
const settings: AccessSettings = { grace: { amount: 30, unit: 'calendarDays' }, minSuccessfulTestCalls: 10 };
const V = 'vendor-1';
const SVC = 'svc-1';
const RES = 'urn:altinn:resource:app_demo';

/** A vendor that meets every condition for dialogporten and the service; `patch` takes parts away. */
function input(patch: Partial<SnapshotInput> = {}): SnapshotInput {
  return {
    vendorOrgIds: [V],
    versions: [
      { id: 'v1', version: '2025-1', effectiveAt: NOW - 400 * DAY },
      { id: 'v2', version: '2026-1', effectiveAt: NOW - 60 * DAY },
    ],
    acceptances: [{ orgId: V, versionId: 'v2' }],
    registeredProducts: [{ orgId: V, product: 'dialogporten' }],
    productTests: [{ orgId: V, product: 'dialogporten', successfulTestCalls: 12, approved: false }],
    services: [{ id: SVC, resourceId: RES, lifecycle: 'production' }],
    conditions: [
      { id: 'c1', serviceId: SVC, version: 1 },
      { id: 'c2', serviceId: SVC, version: 2 },
    ],
    conditionAcceptances: [{ orgId: V, conditionId: 'c2' }],
    terminations: [],
    products: [['dialogporten', { nb: 'Dialogporten', en: 'Dialogporten' }]],
    ...patch,
  };
}
const decide = (patch: Partial<SnapshotInput> = {}, opts: { product?: string; service?: string; at?: number; org?: string } = {}) =>
  decideAccess(buildAccessSnapshot(input(patch), settings, NOW), opts.org ?? V, opts.product ?? 'dialogporten', 'service' in opts ? opts.service : SVC, opts.at ?? NOW);
const codes = (d: { reasons: readonly { code: string }[] }) => d.reasons.map((r) => r.code);

describe('decideAccess', () => {
  it('allows a vendor that meets every condition, with no reasons or warnings', () => {
    const d = decide();
    expect(d).toEqual({ allowed: true, reasons: [], warnings: [] });
  });

  it('[T-1.1] not-a-vendor: an unknown organisation or one that is not a vendor is refused', () => {
    const d = decide({}, { org: 'someone-else' });
    expect(d.allowed).toBe(false);
    expect(codes(d)).toEqual(['not-a-vendor']);
    expect(d.reasons[0].clause).toBe('T-1.1');
    expect(d.reasons[0].message.nb).toMatch(/leverandør/);
    expect(d.reasons[0].message.en).toMatch(/vendor/);
  });

  it('[T-1.1] terms-not-accepted: a vendor that has never accepted any version is refused at once (no grace)', () => {
    const d = decide({ acceptances: [], versions: [{ id: 'v2', version: '2026-1', effectiveAt: NOW - 2 * DAY }] });
    expect(codes(d)).toEqual(['terms-not-accepted']);
    expect(d.reasons[0].clause).toBe('T-1.1');
    expect(d.warnings).toEqual([]);
  });

  it('[T-1.1] terms-not-accepted: no version in force yet', () => {
    const d = decide({ versions: [{ id: 'v9', version: 'future', effectiveAt: NOW + DAY }], acceptances: [{ orgId: V, versionId: 'v9' }] });
    expect(codes(d)).toEqual(['terms-not-accepted']);
    expect(d.reasons[0].message.en).toMatch(/No version/);
  });

  it('[T-8] terms-acceptance-pending: inside the grace period after a new version, a vendor that accepted the earlier one keeps access with a warning and the deadline', () => {
    const effective = NOW - 10 * DAY;
    const d = decide({
      versions: [
        { id: 'v1', version: '2025-1', effectiveAt: NOW - 400 * DAY },
        { id: 'v2', version: '2026-1', effectiveAt: effective },
      ],
      acceptances: [{ orgId: V, versionId: 'v1' }],
    });
    expect(d.allowed).toBe(true);
    expect(d.warnings.map((w) => w.code)).toEqual(['terms-acceptance-pending']);
    expect(Date.parse(d.warnings[0].at!)).toBe(addCalendarDuration(effective, settings.grace));
    expect(d.warnings[0].message.en).toContain('2026-1');
  });

  it('[T-8] terms-not-accepted: after the grace period the same vendor is refused until it accepts', () => {
    const p = {
      versions: [
        { id: 'v1', version: '2025-1', effectiveAt: NOW - 400 * DAY },
        { id: 'v2', version: '2026-1', effectiveAt: NOW - 10 * DAY },
      ],
      acceptances: [{ orgId: V, versionId: 'v1' }],
    };
    const late = decide(p, { at: NOW + 25 * DAY });
    expect(late.allowed).toBe(false);
    expect(codes(late)).toEqual(['terms-not-accepted']);
    expect(late.reasons[0].clause).toBe('T-8');
    const accepted = decide({ ...p, acceptances: [...p.acceptances, { orgId: V, versionId: 'v2' }] }, { at: NOW + 25 * DAY });
    expect(accepted.allowed).toBe(true);
  });

  it('[T-8] accepting a later version (published ahead of its effective date) covers the version in force', () => {
    const d = decide({
      versions: [
        { id: 'v2', version: '2026-1', effectiveAt: NOW - 60 * DAY },
        { id: 'v3', version: '2027-1', effectiveAt: NOW + 60 * DAY },
      ],
      acceptances: [{ orgId: V, versionId: 'v3' }],
    });
    expect(d.allowed).toBe(true);
  });

  it('[T-1.2.1] product-not-registered: no system of the vendor lists the product', () => {
    const d = decide({ productTests: [{ orgId: V, product: 'broker', successfulTestCalls: 50, approved: false }] }, { product: 'broker' });
    expect(codes(d)).toEqual(['product-not-registered']);
    expect(d.reasons[0].clause).toBe('T-1.2.1');
  });

  it('[T-1.2.3] test-not-passed: fewer successful test calls than the policy asks and no approval', () => {
    const d = decide({ productTests: [{ orgId: V, product: 'dialogporten', successfulTestCalls: 9, approved: false }] });
    expect(codes(d)).toEqual(['test-not-passed']);
    expect(d.reasons[0].message.en).toContain('10 successful calls');
    expect(decide({ productTests: [{ orgId: V, product: 'dialogporten', successfulTestCalls: 10, approved: false }] }).allowed).toBe(true);
  });

  it("[T-1.2.3] an operator's approval passes the test without test calls", () => {
    expect(decide({ productTests: [{ orgId: V, product: 'dialogporten', successfulTestCalls: 0, approved: true }] }).allowed).toBe(true);
  });

  it('[S-7.3.6] service-not-in-production: a service that is not in production, or unknown', () => {
    const d = decide({ services: [{ id: SVC, resourceId: RES, lifecycle: 'notified' }] });
    expect(codes(d)).toEqual(['service-not-in-production']);
    expect(d.reasons[0].message.en).toContain('notified');
    expect(codes(decide({}, { service: 'no-such-service' }))).toEqual(['service-not-in-production']);
  });

  it('[T-1.2.5] conditions-not-accepted: the latest version of the service owner\u2019s conditions is not accepted', () => {
    const d = decide({ conditionAcceptances: [{ orgId: V, conditionId: 'c1' }] });
    expect(codes(d)).toEqual(['conditions-not-accepted']);
    expect(d.reasons[0].message.en).toContain('version 2');
    expect(d.reasons[0].clause).toBe('T-1.2.5');
  });

  it('[T-1.2.5] the service may be named by its Altinn resource id; a call without a service skips the service checks', () => {
    expect(decide({}, { service: RES }).allowed).toBe(true);
    expect(codes(decide({ conditionAcceptances: [] }, { service: RES }))).toEqual(['conditions-not-accepted']);
    expect(decide({ conditionAcceptances: [] }, { service: undefined }).allowed).toBe(true);
  });

  it('[T-9] terminated: a termination refuses access from its effective instant; before it there is a warning', () => {
    const at = NOW + 30 * DAY;
    const before = decide({ terminations: [{ orgId: V, effectiveAt: at }] });
    expect(before.allowed).toBe(true);
    expect(before.warnings.map((w) => w.code)).toEqual(['termination-pending']);
    const after = decide({ terminations: [{ orgId: V, effectiveAt: at }] }, { at });
    expect(codes(after)).toEqual(['terminated']);
    expect(after.reasons[0].clause).toBe('T-9');
  });

  it('lists every unmet condition, so the answer is the vendor\u2019s checklist', () => {
    const d = decide({ acceptances: [], registeredProducts: [], productTests: [], conditionAcceptances: [], services: [{ id: SVC, resourceId: RES, lifecycle: 'planned' }] });
    expect(codes(d)).toEqual(['terms-not-accepted', 'product-not-registered', 'test-not-passed', 'service-not-in-production', 'conditions-not-accepted']);
  });

  it('is pure: the same snapshot and arguments give the same answer, and the snapshot is not changed', () => {
    const snap = buildAccessSnapshot(input({ acceptances: [] }), settings, NOW);
    const a = decideAccess(snap, V, 'dialogporten', SVC, NOW);
    const b = decideAccess(snap, V, 'dialogporten', SVC, NOW);
    expect(b).toEqual(a);
    expect(snap.vendors.get(V)!.acceptedUpTo).toBe(-Infinity);
  });

  it('versionInForce picks the latest version effective at or before the instant', () => {
    const snap = buildAccessSnapshot(input(), settings, NOW);
    expect(versionInForce(snap.versions, NOW)?.id).toBe('v2');
    expect(versionInForce(snap.versions, NOW - 100 * DAY)?.id).toBe('v1');
    expect(versionInForce(snap.versions, NOW - 1000 * DAY)).toBeUndefined();
  });
});
