/**
 * Monitors (S-2.3.1 probes, S-7.1.1 service owners' own apps): create, change, pause, delete, results, uptime and
 * "test now". Operators manage every monitor and may tie one to a policy component (its state then follows the
 * monitor); service owners manage the monitors of their own organisation, never tied to a component. Every target
 * passes the outbound guard when it is saved and again at every check.
 */
import { isIP } from 'node:net';
import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import { appendAudit } from '../../platform/audit/index.ts';
import { authTables, OPERATOR_ROLES, orgScope, type Caller } from '../../platform/auth/index.ts';
import { notifyChange } from '../../platform/changes/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { rowsOf, type DbOrTx } from '../../platform/db/index.ts';
import { problems } from '../../platform/http/problem.ts';
import { outboundConfig, type OutboundConfig } from '../../platform/net/ssrf.ts';
import { findComponent } from '../components/catalogue.ts';
import { endSignals } from '../components/signals.ts';
import { actorOf } from '../registry/common.ts';
import { parseExpectedStatus, runCheck, validateTarget, type CheckResult } from './check.ts';
import type * as s from './schemas.ts';
import type { MonitorStatus } from './state.ts';
import { monitorResults, monitors } from './tables.ts';

const { organisations } = authTables;
export type MonitorRow = typeof monitors.$inferSelect;

/** The change topic the prober listens on (payload: the monitor id). */
export const MONITORS_TOPIC = 'monitors';

/**
 * The outbound guard's settings for monitors: OUTBOUND_ALLOW_HTTP and OUTBOUND_ALLOW, and in demo mode (DEMO) also
 * the host of PUBLIC_URL — the demo has no internet, so its monitors check Samsvar's own endpoints.
 */
export function monitorOutbound(config: Pick<Config, 'OUTBOUND_ALLOW_HTTP' | 'OUTBOUND_ALLOW' | 'DEMO' | 'PUBLIC_URL'>): OutboundConfig {
  const base = outboundConfig(config);
  if (!config.DEMO) return base;
  const u = new URL(config.PUBLIC_URL);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const entry = isIP(host) ? `${host}/${isIP(host) === 4 ? 32 : 128}` : host;
  return { allowHttp: base.allowHttp || u.protocol === 'http:', allow: [...base.allow, entry] };
}

function isOperator(caller: Caller): boolean {
  return Boolean(caller.active && OPERATOR_ROLES.includes(caller.active.role));
}

// ---------------------------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------------------------

interface ShortUptime {
  uptime24h: number | null;
  uptime30d: number | null;
}

const pct = (ok: number, n: number): number | null => (n > 0 ? Math.round((ok / n) * 100_000) / 1000 : null);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toView(row: MonitorRow, orgName: string | null, up: ShortUptime = { uptime24h: null, uptime30d: null }): s.MonitorView {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName,
    componentId: row.componentId,
    name: row.name,
    kind: row.kind as s.MonitorView['kind'],
    target: row.target,
    method: row.method,
    expectedStatus: row.expectedStatus,
    keyword: row.keyword,
    timeoutMs: row.timeoutMs,
    intervalSeconds: row.intervalSeconds,
    failureThreshold: row.failureThreshold,
    recoveryThreshold: row.recoveryThreshold,
    downState: row.downState,
    degradedLatencyMs: row.degradedLatencyMs,
    enabled: row.enabled,
    status: row.status as MonitorStatus,
    statusSince: iso(row.statusSince),
    consecutiveFailures: row.consecutiveFailures,
    consecutiveSuccesses: row.consecutiveSuccesses,
    lastCheckedAt: iso(row.lastCheckedAt),
    lastLatencyMs: row.lastLatencyMs,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    uptime24h: up.uptime24h,
    uptime30d: up.uptime30d,
  };
}

/** Uptime over 24 hours and 30 days of several monitors, in one query. */
export async function shortUptime(db: DbOrTx, ids: string[], now = new Date()): Promise<Map<string, ShortUptime>> {
  const out = new Map<string, ShortUptime>();
  if (ids.length === 0) return out;
  const d1 = new Date(now.getTime() - 86_400_000).toISOString();
  const d30 = new Date(now.getTime() - 30 * 86_400_000).toISOString();
  const rows = rowsOf<{ monitor_id: string; n1: string; ok1: string; n30: string; ok30: string }>(
    await db.execute(sql`
      select monitor_id,
             count(*) filter (where checked_at >= ${d1}::timestamptz) as n1,
             count(*) filter (where ok and checked_at >= ${d1}::timestamptz) as ok1,
             count(*) as n30,
             count(*) filter (where ok) as ok30
        from monitor_results
       where monitor_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
         and checked_at >= ${d30}::timestamptz and checked_at <= ${now.toISOString()}::timestamptz
       group by monitor_id`),
  );
  for (const r of rows) out.set(r.monitor_id, { uptime24h: pct(Number(r.ok1), Number(r.n1)), uptime30d: pct(Number(r.ok30), Number(r.n30)) });
  return out;
}

async function orgNameOf(db: DbOrTx, orgId: string | null): Promise<string | null> {
  if (!orgId) return null;
  const [o] = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId));
  return o?.name ?? null;
}

async function viewOf(db: DbOrTx, row: MonitorRow): Promise<s.MonitorView> {
  const up = await shortUptime(db, [row.id]);
  return toView(row, await orgNameOf(db, row.orgId), up.get(row.id));
}

// ---------------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------------

/** The monitor if the caller may see it (not deleted; own organisation unless cross-tenant), else 404. */
export async function loadVisible(db: DbOrTx, caller: Caller, id: string, lock = false): Promise<MonitorRow> {
  const q = db
    .select()
    .from(monitors)
    .where(and(eq(monitors.id, id), isNull(monitors.deletedAt)));
  const [row] = lock ? await q.for('update') : await q;
  const scope = orgScope(caller);
  if (!row || (scope !== undefined && row.orgId !== scope)) throw problems.notFound('The monitor');
  return row;
}

export async function listMonitors(ctx: AppContext, caller: Caller, q: s.ListQuery): Promise<{ items: s.MonitorView[]; total: number }> {
  const scope = orgScope(caller);
  const where: SQL[] = [isNull(monitors.deletedAt)];
  if (scope !== undefined) where.push(eq(monitors.orgId, scope));
  else if (q.orgId === 'platform') where.push(isNull(monitors.orgId));
  else if (q.orgId) {
    if (!/^[0-9a-f-]{36}$/i.test(q.orgId)) throw problems.invalidField('querystring.orgId', 'must be an organisation id or "platform"');
    where.push(eq(monitors.orgId, q.orgId));
  }
  if (q.status) where.push(eq(monitors.status, q.status));
  if (q.componentId) where.push(eq(monitors.componentId, q.componentId));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(monitors.name, like), ilike(monitors.target, like))!);
  }
  const cond = and(...where);
  const [{ n }] = (await ctx.db.select({ n: count() }).from(monitors).where(cond)) as [{ n: number }];
  const rows = await ctx.db
    .select({ m: monitors, orgName: organisations.name })
    .from(monitors)
    .leftJoin(organisations, eq(organisations.id, monitors.orgId))
    .where(cond)
    .orderBy(asc(monitors.name), asc(monitors.id))
    .limit(q.limit ?? 50)
    .offset(q.offset ?? 0);
  const up = await shortUptime(
    ctx.db,
    rows.map((r) => r.m.id),
  );
  return { items: rows.map((r) => toView(r.m, r.orgName ?? null, up.get(r.m.id))), total: Number(n) };
}

export async function getMonitor(ctx: AppContext, caller: Caller, id: string): Promise<s.MonitorView> {
  return viewOf(ctx.db, await loadVisible(ctx.db, caller, id));
}

export async function listResults(ctx: AppContext, caller: Caller, id: string, q: s.ResultsQuery) {
  await loadVisible(ctx.db, caller, id);
  const limit = q.limit ?? 100;
  const where: SQL[] = [eq(monitorResults.monitorId, id)];
  if (q.from) where.push(gte(monitorResults.checkedAt, new Date(q.from)));
  if (q.to) where.push(lt(monitorResults.checkedAt, new Date(q.to)));
  if (q.before) {
    // Cursor "<checkedAt ms>.<id>": the page goes on after that result (newest first).
    const [ms, rid] = q.before.split('.').map(Number) as [number, number];
    const at = new Date(ms);
    where.push(or(lt(monitorResults.checkedAt, at), and(eq(monitorResults.checkedAt, at), lt(monitorResults.id, rid)))!);
  }
  const rows = await ctx.db
    .select()
    .from(monitorResults)
    .where(and(...where))
    .orderBy(desc(monitorResults.checkedAt), desc(monitorResults.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  const items = rows.slice(0, limit).map((r) => ({
    id: String(r.id),
    checkedAt: r.checkedAt.toISOString(),
    ok: r.ok,
    statusCode: r.statusCode,
    latencyMs: r.latencyMs,
    error: r.error,
  }));
  const lastRow = rows[Math.min(rows.length, limit) - 1];
  return { items, nextCursor: more && lastRow ? `${lastRow.checkedAt.getTime()}.${lastRow.id}` : null };
}

const WINDOWS = [
  { window: '24h', ms: 86_400_000 },
  { window: '7d', ms: 7 * 86_400_000 },
  { window: '30d', ms: 30 * 86_400_000 },
] as const;

/** Share of successful checks and latency percentiles (successful checks) over 24 h, 7 d and 30 d. */
export async function uptimeSummary(db: DbOrTx, monitorId: string, now = new Date()) {
  const cols = WINDOWS.map((w, i) => {
    const since = sql`${new Date(now.getTime() - w.ms).toISOString()}::timestamptz`;
    return sql`count(*) filter (where checked_at >= ${since}) as ${sql.raw(`n${i}`)},
      count(*) filter (where ok and checked_at >= ${since}) as ${sql.raw(`ok${i}`)},
      percentile_cont(0.5) within group (order by latency_ms) filter (where ok and checked_at >= ${since}) as ${sql.raw(`p50_${i}`)},
      percentile_cont(0.95) within group (order by latency_ms) filter (where ok and checked_at >= ${since}) as ${sql.raw(`p95_${i}`)}`;
  });
  const [row] = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      select ${sql.join(cols, sql`, `)}
        from monitor_results
       where monitor_id = ${monitorId}::uuid
         and checked_at >= ${new Date(now.getTime() - 30 * 86_400_000).toISOString()}::timestamptz
         and checked_at <= ${now.toISOString()}::timestamptz`),
  );
  const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
  return {
    monitorId,
    windows: WINDOWS.map((w, i) => {
      const n = Number(row?.[`n${i}`] ?? 0);
      const ok = Number(row?.[`ok${i}`] ?? 0);
      return { window: w.window, checks: n, okChecks: ok, uptime: pct(ok, n), p50LatencyMs: num(row?.[`p50_${i}`]), p95LatencyMs: num(row?.[`p95_${i}`]) };
    }),
  };
}

export async function getUptime(ctx: AppContext, caller: Caller, id: string) {
  await loadVisible(ctx.db, caller, id);
  return uptimeSummary(ctx.db, id);
}

// ---------------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------------

type Definition = Pick<
  MonitorRow,
  | 'name'
  | 'kind'
  | 'target'
  | 'method'
  | 'expectedStatus'
  | 'keyword'
  | 'timeoutMs'
  | 'intervalSeconds'
  | 'failureThreshold'
  | 'recoveryThreshold'
  | 'downState'
  | 'degradedLatencyMs'
  | 'enabled'
  | 'componentId'
>;

/** Fields whose change makes earlier verdicts meaningless: the status starts again from unknown. */
const CHECK_FIELDS: (keyof Definition)[] = ['kind', 'target', 'method', 'expectedStatus', 'keyword', 'timeoutMs', 'componentId', 'downState', 'degradedLatencyMs', 'enabled'];

async function validateDefinition(ctx: AppContext, d: Definition): Promise<void> {
  const min = ctx.config.MONITOR_MIN_INTERVAL_SECONDS;
  if (d.intervalSeconds < min) throw problems.invalidField('body.intervalSeconds', `must be at least ${min} seconds`);
  if (d.timeoutMs > d.intervalSeconds * 1000) throw problems.invalidField('body.timeoutMs', `must not be longer than the interval (${d.intervalSeconds * 1000} ms)`);
  if (d.kind === 'tcp' && d.keyword) throw problems.invalidField('body.keyword', 'a tcp monitor has no answer to search; leave the keyword out');
  try {
    parseExpectedStatus(d.expectedStatus);
  } catch (e) {
    throw problems.invalidField('body.expectedStatus', (e as Error).message);
  }
  if (d.componentId !== null && !findComponent(ctx.policy.policy, d.componentId)) {
    throw problems.invalidField('body.componentId', `no component "${d.componentId}" in the policy`);
  }
  try {
    await validateTarget(d.kind, d.target, monitorOutbound(ctx.config));
  } catch (e) {
    throw problems.invalidField('body.target', (e as Error).message);
  }
}

function definitionOf(body: s.CreateBody): Definition {
  const kind = body.kind;
  return {
    name: body.name.trim(),
    kind,
    target: body.target.trim(),
    method: kind === 'tcp' ? 'GET' : (body.method ?? 'GET'),
    expectedStatus: (body.expectedStatus ?? '200-299').replace(/\s+/g, ''),
    keyword: body.keyword ?? null,
    timeoutMs: body.timeoutMs ?? 10_000,
    intervalSeconds: body.intervalSeconds ?? 60,
    failureThreshold: body.failureThreshold ?? 3,
    recoveryThreshold: body.recoveryThreshold ?? 1,
    downState: body.downState ?? 'major_outage',
    degradedLatencyMs: body.degradedLatencyMs ?? null,
    enabled: body.enabled ?? true,
    componentId: body.componentId ?? null,
  };
}

export async function createMonitor(ctx: AppContext, caller: Caller, body: s.CreateBody): Promise<s.MonitorView> {
  const operator = isOperator(caller);
  let orgId: string | null;
  if (operator) {
    orgId = body.orgId ?? null;
    if (orgId && !(await orgNameOf(ctx.db, orgId))) throw problems.invalidField('body.orgId', 'no such organisation');
  } else {
    orgId = caller.active!.orgId;
    if (body.orgId !== undefined && body.orgId !== orgId) throw problems.forbidden('Service owners create monitors for their own organisation only.');
    if (body.componentId) throw problems.forbidden('Only operators may tie a monitor to a component.');
  }
  const d = definitionOf(body);
  await validateDefinition(ctx, d);
  // Timestamps in whole milliseconds: the prober compares updated_at with the JavaScript Date it read.
  const now = new Date();
  const row = await ctx.db.transaction(async (tx) => {
    const [m] = await tx
      .insert(monitors)
      .values({ ...d, orgId, createdBy: caller.user.id, createdAt: now, updatedAt: now })
      .returning();
    await appendAudit(tx, { actor: actorOf(caller), orgId, action: 'monitor.create', targetType: 'monitor', targetId: m!.id, after: d });
    await notifyChange(tx, MONITORS_TOPIC, m!.id);
    return m!;
  });
  return viewOf(ctx.db, row);
}

export async function updateMonitor(ctx: AppContext, caller: Caller, id: string, body: s.UpdateBody, action = 'monitor.update'): Promise<s.MonitorView> {
  if (body.componentId && !isOperator(caller)) throw problems.forbidden('Only operators may tie a monitor to a component.');
  // Checked outside the transaction first (the target check may resolve a name), then again under the lock.
  const before = await loadVisible(ctx.db, caller, id);
  const merged = (row: MonitorRow): Definition => {
    const d: Definition = {
      name: body.name?.trim() ?? row.name,
      kind: body.kind ?? row.kind,
      target: body.target?.trim() ?? row.target,
      method: body.method ?? row.method,
      expectedStatus: body.expectedStatus?.replace(/\s+/g, '') ?? row.expectedStatus,
      keyword: body.keyword !== undefined ? body.keyword : row.keyword,
      timeoutMs: body.timeoutMs ?? row.timeoutMs,
      intervalSeconds: body.intervalSeconds ?? row.intervalSeconds,
      failureThreshold: body.failureThreshold ?? row.failureThreshold,
      recoveryThreshold: body.recoveryThreshold ?? row.recoveryThreshold,
      downState: body.downState ?? row.downState,
      degradedLatencyMs: body.degradedLatencyMs !== undefined ? body.degradedLatencyMs : row.degradedLatencyMs,
      enabled: body.enabled ?? row.enabled,
      componentId: body.componentId !== undefined ? body.componentId : row.componentId,
    };
    if (d.kind === 'tcp') d.method = 'GET';
    return d;
  };
  await validateDefinition(ctx, merged(before));
  const row = await ctx.db.transaction(async (tx) => {
    const cur = await loadVisible(tx, caller, id, true);
    const d = merged(cur);
    const changed = CHECK_FIELDS.some((k) => d[k] !== cur[k]);
    const now = new Date();
    const reset = changed ? { status: 'unknown', consecutiveFailures: 0, consecutiveSuccesses: 0, statusSince: now, lastError: null } : {};
    if (changed) await endSignals(tx, ctx, 'monitor', id, now);
    const [m] = await tx
      .update(monitors)
      .set({ ...d, ...reset, updatedAt: now })
      .where(eq(monitors.id, id))
      .returning();
    const diff = Object.fromEntries((Object.keys(d) as (keyof Definition)[]).filter((k) => d[k] !== cur[k]).map((k) => [k, d[k]]));
    await appendAudit(tx, {
      actor: actorOf(caller),
      orgId: cur.orgId,
      action,
      targetType: 'monitor',
      targetId: id,
      before: Object.fromEntries(Object.keys(diff).map((k) => [k, cur[k as keyof Definition]])),
      after: diff,
    });
    await notifyChange(tx, MONITORS_TOPIC, id);
    return m!;
  });
  return viewOf(ctx.db, row);
}

export async function setPaused(ctx: AppContext, caller: Caller, id: string, paused: boolean): Promise<s.MonitorView> {
  return updateMonitor(ctx, caller, id, { enabled: !paused }, paused ? 'monitor.pause' : 'monitor.resume');
}

/** Soft delete: the monitor stops, its signal on the component ends, its results stay until retention prunes them. */
export async function deleteMonitor(ctx: AppContext, caller: Caller, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const cur = await loadVisible(tx, caller, id, true);
    const now = new Date();
    await endSignals(tx, ctx, 'monitor', id, now);
    await tx.update(monitors).set({ deletedAt: now, enabled: false, updatedAt: now }).where(eq(monitors.id, id));
    await appendAudit(tx, { actor: actorOf(caller), orgId: cur.orgId, action: 'monitor.delete', targetType: 'monitor', targetId: id, before: { name: cur.name, target: cur.target } });
    await notifyChange(tx, MONITORS_TOPIC, id);
  });
}

/** "Test now": one check of a definition, through the guard; nothing is stored. */
export async function testDefinition(ctx: AppContext, caller: Caller, body: s.TestBody): Promise<CheckResult & { checkedAt: string }> {
  if (!caller.active) throw problems.forbidden('You are not a member of any organisation.');
  const d = definitionOf({ name: 'test', ...body } as s.CreateBody);
  // The interval does not matter for one check.
  await validateDefinition(ctx, { ...d, intervalSeconds: Math.max(ctx.config.MONITOR_MIN_INTERVAL_SECONDS, Math.ceil(d.timeoutMs / 1000)), componentId: null });
  const checkedAt = new Date().toISOString();
  return { ...(await runCheck(d, monitorOutbound(ctx.config), { keepAlive: false })), checkedAt };
}

/** "Test now" of a saved monitor; its state and results are not touched. */
export async function testMonitor(ctx: AppContext, caller: Caller, id: string): Promise<CheckResult & { checkedAt: string }> {
  const row = await loadVisible(ctx.db, caller, id);
  const checkedAt = new Date().toISOString();
  return { ...(await runCheck(row, monitorOutbound(ctx.config), { keepAlive: false })), checkedAt };
}

/** Deletes results older than the retention; resolves to the number deleted. */
export async function pruneResults(db: DbOrTx, retentionDays: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const [row] = rowsOf<{ n: string }>(
    await db.execute(sql`with d as (delete from monitor_results where checked_at < ${cutoff.toISOString()}::timestamptz returning 1) select count(*) as n from d`),
  );
  return Number(row?.n ?? 0);
}

/** Monitors of these ids that are not deleted (used by the prober on a change notice). */
export async function activeMonitors(db: DbOrTx, ids?: string[]): Promise<MonitorRow[]> {
  const where: SQL[] = [isNull(monitors.deletedAt), eq(monitors.enabled, true)];
  if (ids) where.push(inArray(monitors.id, ids));
  return db
    .select()
    .from(monitors)
    .where(and(...where));
}
