/**
 * Shared by the registry's and the obligations' reminder jobs: who to tell, and "send this reminder once".
 * A reminder is claimed by inserting its key into `reminders_sent` in the same transaction that writes the mail to
 * the outbox, so a job that runs twice (or on two workers) sends each reminder once.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { authTables, ORG_ADMIN_ROLES } from '../../platform/auth/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { addCalendarDuration, subtractCalendarDuration, type CalendarDuration } from '../../kernel/worktime/index.ts';
import { publishEvent } from '../../platform/events/index.ts';
import { remindersSent } from './tables.ts';

const { organisations, memberships, users } = authTables;

/** Claims a reminder key; true when this caller is the first (then it must send), false when it was sent before. */
export async function claimReminder(tx: DbOrTx, key: string, orgId: string | null): Promise<boolean> {
  const rows = await tx.insert(remindersSent).values({ key, orgId }).onConflictDoNothing().returning({ key: remindersSent.key });
  return rows.length > 0;
}

/** E-mail addresses of the administrators of an organisation (enabled users only). */
export async function orgAdminEmails(tx: DbOrTx, orgId: string): Promise<string[]> {
  const rows = await tx
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, [...ORG_ADMIN_ROLES]), eq(users.disabled, false)));
  return [...new Set(rows.map((r) => r.email.toLowerCase()))].sort();
}

/** E-mail addresses of the operator admins (ASF / Digdir) of every operator organisation. */
export async function operatorAdminEmails(tx: DbOrTx): Promise<string[]> {
  const rows = await tx
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(and(eq(memberships.role, 'operator-admin'), eq(users.disabled, false), sql`'operator' = any(${organisations.kinds})`));
  return [...new Set(rows.map((r) => r.email.toLowerCase()))].sort();
}

export function plus(at: Date, d: CalendarDuration): Date {
  return new Date(addCalendarDuration(at, d));
}
export function minus(at: Date, d: CalendarDuration): Date {
  return new Date(subtractCalendarDuration(at, d));
}

/** "12 months", "30 days": a policy duration for mail text (English; the Norwegian text spells its own). */
export function durationText(d: CalendarDuration, lang: 'nb' | 'en'): string {
  const units = {
    nb: { calendarDays: ['dag', 'dager'], weeks: ['uke', 'uker'], months: ['måned', 'måneder'] },
    en: { calendarDays: ['day', 'days'], weeks: ['week', 'weeks'], months: ['month', 'months'] },
  }[lang][d.unit];
  return `${d.amount} ${d.amount === 1 ? units[0] : units[1]}`;
}

/** A date as Norwegians write it, in Oslo time: 08.04.2026. */
export function osloDate(at: Date): string {
  return new Intl.DateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', day: '2-digit', month: '2-digit', year: 'numeric' }).format(at);
}

/**
 * Sends reminders grouped per organisation: for each organisation, claims every item's key in one transaction and
 * sends one message to each administrator listing the items claimed now. Items claimed before are skipped, so the
 * job can run any number of times. Returns how many items were reminded and how many messages were written.
 */
export async function sendGroupedReminders<T>(
  ctx: AppContext,
  items: T[],
  opts: {
    kind: string;
    orgId(t: T): string;
    orgName(t: T): string;
    /** The key that makes the reminder once-only. */
    key(t: T): string;
    /** Keys to claim along with it (e.g. the earlier stage a late run skipped). */
    alsoClaim?(t: T): string[];
    compose(org: { id: string; name: string }, items: T[]): { subject: string; text: string };
  },
): Promise<{ reminded: number; messages: number }> {
  const byOrg = new Map<string, T[]>();
  for (const t of items) byOrg.set(opts.orgId(t), [...(byOrg.get(opts.orgId(t)) ?? []), t]);
  let reminded = 0;
  let messages = 0;
  for (const [orgId, list] of byOrg) {
    await ctx.db.transaction(async (tx) => {
      const claimed: T[] = [];
      for (const t of list) {
        if (await claimReminder(tx, opts.key(t), orgId)) claimed.push(t);
        for (const k of opts.alsoClaim?.(t) ?? []) await claimReminder(tx, k, orgId);
      }
      if (claimed.length === 0) return;
      reminded += claimed.length;
      // An obligation falling due is an event too, for systems that follow the organisation's events [T-1.2.4].
      await publishEvent(tx, ctx, {
        type: 'no.samsvar.obligation.due',
        resource: `urn:samsvar:obligation:${opts.kind}:${orgId}`,
        source: '/api/v1/obligations',
        orgId,
        visibility: 'org',
        data: { kind: opts.kind, orgId, count: claimed.length, keys: claimed.map((t) => opts.key(t)) },
      });
      const recipients = await orgAdminEmails(tx, orgId);
      if (recipients.length === 0) ctx.log.warn({ orgId, kind: opts.kind }, 'reminder claimed but the organisation has no administrator to tell');
      const mail = opts.compose({ id: orgId, name: opts.orgName(list[0]) }, claimed);
      for (const to of recipients) {
        await ctx.mail.enqueue(tx, { to, orgId, kind: opts.kind, subject: mail.subject, text: mail.text });
        messages++;
      }
    });
  }
  if (messages) await ctx.mail.kick();
  return { reminded, messages };
}
