/**
 * The portal inbox over HTTP: every user's own notifications (written by any module with `notifyInbox` from
 * src/platform/inbox), the unread count behind the bell in the portal header, and marking items read.
 * This file is the module's only public surface.
 */
import type { SamsvarModule } from '../../platform/context.ts';
import { inboxRoutes } from './routes.ts';

export const inboxModule: SamsvarModule = { name: 'inbox', routes: inboxRoutes };

export { notifyInbox, type InboxMessage } from '../../platform/inbox/index.ts';
