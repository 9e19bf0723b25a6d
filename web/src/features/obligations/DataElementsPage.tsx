import { Alert, Dialog, Heading, Paragraph, Switch, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useAsyncList, useConfirmAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { ELEMENT_STATUSES, REASON_KINDS, confirmDownload, listDataElements, listDeletionRequests, requestDeletion } from './api.ts';
import type { DataElement, ReasonKind } from './api.ts';
import { RequestStatusTag, ShortId } from './Tags.tsx';
import { obligationMessages } from './messages.ts';
import { FormActions } from '../../app/components/FormActions.tsx';

export function ElementStatusTag({ e }: { e: DataElement }) {
  const { t } = useMessages(obligationMessages);
  const color = e.status === 'confirmed' ? 'success' : e.status === 'deleted' ? 'neutral' : e.overdue ? 'danger' : 'info';
  return (
    <span className="tag-list">
      <Tag data-color={color} data-size="sm" data-testid={`element-status-${e.id}`}>
        {t(`elements.status.${e.status}` as 'elements.status.available')}
      </Tag>
      {e.overdue && (
        <Tag data-color="danger" data-size="sm" data-testid={`element-overdue-${e.id}`}>
          {t('elements.overdue')}
        </Tag>
      )}
      {e.pendingDeletionRequestId && (
        <Tag data-color="warning" data-size="sm">
          {t('elements.deletionPending')}
        </Tag>
      )}
    </span>
  );
}

function DeletionDialog({ element, onClose, onRequested }: { element: DataElement; onClose: () => void; onRequested: (requestId: string) => void }) {
  const { t } = useMessages(obligationMessages);
  const [reasonKind, setReasonKind] = useState<ReasonKind>('mistake');
  const [reason, setReason] = useState('');
  const send = useAction(() => requestDeletion(element.id, { reasonKind, reason: reason.trim() }));
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const r = await send.run();
    if (r) onRequested(r.id);
  }
  return (
    <TitledDialog open onClose={onClose} title={t('elements.deletionTitle')} data-testid="deletion-dialog">
      <Dialog.Block>
        <form className="stack" onSubmit={onSubmit} data-testid="deletion-form">
          <Paragraph data-size="sm">{t('elements.deletionLead')}</Paragraph>
          <Paragraph data-size="sm" className="mono">
            {element.elementRef}
          </Paragraph>
          <ClauseTags ids={['S-7.4.3']} />
          <ProblemAlert error={send.error} fields={['reasonKind', 'reason']} />
          <SelectField
            label={t('elements.reasonKind')}
            value={reasonKind}
            onChange={(e) => setReasonKind(e.target.value as ReasonKind)}
            options={REASON_KINDS.map((k) => ({ value: k, label: t(`reason.${k}`) }))}
            data-testid="deletion-reason-kind"
          />
          <Textfield
            label={t('elements.reason')}
            multiline
            rows={3}
            required
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={send.error?.fieldError('reason')}
            data-testid="deletion-reason"
          />
          <FormActions submit={t('elements.requestDeletion')} busy={send.busy} onCancel={onClose} data-testid="deletion-submit" />
        </form>
      </Dialog.Block>
    </TitledDialog>
  );
}

/** `/data-elements` (service owners): elements to download and confirm (S-7.4.1, S-7.4.2), deletion requests (S-7.4.3). */
export default function DataElementsPage() {
  const { t } = useMessages(obligationMessages);
  const m = activeMembership(useRequiredSession())!;
  const isAdmin = m.role === 'serviceowner-admin';
  const [status, setStatus] = useState('available');
  const [onlyOverdue, setOnlyOverdue] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<DataElement | null>(null);
  const elements = useAsyncList(
    (signal) => listDataElements(m.orgId, { status, ...(onlyOverdue ? { overdue: true } : {}), limit: 200 }, signal),
    [m.orgId, status, onlyOverdue],
    (e) => e.id,
  );
  const requests = useAsyncList((signal) => listDeletionRequests({ orgId: m.orgId }, signal), [m.orgId], (r) => r.id);
  const confirm = useConfirmAction(async (e: DataElement) => {
    const updated = await confirmDownload(e.id);
    elements.patch(e.id, updated);
    setNotice(t('elements.confirmed', { ref: e.elementRef }));
  });
  const items = elements.data?.items ?? [];
  const overdueCount = items.filter((e) => e.overdue).length;

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('elements.title')} lead={t('elements.lead')} />
      <ClauseTags ids={['S-7.4.1', 'S-7.4.2', 'S-7.4.3']} />
      {notice && (
        <Alert data-color="success" role="status" data-testid="elements-notice">
          {notice}
        </Alert>
      )}
      {overdueCount > 0 && (
        <Alert data-color="danger" data-testid="elements-overdue">
          {overdueCount === 1 ? t('due.elementsOverdue.one') : t('due.elementsOverdue', { count: overdueCount })}
        </Alert>
      )}
      <div className="form-row">
        <SelectField
          label={t('elements.filterStatus')}
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          options={[{ value: '', label: t('elements.all') }, ...ELEMENT_STATUSES.map((s) => ({ value: s, label: t(`elements.status.${s}`) }))]}
          data-testid="elements-filter-status"
        />
        <Switch label={t('elements.onlyOverdue')} checked={onlyOverdue} onChange={(e) => setOnlyOverdue(e.target.checked)} data-testid="elements-only-overdue" className="form-row__shrink" />
      </div>
      <QueryView query={elements}>
        {(data) => (
          <DataTable
            size="sm"
            rows={data.items}
            rowKey={(e) => e.id}
            rowTestId="element-row"
            caption={t('elements.caption')}
            data-testid="elements-table"
            columns={[
              {
                header: t('elements.element'),
                cell: (e) => (
                  <span className={e.overdue ? 'overdue-cell' : undefined}>
                    <ShortId id={e.elementRef} />
                    {e.instanceRef && (
                      <div className="muted">
                        {t('elements.instance')}: <ShortId id={e.instanceRef} />
                      </div>
                    )}
                  </span>
                ),
              },
              { header: t('elements.service'), cell: (e) => e.serviceName ?? e.resourceId ?? '' },
              { header: t('elements.madeAvailable'), cell: (e) => formatDateTime(e.madeAvailableAt), className: 'nowrap' },
              {
                header: t('elements.dueAt'),
                cell: (e) => (e.status === 'available' ? <span className={e.overdue ? 'text-danger' : undefined}>{formatDateTime(e.downloadDueAt)}</span> : ''),
                className: 'nowrap',
              },
              { header: t('elements.confirmedAt'), cell: (e) => formatDateTime(e.confirmedAt), className: 'nowrap' },
              { header: t('common.status'), cell: (e) => <ElementStatusTag e={e} /> },
              {
                header: t('common.actions'),
                cell: (e) =>
                  e.status === 'available' && (
                    <span className="row-actions">
                      <RowAction onClick={() => confirm.ask(e)} data-testid={`element-confirm-${e.id}`}>
                        {t('elements.confirm')}
                      </RowAction>
                      {isAdmin && !e.pendingDeletionRequestId && (
                        <RowAction danger onClick={() => setDeleting(e)} data-testid={`element-delete-${e.id}`}>
                          {t('elements.requestDeletion')}
                        </RowAction>
                      )}
                    </span>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      <section className="section" aria-labelledby="requests-heading">
        <Heading level={2} data-size="sm" id="requests-heading">
          {t('elements.requests')}
        </Heading>
        <QueryView query={requests}>
          {(data) => (
            <DataTable
              rows={data.items}
              rowKey={(r) => r.id}
              rowTestId="own-request-row"
              caption={t('elements.requests')}
              size="sm"
              data-testid="own-requests-table"
              columns={[
                { header: t('elements.element'), cell: (r) => <ShortId id={r.elementRef ?? ''} /> },
                { header: t('elements.reasonKind'), cell: (r) => t(`reason.${r.reasonKind}` as 'reason.mistake') },
                { header: t('elements.reason'), cell: (r) => r.reason },
                { header: t('requests.requestedAt'), cell: (r) => formatDateTime(r.requestedAt), className: 'nowrap' },
                { header: t('common.status'), cell: (r) => <RequestStatusTag status={r.status} /> },
                { header: t('requests.decision'), cell: (r) => r.decisionNote ?? '' },
              ]}
            />
          )}
        </QueryView>
      </section>
      <ConfirmAction state={confirm} title={t('elements.confirmTitle')} body={(e) => t('elements.confirmBody', { ref: e.elementRef })} confirmLabel={t('elements.confirm')} danger={false} />
      {deleting && (
        <DeletionDialog
          element={deleting}
          onClose={() => setDeleting(null)}
          onRequested={(requestId) => {
            elements.patch(deleting.id, { pendingDeletionRequestId: requestId });
            requests.reload();
            setNotice(t('elements.requested'));
            setDeleting(null);
          }}
        />
      )}
    </div>
  );
}
