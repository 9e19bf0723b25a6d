import { Button } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { formatDate } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole, OPERATOR_ROLES, OPERATOR_STAFF } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { STATUSES, listDeviations } from './api.ts';
import { MiniLadder, PartyLabel, StatusTag } from './Ladder.tsx';
import { deviationMessages } from './messages.ts';
import { NewCaseDialog } from './NewCaseDialog.tsx';

/** `/deviations`: deviation cases with the level reached (operators and auditors: all; service owners: their own) [S-8]. */
export default function DeviationsPage() {
  const { t, pick } = useMessages(deviationMessages);
  const session = useRequiredSession();
  const canOpen = hasRole(session, OPERATOR_ROLES);
  const isStaff = hasRole(session, OPERATOR_STAFF);
  const canSeeContacts = isStaff || hasRole(session, ['serviceowner-admin']);
  const navigate = useNavigate();
  const [status, setStatus] = useState('open');
  const [level, setLevel] = useState('');
  const [creating, setCreating] = useState(false);
  const list = useQuery((signal) => listDeviations({ status, level }, signal), [status, level]);
  const ladder = list.data?.ladder ?? [];

  return (
    <div className="stack stack--lg">
      <PageHeader
        title={t('dev.title')}
        lead={t('dev.lead')}
        actions={
          canOpen && (
            <Button onClick={() => setCreating(true)} data-testid="deviation-new">
              {t('dev.new')}
            </Button>
          )
        }
      />
      <ClauseTags ids={['S-8']} />
      {(isStaff || canSeeContacts) && (
        <div className="button-row">
          {isStaff && (
            <RouterLink to="/deviations/candidates" data-testid="deviation-candidates-link">
              {t('dev.candidatesLink')}
            </RouterLink>
          )}
          {canSeeContacts && (
            <RouterLink to="/escalation-contacts" data-testid="deviation-contacts-link">
              {t('dev.contactsLink')}
            </RouterLink>
          )}
        </div>
      )}
      <div className="form-row">
        <SelectField
          label={t('dev.filterStatus')}
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          options={[{ value: '', label: t('dev.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`dev.status.${s}`) }))]}
          data-testid="deviation-filter-status"
          width="auto"
        />
        <SelectField
          label={t('dev.filterLevel')}
          value={level}
          onChange={(e) => setLevel(e.target.value)}
          options={[{ value: '', label: t('dev.all') }, ...ladder.map((l) => ({ value: l.id, label: `${l.level}. ${pick(l.name)}` }))]}
          data-testid="deviation-filter-level"
          width="auto"
        />
      </div>
      <QueryView query={list}>
        {(data) => (
          <DataTable
            rows={data.items}
            rowKey={(r) => r.id}
            rowTestId="deviation-row"
            caption={t('dev.caption')}
            data-testid="deviations-table"
            columns={[
              {
                header: t('dev.case'),
                cell: (r) => (
                  <>
                    <RouterLink to={`/deviations/${r.id}`} data-testid={`deviation-link-${r.id}`}>
                      {r.title}
                    </RouterLink>
                    <div className="muted mono">{r.ref}</div>
                  </>
                ),
              },
              { header: t('dev.party'), cell: (r) => <PartyLabel party={r.party} orgName={r.orgName} /> },
              { header: t('dev.clauses'), cell: (r) => <ClauseTags ids={r.clauses} /> },
              { header: t('dev.filterLevel'), cell: (r) => <MiniLadder ladder={data.ladder} level={r.level} levelNumber={r.levelNumber} /> },
              { header: t('common.status'), cell: (r) => <StatusTag status={r.status} /> },
              { header: t('dev.items'), cell: (r) => r.itemCount },
              { header: t('dev.opened'), cell: (r) => formatDate(r.openedAt), className: 'nowrap' },
            ]}
          />
        )}
      </QueryView>
      {creating && (
        <NewCaseDialog ladder={ladder} onClose={() => setCreating(false)} onOpened={(d) => navigate(`/deviations/${d.id}`)} />
      )}
    </div>
  );
}
