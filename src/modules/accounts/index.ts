/** Accounts: organisations, users, memberships, invitations, log-in (password and OpenID Connect) and personal API tokens. */
import type { FastifyPluginAsync } from 'fastify';
import type { AppContext, SamsvarModule } from '../../platform/context.ts';
import { oidcRoutes } from './oidc-routes.ts';
import { accountsRoutes } from './routes.ts';

const routes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  await app.register(accountsRoutes, { ctx });
  await app.register(oidcRoutes, { ctx });
};

export const accountsModule: SamsvarModule = { name: 'accounts', routes };
export { createOrganisation, createUser, addMember, startSession, normaliseEmail } from './service.ts';
export { oidcSignIn } from './oidc-routes.ts';
