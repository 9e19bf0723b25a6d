/** TypeBox request and response schemas of the registry (one schema: validation, types and OpenAPI). */
import { Type } from '@sinclair/typebox';
import { CONTACT_ROLES } from './contacts.ts';
import { SEMVER_PATTERN } from './semver.ts';
import { ASSESSMENT_KINDS, LIFECYCLES, RESOURCE_ID_PATTERN, SERVICE_FLAGS, SERVICE_KINDS } from './services.ts';
import { SYSTEM_NAME_PATTERN } from './systems.ts';

const lit = <T extends readonly string[]>(xs: T) => Type.Union(xs.map((x) => Type.Literal(x)));
const Nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const Uuid = Type.String({ format: 'uuid' });
export const ContactRole = lit(CONTACT_ROLES);
export const ServiceKind = lit(SERVICE_KINDS);
export const Lifecycle = lit(LIFECYCLES);
export const ServiceFlag = lit(SERVICE_FLAGS);
export const AssessmentKind = lit(ASSESSMENT_KINDS);

export const LocalisedText = Type.Object(
  { nb: Type.Optional(Type.String({ maxLength: 2000 })), nn: Type.Optional(Type.String({ maxLength: 2000 })), en: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export const LocalisedTextNb = Type.Object(
  { nb: Type.String({ minLength: 1, maxLength: 2000 }), nn: Type.Optional(Type.String({ maxLength: 2000 })), en: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- contacts

export const ContactBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: ContactRole,
    email: Type.String({ format: 'email', maxLength: 254 }),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 40, pattern: '^[+0-9 ()-]*$' }))),
  },
  { additionalProperties: false },
);
export const ContactPatch = Type.Partial(ContactBody, { additionalProperties: false });

export const ContactSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  name: Type.String(),
  role: Type.String(),
  email: Type.String(),
  phone: Nullable(Type.String()),
  lastConfirmedAt: DateTime,
  staleAt: Type.String({ format: 'date-time', description: 'lastConfirmedAt + policy contactStaleness.maxAge' }),
  remindAt: Type.String({ format: 'date-time', description: 'staleAt − policy contactStaleness.remindBefore' }),
  stale: Type.Boolean(),
  soonStale: Type.Boolean({ description: 'inside the reminder window, not yet stale' }),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export const StaleContactSchema = Type.Composite([
  ContactSchema,
  Type.Object({ orgName: Type.String(), orgNumber: Type.String(), orgKinds: Type.Array(Type.String()) }),
]);

// ---------------------------------------------------------------- systems

const ClientId = Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._:-]+$', description: 'Maskinporten client id' });
export const ProductUse = Type.Object(
  {
    product: Type.String({ minLength: 1, maxLength: 50, description: 'A product id of the policy catalogue (GET /api/v1/policy)' }),
    purpose: Type.String({ maxLength: 2000, description: 'What the system uses the product for, at least 10 characters [T-1.2.1]' }),
  },
  { additionalProperties: false },
);
export const SystemBody = Type.Object(
  {
    name: Type.String({ pattern: SYSTEM_NAME_PATTERN, description: 'lowercase letters, digits and hyphens; the id becomes {orgNumber}_{name}' }),
    description: LocalisedTextNb,
    clientIds: Type.Optional(Type.Array(ClientId, { uniqueItems: true, maxItems: 50 })),
    products: Type.Optional(Type.Array(ProductUse, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export const SystemPatch = Type.Object(
  {
    description: Type.Optional(LocalisedTextNb),
    clientIds: Type.Optional(Type.Array(ClientId, { uniqueItems: true, maxItems: 50 })),
    products: Type.Optional(Type.Array(ProductUse, { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export const SystemSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  name: Type.String(),
  description: LocalisedText,
  clientIds: Type.Array(Type.String()),
  products: Type.Array(Type.Object({ product: Type.String(), purpose: Type.String() })),
  createdAt: DateTime,
  updatedAt: DateTime,
});

// ---------------------------------------------------------------- services

export const About = Type.Object(
  {
    description: Type.Optional(LocalisedText),
    supportEmail: Type.Optional(Type.String({ maxLength: 254 })),
    supportPhone: Type.Optional(Type.String({ maxLength: 40 })),
    supportUrl: Type.Optional(Type.String({ maxLength: 500 })),
    documentationUrl: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export const ServiceBody = Type.Object(
  {
    resourceId: Type.String({ pattern: RESOURCE_ID_PATTERN, description: 'Altinn resource id, e.g. urn:altinn:resource:app_skd_mva-melding' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: ServiceKind,
    about: Type.Optional(About),
  },
  { additionalProperties: false },
);
export const ServicePatch = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), kind: Type.Optional(ServiceKind), about: Type.Optional(About) },
  { additionalProperties: false },
);

/** Service owners and operators get every field; vendors get the catalogue fields only (id … lifecycle). */
export const ServiceSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  orgName: Type.String(),
  resourceId: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  lifecycle: Type.String(),
  lifecycleChangedAt: Type.Optional(DateTime),
  notifiedAt: Type.Optional(Nullable(DateTime)),
  about: Type.Optional(About),
  aboutReviewedAt: Type.Optional(DateTime),
  aboutReviewDueAt: Type.Optional(DateTime),
  reviewDue: Type.Optional(Type.Boolean()),
  reviewOverdue: Type.Optional(Type.Boolean()),
  libraryVersion: Type.Optional(Nullable(Type.String())),
  libraryReportedAt: Type.Optional(Nullable(DateTime)),
  minLibraryVersion: Type.Optional(Type.String()),
  outdated: Type.Optional(Type.Boolean()),
  lastTrafficAt: Type.Optional(Nullable(DateTime)),
  trafficCount: Type.Optional(Type.Number()),
  idle: Type.Optional(Type.Boolean()),
  idleAt: Type.Optional(Nullable(DateTime)),
  allowedTransitions: Type.Optional(Type.Array(Type.String())),
  createdAt: Type.Optional(DateTime),
  updatedAt: Type.Optional(DateTime),
});

export const AssessmentBody = Type.Object(
  {
    kind: AssessmentKind,
    assessedOn: Type.String({ format: 'date', description: 'YYYY-MM-DD' }),
    link: Type.String({ format: 'uri', maxLength: 1000, pattern: '^https://', description: 'https link to the assessment document' }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const AssessmentSchema = Type.Object({
  id: Type.String(),
  serviceId: Type.String(),
  kind: Type.String(),
  assessedOn: Type.String({ format: 'date' }),
  link: Type.String(),
  note: Nullable(Type.String()),
  createdBy: Nullable(Type.String()),
  createdAt: DateTime,
});

export const LibraryVersionBody = Type.Object({ version: Type.String({ pattern: SEMVER_PATTERN, maxLength: 100 }) }, { additionalProperties: false });
export const LifecycleBody = Type.Object({ to: Lifecycle, note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
