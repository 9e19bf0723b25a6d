/**
 * The registry: who is in the Altinn ecosystem. Contacts of every organisation (T-1.2.7, S-3.2, S-7.2.2), vendors'
 * systems with their Maskinporten clients and the products they use, with a purpose each (T-2.4, T-1.2.1), and
 * service owners' services with their lifecycle, service information, assessments and app library version
 * (S-7.1.2, S-7.3.1, S-7.3.2, S-7.3.4, S-7.3.6).
 */
import { sql } from 'drizzle-orm';
import { bigint, date, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../platform/auth/tables.ts';

export interface LocalisedText {
  nb?: string;
  nn?: string;
  en?: string;
}

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** technical | security | serviceManager | signatory | administrative | support */
    role: text('role').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    lastConfirmedAt: timestamp('last_confirmed_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedBy: uuid('confirmed_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('contacts_org').on(t.orgId), index('contacts_confirmed').on(t.lastConfirmedAt)],
);

export const vendorSystems = pgTable(
  'vendor_systems',
  {
    /** `{vendorOrgNo}_{name}` as in Altinn's system register. */
    id: text('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: jsonb('description').$type<LocalisedText>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('vendor_systems_org').on(t.orgId)],
);

/** A Maskinporten client id belongs to exactly one system. */
export const systemClients = pgTable('system_clients', {
  clientId: text('client_id').primaryKey(),
  systemId: text('system_id')
    .notNull()
    .references(() => vendorSystems.id, { onDelete: 'cascade' }),
});

/** The products a system uses, each with the purpose the vendor states (T-1.2.1). */
export const systemProducts = pgTable(
  'system_products',
  {
    systemId: text('system_id')
      .notNull()
      .references(() => vendorSystems.id, { onDelete: 'cascade' }),
    product: text('product').notNull(),
    purpose: text('purpose').notNull(),
  },
  (t) => [primaryKey({ columns: [t.systemId, t.product] })],
);

export const services = pgTable(
  'services',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** e.g. urn:altinn:resource:app_skd_mva-melding */
    resourceId: text('resource_id').notNull().unique(),
    name: text('name').notNull(),
    /** app | correspondence | broker | generic */
    kind: text('kind').notNull(),
    /** planned | notified | production | deactivated | removed */
    lifecycle: text('lifecycle').notNull().default('planned'),
    /** When the service last changed lifecycle state (production since, deactivated since …). */
    lifecycleChangedAt: timestamp('lifecycle_changed_at', { withTimezone: true }).notNull().defaultNow(),
    /** When ASF was told about the new service (S-7.3.6). */
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
    /** "Om skjema": description, support contact (S-7.3.2). */
    about: jsonb('about').$type<{ description?: LocalisedText; supportEmail?: string; supportPhone?: string; supportUrl?: string; documentationUrl?: string }>().notNull().default(sql`'{}'::jsonb`),
    aboutReviewedAt: timestamp('about_reviewed_at', { withTimezone: true }).notNull().defaultNow(),
    libraryVersion: text('library_version'),
    libraryReportedAt: timestamp('library_reported_at', { withTimezone: true }),
    lastTrafficAt: timestamp('last_traffic_at', { withTimezone: true }),
    trafficCount: bigint('traffic_count', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('services_org').on(t.orgId), index('services_lifecycle').on(t.lifecycle)],
);

/** Security, risk and privacy assessments a service owner records for a service (S-7.3.4). */
export const serviceAssessments = pgTable(
  'service_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    /** security | risk | privacy */
    kind: text('kind').notNull(),
    assessedOn: date('assessed_on').notNull(),
    link: text('link').notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('service_assessments_service').on(t.serviceId)],
);

/** Reminders already sent, so reminder jobs are idempotent (key names the obligation and its due state). */
export const remindersSent = pgTable('reminders_sent', {
  key: text('key').primaryKey(),
  orgId: uuid('org_id'),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
});
