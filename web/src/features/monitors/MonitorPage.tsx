import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useConfirmAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole, OPERATOR_ROLES, SERVICE_OWNERS } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { deleteMonitor, getMonitor, getUptime, listComponents, listResults, pauseMonitor, resumeMonitor, testMonitor } from './api.ts';
import type { CheckResult, Monitor } from './api.ts';
import { monitorMessages } from './messages.ts';
import { fmtPercent, LatencyChart, ResultsStrip, StatusDot, useTestText } from './parts.tsx';
import './monitors.css';

const DAY = 86_400_000;

/**
 * `/monitors/:id` [S-2.3.1, S-7.1.1]: status since when, the set-up, uptime and latency percentiles over 24 h / 7 d /
 * 30 d, a latency chart of the last 24 hours (inline SVG), a strip of the latest checks, the latest results; test
 * now, pause or resume, edit, delete.
 */
export default function MonitorPage() {
  const { t, pick } = useMessages(monitorMessages);
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const session = useRequiredSession();
  const canWrite = hasRole(session, [...OPERATOR_ROLES, ...SERVICE_OWNERS]);
  const [tick, setTick] = useState(0);
  const monitor = useQuery((signal) => getMonitor(id, signal), [id]);
  const detail = useQuery(
    async (signal) => {
      const to = Date.now();
      const from = to - DAY;
      const [uptime, day, latest] = await Promise.all([
        getUptime(id, signal),
        listResults(id, { from: new Date(from).toISOString(), limit: 5000 }, signal),
        listResults(id, { limit: 100 }, signal),
      ]);
      return { uptime, day: day.items, latest: latest.items, from, to };
    },
    [id, tick],
  );
  const components = useQuery((signal) => listComponents(signal).catch(() => []), []);
  const testText = useTestText();
  const [tested, setTested] = useState<CheckResult | null>(null);

  const setMonitor = (m: Monitor) => monitor.setData(() => m);
  const toggle = useAction(async (m: Monitor) => setMonitor(await (m.enabled ? pauseMonitor(m.id) : resumeMonitor(m.id))));
  const test = useAction(async () => {
    setTested(null);
    setTested(await testMonitor(id));
  });
  const remove = useConfirmAction(async (m: Monitor) => {
    await deleteMonitor(m.id);
    navigate('/monitors');
  });

  return (
    <QueryView query={monitor}>
      {(m) => {
        const component = m.componentId ? components.data?.find((c) => c.id === m.componentId) : undefined;
        return (
          <div className="stack stack--lg" data-testid="monitor-page">
            <PageHeader
              title={m.name}
              lead={
                <span className="mon-target">
                  {m.kind === 'http' ? `${m.method} ` : 'TCP '}
                  {m.target}
                </span>
              }
              actions={
                canWrite && (
                  <div className="button-row">
                    <Button variant="secondary" onClick={() => void test.run()} loading={test.busy} data-testid="monitor-test">
                      {t('action.test')}
                    </Button>
                    <Button variant="secondary" onClick={() => navigate(`/monitors/${m.id}/edit`)} data-testid="monitor-edit">
                      {t('action.edit')}
                    </Button>
                    <Button variant="secondary" onClick={() => void toggle.run(m)} loading={toggle.busy} data-testid="monitor-toggle">
                      {m.enabled ? t('action.pause') : t('action.resume')}
                    </Button>
                    <Button variant="tertiary" data-color="danger" onClick={() => remove.ask(m)} data-testid="monitor-delete">
                      {t('action.delete')}
                    </Button>
                  </div>
                )
              }
            />
            <Paragraph>
              <RouterLink to="/monitors">{t('detail.back')}</RouterLink>
            </Paragraph>
            <ProblemAlert error={toggle.error ?? test.error} />
            {tested && (
              <Alert data-color={tested.ok ? 'success' : 'danger'} role="status" data-testid="monitor-test-result" data-ok={tested.ok}>
                <Paragraph>{testText(tested)}</Paragraph>
                <Paragraph data-size="sm">{t('test.notStored')}</Paragraph>
              </Alert>
            )}
            <Paragraph data-size="lg">
              <StatusDot m={m} /> {m.statusSince && <span className="muted">{t('detail.since', { at: formatDateTime(m.statusSince) })}</span>}
            </Paragraph>
            {m.lastError && m.status !== 'up' && (
              <Alert data-color="warning" data-testid="monitor-last-error">
                <Paragraph>
                  {t('detail.lastError')}: {m.lastError}
                </Paragraph>
              </Alert>
            )}
            <DefinitionList
              items={[
                { term: t('list.org'), value: m.orgName ?? t('list.platform') },
                ...(m.componentId ? [{ term: t('col.component'), value: `${component ? pick(component.name) : m.componentId} – ${t(`state.${m.downState}` as 'state.major_outage')}` }] : []),
                { term: t('detail.schedule'), value: t('detail.every', { n: m.intervalSeconds, ms: m.timeoutMs }) },
                {
                  term: t('detail.rules'),
                  value: [
                    m.kind === 'http' ? `${t('form.expectedStatus')}: ${m.expectedStatus}` : null,
                    m.keyword ? `${t('form.keyword')}: “${m.keyword}”` : null,
                    m.degradedLatencyMs !== null ? `${t('form.degraded')}: ${m.degradedLatencyMs}` : null,
                    t('detail.thresholds', { f: m.failureThreshold, r: m.recoveryThreshold }),
                  ]
                    .filter(Boolean)
                    .join(' · '),
                },
                { term: t('col.lastCheck'), value: m.lastCheckedAt ? `${formatDateTime(m.lastCheckedAt)}${m.lastLatencyMs !== null ? ` (${t('ms', { ms: m.lastLatencyMs })})` : ''}` : t('common.never') },
              ]}
            />
            <QueryView query={detail}>
              {(d) => (
                <>
                  <section className="stack">
                    <Heading level={2} data-size="sm">
                      {t('detail.uptime')}
                    </Heading>
                    <DataTable
                      rows={d.uptime.windows}
                      rowKey={(w) => w.window}
                      rowTestId="monitor-uptime"
                      caption={t('detail.uptime')}
                      size="sm"
                      data-testid="monitor-uptime-table"
                      columns={[
                        { header: t('detail.window'), cell: (w) => t(`window.${w.window}` as 'window.24h') },
                        { header: t('detail.share'), cell: (w) => fmtPercent(w.uptime), className: 'nowrap' },
                        { header: t('detail.checks'), cell: (w) => `${w.okChecks} / ${w.checks}` },
                        { header: 'p50', cell: (w) => (w.p50LatencyMs === null ? '–' : t('ms', { ms: Math.round(w.p50LatencyMs) })), className: 'nowrap' },
                        { header: 'p95', cell: (w) => (w.p95LatencyMs === null ? '–' : t('ms', { ms: Math.round(w.p95LatencyMs) })), className: 'nowrap' },
                      ]}
                    />
                  </section>
                  <section className="stack">
                    <Heading level={2} data-size="sm">
                      {t('detail.chart')}
                    </Heading>
                    {d.day.length ? <LatencyChart results={d.day} from={d.from} to={d.to} /> : <Paragraph>{t('detail.noResults')}</Paragraph>}
                  </section>
                  <section className="stack">
                    <Heading level={2} data-size="sm">
                      {t('detail.strip')}
                    </Heading>
                    <ResultsStrip results={d.latest} />
                    <div className="button-row">
                      <Button variant="tertiary" data-size="sm" onClick={() => setTick((n) => n + 1)}>
                        {t('app.retry')}
                      </Button>
                    </div>
                  </section>
                  <section className="stack">
                    <Heading level={2} data-size="sm">
                      {t('detail.results')}
                    </Heading>
                    <DataTable
                      rows={d.latest.slice(0, 20)}
                      rowKey={(r) => r.id}
                      rowTestId="monitor-result"
                      caption={t('detail.resultsCaption')}
                      size="sm"
                      data-testid="monitor-results-table"
                      columns={[
                        { header: t('col.at'), cell: (r) => formatDateTime(r.checkedAt), className: 'nowrap' },
                        { header: t('col.result'), cell: (r) => (r.ok ? t('result.ok') : <span className="text-danger">{t('result.fail')}</span>) },
                        { header: t('col.code'), cell: (r) => r.statusCode ?? '–' },
                        { header: t('col.latency'), cell: (r) => t('ms', { ms: r.latencyMs }), className: 'nowrap' },
                        { header: t('col.error'), cell: (r) => r.error ?? '' },
                      ]}
                    />
                  </section>
                </>
              )}
            </QueryView>
            <ConfirmAction state={remove} title={t('delete.title')} body={(x) => t('delete.body', { name: x.name, target: x.target })} confirmLabel={t('action.delete')} />
          </div>
        );
      }}
    </QueryView>
  );
}
