import { Heading, Link, Paragraph } from '@digdir/designsystemet-react';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { formatDuration } from '../incidents/time.ts';
import { getComponent, getDaily } from './api.ts';
import type { ComponentDetail } from './api.ts';
import { DayBars, STATE_FILL, StateLegend, Timeline } from './Charts.tsx';
import { formatPercent } from './format.ts';
import { availabilityMessages } from './messages.ts';
import './availability.css';

const PERIODS = [7, 30, 90] as const;

function Detail({ c, days, fetchedAt }: { c: ComponentDetail; days: number; fetchedAt: number }) {
  const { t, pick, lang } = useMessages(availabilityMessages);
  const daily = useQuery((signal) => getDaily(90, c.id, signal), [c.id]);
  const from = Date.parse(c.history.from);
  const to = Date.parse(c.history.to);
  const changes = [...c.history.items].reverse();
  return (
    <div className="stack stack--lg" data-testid="comp-detail" data-state={c.state}>
      <section className="panel stack">
        <DefinitionList
          items={[
            {
              term: t('comp.state'),
              value: (
                <span className="button-row" data-testid="comp-state">
                  <span className="av-swatch" style={{ background: STATE_FILL[c.state] }} aria-hidden="true" />
                  <strong>{t(`state.${c.state}`)}</strong>
                  {c.since && <span className="muted">{t('comp.since', { at: formatDateTime(c.since) })}</span>}
                </span>
              ),
            },
            ...(c.causes.length ? [{ term: t('comp.causes'), value: c.causes.map((x) => `${x.source}${x.ref ? ` ${x.ref}` : ''}: ${t(`state.${x.state as 'operational'}`)}`).join(', ') }] : []),
            { term: t('comp.group'), value: pick(c.groupName) },
            { term: t('comp.class'), value: pick(c.className) },
            { term: t('avail.windowCalendar'), value: c.operatingWindow },
            { term: t('avail.target'), value: formatPercent(c.target, lang, 1) },
            { term: t('avail.clauses'), value: <ClauseTags ids={c.clauses} /> },
            ...(c.docs.length
              ? [
                  {
                    term: t('comp.docs'),
                    value: (
                      <ul className="av-docs">
                        {c.docs.map((d) => (
                          <li key={d.url}>
                            <Link href={d.url}>{pick(d.title)}</Link>
                          </li>
                        ))}
                      </ul>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </section>

      <section className="panel stack" aria-labelledby="comp-rolling">
        <Heading level={2} data-size="sm" id="comp-rolling">
          {t('comp.rolling')}
        </Heading>
        <QueryView query={daily}>
          {(d) => {
            const row = d.components[0];
            if (!row) return null;
            return (
              <>
                <Paragraph data-testid="comp-rolling-figure">{t('comp.rollingFigure', { pct: formatPercent(row.availability, lang) })}</Paragraph>
                <DayBars days={row.days} name={pick(c.name)} testId="comp-days" />
              </>
            );
          }}
        </QueryView>
        <StateLegend />
      </section>

      <section className="panel stack" aria-labelledby="comp-timeline-h">
        <Heading level={2} data-size="sm" id="comp-timeline-h">
          {t('comp.timeline')} – {t('comp.days', { n: days })}
        </Heading>
        <Timeline items={c.history.items} from={from} to={to} name={pick(c.name)} now={fetchedAt} />
        {changes.length === 0 ? (
          <Paragraph className="muted">{t('comp.noChanges')}</Paragraph>
        ) : (
          <DataTable
            rows={changes}
            rowKey={(r) => `${r.from}-${r.state}`}
            rowTestId="comp-change"
            caption={t('comp.changes')}
            size="sm"
            data-testid="comp-changes"
            columns={[
              {
                header: t('comp.state'),
                cell: (r) => (
                  <span className="button-row">
                    <span className="av-swatch" style={{ background: STATE_FILL[r.state] }} aria-hidden="true" />
                    {t(`state.${r.state}`)}
                  </span>
                ),
              },
              { header: t('comp.from'), className: 'nowrap', cell: (r) => formatDateTime(r.from) },
              { header: t('comp.to'), className: 'nowrap', cell: (r) => (r.to ? formatDateTime(r.to) : t('comp.ongoing')) },
              { header: t('comp.duration'), className: 'nowrap', cell: (r) => formatDuration((r.to ? Date.parse(r.to) : fetchedAt) - Date.parse(r.from), lang) },
              { header: t('comp.causes'), cell: (r) => r.causes.map((x) => x.source).join(', ') },
            ]}
          />
        )}
      </section>
    </div>
  );
}

/** `/availability/components/:id`: one component with its current state, 90-day bars and its state timeline. */
export default function ComponentPage() {
  const { t, pick } = useMessages(availabilityMessages);
  const { id = '' } = useParams();
  const [days, setDays] = useState<number>(30);
  const range = useMemo(() => {
    const to = new Date();
    return { from: new Date(to.getTime() - days * 86_400_000).toISOString(), to: to.toISOString(), at: to.getTime() };
  }, [days]);
  const detail = useQuery((signal) => getComponent(id, { from: range.from, to: range.to }, signal), [id, range]);
  return (
    <div className="stack stack--lg">
      <PageHeader title={detail.data ? pick(detail.data.name) : t('avail.title')} lead={detail.data?.description ? pick(detail.data.description) : undefined} actions={<RouterLink to="/availability">{t('comp.back')}</RouterLink>} />
      <div className="form-row">
        <SelectField
          label={t('comp.period')}
          value={String(days)}
          onChange={(e) => setDays(Number(e.target.value))}
          options={PERIODS.map((n) => ({ value: String(n), label: t('comp.days', { n }) }))}
          data-testid="comp-period"
        />
      </div>
      <QueryView query={detail}>{(c) => <Detail c={c} days={days} fetchedAt={range.at} />}</QueryView>
    </div>
  );
}
