/** Types shared by the whole portal: the session and the roles. Feature-specific types live in each feature's api.ts. */
import type { OrgKind, UserRole } from '../../../src/platform/auth/roles.ts';

// The role model is the server's (pure TypeScript, no Node imports): one list, used on both sides.
export { ORG_KINDS, ROLE_ORG_KIND, TOKEN_SCOPES, USER_ROLES } from '../../../src/platform/auth/roles.ts';
export type { OrgKind, TokenScope, UserRole } from '../../../src/platform/auth/roles.ts';

export type User = { id: string; email: string; name: string; locale: string };

export type Membership = {
  orgId: string;
  orgNumber: string;
  orgName: string;
  kinds: OrgKind[];
  role: UserRole;
};

export type Session = {
  user: User;
  memberships: Membership[];
  activeOrgId: string | null;
  csrfToken: string;
};

/** Paged list as returned by the API (cursor pagination). */
export type Page<T> = { items: T[]; nextCursor?: string | null };
