/**
 * Demo data: Digdir as operator, three service owners, two vendors, a user for every role, then each module's own
 * demo data. Idempotent: running it again changes nothing that exists.
 */
import { eq, sql } from 'drizzle-orm';
import { mod11ControlDigit } from './kernel/ids/index.ts';
import { addMember, createOrganisation, createUser } from './modules/accounts/index.ts';
import { authTables, type OrgKind, type UserRole } from './platform/auth/index.ts';
import type { AppContext, DemoContext, SamsvarModule } from './platform/context.ts';

export const DEMO_PASSWORD = 'samsvar-demo-2026';

/** A valid organisation number from an 8-digit base (for fictional demo organisations). */
function orgNo(base8: string): string {
  for (let b = Number(base8); ; b++) {
    const s = String(b).padStart(8, '0');
    const c = mod11ControlDigit(s, [3, 2, 7, 6, 5, 4, 3, 2]);
    if (c >= 0) return s + c;
  }
}

export const DEMO_ORGS: Array<{ key: string; orgNumber: string; name: string; kinds: OrgKind[] }> = [
  { key: 'digdir', orgNumber: '991825827', name: 'Digitaliseringsdirektoratet', kinds: ['operator'] },
  { key: 'skatt', orgNumber: '974761076', name: 'Skatteetaten', kinds: ['serviceOwner'] },
  { key: 'nav', orgNumber: '889640782', name: 'Arbeids- og velferdsetaten (NAV)', kinds: ['serviceOwner'] },
  { key: 'brreg', orgNumber: '974760673', name: 'Brønnøysundregistrene', kinds: ['serviceOwner'] },
  { key: 'fjordregnskap', orgNumber: orgNo('31000001'), name: 'Fjordregnskap AS (demo)', kinds: ['vendor'] },
  { key: 'lonnsmester', orgNumber: orgNo('31000012'), name: 'Lønnsmester Systemer AS (demo)', kinds: ['vendor'] },
];

export const DEMO_USERS: Array<{ key: string; email: string; name: string; org: string; role: UserRole }> = [
  { key: 'operatorAdmin', email: 'admin@digdir.demo', name: 'Ada Administrator', org: 'digdir', role: 'operator-admin' },
  { key: 'operatorAgent', email: 'servicedesk@digdir.demo', name: 'Sindre Servicedesk', org: 'digdir', role: 'operator-agent' },
  { key: 'auditor', email: 'revisor@digdir.demo', name: 'Rita Revisor', org: 'digdir', role: 'auditor' },
  { key: 'skattAdmin', email: 'admin@skatt.demo', name: 'Tone Tjenesteeier', org: 'skatt', role: 'serviceowner-admin' },
  { key: 'skattMember', email: 'utvikler@skatt.demo', name: 'Ola Utvikler', org: 'skatt', role: 'serviceowner-member' },
  { key: 'navAdmin', email: 'admin@nav.demo', name: 'Nina Nav', org: 'nav', role: 'serviceowner-admin' },
  { key: 'vendorAdmin', email: 'admin@fjordregnskap.demo', name: 'Lars Leverandør', org: 'fjordregnskap', role: 'vendor-admin' },
  { key: 'vendorDev', email: 'dev@fjordregnskap.demo', name: 'Kari Koder', org: 'fjordregnskap', role: 'vendor-developer' },
  { key: 'vendor2Admin', email: 'admin@lonnsmester.demo', name: 'Per Lønn', org: 'lonnsmester', role: 'vendor-admin' },
];

export async function loadDemo(ctx: AppContext, modules: SamsvarModule[], log: (line: string) => void = () => undefined): Promise<DemoContext> {
  const actor = { label: 'demo' };
  const { organisations, users, memberships } = authTables;
  const demo: DemoContext = { orgs: {}, users: {}, log };
  await ctx.db.transaction(async (tx) => {
    for (const o of DEMO_ORGS) {
      const [existing] = await tx.select().from(organisations).where(eq(organisations.orgNumber, o.orgNumber));
      const row = existing ?? (await createOrganisation(ctx, null, o, tx));
      demo.orgs[o.key] = { id: row.id, orgNumber: row.orgNumber, name: row.name };
    }
    for (const u of DEMO_USERS) {
      const [existing] = await tx.select().from(users).where(sql`lower(${users.email}) = ${u.email}`);
      const user = existing ? { id: existing.id, email: existing.email } : await createUser(tx, actor, { email: u.email, name: u.name, password: DEMO_PASSWORD });
      demo.users[u.key] = user;
      const orgId = demo.orgs[u.org].id;
      const [m] = await tx.select().from(memberships).where(sql`${memberships.userId} = ${user.id} and ${memberships.orgId} = ${orgId}`);
      if (!m) await addMember(tx, actor, orgId, user.id, u.role);
    }
  });
  log(`demo: ${DEMO_ORGS.length} organisations, ${DEMO_USERS.length} users`);
  for (const m of modules) {
    if (m.demo) await m.demo(ctx, demo);
  }
  return demo;
}

export function demoLoginTable(): string {
  const w = Math.max(...DEMO_USERS.map((u) => u.email.length));
  return DEMO_USERS.map((u) => `  ${u.email.padEnd(w)}  ${u.role}`).join('\n') + `\n  password for all: ${DEMO_PASSWORD}`;
}
