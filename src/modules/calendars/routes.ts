import { Type } from '@sinclair/typebox';
import type { ModuleRoutes } from '../../platform/context.ts';
import { Instant, Problem } from '../../platform/http/schemas.ts';
import * as svc from './service.ts';

const NameParam = Type.Object({ name: Type.String({ pattern: '^[a-zA-Z0-9_-]{1,50}$' }) });
const err = { 400: Problem, 404: Problem };

export const calendarsRoutes: ModuleRoutes = async (app, { ctx }) => {
  app.get(
    '/calendars',
    {
      config: { access: 'public' },
      schema: {
        tags: ['calendars'],
        summary: 'The working calendars of the policy',
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ name: Type.String(), description: Type.String(), clauses: Type.Array(Type.String()), timezone: Type.String() })) }) },
      },
    },
    async () => ({ items: svc.listCalendars(ctx.policy) }),
  );

  app.get(
    '/calendars/:name/due',
    {
      config: { access: 'public' },
      schema: {
        tags: ['calendars'],
        summary: 'When something is due: from + N working days, working hours or calendar hours',
        params: NameParam,
        querystring: Type.Object({
          from: Type.String({ minLength: 10, maxLength: 40, description: 'ISO instant, or local YYYY-MM-DDTHH:mm in Europe/Oslo' }),
          workingDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000 })),
          workingHours: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
          hours: Type.Optional(Type.Number({ minimum: 0, maximum: 1000000 })),
        }),
        response: {
          200: Type.Object({ calendar: Type.String(), from: Instant, due: Instant, dueLocal: Type.String(), input: Type.Record(Type.String(), Type.Number()) }),
          ...err,
        },
      },
    },
    async (req) => svc.computeDue(ctx.policy, req.params.name, req.query),
  );

  app.get(
    '/calendars/:name/open',
    {
      config: { access: 'public' },
      schema: {
        tags: ['calendars'],
        summary: 'Open intervals of a calendar between two instants',
        params: NameParam,
        querystring: Type.Object({ from: Type.String({ minLength: 10, maxLength: 40 }), to: Type.String({ minLength: 10, maxLength: 40 }) }),
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ start: Instant, end: Instant })) }), ...err },
      },
    },
    async (req) => ({ items: svc.openIntervals(ctx.policy, req.params.name, req.query.from, req.query.to) }),
  );

  app.get(
    '/calendars/:name/days',
    {
      config: { access: 'public' },
      schema: {
        tags: ['calendars'],
        summary: 'Day by day: opening hours, holidays, special days and season (for a month view)',
        params: NameParam,
        querystring: Type.Object({ from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) }),
      },
    },
    async (req) => ({ items: svc.days(ctx.policy, req.params.name, req.query.from, req.query.to) }),
  );
};
