/**
 * Demo state history (idempotent: a component that already has state rows is left alone). About 100 days of
 * outages of each kind, written through setSignal with past times in chronological order, so the availability
 * report and the status page bars show non-trivial figures: major and partial outages and degraded performance on
 * the 24/7 components, unannounced maintenance (which counts as downtime), and on the Monday–Friday 07–20 components
 * a partial outage inside the window (counts at half) and one outside it (does not count).
 */
import { count, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { AppContext, DemoContext } from '../../platform/context.ts';
import { componentCatalogue, type ComponentState } from './catalogue.ts';
import { setSignal } from './signals.ts';
import { componentStates } from './tables.ts';

interface Episode {
  component: string;
  state: ComponentState;
  /** Days before today (moved back to the previous Monday–Friday, or Saturday, when `day` says so). */
  daysAgo: number;
  /** Local start "HH:mm" (Oslo). */
  at: string;
  minutes: number;
  day?: 'weekday' | 'saturday';
  note: string;
}

const EPISODES: Episode[] = [
  { component: 'events', state: 'major_outage', daysAgo: 95, at: '07:30', minutes: 15, note: 'Kø for hendelser stoppet' },
  { component: 'dialogporten', state: 'major_outage', daysAgo: 75, at: '16:00', minutes: 25, note: 'Databasefailover' },
  { component: 'sbl', state: 'major_outage', daysAgo: 62, at: '09:10', minutes: 47, note: 'Innlogging feilet etter sertifikatfornyelse' },
  { component: 'tul', state: 'major_outage', daysAgo: 50, at: '08:00', minutes: 60, day: 'weekday', note: 'Bygg feiler i TUL' },
  { component: 'broker', state: 'under_maintenance', daysAgo: 45, at: '23:00', minutes: 120, note: 'Vedlikehold uten varsel (teller som nedetid)' },
  { component: 'apps', state: 'partial_outage', daysAgo: 40, at: '10:00', minutes: 120, note: 'Noen apper svarer ikke' },
  { component: 'tul', state: 'major_outage', daysAgo: 36, at: '12:00', minutes: 300, day: 'saturday', note: 'Nede en lørdag (utenfor driftstiden: teller ikke)' },
  { component: 'correspondence', state: 'degraded_performance', daysAgo: 30, at: '08:00', minutes: 60, note: 'Treg utsending' },
  { component: 'tt', state: 'under_maintenance', daysAgo: 25, at: '19:00', minutes: 120, day: 'weekday', note: 'Sent varslet vedlikehold; 19–20 er innenfor driftstiden' },
  { component: 'sbl', state: 'degraded_performance', daysAgo: 20, at: '13:00', minutes: 180, note: 'Treg innboks' },
  { component: 'studio', state: 'partial_outage', daysAgo: 15, at: '10:00', minutes: 180, day: 'weekday', note: 'Publisering feiler for noen (innenfor driftstiden)' },
  { component: 'studio', state: 'partial_outage', daysAgo: 15, at: '21:00', minutes: 120, day: 'weekday', note: 'Publisering feiler for noen (utenfor driftstiden)' },
  { component: 'systemuser', state: 'partial_outage', daysAgo: 12, at: '11:00', minutes: 40, note: 'Forespørsler henger' },
  { component: 'sbl', state: 'partial_outage', daysAgo: 8, at: '02:30', minutes: 90, note: 'Feil for noen brukere om natten' },
  { component: 'apps', state: 'degraded_performance', daysAgo: 3, at: '14:00', minutes: 120, note: 'Treg innsending' },
];

function startOf(e: Episode, now: DateTime): DateTime {
  let day = now.startOf('day').minus({ days: e.daysAgo });
  if (e.day === 'weekday') while (day.weekday > 5) day = day.minus({ days: 1 });
  if (e.day === 'saturday') while (day.weekday !== 6) day = day.minus({ days: 1 });
  const [h, m] = e.at.split(':').map(Number) as [number, number];
  return day.set({ hour: h, minute: m });
}

export async function componentsDemo(ctx: AppContext, demo: DemoContext): Promise<void> {
  const known = new Set(componentCatalogue(ctx.policy.policy).map((c) => c.id));
  const ids = [...new Set(EPISODES.map((e) => e.component))].filter((id) => known.has(id));
  if (ids.length === 0) return;
  const rows = await ctx.db
    .select({ id: componentStates.componentId, n: count() })
    .from(componentStates)
    .where(inArray(componentStates.componentId, ids))
    .groupBy(componentStates.componentId);
  const busy = new Set(rows.filter((r) => Number(r.n) > 0).map((r) => r.id));
  const now = DateTime.now().setZone('Europe/Oslo');
  const list = EPISODES.filter((e) => known.has(e.component) && !busy.has(e.component))
    .map((e, i) => ({ ...e, ref: `demo-${i + 1}`, from: startOf(e, now).toJSDate(), to: startOf(e, now).plus({ minutes: e.minutes }).toJSDate() }))
    .filter((e) => e.to.getTime() < now.toMillis())
    .sort((a, b) => a.from.getTime() - b.from.getTime());
  if (list.length === 0) return;
  // chronological per component (start, end, next start …); episodes of one component never overlap
  await ctx.db.transaction(async (tx) => {
    for (const id of new Set(list.map((e) => e.component))) {
      for (const e of list.filter((x) => x.component === id)) {
        await setSignal(tx, ctx, { componentId: id, source: 'operator', ref: e.ref, state: e.state, at: e.from, note: e.note });
        await setSignal(tx, ctx, { componentId: id, source: 'operator', ref: e.ref, state: null, at: e.to });
      }
    }
  });
  demo.log(`components: ${list.length} demo outages over the last ${Math.max(...list.map((e) => e.daysAgo))} days on ${new Set(list.map((e) => e.component)).size} components`);
}
