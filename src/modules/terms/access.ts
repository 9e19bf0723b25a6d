/**
 * The production access decision, as a pure function of an in-memory snapshot: may this vendor reach this product
 * (and this service) at this instant, and if not, why. The gateway calls it on every request, so a decision is a few
 * Map and Set look-ups and allocates nothing when access is allowed without warnings.
 *
 * Reasons (each refuses access, each names its clause):
 *   not-a-vendor               the organisation is unknown or not a vendor                               T-1.1
 *   terminated                 the vendor's termination has taken effect                                 T-9
 *   terms-not-accepted         no acceptance of the terms version in force (after the grace period)      T-1.1, T-8
 *   product-not-registered     none of the vendor's systems lists the product with a purpose             T-1.2.1
 *   test-not-passed            not enough successful test calls and no operator approval                 T-1.2.3
 *   service-not-in-production  the service is unknown or not in production                               S-7.3.6
 *   conditions-not-accepted    the latest version of the service owner's conditions is not accepted      T-1.2.5
 * Warnings (access continues):
 *   terms-acceptance-pending   a new terms version is in force; the vendor accepted an earlier one and keeps
 *                              access until the grace deadline                                           T-8
 *   termination-pending        the vendor has given notice; access ends at the effective date            T-9
 *
 * The grace period is a transition for vendors that had accepted an earlier version ("keep production access"):
 * a vendor that has never accepted any version has no access to keep, so T-1.1 refuses it at once.
 */
import { addCalendarDuration, formatInstant, type CalendarDuration } from '../../kernel/worktime/index.ts';

export const ACCESS_REASON_CODES = [
  'not-a-vendor',
  'terminated',
  'terms-not-accepted',
  'product-not-registered',
  'test-not-passed',
  'service-not-in-production',
  'conditions-not-accepted',
] as const;
export type AccessReasonCode = (typeof ACCESS_REASON_CODES)[number];
export const ACCESS_WARNING_CODES = ['terms-acceptance-pending', 'termination-pending'] as const;
export type AccessWarningCode = (typeof ACCESS_WARNING_CODES)[number];

export interface Localised {
  nb: string;
  en: string;
}

export interface AccessReason {
  code: AccessReasonCode | AccessWarningCode;
  message: Localised;
  /** The clause that sets the rule. */
  clause: string;
  /** A deadline or effective date that goes with the reason (ISO 8601, Oslo offset). */
  at?: string;
}

export interface AccessDecision {
  allowed: boolean;
  reasons: readonly AccessReason[];
  warnings: readonly AccessReason[];
}

/** What the snapshot knows about one vendor organisation. */
export interface VendorAccessState {
  orgId: string;
  /** Position of the vendor in the snapshot (bit index in services' `acceptedBy`). */
  index: number;
  /** Largest effective instant among the terms versions this vendor accepted (-Infinity: none). */
  acceptedUpTo: number;
  /** Products listed (with a purpose) by at least one of the vendor's systems. */
  products: ReadonlySet<string>;
  /** Products whose test before production is passed (enough successful test calls, or approved). */
  testPassed: ReadonlySet<string>;
  /** The same two sets as bit masks over `AccessSnapshot.productBits` (the hot path reads these). */
  productMask: number;
  testedMask: number;
  /** Condition version ids the vendor has accepted. */
  acceptedConditions: ReadonlySet<string>;
  /** When the vendor's (not withdrawn) termination takes effect; Infinity: none. */
  terminationAt: number;
  /** The reason / warning for the termination, made once when the snapshot is built. */
  terminated?: AccessReason;
  terminationPending?: AccessReason;
}

export interface TermsVersionState {
  id: string;
  version: string;
  effectiveAt: number;
  /** effectiveAt + the grace period (calendar arithmetic in Europe/Oslo). */
  graceEndsAt: number;
}

/** A version with its reasons made once when the snapshot is built. */
interface VersionWithReasons extends TermsVersionState {
  pending: AccessReason;
  lapsed: AccessReason;
  never: AccessReason;
}

export interface ServiceAccessState {
  id: string;
  resourceId: string;
  lifecycle: string;
  /** Id of the latest version of the service owner's conditions, null when the service has none. */
  conditionId: string | null;
  conditionVersion: number;
  /** Bit set over vendor indices: who accepted the latest conditions (null when the service has none). */
  acceptedBy: Uint32Array | null;
  /** Set when the service is not in production. */
  notInProduction?: AccessReason;
  /** Set when the service has conditions (the reason used when they are not accepted). */
  conditionsNotAccepted?: AccessReason;
}

export interface AccessSnapshot {
  builtAt: number;
  vendors: ReadonlyMap<string, VendorAccessState>;
  /** Ascending by effectiveAt. */
  versions: readonly TermsVersionState[];
  /** Keyed by service id and by Altinn resource id, so the gateway can ask with either. */
  services: ReadonlyMap<string, ServiceAccessState>;
  /** The product catalogue (for messages; an unknown product is simply not registered). */
  productNames: ReadonlyMap<string, Localised>;
  /** Product reasons made once per catalogue product. */
  productReasons: ReadonlyMap<string, ProductReasons>;
  /** One bit per product (up to 30 products; others are looked up in the vendors' sets). */
  productBits: ReadonlyMap<string, number>;
  settings: AccessSettings;
}

interface ProductReasons {
  notRegistered: AccessReason;
  testNotPassed: AccessReason;
}

export interface AccessSettings {
  grace: CalendarDuration;
  minSuccessfulTestCalls: number;
}

// ------------------------------------------------------------------------------------------------ reasons

const freeze = <T extends object>(r: T): T => Object.freeze(r);

export const reasons = {
  notAVendor: (): AccessReason =>
    freeze({
      code: 'not-a-vendor',
      clause: 'T-1.1',
      message: { nb: 'Organisasjonen er ikke registrert som sluttbrukersystemleverandør.', en: 'The organisation is not registered as a vendor of end-user systems.' },
    }),
  noTermsInForce: (): AccessReason =>
    freeze({
      code: 'terms-not-accepted',
      clause: 'T-1.1',
      message: { nb: 'Ingen versjon av bruksvilkårene er i kraft ennå, så ingen har kunnet akseptere dem.', en: 'No version of the terms of use is in force yet, so none could be accepted.' },
    }),
  termsNever: (v: TermsVersionState): AccessReason =>
    freeze({
      code: 'terms-not-accepted',
      clause: 'T-1.1',
      message: {
        nb: `Bruksvilkårene versjon ${v.version} må aksepteres av en som kan signere for virksomheten før produksjon.`,
        en: `Version ${v.version} of the terms of use must be accepted by someone who may sign for the organisation before production.`,
      },
    }),
  termsLapsed: (v: TermsVersionState): AccessReason =>
    freeze({
      code: 'terms-not-accepted',
      clause: 'T-8',
      at: formatInstant(v.graceEndsAt),
      message: {
        nb: `Bruksvilkårene versjon ${v.version} er ikke akseptert, og fristen ${formatInstant(v.graceEndsAt)} er passert.`,
        en: `Version ${v.version} of the terms of use is not accepted, and the deadline ${formatInstant(v.graceEndsAt)} has passed.`,
      },
    }),
  termsPending: (v: TermsVersionState): AccessReason =>
    freeze({
      code: 'terms-acceptance-pending',
      clause: 'T-8',
      at: formatInstant(v.graceEndsAt),
      message: {
        nb: `Bruksvilkårene versjon ${v.version} er i kraft og må aksepteres innen ${formatInstant(v.graceEndsAt)}, ellers stenges produksjonstilgangen.`,
        en: `Version ${v.version} of the terms of use is in force and must be accepted by ${formatInstant(v.graceEndsAt)}, or production access ends.`,
      },
    }),
  terminated: (at: number): AccessReason =>
    freeze({
      code: 'terminated',
      clause: 'T-9',
      at: formatInstant(at),
      message: {
        nb: `Leverandøren har sagt opp bruksvilkårene; oppsigelsen fikk virkning ${formatInstant(at)}.`,
        en: `The vendor has terminated the terms of use; the termination took effect at ${formatInstant(at)}.`,
      },
    }),
  terminationPending: (at: number): AccessReason =>
    freeze({
      code: 'termination-pending',
      clause: 'T-9',
      at: formatInstant(at),
      message: {
        nb: `Leverandøren har sagt opp bruksvilkårene; produksjonstilgangen opphører ${formatInstant(at)}.`,
        en: `The vendor has given notice; production access ends at ${formatInstant(at)}.`,
      },
    }),
  productNotRegistered: (n: Localised): AccessReason =>
    freeze({
      code: 'product-not-registered',
      clause: 'T-1.2.1',
      message: { nb: `Ingen av leverandørens systemer har registrert ${n.nb} med formål.`, en: `None of the vendor's systems has registered ${n.en} with a purpose.` },
    }),
  testNotPassed: (n: Localised, min: number): AccessReason =>
    freeze({
      code: 'test-not-passed',
      clause: 'T-1.2.3',
      message: {
        nb: `${n.nb} er ikke testet: det trengs ${min} vellykkede kall i testmiljøet eller godkjenning fra Digdir.`,
        en: `${n.en} is not tested: it needs ${min} successful calls in the test environment or Digdir's approval.`,
      },
    }),
  serviceUnknown: (): AccessReason =>
    freeze({ code: 'service-not-in-production', clause: 'S-7.3.6', message: { nb: 'Tjenesten er ikke registrert.', en: 'The service is not registered.' } }),
  serviceNotInProduction: (lifecycle: string): AccessReason =>
    freeze({
      code: 'service-not-in-production',
      clause: 'S-7.3.6',
      message: { nb: `Tjenesten er ikke i produksjon (status: ${lifecycle}).`, en: `The service is not in production (state: ${lifecycle}).` },
    }),
  conditionsNotAccepted: (version: number): AccessReason =>
    freeze({
      code: 'conditions-not-accepted',
      clause: 'T-1.2.5',
      message: {
        nb: `Tjenesteeierens vilkår for tjenesten (versjon ${version}) er ikke akseptert.`,
        en: `The service owner's conditions for the service (version ${version}) are not accepted.`,
      },
    }),
};

// ------------------------------------------------------------------------------------------------ building

/** Plain rows a snapshot is built from (what `loadAccessSnapshot` reads from the database). */
export interface SnapshotInput {
  vendorOrgIds: Iterable<string>;
  versions: Iterable<{ id: string; version: string; effectiveAt: number }>;
  /** (org, version) pairs of terms acceptances. */
  acceptances: Iterable<{ orgId: string; versionId: string }>;
  /** (org, product) pairs from the vendors' systems. */
  registeredProducts: Iterable<{ orgId: string; product: string }>;
  productTests: Iterable<{ orgId: string; product: string; successfulTestCalls: number; approved: boolean }>;
  services: Iterable<{ id: string; resourceId: string; lifecycle: string }>;
  /** Every version of every service's conditions (the latest per service counts). */
  conditions: Iterable<{ id: string; serviceId: string; version: number }>;
  conditionAcceptances: Iterable<{ orgId: string; conditionId: string }>;
  /** Terminations that are not withdrawn. */
  terminations: Iterable<{ orgId: string; effectiveAt: number }>;
  products?: Iterable<[string, Localised]>;
}

export function buildAccessSnapshot(input: SnapshotInput, settings: AccessSettings, builtAt = Date.now()): AccessSnapshot {
  interface MutableVendor {
    orgId: string;
    index: number;
    acceptedUpTo: number;
    products: Set<string>;
    testPassed: Set<string>;
    productMask: number;
    testedMask: number;
    acceptedConditions: Set<string>;
    terminationAt: number;
    terminated?: AccessReason;
    terminationPending?: AccessReason;
  }
  const vendors = new Map<string, MutableVendor>();
  for (const orgId of input.vendorOrgIds) {
    if (vendors.has(orgId)) continue;
    vendors.set(orgId, {
      orgId,
      index: vendors.size,
      acceptedUpTo: -Infinity,
      products: new Set(),
      testPassed: new Set(),
      productMask: 0,
      testedMask: 0,
      acceptedConditions: new Set(),
      terminationAt: Infinity,
    });
  }
  const productNames = new Map(input.products ?? []);
  const productBits = new Map<string, number>();
  const bitOf = (product: string): number => {
    let b = productBits.get(product);
    if (b === undefined) {
      b = productBits.size < 30 ? 1 << productBits.size : 0;
      if (b) productBits.set(product, b);
    }
    return b;
  };
  for (const k of productNames.keys()) bitOf(k);
  const versions: VersionWithReasons[] = [...input.versions]
    .map((v) => {
      const base = { id: v.id, version: v.version, effectiveAt: v.effectiveAt, graceEndsAt: addCalendarDuration(v.effectiveAt, settings.grace) };
      return { ...base, pending: reasons.termsPending(base), lapsed: reasons.termsLapsed(base), never: reasons.termsNever(base) };
    })
    .sort((a, b) => a.effectiveAt - b.effectiveAt);
  const versionById = new Map(versions.map((v) => [v.id, v]));
  for (const a of input.acceptances) {
    const v = vendors.get(a.orgId);
    const ver = versionById.get(a.versionId);
    if (v && ver && ver.effectiveAt > v.acceptedUpTo) v.acceptedUpTo = ver.effectiveAt;
  }
  for (const p of input.registeredProducts) {
    const v = vendors.get(p.orgId);
    if (!v) continue;
    v.products.add(p.product);
    v.productMask |= bitOf(p.product);
  }
  for (const t of input.productTests) {
    const v = vendors.get(t.orgId);
    if (!v || !(t.approved || t.successfulTestCalls >= settings.minSuccessfulTestCalls)) continue;
    v.testPassed.add(t.product);
    v.testedMask |= bitOf(t.product);
  }
  const latest = new Map<string, { id: string; version: number }>();
  for (const c of input.conditions) {
    const cur = latest.get(c.serviceId);
    if (!cur || c.version > cur.version) latest.set(c.serviceId, { id: c.id, version: c.version });
  }
  const services = new Map<string, ServiceAccessState>();
  for (const s of input.services) {
    const c = latest.get(s.id);
    const state: ServiceAccessState = {
      id: s.id,
      resourceId: s.resourceId,
      lifecycle: s.lifecycle,
      conditionId: c?.id ?? null,
      conditionVersion: c?.version ?? 0,
      acceptedBy: c ? new Uint32Array((vendors.size + 31) >>> 5) : null,
      ...(s.lifecycle !== 'production' ? { notInProduction: reasons.serviceNotInProduction(s.lifecycle) } : {}),
      ...(c ? { conditionsNotAccepted: reasons.conditionsNotAccepted(c.version) } : {}),
    };
    services.set(s.id, state);
    services.set(s.resourceId, state);
  }
  const serviceByLatestCondition = new Map<string, ServiceAccessState>();
  for (const st of services.values()) if (st.conditionId !== null) serviceByLatestCondition.set(st.conditionId, st);
  for (const a of input.conditionAcceptances) {
    const v = vendors.get(a.orgId);
    if (!v) continue;
    v.acceptedConditions.add(a.conditionId);
    const st = serviceByLatestCondition.get(a.conditionId);
    if (st) st.acceptedBy![v.index >>> 5] |= 1 << (v.index & 31);
  }
  for (const t of input.terminations) {
    const v = vendors.get(t.orgId);
    if (v && t.effectiveAt < v.terminationAt) v.terminationAt = t.effectiveAt;
  }
  for (const v of vendors.values()) {
    if (v.terminationAt !== Infinity) {
      v.terminated = reasons.terminated(v.terminationAt);
      v.terminationPending = reasons.terminationPending(v.terminationAt);
    }
  }
  const productReasons = new Map<string, ProductReasons>();
  for (const [k, n] of productNames) productReasons.set(k, productReasonsFor(n, settings));
  return { builtAt, vendors, versions, services, productNames, productReasons, productBits, settings };
}

function productReasonsFor(n: Localised, settings: AccessSettings): ProductReasons {
  return { notRegistered: reasons.productNotRegistered(n), testNotPassed: reasons.testNotPassed(n, settings.minSuccessfulTestCalls) };
}

// ------------------------------------------------------------------------------------------------ deciding

const EMPTY: readonly AccessReason[] = Object.freeze([]);
const ALLOWED: AccessDecision = Object.freeze({ allowed: true, reasons: EMPTY, warnings: EMPTY });
const NOT_A_VENDOR: AccessDecision = Object.freeze({ allowed: false, reasons: Object.freeze([reasons.notAVendor()]), warnings: EMPTY });
const NO_TERMS = reasons.noTermsInForce();
const SERVICE_UNKNOWN = reasons.serviceUnknown();

/** The terms version in force at `at`: the latest whose effective instant is at or before it. */
export function versionInForce<V extends TermsVersionState>(versions: readonly V[], at: number): V | undefined {
  for (let i = versions.length - 1; i >= 0; i--) if (versions[i].effectiveAt <= at) return versions[i];
  return undefined;
}

/**
 * Decides whether `vendorOrgId` may use `product` in production (and reach `serviceId`, a service id or Altinn
 * resource id, when given) at instant `at` (epoch ms). Every unmet condition is listed, so the answer doubles as
 * the vendor's "what is missing" list. Pure: same snapshot and arguments, same answer; the reasons are shared,
 * frozen objects made when the snapshot was built.
 */
export function decideAccess(s: AccessSnapshot, vendorOrgId: string, product: string, serviceId: string | undefined, at: number): AccessDecision {
  const v = s.vendors.get(vendorOrgId);
  if (v === undefined) return NOT_A_VENDOR;
  let refused: AccessReason[] | undefined;
  let warned: AccessReason[] | undefined;

  if (v.terminationAt <= at) (refused ??= []).push(v.terminated!);
  else if (v.terminationAt !== Infinity) (warned ??= []).push(v.terminationPending!);

  const inForce = versionInForce(s.versions as readonly VersionWithReasons[], at);
  if (inForce === undefined) (refused ??= []).push(NO_TERMS);
  else if (v.acceptedUpTo < inForce.effectiveAt) {
    if (v.acceptedUpTo === -Infinity) (refused ??= []).push(inForce.never ?? reasons.termsNever(inForce));
    else if (at < inForce.graceEndsAt) (warned ??= []).push(inForce.pending ?? reasons.termsPending(inForce));
    else (refused ??= []).push(inForce.lapsed ?? reasons.termsLapsed(inForce));
  }

  const bit = s.productBits.get(product);
  const registered = bit !== undefined ? (v.productMask & bit) !== 0 : v.products.has(product);
  const tested = bit !== undefined ? (v.testedMask & bit) !== 0 : v.testPassed.has(product);
  if (!registered || !tested) {
    const pr = s.productReasons.get(product) ?? productReasonsFor(s.productNames.get(product) ?? { nb: product, en: product }, s.settings);
    if (!registered) (refused ??= []).push(pr.notRegistered);
    if (!tested) (refused ??= []).push(pr.testNotPassed);
  }

  if (serviceId !== undefined) {
    const svc = s.services.get(serviceId);
    if (svc === undefined) (refused ??= []).push(SERVICE_UNKNOWN);
    else {
      if (svc.notInProduction !== undefined) (refused ??= []).push(svc.notInProduction);
      const by = svc.acceptedBy;
      if (by !== null && ((by[v.index >>> 5] >>> (v.index & 31)) & 1) === 0) {
        (refused ??= []).push(svc.conditionsNotAccepted ?? reasons.conditionsNotAccepted(svc.conditionVersion));
      }
    }
  }

  if (refused === undefined && warned === undefined) return ALLOWED;
  return { allowed: refused === undefined, reasons: refused ?? EMPTY, warnings: warned ?? EMPTY };
}
