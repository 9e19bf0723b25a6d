/**
 * Feedback to the reporter when an incident is resolved (S-2.2.1, S-2.2.2, S-2.2.3). The mail itself is the record:
 * it goes through the transactional outbox in the same transaction as the state change, and a `feedback` event in
 * the history points at the outbox rows.
 */
import { eq } from 'drizzle-orm';
import { authTables } from '../../platform/auth/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { orgAdminEmails } from '../registry/notify.ts';
import { incidentEvents, type incidents } from './tables.ts';
import { osloTime } from './text.ts';

type IncidentRow = typeof incidents.$inferSelect;

/** Where feedback goes: the reporting user, else the external address, else the reporting organisation's admins. */
export async function reporterAddresses(tx: DbOrTx, inc: IncidentRow): Promise<string[]> {
  if (inc.reporterUserId) {
    const [u] = await tx.select({ email: authTables.users.email }).from(authTables.users).where(eq(authTables.users.id, inc.reporterUserId));
    if (u) return [u.email.toLowerCase()];
  }
  if (inc.reporterEmail) return [inc.reporterEmail];
  if (inc.reporterOrgId) return orgAdminEmails(tx, inc.reporterOrgId);
  return [];
}

export async function feedbackToReporter(ctx: AppContext, tx: DbOrTx, inc: IncidentRow, message: string | null, at: Date): Promise<void> {
  const cat = ctx.policy.policy.incidentCategories[inc.category];
  if (cat && !cat.feedbackOnResolution.required) return;
  const to = await reporterAddresses(tx, inc);
  const link = `${ctx.config.PUBLIC_URL}/incidents/${inc.id}`;
  const outboxIds: string[] = [];
  for (const address of to) {
    outboxIds.push(
      await ctx.mail.enqueue(tx, {
        to: address,
        kind: 'incident.resolved',
        orgId: inc.reporterOrgId,
        subject: `[Samsvar] Løst: ${inc.ref} ${inc.title} / Resolved`,
        text:
          `Hendelsen du meldte, er løst.\n\n${inc.ref}: ${inc.title}\nKategori ${inc.category}, meldt ${osloTime(inc.reportedAt)}, løst ${osloTime(at)}.\n` +
          (message ? `\n${message}\n` : '') +
          `\nSe hendelsen: ${link}\nSvar på denne e-posten hvis problemet ikke er borte, så gjenåpner vi saken.\n\n` +
          `— English —\nThe incident you reported has been resolved.\n${inc.ref}: ${inc.title} (category ${inc.category}), reported ${osloTime(inc.reportedAt)}, resolved ${osloTime(at)} (Oslo time).\n` +
          (message ? `\n${message}\n` : '') +
          `\nSee the incident: ${link}\nReply to this e-mail if the problem persists and we will reopen it.\n`,
      }),
    );
  }
  await tx.insert(incidentEvents).values({
    incidentId: inc.id,
    at,
    type: 'feedback',
    data: { to, outboxIds, clauses: cat?.feedbackOnResolution.clauses ?? [] },
    body: message,
    visibility: 'shared',
  });
}
