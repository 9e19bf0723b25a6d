/** Types shared by the whole portal: the session and the roles. Feature-specific types live in each feature's api.ts. */

export const ROLES = [
  'operator-admin',
  'operator-agent',
  'auditor',
  'serviceowner-admin',
  'serviceowner-member',
  'vendor-admin',
  'vendor-developer',
] as const;
export type Role = (typeof ROLES)[number];

export const ORG_KINDS = ['operator', 'serviceOwner', 'vendor'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export type User = { id: string; email: string; name: string; locale: string };

export type Membership = {
  orgId: string;
  orgNumber: string;
  orgName: string;
  kinds: OrgKind[];
  role: Role;
};

export type Session = {
  user: User;
  memberships: Membership[];
  activeOrgId: string | null;
  csrfToken: string;
};

/** Paged list as returned by the API (cursor pagination). */
export type Page<T> = { items: T[]; nextCursor?: string | null };
