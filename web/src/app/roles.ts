import { CROSS_TENANT_ROLES, OPERATOR_ROLES as SERVER_OPERATOR_ROLES } from '../../../src/platform/auth/roles.ts';
import { ROLE_ORG_KIND, USER_ROLES } from './types.ts';
import type { Membership, OrgKind, Session, UserRole } from './types.ts';

/** Role groups used by the route registry and by pages that show or hide actions. */
export const EVERYONE: readonly UserRole[] = USER_ROLES;
/** Digdir's own people: they see every organisation. */
export const OPERATOR_STAFF: readonly UserRole[] = CROSS_TENANT_ROLES;
/** Members of a service owner or vendor organisation. */
export const ORG_MEMBERS: readonly UserRole[] = USER_ROLES.filter((r) => ROLE_ORG_KIND[r] !== 'operator');
export const ORG_ADMINS: readonly UserRole[] = ['serviceowner-admin', 'vendor-admin'];
/** Digdir's operators who act (not the auditor, who only reads). */
export const OPERATOR_ROLES: readonly UserRole[] = SERVER_OPERATOR_ROLES;
export const SERVICE_OWNERS: readonly UserRole[] = ['serviceowner-admin', 'serviceowner-member'];
export const VENDORS: readonly UserRole[] = ['vendor-admin', 'vendor-developer'];

/** The roles an organisation of the given kinds can hand out to its members. */
export function rolesForKinds(kinds: readonly OrgKind[]): UserRole[] {
  return USER_ROLES.filter((r) => kinds.includes(ROLE_ORG_KIND[r]));
}

export function activeMembership(session: Session | null | undefined): Membership | undefined {
  if (!session) return undefined;
  return session.memberships.find((m) => m.orgId === session.activeOrgId) ?? session.memberships[0];
}

export function activeRole(session: Session | null | undefined): UserRole | undefined {
  return activeMembership(session)?.role;
}

export function hasRole(session: Session | null | undefined, roles: readonly UserRole[] | undefined): boolean {
  if (!roles) return true;
  const role = activeRole(session);
  return role !== undefined && roles.includes(role);
}

/** May the active membership manage the members and invitations of organisation `orgId`? */
export function canManageOrg(session: Session | null | undefined, orgId: string): boolean {
  const m = activeMembership(session);
  if (!m) return false;
  if (m.role === 'operator-admin') return true;
  return ORG_ADMINS.includes(m.role) && m.orgId === orgId;
}
