import { Button, Heading } from '@digdir/designsystemet-react';
import { useMemo } from 'react';
import { osloToday } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { Loading } from '../../app/components/Loading.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { getDays } from './api.ts';
import type { CalendarDay } from './api.ts';
import { formatMonth, isoWeek, monthGrid, parseMonth, shiftMonth } from './dates.ts';
import type { Month } from './dates.ts';
import { calendarMessages } from './messages.ts';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function monthLabel(month: Month, lang: 'nb' | 'en') {
  const s = new Intl.DateTimeFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(month.year, month.month - 1, 1)));
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function DayCell({ date, day, inMonth, today }: { date: string; day?: CalendarDay; inMonth: boolean; today: boolean }) {
  const { t } = useMessages(calendarMessages);
  const open = day?.open ?? [];
  const classes = [
    'cal-day',
    !inMonth && 'cal-day--outside',
    day && open.length === 0 && 'cal-day--closed',
    day?.holiday && 'cal-day--holiday',
    day?.special && 'cal-day--special',
    day?.season && 'cal-day--season',
    today && 'cal-day--today',
  ]
    .filter(Boolean)
    .join(' ');
  const dayNumber = Number(date.slice(8, 10));
  const weekday = WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7];
  return (
    <td className={classes} data-testid={`calendar-day-${date}`} aria-current={today ? 'date' : undefined}>
      <div className="cal-day__head">
        <time dateTime={date} className="cal-day__num">
          <span aria-hidden="true">{dayNumber}</span>
          <span className="ds-sr-only">
            {t(`wdl.${weekday}`)} {date.slice(8, 10)}.{date.slice(5, 7)}.{date.slice(0, 4)}
          </span>
        </time>
        {day?.season && (
          <span className="cal-day__season" title={day.season}>
            {day.season}
          </span>
        )}
      </div>
      {day?.holiday && <div className="cal-day__holiday">{day.holiday}</div>}
      {day?.special && <div className="cal-day__special">{day.special}</div>}
      {day && (
        <div className="cal-day__hours">
          {open.length === 0 ? (
            <span className="cal-day__closed">{t('cal.closed')}</span>
          ) : (
            open.map((r) => (
              <span key={`${r.start}-${r.end}`} className="nowrap">
                {r.start}–{r.end}
              </span>
            ))
          )}
        </div>
      )}
    </td>
  );
}

function Legend() {
  const { t } = useMessages(calendarMessages);
  const items = [
    ['open', t('cal.legend.open')],
    ['closed', t('cal.legend.closed')],
    ['holiday', t('cal.legend.holiday')],
    ['special', t('cal.legend.special')],
    ['season', t('cal.legend.season')],
    ['today', t('cal.legend.today')],
    ['outside', t('cal.legend.outside')],
  ] as const;
  return (
    <div className="cal-legend" data-testid="calendar-legend">
      <Heading level={3} data-size="2xs">
        {t('cal.legend')}
      </Heading>
      <ul className="plain-list cal-legend__list">
        {items.map(([key, label]) => (
          <li key={key}>
            <span className={`cal-swatch cal-swatch--${key}`} aria-hidden="true" />
            {label}
          </li>
        ))}
      </ul>
    </div>
  );
}

type Props = { calendar: string; calendarLabel: string; month: Month; onMonthChange: (month: Month) => void };

/** A month grid (weeks as rows, Monday first, ISO week numbers) of one working calendar. */
export function MonthView({ calendar, calendarLabel, month, onMonthChange }: Props) {
  const { t, lang } = useMessages(calendarMessages);
  const grid = useMemo(() => monthGrid(month), [month]);
  const days = useQuery((signal) => getDays(calendar, grid.from, grid.to, signal), [calendar, grid.from, grid.to]);
  const byDate = useMemo(() => new Map((days.data?.items ?? []).map((d) => [d.date, d])), [days.data]);
  const today = osloToday();
  const label = monthLabel(month, lang);
  const thisMonth = parseMonth(today.slice(0, 7))!;

  return (
    <div className="stack">
      <div className="cal-toolbar">
        <Button variant="secondary" data-size="sm" onClick={() => onMonthChange(shiftMonth(month, -1))} data-testid="calendar-prev">
          <span aria-hidden="true">‹</span> {t('cal.prev')}
        </Button>
        <Heading level={2} data-size="sm" className="cal-toolbar__label" aria-live="polite" data-testid="calendar-month-label">
          {label}
        </Heading>
        <Button variant="secondary" data-size="sm" onClick={() => onMonthChange(shiftMonth(month, 1))} data-testid="calendar-next">
          {t('cal.next')} <span aria-hidden="true">›</span>
        </Button>
        <Button
          variant="tertiary"
          data-size="sm"
          onClick={() => onMonthChange(thisMonth)}
          disabled={formatMonth(month) === formatMonth(thisMonth)}
          data-testid="calendar-today"
        >
          {t('cal.today')}
        </Button>
      </div>
      <ProblemAlert error={days.error} />
      <div className="cal-wrap" aria-busy={days.loading}>
        {days.loading && !days.data && <Loading />}
        <table className="cal-grid" data-testid="calendar-grid">
          <caption className="ds-sr-only">{t('cal.caption', { calendar: calendarLabel, month: label })}</caption>
          <thead>
            <tr>
              <th scope="col" className="cal-grid__week">
                <abbr title={t('cal.week')}>{t('cal.weekShort')}</abbr>
              </th>
              {WEEKDAYS.map((d) => (
                <th scope="col" key={d}>
                  <abbr title={t(`wdl.${d}`)}>{t(`wd.${d}`)}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.weeks.map((week) => (
              <tr key={week[0]}>
                <th scope="row" className="cal-grid__week">
                  {isoWeek(week[0])}
                </th>
                {week.map((date) => (
                  <DayCell
                    key={date}
                    date={date}
                    day={byDate.get(date)}
                    inMonth={date.slice(0, 7) === formatMonth(month)}
                    today={date === today}
                  />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Legend />
    </div>
  );
}
