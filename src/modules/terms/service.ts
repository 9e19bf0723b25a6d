/**
 * The terms of use as use cases on plain objects: versions and their publication (T-8), acceptance by an
 * authorised representative with the attestations of T-1.2 and T-1.2.2 (T-1.1), service owners' own conditions
 * (T-1.2.5), termination (T-9) and the test before production (T-1.2.3). Every act is audited in its own transaction
 * [T-6]; every act that can change an access decision calls `notifyChange(tx, 'access')` there too.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { addCalendarDuration, formatInstant, parseInstant } from '../../kernel/worktime/index.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { appendAudit, auditLog, type AuditActor } from '../../platform/audit/index.ts';
import { assertOrgVisible, authTables, sha256, type Caller } from '../../platform/auth/index.ts';
import { notifyChange } from '../../platform/changes/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { HttpProblem, problems } from '../../platform/http/problem.ts';
import { contacts, services } from '../registry/tables.ts';
import { versionInForce } from './access.ts';
import { accessSettings, ACCESS_TOPIC, invalidateAccess, productionAccess, productCatalogue } from './snapshot.ts';
import { conditionAcceptances, productTests, serviceConditions, terminations, termsAcceptances, termsVersions } from './tables.ts';

const { organisations, users, memberships } = authTables;

export type TermsVersionRow = typeof termsVersions.$inferSelect;
export type TermsAcceptanceRow = typeof termsAcceptances.$inferSelect;
export type TerminationRow = typeof terminations.$inferSelect;

export function actorOf(caller: Caller | null | undefined, fallback = 'system'): AuditActor {
  return caller ? { userId: caller.user.id, label: caller.user.email } : { label: fallback };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** SHA-256 (hex) of a text as UTF-8, exactly as stored. */
export function textSha256(text: string): string {
  return sha256(text);
}

function isUniqueViolation(e: unknown): boolean {
  for (let x: any = e; x; x = x.cause) if (x.code === '23505') return true;
  return false;
}

async function afterCommit(ctx: AppContext, mail: boolean): Promise<void> {
  invalidateAccess(ctx);
  if (mail) await ctx.mail.kick();
}

function requireVendorAdmin(caller: Caller): string {
  if (caller.active?.role !== 'vendor-admin') throw problems.forbidden('Only an administrator of the vendor (vendor-admin) may do this.');
  return caller.active.orgId;
}

// ============================================================================================ recipients

/**
 * Who hears about the terms on behalf of each vendor: its contacts with the role `signatory` (registry), else its
 * administrators (vendor-admin users who are not disabled).
 */
export async function vendorRecipients(tx: DbOrTx, orgIds?: string[]): Promise<Map<string, { name: string; emails: string[] }>> {
  const orgs = await tx
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(sql`'vendor' = any(${organisations.kinds})`, orgIds ? inArray(organisations.id, orgIds.length ? orgIds : ['00000000-0000-0000-0000-000000000000']) : undefined))
    .orderBy(asc(organisations.name));
  const out = new Map<string, { name: string; emails: string[] }>();
  if (orgs.length === 0) return out;
  const ids = orgs.map((o) => o.id);
  const signatories = await tx.select({ orgId: contacts.orgId, email: contacts.email }).from(contacts).where(and(inArray(contacts.orgId, ids), eq(contacts.role, 'signatory')));
  const admins = await tx
    .select({ orgId: memberships.orgId, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(inArray(memberships.orgId, ids), eq(memberships.role, 'vendor-admin'), eq(users.disabled, false)));
  for (const o of orgs) {
    const s = signatories.filter((r) => r.orgId === o.id).map((r) => r.email);
    const a = admins.filter((r) => r.orgId === o.id).map((r) => r.email);
    out.set(o.id, { name: o.name, emails: [...new Set((s.length ? s : a).map((e) => e.trim().toLowerCase()))] });
  }
  return out;
}

async function mailVendor(ctx: AppContext, tx: DbOrTx, orgId: string, kind: string, subject: string, text: string, extra: string[] = []): Promise<number> {
  const r = (await vendorRecipients(tx, [orgId])).get(orgId);
  const to = [...new Set([...(r?.emails ?? []), ...extra.map((e) => e.toLowerCase())])];
  for (const email of to) await ctx.mail.enqueue(tx, { to: email, kind, orgId, subject, text });
  return to.length;
}

// ============================================================================================ versions (T-8)

export function presentVersion(v: TermsVersionRow, ctx: AppContext, inForceId: string | undefined, now: number) {
  const grace = accessSettings(ctx.policy.policy).grace;
  const effective = v.effectiveAt.getTime();
  const status = v.id === inForceId ? 'in-force' : effective > now ? 'upcoming' : 'superseded';
  return {
    id: v.id,
    version: v.version,
    title: v.title,
    sha256: v.sha256,
    effectiveAt: formatInstant(v.effectiveAt),
    acceptanceDeadline: formatInstant(addCalendarDuration(effective, grace)),
    changeLog: v.changeLog,
    demo: v.demo,
    status: status as 'in-force' | 'upcoming' | 'superseded',
    publishedAt: v.publishedAt.toISOString(),
  };
}
export type VersionView = ReturnType<typeof presentVersion>;

function presentVersionWithText(v: TermsVersionRow, ctx: AppContext, inForceId: string | undefined, now: number) {
  return { ...presentVersion(v, ctx, inForceId, now), text: v.text };
}

async function allVersions(db: DbOrTx) {
  return db.select().from(termsVersions).orderBy(asc(termsVersions.effectiveAt), asc(termsVersions.publishedAt));
}

function inForceOf(rows: TermsVersionRow[], now: number): TermsVersionRow | undefined {
  const s = versionInForce(
    rows.map((r) => ({ id: r.id, version: r.version, effectiveAt: r.effectiveAt.getTime(), graceEndsAt: 0 })),
    now,
  );
  return s && rows.find((r) => r.id === s.id);
}

export async function listVersions(ctx: AppContext, now = Date.now()) {
  const rows = await allVersions(ctx.db);
  const cur = inForceOf(rows, now);
  return rows.map((r) => presentVersion(r, ctx, cur?.id, now)).reverse();
}

export async function currentVersion(ctx: AppContext, now = Date.now()) {
  const rows = await allVersions(ctx.db);
  const cur = inForceOf(rows, now);
  if (!cur) throw problems.notFound('A terms version in force');
  return presentVersionWithText(cur, ctx, cur.id, now);
}

export async function getVersion(ctx: AppContext, id: string, now = Date.now()) {
  const rows = await allVersions(ctx.db);
  const v = rows.find((r) => r.id === id);
  if (!v) throw problems.notFound('The terms version');
  return presentVersionWithText(v, ctx, inForceOf(rows, now)?.id, now);
}

export interface PublishInput {
  version: string;
  title: string;
  text: string;
  /** ISO instant, or a local date/time in Europe/Oslo. */
  effectiveAt: string | Date;
  changeLog: string;
  demo?: boolean;
}

/**
 * Publishes a terms version and, in the same transaction, writes a notice to every vendor's signatories (outbox) and
 * the audit record. Returns the version, how many vendors and addresses were notified.
 */
export async function publishVersion(ctx: AppContext, caller: Caller | null, input: PublishInput, opts: { actorLabel?: string; tx?: DbOrTx } = {}) {
  const version = input.version.trim();
  const title = input.title.trim();
  const changeLog = input.changeLog.trim();
  if (!/^[\p{L}\p{N}][\p{L}\p{N}._ -]{0,39}$/u.test(version)) throw problems.invalidField('version', 'must be 1–40 letters, digits, dots, dashes or spaces, e.g. "2026-1"');
  if (!title) throw problems.invalidField('title', 'must not be empty');
  if (!input.text.trim()) throw problems.invalidField('text', 'must not be empty');
  if (!changeLog) throw problems.invalidField('changeLog', 'must not be empty: say what changed (T-8)');
  let effective: number;
  try {
    effective = input.effectiveAt instanceof Date ? input.effectiveAt.getTime() : parseInstant(input.effectiveAt);
  } catch (e) {
    throw problems.invalidField('effectiveAt', (e as Error).message);
  }
  if (!Number.isFinite(effective)) throw problems.invalidField('effectiveAt', 'is not a valid instant');
  const hash = textSha256(input.text);
  const deadline = addCalendarDuration(effective, accessSettings(ctx.policy.policy).grace);
  const run = async (tx: DbOrTx) => {
    const [dup] = await tx.select({ id: termsVersions.id }).from(termsVersions).where(eq(termsVersions.version, version));
    if (dup) throw problems.conflict(`A terms version "${version}" is already published; versions are never changed, publish a new one.`);
    // A new version must not take effect before the latest one already published: it would never be in force.
    const [latest] = await tx.select().from(termsVersions).orderBy(desc(termsVersions.effectiveAt)).limit(1);
    if (latest && latest.effectiveAt.getTime() >= effective) {
      throw new HttpProblem(409, 'terms-effective-order', `effectiveAt must be after ${formatInstant(latest.effectiveAt.getTime())}, when version ${latest.version} takes effect; an earlier date would never be in force.`, {
        errors: [{ field: 'effectiveAt', message: `must be after ${formatInstant(latest.effectiveAt.getTime())}` }],
      });
    }
    let row: TermsVersionRow;
    try {
      [row] = await tx
        .insert(termsVersions)
        .values({ version, title, text: input.text, sha256: hash, effectiveAt: new Date(effective), changeLog, demo: input.demo ?? false, publishedBy: caller?.user.id ?? null })
        .returning();
    } catch (e) {
      if (isUniqueViolation(e)) throw problems.conflict(`A terms version "${version}" is already published.`);
      throw e;
    }
    const recipients = await vendorRecipients(tx);
    let addresses = 0;
    const link = `${ctx.config.PUBLIC_URL}/terms`;
    for (const [orgId, r] of recipients) {
      for (const to of r.emails) {
        addresses++;
        await ctx.mail.enqueue(tx, {
          to,
          kind: 'terms.published',
          orgId,
          subject: `Nye bruksvilkår for Altinn: versjon ${version} / New terms of use: version ${version}`,
          text:
            `Digdir har publisert bruksvilkårene for sluttbrukersystemleverandører i Altinn, versjon ${version}: «${title}».\n` +
            `De trer i kraft ${formatInstant(effective)}. ${r.name} må akseptere dem innen ${formatInstant(deadline)} for å beholde produksjonstilgangen.\n\n` +
            `Endringer: ${changeLog}\n\nLes og aksepter: ${link}\nSHA-256: ${hash}\n\n` +
            `Digdir has published version ${version} of the terms of use for vendors of end-user systems in Altinn ("${title}").\n` +
            `They take effect at ${formatInstant(effective)}. ${r.name} must accept them by ${formatInstant(deadline)} to keep production access.\n` +
            `Changes: ${changeLog}\nRead and accept: ${link}\n`,
        });
      }
    }
    await appendAudit(tx, {
      actor: caller ? actorOf(caller) : { label: opts.actorLabel ?? 'system' },
      action: 'terms.publish',
      targetType: 'terms-version',
      targetId: row.id,
      after: { version, title, sha256: hash, effectiveAt: formatInstant(effective), changeLog, demo: row.demo },
      details: { version, sha256: hash, vendorsNotified: recipients.size, addresses },
    });
    await publishEvent(tx, ctx, {
      type: 'no.samsvar.terms.published',
      resource: `urn:samsvar:terms:${row.id}`,
      source: '/api/v1/terms/versions',
      visibility: 'public',
      data: { version, title, effectiveAt: new Date(effective).toISOString(), acceptBy: new Date(deadline).toISOString(), changeLog, actorUserId: caller?.user.id ?? null },
    });
    await notifyChange(tx, ACCESS_TOPIC, 'terms.publish');
    return { row, vendorsNotified: recipients.size, addresses };
  };
  const res = opts.tx ? await run(opts.tx) : await ctx.db.transaction(run);
  if (!opts.tx) await afterCommit(ctx, true);
  const all = await allVersions(opts.tx ?? ctx.db);
  return {
    version: presentVersion(res.row, ctx, inForceOf(all, Date.now())?.id, Date.now()),
    vendorsNotified: res.vendorsNotified,
    addressesNotified: res.addresses,
  };
}

/** Every vendor organisation with whether (when, by whom) it accepted the version (T-8 tracking). */
export async function versionProgress(ctx: AppContext, versionId: string) {
  const rows = await allVersions(ctx.db);
  const v = rows.find((r) => r.id === versionId);
  if (!v) throw problems.notFound('The terms version');
  const later = rows.filter((r) => r.effectiveAt.getTime() > v.effectiveAt.getTime()).map((r) => r.id);
  const vendors = await ctx.db
    .select({ id: organisations.id, orgNumber: organisations.orgNumber, name: organisations.name })
    .from(organisations)
    .where(sql`'vendor' = any(${organisations.kinds})`)
    .orderBy(asc(organisations.name));
  const acc = await ctx.db.select().from(termsAcceptances).where(eq(termsAcceptances.versionId, versionId));
  const laterAcc = later.length
    ? await ctx.db.selectDistinct({ orgId: termsAcceptances.orgId }).from(termsAcceptances).where(inArray(termsAcceptances.versionId, later))
    : [];
  const laterSet = new Set(laterAcc.map((r) => r.orgId));
  const byOrg = new Map(acc.map((a) => [a.orgId, a]));
  const items = vendors.map((o) => {
    const a = byOrg.get(o.id);
    return {
      orgId: o.id,
      orgNumber: o.orgNumber,
      name: o.name,
      accepted: Boolean(a),
      acceptedAt: iso(a?.acceptedAt),
      signerName: a?.signerName ?? null,
      signerEmail: a?.signerEmail ?? null,
      acceptanceId: a?.id ?? null,
      laterVersionAccepted: laterSet.has(o.id),
    };
  });
  const accepted = items.filter((i) => i.accepted).length;
  return {
    version: presentVersion(v, ctx, inForceOf(rows, Date.now())?.id, Date.now()),
    counts: { vendors: items.length, accepted, pending: items.length - accepted },
    items,
  };
}

// ============================================================================================ acceptance (T-1.1)

export interface AcceptInput {
  signingAuthority: boolean;
  attestations: { customerAgreements: boolean; accessControl: boolean; platformTerms: boolean };
  textSha256: string;
}

const ATTESTATION_TEXT = {
  signingAuthority: 'must be true: the signer states that they may sign for the organisation (T-1.1)',
  customerAgreements: 'must be true: the vendor has agreements with its customers that cover these terms (T-1.2)',
  accessControl: 'must be true: the vendor runs access control in its own system (T-1.2)',
  platformTerms: 'must be true: the terms of Maskinporten and/or ID-porten are accepted (T-1.2.2)',
};

export function presentAcceptance(a: TermsAcceptanceRow, v?: Pick<TermsVersionRow, 'version' | 'title'>) {
  return {
    id: a.id,
    orgId: a.orgId,
    versionId: a.versionId,
    version: v?.version ?? null,
    title: v?.title ?? null,
    signerUserId: a.signerUserId,
    signerName: a.signerName,
    signerEmail: a.signerEmail,
    signingAuthority: a.signingAuthority,
    attestations: { customerAgreements: a.attestCustomerAgreements, accessControl: a.attestAccessControl, platformTerms: a.attestPlatformTerms },
    textSha256: a.textSha256,
    acceptedAt: a.acceptedAt.toISOString(),
    clientIp: a.clientIp,
  };
}

/** Writes an acceptance and its audit record (the service and the demo data use it). */
/**
 * A vendor's production-access decision may have changed: wake every gateway node (LISTEN/NOTIFY) and publish
 * `no.samsvar.access.changed` to the vendor's organisation (and operators) so its systems can react without
 * polling [T-1.2.4]. In the caller's transaction.
 */
async function accessChanged(ctx: AppContext, tx: DbOrTx, orgId: string, reason: string, data: Record<string, unknown> = {}): Promise<void> {
  await notifyChange(tx, ACCESS_TOPIC, reason);
  await publishEvent(tx, ctx, {
    type: 'no.samsvar.access.changed',
    resource: `urn:samsvar:access:${orgId}`,
    source: '/api/v1/terms',
    orgId,
    visibility: 'org',
    data: { orgId, reason, ...data },
  });
}

export async function recordAcceptance(
  ctx: AppContext,
  tx: DbOrTx,
  input: { orgId: string; version: TermsVersionRow; signer: { id: string | null; name: string; email: string }; clientIp: string | null; acceptedAt?: Date; actorLabel?: string },
) {
  let row: TermsAcceptanceRow;
  try {
    [row] = await tx
      .insert(termsAcceptances)
      .values({
        orgId: input.orgId,
        versionId: input.version.id,
        signerUserId: input.signer.id,
        signerName: input.signer.name,
        signerEmail: input.signer.email,
        signingAuthority: true,
        attestCustomerAgreements: true,
        attestAccessControl: true,
        attestPlatformTerms: true,
        textSha256: input.version.sha256,
        clientIp: input.clientIp,
        ...(input.acceptedAt ? { acceptedAt: input.acceptedAt } : {}),
      })
      .returning();
  } catch (e) {
    if (isUniqueViolation(e)) throw problems.conflict(`The organisation has already accepted version ${input.version.version} of the terms.`);
    throw e;
  }
  const audit = await appendAudit(tx, {
    actor: input.signer.id ? { userId: input.signer.id, label: input.actorLabel ?? input.signer.email } : { label: input.actorLabel ?? 'system' },
    orgId: input.orgId,
    action: 'terms.accept',
    targetType: 'terms-acceptance',
    targetId: row.id,
    after: presentAcceptance(row, input.version),
    details: { version: input.version.version, sha256: input.version.sha256, signingAuthority: true, attestations: ['customerAgreements', 'accessControl', 'platformTerms'] },
  });
  await accessChanged(ctx, tx, input.orgId, 'terms.accept', { version: input.version.version });
  return { row, auditHash: audit.hash };
}

export async function acceptTerms(ctx: AppContext, caller: Caller, versionId: string, input: AcceptInput, clientIp: string | null) {
  const orgId = requireVendorAdmin(caller);
  if (input.signingAuthority !== true) throw problems.invalidField('body.signingAuthority', ATTESTATION_TEXT.signingAuthority);
  for (const k of ['customerAgreements', 'accessControl', 'platformTerms'] as const) {
    if (input.attestations?.[k] !== true) throw problems.invalidField(`body.attestations.${k}`, ATTESTATION_TEXT[k]);
  }
  const res = await ctx.db.transaction(async (tx) => {
    const [v] = await tx.select().from(termsVersions).where(eq(termsVersions.id, versionId));
    if (!v) throw problems.notFound('The terms version');
    if (input.textSha256.trim().toLowerCase() !== v.sha256) {
      throw problems.invalidField('body.textSha256', `does not match the SHA-256 of version ${v.version} (${v.sha256}): accept the text you were shown, reload it if it changed`);
    }
    const [dup] = await tx.select({ id: termsAcceptances.id }).from(termsAcceptances).where(and(eq(termsAcceptances.orgId, orgId), eq(termsAcceptances.versionId, v.id)));
    if (dup) throw problems.conflict(`${caller.active!.orgName} has already accepted version ${v.version} of the terms.`);
    const rec = await recordAcceptance(ctx, tx, { orgId, version: v, signer: { id: caller.user.id, name: caller.user.name, email: caller.user.email }, clientIp });
    const receipt = `${ctx.config.PUBLIC_URL}/api/v1/terms/acceptances/${rec.row.id}/receipt`;
    await mailVendor(
      ctx,
      tx,
      orgId,
      'terms.accepted',
      `Bruksvilkår akseptert: versjon ${v.version} / Terms of use accepted: version ${v.version}`,
      `${caller.user.name} (${caller.user.email}) aksepterte bruksvilkårene versjon ${v.version} for ${caller.active!.orgName} ${formatInstant(rec.row.acceptedAt)}.\n` +
        `Kvittering: ${receipt}\nSHA-256: ${v.sha256}\n\n` +
        `${caller.user.name} accepted version ${v.version} of the terms of use for ${caller.active!.orgName} at ${formatInstant(rec.row.acceptedAt)}.\nReceipt: ${receipt}\n`,
      [caller.user.email],
    );
    return { ...rec, version: v };
  });
  await afterCommit(ctx, true);
  return { ...presentAcceptance(res.row, res.version), auditHash: res.auditHash, receiptUrl: `/api/v1/terms/acceptances/${res.row.id}/receipt` };
}

export async function listAcceptances(ctx: AppContext, caller: Caller, orgId: string) {
  assertOrgVisible(caller, orgId);
  const rows = await ctx.db
    .select({ a: termsAcceptances, version: termsVersions.version, title: termsVersions.title })
    .from(termsAcceptances)
    .innerJoin(termsVersions, eq(termsVersions.id, termsAcceptances.versionId))
    .where(eq(termsAcceptances.orgId, orgId))
    .orderBy(desc(termsAcceptances.acceptedAt));
  return rows.map((r) => presentAcceptance(r.a, r));
}

/** Everything a receipt shows, after checking the caller may see the acceptance (404 otherwise). */
export async function acceptanceReceipt(ctx: AppContext, caller: Caller, id: string) {
  const [r] = await ctx.db
    .select({ a: termsAcceptances, v: termsVersions, org: organisations })
    .from(termsAcceptances)
    .innerJoin(termsVersions, eq(termsVersions.id, termsAcceptances.versionId))
    .innerJoin(organisations, eq(organisations.id, termsAcceptances.orgId))
    .where(eq(termsAcceptances.id, id));
  if (!r) throw problems.notFound('The acceptance');
  assertOrgVisible(caller, r.a.orgId, 'The acceptance');
  const [audit] = await ctx.db
    .select({ seq: auditLog.seq, hash: auditLog.hash, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.targetType, 'terms-acceptance'), eq(auditLog.targetId, id), eq(auditLog.action, 'terms.accept')))
    .orderBy(asc(auditLog.seq))
    .limit(1);
  return { acceptance: r.a, version: r.v, org: r.org, audit: audit ?? null };
}

// ============================================================================================ conditions (T-1.2.5)

function presentCondition(c: typeof serviceConditions.$inferSelect, latestVersion: number, accepted?: boolean) {
  return {
    id: c.id,
    serviceId: c.serviceId,
    version: c.version,
    text: c.text,
    sha256: c.sha256,
    publishedAt: c.publishedAt.toISOString(),
    latest: c.version === latestVersion,
    ...(accepted === undefined ? {} : { acceptedByYourOrganisation: accepted }),
  };
}

async function serviceRow(db: DbOrTx, id: string) {
  const [s] = await db.select({ id: services.id, orgId: services.orgId, resourceId: services.resourceId, name: services.name, lifecycle: services.lifecycle }).from(services).where(eq(services.id, id));
  if (!s) throw problems.notFound('The service');
  return s;
}

export async function publishCondition(ctx: AppContext, caller: Caller | null, serviceId: string, text: string, opts: { tx?: DbOrTx; actorLabel?: string } = {}) {
  if (!text.trim()) throw problems.invalidField('body.text', 'must not be empty');
  const run = async (tx: DbOrTx) => {
    const svc = await serviceRow(tx, serviceId);
    if (caller) {
      const role = caller.active?.role;
      const owner = role === 'serviceowner-admin' && caller.active?.orgId === svc.orgId;
      if (role !== 'operator-admin' && !owner) throw problems.forbidden('Only an administrator of the service owner that owns this service (or a Digdir operator admin) sets its conditions.');
    }
    // Serialise versions per service.
    await tx.execute(sql`select id from services where id = ${serviceId} for update`);
    const [{ max }] = await tx.select({ max: sql<number>`coalesce(max(${serviceConditions.version}), 0)::int` }).from(serviceConditions).where(eq(serviceConditions.serviceId, serviceId));
    const hash = textSha256(text);
    const [row] = await tx
      .insert(serviceConditions)
      .values({ serviceId, version: max + 1, text, sha256: hash, publishedBy: caller?.user.id ?? null })
      .returning();
    // Vendors that accepted an earlier version must accept the new one: tell them.
    const before = await tx
      .selectDistinct({ orgId: conditionAcceptances.orgId })
      .from(conditionAcceptances)
      .innerJoin(serviceConditions, eq(serviceConditions.id, conditionAcceptances.conditionId))
      .where(eq(serviceConditions.serviceId, serviceId));
    for (const { orgId } of before) {
      await mailVendor(
        ctx,
        tx,
        orgId,
        'conditions.published',
        `Nye vilkår for ${svc.name} / New conditions for ${svc.name}`,
        `Tjenesteeieren har publisert versjon ${row.version} av vilkårene for ${svc.name} (${svc.resourceId}). Tilgang til tjenesten gjennom Samsvar krever at dere aksepterer den nye versjonen.\n\n` +
          `The service owner has published version ${row.version} of the conditions for ${svc.name}. Access to the service needs your acceptance of the new version.\n`,
      );
    }
    await appendAudit(tx, {
      actor: caller ? actorOf(caller) : { label: opts.actorLabel ?? 'system' },
      orgId: svc.orgId,
      action: 'conditions.publish',
      targetType: 'service-condition',
      targetId: row.id,
      after: { serviceId, version: row.version, sha256: hash },
      details: { resourceId: svc.resourceId, version: row.version, vendorsToReaccept: before.length },
    });
    await notifyChange(tx, ACCESS_TOPIC, 'conditions.publish');
    return row;
  };
  const row = opts.tx ? await run(opts.tx) : await ctx.db.transaction(run);
  if (!opts.tx) await afterCommit(ctx, true);
  return presentCondition(row, row.version);
}

export async function listConditions(ctx: AppContext, caller: Caller, serviceId: string) {
  const svc = await serviceRow(ctx.db, serviceId);
  const rows = await ctx.db.select().from(serviceConditions).where(eq(serviceConditions.serviceId, serviceId)).orderBy(desc(serviceConditions.version));
  const latest = rows[0]?.version ?? 0;
  const vendorOrg = caller.active?.kinds.includes('vendor') ? caller.active.orgId : undefined;
  const accepted = new Set<string>();
  if (vendorOrg && rows.length) {
    const acc = await ctx.db
      .select({ id: conditionAcceptances.conditionId })
      .from(conditionAcceptances)
      .where(and(eq(conditionAcceptances.orgId, vendorOrg), inArray(conditionAcceptances.conditionId, rows.map((r) => r.id))));
    for (const a of acc) accepted.add(a.id);
  }
  return {
    service: { id: svc.id, resourceId: svc.resourceId, name: svc.name, orgId: svc.orgId, lifecycle: svc.lifecycle },
    items: rows.map((r) => presentCondition(r, latest, vendorOrg ? accepted.has(r.id) : undefined)),
  };
}

export async function recordConditionAcceptance(
  ctx: AppContext,
  tx: DbOrTx,
  input: { orgId: string; condition: typeof serviceConditions.$inferSelect; signer: { id: string | null; name: string; label: string }; clientIp: string | null },
) {
  let row: typeof conditionAcceptances.$inferSelect;
  try {
    [row] = await tx
      .insert(conditionAcceptances)
      .values({ conditionId: input.condition.id, orgId: input.orgId, signerUserId: input.signer.id, signerName: input.signer.name, textSha256: input.condition.sha256, clientIp: input.clientIp })
      .returning();
  } catch (e) {
    if (isUniqueViolation(e)) throw problems.conflict('The organisation has already accepted this version of the conditions.');
    throw e;
  }
  await appendAudit(tx, {
    actor: { userId: input.signer.id, label: input.signer.label },
    orgId: input.orgId,
    action: 'conditions.accept',
    targetType: 'condition-acceptance',
    targetId: row.id,
    after: { conditionId: input.condition.id, serviceId: input.condition.serviceId, version: input.condition.version, sha256: input.condition.sha256 },
  });
  await accessChanged(ctx, tx, input.orgId, 'conditions.accept', { serviceId: input.condition.serviceId, conditionVersion: input.condition.version });
  return row;
}

function presentConditionAcceptance(a: typeof conditionAcceptances.$inferSelect, extra: { serviceId: string; resourceId: string; serviceName: string; version: number }) {
  return {
    id: a.id,
    conditionId: a.conditionId,
    orgId: a.orgId,
    serviceId: extra.serviceId,
    resourceId: extra.resourceId,
    serviceName: extra.serviceName,
    version: extra.version,
    signerUserId: a.signerUserId,
    signerName: a.signerName,
    textSha256: a.textSha256,
    acceptedAt: a.acceptedAt.toISOString(),
    clientIp: a.clientIp,
  };
}

export async function acceptCondition(ctx: AppContext, caller: Caller, conditionId: string, input: { textSha256: string }, clientIp: string | null) {
  const orgId = requireVendorAdmin(caller);
  const res = await ctx.db.transaction(async (tx) => {
    const [c] = await tx.select().from(serviceConditions).where(eq(serviceConditions.id, conditionId));
    if (!c) throw problems.notFound('The conditions');
    const svc = await serviceRow(tx, c.serviceId);
    const [{ max }] = await tx.select({ max: sql<number>`max(${serviceConditions.version})::int` }).from(serviceConditions).where(eq(serviceConditions.serviceId, c.serviceId));
    if (c.version !== max) throw problems.conflict(`A newer version (${max}) of the conditions for ${svc.name} exists; accept that one.`);
    if (input.textSha256.trim().toLowerCase() !== c.sha256) throw problems.invalidField('body.textSha256', `does not match the SHA-256 of the conditions (${c.sha256})`);
    const [dup] = await tx.select({ id: conditionAcceptances.id }).from(conditionAcceptances).where(and(eq(conditionAcceptances.orgId, orgId), eq(conditionAcceptances.conditionId, c.id)));
    if (dup) throw problems.conflict('Your organisation has already accepted this version of the conditions.');
    const row = await recordConditionAcceptance(ctx, tx, { orgId, condition: c, signer: { id: caller.user.id, name: caller.user.name, label: caller.user.email }, clientIp });
    return presentConditionAcceptance(row, { serviceId: svc.id, resourceId: svc.resourceId, serviceName: svc.name, version: c.version });
  });
  await afterCommit(ctx, false);
  return res;
}

export async function listConditionAcceptances(ctx: AppContext, caller: Caller, orgId: string) {
  assertOrgVisible(caller, orgId);
  const rows = await ctx.db
    .select({ a: conditionAcceptances, serviceId: services.id, resourceId: services.resourceId, serviceName: services.name, version: serviceConditions.version })
    .from(conditionAcceptances)
    .innerJoin(serviceConditions, eq(serviceConditions.id, conditionAcceptances.conditionId))
    .innerJoin(services, eq(services.id, serviceConditions.serviceId))
    .where(eq(conditionAcceptances.orgId, orgId))
    .orderBy(desc(conditionAcceptances.acceptedAt));
  return rows.map((r) => presentConditionAcceptance(r.a, r));
}

// ============================================================================================ termination (T-9)

export function presentTermination(t: TerminationRow, now = Date.now(), org?: { name: string; orgNumber: string }) {
  const status = t.withdrawnAt ? 'withdrawn' : t.effectiveAt.getTime() <= now ? 'effective' : 'pending';
  return {
    id: t.id,
    orgId: t.orgId,
    ...(org ? { orgName: org.name, orgNumber: org.orgNumber } : {}),
    reason: t.reason,
    status: status as 'pending' | 'effective' | 'withdrawn',
    requestedBy: t.requestedBy,
    requestedAt: t.requestedAt.toISOString(),
    effectiveAt: formatInstant(t.effectiveAt),
    confirmedBy: t.confirmedBy,
    confirmedAt: iso(t.confirmedAt),
    withdrawnBy: t.withdrawnBy,
    withdrawnAt: iso(t.withdrawnAt),
  };
}

function noticePeriod(ctx: AppContext) {
  return ctx.policy.policy.obligations.vendorTermination?.noticePeriod ?? { amount: 3, unit: 'months' as const };
}

export async function requestTermination(ctx: AppContext, caller: Caller, orgId: string, input: { reason?: string }, now = new Date()) {
  assertOrgVisible(caller, orgId);
  if (requireVendorAdmin(caller) !== orgId) throw problems.notFound('The organisation');
  const res = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select id from organisations where id = ${orgId} for update`);
    const [open] = await tx.select().from(terminations).where(and(eq(terminations.orgId, orgId), isNull(terminations.withdrawnAt)));
    if (open) {
      throw open.effectiveAt.getTime() <= now.getTime()
        ? problems.conflict(`The termination took effect at ${formatInstant(open.effectiveAt)}.`)
        : problems.conflict(`A termination is already requested; it takes effect at ${formatInstant(open.effectiveAt)} unless withdrawn.`);
    }
    const effectiveAt = new Date(addCalendarDuration(now, noticePeriod(ctx)));
    const [row] = await tx
      .insert(terminations)
      .values({ orgId, reason: input.reason?.trim() || null, requestedBy: caller.user.id, requestedAt: now, effectiveAt })
      .returning();
    await appendAudit(tx, { actor: actorOf(caller), orgId, action: 'termination.request', targetType: 'termination', targetId: row.id, after: presentTermination(row, now.getTime()) });
    await mailVendor(
      ctx,
      tx,
      orgId,
      'termination.requested',
      `Oppsigelse av bruksvilkårene mottatt / Termination of the terms of use received`,
      `Digdir har mottatt oppsigelsen av bruksvilkårene for ${caller.active!.orgName} fra ${caller.user.name}. Produksjonstilgangen opphører automatisk ${formatInstant(effectiveAt)}. ` +
        `Oppsigelsen kan trekkes tilbake før den tid.\n\n` +
        `Digdir has received ${caller.active!.orgName}'s termination of the terms of use from ${caller.user.name}. Production access ends automatically at ${formatInstant(effectiveAt)}. ` +
        `It can be withdrawn before then.\n`,
      [caller.user.email],
    );
    await accessChanged(ctx, tx, orgId, 'termination.request', { effectiveAt: effectiveAt.toISOString() });
    return row;
  });
  await afterCommit(ctx, true);
  return presentTermination(res, now.getTime());
}

export async function getTerminations(ctx: AppContext, caller: Caller, orgId: string) {
  assertOrgVisible(caller, orgId);
  const rows = await ctx.db.select().from(terminations).where(eq(terminations.orgId, orgId)).orderBy(desc(terminations.requestedAt));
  const items = rows.map((r) => presentTermination(r));
  return { current: items.find((i) => i.status !== 'withdrawn') ?? null, items };
}

async function terminationVisible(tx: DbOrTx, caller: Caller, id: string) {
  const [t] = await tx.select().from(terminations).where(eq(terminations.id, id)).for('update');
  if (!t) throw problems.notFound('The termination');
  assertOrgVisible(caller, t.orgId, 'The termination');
  return t;
}

export async function withdrawTermination(ctx: AppContext, caller: Caller, id: string, now = new Date()) {
  const orgId = requireVendorAdmin(caller);
  const res = await ctx.db.transaction(async (tx) => {
    const t = await terminationVisible(tx, caller, id);
    if (t.orgId !== orgId) throw problems.notFound('The termination');
    if (t.withdrawnAt) throw problems.conflict('The termination is already withdrawn.');
    if (t.effectiveAt.getTime() <= now.getTime()) throw problems.conflict(`The termination took effect at ${formatInstant(t.effectiveAt)}; it can no longer be withdrawn.`);
    const [row] = await tx.update(terminations).set({ withdrawnAt: now, withdrawnBy: caller.user.id }).where(eq(terminations.id, id)).returning();
    await appendAudit(tx, { actor: actorOf(caller), orgId, action: 'termination.withdraw', targetType: 'termination', targetId: id, before: presentTermination(t, now.getTime()), after: presentTermination(row, now.getTime()) });
    await mailVendor(
      ctx,
      tx,
      orgId,
      'termination.withdrawn',
      `Oppsigelsen er trukket tilbake / Termination withdrawn`,
      `${caller.user.name} har trukket tilbake oppsigelsen av bruksvilkårene for ${caller.active!.orgName}. Produksjonstilgangen fortsetter.\n\n` +
        `${caller.user.name} has withdrawn ${caller.active!.orgName}'s termination of the terms of use. Production access continues.\n`,
    );
    await accessChanged(ctx, tx, orgId, 'termination.withdraw');
    return row;
  });
  await afterCommit(ctx, true);
  return presentTermination(res, now.getTime());
}

export async function confirmTermination(ctx: AppContext, caller: Caller, id: string) {
  const res = await ctx.db.transaction(async (tx) => {
    const t = await terminationVisible(tx, caller, id);
    if (t.withdrawnAt) throw problems.conflict('The termination was withdrawn.');
    if (t.confirmedAt) throw problems.conflict('The termination is already confirmed.');
    const now = new Date();
    const [row] = await tx.update(terminations).set({ confirmedAt: now, confirmedBy: caller.user.id }).where(eq(terminations.id, id)).returning();
    await appendAudit(tx, { actor: actorOf(caller), orgId: t.orgId, action: 'termination.confirm', targetType: 'termination', targetId: id, before: presentTermination(t), after: presentTermination(row) });
    const [org] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, t.orgId));
    await mailVendor(
      ctx,
      tx,
      t.orgId,
      'termination.confirmed',
      `Digdir bekrefter oppsigelsen / Digdir confirms the termination`,
      `Digdir bekrefter oppsigelsen av bruksvilkårene for ${org?.name}. Produksjonstilgangen opphører ${formatInstant(t.effectiveAt)}.\n\n` +
        `Digdir confirms ${org?.name}'s termination of the terms of use. Production access ends at ${formatInstant(t.effectiveAt)}.\n`,
    );
    return row;
  });
  await afterCommit(ctx, true);
  return presentTermination(res);
}

export async function listTerminations(ctx: AppContext, q: { status?: 'pending' | 'effective' | 'withdrawn' }) {
  const rows = await ctx.db
    .select({ t: terminations, name: organisations.name, orgNumber: organisations.orgNumber })
    .from(terminations)
    .innerJoin(organisations, eq(organisations.id, terminations.orgId))
    .orderBy(desc(terminations.requestedAt));
  const now = Date.now();
  return rows.map((r) => presentTermination(r.t, now, r)).filter((t) => !q.status || t.status === q.status);
}

// ============================================================================================ test before production (T-1.2.3)

function minCalls(ctx: AppContext): number {
  return accessSettings(ctx.policy.policy).minSuccessfulTestCalls;
}

function catalogue(ctx: AppContext): string[] {
  return Object.keys(ctx.policy.policy.products ?? {});
}

/**
 * Adds successful calls in the test environment for a vendor and product (the gateway calls this, batched). Notifies
 * access decisions only when the product's test status changes.
 */
export async function recordTestCalls(ctx: AppContext, orgId: string, product: string, successfulCalls: number, at: Date = new Date()) {
  if (!Number.isInteger(successfulCalls) || successfulCalls < 0) throw new RangeError('successfulCalls must be a whole number ≥ 0');
  const min = minCalls(ctx);
  const res = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(productTests)
      .values({ orgId, product, successfulTestCalls: successfulCalls, lastTestCallAt: at })
      .onConflictDoUpdate({
        target: [productTests.orgId, productTests.product],
        set: {
          successfulTestCalls: sql`${productTests.successfulTestCalls} + ${successfulCalls}`,
          lastTestCallAt: sql`greatest(${productTests.lastTestCallAt}, ${at.toISOString()}::timestamptz)`,
        },
      })
      .returning();
    const before = row.successfulTestCalls - successfulCalls;
    const changed = row.approvedAt === null && before < min && row.successfulTestCalls >= min;
    if (changed) {
      await appendAudit(tx, { actor: { label: 'gateway' }, orgId, action: 'product-test.passed', targetType: 'product-test', targetId: `${orgId}/${product}`, details: { product, successfulTestCalls: row.successfulTestCalls } });
      await notifyChange(tx, ACCESS_TOPIC, 'product-test');
    }
    return { row, changed };
  });
  if (res.changed) invalidateAccess(ctx);
  return { successfulTestCalls: res.row.successfulTestCalls, passed: res.row.approvedAt !== null || res.row.successfulTestCalls >= min };
}

export async function listProductTests(ctx: AppContext, caller: Caller, orgId: string) {
  assertOrgVisible(caller, orgId);
  const rows = await ctx.db.select().from(productTests).where(eq(productTests.orgId, orgId));
  const min = minCalls(ctx);
  const byProduct = new Map(rows.map((r) => [r.product, r]));
  const products = [...new Set([...catalogue(ctx), ...rows.map((r) => r.product)])];
  return {
    minSuccessfulTestCalls: min,
    items: products.map((p) => {
      const r = byProduct.get(p);
      return {
        product: p,
        successfulTestCalls: r?.successfulTestCalls ?? 0,
        lastTestCallAt: iso(r?.lastTestCallAt),
        approvedAt: iso(r?.approvedAt),
        approvedBy: r?.approvedBy ?? null,
        passed: Boolean(r && (r.approvedAt || r.successfulTestCalls >= min)),
      };
    }),
  };
}

export async function approveProductTest(ctx: AppContext, caller: Caller | null, orgId: string, product: string, opts: { tx?: DbOrTx; actorLabel?: string } = {}) {
  if (!catalogue(ctx).includes(product)) throw problems.invalidField('product', `is not a product of the catalogue (${catalogue(ctx).join(', ')})`);
  const run = async (tx: DbOrTx) => {
    const [org] = await tx.select({ kinds: organisations.kinds }).from(organisations).where(eq(organisations.id, orgId));
    if (!org || !org.kinds.includes('vendor')) throw problems.notFound('The vendor organisation');
    const [existing] = await tx.select().from(productTests).where(and(eq(productTests.orgId, orgId), eq(productTests.product, product)));
    if (existing?.approvedAt) return existing;
    const now = new Date();
    const [row] = await tx
      .insert(productTests)
      .values({ orgId, product, approvedAt: now, approvedBy: caller?.user.id ?? null })
      .onConflictDoUpdate({ target: [productTests.orgId, productTests.product], set: { approvedAt: now, approvedBy: caller?.user.id ?? null } })
      .returning();
    await appendAudit(tx, {
      actor: caller ? actorOf(caller) : { label: opts.actorLabel ?? 'system' },
      orgId,
      action: 'product-test.approve',
      targetType: 'product-test',
      targetId: `${orgId}/${product}`,
      after: { product, approvedAt: now.toISOString() },
    });
    await accessChanged(ctx, tx, orgId, 'product-test.approve', { product });
    return row;
  };
  const row = opts.tx ? await run(opts.tx) : await ctx.db.transaction(run);
  if (!opts.tx) invalidateAccess(ctx);
  const min = minCalls(ctx);
  return { product, successfulTestCalls: row.successfulTestCalls, lastTestCallAt: iso(row.lastTestCallAt), approvedAt: iso(row.approvedAt), approvedBy: row.approvedBy, passed: true, minSuccessfulTestCalls: min };
}

// ============================================================================================ access views

export async function accessFor(ctx: AppContext, caller: Caller, orgId: string, product: string, serviceId: string | undefined) {
  assertOrgVisible(caller, orgId);
  const at = Date.now();
  const d = await productionAccess(ctx, orgId, product, serviceId, at);
  return { orgId, product, serviceId: serviceId ?? null, at: formatInstant(at), allowed: d.allowed, reasons: [...d.reasons], warnings: [...d.warnings] };
}

/** Per product of the catalogue: allowed or not and what is missing; and the services whose conditions wait. */
export async function accessSummary(ctx: AppContext, caller: Caller, orgId: string) {
  assertOrgVisible(caller, orgId);
  const [org] = await ctx.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, orgId));
  if (!org) throw problems.notFound('The organisation');
  const at = Date.now();
  const products = [];
  for (const [product, name] of productCatalogue(ctx.policy.policy)) {
    const d = await productionAccess(ctx, orgId, product, undefined, at);
    products.push({ product, name, allowed: d.allowed, reasons: [...d.reasons], warnings: [...d.warnings] });
  }
  // Services in production whose latest conditions this vendor has not accepted (T-1.2.5).
  const pending = await ctx.db.execute(sql`
    select s.id, s.resource_id as "resourceId", s.name, c.id as "conditionId", c.version
    from services s
    join lateral (select id, version from service_conditions where service_id = s.id order by version desc limit 1) c on true
    where s.lifecycle = 'production'
      and not exists (select 1 from condition_acceptances a where a.condition_id = c.id and a.org_id = ${orgId})
    order by s.name`);
  const rows = ((pending as unknown as { rows: Array<{ id: string; resourceId: string; name: string; conditionId: string; version: number }> }).rows ?? []).map((r) => ({
    serviceId: r.id,
    resourceId: r.resourceId,
    name: r.name,
    conditionId: r.conditionId,
    version: Number(r.version),
  }));
  return { orgId, at: formatInstant(at), products, conditionsToAccept: rows };
}

