import { Button, Dialog, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { listOutbox } from './api.ts';
import type { OutboxMessage, OutboxStatus } from './api.ts';
import { outboxMessages } from './messages.ts';

const STATUS_COLOR: Record<OutboxStatus, string> = {
  pending: 'info',
  sent: 'success',
  failed: 'danger',
  kept: 'neutral',
};

function StatusTag({ status }: { status: OutboxStatus }) {
  const { t } = useMessages(outboxMessages);
  const known = status in STATUS_COLOR;
  return (
    <Tag data-color={known ? STATUS_COLOR[status] : 'neutral'} data-size="sm">
      {known ? t(`outbox.status.${status}`) : status}
    </Tag>
  );
}

function MessageDialog({ message, onClose }: { message: OutboxMessage | null; onClose: () => void }) {
  const { t } = useMessages(outboxMessages);
  return (
    <TitledDialog
      open={message !== null}
      onClose={onClose}
      title={message?.subject}
      closedby="any"
      data-testid="outbox-dialog"
    >
      {message && (
        <Dialog.Block className="stack">
          <DefinitionList
            items={[
              { term: t('outbox.to'), value: message.to },
              { term: t('common.created'), value: formatDateTime(message.createdAt) },
              { term: t('common.status'), value: <StatusTag status={message.status} /> },
              { term: t('outbox.attempts'), value: message.attempts },
              ...(message.lastError ? [{ term: t('outbox.lastError'), value: <span className="mono">{message.lastError}</span> }] : []),
            ]}
          />
          <pre className="message-text" data-testid="outbox-message-text">
            {message.text}
          </pre>
        </Dialog.Block>
      )}
    </TitledDialog>
  );
}

/** `/outbox` (operator-admin, operator-agent): outgoing mail and its delivery status. */
export default function OutboxPage() {
  const { t } = useMessages(outboxMessages);
  const outbox = useQuery((signal) => listOutbox(signal), []);
  const [viewing, setViewing] = useState<OutboxMessage | null>(null);
  return (
    <div className="stack stack--lg">
      <PageHeader
        title={t('outbox.title')}
        lead={t('outbox.lead')}
        actions={
          <Button variant="secondary" onClick={outbox.reload} loading={outbox.loading} data-testid="outbox-reload">
            {t('outbox.reload')}
          </Button>
        }
      />
      <QueryView query={outbox}>
        {(data) => (
          <DataTable
            rows={data.items}
            rowKey={(m) => m.id}
            rowTestId="outbox-row"
            caption={t('outbox.caption')}
            data-testid="outbox-table"
            columns={[
              { header: t('common.created'), cell: (m) => formatDateTime(m.createdAt), className: 'nowrap' },
              { header: t('outbox.to'), cell: (m) => m.to },
              { header: t('outbox.subject'), cell: (m) => m.subject },
              {
                header: t('common.status'),
                cell: (m) => (
                  <>
                    <StatusTag status={m.status} />
                    {m.lastError && <div className="muted mono">{m.lastError}</div>}
                  </>
                ),
              },
              { header: t('outbox.attempts'), cell: (m) => m.attempts },
              {
                header: t('common.actions'),
                cell: (m) => (
                  <RowAction
                    onClick={() => setViewing(m)}
                    aria-label={t('outbox.viewLabel', { subject: m.subject })}
                    data-testid={`outbox-view-${m.id}`}
                  >
                    {t('outbox.view')}
                  </RowAction>
                ),
              },
            ]}
          />
        )}
      </QueryView>
      <MessageDialog message={viewing} onClose={() => setViewing(null)} />
    </div>
  );
}
