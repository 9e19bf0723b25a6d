import { Alert, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useSearchParams } from 'react-router';
import { osloToday } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { listCalendars } from './api.ts';
import type { CalendarInfo } from './api.ts';
import { formatMonth, parseMonth } from './dates.ts';
import { DueCalculator } from './DueCalculator.tsx';
import { calendarMessages } from './messages.ts';
import { MonthView } from './MonthView.tsx';

function CalendarsView({ calendars }: { calendars: CalendarInfo[] }) {
  const { t, pick } = useMessages(calendarMessages);
  const [params, setParams] = useSearchParams();
  const selected = calendars.find((c) => c.name === params.get('calendar')) ?? calendars[0];
  const month = parseMonth(params.get('month')) ?? parseMonth(osloToday().slice(0, 7))!;
  const options = calendars.map((c) => ({ value: c.name, label: c.name }));

  function update(next: { calendar?: string; month?: string }) {
    const p = new URLSearchParams(params);
    if (next.calendar) p.set('calendar', next.calendar);
    if (next.month) p.set('month', next.month);
    setParams(p, { replace: true });
  }

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('cal.title')} lead={t('cal.lead')} />
      <section className="panel stack" aria-label={t('cal.calendar')} data-testid="calendar-month">
        <div className="form-row">
          <SelectField
            label={t('cal.calendar')}
            value={selected.name}
            onChange={(e) => update({ calendar: e.target.value })}
            options={options}
            data-testid="calendar-select"
          />
        </div>
        <div className="cal-info">
          {selected.description && <Paragraph data-testid="calendar-description">{pick(selected.description)}</Paragraph>}
          <Paragraph data-size="sm" className="muted">
            {t('cal.timezone')}: {selected.timezone}
          </Paragraph>
          {selected.clauses && selected.clauses.length > 0 && <ClauseTags ids={selected.clauses} label={t('cal.clauses')} />}
        </div>
        <MonthView
          calendar={selected.name}
          calendarLabel={selected.name}
          month={month}
          onMonthChange={(m) => update({ month: formatMonth(m) })}
        />
      </section>
      <DueCalculator calendars={options} initialCalendar={selected.name} />
    </div>
  );
}

/** `/calendars`: month view of a working calendar and the due-date calculator. */
export default function CalendarsPage() {
  const { t } = useMessages(calendarMessages);
  const query = useQuery((signal) => listCalendars(signal), []);
  return (
    <QueryView query={query}>
      {(data) =>
        data.items.length === 0 ? (
          <div className="stack">
            <PageHeader title={t('cal.title')} lead={t('cal.lead')} />
            <Alert data-color="info">
              <Heading level={2} data-size="xs">
                {t('cal.none')}
              </Heading>
            </Alert>
          </div>
        ) : (
          <CalendarsView calendars={data.items} />
        )
      }
    </QueryView>
  );
}
