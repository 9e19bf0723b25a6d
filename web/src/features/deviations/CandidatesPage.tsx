import { Alert, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole, OPERATOR_ROLES } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { joinClock, listCandidates } from './api.ts';
import type { CandidateGroup, OpenBody, Party } from './api.ts';
import { PartyLabel, useLevelName } from './Ladder.tsx';
import { deviationMessages } from './messages.ts';
import { NewCaseDialog } from './NewCaseDialog.tsx';

/**
 * `/deviations/candidates` (operators and auditors): breached SLA clocks in no case, grouped by party, service owner
 * and requirement, repeated groups first; operators open a case from a group or add it to the suggested open case.
 */
export default function CandidatesPage() {
  const { t } = useMessages(deviationMessages);
  const session = useRequiredSession();
  const canAct = hasRole(session, OPERATOR_ROLES);
  const navigate = useNavigate();
  const q = useQuery((signal) => listCandidates(signal), []);
  const [opening, setOpening] = useState<Partial<OpenBody> | null>(null);
  const [notice, setNotice] = useState<{ text: string; id: string } | null>(null);
  const levelName = useLevelName(q.data?.ladder ?? []);

  const join = useAction(async (g: CandidateGroup) => {
    const target = g.suggestedCase!;
    for (const k of g.clocks) await joinClock(target.id, { incidentId: k.incidentId, targetId: k.targetId });
    setNotice({ text: t('cand.joined', { n: g.clocks.length, ref: target.ref }), id: target.id });
    q.reload();
  });

  const openFrom = (g: CandidateGroup) =>
    setOpening({
      title: t('cand.defaultTitle', { clause: g.clause ?? t('cand.noClause') }),
      clauses: g.clause ? [g.clause] : [],
      party: g.party as Party,
      orgId: g.orgId,
      description: g.clocks.map((k) => `${k.incidentRef} ${k.targetId} (${formatDateTime(k.breachedAt)}): ${k.incidentTitle}`).join('\n'),
      clocks: g.clocks.map((k) => ({ incidentId: k.incidentId, targetId: k.targetId })),
    });

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('cand.title')} lead={t('cand.lead', { days: q.data?.windowDays ?? 90 })} />
      <ClauseTags ids={['S-8', 'S-2.2.1', 'S-2.2.2', 'S-2.2.3', 'S-7.3.3']} />
      {notice && (
        <Alert data-color="success" data-size="sm" role="status" data-testid="candidates-notice">
          {notice.text} <RouterLink to={`/deviations/${notice.id}`}>{t('common.view')}</RouterLink>
        </Alert>
      )}
      <ProblemAlert error={join.error} />
      <QueryView query={q}>
        {(data) => (
          <DataTable
            rows={data.groups}
            rowKey={(g) => g.key}
            rowTestId="candidate-group"
            caption={t('cand.caption')}
            data-testid="candidates-table"
            columns={[
              { header: t('dev.party'), cell: (g) => <PartyLabel party={g.party} orgName={g.orgName} /> },
              { header: t('dev.clauses'), cell: (g) => (g.clause ? <ClauseTags ids={[g.clause]} /> : <span className="muted">{t('cand.noClause')}</span>) },
              {
                header: t('cand.count'),
                cell: (g) => (
                  <>
                    {g.count}{' '}
                    {g.repeated && (
                      <Tag data-size="sm" data-color="danger" data-testid={`candidate-repeated-${g.key}`}>
                        {t('cand.repeated')}
                      </Tag>
                    )}
                  </>
                ),
              },
              { header: t('cand.period'), cell: (g) => `${formatDate(g.firstBreachedAt)} – ${formatDate(g.lastBreachedAt)}`, className: 'nowrap' },
              {
                header: t('dev.items'),
                cell: (g) => (
                  <ul className="plain-list">
                    {g.clocks.map((k) => (
                      <li key={`${k.incidentId}/${k.targetId}`}>
                        <RouterLink to={`/incidents/${k.incidentId}`}>{k.incidentRef}</RouterLink> {k.category} · {k.targetId} · {formatDateTime(k.breachedAt)}
                      </li>
                    ))}
                  </ul>
                ),
              },
              canAct && {
                header: t('common.actions'),
                cell: (g) => (
                  <div className="button-row">
                    <RowAction onClick={() => openFrom(g)} data-testid={`candidate-open-${g.key}`}>
                      {t('cand.openCase')}
                    </RowAction>
                    {g.suggestedCase && (
                      <RowAction onClick={() => void join.run(g)} disabled={join.busy} data-testid={`candidate-join-${g.key}`} title={`${g.suggestedCase.title} · ${levelName(g.suggestedCase.level)}`}>
                        {t('cand.joinCase', { ref: g.suggestedCase.ref })}
                      </RowAction>
                    )}
                  </div>
                ),
              },
            ]}
          />
        )}
      </QueryView>
      {opening && q.data && (
        <NewCaseDialog ladder={q.data.ladder} initial={opening} onClose={() => setOpening(null)} onOpened={(d) => navigate(`/deviations/${d.id}`)} />
      )}
    </div>
  );
}
