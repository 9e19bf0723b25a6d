/**
 * Data elements made available to service owners (S-7.4): Altinn 3 keeps one copy, the end user's. The service
 * owner downloads an element without undue delay and confirms it (S-7.4.1; overdue after the policy's
 * `dataElementDownload.limit`). After confirmation the element is under the end user's control (S-7.4.2): the
 * service owner can no longer ask for its deletion here. Before that, it may ask ASF to delete data made available
 * by mistake or posing a security risk (S-7.4.3); ASF approves or refuses. Every step is audited.
 */
import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/index.ts';
import { assertOrgVisible, authTables, orgScope, type Caller } from '../../platform/auth/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { HttpProblem, problems } from '../../platform/http/problem.ts';
import {
  actorOf,
  durationText,
  loadOrg,
  minus,
  operatorAdminEmails,
  orgAdminEmails,
  osloDate,
  plus,
  requireKind,
  sendGroupedReminders,
  serviceOwners,
} from '../registry/index.ts';
import { dataElements, deletionRequests } from './tables.ts';

const { organisations, users } = authTables;

export const ELEMENT_STATUSES = ['available', 'confirmed', 'deleted'] as const;
export type ElementStatus = (typeof ELEMENT_STATUSES)[number];
export const REASON_KINDS = ['mistake', 'securityRisk'] as const;
export const REQUEST_STATUSES = ['pending', 'approved', 'refused'] as const;

type ElementRow = typeof dataElements.$inferSelect;
type RequestRow = typeof deletionRequests.$inferSelect;

export function downloadDueAt(ctx: AppContext, madeAvailableAt: Date): Date {
  return plus(madeAvailableAt, ctx.policy.policy.obligations.dataElementDownload.limit);
}

export function presentElement(
  ctx: AppContext,
  e: ElementRow,
  now = new Date(),
  extra: { resourceId?: string | null; serviceName?: string | null; pendingDeletionRequestId?: string | null } = {},
) {
  const due = downloadDueAt(ctx, e.madeAvailableAt);
  return {
    id: e.id,
    orgId: e.orgId,
    serviceId: e.serviceId,
    resourceId: extra.resourceId ?? null,
    serviceName: extra.serviceName ?? null,
    instanceRef: e.instanceRef,
    elementRef: e.elementRef,
    madeAvailableAt: e.madeAvailableAt.toISOString(),
    downloadDueAt: due.toISOString(),
    overdue: e.status === 'available' && due.getTime() < now.getTime(),
    downloadedAt: e.downloadedAt?.toISOString() ?? null,
    confirmedAt: e.confirmedAt?.toISOString() ?? null,
    /** available | confirmed (under the end user's control, S-7.4.2) | deleted */
    status: e.status,
    underEndUserControl: e.status === 'confirmed',
    deletedAt: e.deletedAt?.toISOString() ?? null,
    pendingDeletionRequestId: extra.pendingDeletionRequestId ?? null,
  };
}
export type ElementView = ReturnType<typeof presentElement>;

async function withExtras(ctx: AppContext, rows: ElementRow[], now: Date): Promise<ElementView[]> {
  const services = await serviceOwners(ctx.db, [...new Set(rows.map((r) => r.serviceId).filter((x): x is string => Boolean(x)))]);
  const pending = rows.length
    ? await ctx.db
        .select({ id: deletionRequests.id, elementId: deletionRequests.elementId })
        .from(deletionRequests)
        .where(and(inArray(deletionRequests.elementId, rows.map((r) => r.id)), eq(deletionRequests.status, 'pending')))
    : [];
  const pendingBy = new Map(pending.map((p) => [p.elementId, p.id]));
  return rows.map((r) => {
    const s = r.serviceId ? services.get(r.serviceId) : undefined;
    return presentElement(ctx, r, now, { resourceId: s?.resourceId, serviceName: s?.name, pendingDeletionRequestId: pendingBy.get(r.id) });
  });
}

export interface ElementInput {
  orgId: string;
  serviceId?: string | null;
  instanceRef?: string | null;
  elementRef: string;
  madeAvailableAt?: Date;
}

/**
 * Records a data element made available to a service owner (the API now, the gateway later). Idempotent on
 * (organisation, elementRef): recording the same element again returns the existing one with `created: false`.
 */
export async function recordDataElement(ctx: AppContext, input: ElementInput, caller: Caller | null = null, now = new Date()) {
  const elementRef = input.elementRef.trim();
  if (!elementRef) throw problems.invalidField('body.elementRef', 'must not be empty');
  const at = input.madeAvailableAt ?? now;
  if (at.getTime() > now.getTime() + 5 * 60_000) throw problems.invalidField('body.madeAvailableAt', 'is in the future');
  return ctx.db.transaction(async (tx) => {
    const org = await loadOrg(tx, input.orgId);
    requireKind(org, 'serviceOwner', 'Data elements');
    if (input.serviceId) {
      const s = (await serviceOwners(tx, [input.serviceId])).get(input.serviceId);
      if (!s || s.orgId !== input.orgId) throw problems.invalidField('body.serviceId', `is not a service of ${org.name}`);
    }
    const [existing] = await tx.select().from(dataElements).where(and(eq(dataElements.orgId, input.orgId), eq(dataElements.elementRef, elementRef)));
    if (existing) return { element: existing, created: false };
    const [e] = await tx
      .insert(dataElements)
      .values({ orgId: input.orgId, serviceId: input.serviceId ?? null, instanceRef: input.instanceRef?.trim() || null, elementRef, madeAvailableAt: at })
      .returning();
    await appendAudit(tx, {
      actor: caller ? actorOf(caller) : { label: 'gateway' },
      orgId: input.orgId,
      action: 'data-element.record',
      targetType: 'data-element',
      targetId: e.id,
      details: { elementRef, serviceId: e.serviceId, madeAvailableAt: at.toISOString() },
    });
    return { element: e, created: true };
  });
}

export async function createDataElement(ctx: AppContext, caller: Caller, orgId: string, input: Omit<ElementInput, 'orgId'>) {
  assertOrgVisible(caller, orgId);
  const now = new Date();
  const { element, created } = await recordDataElement(ctx, { ...input, orgId }, caller, now);
  return { created, element: (await withExtras(ctx, [element], now))[0] };
}

/**
 * A download seen by the gateway: records downloadedAt (the first one counts) and, when the service owner's call
 * confirmed the download, moves the element to the end user's control. Returns false for an unknown element.
 */
export async function recordDownload(ctx: AppContext, ref: { orgId: string; elementRef: string }, at: Date = new Date(), opts: { confirmed?: boolean } = {}) {
  return ctx.db.transaction(async (tx) => {
    const [e] = await tx.select().from(dataElements).where(and(eq(dataElements.orgId, ref.orgId), eq(dataElements.elementRef, ref.elementRef))).for('update');
    if (!e) return false;
    const confirm = opts.confirmed && e.status === 'available';
    await tx
      .update(dataElements)
      .set({ downloadedAt: e.downloadedAt ?? at, ...(confirm ? { status: 'confirmed', confirmedAt: at } : {}) })
      .where(eq(dataElements.id, e.id));
    if (confirm) {
      await appendAudit(tx, { actor: { label: 'gateway' }, orgId: e.orgId, action: 'data-element.confirm', targetType: 'data-element', targetId: e.id, details: { via: 'gateway' } });
    }
    return true;
  });
}

/**
 * A service owner completed an instance through the gateway (Altinn Apps' `complete`: every data element of the
 * instance is downloaded): every element of that instance still available is confirmed and passes to the end user's
 * control (S-7.4.1, S-7.4.2). Returns how many elements were confirmed.
 */
export async function recordInstanceCompleted(ctx: AppContext, ref: { orgId: string; instanceRef: string }, at: Date = new Date()): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(dataElements)
      .where(and(eq(dataElements.orgId, ref.orgId), eq(dataElements.instanceRef, ref.instanceRef), eq(dataElements.status, 'available')))
      .for('update');
    for (const e of rows) {
      await tx.update(dataElements).set({ status: 'confirmed', confirmedAt: at, downloadedAt: e.downloadedAt ?? at }).where(eq(dataElements.id, e.id));
      await appendAudit(tx, { actor: { label: 'gateway' }, orgId: e.orgId, action: 'data-element.confirm', targetType: 'data-element', targetId: e.id, details: { via: 'gateway', instanceCompleted: ref.instanceRef } });
    }
    return rows.length;
  });
}

export async function listDataElements(
  ctx: AppContext,
  caller: Caller,
  orgId: string,
  q: { status?: ElementStatus; overdue?: boolean; limit: number; cursor?: string },
  now = new Date(),
) {
  assertOrgVisible(caller, orgId);
  await loadOrg(ctx.db, orgId);
  const conds: SQL[] = [eq(dataElements.orgId, orgId)];
  if (q.status) conds.push(eq(dataElements.status, q.status));
  if (q.overdue) {
    conds.push(eq(dataElements.status, 'available'));
    conds.push(lt(dataElements.madeAvailableAt, minus(now, ctx.policy.policy.obligations.dataElementDownload.limit)));
  }
  if (q.cursor) {
    let after: unknown;
    try {
      after = JSON.parse(Buffer.from(q.cursor, 'base64url').toString());
    } catch {
      after = undefined;
    }
    const ok =
      Array.isArray(after) &&
      after.length === 2 &&
      typeof after[0] === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(after[0]) &&
      !Number.isNaN(Date.parse(after[0])) &&
      typeof after[1] === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(after[1]);
    if (!ok) throw problems.invalidField('cursor', 'is not a cursor this API gave out');
    const [at, id] = after as [string, string];
    conds.push(sql`(${dataElements.madeAvailableAt}, ${dataElements.id}) > (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await ctx.db
    .select()
    .from(dataElements)
    .where(and(...conds))
    .orderBy(asc(dataElements.madeAvailableAt), asc(dataElements.id))
    .limit(q.limit + 1);
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: await withExtras(ctx, page, now),
    nextCursor: more && last ? Buffer.from(JSON.stringify([last.madeAvailableAt.toISOString(), last.id])).toString('base64url') : null,
  };
}

async function visibleElement(ctx: AppContext, caller: Caller, id: string, tx: DbOrTx) {
  const [e] = await tx.select().from(dataElements).where(eq(dataElements.id, id)).for('update');
  if (!e) throw problems.notFound('The data element');
  assertOrgVisible(caller, e.orgId, 'The data element');
  return e;
}

async function pendingRequest(tx: DbOrTx, elementId: string) {
  const [p] = await tx.select().from(deletionRequests).where(and(eq(deletionRequests.elementId, elementId), eq(deletionRequests.status, 'pending')));
  return p;
}

function notAvailable(e: ElementRow): HttpProblem {
  if (e.status === 'confirmed') {
    return new HttpProblem(
      409,
      'under-end-user-control',
      `S-7.4.2: the download of ${e.elementRef} was confirmed ${osloDate(e.confirmedAt!)}; the element is now under the end user's control, who decides whether it is kept or deleted.`,
      { extensions: { clause: 'S-7.4.2' } },
    );
  }
  return problems.conflict(`The data element ${e.elementRef} was deleted${e.deletedAt ? ' ' + osloDate(e.deletedAt) : ''}.`);
}

/** The service owner confirms it has downloaded the element (S-7.4.1); the element passes to the end user (S-7.4.2). */
export async function confirmDownload(ctx: AppContext, caller: Caller, id: string) {
  const row = await ctx.db.transaction(async (tx) => {
    const e = await visibleElement(ctx, caller, id, tx);
    if (e.status !== 'available') throw notAvailable(e);
    if (await pendingRequest(tx, id)) throw problems.conflict('A deletion request for this element waits for ASF; confirm the download after the decision.');
    const now = new Date();
    const [after] = await tx
      .update(dataElements)
      .set({ status: 'confirmed', confirmedAt: now, confirmedBy: caller.user.id, downloadedAt: e.downloadedAt ?? now })
      .where(eq(dataElements.id, id))
      .returning();
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: e.orgId,
      action: 'data-element.confirm',
      targetType: 'data-element',
      targetId: id,
      details: { elementRef: e.elementRef, late: downloadDueAt(ctx, e.madeAvailableAt).getTime() < now.getTime() },
    });
    return after;
  });
  return (await withExtras(ctx, [row], new Date()))[0];
}

// ---------------------------------------------------------------- deletion requests (S-7.4.3)

async function presentRequests(ctx: AppContext, rows: RequestRow[]) {
  if (rows.length === 0) return [];
  const els = await ctx.db.select().from(dataElements).where(inArray(dataElements.id, rows.map((r) => r.elementId)));
  const elById = new Map(els.map((e) => [e.id, e]));
  const orgs = await ctx.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, [...new Set(rows.map((r) => r.orgId))]));
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const personIds = [...new Set(rows.flatMap((r) => [r.requestedBy, r.decidedBy]).filter((x): x is string => Boolean(x)))];
  const people = personIds.length ? await ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, personIds)) : [];
  const personName = new Map(people.map((p) => [p.id, p.name]));
  return rows.map((r) => {
    const e = elById.get(r.elementId);
    return {
      id: r.id,
      elementId: r.elementId,
      elementRef: e?.elementRef ?? null,
      instanceRef: e?.instanceRef ?? null,
      serviceId: e?.serviceId ?? null,
      elementStatus: e?.status ?? null,
      orgId: r.orgId,
      orgName: orgName.get(r.orgId) ?? '',
      reasonKind: r.reasonKind,
      reason: r.reason,
      requestedBy: r.requestedBy,
      requestedByName: r.requestedBy ? (personName.get(r.requestedBy) ?? null) : null,
      requestedAt: r.requestedAt.toISOString(),
      status: r.status,
      decidedBy: r.decidedBy,
      decidedByName: r.decidedBy ? (personName.get(r.decidedBy) ?? null) : null,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionNote: r.decisionNote,
    };
  });
}
export type DeletionRequestView = Awaited<ReturnType<typeof presentRequests>>[number];

/** The service owner asks ASF to delete an element made available by mistake or posing a security risk (S-7.4.3). */
export async function requestDeletion(ctx: AppContext, caller: Caller, elementId: string, input: { reasonKind: (typeof REASON_KINDS)[number]; reason: string }) {
  const reason = input.reason.trim();
  if (reason.length < 10) throw problems.invalidField('body.reason', 'explain why the element should be deleted (at least 10 characters)');
  const row = await ctx.db.transaction(async (tx) => {
    const e = await visibleElement(ctx, caller, elementId, tx);
    if (e.status !== 'available') throw notAvailable(e);
    if (await pendingRequest(tx, elementId)) throw problems.conflict('A deletion request for this element already waits for ASF.');
    const [r] = await tx.insert(deletionRequests).values({ elementId, orgId: e.orgId, reasonKind: input.reasonKind, reason, requestedBy: caller.user.id }).returning();
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: e.orgId,
      action: 'deletion-request.create',
      targetType: 'deletion-request',
      targetId: r.id,
      after: { elementId, reasonKind: input.reasonKind, reason },
      details: { elementId, elementRef: e.elementRef, reasonKind: input.reasonKind },
    });
    const [org] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, e.orgId));
    const kindNb = input.reasonKind === 'mistake' ? 'gjort tilgjengelig ved en feil' : 'utgjør en sikkerhetsrisiko';
    const kindEn = input.reasonKind === 'mistake' ? 'made available by mistake' : 'poses a security risk';
    for (const to of await operatorAdminEmails(tx)) {
      await ctx.mail.enqueue(tx, {
        to,
        orgId: e.orgId,
        kind: 'deletion-request',
        subject: `Sletteanmodning fra ${org.name} / Deletion request`,
        text:
          `${org.name} ber ASF slette dataelementet ${e.elementRef}${e.instanceRef ? ` (instans ${e.instanceRef})` : ''}, som ${kindNb} (tjenesteavtale 7.4.3).\n` +
          `Begrunnelse: ${reason}\nBehandle anmodningen: ${ctx.config.PUBLIC_URL}/deletion-requests\n\n` +
          `${org.name} asks ASF to delete the data element ${e.elementRef}, which ${kindEn} (SLA S-7.4.3).\n` +
          `Reason: ${reason}\nDecide: ${ctx.config.PUBLIC_URL}/deletion-requests\n`,
      });
    }
    return r;
  });
  await ctx.mail.kick();
  return (await presentRequests(ctx, [row]))[0];
}

export async function listDeletionRequests(ctx: AppContext, caller: Caller, q: { status?: (typeof REQUEST_STATUSES)[number]; orgId?: string }) {
  const scope = orgScope(caller);
  if (q.orgId) assertOrgVisible(caller, q.orgId);
  const orgId = q.orgId ?? scope;
  const rows = await ctx.db
    .select()
    .from(deletionRequests)
    .where(and(orgId ? eq(deletionRequests.orgId, orgId) : undefined, q.status ? eq(deletionRequests.status, q.status) : undefined))
    .orderBy(desc(deletionRequests.requestedAt))
    .limit(500);
  return presentRequests(ctx, rows);
}

/** ASF decides a deletion request; approval deletes the element (status deleted, deletedAt). Audited, owner told. */
export async function decideDeletion(ctx: AppContext, caller: Caller, id: string, input: { decision: 'approved' | 'refused'; note: string }) {
  const note = input.note.trim();
  if (!note) throw problems.invalidField('body.note', 'must explain the decision');
  const row = await ctx.db.transaction(async (tx) => {
    const [r] = await tx.select().from(deletionRequests).where(eq(deletionRequests.id, id)).for('update');
    if (!r) throw problems.notFound('The deletion request');
    if (r.status !== 'pending') throw problems.conflict(`The deletion request was already ${r.status}${r.decidedAt ? ' ' + osloDate(r.decidedAt) : ''}.`);
    const now = new Date();
    const [after] = await tx
      .update(deletionRequests)
      .set({ status: input.decision, decidedBy: caller.user.id, decidedAt: now, decisionNote: note })
      .where(eq(deletionRequests.id, id))
      .returning();
    const [e] = await tx.select().from(dataElements).where(eq(dataElements.id, r.elementId)).for('update');
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: r.orgId,
      action: 'deletion-request.decide',
      targetType: 'deletion-request',
      targetId: id,
      before: { status: 'pending' },
      after: { status: input.decision, note },
      details: { decision: input.decision, elementId: r.elementId, elementRef: e?.elementRef },
    });
    if (input.decision === 'approved' && e && e.status !== 'deleted') {
      await tx.update(dataElements).set({ status: 'deleted', deletedAt: now }).where(eq(dataElements.id, e.id));
      await appendAudit(tx, {
        actor: actorOf(caller),
        orgId: r.orgId,
        action: 'data-element.delete',
        targetType: 'data-element',
        targetId: e.id,
        before: { status: e.status },
        after: { status: 'deleted' },
        details: { elementRef: e.elementRef, deletionRequestId: id },
      });
    }
    const recipients = new Set(await orgAdminEmails(tx, r.orgId));
    if (r.requestedBy) {
      const [u] = await tx.select({ email: users.email, disabled: users.disabled }).from(users).where(eq(users.id, r.requestedBy));
      if (u && !u.disabled) recipients.add(u.email.toLowerCase());
    }
    const ref = e?.elementRef ?? r.elementId;
    for (const to of recipients) {
      await ctx.mail.enqueue(tx, {
        to,
        orgId: r.orgId,
        kind: 'deletion-decision',
        subject: input.decision === 'approved' ? `Sletting godkjent: ${ref} / Deletion approved` : `Sletting avslått: ${ref} / Deletion refused`,
        text:
          `ASF har ${input.decision === 'approved' ? 'godkjent og slettet' : 'avslått'} anmodningen om å slette dataelementet ${ref} (tjenesteavtale 7.4.3).\n` +
          `Begrunnelse: ${note}\n\n` +
          `ASF has ${input.decision === 'approved' ? 'approved the request and deleted' : 'refused the request to delete'} the data element ${ref} (SLA S-7.4.3).\n` +
          `Note: ${note}\n`,
      });
    }
    return after;
  });
  await ctx.mail.kick();
  return (await presentRequests(ctx, [row]))[0];
}

/** Counts per organisation for the compliance overview: overdue elements and pending deletion requests. */
export async function elementSummaries(ctx: AppContext, now = new Date()) {
  const cutoff = minus(now, ctx.policy.policy.obligations.dataElementDownload.limit);
  const overdue = await ctx.db
    .select({ orgId: dataElements.orgId, n: sql<number>`count(*)::int` })
    .from(dataElements)
    .where(and(eq(dataElements.status, 'available'), lt(dataElements.madeAvailableAt, cutoff)))
    .groupBy(dataElements.orgId);
  const pending = await ctx.db
    .select({ orgId: deletionRequests.orgId, n: sql<number>`count(*)::int` })
    .from(deletionRequests)
    .where(eq(deletionRequests.status, 'pending'))
    .groupBy(deletionRequests.orgId);
  return { overdue: new Map(overdue.map((r) => [r.orgId, Number(r.n)])), pending: new Map(pending.map((r) => [r.orgId, Number(r.n)])) };
}

/** Daily: elements not confirmed downloaded within the limit get one reminder each, grouped per organisation (S-7.4.1). */
export async function runDataElementReminders(ctx: AppContext, now = new Date()) {
  const limit = ctx.policy.policy.obligations.dataElementDownload.limit;
  const rows = await ctx.db
    .select({ e: dataElements, orgName: organisations.name })
    .from(dataElements)
    .innerJoin(organisations, eq(organisations.id, dataElements.orgId))
    .where(and(eq(dataElements.status, 'available'), lt(dataElements.madeAvailableAt, minus(now, limit))))
    .orderBy(asc(dataElements.madeAvailableAt));
  const lines = (items: typeof rows) => {
    const shown = items.slice(0, 50).map((r) => `  - ${r.e.elementRef}${r.e.instanceRef ? ` (${r.e.instanceRef})` : ''}: ${osloDate(r.e.madeAvailableAt)}`);
    if (items.length > 50) shown.push(`  … +${items.length - 50}`);
    return shown.join('\n');
  };
  return sendGroupedReminders(ctx, rows, {
    kind: 'data-element-overdue',
    orgId: (r) => r.e.orgId,
    orgName: (r) => r.orgName,
    key: (r) => `data-element:${r.e.id}:overdue`,
    compose: (org, items) => ({
      subject: `${items.length} dataelement ikke bekreftet lastet ned / Data elements not confirmed downloaded`,
      text:
        `Tjenesteeier skal laste ned dataelementer uten ugrunnet opphold og bekrefte nedlastingen (tjenesteavtale 7.4.1; frist ${durationText(limit, 'nb')}). ` +
        `Disse elementene hos ${org.name} er ikke bekreftet (gjort tilgjengelig):\n` +
        lines(items) +
        `\n${ctx.config.PUBLIC_URL}/data-elements?overdue=true\n\n` +
        `Service owners download data elements without undue delay and confirm it (SLA S-7.4.1; limit ${durationText(limit, 'en')}). ` +
        `These elements of ${org.name} are not confirmed (made available):\n` +
        lines(items) +
        `\n${ctx.config.PUBLIC_URL}/data-elements?overdue=true\n`,
    }),
  });
}

