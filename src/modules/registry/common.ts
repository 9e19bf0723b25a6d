/** Small helpers shared by the registry's use cases. */
import { eq } from 'drizzle-orm';
import type { AuditActor } from '../../platform/audit/index.ts';
import { authTables, type Caller, type OrgKind } from '../../platform/auth/index.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { problems } from '../../platform/http/problem.ts';

const { organisations } = authTables;

export function actorOf(caller: Caller | null | undefined): AuditActor {
  return caller ? { userId: caller.user.id, label: caller.user.email } : { label: 'system' };
}

export type OrgRow = typeof organisations.$inferSelect;

/** The organisation, or 404. */
export async function loadOrg(tx: DbOrTx, orgId: string): Promise<OrgRow> {
  const [o] = await tx.select().from(organisations).where(eq(organisations.id, orgId));
  if (!o) throw problems.notFound('The organisation');
  return o;
}

/** Throws 409 unless the organisation is of the kind the record belongs to. */
export function requireKind(org: OrgRow, kind: OrgKind, what: string): void {
  if (!org.kinds.includes(kind)) {
    const label = { operator: 'operator', serviceOwner: 'service owner', vendor: 'vendor' }[kind];
    throw problems.conflict(`${what} belong to ${label} organisations; ${org.name} is ${org.kinds.join(', ') || 'of no kind'}.`);
  }
}
