/** Inline SVG charts of availability: per component against its target, per-day bars by worst state, and the state timeline. */
import { formatDate, formatDateTime } from '../../app/format.ts';
import { useMessages } from '../../app/i18n.ts';
import type { ComponentMonth, ComponentState, DayFigure, HistoryItem } from './api.ts';
import { availabilityMessages } from './messages.ts';
import { formatPercent } from './format.ts';

export const STATE_FILL: Record<ComponentState, string> = {
  operational: 'var(--ds-color-success-base-default)',
  degraded_performance: 'var(--ds-color-warning-border-default)',
  partial_outage: 'var(--ds-color-warning-base-default)',
  major_outage: 'var(--ds-color-danger-base-default)',
  under_maintenance: 'var(--ds-color-accent-base-default)',
};
const NONE_FILL = 'var(--ds-color-neutral-background-tinted)';
export const STATES: ComponentState[] = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];

export function StateLegend() {
  const { t } = useMessages(availabilityMessages);
  return (
    <ul className="av-legend" aria-hidden="true">
      {STATES.map((s) => (
        <li key={s}>
          <span className="av-swatch" style={{ background: STATE_FILL[s] }} />
          {t(`state.${s}`)}
        </li>
      ))}
    </ul>
  );
}

/** One bar per component: availability on a scale from `lo` to 100 %, with a mark at the component's target. */
export function TargetChart({ rows }: { rows: { id: string; label: string; month: ComponentMonth }[] }) {
  const { t, lang } = useMessages(availabilityMessages);
  const values = rows.flatMap((r) => [r.month.target, ...(r.month.availability === null ? [] : [r.month.availability])]);
  const lo = Math.max(0, Math.floor(Math.min(100, ...values) - 0.5));
  const W = 760;
  const rowH = 28;
  const m = { l: 220, r: 120, t: 8, b: 24 };
  const H = m.t + rows.length * rowH + m.b;
  const plotW = W - m.l - m.r;
  const x = (pct: number) => m.l + ((Math.max(lo, Math.min(100, pct)) - lo) / (100 - lo)) * plotW;
  const ticks = Array.from(new Set([lo, lo + (100 - lo) / 2, 100].map((v) => Math.round(v * 10) / 10)));
  return (
    <figure className="stack" style={{ margin: 0 }}>
      <svg className="av-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('avail.chartLabel')} data-testid="avail-target-chart">
        {ticks.map((p) => (
          <g key={p}>
            <line x1={x(p)} x2={x(p)} y1={m.t} y2={H - m.b} style={{ stroke: 'var(--ds-color-neutral-border-subtle)' }} />
            <text x={x(p)} y={H - m.b + 14} textAnchor="middle">
              {formatPercent(p, lang, 1)}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const a = r.month.availability;
          const yy = m.t + i * rowH + 5;
          const colour = a === null ? NONE_FILL : r.month.met ? 'var(--ds-color-success-base-default)' : 'var(--ds-color-danger-base-default)';
          return (
            <g key={r.id} data-testid={`avail-bar-${r.id}`} data-availability={a ?? ''} data-met={String(r.month.met)}>
              <text x={m.l - 8} y={yy + 13} textAnchor="end" className="av-chart__value">
                {r.label}
              </text>
              <rect x={m.l} y={yy} width={plotW} height={rowH - 10} style={{ fill: 'var(--ds-color-neutral-background-tinted)' }} />
              {a !== null && (
                <rect x={m.l} y={yy} width={Math.max(1, x(a) - m.l)} height={rowH - 10} style={{ fill: colour }}>
                  <title>{`${r.label}: ${formatPercent(a, lang)} (${t('avail.target')} ${formatPercent(r.month.target, lang, 1)})`}</title>
                </rect>
              )}
              <line x1={x(r.month.target)} x2={x(r.month.target)} y1={yy - 3} y2={yy + rowH - 7} strokeWidth="2" style={{ stroke: 'var(--ds-color-neutral-text-default)' }} data-testid={`avail-target-${r.id}`} />
              <text x={W - m.r + 8} y={yy + 13} className="av-chart__value">
                {a === null ? t('avail.noWindow') : formatPercent(a, lang)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted av-caption">{t('avail.chartScale', { min: lo })}</figcaption>
    </figure>
  );
}

/** One small bar per day, coloured by the day's worst state inside the window (grey: no operating time that day). */
export function DayBars({ days, name, testId }: { days: DayFigure[]; name: string; testId: string }) {
  const { t, lang } = useMessages(availabilityMessages);
  const W = 760;
  const H = 44;
  const slot = W / Math.max(1, days.length);
  const gap = slot > 6 ? 2 : 1;
  return (
    <svg className="av-days" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('avail.daysLabel', { name })} data-testid={testId} preserveAspectRatio="none">
      {days.map((d, i) => {
        const none = d.availability === null;
        const title = none
          ? t('avail.dayNone', { date: formatDate(d.date) })
          : t('avail.dayTitle', { date: formatDate(d.date), pct: formatPercent(d.availability!, lang), state: t(`state.${d.worst}`) });
        return (
          <rect key={d.date} x={i * slot + gap / 2} y={4} width={Math.max(1, slot - gap)} height={H - 8} rx={1.5} style={{ fill: none ? NONE_FILL : STATE_FILL[d.worst] }} data-date={d.date} data-worst={none ? 'none' : d.worst}>
            <title>{title}</title>
          </rect>
        );
      })}
    </svg>
  );
}

/** The state history as coloured spans along a time axis (gaps are operational). */
export function Timeline({ items, from, to, name, now }: { items: HistoryItem[]; from: number; to: number; name: string; now: number }) {
  const { t } = useMessages(availabilityMessages);
  const W = 760;
  const H = 70;
  const m = { l: 8, r: 8, t: 8, b: 24 };
  const plotW = W - m.l - m.r;
  const end = Math.min(to, now);
  const x = (ms: number) => m.l + ((Math.max(from, Math.min(to, ms)) - from) / (to - from)) * plotW;
  const spanDays = (to - from) / 86_400_000;
  const step = spanDays <= 8 ? 1 : spanDays <= 35 ? 7 : 30;
  const ticks: number[] = [];
  const first = new Date(from);
  first.setUTCHours(0, 0, 0, 0);
  for (let d = first.getTime() + 86_400_000; d < to; d += step * 86_400_000) ticks.push(d);
  return (
    <svg className="av-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('comp.timelineLabel', { name, from: formatDateTime(from), to: formatDateTime(to) })} data-testid="comp-timeline">
      <rect x={m.l} y={m.t} width={x(end) - m.l} height={H - m.t - m.b} style={{ fill: STATE_FILL.operational }} />
      {end < to && <rect x={x(end)} y={m.t} width={x(to) - x(end)} height={H - m.t - m.b} style={{ fill: NONE_FILL }} />}
      {items
        .filter((it) => it.state !== 'operational')
        .map((it) => {
          const a = Date.parse(it.from);
          const b = it.to ? Date.parse(it.to) : end;
          return (
            <rect key={`${it.from}-${it.state}`} x={x(a)} y={m.t} width={Math.max(2, x(b) - x(a))} height={H - m.t - m.b} style={{ fill: STATE_FILL[it.state] }} data-state={it.state} data-testid="comp-timeline-span">
              <title>{`${t(`state.${it.state}`)}: ${formatDateTime(a)} – ${it.to ? formatDateTime(b) : t('comp.ongoing')}`}</title>
            </rect>
          );
        })}
      {ticks.map((d) => (
        <g key={d}>
          <line x1={x(d)} x2={x(d)} y1={H - m.b} y2={H - m.b + 4} style={{ stroke: 'var(--ds-color-neutral-border-strong)' }} />
          <text x={x(d)} y={H - m.b + 16} textAnchor="middle">
            {formatDate(new Date(d)).slice(0, 5)}
          </text>
        </g>
      ))}
    </svg>
  );
}
