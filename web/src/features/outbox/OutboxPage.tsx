import { Button, Dialog, Heading, Table, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
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
    <Dialog open={message !== null} onClose={onClose} closeButton={t('common.close')} closedby="any" data-testid="outbox-dialog">
      {message && (
        <>
          <Dialog.Block>
            <Heading level={2} data-size="sm">
              {message.subject}
            </Heading>
          </Dialog.Block>
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
        </>
      )}
    </Dialog>
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
          <div className="table-wrap">
            <Table zebra data-testid="outbox-table">
              <caption className="ds-sr-only">{t('outbox.caption')}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t('common.created')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('outbox.to')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('outbox.subject')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('common.status')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('outbox.attempts')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('common.actions')}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {data.items.length === 0 && (
                  <Table.Row>
                    <Table.Cell colSpan={6}>{t('common.empty')}</Table.Cell>
                  </Table.Row>
                )}
                {data.items.map((m) => (
                  <Table.Row key={m.id} data-testid={`outbox-row-${m.id}`}>
                    <Table.Cell className="nowrap">{formatDateTime(m.createdAt)}</Table.Cell>
                    <Table.Cell>{m.to}</Table.Cell>
                    <Table.Cell>{m.subject}</Table.Cell>
                    <Table.Cell>
                      <StatusTag status={m.status} />
                      {m.lastError && <div className="muted mono">{m.lastError}</div>}
                    </Table.Cell>
                    <Table.Cell>{m.attempts}</Table.Cell>
                    <Table.Cell>
                      <Button
                        variant="tertiary"
                        data-size="sm"
                        onClick={() => setViewing(m)}
                        aria-label={t('outbox.viewLabel', { subject: m.subject })}
                        data-testid={`outbox-view-${m.id}`}
                      >
                        {t('outbox.view')}
                      </Button>
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
        )}
      </QueryView>
      <MessageDialog message={viewing} onClose={() => setViewing(null)} />
    </div>
  );
}
