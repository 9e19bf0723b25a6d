/**
 * The event hub over HTTP (T-1.2.4, T-2.5). `eventsRootRoutes` are mounted at the root, beside Altinn's own paths:
 * `/events/api/v1/subscriptions` behaves as Altinn Events' subscription API (field names, 201 on create,
 * `{ count, subscriptions }` on list, 200 on delete), so an Altinn client works against Samsvar. Next to them:
 * secrets, deliveries with their attempts, replay, dead letters and the pull API (`/events/api/v1/events`).
 * Thin handlers: the rules of delivery live in the core (src/platform/events), visibility in service.ts.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isCrossTenant, USER_ROLES, type Caller, type UserRole } from '../../platform/auth/index.ts';
import type { ModuleRoutes } from '../../platform/context.ts';
import * as core from '../../platform/events/index.ts';
import { HttpProblem, problems } from '../../platform/http/problem.ts';
import { Problem } from '../../platform/http/schemas.ts';
import * as s from './schemas.ts';
import * as svc from './service.ts';

/** Everyone with a membership reads (the auditor too); everyone but the auditor subscribes and manages. */
const READERS: readonly UserRole[] = USER_ROLES;
const SUBSCRIBERS: UserRole[] = USER_ROLES.filter((r) => r !== 'auditor');

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const tags = ['events'];
export const EVENTS_BASE = '/events/api/v1';

const caller = (req: FastifyRequest): Caller => req.caller!;

export const eventsRootRoutes: ModuleRoutes = async (app, { ctx }) => {
  const base = EVENTS_BASE;

  // ------------------------------------------------------------------ subscriptions (Altinn Events' shape)

  app.post(
    `${base}/subscriptions`,
    {
      config: { access: SUBSCRIBERS },
      schema: {
        tags,
        summary:
          'Subscribe the caller’s organisation to events (Altinn Events’ request and answer; the answer also carries the signing `secret`, this once). The endpoint gets a validation event (platform.events.validatesubscription) at once and becomes `validated` when it answers 2xx; events are delivered after that, signed per Standard Webhooks [T-1.2.4].',
        body: s.SubscriptionRequest,
        response: { 201: s.SubscriptionCreated, ...errors },
      },
    },
    async (req, reply) => {
      const c = caller(req);
      const { orgId } = svc.activeOrg(c);
      const consumer = svc.consumerOf(c);
      if (req.body.consumer !== undefined && req.body.consumer !== consumer) {
        throw problems.invalidField('body.consumer', `must be your own organisation, ${consumer} (or left out)`);
      }
      const createdBy = await svc.createdByOf(ctx, c);
      const created = await ctx.db.transaction(async (tx) => {
        const sub = await core.createSubscription(
          ctx,
          { orgId, consumer, createdBy, userId: c.user.id },
          {
            endPoint: req.body.endPoint,
            sourceFilter: req.body.sourceFilter ?? null,
            resourceFilter: req.body.resourceFilter ?? null,
            subjectFilter: req.body.subjectFilter ?? null,
            typeFilter: req.body.typeFilter ?? null,
          },
          tx,
        );
        const { secret: _secret, ...after } = sub;
        await svc.audit(tx, c, orgId, 'events.subscription.create', sub.id, { after });
        return sub;
      });
      const row = await svc.visibleSubscription(ctx, c, created.id);
      return reply
        .status(201)
        .header('location', `${base}/subscriptions/${row.id}`)
        .header('cache-control', 'no-store')
        .send({ ...(await svc.viewOf(ctx, row)), secret: created.secret });
    },
  );

  app.get(
    `${base}/subscriptions`,
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'The caller’s organisation’s subscriptions as Altinn answers them, `{ count, subscriptions }`. Digdir’s staff see every organisation’s (`orgId` for one).',
        querystring: s.ListSubscriptionsQuery,
        response: { 200: s.SubscriptionList, ...errors },
      },
    },
    async (req) => {
      const subscriptions = await svc.listVisibleSubscriptions(ctx, caller(req), req.query.orgId);
      return { count: subscriptions.length, subscriptions };
    },
  );

  app.get(
    `${base}/subscriptions/:id`,
    {
      config: { access: READERS },
      schema: { tags, summary: 'One subscription (another organisation’s answers 404)', params: s.SubscriptionParams, response: { 200: s.Subscription, ...errors } },
    },
    async (req) => svc.viewOf(ctx, await svc.visibleSubscription(ctx, caller(req), req.params.id)),
  );

  app.delete(
    `${base}/subscriptions/:id`,
    {
      config: { access: SUBSCRIBERS },
      schema: {
        tags,
        summary: 'Delete a subscription (200 with no body, as Altinn). Pending deliveries are cancelled; the history stays for the record.',
        params: s.SubscriptionParams,
      },
    },
    async (req, reply) => {
      const row = await svc.manageableSubscription(ctx, caller(req), req.params.id);
      await ctx.db.transaction(async (tx) => {
        if (await core.deleteSubscription(ctx, Number(row.id), { userId: caller(req).user.id, tx })) {
          await svc.audit(tx, caller(req), row.orgId, 'events.subscription.delete', row.id, { before: core.presentSubscription(row) });
        }
      });
      return reply.status(200).send();
    },
  );

  // ------------------------------------------------------------------ signing secret (the owner only)

  app.get(
    `${base}/subscriptions/:id/secret`,
    {
      config: { access: SUBSCRIBERS, scope: 'write' },
      schema: {
        tags,
        summary: 'Reveal the current signing secret (whsec_…). Only the owning organisation, and a token needs the write scope.',
        params: s.SubscriptionParams,
        response: { 200: s.Secret, ...errors },
      },
    },
    async (req, reply) => {
      const row = await svc.ownSubscription(ctx, caller(req), req.params.id);
      await svc.audit(ctx.db, caller(req), row.orgId, 'events.subscription.secret.reveal', row.id);
      reply.header('cache-control', 'no-store');
      return secretView(await core.subscriptionSecrets(ctx, Number(row.id)));
    },
  );

  app.post(
    `${base}/subscriptions/:id/secret/rotate`,
    {
      config: { access: SUBSCRIBERS },
      schema: {
        tags,
        summary:
          'Make a new signing secret and return it once. The previous one keeps signing beside it for `overlapHours` (default 24), so the receiver can switch without losing a delivery.',
        params: s.SubscriptionParams,
        body: s.RotateBody,
        response: { 200: s.Secret, ...errors },
      },
    },
    async (req, reply) => {
      const row = await svc.ownSubscription(ctx, caller(req), req.params.id);
      const overlap = req.body.overlapHours ?? 24;
      await ctx.db.transaction(async (tx) => {
        const fresh = await core.rotateSecret(tx, ctx, Number(row.id), overlap);
        await svc.audit(tx, caller(req), row.orgId, 'events.subscription.secret.rotate', row.id, { details: { secretId: fresh.id, overlapHours: overlap } });
      });
      reply.header('cache-control', 'no-store');
      return secretView(await core.subscriptionSecrets(ctx, Number(row.id)));
    },
  );

  // ------------------------------------------------------------------ deliveries, attempts, replay

  app.get(
    `${base}/subscriptions/:id/deliveries`,
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Every delivery of the subscription, newest first: status (pending, delivered, dead, cancelled), attempts, the last status code or error. Cursor paging.',
        params: s.SubscriptionParams,
        querystring: s.DeliveriesQuery,
        response: { 200: s.DeliveryPage, ...errors },
      },
    },
    async (req) => {
      const row = await svc.visibleSubscription(ctx, caller(req), req.params.id);
      return svc.listSubscriptionDeliveries(ctx, Number(row.id), req.query as s.DeliveriesQuery);
    },
  );

  app.post(
    `${base}/subscriptions/:id/replay`,
    {
      config: { access: SUBSCRIBERS },
      schema: {
        tags,
        summary: 'Deliver again every event since `since` that the subscription matches (dead, delivered or never sent). Each keeps its webhook-id, so receivers deduplicate.',
        params: s.SubscriptionParams,
        body: s.ReplaySinceBody,
        response: { 200: s.ReplayResult, ...errors },
      },
    },
    async (req) => {
      const row = await svc.manageableSubscription(ctx, caller(req), req.params.id);
      const since = new Date(req.body.since);
      if (since.getTime() > Date.now()) throw problems.invalidField('body.since', 'must not be in the future');
      const { replayed } = await ctx.db.transaction(async (tx) => {
        const r = await core.replaySince(ctx, Number(row.id), since, tx);
        await svc.audit(tx, caller(req), row.orgId, 'events.subscription.replay', row.id, { details: { since: since.toISOString(), ...r } });
        return r;
      });
      return { replayed };
    },
  );

  app.get(
    `${base}/deadletters`,
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Dead letters (deliveries that used every attempt) across the organisation’s subscriptions, newest first; Digdir’s staff see all (`orgId` for one).',
        querystring: s.DeadLettersQuery,
        response: { 200: s.DeadLetterPage, ...errors },
      },
    },
    async (req) => svc.listDeadLetters(ctx, caller(req), req.query as s.DeadLettersQuery),
  );

  app.get(
    `${base}/deliveries/:id/attempts`,
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'The delivery and every attempt at it: time, status code, latency, the first bytes of the answer or the error',
        params: s.DeliveryParams,
        response: { 200: s.AttemptList, ...errors },
      },
    },
    async (req) => {
      const { delivery } = await svc.visibleDelivery(ctx, caller(req), req.params.id);
      return { delivery, items: await core.listAttempts(ctx, delivery.id) };
    },
  );

  app.post(
    `${base}/deliveries/:id/replay`,
    {
      config: { access: SUBSCRIBERS },
      schema: {
        tags,
        summary: 'Deliver this one again now (a dead letter, a delivered event the receiver lost, or a dead validation event once the endpoint is fixed), with the same webhook-id and a new cycle of attempts',
        params: s.DeliveryParams,
        response: { 200: s.ReplayResult, ...errors },
      },
    },
    async (req) => {
      const { delivery, subscription } = await svc.visibleDelivery(ctx, caller(req), req.params.id, true);
      if (delivery.status === 'pending') throw problems.conflict('This delivery is still being attempted; replay it once it is delivered or dead.');
      if (delivery.status === 'cancelled') throw problems.conflict(`This delivery was cancelled (${delivery.lastError ?? 'no reason recorded'}); replay the events since a time instead.`);
      const { replayed } = await ctx.db.transaction(async (tx) => {
        const r = await core.replayDelivery(ctx, delivery.id, tx);
        await svc.audit(tx, caller(req), subscription.orgId, 'events.delivery.replay', subscription.id, { details: { deliveryId: delivery.id, replayed: r.replayed } });
        return r;
      });
      return { replayed };
    },
  );

  // ------------------------------------------------------------------ the pull API

  app.get(
    `${base}/events`,
    {
      config: { access: READERS },
      schema: {
        tags,
        summary:
          'Events the caller may see, oldest first, as a CloudEvents JSON batch (application/cloudevents-batch+json). `Link: <…?after=N…>; rel="next"` (and Altinn’s `next` header) gives the next page; poll it again when the page is empty [T-1.2.4].',
        querystring: s.PullQuery,
        response: { 200: s.CloudEventBatch, ...errors },
      },
    },
    async (req, reply) => pull(req, req.query, reply),
  );

  async function pull(req: FastifyRequest, q: s.PullQuery, reply: FastifyReply) {
    const c = caller(req);
    const after = await svc.afterSeq(ctx, q.after);
    const size = q.size ?? 50;
    const cross = isCrossTenant(c);
    if (!cross && q.orgId && q.orgId !== svc.activeOrg(c).orgId) throw problems.notFound('The organisation');
    const batch = await core.pullEvents(ctx, {
      orgId: cross ? (q.orgId ?? null) : svc.activeOrg(c).orgId,
      isOperator: cross,
      after,
      type: q.type ?? null,
      size,
    });
    const items = [...batch] as s.CloudEventOut[];
    const params = new URLSearchParams({ after: String(batch.next) });
    if (q.type) params.set('type', q.type);
    if (q.size) params.set('size', String(q.size));
    if (q.orgId) params.set('orgId', q.orgId);
    const next = `${ctx.config.PUBLIC_URL.replace(/\/$/, '')}${base}/events?${params}`;
    return reply
      .header('link', `<${next}>; rel="next"`)
      .header('next', next)
      .type('application/cloudevents-batch+json; charset=utf-8')
      .send(items);
  }
};

/** Routes under /api/v1: the catalogue of event types, for pickers and documentation. */
export const eventsRoutes: ModuleRoutes = async (app, { ctx }) => {
  app.get(
    '/event-types',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'The event types Samsvar publishes, with what each means (for type filters)', response: { 200: s.EventTypeList, ...errors } },
    },
    async () => ({ items: await svc.eventTypes(ctx) }),
  );
};

function secretView(secrets: Awaited<ReturnType<typeof core.subscriptionSecrets>>): s.Secret {
  const list = Array.isArray(secrets) ? secrets : [];
  const [current, ...previous] = list;
  if (!current) throw new HttpProblem(409, 'conflict', 'The subscription has no signing secret; rotate to make one.');
  return {
    secret: current.secret,
    createdAt: new Date(current.createdAt).toISOString(),
    previous: previous.map((p) => ({ id: p.id, createdAt: new Date(p.createdAt).toISOString(), expiresAt: p.expiresAt ? new Date(p.expiresAt).toISOString() : null })),
  };
}
