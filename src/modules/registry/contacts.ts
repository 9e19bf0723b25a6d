/**
 * Contacts: the key people of every organisation, each with a last-confirmed date (T-1.2.7, S-3.2, S-7.2.2).
 * A contact goes stale `contactStaleness.maxAge` after it was last confirmed; a reminder goes out
 * `remindBefore` that. Creating, editing or confirming a contact confirms it: the organisation has just looked at it.
 */
import { and, asc, eq, lte } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/index.ts';
import { assertOrgVisible, authTables, orgScope, type Caller } from '../../platform/auth/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { problems } from '../../platform/http/problem.ts';
import { actorOf, loadOrg } from './common.ts';
import { claimReminder, durationText, minus, orgAdminEmails, osloDate, plus } from './notify.ts';
import { contacts } from './tables.ts';

const { organisations } = authTables;

export const CONTACT_ROLES = ['technical', 'security', 'serviceManager', 'signatory', 'administrative', 'support'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

type ContactRow = typeof contacts.$inferSelect;

export function contactTimes(ctx: AppContext, lastConfirmedAt: Date) {
  const p = ctx.policy.policy.obligations.contactStaleness;
  const staleAt = plus(lastConfirmedAt, p.maxAge);
  return { staleAt, remindAt: minus(staleAt, p.remindBefore) };
}

export function presentContact(ctx: AppContext, c: ContactRow, now = new Date()) {
  const { staleAt, remindAt } = contactTimes(ctx, c.lastConfirmedAt);
  return {
    id: c.id,
    orgId: c.orgId,
    name: c.name,
    role: c.role,
    email: c.email,
    phone: c.phone,
    lastConfirmedAt: c.lastConfirmedAt.toISOString(),
    staleAt: staleAt.toISOString(),
    remindAt: remindAt.toISOString(),
    stale: staleAt.getTime() <= now.getTime(),
    /** Within the reminder window, not yet stale. */
    soonStale: staleAt.getTime() > now.getTime() && remindAt.getTime() <= now.getTime(),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
export type ContactView = ReturnType<typeof presentContact>;

export interface ContactInput {
  name: string;
  role: ContactRole;
  email: string;
  phone?: string | null;
}

function clean(input: Partial<ContactInput>) {
  const out: Partial<ContactInput> = {};
  if (input.name !== undefined) {
    out.name = input.name.trim();
    if (!out.name) throw problems.invalidField('body.name', 'must not be empty');
  }
  if (input.role !== undefined) out.role = input.role;
  if (input.email !== undefined) out.email = input.email.trim().toLowerCase();
  if (input.phone !== undefined) out.phone = input.phone?.trim() || null;
  return out;
}

export async function listContacts(ctx: AppContext, caller: Caller, orgId: string, now = new Date()) {
  assertOrgVisible(caller, orgId);
  await loadOrg(ctx.db, orgId);
  const rows = await ctx.db.select().from(contacts).where(eq(contacts.orgId, orgId)).orderBy(asc(contacts.role), asc(contacts.name));
  return rows.map((r) => presentContact(ctx, r, now));
}

async function visibleContact(ctx: AppContext, caller: Caller, id: string, tx = ctx.db) {
  const [c] = await tx.select().from(contacts).where(eq(contacts.id, id)).for('update');
  if (!c) throw problems.notFound('The contact');
  assertOrgVisible(caller, c.orgId, 'The contact');
  return c;
}

export async function createContact(ctx: AppContext, caller: Caller, orgId: string, input: ContactInput) {
  assertOrgVisible(caller, orgId);
  const v = clean(input) as ContactInput;
  return ctx.db.transaction(async (tx) => {
    await loadOrg(tx, orgId);
    const [c] = await tx
      .insert(contacts)
      .values({ orgId, name: v.name, role: v.role, email: v.email, phone: v.phone ?? null, confirmedBy: caller.user.id })
      .returning();
    await appendAudit(tx, { actor: actorOf(caller), orgId, action: 'contact.create', targetType: 'contact', targetId: c.id, after: v, details: { role: v.role } });
    return presentContact(ctx, c);
  });
}

export async function updateContact(ctx: AppContext, caller: Caller, id: string, patch: Partial<ContactInput>) {
  const v = clean(patch);
  return ctx.db.transaction(async (tx) => {
    const before = await visibleContact(ctx, caller, id, tx);
    const now = new Date();
    const [after] = await tx
      .update(contacts)
      .set({ ...v, lastConfirmedAt: now, confirmedBy: caller.user.id, updatedAt: now })
      .where(eq(contacts.id, id))
      .returning();
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: before.orgId,
      action: 'contact.update',
      targetType: 'contact',
      targetId: id,
      before: { name: before.name, role: before.role, email: before.email, phone: before.phone },
      after: { name: after.name, role: after.role, email: after.email, phone: after.phone },
    });
    return presentContact(ctx, after, now);
  });
}

export async function deleteContact(ctx: AppContext, caller: Caller, id: string) {
  await ctx.db.transaction(async (tx) => {
    const before = await visibleContact(ctx, caller, id, tx);
    await tx.delete(contacts).where(eq(contacts.id, id));
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: before.orgId,
      action: 'contact.delete',
      targetType: 'contact',
      targetId: id,
      before: { name: before.name, role: before.role, email: before.email, phone: before.phone },
    });
  });
}

/** The organisation confirms that the contact is still right (S-7.2.2): lastConfirmedAt = now. */
export async function confirmContact(ctx: AppContext, caller: Caller, id: string) {
  return ctx.db.transaction(async (tx) => {
    const before = await visibleContact(ctx, caller, id, tx);
    const now = new Date();
    const [after] = await tx.update(contacts).set({ lastConfirmedAt: now, confirmedBy: caller.user.id }).where(eq(contacts.id, id)).returning();
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: before.orgId,
      action: 'contact.confirm',
      targetType: 'contact',
      targetId: id,
      details: { previouslyConfirmedAt: before.lastConfirmedAt.toISOString() },
    });
    return presentContact(ctx, after, now);
  });
}

/**
 * Contacts that are stale or inside the reminder window at `now`, with their organisation, oldest first.
 * The SQL cut-off is generous (month arithmetic is not exactly invertible); the exact test is done per row.
 */
export async function staleContacts(ctx: AppContext, now = new Date(), opts: { orgId?: string } = {}) {
  const p = ctx.policy.policy.obligations.contactStaleness;
  const cutoff = new Date(minus(plus(now, p.remindBefore), p.maxAge).getTime() + 4 * 86400_000);
  const rows = await ctx.db
    .select({ c: contacts, orgName: organisations.name, orgNumber: organisations.orgNumber, kinds: organisations.kinds })
    .from(contacts)
    .innerJoin(organisations, eq(organisations.id, contacts.orgId))
    .where(and(lte(contacts.lastConfirmedAt, cutoff), opts.orgId ? eq(contacts.orgId, opts.orgId) : undefined))
    .orderBy(asc(contacts.lastConfirmedAt));
  return rows
    .map((r) => ({ ...presentContact(ctx, r.c, now), orgName: r.orgName, orgNumber: r.orgNumber, orgKinds: r.kinds }))
    .filter((c) => c.stale || c.soonStale);
}

export async function listStaleContacts(ctx: AppContext, caller: Caller, now = new Date()) {
  return staleContacts(ctx, now, { orgId: orgScope(caller) });
}

/**
 * Daily: every contact inside the reminder window (or already stale) gets one reminder per confirmation date, to
 * the contact and to the organisation's administrators (one message each) [T-1.2.7, S-7.2.2].
 */
export async function runContactReminders(ctx: AppContext, now = new Date()): Promise<{ reminded: number; messages: number }> {
  const p = ctx.policy.policy.obligations.contactStaleness;
  const due = await staleContacts(ctx, now);
  let reminded = 0;
  let messages = 0;
  for (const c of due) {
    await ctx.db.transaction(async (tx) => {
      if (!(await claimReminder(tx, `contact:${c.id}:${c.lastConfirmedAt}`, c.orgId))) return;
      reminded++;
      const recipients = [...new Set([c.email.toLowerCase(), ...(await orgAdminEmails(tx, c.orgId))])];
      const staleAt = new Date(c.staleAt);
      const link = `${ctx.config.PUBLIC_URL}/contacts`;
      const when = c.stale ? `ble utdatert ${osloDate(staleAt)}` : `blir utdatert ${osloDate(staleAt)}`;
      const whenEn = c.stale ? `went stale on ${osloDate(staleAt)}` : `goes stale on ${osloDate(staleAt)}`;
      for (const to of recipients) {
        await ctx.mail.enqueue(tx, {
          to,
          orgId: c.orgId,
          kind: 'contact-reminder',
          subject: `Bekreft kontaktopplysninger for ${c.orgName} / Confirm contact details`,
          text:
            `Kontaktopplysningene for ${c.name} (${c.role}) hos ${c.orgName} ble sist bekreftet ${osloDate(new Date(c.lastConfirmedAt))} og ${when}.\n` +
            `Opplysninger eldre enn ${durationText(p.maxAge, 'nb')} regnes som utdaterte (bruksvilkår 1.2.7, tjenesteavtale 3.2 og 7.2.2).\n` +
            `Bekreft eller rett dem her: ${link}\n\n` +
            `The contact details of ${c.name} (${c.role}) at ${c.orgName} were last confirmed on ${osloDate(new Date(c.lastConfirmedAt))} and ${whenEn}.\n` +
            `Details older than ${durationText(p.maxAge, 'en')} are stale (terms T-1.2.7, SLA S-3.2 and S-7.2.2).\n` +
            `Confirm or correct them: ${link}\n`,
        });
        messages++;
      }
    });
  }
  if (messages) await ctx.mail.kick();
  return { reminded, messages };
}
