import { Button, Details, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { formatDuration, osloMonth } from '../incidents/time.ts';
import { availabilityCsvUrl, getAvailability, listComponents } from './api.ts';
import type { ComponentMonth, ComponentView, MonthReport } from './api.ts';
import { DayBars, StateLegend, TargetChart } from './Charts.tsx';
import { formatPercent } from './format.ts';
import { availabilityMessages } from './messages.ts';
import './availability.css';

export function MetTag({ met }: { met: boolean | null }) {
  const { t } = useMessages(availabilityMessages);
  if (met === null) return <Tag data-color="neutral">{t('avail.noWindow')}</Tag>;
  return <Tag data-color={met ? 'success' : 'danger'}>{met ? t('avail.met') : t('avail.breached')}</Tag>;
}

function BudgetLeft({ c }: { c: ComponentMonth }) {
  const { t, lang } = useMessages(availabilityMessages);
  if (c.met === null) return <>–</>;
  const share = c.budgetMs > 0 ? Math.max(0, Math.min(1, c.budgetLeftMs / c.budgetMs)) : 0;
  return (
    <div className="av-budget" data-testid={`avail-budget-${c.componentId}`} data-left-ms={Math.round(c.budgetLeftMs)}>
      <span className={c.budgetLeftMs < 0 ? 'text-danger' : undefined}>
        {c.budgetLeftMs < 0 ? t('avail.budgetOver', { d: formatDuration(-c.budgetLeftMs, lang) }) : `${formatDuration(c.budgetLeftMs, lang)} / ${formatDuration(c.budgetMs, lang)}`}
      </span>
      <span className="av-budget__bar" aria-hidden="true">
        <span className="av-budget__fill" style={{ width: `${share * 100}%`, background: share > 0.25 ? 'var(--ds-color-success-base-default)' : 'var(--ds-color-danger-base-default)' }} />
      </span>
    </div>
  );
}

function MaintenanceList({ c }: { c: ComponentMonth }) {
  const { t } = useMessages(availabilityMessages);
  const { excluded, counted } = c.maintenance;
  if (excluded.length === 0 && counted.length === 0) return <Paragraph data-size="sm" className="muted">{t('avail.noMaintenance')}</Paragraph>;
  const span = (w: { from: string; to: string }) => `${formatDateTime(w.from)} – ${formatDateTime(w.to)}`;
  return (
    <div className="av-maint">
      {excluded.length > 0 && (
        <div>
          <Heading level={5} data-size="2xs">
            {t('avail.excludedList')}
          </Heading>
          <ul data-testid={`avail-excluded-${c.componentId}`}>
            {excluded.map((w) => (
              <li key={`${w.noticeId}-${w.from}`}>
                <strong>{w.ref}</strong> {w.title}: {span(w)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {counted.length > 0 && (
        <div>
          <Heading level={5} data-size="2xs">
            {t('avail.countedList')}
          </Heading>
          <ul data-testid={`avail-counted-${c.componentId}`}>
            {counted.map((w) => (
              <li key={`${w.noticeId}-${w.from}-${w.reason}`}>
                <strong>{w.ref}</strong> {w.title}: {span(w)} <span className="text-danger">({t(`avail.reason.${w.reason}`)})</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function Report({ report, catalogue }: { report: MonthReport; catalogue: Map<string, ComponentView> }) {
  const { t, pick, lang } = useMessages(availabilityMessages);
  const toInclusive = new Date(Date.parse(report.to) - 1);
  const inProgress = report.components.some((c) => !c.complete);
  const rows = report.components.map((c) => ({ id: c.componentId, label: pick(c.name), month: c }));
  return (
    <div className="stack stack--lg" data-testid="avail-report" data-month={report.month}>
      <Paragraph data-size="sm" className="muted">
        {t('avail.generated', { at: formatDateTime(report.generatedAt), from: formatDate(report.from), to: formatDate(toInclusive) })} {inProgress && t('avail.inProgress')}
      </Paragraph>
      <Paragraph data-testid="avail-summary">{t('avail.summary', { met: report.summary.met, total: report.summary.components, breached: report.summary.breached })}</Paragraph>

      <section className="panel stack" aria-labelledby="avail-chart">
        <Heading level={2} data-size="sm" id="avail-chart">
          {t('avail.chart')}
        </Heading>
        <ClauseTags ids={['S-2.3.1', 'S-2.4.1']} />
        <TargetChart rows={rows} />
      </section>

      <section className="panel stack" aria-labelledby="avail-table">
        <Heading level={2} data-size="sm" id="avail-table">
          {t('avail.components')}
        </Heading>
        <DataTable
          rows={report.components}
          rowKey={(c) => c.componentId}
          rowTestId="avail-row"
          caption={t('avail.components')}
          size="sm"
          data-testid="avail-table"
          columns={[
            { header: t('avail.components'), cell: (c) => <RouterLink to={`/availability/components/${encodeURIComponent(c.componentId)}`}>{pick(c.name)}</RouterLink> },
            { header: t('avail.windowCalendar'), className: 'nowrap', cell: (c) => `${c.operatingWindow} · ${formatDuration(c.windowMs, lang, { hoursOnly: true })}` },
            { header: t('avail.excluded'), className: 'nowrap', cell: (c) => formatDuration(c.excludedMs, lang) },
            { header: t('avail.down'), className: 'nowrap', cell: (c) => formatDuration(c.downMs, lang) },
            {
              header: t('avail.availability'),
              className: 'nowrap',
              cell: (c) => (
                <strong className={c.met === false ? 'text-danger' : undefined} data-testid={`avail-value-${c.componentId}`}>
                  {formatPercent(c.availability, lang)}
                </strong>
              ),
            },
            { header: t('avail.target'), className: 'nowrap', cell: (c) => formatPercent(c.target, lang, 1) },
            { header: t('avail.budgetLeft'), cell: (c) => <BudgetLeft c={c} /> },
            { header: '', cell: (c) => <MetTag met={c.met} /> },
            { header: t('avail.clauses'), cell: (c) => <ClauseTags ids={c.clauses} /> },
          ]}
        />
      </section>

      <section className="panel stack" aria-labelledby="avail-days">
        <Heading level={2} data-size="sm" id="avail-days">
          {t('avail.days')}
        </Heading>
        <StateLegend />
        {report.components.map((c) => (
          <div key={c.componentId} className="stack av-component" data-testid={`avail-component-${c.componentId}`}>
            <div className="button-row">
              <Heading level={3} data-size="2xs">
                {pick(c.name)}
              </Heading>
              <span className="muted">{pick(catalogue.get(c.componentId)?.groupName)}</span>
              <MetTag met={c.met} />
            </div>
            <DayBars days={c.days} name={pick(c.name)} testId={`avail-days-${c.componentId}`} />
            <Details>
              <Details.Summary>
                {t('avail.maintenance')} ({c.maintenance.excluded.length + c.maintenance.counted.length})
              </Details.Summary>
              <Details.Content>
                <MaintenanceList c={c} />
              </Details.Content>
            </Details>
          </div>
        ))}
      </section>
    </div>
  );
}

/** `/availability`: monthly availability per component against target [S-2.3.1, S-2.4.1], per day, maintenance, CSV. */
export default function AvailabilityPage() {
  const { t } = useMessages(availabilityMessages);
  const [month, setMonth] = useState(osloMonth());
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month) && month <= osloMonth();
  const report = useQuery((signal) => (valid ? getAvailability(month, signal) : Promise.resolve(undefined)), [month, valid]);
  const catalogue = useQuery((signal) => listComponents(signal), []);
  const byId = new Map((catalogue.data?.items ?? []).map((c) => [c.id, c]));
  return (
    <div className="stack stack--lg">
      <PageHeader title={t('avail.title')} lead={t('avail.lead')} />
      <div className="form-row">
        <Textfield className="av-month" label={t('avail.month')} type="month" value={month} max={osloMonth()} onChange={(e) => setMonth(e.target.value)} data-testid="avail-month" />
        <div className="form-row__shrink button-row">
          <Button asChild variant="secondary">
            <a href={valid ? availabilityCsvUrl(month) : undefined} download data-testid="avail-csv">
              {t('avail.csv')}
            </a>
          </Button>
          <Button asChild variant="tertiary">
            <a href={valid ? availabilityCsvUrl(month, 'day') : undefined} download data-testid="avail-csv-days">
              {t('avail.csvDays')}
            </a>
          </Button>
        </div>
      </div>
      <QueryView query={report}>{(data) => (data ? <Report report={data} catalogue={byId} /> : null)}</QueryView>
    </div>
  );
}
