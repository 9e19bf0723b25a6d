import { Button, Paragraph } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole, OPERATOR_ROLES, OPERATOR_STAFF } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { listMeasures, type Measure } from './api.ts';
import { ApplyDialog } from './ApplyDialog.tsx';
import { measureMessages } from './messages.ts';
import { Concerns, LiftButton, Period, StateTag } from './parts.tsx';

/**
 * `/measures` "Tiltak / Measures" (T-1.2.8, T-7.1, T-7.2, S-7.3.5, S-7.3.8, S-7.3.9): operators list, apply and lift
 * measures; auditors read them all; vendors and service owners see the measures about their own organisation.
 */
export default function MeasuresPage() {
  const { t } = useMessages(measureMessages);
  const session = useRequiredSession();
  const isStaff = hasRole(session, OPERATOR_STAFF);
  const mayAct = hasRole(session, OPERATOR_ROLES);
  const [state, setState] = useState<'active' | 'all'>('active');
  const [applying, setApplying] = useState(false);
  const list = useQuery((signal) => listMeasures({ state }, signal), [state]);
  const replace = (m: Measure) => list.setData((prev) => prev && { items: [m, ...prev.items.filter((x) => x.id !== m.id)].filter((x) => state === 'all' || x.state === 'active' || x.state === 'scheduled') });

  return (
    <div className="stack stack--lg">
      <PageHeader
        title={t('measures.title')}
        lead={isStaff ? t('measures.lead') : t('measures.leadOwn')}
        actions={
          mayAct && (
            <Button onClick={() => setApplying(true)} data-testid="measure-new">
              {t('apply.button')}
            </Button>
          )
        }
      />
      <ClauseTags ids={['T-1.2.8', 'T-7.1', 'T-7.2', 'S-7.3.5', 'S-7.3.8', 'S-7.3.9']} />
      <SelectField
        label={t('measures.show')}
        value={state}
        onChange={(e) => setState(e.target.value as typeof state)}
        options={[
          { value: 'active', label: t('measures.showActive') },
          { value: 'all', label: t('measures.showAll') },
        ]}
        data-testid="measures-state"
      />
      <QueryView query={list}>
        {(data) =>
          data.items.length === 0 ? (
            <Paragraph data-testid="measures-none">{t('measures.none')}</Paragraph>
          ) : (
            <DataTable
              size="sm"
              rows={data.items}
              rowKey={(m) => m.id}
              rowTestId="measure-row"
              caption={t('measures.caption')}
              data-testid="measures-table"
              columns={[
                { header: t('measures.kind'), cell: (m) => <RouterLink to={`/measures/${m.id}`}>{t(`kind.${m.kind}`)}</RouterLink> },
                { header: t('measures.about'), cell: (m) => <Concerns m={m} /> },
                { header: t('measures.environment'), cell: (m) => t(`env.${m.environment}`), className: 'nowrap' },
                { header: t('measures.reason'), cell: (m) => m.reason },
                { header: t('measures.period'), cell: (m) => <Period m={m} /> },
                { header: t('measures.state'), cell: (m) => <StateTag m={m} /> },
                mayAct && { header: '', cell: (m) => <LiftButton m={m} onLifted={replace} /> },
              ]}
            />
          )
        }
      </QueryView>
      {mayAct && (
        <ApplyDialog
          open={applying}
          onClose={() => setApplying(false)}
          onApplied={(m) => {
            setApplying(false);
            replace(m);
          }}
        />
      )}
    </div>
  );
}
