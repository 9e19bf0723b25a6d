import { Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { getMonthlyReport, monthlyReportCsvUrl } from './api.ts';
import type { MonthlyReport } from './api.ts';
import { DailyChart, ShareChart } from './Charts.tsx';
import { incidentMessages } from './messages.ts';
import { CategoryTag, useClockKind } from './Tags.tsx';
import { formatDuration, osloMonth } from './time.ts';
import './incidents.css';

function CategoryTable({ c }: { c: MonthlyReport['categories'][number] }) {
  const { t, pick, lang } = useMessages(incidentMessages);
  const kindOf = useClockKind();
  const rows = Object.entries(c.clocks).map(([targetId, stat]) => ({ targetId, stat }));
  const dur = (ms: number | null, basis: string) => (ms === null ? '–' : formatDuration(ms, lang, { hoursOnly: basis === 'working' }));
  return (
    <section className="stack" data-testid={`report-category-${c.category}`} aria-labelledby={`report-cat-${c.category}`}>
      <Heading level={3} data-size="xs" id={`report-cat-${c.category}`} className="button-row">
        <CategoryTag category={c.category} name={c.name} size="md" />
        <span data-testid={`report-category-${c.category}-summary`}>
          {t('report.count')}: <strong>{c.count}</strong> · {t('report.resolved')}: <strong>{c.resolved}</strong> · {t('report.feedback')}: <strong>{c.feedbackSent}</strong>
        </span>
      </Heading>
      <DataTable
        rows={rows}
        rowKey={(r) => r.targetId}
        rowTestId={`report-clock-${c.category}`}
        caption={t('report.categoryCaption', { key: c.category, name: pick(c.name), count: c.count, resolved: c.resolved })}
        size="sm"
        data-testid={`report-table-${c.category}`}
        columns={[
          {
            header: t('report.clock'),
            cell: (r) => (
              <>
                {kindOf({ kind: r.targetId, targetId: r.targetId })}
                <div className="muted nowrap">{t(`report.basis.${r.stat.basis}`)}</div>
              </>
            ),
          },
          { header: t('report.measured'), className: 'nowrap', cell: (r) => `${r.stat.measured} / ${r.stat.count}` },
          { header: t('report.median'), className: 'nowrap', cell: (r) => dur(r.stat.medianMs, r.stat.basis) },
          { header: t('report.p90'), className: 'nowrap', cell: (r) => dur(r.stat.p90Ms, r.stat.basis) },
          { header: t('report.max'), className: 'nowrap', cell: (r) => dur(r.stat.maxMs, r.stat.basis) },
          { header: t('report.met'), cell: (r) => (r.stat.target ? r.stat.met : '–') },
          { header: t('report.breachedCol'), cell: (r) => (r.stat.target ? <span className={r.stat.breached ? 'text-danger' : undefined}>{r.stat.breached}</span> : '–') },
          {
            header: t('report.share'),
            className: 'nowrap',
            cell: (r) =>
              r.stat.sharePercent === null ? '–' : (
                <strong className={r.stat.sharePercent < 100 ? 'text-danger' : undefined} data-testid={`report-share-value-${c.category}-${r.targetId}`}>
                  {r.stat.sharePercent.toLocaleString(lang === 'nb' ? 'nb-NO' : 'en-GB', { maximumFractionDigits: 1 })} %
                </strong>
              ),
          },
          {
            header: t('report.target'),
            className: 'nowrap',
            cell: (r) => (r.stat.target ? t(`unit.${r.stat.target.unit}` as 'unit.hours', { n: r.stat.target.amount }) : <span className="muted">{t('report.noTarget')}</span>),
          },
          { header: t('report.clauses'), cell: (r) => <ClauseTags ids={r.stat.clauses} /> },
        ]}
      />
    </section>
  );
}

function Report({ report }: { report: MonthlyReport }) {
  const { t, pick } = useMessages(incidentMessages);
  const kindOf = useClockKind();
  const breaches = report.categories.flatMap((c) => c.breaches.map((b) => ({ ...b, category: c.category })));
  const keys = report.categories.map((c) => c.category);
  const toInclusive = new Date(Date.parse(report.to) - 1);
  return (
    <div className="stack stack--lg" data-testid="report" data-month={report.month}>
      <Paragraph data-size="sm" className="muted" data-testid="report-generated">
        {t('report.generated', { at: formatDateTime(report.generatedAt), from: formatDate(report.from), to: formatDate(toInclusive) })}
      </Paragraph>

      <section className="panel stack" aria-labelledby="report-categories">
        <Heading level={2} data-size="sm" id="report-categories">
          {t('report.categories')}
        </Heading>
        <ClauseTags ids={['S-2.2', 'S-2.2.1', 'S-2.2.2', 'S-2.2.3']} />
        <div className="inc-report-tables">
          {report.categories.map((c) => (
            <CategoryTable key={c.category} c={c} />
          ))}
        </div>
      </section>

      <div className="stack stack--lg">
        <section className="panel stack" aria-labelledby="report-daily">
          <Heading level={2} data-size="sm" id="report-daily">
            {t('report.daily')}
          </Heading>
          <DailyChart report={report} />
        </section>
        <section className="panel stack" aria-labelledby="report-share">
          <Heading level={2} data-size="sm" id="report-share">
            {t('report.shareChart')}
          </Heading>
          <ShareChart report={report} />
        </section>
      </div>

      <section className="panel stack" aria-labelledby="report-breaches">
        <Heading level={2} data-size="sm" id="report-breaches">
          {t('report.breaches')}
        </Heading>
        {breaches.length === 0 ? (
          <Paragraph className="muted" data-testid="report-no-breaches">
            {t('report.noBreaches')}
          </Paragraph>
        ) : (
          <DataTable
            rows={breaches}
            rowKey={(b) => `${b.incidentId}-${b.targetId}`}
            rowTestId="report-breach"
            caption={t('report.breaches')}
            size="sm"
            data-testid="report-breaches-table"
            columns={[
              { header: t('col.ref'), className: 'nowrap', cell: (b) => <RouterLink to={`/incidents/${b.incidentId}`}>{b.ref}</RouterLink> },
              { header: t('col.title'), cell: (b) => b.title },
              { header: t('col.category'), cell: (b) => <CategoryTag category={b.category} /> },
              { header: t('report.clock'), cell: (b) => kindOf({ kind: b.targetId, targetId: b.targetId }) },
              { header: t('report.breachedAt'), className: 'nowrap', cell: (b) => formatDateTime(b.breachedAt) },
            ]}
          />
        )}
      </section>

      <section className="panel stack" aria-labelledby="report-owners">
        <Heading level={2} data-size="sm" id="report-owners">
          {t('report.owners')}
        </Heading>
        <ClauseTags ids={['S-7.3.3']} />
        <DataTable
          rows={report.serviceOwners}
          rowKey={(o) => o.orgId}
          rowTestId="report-owner"
          caption={t('report.owners')}
          size="sm"
          data-testid="report-owners-table"
          columns={[
            { header: t('common.organisation'), cell: (o) => o.orgName },
            { header: t('report.total'), cell: (o) => o.count },
            ...keys.map((k) => ({
              header: `${k} – ${pick(report.categories.find((c) => c.category === k)?.name)}`,
              cell: (o: MonthlyReport['serviceOwners'][number]) => o.byCategory[k] ?? 0,
            })),
            { header: t('report.breachedCol'), cell: (o) => <span className={o.breached ? 'text-danger' : undefined}>{o.breached}</span> },
            { header: t('report.open'), cell: (o) => o.open },
          ]}
        />
      </section>
    </div>
  );
}

/** `/incidents/report` (operators, auditors, service owners): the monthly incident report [S-2.2] with charts and CSV. */
export default function ReportPage() {
  const { t } = useMessages(incidentMessages);
  const [month, setMonth] = useState(osloMonth());
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const report = useQuery((signal) => (valid ? getMonthlyReport(month, signal) : Promise.resolve(undefined)), [month, valid]);
  return (
    <div className="stack stack--lg">
      <PageHeader
        title={t('report.title')}
        lead={t('report.lead')}
        actions={<RouterLink to="/incidents">{t('detail.backToList')}</RouterLink>}
      />
      <div className="form-row">
        <Textfield
          className="inc-month"
          label={t('report.month')}
          type="month"
          value={month}
          max={osloMonth()}
          onChange={(e) => setMonth(e.target.value)}
          data-testid="report-month"
        />
        <div className="form-row__shrink">
          <Button asChild variant="secondary">
            <a href={valid ? monthlyReportCsvUrl(month) : undefined} download data-testid="report-csv">
              {t('report.csv')}
            </a>
          </Button>
        </div>
      </div>
      <QueryView query={report}>{(data) => (data ? <Report report={data} /> : null)}</QueryView>
    </div>
  );
}
