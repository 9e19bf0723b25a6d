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
  /** Largest effective instant among the terms versions this vendor accepted (-Infinity: none). */
  acceptedUpTo: number;
  /** Products listed (with a purpose) by at least one of the vendor's systems. */
  products: ReadonlySet<string>;
  /** Products whose test before production is passed (enough successful test calls, or approved). */
  testPassed: ReadonlySet<string>;
  /** Condition version ids the vendor has accepted. */
  acceptedConditions: ReadonlySet<string>;
  /** When the vendor's (not withdrawn) termination takes effect; Infinity: none. */
  terminationAt: number;
}

export interface TermsVersionState {
  id: string;
  version: string;
  effectiveAt: number;
  /** effectiveAt + the grace period (calendar arithmetic in Europe/Oslo). */
  graceEndsAt: number;
}

export interface ServiceAccessState {
  id: string;
  resourceId: string;
  lifecycle: string;
  /** Id of the latest version of the service owner's conditions, null when the service has none. */
  conditionId: string | null;
  conditionVersion: number;
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
  settings: AccessSettings;
}

export interface AccessSettings {
  grace: CalendarDuration;
  minSuccessfulTestCalls: number;
}

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
    acceptedUpTo: number;
    products: Set<string>;
    testPassed: Set<string>;
    acceptedConditions: Set<string>;
    terminationAt: number;
  }
  const vendors = new Map<string, MutableVendor>();
  for (const orgId of input.vendorOrgIds) {
    vendors.set(orgId, { orgId, acceptedUpTo: -Infinity, products: new Set(), testPassed: new Set(), acceptedConditions: new Set(), terminationAt: Infinity });
  }
  const versions = [...input.versions]
    .map((v) => ({ id: v.id, version: v.version, effectiveAt: v.effectiveAt, graceEndsAt: addCalendarDuration(v.effectiveAt, settings.grace) }))
    .sort((a, b) => a.effectiveAt - b.effectiveAt);
  const versionById = new Map(versions.map((v) => [v.id, v]));
  for (const a of input.acceptances) {
    const v = vendors.get(a.orgId);
    const ver = versionById.get(a.versionId);
    if (v && ver && ver.effectiveAt > v.acceptedUpTo) v.acceptedUpTo = ver.effectiveAt;
  }
  for (const p of input.registeredProducts) vendors.get(p.orgId)?.products.add(p.product);
  for (const t of input.productTests) {
    if (t.approved || t.successfulTestCalls >= settings.minSuccessfulTestCalls) vendors.get(t.orgId)?.testPassed.add(t.product);
  }
  const latest = new Map<string, { id: string; version: number }>();
  for (const c of input.conditions) {
    const cur = latest.get(c.serviceId);
    if (!cur || c.version > cur.version) latest.set(c.serviceId, { id: c.id, version: c.version });
  }
  const services = new Map<string, ServiceAccessState>();
  for (const s of input.services) {
    const c = latest.get(s.id);
    const state: ServiceAccessState = { id: s.id, resourceId: s.resourceId, lifecycle: s.lifecycle, conditionId: c?.id ?? null, conditionVersion: c?.version ?? 0 };
    services.set(s.id, state);
    services.set(s.resourceId, state);
  }
  for (const a of input.conditionAcceptances) vendors.get(a.orgId)?.acceptedConditions.add(a.conditionId);
  for (const t of input.terminations) {
    const v = vendors.get(t.orgId);
    if (v && t.effectiveAt < v.terminationAt) v.terminationAt = t.effectiveAt;
  }
  return { builtAt, vendors, versions, services, productNames: new Map(input.products ?? []), settings };
}

// ------------------------------------------------------------------------------------------------ deciding

const EMPTY: readonly AccessReason[] = Object.freeze([]);
const ALLOWED: AccessDecision = Object.freeze({ allowed: true, reasons: EMPTY, warnings: EMPTY });

const NOT_A_VENDOR: AccessDecision = Object.freeze({
  allowed: false,
  reasons: Object.freeze([
    Object.freeze({
      code: 'not-a-vendor',
      clause: 'T-1.1',
      message: Object.freeze({
        nb: 'Organisasjonen er ikke registrert som sluttbrukersystemleverandør.',
        en: 'The organisation is not registered as a vendor of end-user systems.',
      }),
    }) as AccessReason,
  ]),
  warnings: EMPTY,
});

const NO_TERMS: AccessReason = Object.freeze({
  code: 'terms-not-accepted',
  clause: 'T-1.1',
  message: Object.freeze({
    nb: 'Ingen versjon av bruksvilkårene er i kraft ennå, så ingen har kunnet akseptere dem.',
    en: 'No version of the terms of use is in force yet, so none could be accepted.',
  }),
});

const SERVICE_UNKNOWN: AccessReason = Object.freeze({
  code: 'service-not-in-production',
  clause: 'S-7.3.6',
  message: Object.freeze({ nb: 'Tjenesten er ikke registrert.', en: 'The service is not registered.' }),
});

const reasonCache = new Map<string, AccessReason>();
/** Reasons that depend only on a few strings are made once and shared. */
function cached(key: string, make: () => AccessReason): AccessReason {
  let r = reasonCache.get(key);
  if (r === undefined) {
    if (reasonCache.size > 10_000) reasonCache.clear();
    r = Object.freeze(make());
    reasonCache.set(key, r);
  }
  return r;
}

function productName(s: AccessSnapshot, product: string): Localised {
  return s.productNames.get(product) ?? { nb: product, en: product };
}

/** The terms version in force at `at`: the latest whose effective instant is at or before it. */
export function versionInForce(versions: readonly TermsVersionState[], at: number): TermsVersionState | undefined {
  for (let i = versions.length - 1; i >= 0; i--) if (versions[i].effectiveAt <= at) return versions[i];
  return undefined;
}

/**
 * Decides whether `vendorOrgId` may use `product` in production (and reach `serviceId`, a service id or Altinn
 * resource id, when given) at instant `at` (epoch ms). Every unmet condition is listed, so the answer doubles as
 * the vendor's "what is missing" list. Pure: same snapshot and arguments, same answer.
 */
export function decideAccess(s: AccessSnapshot, vendorOrgId: string, product: string, serviceId: string | undefined, at: number): AccessDecision {
  const v = s.vendors.get(vendorOrgId);
  if (v === undefined) return NOT_A_VENDOR;
  let reasons: AccessReason[] | undefined;
  let warnings: AccessReason[] | undefined;

  if (v.terminationAt <= at) {
    (reasons ??= []).push(
      cached(`terminated|${v.terminationAt}`, () => ({
        code: 'terminated',
        clause: 'T-9',
        at: formatInstant(v.terminationAt),
        message: {
          nb: `Leverandøren har sagt opp bruksvilkårene; oppsigelsen fikk virkning ${formatInstant(v.terminationAt)}.`,
          en: `The vendor has terminated the terms of use; the termination took effect at ${formatInstant(v.terminationAt)}.`,
        },
      })),
    );
  } else if (v.terminationAt !== Infinity) {
    (warnings ??= []).push(
      cached(`termination-pending|${v.terminationAt}`, () => ({
        code: 'termination-pending',
        clause: 'T-9',
        at: formatInstant(v.terminationAt),
        message: {
          nb: `Leverandøren har sagt opp bruksvilkårene; produksjonstilgangen opphører ${formatInstant(v.terminationAt)}.`,
          en: `The vendor has given notice; production access ends at ${formatInstant(v.terminationAt)}.`,
        },
      })),
    );
  }

  const inForce = versionInForce(s.versions, at);
  if (inForce === undefined) (reasons ??= []).push(NO_TERMS);
  else if (v.acceptedUpTo < inForce.effectiveAt) {
    if (at < inForce.graceEndsAt && v.acceptedUpTo !== -Infinity) {
      (warnings ??= []).push(
        cached(`pending|${inForce.id}|${inForce.graceEndsAt}`, () => ({
          code: 'terms-acceptance-pending',
          clause: 'T-8',
          at: formatInstant(inForce.graceEndsAt),
          message: {
            nb: `Bruksvilkårene versjon ${inForce.version} er i kraft og må aksepteres innen ${formatInstant(inForce.graceEndsAt)}, ellers stenges produksjonstilgangen.`,
            en: `Version ${inForce.version} of the terms of use is in force and must be accepted by ${formatInstant(inForce.graceEndsAt)}, or production access ends.`,
          },
        })),
      );
    } else {
      const lapsed = v.acceptedUpTo !== -Infinity;
      (reasons ??= []).push(
        cached(`not-accepted|${inForce.id}|${lapsed}`, () => ({
          code: 'terms-not-accepted',
          clause: lapsed ? 'T-8' : 'T-1.1',
          ...(lapsed ? { at: formatInstant(inForce.graceEndsAt) } : {}),
          message: lapsed
            ? {
                nb: `Bruksvilkårene versjon ${inForce.version} er ikke akseptert, og fristen ${formatInstant(inForce.graceEndsAt)} er passert.`,
                en: `Version ${inForce.version} of the terms of use is not accepted, and the deadline ${formatInstant(inForce.graceEndsAt)} has passed.`,
              }
            : {
                nb: `Bruksvilkårene versjon ${inForce.version} må aksepteres av en som kan signere for virksomheten før produksjon.`,
                en: `Version ${inForce.version} of the terms of use must be accepted by someone who may sign for the organisation before production.`,
              },
        })),
      );
    }
  }

  if (!v.products.has(product)) {
    (reasons ??= []).push(
      cached(`product|${product}`, () => {
        const n = productName(s, product);
        return {
          code: 'product-not-registered',
          clause: 'T-1.2.1',
          message: {
            nb: `Ingen av leverandørens systemer har registrert ${n.nb} med formål.`,
            en: `None of the vendor's systems has registered ${n.en} with a purpose.`,
          },
        };
      }),
    );
  }
  if (!v.testPassed.has(product)) {
    (reasons ??= []).push(
      cached(`test|${product}|${s.settings.minSuccessfulTestCalls}`, () => {
        const n = productName(s, product);
        const min = s.settings.minSuccessfulTestCalls;
        return {
          code: 'test-not-passed',
          clause: 'T-1.2.3',
          message: {
            nb: `${n.nb} er ikke testet: det trengs ${min} vellykkede kall i testmiljøet eller godkjenning fra Digdir.`,
            en: `${n.en} is not tested: it needs ${min} successful calls in the test environment or Digdir's approval.`,
          },
        };
      }),
    );
  }

  if (serviceId !== undefined) {
    const svc = s.services.get(serviceId);
    if (svc === undefined) (reasons ??= []).push(SERVICE_UNKNOWN);
    else {
      if (svc.lifecycle !== 'production') {
        (reasons ??= []).push(
          cached(`service|${svc.lifecycle}`, () => ({
            code: 'service-not-in-production',
            clause: 'S-7.3.6',
            message: { nb: `Tjenesten er ikke i produksjon (status: ${svc.lifecycle}).`, en: `The service is not in production (state: ${svc.lifecycle}).` },
          })),
        );
      }
      if (svc.conditionId !== null && !v.acceptedConditions.has(svc.conditionId)) {
        (reasons ??= []).push(
          cached(`conditions|${svc.conditionId}`, () => ({
            code: 'conditions-not-accepted',
            clause: 'T-1.2.5',
            message: {
              nb: `Tjenesteeierens vilkår for tjenesten (versjon ${svc.conditionVersion}) er ikke akseptert.`,
              en: `The service owner's conditions for the service (version ${svc.conditionVersion}) are not accepted.`,
            },
          })),
        );
      }
    }
  }

  if (reasons === undefined && warnings === undefined) return ALLOWED;
  return { allowed: reasons === undefined, reasons: reasons ?? EMPTY, warnings: warnings ?? EMPTY };
}
