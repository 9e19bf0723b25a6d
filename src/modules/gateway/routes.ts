/**
 * The gateway's control-plane surface: the test token issuer (like Altinn's test tools). Vendors mint tokens for
 * their own organisation as supplier; operators for anyone. Scopes are limited to the catalogue's, lifetimes are
 * short, and the tokens are accepted only in the gateway's test environment.
 */
import { Type } from '@sinclair/typebox';
import { isValidOrgNumber } from '../../kernel/ids/index.ts';
import { compileCatalogue } from '../../kernel/gateway/index.ts';
import { isCrossTenant } from '../../platform/auth/index.ts';
import type { ModuleRoutes } from '../../platform/context.ts';
import { HttpProblem, problems } from '../../platform/http/problem.ts';
import { Problem } from '../../platform/http/schemas.ts';
import { TEST_JWKS_PATH, TEST_TOKEN_MAX_SECONDS, testIssuer, testIssuerEnabled } from './testIssuer.ts';

const OrgNo = Type.String({ pattern: '^\\d{9}$', description: 'Organisation number (9 digits)' });

const MintBody = Type.Object(
  {
    clientId: Type.String({ minLength: 1, maxLength: 200, description: 'The Maskinporten client id of your system (registered in the registry)' }),
    scopes: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 50, description: 'Scopes of the catalogue the token carries' }),
    consumerOrgNo: Type.Optional(Type.Union([OrgNo], { description: 'The customer the call is for (Maskinporten consumer); default: the supplier' })),
    supplierOrgNo: Type.Optional(Type.Union([OrgNo], { description: 'The vendor (Maskinporten supplier); vendors may only name themselves, operators anyone' })),
    systemUser: Type.Optional(Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), orgNo: OrgNo }, { additionalProperties: false, description: 'A system user and its owning organisation (the customer)' })),
    expiresInSeconds: Type.Optional(Type.Integer({ minimum: 30, maximum: TEST_TOKEN_MAX_SECONDS, default: 600 })),
  },
  { additionalProperties: false },
);

const MintResult = Type.Object({
  accessToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer(),
  scope: Type.String(),
  issuer: Type.String(),
  environment: Type.Literal('test'),
});

export const gatewayRoutes: ModuleRoutes = async (app, { ctx }) => {
  if (!testIssuerEnabled(ctx.config)) return;
  const catalogueScopes = compileCatalogue(ctx.policy.policy.products ?? {}, ctx.config.GATEWAY_UPSTREAMS).scopes;

  app.post(
    '/test-tokens',
    {
      config: { access: ['vendor-admin', 'vendor-developer', 'operator-admin', 'operator-agent'] },
      schema: {
        tags: ['gateway'],
        summary: "Mint a Maskinporten-shaped token for the gateway's test environment (vendors: as themselves; operators: anyone)",
        body: MintBody,
        response: { 201: MintResult, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req, reply) => {
      const caller = req.caller!;
      const b = req.body;
      const own = caller.active!.orgNumber;
      const operator = isCrossTenant(caller);
      const supplier = b.supplierOrgNo ?? (operator ? undefined : own);
      if (!operator && supplier !== own) throw new HttpProblem(403, 'forbidden', `Vendors mint test tokens for their own organisation (${own}) as supplier only.`);
      const consumer = b.consumerOrgNo ?? supplier;
      if (!consumer) throw problems.invalidField('consumerOrgNo', 'is required when no supplier is given');
      for (const [f, v] of [['consumerOrgNo', consumer], ['supplierOrgNo', supplier], ['systemUser.orgNo', b.systemUser?.orgNo]] as const) {
        if (v !== undefined && !isValidOrgNumber(v)) throw problems.invalidField(f, `${v} is not a valid organisation number`);
      }
      const unknown = b.scopes.filter((s) => !catalogueScopes.has(s));
      if (unknown.length) throw problems.invalidField('scopes', `not scopes of the catalogue: ${unknown.join(', ')}`);
      const ti = await testIssuer(ctx.config);
      const expiresIn = b.expiresInSeconds ?? 600;
      const accessToken = await ti.mint({
        clientId: b.clientId,
        scopes: b.scopes,
        consumerOrgNo: consumer,
        supplierOrgNo: supplier !== consumer ? supplier : undefined,
        systemUser: b.systemUser,
        expiresInSeconds: expiresIn,
      });
      return reply.status(201).send({ accessToken, tokenType: 'Bearer' as const, expiresIn, scope: b.scopes.join(' '), issuer: ti.issuer, environment: 'test' as const });
    },
  );
};

/** The test issuer's public keys, outside /api/v1 (where token verifiers look for them). */
export const gatewayRootRoutes: ModuleRoutes = async (app, { ctx }) => {
  if (!testIssuerEnabled(ctx.config)) return;
  app.get(TEST_JWKS_PATH, { schema: { tags: ['gateway'], summary: "The test issuer's JWKS (public keys)" }, config: { access: 'public' } }, async (_req, reply) => {
    reply.header('cache-control', 'max-age=300');
    return (await testIssuer(ctx.config)).jwks;
  });
};
