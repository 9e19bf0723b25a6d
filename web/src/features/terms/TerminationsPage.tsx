import { useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useAsyncList, useConfirmAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole, OPERATOR_ROLES } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { confirmTermination, listTerminations } from './api.ts';
import type { Termination, TerminationStatus } from './api.ts';
import { termsMessages } from './messages.ts';
import { TerminationStatusTag } from './TerminationPanel.tsx';

/** `/terminations` (operators): vendors' terminations (T-9) with their effective date; operators confirm receipt. */
export default function TerminationsPage() {
  const { t } = useMessages(termsMessages);
  const session = useRequiredSession();
  const canConfirm = hasRole(session, OPERATOR_ROLES);
  const [status, setStatus] = useState<TerminationStatus | ''>('pending');
  const list = useAsyncList((signal) => listTerminations(status, signal), [status], (x) => x.id);
  const confirm = useConfirmAction(async (x: Termination) => {
    const updated = await confirmTermination(x.id);
    list.patch(x.id, updated);
  });

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('terminations.title')} lead={t('terminations.lead')} />
      <ClauseTags ids={['T-9']} />
      <div className="form-row">
        <SelectField
          label={t('terminations.filter')}
          value={status}
          onChange={(e) => setStatus(e.target.value as TerminationStatus | '')}
          options={[
            { value: '', label: t('terminations.all') },
            { value: 'pending', label: t('termination.status.pending') },
            { value: 'effective', label: t('termination.status.effective') },
            { value: 'withdrawn', label: t('termination.status.withdrawn') },
          ]}
          data-testid="terminations-filter"
          width="auto"
        />
      </div>
      <QueryView query={list}>
        {(data) => (
          <DataTable
            size="sm"
            rows={data.items}
            rowKey={(x) => x.id}
            rowTestId="termination-row"
            caption={t('terminations.caption')}
            data-testid="terminations-table"
            columns={[
              {
                header: t('versions.vendor'),
                cell: (x) => (
                  <>
                    <RouterLink to={`/organisations/${x.orgId}`}>{x.orgName ?? x.orgId}</RouterLink>
                    <div className="muted">{x.orgNumber}</div>
                  </>
                ),
              },
              { header: t('termination.requestedAt'), cell: (x) => formatDateTime(x.requestedAt), className: 'nowrap' },
              { header: t('termination.effectiveAt'), cell: (x) => <strong>{formatDateTime(x.effectiveAt)}</strong>, className: 'nowrap' },
              { header: t('common.status'), cell: (x) => <TerminationStatusTag status={x.status} /> },
              { header: t('termination.confirmedAt'), cell: (x) => formatDateTime(x.confirmedAt), className: 'nowrap' },
              { header: t('terminations.reason'), cell: (x) => x.reason ?? '' },
              canConfirm && {
                header: t('common.actions'),
                cell: (x) =>
                  x.status === 'pending' &&
                  !x.confirmedAt && (
                    <RowAction onClick={() => confirm.ask(x)} data-testid={`termination-confirm-${x.id}`}>
                      {t('terminations.confirm')}
                    </RowAction>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      <ConfirmAction
        state={confirm}
        title={t('terminations.confirmTitle')}
        body={(x) => t('terminations.confirmBody', { org: x.orgName ?? '', effective: formatDateTime(x.effectiveAt) })}
        confirmLabel={t('terminations.confirm')} danger={false}
      />
    </div>
  );
}
