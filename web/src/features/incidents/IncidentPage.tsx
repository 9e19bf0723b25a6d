import { Alert, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { OPERATOR_STAFF, hasRole } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { RowAction } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { getIncident, listPolicyComponents, removeLink } from './api.ts';
import type { IncidentDetail } from './api.ts';
import { IncidentActions, activeHolds, useAssignOptions } from './Actions.tsx';
import { ClockLegend } from './ClockAxis.tsx';
import { ClockPanel } from './ClockPanel.tsx';
import { EventTimeline } from './EventTimeline.tsx';
import { incidentMessages } from './messages.ts';
import { NoteComposer } from './NoteComposer.tsx';
import { CategoryTag, StateTag, assigneeText } from './Tags.tsx';
import './incidents.css';

const POLL_MS = 30_000;

type Loaded = { incident: IncidentDetail; fetchedAt: number };

function reporterText(r: IncidentDetail['reporter']): string {
  const who = r.userName ?? r.email;
  return [who, r.orgName].filter(Boolean).join(' · ') || '–';
}

function Detail({ data, onChange }: { data: Loaded; onChange: (d: IncidentDetail) => void }) {
  const { t, pick } = useMessages(incidentMessages);
  const session = useRequiredSession();
  const { incident, fetchedAt } = data;
  const components = useQuery((signal) => listPolicyComponents(signal).catch(() => []), []);
  const componentName = new Map((components.data ?? []).flatMap((c) => c.components.map((x) => [x.id, pick(x.name)] as const)));
  const assignOptions = useAssignOptions(incident.can.assign);
  const names = new Map<string, string>([
    ...(assignOptions.data?.users ?? []).map((u) => [u.userId, u.name] as const),
    ...(assignOptions.data?.orgs ?? []).map((o) => [o.id, o.name] as const),
  ]);
  const unlink = useAction(async (otherId: string) => {
    const d = await removeLink(incident.id, otherId);
    onChange(d);
    return d;
  });
  const holds = activeHolds(incident);
  const isStaff = hasRole(session, OPERATOR_STAFF);

  return (
    <div className="stack stack--lg" data-testid="incident-detail" data-incident-id={incident.id} data-state={incident.state} data-category={incident.category}>
      <PageHeader
        title={incident.title}
        lead={
          <span className="inc-head" data-testid="incident-head">
            <span className="inc-head__ref" data-testid="incident-ref">
              {incident.ref}
            </span>
            <CategoryTag category={incident.category} />
            <StateTag state={incident.state} />
            {incident.workaround && (
              <Tag data-color="success" data-size="sm" data-testid="incident-workaround">
                {t('workaround.tag')}
              </Tag>
            )}
            {incident.breached && (
              <Tag data-color="danger" data-size="sm" data-testid="incident-breached">
                {t('breached.tag')}
              </Tag>
            )}
            {holds.map((h) => (
              <Tag key={h} data-color="warning" data-size="sm" data-testid={`incident-hold-${h}`}>
                {t(`pause.${h}`)}
              </Tag>
            ))}
            <span className="muted" data-testid="incident-assignee">
              {t('detail.assignee')}: {assigneeText(incident.assignee, t('unassigned'))}
            </span>
          </span>
        }
        actions={<RouterLink to="/incidents">{t('detail.backToList')}</RouterLink>}
      />

      {incident.onCall && (
        <Alert data-color="warning" data-testid="incident-oncall">
          <Heading level={2} data-size="xs">
            {t('detail.onCallTitle')}
          </Heading>
          <Paragraph>{t('detail.onCallBody', { name: pick(incident.onCall.name), contact: incident.onCall.contact })}</Paragraph>
          <ClauseTags ids={incident.onCall.clauses} />
        </Alert>
      )}

      <IncidentActions incident={incident} onChange={onChange} />

      <div className="inc-layout">
        <div className="stack stack--lg">
          <section className="panel stack" aria-labelledby="clocks-heading" data-testid="incident-clocks">
            <Heading level={2} data-size="sm" id="clocks-heading">
              {t('clock.section')}
            </Heading>
            <Paragraph data-size="sm" className="muted">
              {t('clock.sectionLead')}
            </Paragraph>
            <ClockLegend />
            {incident.clocks.length === 0 ? (
              <Paragraph className="muted">{t('clock.noClock')}</Paragraph>
            ) : (
              incident.clocks.map((c) => <ClockPanel key={`${c.category}-${c.targetId}`} clock={c} fetchedAt={fetchedAt} />)
            )}
          </section>

          <section className="panel stack" aria-labelledby="desc-heading">
            <Heading level={2} data-size="sm" id="desc-heading">
              {t('detail.description')}
            </Heading>
            <div className="message-text" data-testid="incident-description">
              {incident.description || <span className="muted">{t('detail.noDescription')}</span>}
            </div>
            {incident.workaroundText && (
              <>
                <Heading level={3} data-size="2xs">
                  {t('detail.workaround')}
                </Heading>
                <div className="message-text" data-testid="incident-workaround-text">
                  {incident.workaroundText}
                </div>
              </>
            )}
          </section>

          <section className="panel stack" aria-labelledby="events-heading">
            <Heading level={2} data-size="sm" id="events-heading">
              {t('events.title')}
            </Heading>
            <EventTimeline incident={incident} names={names} />
            <NoteComposer incident={incident} onDone={onChange} />
          </section>
        </div>

        <aside className="stack">
          <section className="panel stack" aria-labelledby="facts-heading">
            <Heading level={2} data-size="xs" id="facts-heading">
              {t('detail.facts')}
            </Heading>
            <DefinitionList
              items={[
                { term: t('detail.ref'), value: <span className="mono">{incident.ref}</span> },
                { term: t('detail.category'), value: <CategoryTag category={incident.category} /> },
                { term: t('detail.state'), value: <StateTag state={incident.state} /> },
                { term: t('detail.reporter'), value: <span data-testid="incident-reporter">{reporterText(incident.reporter)}</span> },
                { term: t('detail.reportedAt'), value: formatDateTime(incident.reportedAt) },
                ...(incident.respondedAt ? [{ term: t('detail.respondedAt'), value: formatDateTime(incident.respondedAt) }] : []),
                ...(incident.resolvedAt ? [{ term: t('detail.resolvedAt'), value: formatDateTime(incident.resolvedAt) }] : []),
                ...(incident.closedAt ? [{ term: t('detail.closedAt'), value: formatDateTime(incident.closedAt) }] : []),
                { term: t('detail.assignee'), value: assigneeText(incident.assignee, t('unassigned')) },
                ...(incident.impact ? [{ term: t('impact.label'), value: <span data-testid="incident-impact-value">{t(`impact.${incident.impact}`)}</span> }] : []),
                ...(incident.components.length
                  ? [
                      {
                        term: t('detail.components'),
                        value: (
                          <ul className="tag-list">
                            {incident.components.map((c) => (
                              <li key={c}>
                                <Tag data-size="sm" data-color="neutral">
                                  {componentName.get(c) ?? c}
                                </Tag>
                              </li>
                            ))}
                          </ul>
                        ),
                      },
                    ]
                  : []),
                ...(incident.services.length
                  ? [
                      {
                        term: t('detail.services'),
                        value: (
                          <ul className="plain-list">
                            {incident.services.map((s) => (
                              <li key={s.id}>{isStaff || hasRole(session, ['serviceowner-admin', 'serviceowner-member']) ? <RouterLink to={`/services/${s.id}`}>{s.name}</RouterLink> : s.name}</li>
                            ))}
                          </ul>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </section>

          <section className="panel stack" aria-labelledby="links-heading" data-testid="incident-links">
            <Heading level={2} data-size="xs" id="links-heading">
              {t('detail.links')}
            </Heading>
            <ProblemAlert error={unlink.error} />
            {incident.links.length === 0 ? (
              <Paragraph data-size="sm" className="muted">
                {t('detail.noLinks')}
              </Paragraph>
            ) : (
              <ul className="plain-list stack">
                {incident.links.map((l) => (
                  <li key={`${l.incidentId}-${l.kind}-${l.direction}`} data-testid={`incident-link-row-${l.ref}`}>
                    <span className="muted">
                      {t(`link.kind.${l.kind as 'related'}`)}
                      {l.direction === 'in' ? ` ${t('link.in')}` : ''}:{' '}
                    </span>
                    <RouterLink to={`/incidents/${l.incidentId}`}>{l.ref}</RouterLink> {l.title}{' '}
                    {['new', 'investigating', 'identified', 'monitoring', 'resolved', 'closed'].includes(l.state) && <StateTag state={l.state as IncidentDetail['state']} />}
                    {incident.can.link && (
                      <RowAction danger onClick={() => void unlink.run(l.incidentId)} loading={unlink.busy}>
                        {t('action.unlink')}
                      </RowAction>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>

          {isStaff && (
            <section className="panel stack">
              <RouterLink to={`/deviations?incident=${incident.id}`} data-testid="incident-deviations">
                {t('detail.deviations')}
              </RouterLink>
            </section>
          )}

          <Paragraph data-size="xs" className="muted" data-testid="incident-refreshed">
            {t('detail.refreshed', { time: formatDateTime(fetchedAt) })}
          </Paragraph>
        </aside>
      </div>
    </div>
  );
}

/** `/incidents/:id`: one incident with live clocks on a time axis, history, actions and updates; refreshed every 30 s. */
export default function IncidentPage() {
  const { id = '' } = useParams();
  const query = useQuery(async (signal): Promise<Loaded> => ({ incident: await getIncident(id, signal), fetchedAt: Date.now() }), [id]);
  const { reload, setData } = query;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') reload();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const onChange = (incident: IncidentDetail) => setData(() => ({ incident, fetchedAt: Date.now() }));
  if (!query.data) return <QueryView query={query}>{() => null}</QueryView>;
  return (
    <>
      {/* a failed poll keeps the page and says so */}
      <ProblemAlert error={query.error} />
      <Detail data={query.data} onChange={onChange} />
    </>
  );
}
