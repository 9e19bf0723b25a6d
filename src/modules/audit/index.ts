/** The audit log over HTTP: Digdir's operator admins and auditors read and verify it [T-6]. */
import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { eq } from 'drizzle-orm';
import { appendAudit, listAudit, verifyAudit } from '../../platform/audit/index.ts';
import { exportRange, exportVendorCalls, exportVendorCallsCsv } from '../../platform/audit/export.ts';
import { authTables } from '../../platform/auth/index.ts';
import { CALL_BATCH_ACTION, CALL_LINE_COLUMNS } from '../gateway/callEntry.ts';
import type { ModuleRoutes, SamsvarModule } from '../../platform/context.ts';
import { HttpProblem, problems } from '../../platform/http/problem.ts';
import { Problem } from '../../platform/http/schemas.ts';

/** Longest period one export covers. */
const MAX_EXPORT_DAYS = 366;

const routes: ModuleRoutes = async (app, { ctx }) => {
  app.get(
    '/audit',
    {
      config: { access: ['operator-admin', 'auditor'] },
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, newest first (cursor = the seq to continue below)',
        querystring: Type.Object({
          cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          orgId: Type.Optional(Type.String({ format: 'uuid' })),
          action: Type.Optional(Type.String({ maxLength: 100 })),
        }),
      },
    },
    async (req) => {
      const rows = await listAudit(ctx.db, {
        before: req.query.cursor ? Number(req.query.cursor) : undefined,
        limit: req.query.limit + 1,
        orgId: req.query.orgId,
        action: req.query.action,
      });
      const more = rows.length > req.query.limit;
      const items = rows.slice(0, req.query.limit).map((r) => ({ ...r, at: r.at.toISOString(), details: r.details ? JSON.parse(r.details) : null }));
      return { items, nextCursor: more ? String(items[items.length - 1].seq) : null };
    },
  );
  app.get(
    '/audit/verify',
    { config: { access: ['operator-admin', 'auditor'] }, schema: { tags: ['audit'], summary: 'Recompute the hash chain and report the first broken entry' } },
    async () => verifyAudit(ctx.db),
  );
  app.get(
    '/audit/exports/gateway-calls',
    {
      config: { access: ['operator-admin', 'auditor'] },
      schema: {
        tags: ['audit'],
        summary: "A vendor's gateway call records for a period: JSON lines with the chain proof (verify with `samsvar audit verify --file`), or CSV without it [T-6]",
        querystring: Type.Object(
          {
            vendor: Type.String({ pattern: '^([0-9]{9}|[0-9a-fA-F-]{36})$', description: 'The vendor: organisation number or id' }),
            from: Type.String({ format: 'date-time', description: 'Start of the period (inclusive)' }),
            to: Type.String({ format: 'date-time', description: 'End of the period (exclusive)' }),
            format: Type.Union([Type.Literal('jsonl'), Type.Literal('csv')], { default: 'jsonl' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown({ description: 'application/x-ndjson (header, anchor, record/batch/line/link lines, end) or text/csv' }), 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const from = new Date(q.from);
      const to = new Date(q.to);
      if (!(from.getTime() < to.getTime())) throw problems.invalidField('to', 'must be after from');
      if (to.getTime() - from.getTime() > MAX_EXPORT_DAYS * 86_400_000) throw problems.invalidField('to', `the period is at most ${MAX_EXPORT_DAYS} days; export it in parts`);
      const { organisations } = authTables;
      const [org] = await ctx.db
        .select({ id: organisations.id, orgNumber: organisations.orgNumber, name: organisations.name, kinds: organisations.kinds })
        .from(organisations)
        .where(/^[0-9]{9}$/.test(q.vendor) ? eq(organisations.orgNumber, q.vendor) : eq(organisations.id, q.vendor.toLowerCase()));
      if (!org) throw problems.notFound('The vendor');
      if (!org.kinds.includes('vendor')) throw new HttpProblem(400, 'not-a-vendor', `${org.name} (${org.orgNumber}) is not a vendor; gateway call records belong to vendors.`);
      const caller = req.caller!;
      const range = await exportRange(ctx.db, org.id, from, to);
      // The export itself is an act on the record.
      await appendAudit(ctx.db, {
        actor: { userId: caller.user.id, label: caller.user.email },
        orgId: org.id,
        action: 'audit.export',
        targetType: 'organisation',
        targetId: org.id,
        details: { format: q.format, from: from.toISOString(), to: to.toISOString(), entries: range ? { first: range.first, last: range.last } : null },
      });
      const scope = { vendor: { orgId: org.id, orgNumber: org.orgNumber, name: org.name }, from: from.toISOString(), to: to.toISOString(), lines: { action: CALL_BATCH_ACTION, columns: CALL_LINE_COLUMNS } };
      const stamp = `${org.orgNumber}_${from.toISOString().slice(0, 10)}_${to.toISOString().slice(0, 10)}`;
      reply.header('cache-control', 'no-store');
      if (q.format === 'csv') {
        reply.header('content-disposition', `attachment; filename="gateway-calls_${stamp}.csv"`);
        reply.type('text/csv; charset=utf-8');
        return reply.send(Readable.from(exportVendorCallsCsv(ctx.db, scope)));
      }
      reply.header('content-disposition', `attachment; filename="gateway-calls_${stamp}.jsonl"`);
      reply.type('application/x-ndjson; charset=utf-8');
      return reply.send(
        Readable.from(
          exportVendorCalls(ctx.db, {
            ...scope,
            exportedAt: new Date().toISOString(),
            exportedBy: caller.user.email,
          }),
        ),
      );
    },
  );
};

export const auditModule: SamsvarModule = { name: 'audit', routes };
