/**
 * HTTP surface of notifications [T-1.2.4]: the catalogue of types, the caller's own preferences, and unsubscribe
 * links (public: the token in the link is the credential). Preferences are personal settings, not administrative
 * acts: they are not written to the audit log (like reading the inbox).
 */
import type { ModuleRoutes } from '../../platform/context.ts';
import { Problem } from '../../platform/http/schemas.ts';
import {
  allowedOrgs,
  applyUnsubscribe,
  claimUser,
  effectivePreferences,
  loadPreferences,
  lockUserPreferences,
  notificationTypes,
  replacePreferences,
  stillSubscribed,
  typesMatching,
  validatePreferences,
  verifyUnsubscribeToken,
  type PreferenceRow,
  type UnsubscribeClaim,
} from '../../platform/notify/index.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import * as s from './schemas.ts';

const tags = ['notifications'];
const errors = { 400: Problem, 401: Problem, 403: Problem };

/** "admin@skatt.demo" → "a***n@skatt.demo": enough to recognise, not enough to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const local = email.slice(0, at);
  const shown = local.length <= 2 ? `${local[0]}***` : `${local[0]}***${local[local.length - 1]}`;
  return `${shown}${email.slice(at)}`;
}

const view = (rows: PreferenceRow[]): s.PreferencesView => ({ items: rows, effective: effectivePreferences(rows) });

async function unsubscribeView(tx: DbOrTx, claim: UnsubscribeClaim): Promise<s.UnsubscribeView> {
  const user = await claimUser(tx, claim);
  const rows = await loadPreferences(tx, claim.userId);
  return {
    email: maskEmail(user.email),
    typeFilter: claim.typeFilter,
    channel: claim.channel,
    types: typesMatching(claim.typeFilter).map((d) => ({ type: d.type, title: d.title })),
    subscribed: stillSubscribed(rows, claim),
  };
}

export const notificationRoutes: ModuleRoutes = async (app, { ctx }) => {
  app.get(
    '/notifications/types',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'The notification types with who gets them by default and how (both languages)', response: { 200: s.TypeList, ...errors } },
    },
    async () => ({
      items: notificationTypes().map((d) => ({ type: d.type, title: d.title, description: d.description, audience: d.audienceText, defaults: d.defaults })),
    }),
  );

  app.get(
    '/notifications/preferences',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: "The caller's notification rules and what they get per type", response: { 200: s.PreferencesView, ...errors } },
    },
    async (req) => view(await loadPreferences(ctx.db, req.caller!.user.id)),
  );

  app.put(
    '/notifications/preferences',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: "Replace the caller's notification rules",
        description:
          'Each rule: a type filter (exact type, "prefix.*" or "*"), optionally an organisation (its events only; your own organisations, any for Digdir\'s staff), a channel (email | inbox | none) and for e-mail a digest (immediate | daily | weekly). Several channels for the same filter and organisation make one rule; "none" stands alone. The most specific rule wins: exact type > longer prefix > "*" > the default; with equal filters, one for the event\'s organisation.',
        body: s.PreferencesBody,
        response: { 200: s.PreferencesView, ...errors },
      },
    },
    async (req) => {
      const caller = req.caller!;
      return ctx.db.transaction(async (tx) => {
        await lockUserPreferences(tx, caller.user.id);
        const rows = await validatePreferences(tx, (req.body as s.PreferencesBody).items, allowedOrgs(caller.memberships));
        await replacePreferences(tx, caller.user.id, rows);
        return view(rows);
      });
    },
  );

  app.get(
    '/notifications/unsubscribe',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'What an unsubscribe link would switch off (public: the token is the credential)',
        querystring: s.UnsubscribeQuery,
        response: { 200: s.UnsubscribeView, 400: Problem },
      },
    },
    async (req) => unsubscribeView(ctx.db, verifyUnsubscribeToken(ctx.secret, req.query.token)),
  );

  app.post(
    '/notifications/unsubscribe',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Apply an unsubscribe link: switch its channel off for the types it covers (idempotent; other channels stay)',
        body: s.UnsubscribeBody,
        response: { 200: s.UnsubscribeView, 400: Problem },
      },
    },
    async (req) => {
      const claim = verifyUnsubscribeToken(ctx.secret, req.body.token);
      return ctx.db.transaction(async (tx) => {
        await claimUser(tx, claim);
        await applyUnsubscribe(tx, claim);
        return unsubscribeView(tx, claim);
      });
    },
  );
};
