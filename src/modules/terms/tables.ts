/**
 * The terms of use: versions (T-8), acceptances by authorised representatives (T-1.1, T-1.2, T-1.2.2), service
 * owners' own conditions and their acceptance (T-1.2.5), termination (T-9) and the test-before-production status
 * per vendor and product (T-1.2.3). Acceptances can be superseded, never edited or deleted (a trigger refuses it).
 */
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../platform/auth/tables.ts';
import { services } from '../registry/tables.ts';

export const termsVersions = pgTable('terms_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Human version label, e.g. "2026-1". */
  version: text('version').notNull().unique(),
  title: text('title').notNull(),
  /** The terms as Markdown. */
  text: text('text').notNull(),
  sha256: text('sha256').notNull(),
  effectiveAt: timestamp('effective_at', { withTimezone: true }).notNull(),
  changeLog: text('change_log').notNull(),
  /** True for the demonstration summary shipped with the demo data (not Digdir's text). */
  demo: boolean('demo').notNull().default(false),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
});

export const termsAcceptances = pgTable(
  'terms_acceptances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    versionId: uuid('version_id')
      .notNull()
      .references(() => termsVersions.id, { onDelete: 'restrict' }),
    signerUserId: uuid('signer_user_id').references(() => users.id, { onDelete: 'set null' }),
    signerName: text('signer_name').notNull(),
    signerEmail: text('signer_email').notNull(),
    /** The signer states that they may sign for the organisation (T-1.1). */
    signingAuthority: boolean('signing_authority').notNull(),
    /** T-1.2: the vendor has agreements with its customers covering the terms. */
    attestCustomerAgreements: boolean('attest_customer_agreements').notNull(),
    /** T-1.2: the vendor runs access control in its own system. */
    attestAccessControl: boolean('attest_access_control').notNull(),
    /** T-1.2.2: the terms of Maskinporten / ID-porten are accepted. */
    attestPlatformTerms: boolean('attest_platform_terms').notNull(),
    /** SHA-256 of the text accepted (equal to the version's). */
    textSha256: text('text_sha256').notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull().defaultNow(),
    clientIp: text('client_ip'),
  },
  (t) => [index('terms_acceptances_org').on(t.orgId, t.acceptedAt), unique('terms_acceptances_org_version').on(t.orgId, t.versionId)],
);

/** A service owner's own conditions for a service, versioned (T-1.2.5). */
export const serviceConditions = pgTable(
  'service_conditions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    text: text('text').notNull(),
    sha256: text('sha256').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [unique('service_conditions_version').on(t.serviceId, t.version)],
);

export const conditionAcceptances = pgTable(
  'condition_acceptances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conditionId: uuid('condition_id')
      .notNull()
      .references(() => serviceConditions.id, { onDelete: 'restrict' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    signerUserId: uuid('signer_user_id').references(() => users.id, { onDelete: 'set null' }),
    signerName: text('signer_name').notNull(),
    textSha256: text('text_sha256').notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull().defaultNow(),
    clientIp: text('client_ip'),
  },
  (t) => [unique('condition_acceptances_org').on(t.conditionId, t.orgId)],
);

/** A vendor's termination (T-9): effective three months (policy) after the request unless withdrawn before. */
export const terminations = pgTable(
  'terminations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    reason: text('reason'),
    requestedBy: uuid('requested_by').references(() => users.id, { onDelete: 'set null' }),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    effectiveAt: timestamp('effective_at', { withTimezone: true }).notNull(),
    confirmedBy: uuid('confirmed_by').references(() => users.id, { onDelete: 'set null' }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    withdrawnBy: uuid('withdrawn_by').references(() => users.id, { onDelete: 'set null' }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [index('terminations_org').on(t.orgId)],
);

/** Test before production (T-1.2.3): successful calls in the test environment per vendor and product, or approval. */
export const productTests = pgTable(
  'product_tests',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    product: text('product').notNull(),
    successfulTestCalls: integer('successful_test_calls').notNull().default(0),
    lastTestCallAt: timestamp('last_test_call_at', { withTimezone: true }),
    approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'set null' }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.product] })],
);
