/** TypeBox schemas of the terms API: validation, TypeScript types and OpenAPI from one place. */
import { Type } from '@sinclair/typebox';
import { Instant } from '../../platform/http/schemas.ts';

export const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Sha256 = Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: 'SHA-256 of the text as hex (64 characters)' });
const Localised = Type.Object({ nb: Type.String(), en: Type.String() });

export const VersionSchema = Type.Object({
  id: Type.String(),
  version: Type.String(),
  title: Type.String(),
  sha256: Type.String(),
  effectiveAt: Instant,
  acceptanceDeadline: Type.String({ description: 'effectiveAt + the grace period: vendors that accepted an earlier version keep access until then' }),
  changeLog: Type.String(),
  demo: Type.Boolean({ description: 'A demonstration summary shipped with the demo data, not Digdir text' }),
  status: Type.Union([Type.Literal('in-force'), Type.Literal('upcoming'), Type.Literal('superseded')]),
  publishedAt: DateTime,
});
export const VersionWithTextSchema = Type.Composite([VersionSchema, Type.Object({ text: Type.String({ description: 'The terms as Markdown' }) })]);

export const PublishBody = Type.Object(
  {
    version: Type.String({ minLength: 1, maxLength: 40, description: 'Version label, e.g. "2026-1"' }),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    text: Type.String({ minLength: 1, maxLength: 500_000, description: 'The terms as Markdown; its SHA-256 is computed' }),
    effectiveAt: Type.String({ minLength: 10, maxLength: 40, description: 'ISO instant, or local YYYY-MM-DD[THH:mm] in Europe/Oslo' }),
    changeLog: Type.String({ minLength: 1, maxLength: 5000, description: 'What changed (T-8)' }),
  },
  { additionalProperties: false },
);

export const PublishResult = Type.Object({ version: VersionSchema, vendorsNotified: Type.Integer(), addressesNotified: Type.Integer() });

export const ProgressSchema = Type.Object({
  version: VersionSchema,
  counts: Type.Object({ vendors: Type.Integer(), accepted: Type.Integer(), pending: Type.Integer() }),
  items: Type.Array(
    Type.Object({
      orgId: Type.String(),
      orgNumber: Type.String(),
      name: Type.String(),
      accepted: Type.Boolean(),
      acceptedAt: Nullable(DateTime),
      signerName: Nullable(Type.String()),
      signerEmail: Nullable(Type.String()),
      acceptanceId: Nullable(Type.String()),
      laterVersionAccepted: Type.Boolean(),
    }),
  ),
});

export const AcceptBody = Type.Object(
  {
    signingAuthority: Type.Boolean({ description: 'The signer states that they may sign for the organisation (T-1.1); must be true' }),
    attestations: Type.Object(
      {
        customerAgreements: Type.Boolean({ description: 'Agreements with customers cover the terms (T-1.2); must be true' }),
        accessControl: Type.Boolean({ description: 'Access control in the own system (T-1.2); must be true' }),
        platformTerms: Type.Boolean({ description: 'Maskinporten / ID-porten terms accepted (T-1.2.2); must be true' }),
      },
      { additionalProperties: false },
    ),
    textSha256: Sha256,
  },
  { additionalProperties: false },
);

export const AcceptanceSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  versionId: Type.String(),
  version: Nullable(Type.String()),
  title: Nullable(Type.String()),
  signerUserId: Nullable(Type.String()),
  signerName: Type.String(),
  signerEmail: Type.String(),
  signingAuthority: Type.Boolean(),
  attestations: Type.Object({ customerAgreements: Type.Boolean(), accessControl: Type.Boolean(), platformTerms: Type.Boolean() }),
  textSha256: Type.String(),
  acceptedAt: DateTime,
  clientIp: Nullable(Type.String()),
});
export const AcceptResult = Type.Composite([AcceptanceSchema, Type.Object({ auditHash: Type.String(), receiptUrl: Type.String() })]);

export const ConditionSchema = Type.Object({
  id: Type.String(),
  serviceId: Type.String(),
  version: Type.Integer(),
  text: Type.String(),
  sha256: Type.String(),
  publishedAt: DateTime,
  latest: Type.Boolean(),
  acceptedByYourOrganisation: Type.Optional(Type.Boolean({ description: 'Present when the caller acts for a vendor' })),
});
export const ConditionsList = Type.Object({
  service: Type.Object({ id: Type.String(), resourceId: Type.String(), name: Type.String(), orgId: Type.String(), lifecycle: Type.String() }),
  items: Type.Array(ConditionSchema),
});
export const ConditionBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 200_000, description: "The service owner's conditions (Markdown)" }) }, { additionalProperties: false });
export const ConditionAcceptBody = Type.Object({ textSha256: Sha256 }, { additionalProperties: false });
export const ConditionAcceptanceSchema = Type.Object({
  id: Type.String(),
  conditionId: Type.String(),
  orgId: Type.String(),
  serviceId: Type.String(),
  resourceId: Type.String(),
  serviceName: Type.String(),
  version: Type.Integer(),
  signerUserId: Nullable(Type.String()),
  signerName: Type.String(),
  textSha256: Type.String(),
  acceptedAt: DateTime,
  clientIp: Nullable(Type.String()),
});

const TerminationStatus = Type.Union([Type.Literal('pending'), Type.Literal('effective'), Type.Literal('withdrawn')]);
export const TerminationSchema = Type.Object({
  id: Type.String(),
  orgId: Type.String(),
  orgName: Type.Optional(Type.String()),
  orgNumber: Type.Optional(Type.String()),
  reason: Nullable(Type.String()),
  status: TerminationStatus,
  requestedBy: Nullable(Type.String()),
  requestedAt: DateTime,
  effectiveAt: Instant,
  confirmedBy: Nullable(Type.String()),
  confirmedAt: Nullable(DateTime),
  withdrawnBy: Nullable(Type.String()),
  withdrawnAt: Nullable(DateTime),
});
export const TerminationBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const TerminationStatusQuery = Type.Object({ status: Type.Optional(TerminationStatus) });

export const ProductTestSchema = Type.Object({
  product: Type.String(),
  successfulTestCalls: Type.Integer(),
  lastTestCallAt: Nullable(DateTime),
  approvedAt: Nullable(DateTime),
  approvedBy: Nullable(Type.String()),
  passed: Type.Boolean(),
});

const Reason = Type.Object({
  code: Type.String({ description: 'Stable code, e.g. terms-not-accepted' }),
  message: Localised,
  clause: Type.String(),
  at: Type.Optional(Type.String({ description: 'Deadline or effective date that goes with the reason' })),
});
const DecisionFields = { allowed: Type.Boolean(), reasons: Type.Array(Reason), warnings: Type.Array(Reason) };
export const AccessSchema = Type.Object({ orgId: Type.String(), product: Type.String(), serviceId: Nullable(Type.String()), at: Instant, ...DecisionFields });
export const AccessSummarySchema = Type.Object({
  orgId: Type.String(),
  at: Instant,
  products: Type.Array(Type.Object({ product: Type.String(), name: Localised, ...DecisionFields })),
  conditionsToAccept: Type.Array(
    Type.Object({ serviceId: Type.String(), resourceId: Type.String(), name: Type.String(), conditionId: Type.String(), version: Type.Integer() }),
  ),
});
