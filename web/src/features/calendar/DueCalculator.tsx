import { Alert, Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { formatDateTime, osloNowLocalInput } from '../../app/format.ts';
import { useAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import type { Option } from '../../app/components/SelectField.tsx';
import { DUE_UNITS, computeDue } from './api.ts';
import type { DueResult, DueUnit } from './api.ts';
import { calendarMessages } from './messages.ts';

/** Due-date calculator: start time + N working days / working hours / hours on a calendar. */
export function DueCalculator({ calendars, initialCalendar }: { calendars: Option[]; initialCalendar: string }) {
  const { t } = useMessages(calendarMessages);
  const [calendar, setCalendar] = useState(initialCalendar);
  const [from, setFrom] = useState(() => osloNowLocalInput());
  const [amount, setAmount] = useState('1');
  const [unit, setUnit] = useState<DueUnit>('workingDays');
  const [result, setResult] = useState<DueResult | null>(null);
  const compute = useAction(() => computeDue(calendar, from, unit, Number(amount)));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    const r = await compute.run();
    if (r) setResult(r);
  }

  const fieldError = (name: string) => compute.error?.fieldError(name);

  return (
    <section className="panel stack" aria-labelledby="due-heading" data-testid="due-calculator">
      <Heading level={2} data-size="sm" id="due-heading">
        {t('due.title')}
      </Heading>
      <Paragraph className="muted">{t('due.lead')}</Paragraph>
      <form className="stack" onSubmit={onSubmit}>
        <ProblemAlert error={compute.error} fields={['from', 'workingDays', 'workingHours', 'hours', 'calendar']} />
        <div className="form-grid">
          <SelectField
            label={t('cal.calendar')}
            value={calendar}
            onChange={(e) => setCalendar(e.target.value)}
            options={calendars}
            error={fieldError('calendar')}
            data-testid="due-calendar"
          />
          <Textfield
            label={t('due.from')}
            type="datetime-local"
            required
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            error={fieldError('from')}
            data-testid="due-from"
          />
          <Textfield
            label={t('due.amount')}
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            required
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            error={fieldError(unit)}
            data-testid="due-amount"
          />
          <SelectField
            label={t('due.unit')}
            value={unit}
            onChange={(e) => setUnit(e.target.value as DueUnit)}
            options={DUE_UNITS.map((u) => ({ value: u, label: t(`due.unit.${u}`) }))}
            data-testid="due-unit"
          />
        </div>
        <div>
          <Button type="submit" loading={compute.busy} data-testid="due-compute">
            {t('due.compute')}
          </Button>
        </div>
      </form>
      <div aria-live="polite">
        {result && (
          <Alert data-color="success" data-testid="due-result">
            <Heading level={3} data-size="xs">
              {t('due.result')}: <span data-testid="due-result-local">{formatDateTime(result.due)}</span>{' '}
              <span className="muted heading-count">({t('due.norwegianTime')})</span>
            </Heading>
            <DefinitionList
              items={[
                { term: t('due.resultIso'), value: <span className="mono" data-testid="due-result-iso">{result.due}</span> },
                { term: t('due.resultFrom'), value: formatDateTime(result.from) },
                { term: t('cal.calendar'), value: result.calendar },
              ]}
            />
          </Alert>
        )}
      </div>
    </section>
  );
}
