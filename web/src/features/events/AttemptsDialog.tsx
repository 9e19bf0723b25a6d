import { Dialog, Paragraph } from '@digdir/designsystemet-react';
import { DataTable } from '../../app/components/DataTable.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { listAttempts } from './api.ts';
import { eventMessages } from './messages.ts';
import { DeliveryEvent, DeliveryStatusTag } from './parts.tsx';

/** Every attempt at one delivery: time, status code, latency, the first bytes of the answer or the error. */
export function AttemptsDialog({ deliveryId, onClose }: { deliveryId: string | null; onClose: () => void }) {
  const { t } = useMessages(eventMessages);
  const attempts = useQuery((signal) => (deliveryId ? listAttempts(deliveryId, signal) : Promise.resolve(undefined)), [deliveryId]);
  return (
    <TitledDialog open={deliveryId !== null} onClose={onClose} title={t('attempts.title')} closedby="any" data-testid="attempts-dialog">
      <Dialog.Block>
        <QueryView query={attempts}>
          {(data) =>
            data ? (
              <div className="stack ev-wide">
                <Paragraph data-size="sm">
                  <DeliveryStatusTag status={data.delivery.status} /> <DeliveryEvent d={data.delivery} />
                </Paragraph>
                <Paragraph data-size="sm" className="muted">
                  {t('attempts.webhookId')}: <span className="ev-code">{data.delivery.id}</span>
                </Paragraph>
                {data.items.length === 0 ? (
                  <Paragraph>{t('attempts.none')}</Paragraph>
                ) : (
                  <DataTable
                    rows={data.items}
                    rowKey={(a) => a.attempt}
                    rowTestId="attempt-row"
                    caption={t('attempts.caption')}
                    size="sm"
                    data-testid="attempts-table"
                    columns={[
                      { header: t('attempts.n'), cell: (a) => a.attempt },
                      { header: t('attempts.at'), cell: (a) => formatDateTime(a.at), className: 'nowrap' },
                      {
                        header: t('attempts.status'),
                        cell: (a) =>
                          a.statusCode === null ? (
                            <span className="text-danger">{t('attempts.noAnswer')}</span>
                          ) : (
                            <span className={`ev-code ${a.statusCode >= 200 && a.statusCode < 300 ? '' : 'text-danger'}`}>{a.statusCode}</span>
                          ),
                      },
                      { header: t('attempts.latency'), cell: (a) => t('attempts.ms', { ms: a.latencyMs }), className: 'nowrap' },
                      {
                        header: t('attempts.response'),
                        cell: (a) => (
                          <>
                            {a.error && a.error !== `HTTP ${a.statusCode}` && <div className="text-danger ev-small">{a.error}</div>}
                            {a.responseExcerpt && <pre className="ev-excerpt">{a.responseExcerpt}</pre>}
                          </>
                        ),
                      },
                    ]}
                  />
                )}
              </div>
            ) : null
          }
        </QueryView>
      </Dialog.Block>
    </TitledDialog>
  );
}
