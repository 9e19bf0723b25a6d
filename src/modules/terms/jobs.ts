/**
 * Background jobs of the terms module. Both are idempotent (a row in `reminders_sent` per notice), so running them
 * twice, or on several workers, sends each notice once.
 *
 * - `terms.acceptance-reminders` (daily 08:00 Oslo): vendors that have not accepted the version in force are reminded
 *   14 and 3 days before its grace deadline (T-8); the publication mail was the first notice.
 * - `terms.termination-effective` (hourly): when a termination takes effect, the vendor is told that production access
 *   has ended and the act is audited (T-9). Access itself ends by the clock in the access decision, not by this job.
 */
import { and, eq, isNull, lte } from 'drizzle-orm';
import { addCalendarDuration, formatInstant } from '../../kernel/worktime/index.ts';
import { appendAudit } from '../../platform/audit/index.ts';
import { authTables } from '../../platform/auth/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { defineJob, type JobDef } from '../../platform/jobs/index.ts';
import { remindersSent } from '../registry/tables.ts';
import { versionInForce } from './access.ts';
import { accessSettings } from './snapshot.ts';
import { vendorRecipients } from './service.ts';
import { terminations, termsAcceptances, termsVersions } from './tables.ts';

const DAY = 86_400_000;
/** Days before the grace deadline when a reminder goes out. */
export const REMINDER_DAYS = [14, 3] as const;

/** Claims a reminder key; true when this call is the first (so the caller sends). */
async function claim(tx: DbOrTx, key: string, orgId: string | null): Promise<boolean> {
  const rows = await tx.insert(remindersSent).values({ key, orgId }).onConflictDoNothing().returning({ key: remindersSent.key });
  return rows.length > 0;
}

export async function sendAcceptanceReminders(ctx: AppContext, now = Date.now()): Promise<{ reminded: number }> {
  const settings = accessSettings(ctx.policy.policy);
  const rows = await ctx.db.select({ id: termsVersions.id, version: termsVersions.version, effectiveAt: termsVersions.effectiveAt }).from(termsVersions);
  const versions = rows
    .map((r) => ({ ...r, effectiveAt: r.effectiveAt.getTime(), graceEndsAt: addCalendarDuration(r.effectiveAt, settings.grace) }))
    .sort((a, b) => a.effectiveAt - b.effectiveAt);
  const v = versionInForce(versions, now);
  if (!v || now >= v.graceEndsAt) return { reminded: 0 };
  const step = REMINDER_DAYS.filter((d) => now >= v.graceEndsAt - d * DAY).at(-1);
  if (step === undefined) return { reminded: 0 };
  let reminded = 0;
  await ctx.db.transaction(async (tx) => {
    const accepted = new Set(
      (await tx.selectDistinct({ orgId: termsAcceptances.orgId }).from(termsAcceptances).where(eq(termsAcceptances.versionId, v.id))).map((r) => r.orgId),
    );
    const recipients = await vendorRecipients(tx);
    for (const [orgId, r] of recipients) {
      if (accepted.has(orgId)) continue;
      if (!(await claim(tx, `terms:remind:${v.id}:${orgId}:${step}d`, orgId))) continue;
      reminded++;
      for (const to of r.emails) {
        await ctx.mail.enqueue(tx, {
          to,
          kind: 'terms.reminder',
          orgId,
          subject: `Påminnelse: aksepter bruksvilkårene versjon ${v.version} / Reminder: accept version ${v.version} of the terms`,
          text:
            `${r.name} har ikke akseptert bruksvilkårene for Altinn, versjon ${v.version}. Fristen er ${formatInstant(v.graceEndsAt)}; deretter stenges produksjonstilgangen.\n` +
            `Les og aksepter: ${ctx.config.PUBLIC_URL}/terms\n\n` +
            `${r.name} has not accepted version ${v.version} of the Altinn terms of use. The deadline is ${formatInstant(v.graceEndsAt)}; production access ends after it.\n`,
        });
      }
    }
  });
  if (reminded) await ctx.mail.kick();
  return { reminded };
}

export async function sendTerminationNotices(ctx: AppContext, now = new Date()): Promise<{ notified: number }> {
  const { organisations } = authTables;
  const due = await ctx.db
    .select({ t: terminations, name: organisations.name })
    .from(terminations)
    .innerJoin(organisations, eq(organisations.id, terminations.orgId))
    .where(and(isNull(terminations.withdrawnAt), lte(terminations.effectiveAt, now)));
  let notified = 0;
  if (due.length === 0) return { notified };
  await ctx.db.transaction(async (tx) => {
    const recipients = await vendorRecipients(tx, due.map((d) => d.t.orgId));
    for (const { t, name } of due) {
      if (!(await claim(tx, `terms:termination-effective:${t.id}`, t.orgId))) continue;
      notified++;
      for (const to of recipients.get(t.orgId)?.emails ?? []) {
        await ctx.mail.enqueue(tx, {
          to,
          kind: 'termination.effective',
          orgId: t.orgId,
          subject: 'Oppsigelsen har fått virkning / The termination has taken effect',
          text:
            `Oppsigelsen av bruksvilkårene for ${name} fikk virkning ${formatInstant(t.effectiveAt)}. Produksjonstilgangen gjennom Samsvar er stengt.\n\n` +
            `${name}'s termination of the terms of use took effect at ${formatInstant(t.effectiveAt)}. Production access through Samsvar has ended.\n`,
        });
      }
      await appendAudit(tx, { actor: { label: 'system' }, orgId: t.orgId, action: 'termination.effective', targetType: 'termination', targetId: t.id, details: { effectiveAt: formatInstant(t.effectiveAt) } });
    }
  });
  if (notified) await ctx.mail.kick();
  return { notified };
}

export function termsJobs(ctx: AppContext): JobDef<any>[] {
  return [
    defineJob<{}>({
      name: 'terms.acceptance-reminders',
      doc: 'Reminds vendors that have not accepted the terms version in force, 14 and 3 days before the grace deadline (T-8).',
      cron: '0 8 * * *',
      handler: async () => {
        await sendAcceptanceReminders(ctx);
      },
    }),
    defineJob<{}>({
      name: 'terms.termination-effective',
      doc: 'Tells a vendor when its termination takes effect and production access has ended; audits it (T-9).',
      cron: '5 * * * *',
      handler: async () => {
        await sendTerminationNotices(ctx);
      },
    }),
  ];
}

