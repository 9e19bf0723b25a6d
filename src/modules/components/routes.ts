/** HTTP surface of the component catalogue, state history and availability (S-2.3.1, S-2.4.1, S-3.1). All public: the same figures are on the public status page. */
import type { ModuleRoutes } from '../../platform/context.ts';
import { problems } from '../../platform/http/problem.ts';
import { Problem } from '../../platform/http/schemas.ts';
import { monthDays } from '../../kernel/availability/index.ts';
import { availabilityCsv, dailyReport, getComponent, listComponents, monthReport } from './availability.ts';
import { findComponent } from './catalogue.ts';
import * as s from './schemas.ts';

const errors = { 400: Problem, 404: Problem };
const tags = ['components'];

export const componentRoutes: ModuleRoutes = async (app, { ctx }) => {
  const known = (id: string | undefined, field: string): string[] | undefined => {
    if (id === undefined) return undefined;
    if (!findComponent(ctx.policy.policy, id)) throw problems.invalidField(field, `unknown component "${id}"`);
    return [id];
  };

  app.get(
    '/components',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The component catalogue [S-3.1]: groups, component class, availability target, operating-window calendar, documentation links, and the current state with since when and why',
        response: { 200: s.ComponentList, ...errors },
      },
    },
    async () => listComponents(ctx),
  );
  app.get(
    '/components/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'One component with its effective-state history (intervals) in [from, to); default the last 30 days',
        params: s.IdParams,
        querystring: s.HistoryQuery,
        response: { 200: s.ComponentDetail, ...errors },
      },
    },
    async (req) => getComponent(ctx, req.params.id, req.query),
  );
  app.get(
    '/availability',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'Monthly availability per component (Oslo calendar month) inside its operating window, against its target [S-2.3.1, S-2.4.1]: window, excluded maintenance, weighted downtime, error budget, met/breached, per day, maintenance excluded and counted. format=csv for CSV (detail=day for one row per day).',
        querystring: s.MonthQuery,
        response: { 200: s.MonthReport, ...errors },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const now = new Date();
      const start = monthDays(q.month).from;
      if (start > now.getTime()) throw problems.invalidField('querystring.month', 'the month has not started yet');
      if (start < Date.UTC(2000, 0, 1)) throw problems.invalidField('querystring.month', 'must be 2000-01 or later');
      const report = await monthReport(ctx, q.month, { componentIds: known(q.component, 'querystring.component'), now });
      if (q.format === 'csv' || (q.format === undefined && (req.headers.accept ?? '').startsWith('text/csv'))) {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="availability-${q.month}${q.detail === 'day' ? '-days' : ''}.csv"`)
          .serializer((x: unknown) => String(x))
          .send(availabilityCsv(report, q.detail === 'day' ? 'day' : 'month') as never);
      }
      return report;
    },
  );
  app.get(
    '/availability/daily',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Per-day availability over the last N Oslo days (today counted up to now), inside each component\'s operating window — the status page bars [S-2.3.1, S-2.4.1]',
        querystring: s.DailyQuery,
        response: { 200: s.DailyReport, ...errors },
      },
    },
    async (req) => dailyReport(ctx, { days: req.query.days, componentIds: known(req.query.component, 'querystring.component') }),
  );
};

