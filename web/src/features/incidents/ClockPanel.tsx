import { Paragraph } from '@digdir/designsystemet-react';
import { formatDateTime } from '../../app/format.ts';
import { useMessages } from '../../app/i18n.ts';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import type { ClockView } from './api.ts';
import { ClockAxis } from './ClockAxis.tsx';
import { Countdown } from './Countdown.tsx';
import { incidentMessages } from './messages.ts';
import { ClockStatusTag, useClockKind } from './Tags.tsx';
import { formatDue, formatDuration, liveClock, overlap, useNow } from './time.ts';

/** Does the clock's calendar close at all between its start and its end (else working time = calendar time)? */
function hasClosedTime(clock: ClockView, end: number): boolean {
  const start = Date.parse(clock.startedAt);
  if (!clock.open) return Math.abs(clock.elapsed.calendarMs - clock.elapsed.workingMs) > 1000;
  const open = clock.open.map((o) => ({ from: Date.parse(o.from), to: Date.parse(o.to) }));
  return overlap(open, start, end) < end - start - 1000;
}

/** One clock of the detail page: status, the live countdown, textual figures and the time axis. */
export function ClockPanel({ clock, fetchedAt }: { clock: ClockView; fetchedAt: number }) {
  const { t, pick, lang } = useMessages(incidentMessages);
  const kindOf = useClockKind();
  const now = useNow();
  const live = liveClock(clock, fetchedAt, now);
  const d = (ms: number | null) => formatDuration(ms, lang);
  const w = (ms: number | null) => formatDuration(ms, lang, { hoursOnly: true });
  const end = Math.max(now, live.dueAt ?? 0, clock.stoppedAt ? Date.parse(clock.stoppedAt) : 0);
  const working = hasClosedTime(clock, end);
  const due = live.dueAt !== null ? formatDue(live.dueAt, lang, now) : '';
  const stillDue = clock.status === 'running' || clock.status === 'paused';

  let remaining: string | null = null;
  if (live.dueAt !== null && (stillDue || (clock.status === 'breached' && !clock.stoppedAt))) {
    if (live.overdue) {
      const over = now - live.dueAt;
      remaining =
        working && live.remainingWorkingMs !== null && live.remainingWorkingMs < 0
          ? t('clock.workingOver', { due, time: w(-live.remainingWorkingMs) })
          : t('clock.calendarOver', { due, time: d(over) });
    } else if (working) {
      remaining = t('clock.workingLeft', { time: w(live.remainingWorkingMs), due });
    } else {
      remaining = t('clock.calendarLeft', { time: d(live.remainingCalendarMs), due });
    }
  }
  const stoppedBy = clock.stoppedBy && ['responded', 'resolved', 'workaround'].includes(clock.stoppedBy) ? t(`clock.stoppedBy.${clock.stoppedBy as 'resolved'}`) : clock.stoppedBy;

  return (
    <div className="inc-clock" data-testid={`clock-${clock.targetId}`} data-status={clock.status}>
      <div className="inc-clock__head">
        <span className="inc-clock__title">{kindOf(clock)}</span>
        <ClockStatusTag status={live.overdue && clock.status === 'running' ? 'breached' : clock.status} />
        <span className="muted">{t('clock.calendar', { calendar: clock.calendar })}</span>
        <ClauseTags ids={clock.clauses} />
      </div>
      {clock.description && (
        <Paragraph data-size="sm" className="muted">
          {pick(clock.description)}
        </Paragraph>
      )}
      <Countdown clock={clock} fetchedAt={fetchedAt} data-testid={`clock-countdown-${clock.targetId}`} />
      <div className="inc-clock__figures">
        <div className="inc-clock__figure" data-testid={`clock-elapsed-${clock.targetId}`}>
          <strong>{t('clock.elapsed')}</strong>
          {t('clock.calendarTime', { time: d(live.elapsedCalendarMs) })}
          {working && ` · ${t('clock.workingTime', { time: w(live.elapsedWorkingMs) })}`}
        </div>
        {remaining && (
          <div className="inc-clock__figure" data-testid={`clock-remaining-${clock.targetId}`}>
            <strong>{t('clock.remaining')}</strong>
            <span className={live.overdue ? 'text-danger' : undefined}>{remaining}</span>
            {working && !live.overdue && live.remainingCalendarMs !== null && ` · ${t('clock.calendarTime', { time: d(live.remainingCalendarMs) })}`}
          </div>
        )}
        {clock.stoppedAt && (
          <div className="inc-clock__figure">
            <strong>{t('clock.stoppedAt', { at: '' }).trim()}</strong>
            {formatDateTime(clock.stoppedAt)}
            {stoppedBy ? ` (${stoppedBy})` : ''}
          </div>
        )}
        {clock.breachedAt && (
          <div className="inc-clock__figure text-danger">
            <strong>{t('clock.status.breached')}</strong>
            {t('clock.breachedAt', { at: formatDateTime(clock.breachedAt) })}
          </div>
        )}
        {clock.dueAt === null && (
          <div className="inc-clock__figure muted">
            <strong>{t('clock.legend.due')}</strong>
            {t('clock.tracked.only')}
          </div>
        )}
      </div>
      <ClockAxis clock={clock} now={now} fetchedAt={fetchedAt} />
    </div>
  );
}
