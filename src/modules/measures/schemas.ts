/** TypeBox request and response schemas of measures (validation, types and OpenAPI in one). */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

const lit = <const T extends readonly string[]>(xs: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...xs], ...(description ? { description } : {}) });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time', description: 'ISO 8601 instant' });

export const MEASURE_KINDS = ['throttle', 'suspend', 'disconnect', 'block-route', 'stop-app'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];
export const MEASURE_ENVIRONMENTS = ['test', 'production', 'both'] as const;
export type MeasureEnvironment = (typeof MEASURE_ENVIRONMENTS)[number];
/** Clauses a measure may rest on; each kind has a default (see DEFAULT_CLAUSE). */
export const MEASURE_CLAUSES = ['T-1.2.8', 'T-1.2.4', 'T-7.1', 'T-7.2', 'S-7.3.5', 'S-7.3.8', 'S-7.3.9'] as const;
export const DEFAULT_CLAUSE: Record<MeasureKind, (typeof MEASURE_CLAUSES)[number]> = {
  throttle: 'T-1.2.8',
  suspend: 'T-1.2.8',
  disconnect: 'T-7.1',
  'block-route': 'S-7.3.5',
  'stop-app': 'S-7.3.8',
};
export const MEASURE_STATES = ['active', 'scheduled', 'ended', 'lifted'] as const;
export type MeasureState = (typeof MEASURE_STATES)[number];

export const Uuid = Type.String({ format: 'uuid' });
const OrgNo = Type.String({ pattern: '^[0-9]{9}$', description: 'Organisation number' });
const ProductKey = Type.String({ pattern: '^[a-z][A-Za-z0-9]*$', maxLength: 40, description: 'Product key of the policy' });
const AppPart = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'Altinn org code or app name (lower case)' });
const CaseLink = Type.String({ minLength: 1, maxLength: 40, description: 'Id (uuid) or reference (INC-2026-0042, AVV-2026-0003)' });

export const ApplyBody = Type.Object(
  {
    kind: lit(MEASURE_KINDS, 'throttle | suspend | disconnect a vendor, block a route, stop an app'),
    /** The vendor (throttle, suspend, disconnect; optional for block-route): organisation number. */
    vendor: Type.Optional(OrgNo),
    /** Throttle: one product (default: every product). Block-route: the route's product. */
    product: Type.Optional(ProductKey),
    /** Block-route: the route id, "METHOD /path/pattern" as in the catalogue. Throttle: optional, one route of the product only. */
    route: Type.Optional(Type.String({ minLength: 5, maxLength: 300, description: 'e.g. "GET /correspondence/api/v1/correspondence"' })),
    /** Stop-app: the app by Altinn org code and app name. */
    app: Type.Optional(Type.Object({ org: AppPart, app: AppPart }, { additionalProperties: false })),
    /** Throttle: the lower rate. */
    rate: Type.Optional(Type.Object({ requests: Type.Integer({ minimum: 1, maximum: 1_000_000 }), perSeconds: Type.Integer({ minimum: 1, maximum: 86_400 }) }, { additionalProperties: false })),
    environment: Type.Optional(lit(MEASURE_ENVIRONMENTS, 'test | production | both (default both)')),
    reason: Type.String({ minLength: 3, maxLength: 2000 }),
    clause: Type.Optional(lit(MEASURE_CLAUSES, 'The clause the measure rests on (default per kind)')),
    incident: Type.Optional(CaseLink),
    deviationCase: Type.Optional(CaseLink),
    /** A temporary measure ends by itself then (required for suspend). */
    endsAt: Type.Optional(DateTime),
  },
  { additionalProperties: false },
);
export type ApplyBody = Static<typeof ApplyBody>;

export const LiftBody = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 2000 }) }, { additionalProperties: false });
export type LiftBody = Static<typeof LiftBody>;

export const ListQuery = Type.Object(
  {
    state: Type.Optional(lit(['active', 'all'] as const, 'active (in force or scheduled; default) or all')),
    org: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

const OrgRef = Type.Object({ id: Type.String(), orgNumber: Type.String(), name: Type.String() });
const LinkRef = Type.Object({ id: Type.String(), ref: Type.String(), title: Type.String() });

export const MeasureView = Type.Object({
  id: Type.String(),
  kind: lit(MEASURE_KINDS),
  state: lit(MEASURE_STATES),
  clause: Type.String(),
  org: Nullable(OrgRef),
  vendor: Nullable(OrgRef),
  product: Nullable(Type.String()),
  route: Nullable(Type.String()),
  app: Nullable(Type.Object({ org: Type.String(), app: Type.String() })),
  environment: lit(MEASURE_ENVIRONMENTS),
  rate: Nullable(Type.Object({ requests: Type.Integer(), perSeconds: Type.Integer() })),
  reason: Type.String(),
  incident: Nullable(LinkRef),
  deviationCase: Nullable(LinkRef),
  startsAt: DateTime,
  endsAt: Nullable(DateTime),
  appliedAt: DateTime,
  appliedBy: Type.String(),
  liftedAt: Nullable(DateTime),
  liftedBy: Nullable(Type.String()),
  liftReason: Nullable(Type.String()),
});
export type MeasureView = Static<typeof MeasureView>;

export const Options = Type.Object({
  products: Type.Array(Type.Object({ key: Type.String(), name: Type.Object({ nb: Type.String(), en: Type.String() }), routes: Type.Array(Type.String()) })),
  vendors: Type.Array(OrgRef),
  apps: Type.Array(Type.Object({ org: Type.String(), app: Type.String(), name: Type.String(), owner: Type.String() })),
});
