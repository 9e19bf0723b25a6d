/**
 * One SLA clock drawn on a time axis (inline SVG, no chart library):
 *  - the track runs from the clock's start to max(now, due time, stop time);
 *  - the calendar's open periods are shaded, closed (non-working) periods hatched;
 *  - the clock's segments sit on it: counting (coloured by status, red after the due time) or paused (grey);
 *    a running clock's bar is drawn on to now, and an outline shows what is left until due;
 *  - markers at the warning thresholds (50/75/90 %) and the due time, and a "now" line;
 *  - ticks in Oslo time (hours or days depending on the span).
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { useMessages } from '../../app/i18n.ts';
import { formatDateTime } from '../../app/format.ts';
import type { ClockView } from './api.ts';
import { incidentMessages } from './messages.ts';
import { useClockKind } from './Tags.tsx';
import { formatAxisDay, osloOffset, osloTime } from './time.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEPS = [5 * MIN, 15 * MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];

const H = 90;
const TRACK_Y = 24;
const TRACK_H = 30;
const BAR_Y = TRACK_Y + 9;
const BAR_H = 12;
const AXIS_Y = TRACK_Y + TRACK_H;

/** Width of the element, kept up to date. */
function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(720);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setWidth(Math.max(280, Math.floor(el.getBoundingClientRect().width)));
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** Tick instants aligned to Oslo wall-clock multiples of `step` (hours, midnights), across DST changes. */
function ticks(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  const off0 = osloOffset(from);
  for (let local = Math.ceil((from + off0) / step) * step; out.length < 200; local += step) {
    const utc = local - osloOffset(local - off0);
    if (utc > to) break;
    if (utc >= from) out.push(utc);
  }
  return out;
}

type Props = {
  clock: ClockView;
  now: number;
  /** Client time when the clock was fetched: a running bar is drawn on from there to now. */
  fetchedAt: number;
};

export function ClockAxis({ clock, now, fetchedAt }: Props) {
  const { t, lang } = useMessages(incidentMessages);
  const kindOf = useClockKind();
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const [ref, width] = useWidth<HTMLDivElement>();

  const start = Date.parse(clock.startedAt);
  const due = clock.dueAt ? Date.parse(clock.dueAt) : null;
  const stopped = clock.stoppedAt ? Date.parse(clock.stoppedAt) : null;
  const counting = clock.status === 'running' || clock.status === 'tracking';
  // A clock that has stopped for good is drawn to its stop (or due) time; a live one on to now.
  const finished = clock.status === 'met' || clock.status === 'tracked' || (clock.status === 'breached' && stopped !== null);
  const endRaw = Math.max(finished ? (stopped ?? now) : now, due ?? 0, stopped ?? 0, start + 30 * MIN);
  const span = endRaw - start;
  const padL = span * 0.02;
  const padR = span * 0.06;
  const t0 = start - padL;
  const t1 = endRaw + padR;
  const left = 8;
  const right = width - 8;
  const x = (ms: number) => left + ((ms - t0) / (t1 - t0)) * (right - left);
  const clampX = (ms: number) => Math.max(left, Math.min(right, x(ms)));

  // Open periods (detail view); without them everything counts as open.
  const open = (clock.open ?? [{ from: new Date(t0).toISOString(), to: new Date(t1).toISOString() }]).map((o) => ({
    from: Date.parse(o.from),
    to: Date.parse(o.to),
  }));

  // The open periods are known up to a little after the due time; beyond that nothing is claimed (no hatching).
  const coveredTo = clock.open?.length ? Math.max(...open.map((o) => o.to), due ?? 0) : t1;

  // Segments, the running one drawn on to now; counting time after the due time in red.
  const segs = clock.segments.map((s) => ({ from: Date.parse(s.from), to: Date.parse(s.to), counting: s.counting, reason: s.reason }));
  if (counting) {
    const last = segs[segs.length - 1];
    if (last && last.counting && last.to >= fetchedAt - 2000) last.to = Math.max(last.to, now);
    else if (!last || last.to < now) segs.push({ from: last?.to ?? start, to: now, counting: true, reason: undefined });
  }
  const pieces: { from: number; to: number; kind: 'ok' | 'late' | 'paused' }[] = [];
  for (const s of segs) {
    if (!s.counting) pieces.push({ from: s.from, to: s.to, kind: 'paused' });
    else if (due !== null && s.to > due && clock.status !== 'met') {
      if (s.from < due) pieces.push({ from: s.from, to: due, kind: 'ok' });
      pieces.push({ from: Math.max(s.from, due), to: s.to, kind: 'late' });
    } else pieces.push({ from: s.from, to: s.to, kind: 'ok' });
  }
  const barEnd = segs.length ? segs[segs.length - 1].to : start;

  // Counting time before the due time; after it the bar turns red (see `late` pieces).
  const okColor = clock.status === 'met' || clock.status === 'tracked' ? 'var(--ds-color-success-base-default)' : 'var(--ds-color-accent-base-default)';

  // Axis ticks
  const maxTicks = Math.max(2, Math.floor(width / 80));
  const step = STEPS.find((s) => (t1 - t0) / s <= maxTicks) ?? 7 * DAY;
  const tickList = ticks(t0, t1, step);
  const midnights = ticks(t0, t1, DAY);

  const thresholds = clock.thresholds.filter((th) => th.at && th.percent < 100);
  // Labels above the track, placed by priority (due, now, thresholds) without overlapping.
  type Label = { key: string; x: number; text: string; anchor: 'start' | 'middle' | 'end'; className?: string };
  const CHAR = 6.2;
  const taken: [number, number][] = [];
  const place = (key: string, at: number, text: string, className?: string): Label | null => {
    const w = text.length * CHAR;
    const px = x(at);
    const options: Label['anchor'][] = ['middle', 'start', 'end'];
    for (const anchor of options) {
      const from = anchor === 'middle' ? px - w / 2 : anchor === 'start' ? px + 3 : px - 3 - w;
      const to = from + w;
      if (from < 0 || to > width) continue;
      if (taken.some(([a, b]) => from < b + 4 && to > a - 4)) continue;
      taken.push([from, to]);
      return { key, x: anchor === 'start' ? px + 3 : anchor === 'end' ? px - 3 : px, text, anchor, className };
    }
    return null;
  };
  const topLabels: Label[] = [];
  if (due !== null && due >= t0 && due <= t1) {
    const l = place('due', due, `${t('clock.axis.due')} ${osloTime(due)}`, 'inc-axis__label--danger');
    if (l) topLabels.push(l);
  }
  if (now >= t0 && now <= t1) {
    const l = place('now', now, `${t('clock.axis.now')} ${osloTime(now)}`, 'inc-axis__label--strong');
    if (l) topLabels.push(l);
  }
  for (const th of clock.thresholds) {
    if (!th.at || th.percent >= 100) continue;
    const at = Date.parse(th.at);
    if (at < t0 || at > t1) continue;
    const l = place(`th${th.percent}`, at, `${th.percent} %`);
    if (l) topLabels.push(l);
  }
  // Day names at midnight, and at the start when the first midnight is far off.
  taken.length = 0;
  const dayLabels: Label[] = [];
  const firstMid = midnights.find((m) => x(m) >= left);
  const startText = formatAxisDay(start, lang);
  if (firstMid === undefined || x(firstMid) - (startText.length * CHAR) / 2 > left + startText.length * CHAR + 6) {
    taken.push([left, left + startText.length * CHAR]);
    dayLabels.push({ key: 'start', x: left, text: startText, anchor: 'start' });
  }
  for (const m of midnights) {
    const l = place(`d${m}`, m, formatAxisDay(m, lang));
    if (l) dayLabels.push(l);
  }

  const statusText = t(`clock.status.${clock.status}`);
  const label = t('clock.axis.label', { kind: kindOf(clock), start: formatDateTime(clock.startedAt), status: statusText });

  return (
    <div ref={ref} className="inc-axis-wrap">
      <svg
        className="inc-axis"
        width={width}
        height={H}
        viewBox={`0 0 ${width} ${H}`}
        role="img"
        aria-label={label}
        data-testid={`clock-axis-${clock.targetId}`}
        data-status={clock.status}
      >
        <defs>
          <pattern id={`hatch-${uid}`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" style={{ fill: 'var(--ds-color-neutral-background-tinted)' }} />
            <line x1="0" y1="0" x2="0" y2="6" style={{ stroke: 'var(--ds-color-neutral-border-subtle)' }} strokeWidth="3" />
          </pattern>
          <pattern id={`pause-${uid}`} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">
            <rect width="5" height="5" style={{ fill: 'var(--ds-color-neutral-surface-default, #ddd)' }} />
            <line x1="0" y1="0" x2="0" y2="5" style={{ stroke: 'var(--ds-color-neutral-border-default)' }} strokeWidth="2" />
          </pattern>
        </defs>

        {/* closed time (hatched) under the open periods */}
        <rect x={left} y={TRACK_Y} width={right - left} height={TRACK_H} rx="3" style={{ fill: 'var(--ds-color-neutral-background-default)' }} />
        <rect x={x(start)} y={TRACK_Y} width={Math.max(0, clampX(coveredTo) - x(start))} height={TRACK_H} fill={`url(#hatch-${uid})`} data-testid="clock-axis-closed" />
        {open.map((o, i) =>
          o.to > start && o.from < t1 ? (
            <rect
              key={i}
              x={Math.max(x(start), clampX(o.from))}
              y={TRACK_Y}
              width={Math.max(0.5, clampX(o.to) - Math.max(x(start), clampX(o.from)))}
              height={TRACK_H}
              style={{ fill: 'var(--ds-color-accent-surface-tinted, var(--ds-color-accent-background-tinted))' }}
              data-testid="clock-axis-open"
            />
          ) : null,
        )}
        <rect x={left} y={TRACK_Y} width={right - left} height={TRACK_H} rx="3" fill="none" style={{ stroke: 'var(--ds-color-neutral-border-subtle)' }} />

        {/* midnights */}
        {midnights.map((m) => (
          <line key={`m${m}`} x1={x(m)} x2={x(m)} y1={TRACK_Y} y2={AXIS_Y + 4} style={{ stroke: 'var(--ds-color-neutral-border-default)' }} strokeWidth="1" />
        ))}

        {/* what is left until due (outline) */}
        {due !== null && (clock.status === 'running' || clock.status === 'paused') && due > barEnd && (
          <rect
            x={x(barEnd)}
            y={BAR_Y}
            width={Math.max(0, x(due) - x(barEnd))}
            height={BAR_H}
            rx="2"
            fill="none"
            strokeDasharray="4 3"
            style={{ stroke: 'var(--ds-color-accent-border-default)' }}
            data-testid="clock-axis-left"
          />
        )}

        {/* segments */}
        {pieces.map((p, i) => (
          <rect
            key={i}
            x={x(p.from)}
            y={BAR_Y}
            width={Math.max(1, x(p.to) - x(p.from))}
            height={BAR_H}
            fill={p.kind === 'paused' ? `url(#pause-${uid})` : undefined}
            style={p.kind === 'paused' ? undefined : { fill: p.kind === 'late' ? 'var(--ds-color-danger-base-default)' : okColor }}
            data-testid={`clock-axis-segment-${p.kind}`}
          >
            <title>{`${osloTime(p.from)}–${osloTime(p.to)} ${p.kind === 'paused' ? t('clock.axis.paused') : t('clock.axis.counting')}`}</title>
          </rect>
        ))}

        {/* markers: thresholds (dashed), due (red), now (dark) */}
        {thresholds.map((th) => {
          const at = Date.parse(th.at!);
          if (at < t0 || at > t1) return null;
          const colour = th.percent >= 90 ? 'var(--ds-color-danger-border-default)' : 'var(--ds-color-warning-border-default)';
          return (
            <line
              key={th.percent}
              x1={x(at)}
              x2={x(at)}
              y1={TRACK_Y - 4}
              y2={TRACK_Y + TRACK_H}
              strokeDasharray="3 2"
              strokeWidth="1.5"
              style={{ stroke: colour }}
              data-testid={`clock-axis-threshold-${th.percent}`}
              data-reached={th.reached}
            >
              <title>{`${th.percent} %: ${formatDateTime(th.at)}`}</title>
            </line>
          );
        })}
        {due !== null && due >= t0 && due <= t1 && (
          <line x1={x(due)} x2={x(due)} y1={TRACK_Y - 8} y2={AXIS_Y + 4} strokeWidth="2" style={{ stroke: 'var(--ds-color-danger-base-default)' }} data-testid="clock-axis-due">
            <title>{`${t('clock.axis.due')} ${formatDateTime(due)}`}</title>
          </line>
        )}
        {now >= t0 && now <= t1 && (
          <line x1={x(now)} x2={x(now)} y1={TRACK_Y - 8} y2={AXIS_Y + 4} strokeWidth="2" style={{ stroke: 'var(--ds-color-neutral-text-default)' }} data-testid="clock-axis-now" />
        )}
        {topLabels.map((l) => (
          <text key={l.key} x={l.x} y={12} textAnchor={l.anchor} className={l.className}>
            {l.text}
          </text>
        ))}

        {/* ticks: times on the first row, days (at midnight) on the second */}
        {tickList.map((tk) => (
          <g key={tk}>
            <line x1={x(tk)} x2={x(tk)} y1={AXIS_Y} y2={AXIS_Y + 4} style={{ stroke: 'var(--ds-color-neutral-border-strong)' }} />
            {step < DAY && (
              <text x={x(tk)} y={AXIS_Y + 15} textAnchor="middle">
                {osloTime(tk)}
              </text>
            )}
          </g>
        ))}
        {dayLabels.map((l) => (
          <text key={l.key} x={l.x} y={step < DAY ? AXIS_Y + 28 : AXIS_Y + 15} textAnchor={l.anchor}>
            {l.text}
          </text>
        ))}
      </svg>
    </div>
  );
}

/** The legend under the clock axes. */
export function ClockLegend() {
  const { t } = useMessages(incidentMessages);
  return (
    <ul className="inc-legend" aria-hidden="true">
      <li>
        <span className="inc-swatch" style={{ background: 'var(--ds-color-accent-surface-tinted, var(--ds-color-accent-background-tinted))' }} />
        {t('clock.axis.open')}
      </li>
      <li>
        <span
          className="inc-swatch"
          style={{ background: 'repeating-linear-gradient(45deg, var(--ds-color-neutral-background-tinted) 0 3px, var(--ds-color-neutral-border-subtle) 3px 5px)' }}
        />
        {t('clock.axis.closed')}
      </li>
      <li>
        <span className="inc-swatch" style={{ background: 'var(--ds-color-accent-base-default)' }} />
        {t('clock.axis.counting')}
      </li>
      <li>
        <span
          className="inc-swatch"
          style={{ background: 'repeating-linear-gradient(-45deg, var(--ds-color-neutral-surface-default, #ddd) 0 3px, var(--ds-color-neutral-border-default) 3px 5px)' }}
        />
        {t('clock.axis.paused')}
      </li>
      <li>
        <span className="inc-swatch" style={{ background: 'var(--ds-color-danger-base-default)' }} />
        {t('clock.legend.due')}
      </li>
    </ul>
  );
}
