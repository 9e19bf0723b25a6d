/** The roles of Samsvar. A user has one role per organisation (membership). */
export const USER_ROLES = [
  'operator-admin',
  'operator-agent',
  'auditor',
  'serviceowner-admin',
  'serviceowner-member',
  'vendor-admin',
  'vendor-developer',
] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const ORG_KINDS = ['operator', 'serviceOwner', 'vendor'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Which organisation kind a role belongs to: an operator role only in an operator organisation, and so on. */
export const ROLE_ORG_KIND: Record<UserRole, OrgKind> = {
  'operator-admin': 'operator',
  'operator-agent': 'operator',
  auditor: 'operator',
  'serviceowner-admin': 'serviceOwner',
  'serviceowner-member': 'serviceOwner',
  'vendor-admin': 'vendor',
  'vendor-developer': 'vendor',
};

/** Roles that see every organisation's data (Digdir's own people). */
export const CROSS_TENANT_ROLES: readonly UserRole[] = ['operator-admin', 'operator-agent', 'auditor'];
export const OPERATOR_ROLES: readonly UserRole[] = ['operator-admin', 'operator-agent'];
/** Roles that administer their own organisation's members and invitations. */
export const ORG_ADMIN_ROLES: readonly UserRole[] = ['operator-admin', 'serviceowner-admin', 'vendor-admin'];

export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export function isRole(s: string): s is UserRole {
  return (USER_ROLES as readonly string[]).includes(s);
}
