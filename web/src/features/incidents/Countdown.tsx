import { useMessages } from '../../app/i18n.ts';
import type { ClockView } from './api.ts';
import { incidentMessages } from './messages.ts';
import { useClockKind } from './Tags.tsx';
import { formatDue, formatDuration, liveClock, percentLevel, useNow } from './time.ts';

type Props = {
  clock: ClockView | null;
  /** Client time (ms) when the clock was fetched: the figures move on from there. */
  fetchedAt: number;
  /** Show the clock's kind above the figure (lists). */
  showKind?: boolean;
  'data-testid'?: string;
};

/** A percent bar coloured at the warning thresholds (50/75/90 %) and red once due. */
export function PercentBar({ percent, label }: { percent: number | null; label: string }) {
  if (percent === null) return null;
  const shown = Math.max(0, Math.min(100, percent));
  const level = percentLevel(percent);
  return (
    <div
      className="inc-bar"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(shown)}
      aria-label={label}
      data-level={level}
      data-testid="clock-percent"
      data-percent={Math.round(percent)}
    >
      <div className={`inc-bar__fill inc-bar__fill--${level}`} style={{ width: `${shown}%` }} />
      <span className="inc-bar__tick" style={{ left: '50%' }} />
      <span className="inc-bar__tick" style={{ left: '75%' }} />
      <span className="inc-bar__tick" style={{ left: '90%' }} />
    </div>
  );
}

/**
 * The live figure of one SLA clock, ticking every second: time left until due (calendar time), "overdue by …" in
 * red once breached, paused / met / tracking states, and the percent bar.
 */
export function Countdown({ clock, fetchedAt, showKind, 'data-testid': testId = 'clock-countdown' }: Props) {
  const { t, lang } = useMessages(incidentMessages);
  const kindOf = useClockKind();
  const now = useNow();
  if (!clock) return <span className="muted">{t('clock.noClock')}</span>;
  const live = liveClock(clock, fetchedAt, now);
  const d = (ms: number | null, seconds = false) => formatDuration(ms, lang, { seconds });
  let main: string;
  let tone = '';
  switch (clock.status) {
    case 'running':
      if (live.overdue) {
        main = t('clock.overdue', { time: d(now - (live.dueAt ?? now), true) });
        tone = 'danger';
      } else main = t('clock.left', { time: d(live.remainingCalendarMs, true) });
      break;
    case 'paused':
      main = t('clock.pausedLeft', { time: formatDuration(live.remainingWorkingMs, lang, { hoursOnly: true }) });
      tone = 'muted';
      break;
    case 'breached':
      tone = 'danger';
      main = clock.stoppedAt
        ? t('clock.breachedStopped', { time: d(live.elapsedCalendarMs) })
        : t('clock.overdue', { time: d(now - (live.dueAt ?? now), true) });
      break;
    case 'met':
      tone = 'success';
      main = t('clock.metAfter', { time: d(live.elapsedCalendarMs) });
      break;
    case 'tracking':
      main = t('clock.tracking', { time: d(live.elapsedCalendarMs, true) });
      break;
    case 'tracked':
    default:
      main = t('clock.tracked', { time: d(live.elapsedCalendarMs) });
      tone = 'muted';
  }
  const showDue = live.dueAt !== null && (clock.status === 'running' || clock.status === 'paused' || (clock.status === 'breached' && !clock.stoppedAt));
  const remainingSec = live.remainingCalendarMs === null ? '' : String(Math.round(live.remainingCalendarMs / 1000));
  return (
    <div className="inc-countdown" data-testid={testId} data-status={live.overdue ? 'breached' : clock.status} data-target={clock.targetId} data-remaining-s={remainingSec}>
      {showKind && <span className="inc-countdown__kind">{kindOf(clock)}</span>}
      <span className={`inc-countdown__main${tone ? ` inc-countdown__main--${tone}` : ''}`} data-testid={`${testId}-text`} aria-live="off">
        {main}
      </span>
      {showDue && <span className="inc-countdown__due">{t('clock.due', { due: formatDue(live.dueAt!, lang, now) })}</span>}
      {(clock.status === 'running' || clock.status === 'paused') && (
        <PercentBar percent={live.percent} label={t('clock.percent', { percent: Math.round(live.percent ?? 0) })} />
      )}
    </div>
  );
}
