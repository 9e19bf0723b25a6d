/** The monthly report's charts, as inline SVG (no chart library): incidents per day by category, and the share within target. */
import { useMessages } from '../../app/i18n.ts';
import type { MonthlyReport } from './api.ts';
import { incidentMessages } from './messages.ts';
import { useClockKind } from './Tags.tsx';

export const CATEGORY_FILL: Record<string, string> = {
  A: 'var(--ds-color-danger-base-default)',
  B: 'var(--ds-color-warning-base-default)',
  C: 'var(--ds-color-neutral-border-default)',
};
const fillOf = (key: string) => CATEGORY_FILL[key] ?? 'var(--ds-color-accent-base-default)';

function niceMax(n: number): number {
  if (n <= 4) return Math.max(1, n);
  const step = n <= 10 ? 2 : n <= 25 ? 5 : n <= 50 ? 10 : Math.ceil(n / 50) * 10;
  return Math.ceil(n / step) * step;
}

function CategoryLegend({ keys, names }: { keys: string[]; names: Map<string, string> }) {
  return (
    <ul className="inc-legend" aria-hidden="true">
      {keys.map((k) => (
        <li key={k}>
          <span className="inc-swatch" style={{ background: fillOf(k) }} />
          {k} – {names.get(k) ?? k}
        </li>
      ))}
    </ul>
  );
}

/** Stacked bars: incidents reported per day of the month, one colour per category. */
export function DailyChart({ report }: { report: MonthlyReport }) {
  const { t, pick } = useMessages(incidentMessages);
  const keys = report.categories.map((c) => c.category);
  const names = new Map(report.categories.map((c) => [c.category, pick(c.name)]));
  const W = 760;
  const H = 230;
  const m = { l: 34, r: 8, t: 10, b: 30 };
  const days = report.daily;
  const totals = days.map((d) => keys.reduce((n, k) => n + (d.counts[k] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const plotW = W - m.l - m.r;
  const plotH = H - m.t - m.b;
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => m.t + plotH - (v / max) * plotH;
  const yTicks = Array.from(new Set([0, max / 4, max / 2, (3 * max) / 4, max].map((v) => Math.round(v))));
  const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();

  return (
    <figure className="stack" style={{ margin: 0 }}>
      <svg className="inc-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('report.dailyLabel')} data-testid="report-daily-chart">
        {days.map((d, i) =>
          weekday(d.date) === 0 || weekday(d.date) === 6 ? (
            <rect key={`w${d.date}`} x={m.l + i * slot} y={m.t} width={slot} height={plotH} style={{ fill: 'var(--ds-color-neutral-background-tinted)' }} />
          ) : null,
        )}
        {yTicks.map((v) => (
          <g key={v}>
            <line x1={m.l} x2={W - m.r} y1={y(v)} y2={y(v)} style={{ stroke: 'var(--ds-color-neutral-border-subtle)' }} />
            <text x={m.l - 6} y={y(v) + 4} textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          let acc = 0;
          const x = m.l + i * slot + (slot - barW) / 2;
          return (
            <g key={d.date} data-testid={`report-day-${d.date}`} data-total={totals[i]}>
              {keys.map((k) => {
                const n = d.counts[k] ?? 0;
                if (!n) return null;
                const y0 = y(acc);
                acc += n;
                const y1 = y(acc);
                return (
                  <rect key={k} x={x} y={y1} width={barW} height={Math.max(1, y0 - y1)} style={{ fill: fillOf(k) }}>
                    <title>{`${d.date}: ${k} ${n}`}</title>
                  </rect>
                );
              })}
              {(i % (days.length > 20 ? 2 : 1) === 0 || i === days.length - 1) && (
                <text x={m.l + i * slot + slot / 2} y={H - m.b + 14} textAnchor="middle">
                  {Number(d.date.slice(8, 10))}
                </text>
              )}
            </g>
          );
        })}
        <line x1={m.l} x2={W - m.r} y1={y(0)} y2={y(0)} style={{ stroke: 'var(--ds-color-neutral-border-strong)' }} />
      </svg>
      <CategoryLegend keys={keys} names={names} />
    </figure>
  );
}

/** One bar per category and clock with a deadline: the share within target, against the 100 % line. */
export function ShareChart({ report }: { report: MonthlyReport }) {
  const { t, pick } = useMessages(incidentMessages);
  const kindOf = useClockKind();
  const rows = report.categories.flatMap((c) =>
    Object.entries(c.clocks)
      .filter(([, s]) => s.sharePercent !== null)
      .map(([targetId, s]) => ({ key: `${c.category}-${targetId}`, category: c.category, name: pick(c.name), label: `${c.category} · ${kindOf({ kind: targetId, targetId })}`, stat: s })),
  );
  if (rows.length === 0) return <p className="muted">{t('report.noShares')}</p>;
  const W = 760;
  const rowH = 30;
  const m = { l: 150, r: 110, t: 8, b: 24 };
  const H = m.t + rows.length * rowH + m.b;
  const plotW = W - m.l - m.r;
  const x = (pct: number) => m.l + (Math.max(0, Math.min(100, pct)) / 100) * plotW;
  return (
    <svg className="inc-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('report.shareChartLabel')} data-testid="report-share-chart">
      {[0, 25, 50, 75].map((p) => (
        <g key={p}>
          <line x1={x(p)} x2={x(p)} y1={m.t} y2={H - m.b} style={{ stroke: 'var(--ds-color-neutral-border-subtle)' }} />
          <text x={x(p)} y={H - m.b + 14} textAnchor="middle">
            {p} %
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        const pct = r.stat.sharePercent ?? 0;
        const yy = m.t + i * rowH + 5;
        const colour = pct >= 100 ? 'var(--ds-color-success-base-default)' : pct >= 90 ? 'var(--ds-color-warning-base-default)' : 'var(--ds-color-danger-base-default)';
        return (
          <g key={r.key} data-testid={`report-share-${r.key}`} data-share={pct}>
            <text x={m.l - 8} y={yy + 14} textAnchor="end" className="inc-chart__value">
              {r.label}
            </text>
            <rect x={m.l} y={yy} width={plotW} height={rowH - 10} style={{ fill: 'var(--ds-color-neutral-background-tinted)' }} />
            <rect x={m.l} y={yy} width={Math.max(0, x(pct) - m.l)} height={rowH - 10} style={{ fill: colour }}>
              <title>{`${r.label}: ${pct.toFixed(1)} %`}</title>
            </rect>
            <text x={W - m.r + 8} y={yy + 14} className="inc-chart__value">
              {`${pct.toLocaleString('nb-NO', { maximumFractionDigits: 1 })} % (${r.stat.met}/${r.stat.met + r.stat.breached})`}
            </text>
          </g>
        );
      })}
      <line x1={x(100)} x2={x(100)} y1={m.t - 4} y2={H - m.b} strokeWidth="2" style={{ stroke: 'var(--ds-color-neutral-text-default)' }} data-testid="report-share-target" />
      <text x={x(100)} y={H - m.b + 14} textAnchor="middle" className="inc-chart__value">
        100 %
      </text>
    </svg>
  );
}
