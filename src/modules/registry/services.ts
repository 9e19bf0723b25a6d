/**
 * Service owners' services: Altinn resource id, kind, lifecycle with the new-service notice to ASF (S-7.3.6),
 * "Om skjema" information with a last-reviewed date (S-7.3.2), security / risk / privacy assessments (S-7.3.4), the
 * app library version an app reports (S-7.1.2) and traffic, from which idle services are found (S-7.3.1).
 * Lifecycle changes notify the `access` topic in their transaction (the gateway's snapshot reads them).
 */
import { and, asc, desc, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/index.ts';
import { assertOrgVisible, authTables, isCrossTenant, orgScope, type Caller } from '../../platform/auth/index.ts';
import { notifyChange } from '../../platform/changes/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { HttpProblem, problems } from '../../platform/http/problem.ts';
import { actorOf, loadOrg, requireKind } from './common.ts';
import { durationText, minus, operatorAdminEmails, osloDate, plus, sendGroupedReminders } from './notify.ts';
import { isOlder, parseSemver } from './semver.ts';
import { serviceAssessments, services, type LocalisedText } from './tables.ts';

const { organisations } = authTables;

export const SERVICE_KINDS = ['app', 'correspondence', 'broker', 'generic'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export const LIFECYCLES = ['planned', 'notified', 'production', 'deactivated', 'removed'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];
export const SERVICE_FLAGS = ['outdated', 'idle', 'reviewDue'] as const;
export type ServiceFlag = (typeof SERVICE_FLAGS)[number];
export const ASSESSMENT_KINDS = ['security', 'risk', 'privacy'] as const;
export const RESOURCE_ID_PATTERN = '^urn:altinn:resource:[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$';

/**
 * The lifecycle (S-7.3.1, S-7.3.6): planned → notified → production → deactivated → removed; a deactivated service
 * may go back into production; a service that never went live may be dropped (removed) from planned or notified.
 */
export const TRANSITIONS: Record<Lifecycle, Lifecycle[]> = {
  planned: ['notified', 'removed'],
  notified: ['production', 'removed'],
  production: ['deactivated'],
  deactivated: ['production', 'removed'],
  removed: [],
};

type ServiceRow = typeof services.$inferSelect;
export type About = ServiceRow['about'];

const DEFAULT_INFO_REVIEW = { maxAge: { amount: 12, unit: 'months' as const }, remindBefore: { amount: 30, unit: 'calendarDays' as const } };

/** The derived state of a service at `now`: outdated library, idle, information review due. */
export function serviceFlags(ctx: AppContext, s: ServiceRow, now = new Date()) {
  const o = ctx.policy.policy.obligations;
  const minVersion = o.appLibraryVersion.minVersion;
  const live = s.lifecycle !== 'deactivated' && s.lifecycle !== 'removed';
  const outdated = live && s.libraryVersion != null && parseSemver(s.libraryVersion) != null && isOlder(s.libraryVersion, minVersion);
  // Idle: in production and no traffic for the period, counted from the last call or — never called, or back in
  // production since — from when it went into production.
  const quietSince = new Date(Math.max(s.lastTrafficAt?.getTime() ?? 0, s.lifecycleChangedAt.getTime()));
  const idleAt = plus(quietSince, o.serviceNoTraffic.period);
  const idle = s.lifecycle === 'production' && idleAt.getTime() <= now.getTime();
  const review = o.serviceInfoReview ?? DEFAULT_INFO_REVIEW;
  const reviewDueAt = plus(s.aboutReviewedAt, review.maxAge);
  const reviewRemindAt = minus(reviewDueAt, review.remindBefore);
  const reviewed = s.lifecycle !== 'removed';
  return {
    minLibraryVersion: minVersion,
    outdated,
    quietSince,
    idleAt,
    idle,
    reviewDueAt,
    reviewRemindAt,
    reviewDue: reviewed && reviewRemindAt.getTime() <= now.getTime(),
    reviewOverdue: reviewed && reviewDueAt.getTime() <= now.getTime(),
  };
}

export function presentService(ctx: AppContext, s: ServiceRow, orgName: string, now = new Date()) {
  const f = serviceFlags(ctx, s, now);
  return {
    id: s.id,
    orgId: s.orgId,
    orgName,
    resourceId: s.resourceId,
    name: s.name,
    kind: s.kind,
    lifecycle: s.lifecycle,
    lifecycleChangedAt: s.lifecycleChangedAt.toISOString(),
    notifiedAt: s.notifiedAt?.toISOString() ?? null,
    about: s.about,
    aboutReviewedAt: s.aboutReviewedAt.toISOString(),
    aboutReviewDueAt: f.reviewDueAt.toISOString(),
    reviewDue: f.reviewDue,
    reviewOverdue: f.reviewOverdue,
    libraryVersion: s.libraryVersion,
    libraryReportedAt: s.libraryReportedAt?.toISOString() ?? null,
    minLibraryVersion: f.minLibraryVersion,
    outdated: f.outdated,
    lastTrafficAt: s.lastTrafficAt?.toISOString() ?? null,
    trafficCount: s.trafficCount,
    idle: f.idle,
    idleAt: s.lifecycle === 'production' ? f.idleAt.toISOString() : null,
    allowedTransitions: TRANSITIONS[s.lifecycle as Lifecycle] ?? [],
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
export type ServiceView = ReturnType<typeof presentService>;

/** What a vendor sees of a service in production: enough to find it and its conditions (T-1.2.5). */
export function presentCatalogueEntry(s: ServiceRow, orgName: string) {
  return { id: s.id, orgId: s.orgId, orgName, resourceId: s.resourceId, name: s.name, kind: s.kind, lifecycle: s.lifecycle };
}

function isVendorCaller(caller: Caller): boolean {
  return !isCrossTenant(caller) && (caller.active?.role === 'vendor-admin' || caller.active?.role === 'vendor-developer');
}

export async function listServices(
  ctx: AppContext,
  caller: Caller,
  q: { orgId?: string; lifecycle?: Lifecycle; flag?: ServiceFlag; q?: string },
  now = new Date(),
) {
  const conds: SQL[] = [];
  const vendor = isVendorCaller(caller);
  if (vendor) {
    // The public catalogue: services in production, of any owner.
    if (q.lifecycle && q.lifecycle !== 'production') return [];
    if (q.flag) return [];
    conds.push(eq(services.lifecycle, 'production'));
    if (q.orgId) conds.push(eq(services.orgId, q.orgId));
  } else {
    const scope = orgScope(caller);
    if (q.orgId) assertOrgVisible(caller, q.orgId);
    const orgId = q.orgId ?? scope;
    if (orgId) conds.push(eq(services.orgId, orgId));
    if (q.lifecycle) conds.push(eq(services.lifecycle, q.lifecycle));
  }
  if (q.q) conds.push(sql`(${services.name} ilike ${'%' + q.q + '%'} or ${services.resourceId} ilike ${'%' + q.q + '%'})`);
  const rows = await ctx.db
    .select({ s: services, orgName: organisations.name })
    .from(services)
    .innerJoin(organisations, eq(organisations.id, services.orgId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(organisations.name), asc(services.name), asc(services.id));
  if (vendor) return rows.map((r) => presentCatalogueEntry(r.s, r.orgName));
  const items = rows.map((r) => presentService(ctx, r.s, r.orgName, now));
  return q.flag ? items.filter((s) => s[q.flag!]) : items;
}

async function loadService(tx: DbOrTx, id: string, lock = false) {
  const query = tx
    .select({ s: services, orgName: organisations.name })
    .from(services)
    .innerJoin(organisations, eq(organisations.id, services.orgId))
    .where(eq(services.id, id));
  const [row] = lock ? await query.for('update', { of: services }) : await query;
  if (!row) throw problems.notFound('The service');
  return row;
}

/** The service for its owner or a cross-tenant caller (404 for anyone else). */
async function ownedService(ctx: AppContext, caller: Caller, id: string, tx: DbOrTx = ctx.db, lock = false) {
  const row = await loadService(tx, id, lock);
  assertOrgVisible(caller, row.s.orgId, 'The service');
  return row;
}

export async function getService(ctx: AppContext, caller: Caller, id: string, now = new Date()) {
  const row = await loadService(ctx.db, id);
  if (isVendorCaller(caller)) {
    if (row.s.lifecycle !== 'production') throw problems.notFound('The service');
    return presentCatalogueEntry(row.s, row.orgName);
  }
  assertOrgVisible(caller, row.s.orgId, 'The service');
  return presentService(ctx, row.s, row.orgName, now);
}

export interface ServiceInput {
  resourceId: string;
  name: string;
  kind: ServiceKind;
  about?: About;
}

function cleanAbout(a: About): About {
  const out: About = {};
  if (a.description) {
    const d: LocalisedText = {};
    for (const k of ['nb', 'nn', 'en'] as const) if (a.description[k]?.trim()) d[k] = a.description[k]!.trim();
    out.description = d;
  }
  for (const k of ['supportEmail', 'supportPhone', 'supportUrl', 'documentationUrl'] as const) if (a[k]?.trim()) out[k] = a[k]!.trim();
  return out;
}

export async function createService(ctx: AppContext, caller: Caller, orgId: string, input: ServiceInput) {
  assertOrgVisible(caller, orgId);
  const name = input.name.trim();
  if (!name) throw problems.invalidField('body.name', 'must not be empty');
  return ctx.db.transaction(async (tx) => {
    const org = await loadOrg(tx, orgId);
    requireKind(org, 'serviceOwner', 'Services');
    const [taken] = await tx.select({ id: services.id, orgId: services.orgId }).from(services).where(eq(services.resourceId, input.resourceId));
    if (taken) throw problems.conflict(`The resource ${input.resourceId} is already registered${taken.orgId === orgId ? '' : ' by another service owner'}.`);
    const [s] = await tx
      .insert(services)
      .values({ orgId, resourceId: input.resourceId, name, kind: input.kind, about: cleanAbout(input.about ?? {}) })
      .returning();
    await notifyChange(tx, 'access');
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId,
      action: 'service.create',
      targetType: 'service',
      targetId: s.id,
      after: { resourceId: s.resourceId, name: s.name, kind: s.kind },
      details: { resourceId: s.resourceId, kind: s.kind },
    });
    return presentService(ctx, s, org.name);
  });
}

/** Changes name, kind or the service information. New "Om skjema" information counts as reviewed (S-7.3.2). */
export async function updateService(ctx: AppContext, caller: Caller, id: string, patch: { name?: string; kind?: ServiceKind; about?: About }) {
  return ctx.db.transaction(async (tx) => {
    const { s: before, orgName } = await ownedService(ctx, caller, id, tx, true);
    if (before.lifecycle === 'removed') throw problems.conflict('The service is removed; it can no longer be changed.');
    const now = new Date();
    const set: Partial<ServiceRow> = { updatedAt: now };
    if (patch.name !== undefined) {
      set.name = patch.name.trim();
      if (!set.name) throw problems.invalidField('body.name', 'must not be empty');
    }
    if (patch.kind !== undefined) set.kind = patch.kind;
    if (patch.about !== undefined) {
      set.about = cleanAbout(patch.about);
      set.aboutReviewedAt = now;
    }
    const [after] = await tx.update(services).set(set).where(eq(services.id, id)).returning();
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: before.orgId,
      action: 'service.update',
      targetType: 'service',
      targetId: id,
      before: { name: before.name, kind: before.kind, about: before.about },
      after: { name: after.name, kind: after.kind, about: after.about },
    });
    return presentService(ctx, after, orgName, now);
  });
}

/**
 * Moves a service along its lifecycle. Moving to `notified` is the new-service notice to ASF (S-7.3.6): it records
 * notifiedAt and tells the operator's administrators. Production needs that notice first.
 */
export async function changeLifecycle(ctx: AppContext, caller: Caller, id: string, to: Lifecycle, note?: string) {
  const result = await ctx.db.transaction(async (tx) => {
    const { s: before, orgName } = await ownedService(ctx, caller, id, tx, true);
    const from = before.lifecycle as Lifecycle;
    if (from === to) throw problems.conflict(`The service is already ${to}.`);
    if (to === 'production' && !before.notifiedAt) {
      throw new HttpProblem(
        409,
        'new-service-notice-missing',
        `S-7.3.6: a service owner notifies ASF before putting a new service in production. Move ${before.resourceId} to "notified" first (the notice), then to "production".`,
        { extensions: { clause: 'S-7.3.6', allowed: TRANSITIONS[from] } },
      );
    }
    if (!TRANSITIONS[from].includes(to)) {
      throw new HttpProblem(409, 'lifecycle-transition', `A ${from} service cannot move to ${to}; it can move to ${TRANSITIONS[from].join(', ') || 'nothing (final state)'}.`, {
        extensions: { allowed: TRANSITIONS[from] },
      });
    }
    const now = new Date();
    const [after] = await tx
      .update(services)
      .set({ lifecycle: to, lifecycleChangedAt: now, updatedAt: now, ...(to === 'notified' ? { notifiedAt: now } : {}) })
      .where(eq(services.id, id))
      .returning();
    if (to === 'notified') {
      const link = `${ctx.config.PUBLIC_URL}/services/${id}`;
      for (const addr of await operatorAdminEmails(tx)) {
        await ctx.mail.enqueue(tx, {
          to: addr,
          orgId: before.orgId,
          kind: 'new-service-notice',
          subject: `Ny tjeneste varslet: ${after.name} (${orgName}) / New service notice`,
          text:
            `${orgName} varsler ASF om en ny tjeneste før produksjonssetting (tjenesteavtale 7.3.6):\n` +
            `  ${after.name}\n  ${after.resourceId} (${after.kind})\n` +
            (note ? `  Merknad: ${note}\n` : '') +
            `${link}\n\n` +
            `${orgName} notifies ASF of a new service before it goes into production (SLA S-7.3.6):\n` +
            `  ${after.name}\n  ${after.resourceId} (${after.kind})\n` +
            (note ? `  Note: ${note}\n` : '') +
            `${link}\n`,
        });
      }
    }
    await notifyChange(tx, 'access');
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: before.orgId,
      action: to === 'notified' ? 'service.notify' : 'service.lifecycle',
      targetType: 'service',
      targetId: id,
      before: { lifecycle: from },
      after: { lifecycle: to },
      details: { from, to, resourceId: before.resourceId, ...(note ? { note } : {}) },
    });
    return presentService(ctx, after, orgName, now);
  });
  if (to === 'notified') await ctx.mail.kick();
  return result;
}

/** The owner has gone through the service information and found it current (S-7.3.2). */
export async function markAboutReviewed(ctx: AppContext, caller: Caller, id: string) {
  return ctx.db.transaction(async (tx) => {
    const { s: before, orgName } = await ownedService(ctx, caller, id, tx, true);
    if (before.lifecycle === 'removed') throw problems.conflict('The service is removed.');
    const now = new Date();
    const [after] = await tx.update(services).set({ aboutReviewedAt: now, updatedAt: now }).where(eq(services.id, id)).returning();
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: before.orgId,
      action: 'service.about-reviewed',
      targetType: 'service',
      targetId: id,
      details: { previouslyReviewedAt: before.aboutReviewedAt.toISOString() },
    });
    return presentService(ctx, after, orgName, now);
  });
}

/** An app reports the app library version it runs (S-7.1.2). Audited when the version changes. */
export async function reportLibraryVersion(ctx: AppContext, caller: Caller, id: string, version: string) {
  const v = version.trim().replace(/^v/, '');
  if (!parseSemver(v)) throw problems.invalidField('body.version', 'is not a semantic version such as 8.1.2');
  return ctx.db.transaction(async (tx) => {
    const { s: before, orgName } = await ownedService(ctx, caller, id, tx, true);
    if (before.kind !== 'app') throw problems.conflict(`Only apps report an app library version; ${before.resourceId} is a ${before.kind} resource.`);
    const now = new Date();
    const [after] = await tx.update(services).set({ libraryVersion: v, libraryReportedAt: now }).where(eq(services.id, id)).returning();
    if (before.libraryVersion !== v) {
      await appendAudit(tx, {
        actor: actorOf(caller),
        orgId: before.orgId,
        action: 'service.library-version',
        targetType: 'service',
        targetId: id,
        before: { libraryVersion: before.libraryVersion },
        after: { libraryVersion: v },
        details: { from: before.libraryVersion, to: v },
      });
    }
    return presentService(ctx, after, orgName, now);
  });
}

function presentAssessment(a: typeof serviceAssessments.$inferSelect) {
  return {
    id: a.id,
    serviceId: a.serviceId,
    kind: a.kind,
    assessedOn: a.assessedOn,
    link: a.link,
    note: a.note,
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
  };
}

export async function listAssessments(ctx: AppContext, caller: Caller, serviceId: string) {
  await ownedService(ctx, caller, serviceId);
  const rows = await ctx.db
    .select()
    .from(serviceAssessments)
    .where(eq(serviceAssessments.serviceId, serviceId))
    .orderBy(desc(serviceAssessments.assessedOn), desc(serviceAssessments.createdAt));
  return rows.map(presentAssessment);
}

/** Records a security, risk or privacy assessment the owner made of its service (S-7.3.4). */
export async function addAssessment(
  ctx: AppContext,
  caller: Caller,
  serviceId: string,
  input: { kind: (typeof ASSESSMENT_KINDS)[number]; assessedOn: string; link: string; note?: string },
) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());
  if (input.assessedOn > today) throw problems.invalidField('body.assessedOn', 'is in the future; record an assessment once it is made');
  let url: URL;
  try {
    url = new URL(input.link);
  } catch {
    throw problems.invalidField('body.link', 'is not a URL');
  }
  if (url.protocol !== 'https:') throw problems.invalidField('body.link', 'must be an https URL');
  return ctx.db.transaction(async (tx) => {
    const { s } = await ownedService(ctx, caller, serviceId, tx);
    const [a] = await tx
      .insert(serviceAssessments)
      .values({ serviceId, kind: input.kind, assessedOn: input.assessedOn, link: url.toString(), note: input.note?.trim() || null, createdBy: caller.user.id })
      .returning();
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: s.orgId,
      action: 'service.assessment',
      targetType: 'service',
      targetId: serviceId,
      after: presentAssessment(a),
      details: { kind: a.kind, assessedOn: a.assessedOn },
    });
    return presentAssessment(a);
  });
}

/**
 * Traffic seen for a resource (fed by the gateway): adds `count` calls and moves lastTrafficAt forward to `at`.
 * One statement, no audit record (data plane). Returns false when no service has this resource id.
 */
export async function recordServiceTraffic(ctx: AppContext, resourceId: string, count: number, at: Date = new Date()): Promise<boolean> {
  if (!Number.isFinite(count) || count < 0) throw new Error('traffic count must be a number ≥ 0');
  const iso = at.toISOString();
  const rows = await ctx.db
    .update(services)
    .set({
      trafficCount: sql`${services.trafficCount} + ${Math.floor(count)}`,
      lastTrafficAt: sql`greatest(${services.lastTrafficAt}, ${iso}::timestamptz)`,
    })
    .where(eq(services.resourceId, resourceId))
    .returning({ id: services.id });
  return rows.length > 0;
}

// ---------------------------------------------------------------- jobs

async function servicesWithOrg(ctx: AppContext, where?: SQL) {
  return ctx.db
    .select({ s: services, orgName: organisations.name })
    .from(services)
    .innerJoin(organisations, eq(organisations.id, services.orgId))
    .where(where)
    .orderBy(asc(services.name));
}

const list = (items: Array<{ s: ServiceRow }>, line: (s: ServiceRow) => string) => items.map((i) => `  - ${line(i.s)}`).join('\n');

/** Daily: apps on a library older than the policy's minimum are told to their owners, once per minimum version (S-7.1.2). */
export async function runOutdatedAppNotices(ctx: AppContext, now = new Date()) {
  const min = ctx.policy.policy.obligations.appLibraryVersion.minVersion;
  const rows = (await servicesWithOrg(ctx, and(sql`${services.libraryVersion} is not null`, notInArray(services.lifecycle, ['deactivated', 'removed'])))).filter(
    (r) => serviceFlags(ctx, r.s, now).outdated,
  );
  return sendGroupedReminders(ctx, rows, {
    kind: 'app-library-outdated',
    orgId: (r) => r.s.orgId,
    orgName: (r) => r.orgName,
    key: (r) => `outdated:${r.s.id}:${min}`,
    compose: (org, items) => ({
      subject: `Apper må oppdateres til app-bibliotek ${min} / Apps need library ${min}`,
      text:
        `Altinn krever nå app-bibliotek ${min} eller nyere (tjenesteavtale 7.1.2). Disse appene hos ${org.name} ligger etter:\n` +
        list(items, (s) => `${s.name} (${s.resourceId}): ${s.libraryVersion}`) +
        `\nOppdater og publiser appene på nytt. ${ctx.config.PUBLIC_URL}/services?flag=outdated\n\n` +
        `Altinn now requires app library ${min} or later (SLA S-7.1.2). These apps of ${org.name} are behind:\n` +
        list(items, (s) => `${s.name} (${s.resourceId}): ${s.libraryVersion}`) +
        `\nUpdate and redeploy them. ${ctx.config.PUBLIC_URL}/services?flag=outdated\n`,
    }),
  });
}

/** Daily: services in production without traffic for the policy period are flagged to their owner, once per idle spell (S-7.3.1). */
export async function runIdleServiceNotices(ctx: AppContext, now = new Date()) {
  const period = ctx.policy.policy.obligations.serviceNoTraffic.period;
  const rows = (await servicesWithOrg(ctx, eq(services.lifecycle, 'production'))).filter((r) => serviceFlags(ctx, r.s, now).idle);
  const since = (s: ServiceRow) => (s.lastTrafficAt ? `siste trafikk ${osloDate(s.lastTrafficAt)}` : 'ingen trafikk registrert');
  const sinceEn = (s: ServiceRow) => (s.lastTrafficAt ? `last traffic ${osloDate(s.lastTrafficAt)}` : 'no traffic recorded');
  return sendGroupedReminders(ctx, rows, {
    kind: 'service-idle',
    orgId: (r) => r.s.orgId,
    orgName: (r) => r.orgName,
    key: (r) => `idle:${r.s.id}:${serviceFlags(ctx, r.s, now).quietSince.toISOString()}`,
    compose: (org, items) => ({
      subject: `Tjenester uten trafikk hos ${org.name} / Services without traffic`,
      text:
        `Disse tjenestene har ikke hatt trafikk på ${durationText(period, 'nb')}. Tjenesteeier skal bare ha reelle tjenester, ` +
        `og bestiller deaktivering eller sanering av tjenester som ikke er i bruk (tjenesteavtale 7.3.1):\n` +
        list(items, (s) => `${s.name} (${s.resourceId}), ${since(s)}`) +
        `\n${ctx.config.PUBLIC_URL}/services?flag=idle\n\n` +
        `These services have had no traffic for ${durationText(period, 'en')}. Keep only real services and deactivate or remove unused ones (SLA S-7.3.1):\n` +
        list(items, (s) => `${s.name} (${s.resourceId}), ${sinceEn(s)}`) +
        `\n${ctx.config.PUBLIC_URL}/services?flag=idle\n`,
    }),
  });
}

/** Daily: "Om skjema" information due for review gets a reminder before it is due and one when overdue (S-7.3.2). */
export async function runServiceReviewReminders(ctx: AppContext, now = new Date()) {
  const review = ctx.policy.policy.obligations.serviceInfoReview ?? DEFAULT_INFO_REVIEW;
  const rows = (await servicesWithOrg(ctx, sql`${services.lifecycle} <> 'removed'`)).filter((r) => serviceFlags(ctx, r.s, now).reviewDue);
  const stage = (s: ServiceRow) => (serviceFlags(ctx, s, now).reviewOverdue ? 'overdue' : 'due');
  const base = (s: ServiceRow) => `service-review:${s.id}:${s.aboutReviewedAt.toISOString()}`;
  return sendGroupedReminders(ctx, rows, {
    kind: 'service-review',
    orgId: (r) => r.s.orgId,
    orgName: (r) => r.orgName,
    key: (r) => `${base(r.s)}:${stage(r.s)}`,
    alsoClaim: (r) => (stage(r.s) === 'overdue' ? [`${base(r.s)}:due`] : []),
    compose: (org, items) => ({
      subject: `Gå gjennom tjenesteinformasjonen hos ${org.name} / Review your service information`,
      text:
        `Informasjonen om en tjeneste («Om skjema», brukerstøttekontakt) skal være oppdatert og gjennomgås minst hver ${durationText(review.maxAge, 'nb')} (tjenesteavtale 7.3.2):\n` +
        list(items, (s) => `${s.name} (${s.resourceId}): frist ${osloDate(serviceFlags(ctx, s, now).reviewDueAt)}`) +
        `\n${ctx.config.PUBLIC_URL}/services?flag=reviewDue\n\n` +
        `A service's information (service page, support contact) is kept current and reviewed at least every ${durationText(review.maxAge, 'en')} (SLA S-7.3.2):\n` +
        list(items, (s) => `${s.name} (${s.resourceId}): due ${osloDate(serviceFlags(ctx, s, now).reviewDueAt)}`) +
        `\n${ctx.config.PUBLIC_URL}/services?flag=reviewDue\n`,
    }),
  });
}

/** Service counts and flags per organisation, for the operators' compliance overview. */
export async function serviceSummaries(ctx: AppContext, now = new Date()) {
  const rows = await ctx.db.select().from(services);
  const out = new Map<string, { byLifecycle: Record<Lifecycle, number>; outdated: number; idle: number; reviewOverdue: number; total: number }>();
  for (const s of rows) {
    let o = out.get(s.orgId);
    if (!o) {
      o = { byLifecycle: { planned: 0, notified: 0, production: 0, deactivated: 0, removed: 0 }, outdated: 0, idle: 0, reviewOverdue: 0, total: 0 };
      out.set(s.orgId, o);
    }
    const f = serviceFlags(ctx, s, now);
    o.total++;
    o.byLifecycle[s.lifecycle as Lifecycle]++;
    if (f.outdated) o.outdated++;
    if (f.idle) o.idle++;
    if (f.reviewOverdue) o.reviewOverdue++;
  }
  return out;
}

/** The owner of each service id (obligations check that a data element's service belongs to its organisation). */
export async function serviceOwners(db: DbOrTx, ids: string[]): Promise<Map<string, { orgId: string; resourceId: string; name: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: services.id, orgId: services.orgId, resourceId: services.resourceId, name: services.name }).from(services).where(inArray(services.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}
