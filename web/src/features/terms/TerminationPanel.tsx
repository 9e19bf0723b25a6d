import { Alert, Button, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useConfirmAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { getTermination, requestTermination, withdrawTermination } from './api.ts';
import type { Termination } from './api.ts';
import { termsMessages } from './messages.ts';

export function TerminationStatusTag({ status }: { status: string }) {
  const { t } = useMessages(termsMessages);
  const color = status === 'pending' ? 'warning' : status === 'effective' ? 'danger' : 'neutral';
  return (
    <Tag data-color={color} data-size="sm">
      {t(`termination.status.${status}` as 'termination.status.pending')}
    </Tag>
  );
}

/** The vendor's termination (T-9): request with three months' notice, see the effective date, withdraw before it. */
export function TerminationPanel({ onChange }: { onChange?: () => void }) {
  const { t } = useMessages(termsMessages);
  const m = activeMembership(useRequiredSession())!;
  const isAdmin = m.role === 'vendor-admin';
  const termination = useQuery((signal) => getTermination(m.orgId, signal), [m.orgId]);
  const [reason, setReason] = useState('');

  const request = useConfirmAction(async (_: true) => {
    const created = await requestTermination(m.orgId, reason.trim() || undefined);
    termination.setData((d) => ({ current: created, items: [created, ...(d?.items ?? [])] }));
    setReason('');
    onChange?.();
  });
  const withdraw = useConfirmAction(async (x: Termination) => {
    const updated = await withdrawTermination(x.id);
    termination.setData((d) => ({ current: null, items: (d?.items ?? []).map((i) => (i.id === updated.id ? updated : i)) }));
    onChange?.();
  });

  return (
    <div className="stack" data-testid="termination-panel">
      <Paragraph>{t('termination.lead')}</Paragraph>
      <ClauseTags ids={['T-9']} />
      <QueryView query={termination}>
        {(data) => {
          const cur = data.current;
          const history = data.items.filter((i) => i.id !== cur?.id);
          return (
            <div className="stack">
              {!cur && (
                <Paragraph data-testid="termination-none">
                  <strong>{t('termination.none')}</strong>
                </Paragraph>
              )}
              {cur?.status === 'pending' && (
                <Alert data-color="warning" data-testid="termination-pending" data-effective-at={cur.effectiveAt}>
                  <Paragraph>
                    {t('termination.pending', { requested: formatDateTime(cur.requestedAt), effective: formatDateTime(cur.effectiveAt) })}
                  </Paragraph>
                  {cur.confirmedAt && <Paragraph data-size="sm">{t('termination.confirmedByDigdir', { at: formatDateTime(cur.confirmedAt) })}</Paragraph>}
                </Alert>
              )}
              {cur?.status === 'effective' && (
                <Alert data-color="danger" data-testid="termination-effective">
                  {t('termination.effective', { effective: formatDateTime(cur.effectiveAt) })}
                </Alert>
              )}
              {!isAdmin ? (
                <Alert data-color="info" data-size="sm">
                  {t('termination.adminOnly')}
                </Alert>
              ) : cur?.status === 'pending' ? (
                <div>
                  <Button variant="secondary" onClick={() => withdraw.ask(cur)} data-testid="termination-withdraw">
                    {t('termination.withdraw')}
                  </Button>
                </div>
              ) : !cur ? (
                <form
                  className="form-row"
                  onSubmit={(e) => {
                    e.preventDefault();
                    request.ask(true);
                  }}
                  data-testid="termination-form"
                >
                  <Textfield label={t('termination.reason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} data-testid="termination-reason" />
                  <Button type="submit" data-color="danger" variant="secondary" className="form-row__shrink" data-testid="termination-request">
                    {t('termination.request')}
                  </Button>
                </form>
              ) : null}
              {history.length > 0 && (
                <section className="stack" aria-labelledby="term-history">
                  <Heading level={3} data-size="2xs" id="term-history">
                    {t('termination.history')}
                  </Heading>
                  <DataTable
                    rows={history}
                    rowKey={(x) => x.id}
                    rowTestId="termination-row"
                    caption={t('termination.history')}
                    size="sm"
                    data-testid="termination-history"
                    columns={[
                      { header: t('termination.requestedAt'), cell: (x) => formatDateTime(x.requestedAt), className: 'nowrap' },
                      { header: t('termination.effectiveAt'), cell: (x) => formatDateTime(x.effectiveAt), className: 'nowrap' },
                      { header: t('common.status'), cell: (x) => <TerminationStatusTag status={x.status} /> },
                      { header: t('terminations.reason'), cell: (x) => x.reason ?? '' },
                    ]}
                  />
                </section>
              )}
            </div>
          );
        }}
      </QueryView>
      <ConfirmAction
        state={request}
        title={t('termination.request')}
        body={() => t('termination.requestConfirm', { org: m.orgName })}
        confirmLabel={t('termination.request')}
      />
      <ConfirmAction state={withdraw} title={t('termination.withdraw')} body={() => t('termination.withdrawConfirm')} confirmLabel={t('termination.withdraw')} danger={false} />
    </div>
  );
}
