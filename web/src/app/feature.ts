import type { ComponentType, LazyExoticComponent } from 'react';
import type { MessageKey, Text } from './i18n.ts';
import type { UserRole } from './types.ts';

export type Label = MessageKey | Text;

/**
 * One page of the portal, as registered in `web/src/features/index.ts`.
 *
 * - `access`: `user` pages need a session (unauthenticated → /login?next=…); `guest` pages are for signed-out
 *   visitors only (signed-in users are sent on); `public` pages are for anyone.
 * - `roles`: the role of the active membership the page needs (omit for every signed-in user). The server checks
 *   again; this only keeps people away from pages that would answer 403.
 * - `nav`: show the page in a menu (sorted by `order`) for these roles (defaults to `roles`): the main menu, or with
 *   `area: 'user'` the small menu beside the user's name in the header (profile, tokens).
 * - `home`: show a card linking to the page on the front page.
 */
export type FeatureRoute = {
  id: string;
  path: string;
  page: LazyExoticComponent<ComponentType> | ComponentType;
  access: 'user' | 'guest' | 'public';
  roles?: readonly UserRole[];
  nav?: { label: Label; order: number; roles?: readonly UserRole[]; area?: 'main' | 'user' };
  home?: { title: Label; description: Label };
};

/** A panel on the front page (e.g. "what is due"), shown to the roles given, above the section cards. */
export type HomePanel = {
  id: string;
  roles: readonly UserRole[];
  panel: LazyExoticComponent<ComponentType> | ComponentType;
};
