import type { Membership, OrgKind, Role, Session } from './types.ts';

/** Role groups used by the route registry and by pages that show or hide actions. */
export const EVERYONE: readonly Role[] = [
  'operator-admin',
  'operator-agent',
  'auditor',
  'serviceowner-admin',
  'serviceowner-member',
  'vendor-admin',
  'vendor-developer',
];
export const OPERATOR_STAFF: readonly Role[] = ['operator-admin', 'operator-agent', 'auditor'];
export const ORG_MEMBERS: readonly Role[] = [
  'serviceowner-admin',
  'serviceowner-member',
  'vendor-admin',
  'vendor-developer',
];
export const ORG_ADMINS: readonly Role[] = ['serviceowner-admin', 'vendor-admin'];

/** The roles an organisation of the given kinds can hand out to its members. */
export function rolesForKinds(kinds: readonly OrgKind[]): Role[] {
  const out: Role[] = [];
  if (kinds.includes('operator')) out.push('operator-admin', 'operator-agent', 'auditor');
  if (kinds.includes('serviceOwner')) out.push('serviceowner-admin', 'serviceowner-member');
  if (kinds.includes('vendor')) out.push('vendor-admin', 'vendor-developer');
  return out;
}

export function activeMembership(session: Session | null | undefined): Membership | undefined {
  if (!session) return undefined;
  return session.memberships.find((m) => m.orgId === session.activeOrgId) ?? session.memberships[0];
}

export function activeRole(session: Session | null | undefined): Role | undefined {
  return activeMembership(session)?.role;
}

export function hasRole(session: Session | null | undefined, roles: readonly Role[] | undefined): boolean {
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
