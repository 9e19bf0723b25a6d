import { Button, Dialog, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useAsyncList } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { REQUEST_STATUSES, decideDeletion, listDeletionRequests } from './api.ts';
import type { DeletionRequest } from './api.ts';
import { ShortId } from './Tags.tsx';
import { obligationMessages } from './messages.ts';
import { RequestStatusTag } from './Tags.tsx';

function DecideDialog({ request, onClose, onDecided }: { request: DeletionRequest; onClose: () => void; onDecided: (r: DeletionRequest) => void }) {
  const { t } = useMessages(obligationMessages);
  const [note, setNote] = useState('');
  const decide = useAction(async (decision: 'approved' | 'refused') => {
    const r = await decideDeletion(request.id, { decision, note: note.trim() });
    onDecided(r);
    return r;
  });
  return (
    <TitledDialog open onClose={onClose} title={t('requests.decideTitle', { org: request.orgName })} data-testid="decide-dialog">
      <Dialog.Block>
        <div className="stack">
          <DefinitionList
            items={[
              { term: t('elements.element'), value: <span className="mono">{request.elementRef}</span> },
              { term: t('elements.instance'), value: <span className="mono">{request.instanceRef ?? ''}</span> },
              { term: t('elements.reasonKind'), value: t(`reason.${request.reasonKind}` as 'reason.mistake') },
              { term: t('elements.reason'), value: request.reason },
              { term: t('requests.requestedBy'), value: `${request.requestedByName ?? ''} · ${formatDateTime(request.requestedAt)}` },
            ]}
          />
          <ProblemAlert error={decide.error} fields={['note']} />
          <Textfield
            label={t('requests.note')}
            multiline
            rows={3}
            required
            value={note}
            onChange={(e) => setNote(e.target.value)}
            error={decide.error?.fieldError('note')}
            data-testid="decide-note"
          />
          <div className="button-row">
            <Button data-color="danger" disabled={!note.trim()} loading={decide.busy} onClick={() => void decide.run('approved')} data-testid="decide-approve">
              {t('requests.approve')}
            </Button>
            <Button variant="secondary" disabled={!note.trim()} loading={decide.busy} onClick={() => void decide.run('refused')} data-testid="decide-refuse">
              {t('requests.refuse')}
            </Button>
            <Button variant="tertiary" onClick={onClose}>
              {t('common.cancel')}
            </Button>
          </div>
        </div>
      </Dialog.Block>
    </TitledDialog>
  );
}

/** `/deletion-requests` (operators): service owners' deletion requests (S-7.4.3); operator admins approve or refuse. */
export default function DeletionRequestsPage() {
  const { t } = useMessages(obligationMessages);
  const session = useRequiredSession();
  const canDecide = hasRole(session, ['operator-admin']);
  const [status, setStatus] = useState('pending');
  const [deciding, setDeciding] = useState<DeletionRequest | null>(null);
  const list = useAsyncList((signal) => listDeletionRequests({ status }, signal), [status], (r) => r.id);

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('requests.title')} lead={t('requests.lead')} />
      <ClauseTags ids={['S-7.4.3']} />
      <div className="form-row">
        <SelectField
          label={t('elements.filterStatus')}
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          options={[{ value: '', label: t('elements.all') }, ...REQUEST_STATUSES.map((s) => ({ value: s, label: t(`requests.status.${s}`) }))]}
          data-testid="requests-filter"
          width="auto"
        />
      </div>
      <QueryView query={list}>
        {(data) => (
          <DataTable
            size="sm"
            rows={data.items}
            rowKey={(r) => r.id}
            rowTestId="request-row"
            caption={t('requests.caption')}
            data-testid="requests-table"
            columns={[
              { header: t('common.organisation'), cell: (r) => <RouterLink to={`/organisations/${r.orgId}`}>{r.orgName}</RouterLink> },
              { header: t('elements.element'), cell: (r) => <ShortId id={r.elementRef ?? ''} /> },
              { header: t('elements.reasonKind'), cell: (r) => t(`reason.${r.reasonKind}` as 'reason.mistake') },
              { header: t('elements.reason'), cell: (r) => r.reason },
              {
                header: t('requests.requestedAt'),
                cell: (r) => (
                  <>
                    {formatDateTime(r.requestedAt)}
                    <div className="muted">{r.requestedByName}</div>
                  </>
                ),
                className: 'nowrap',
              },
              { header: t('common.status'), cell: (r) => <RequestStatusTag status={r.status} /> },
              {
                header: t('requests.decision'),
                cell: (r) =>
                  r.decidedAt ? (
                    <>
                      {r.decisionNote}
                      <Paragraph data-size="xs" className="muted">
                        {t('requests.decidedBy', { name: r.decidedByName ?? '', at: formatDateTime(r.decidedAt) })}
                      </Paragraph>
                    </>
                  ) : (
                    ''
                  ),
              },
              canDecide && {
                header: t('common.actions'),
                cell: (r) =>
                  r.status === 'pending' && (
                    <RowAction onClick={() => setDeciding(r)} data-testid={`request-decide-${r.id}`}>
                      {t('requests.decide')}
                    </RowAction>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      {deciding && (
        <DecideDialog
          request={deciding}
          onClose={() => setDeciding(null)}
          onDecided={(r) => {
            list.patch(r.id, r);
            setDeciding(null);
          }}
        />
      )}
    </div>
  );
}
