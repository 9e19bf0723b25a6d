/** Pieces shared by the monitor pages: the status dot, the latency chart (inline SVG) and the strip of results. */
import { formatDateTime } from '../../app/format.ts';
import { useMessages } from '../../app/i18n.ts';
import type { CheckResult, Monitor, ResultItem } from './api.ts';
import { monitorMessages } from './messages.ts';

export function StatusDot({ m }: { m: Pick<Monitor, 'status' | 'enabled'> }) {
  const { t } = useMessages(monitorMessages);
  const key = m.enabled ? m.status : 'paused';
  return (
    <span className="mon-status" data-testid="monitor-status" data-status={key}>
      <span className={`mon-dot mon-dot--${key}`} aria-hidden="true" />
      {t(`status.${key}` as 'status.up')}
    </span>
  );
}

export function fmtPercent(v: number | null): string {
  if (v === null) return '–';
  return `${v.toLocaleString('nb-NO', { maximumFractionDigits: v >= 99 ? 2 : 1 })} %`;
}

/** Latency per check over time (successful checks as a line, failures as red marks on the axis). */
export function LatencyChart({ results, from, to }: { results: ResultItem[]; from: number; to: number }) {
  const { t } = useMessages(monitorMessages);
  const W = 760;
  const H = 200;
  const m = { l: 48, r: 8, t: 10, b: 26 };
  const pts = [...results].sort((a, b) => a.checkedAt.localeCompare(b.checkedAt));
  const okPts = pts.filter((r) => r.ok);
  const maxRaw = Math.max(1, ...okPts.map((r) => r.latencyMs));
  const step = maxRaw <= 50 ? 10 : maxRaw <= 200 ? 50 : maxRaw <= 1000 ? 250 : 1000;
  const max = Math.ceil(maxRaw / step) * step;
  const plotW = W - m.l - m.r;
  const plotH = H - m.t - m.b;
  const x = (ms: number) => m.l + ((ms - from) / Math.max(1, to - from)) * plotW;
  const y = (v: number) => m.t + plotH - (v / max) * plotH;
  const path = okPts.map((r, i) => `${i === 0 ? 'M' : 'L'}${x(Date.parse(r.checkedAt)).toFixed(1)},${y(r.latencyMs).toFixed(1)}`).join(' ');
  const ticks = [0, max / 2, max];
  const hours = Array.from({ length: 5 }, (_, i) => from + ((to - from) * i) / 4);
  return (
    <svg className="mon-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('detail.chartLabel', { n: pts.length, max: maxRaw })} data-testid="monitor-latency-chart">
      {ticks.map((v) => (
        <g key={v}>
          <line x1={m.l} x2={W - m.r} y1={y(v)} y2={y(v)} style={{ stroke: 'var(--ds-color-neutral-border-subtle)' }} />
          <text x={m.l - 6} y={y(v) + 4} textAnchor="end">
            {Math.round(v)} ms
          </text>
        </g>
      ))}
      {hours.map((h, i) => (
        <text key={i} x={x(h)} y={H - 6} textAnchor={i === 0 ? 'start' : i === 4 ? 'end' : 'middle'}>
          {formatDateTime(new Date(h)).slice(11)}
        </text>
      ))}
      {path && <path d={path} fill="none" style={{ stroke: 'var(--ds-color-accent-base-default)', strokeWidth: 1.5 }} />}
      {pts
        .filter((r) => !r.ok)
        .map((r) => (
          <line key={r.id} x1={x(Date.parse(r.checkedAt))} x2={x(Date.parse(r.checkedAt))} y1={m.t + plotH - 8} y2={m.t + plotH} style={{ stroke: 'var(--ds-color-danger-base-default)', strokeWidth: 2 }}>
            <title>{`${formatDateTime(r.checkedAt)} ${r.error ?? ''}`}</title>
          </line>
        ))}
    </svg>
  );
}

/** One cell per check, oldest first: green ok, red failed. */
export function ResultsStrip({ results }: { results: ResultItem[] }) {
  const { t } = useMessages(monitorMessages);
  const cells = [...results].reverse();
  const ok = cells.filter((r) => r.ok).length;
  return (
    <div className="mon-strip" role="img" aria-label={t('detail.stripLabel', { ok, n: cells.length })} data-testid="monitor-results-strip">
      {cells.map((r) => (
        <span
          key={r.id}
          className={`mon-strip__cell${r.ok ? '' : ' mon-strip__cell--fail'}`}
          title={`${formatDateTime(r.checkedAt)} · ${r.ok ? 'OK' : (r.error ?? '')} · ${r.latencyMs} ms`}
          data-ok={r.ok}
        />
      ))}
    </div>
  );
}

/** The answer of "test now", in words. */
export function useTestText() {
  const { t } = useMessages(monitorMessages);
  return (r: CheckResult) => {
    const detail = r.statusCode === null ? (r.ok ? t('test.detailTcp', { ms: r.latencyMs }) : `${r.error ?? ''}`) : `${t('test.detail', { status: r.statusCode, ms: r.latencyMs })}${r.ok ? '' : ` – ${r.error ?? ''}`}`;
    return r.ok ? t('test.ok', { detail }) : t('test.fail', { detail });
  };
}
