/**
 * The monthly incident report [S-2.2]: incidents reported in a calendar month (Oslo time), per category the count,
 * response and resolution times (median, 90th percentile, max), met and breached clocks with the share within
 * target, the breaches; per service owner where assigned; incidents per day for the chart. Clocks are re-derived
 * from the history when the report is made, so a re-classification or a policy fix shows up at once.
 */
import { and, gte, inArray, lt } from 'drizzle-orm';
import { formatInstant, parseInstant } from '../../kernel/worktime/index.ts';
import { WORKING_UNITS } from '../../kernel/policy/index.ts';
import { authTables, isCrossTenant, type Caller } from '../../platform/auth/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { problems } from '../../platform/http/problem.ts';
import { clocksFor, visibleIncidentsWhere } from './service.ts';
import type { MonthlyReport } from './schemas.ts';
import { incidentEvents, incidents } from './tables.ts';

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function monthBounds(month: string): { from: number; to: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: parseInstant(`${month}-01T00:00`), to: parseInstant(`${next}-01T00:00`) };
}

export async function monthlyReport(ctx: AppContext, caller: Caller, month: string, now = Date.now()): Promise<MonthlyReport> {
  const { from, to } = monthBounds(month);
  if (from > now) throw problems.invalidField('querystring.month', 'the month has not started yet');
  const scope = visibleIncidentsWhere(caller);
  const period = and(gte(incidents.reportedAt, new Date(from)), lt(incidents.reportedAt, new Date(to)));
  const rows = await ctx.db.select().from(incidents).where(scope ? and(period, scope) : period).orderBy(incidents.reportedAt);
  const ids = rows.map((r) => r.id);
  const events = ids.length ? await ctx.db.select().from(incidentEvents).where(inArray(incidentEvents.incidentId, ids)).orderBy(incidentEvents.at, incidentEvents.id) : [];
  const byIncident = new Map<string, typeof events>();
  for (const e of events) {
    const list = byIncident.get(e.incidentId) ?? [];
    list.push(e);
    byIncident.set(e.incidentId, list);
  }

  const policy = ctx.policy.policy;
  const cats = Object.entries(policy.incidentCategories).sort((a, b) => a[1].rank - b[1].rank);
  const perCat = new Map<string, MonthlyReport['categories'][number]>();
  const samples = new Map<string, number[]>();
  for (const [key, c] of cats) {
    const clocks: MonthlyReport['categories'][number]['clocks'] = {};
    for (const t of c.targets) {
      clocks[t.id] = {
        count: 0,
        measured: 0,
        medianMs: null,
        p90Ms: null,
        maxMs: null,
        basis: t.duration && WORKING_UNITS.includes(t.duration.unit) ? 'working' : 'calendar',
        met: 0,
        breached: 0,
        sharePercent: null,
        target: t.duration ?? null,
        clauses: t.clauses,
      };
      samples.set(`${key}:${t.id}`, []);
    }
    perCat.set(key, { category: key, name: c.name, count: 0, resolved: 0, feedbackSent: 0, clocks, breaches: [] });
  }

  const owners = new Map<string, MonthlyReport['serviceOwners'][number]>();
  const daily = new Map<string, Record<string, number>>();
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  for (let d = 1; d <= days; d++) daily.set(`${month}-${String(d).padStart(2, '0')}`, Object.fromEntries(cats.map(([k]) => [k, 0])));

  for (const inc of rows) {
    const list = byIncident.get(inc.id) ?? [];
    const result = clocksFor(ctx, list, now);
    const cat = perCat.get(result.category);
    if (!cat) continue;
    cat.count++;
    if (inc.state === 'resolved' || inc.state === 'closed') cat.resolved++;
    if (list.some((e) => e.type === 'feedback')) cat.feedbackSent++;
    const day = daily.get(formatInstant(inc.reportedAt).slice(0, 10));
    if (day) day[result.category] = (day[result.category] ?? 0) + 1;
    for (const clock of result.clocks) {
      const stat = cat.clocks[clock.targetId];
      if (!stat) continue;
      stat.count++;
      if (clock.stoppedAt !== null) {
        stat.measured++;
        samples.get(`${result.category}:${clock.targetId}`)!.push(stat.basis === 'working' ? clock.elapsed.workingMs : clock.elapsed.calendarMs);
      }
      if (clock.status === 'met' || (clock.status === 'paused' && clock.stoppedBy === 'workaround')) stat.met++;
      if (clock.status === 'breached') {
        stat.breached++;
        cat.breaches.push({ incidentId: inc.id, ref: inc.ref, title: inc.title, targetId: clock.targetId, breachedAt: new Date(clock.breachedAt!).toISOString() });
      }
    }
    if (inc.assigneeOrgId) {
      let o = owners.get(inc.assigneeOrgId);
      if (!o) owners.set(inc.assigneeOrgId, (o = { orgId: inc.assigneeOrgId, orgName: '', count: 0, byCategory: {}, breached: 0, open: 0 }));
      o.count++;
      o.byCategory[result.category] = (o.byCategory[result.category] ?? 0) + 1;
      if (result.clocks.some((c) => c.status === 'breached')) o.breached++;
      if (inc.state !== 'resolved' && inc.state !== 'closed') o.open++;
    }
  }
  for (const [key, cat] of perCat) {
    for (const [targetId, stat] of Object.entries(cat.clocks)) {
      const xs = samples.get(`${key}:${targetId}`)!.sort((a, b) => a - b);
      stat.medianMs = percentile(xs, 50);
      stat.p90Ms = percentile(xs, 90);
      stat.maxMs = xs.length ? xs[xs.length - 1]! : null;
      const judged = stat.met + stat.breached;
      stat.sharePercent = stat.target && judged ? Math.round((stat.met / judged) * 1000) / 10 : null;
    }
  }
  if (owners.size) {
    const names = await ctx.db
      .select({ id: authTables.organisations.id, name: authTables.organisations.name })
      .from(authTables.organisations)
      .where(inArray(authTables.organisations.id, [...owners.keys()]));
    for (const n of names) owners.get(n.id)!.orgName = n.name;
  }
  return {
    month,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    generatedAt: new Date(now).toISOString(),
    categories: [...perCat.values()],
    serviceOwners: [...owners.values()].filter((o) => isCrossTenant(caller) || o.orgId === caller.active?.orgId).sort((a, b) => b.count - a.count),
    daily: [...daily.entries()].map(([date, counts]) => ({ date, counts })),
  };
}

const minutes = (ms: number | null) => (ms === null ? '' : String(Math.round(ms / 6000) / 10));
const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One row per category and clock; times in minutes (working or calendar, per `basis`). */
export function reportCsv(r: MonthlyReport): string {
  const head = ['month', 'category', 'clock', 'basis', 'target', 'incidents', 'resolved', 'measured', 'median_minutes', 'p90_minutes', 'max_minutes', 'met', 'breached', 'share_percent', 'clauses'];
  const lines = [head.join(',')];
  for (const c of r.categories) {
    for (const [id, s] of Object.entries(c.clocks)) {
      lines.push(
        [r.month, c.category, id, s.basis, s.target ? `${s.target.amount} ${s.target.unit}` : 'tracked', c.count, c.resolved, s.measured, minutes(s.medianMs), minutes(s.p90Ms), minutes(s.maxMs), s.met, s.breached, s.sharePercent, s.clauses.join(' ')]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return lines.join('\r\n') + '\r\n';
}
