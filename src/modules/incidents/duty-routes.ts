/** HTTP surface of the duty roster: who among the operators is on duty, and when. Thin handlers; rules in duty.ts. */
import { Type } from '@sinclair/typebox';
import { CROSS_TENANT_ROLES, type UserRole } from '../../platform/auth/index.ts';
import type { ModuleRoutes, SamsvarModule } from '../../platform/context.ts';
import { Instant, Problem } from '../../platform/http/schemas.ts';
import * as duty from './duty.ts';

/** Operators and auditors read the roster. */
const READERS: readonly UserRole[] = CROSS_TENANT_ROLES;
const ADMINS: UserRole[] = ['operator-admin'];

const tags = ['duty'];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const Uuid = Type.String({ format: 'uuid' });
const When = Type.String({ minLength: 10, maxLength: 40, description: 'ISO instant, or local YYYY-MM-DD[THH:mm] in Europe/Oslo' });
const OnDutyUser = Type.Object({ userId: Uuid, email: Type.String(), name: Type.String() });
export const DutyEntrySchema = Type.Object({
  id: Uuid,
  userId: Uuid,
  name: Type.String(),
  email: Type.String(),
  startsAt: Instant,
  endsAt: Instant,
  note: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean({ description: 'The entry covers the current time' }),
  createdBy: Type.Union([Uuid, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const dutyRoutes: ModuleRoutes = async (app, { ctx }) => {
  app.get(
    '/duty',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Duty roster entries overlapping [from, to), by start, with the user on duty (default: this week, Monday 00:00 Oslo time, and the three after)',
        querystring: Type.Object({ from: Type.Optional(When), to: Type.Optional(When) }),
        response: { 200: Type.Object({ from: Instant, to: Instant, items: Type.Array(DutyEntrySchema) }), ...errors },
      },
    },
    async (req) => duty.listDuty(ctx, req.query),
  );
  app.get(
    '/duty/now',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'Who is on duty now; when nobody is, the operator admins stand in (fallback = true)',
        response: {
          200: Type.Object({ at: Instant, fallback: Type.Boolean(), users: Type.Array(OnDutyUser), entries: Type.Array(DutyEntrySchema) }),
          ...errors,
        },
      },
    },
    async () => duty.dutyNow(ctx),
  );
  app.get(
    '/duty/operators',
    {
      config: { access: READERS },
      schema: {
        tags,
        summary: 'The operators who may be put on duty: operator admins and agents of operator organisations',
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ userId: Uuid, email: Type.String(), name: Type.String(), role: Type.String() })) }), ...errors },
      },
    },
    async () => ({ items: await duty.dutyCandidates(ctx.db) }),
  );
  app.post(
    '/duty',
    {
      config: { access: ADMINS },
      schema: {
        tags,
        summary: `Put an operator admin or agent on duty (endsAt after startsAt, at most ${duty.MAX_ENTRY_DAYS} days; entries may overlap)`,
        body: Type.Object(
          { userId: Uuid, startsAt: When, endsAt: When, note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])) },
          { additionalProperties: false },
        ),
        response: { 201: DutyEntrySchema, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await duty.createDuty(ctx, req.caller!, req.body)),
  );
  app.delete(
    '/duty/:id',
    { config: { access: ADMINS }, schema: { tags, summary: 'Remove a duty roster entry', params: Type.Object({ id: Uuid }) } },
    async (req, reply) => {
      await duty.deleteDuty(ctx, req.caller!, req.params.id);
      return reply.status(204).send();
    },
  );
};

/** The roster as a module of its own (the incidents module registers `dutyRoutes` itself; use one or the other). */
export const dutyModule: SamsvarModule = { name: 'duty', routes: dutyRoutes };
