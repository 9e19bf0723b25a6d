import { Paragraph } from '@digdir/designsystemet-react';
import { useParams } from 'react-router';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole, OPERATOR_ROLES } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { getMeasure } from './api.ts';
import { measureMessages } from './messages.ts';
import { Concerns, LiftButton, Period, StateTag } from './parts.tsx';

/** `/measures/:id`: one measure — what, why, since when and until, who applied (and lifted) it; the refusals link here. */
export default function MeasurePage() {
  const { t } = useMessages(measureMessages);
  const { id = '' } = useParams();
  const session = useRequiredSession();
  const mayAct = hasRole(session, OPERATOR_ROLES);
  const q = useQuery((signal) => getMeasure(id, signal), [id]);
  return (
    <QueryView query={q}>
      {(m) => (
        <div className="stack stack--lg">
          <PageHeader title={t(`kind.${m.kind}`)} lead={m.reason} actions={mayAct && <LiftButton m={m} onLifted={(u) => q.setData(() => u)} />} />
          <ClauseTags ids={[m.clause]} />
          <DefinitionList
            items={[
              { term: t('measures.state'), value: <StateTag m={m} /> },
              { term: t('measures.about'), value: <Concerns m={m} /> },
              { term: t('measures.environment'), value: t(`env.${m.environment}`) },
              { term: t('measures.period'), value: <Period m={m} /> },
              { term: t('measures.appliedBy'), value: `${m.appliedBy}, ${formatDateTime(m.appliedAt)}` },
              ...(m.incident || m.deviationCase
                ? [
                    {
                      term: t('measures.link'),
                      value: (
                        <>
                          {m.incident && <RouterLink to={`/incidents/${m.incident.id}`}>{`${m.incident.ref} ${m.incident.title}`}</RouterLink>}
                          {m.deviationCase && <RouterLink to={`/deviations/${m.deviationCase.id}`}>{`${m.deviationCase.ref} ${m.deviationCase.title}`}</RouterLink>}
                        </>
                      ),
                    },
                  ]
                : []),
              ...(m.liftedAt ? [{ term: t('measures.liftedBy'), value: `${m.liftedBy ?? ''}, ${formatDateTime(m.liftedAt)}` }, { term: t('measures.liftReason'), value: m.liftReason ?? '' }] : []),
            ]}
          />
          <Paragraph data-size="sm">{t('measures.contact')}</Paragraph>
          <RouterLink to="/measures">{t('measures.back')}</RouterLink>
        </div>
      )}
    </QueryView>
  );
}
