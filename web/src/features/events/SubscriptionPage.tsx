import { Alert, Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { LoadMore } from '../../app/components/LoadMore.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { formatDateTime, osloNowLocalInput } from '../../app/format.ts';
import { useAction, useConfirmAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { usePaged } from '../../app/usePaged.ts';
import { osloLocalToIso } from '../incidents/time.ts';
import { DELIVERY_STATUSES, deleteSubscription, getSubscription, listDeliveries, replayDelivery, replaySince } from './api.ts';
import type { Delivery, DeliveryStatus, Subscription } from './api.ts';
import { AttemptsDialog } from './AttemptsDialog.tsx';
import { eventMessages } from './messages.ts';
import { DeliveryEvent, DeliveryStatusTag, FiltersCell, LastAnswer, SubscriptionState, useSubscriptionRights } from './parts.tsx';
import { SecretControls } from './SecretControls.tsx';

/** `/events/subscriptions/:id`: one subscription — its state, secret, deliveries with attempts, dead letters and replay. */
export default function SubscriptionPage() {
  const { t } = useMessages(eventMessages);
  const { id = '' } = useParams();
  const subId = Number(id);
  const sub = useQuery((signal) => getSubscription(subId, signal), [subId]);
  return (
    <div className="stack stack--lg">
      <QueryView query={sub}>{(s) => <SubscriptionView s={s} reload={sub.reload} />}</QueryView>
      {sub.error && (
        <Paragraph>
          <RouterLink to="/events/subscriptions">{t('detail.back')}</RouterLink>
        </Paragraph>
      )}
    </div>
  );
}

function SubscriptionView({ s, reload }: { s: Subscription; reload: () => void }) {
  const { t } = useMessages(eventMessages);
  const rights = useSubscriptionRights();
  const navigate = useNavigate();
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [attemptsOf, setAttemptsOf] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const deliveries = usePaged((cursor, signal) => listDeliveries(s.id, status || undefined, cursor, signal), [s.id, status]);
  const dead = usePaged((cursor, signal) => listDeliveries(s.id, 'dead', cursor, signal), [s.id]);
  const canManage = rights.canManage(s);

  const remove = useConfirmAction(async () => {
    await deleteSubscription(s.id);
    navigate('/events/subscriptions', { replace: true });
  });
  const replayOne = useAction(async (d: Delivery) => {
    await replayDelivery(d.id);
    setNotice(t('deliveries.replayed'));
    deliveries.reload();
    dead.reload();
    reload();
  });

  const deliveryColumns = () => [
    { header: t('deliveries.status'), cell: (d: Delivery) => <DeliveryStatusTag status={d.status} /> },
    { header: t('deliveries.event'), cell: (d: Delivery) => <DeliveryEvent d={d} /> },
    { header: t('deliveries.attempts'), cell: (d: Delivery) => d.attempts },
    { header: t('deliveries.last'), cell: (d: Delivery) => <LastAnswer d={d} /> },
    {
      header: t('common.actions'),
      cell: (d: Delivery) => (
        <div className="row-actions">
          <RowAction onClick={() => setAttemptsOf(d.id)} data-testid={`delivery-attempts-${d.id}`}>
            {t('deliveries.showAttempts')}
          </RowAction>
          {canManage && (d.status === 'dead' || (d.status === 'delivered' && d.eventSeq !== null)) && (
            <RowAction onClick={() => void replayOne.run(d)} loading={replayOne.busy} data-testid={`delivery-replay-${d.id}`}>
              {t('deliveries.replay')}
            </RowAction>
          )}
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('detail.title', { id: s.id })}
        lead={<span className="ev-code">{s.endPoint}</span>}
        actions={
          <>
            {rights.canSecret(s) && <SecretControls s={s} />}
            {canManage && (
              <Button variant="secondary" data-color="danger" onClick={() => remove.ask(s)} data-testid="subscription-delete">
                {t('action.delete')}
              </Button>
            )}
          </>
        }
      />
      <Paragraph>
        <RouterLink to="/events/subscriptions">{t('detail.back')}</RouterLink>
      </Paragraph>
      {s.status === 'disabled' && (
        <Alert data-color="danger" data-testid="subscription-disabled">
          <Paragraph>{t('detail.disabled', { at: formatDateTime(s.disabledAt), reason: s.disabledReason ?? '' })}</Paragraph>
          <Paragraph data-size="sm">{t('detail.disabledHint')}</Paragraph>
        </Alert>
      )}
      {s.status === 'active' && !s.validated && <Alert data-color="warning">{t('detail.notValidated')}</Alert>}
      {notice && (
        <Alert data-color="success" role="status" data-testid="events-notice">
          {notice}
        </Alert>
      )}
      <ProblemAlert error={replayOne.error} />
      <section className="panel stack" aria-label={t('col.state')}>
        <DefinitionList
          items={[
            { term: t('col.state'), value: <SubscriptionState s={s} /> },
            { term: t('col.filters'), value: <FiltersCell s={s} /> },
            { term: t('detail.consumer'), value: <span className="ev-code">{s.consumer}</span> },
            ...(s.orgName ? [{ term: t('col.org'), value: s.orgName }] : []),
            { term: t('detail.createdBy'), value: <span className="ev-code">{s.createdBy}</span> },
            { term: t('col.created'), value: formatDateTime(s.created) },
            { term: t('detail.validatedAt'), value: s.validatedAt ? formatDateTime(s.validatedAt) : t('common.no') },
            { term: t('detail.lastSuccess'), value: s.lastSuccessAt ? formatDateTime(s.lastSuccessAt) : t('common.never') },
            ...(s.failingSince ? [{ term: t('detail.failingSince'), value: <span className="text-danger">{formatDateTime(s.failingSince)}</span> }] : []),
          ]}
        />
      </section>

      <section className="section stack" aria-labelledby="dead-title">
        <Heading level={2} data-size="sm" id="dead-title">
          {t('dead.title')}
        </Heading>
        <Paragraph data-size="sm" className="muted">
          {t('dead.lead')}
        </Paragraph>
        <ProblemAlert error={dead.error} />
        {!dead.loading && dead.items.length === 0 ? (
          <Paragraph data-testid="dead-none">{t('dead.none')}</Paragraph>
        ) : (
          <DataTable rows={dead.items} rowKey={(d) => d.id} rowTestId="dead-row" caption={t('dead.caption')} size="sm" data-testid="dead-table" columns={deliveryColumns()} />
        )}
        {dead.hasMore && <LoadMore list={dead} summary={t('deliveries.count', { count: dead.items.length })} data-testid="dead-more" />}
        {canManage && s.validated && (
          <ReplaySince
            s={s}
            onDone={(n) => {
              setNotice(t('replay.done', { n }));
              deliveries.reload();
              dead.reload();
              reload();
            }}
          />
        )}
      </section>

      <section className="section stack" aria-labelledby="deliveries-title">
        <Heading level={2} data-size="sm" id="deliveries-title">
          {t('deliveries.title')}
        </Heading>
        <div className="ev-toolbar">
          <SelectField
            label={t('deliveries.status')}
            value={status}
            onChange={(e) => setStatus(e.target.value as DeliveryStatus | '')}
            options={[{ value: '', label: t('deliveries.all') }, ...DELIVERY_STATUSES.map((x) => ({ value: x, label: t(`status.${x}`) }))]}
            data-testid="deliveries-status"
          />
        </div>
        <ProblemAlert error={deliveries.error} />
        <DataTable
          rows={deliveries.items}
          rowKey={(d) => d.id}
          rowTestId="delivery-row"
          caption={t('deliveries.caption')}
          size="sm"
          data-testid="deliveries-table"
          columns={deliveryColumns()}
        />
        <LoadMore list={deliveries} summary={t('deliveries.count', { count: deliveries.items.length })} data-testid="deliveries-more" />
      </section>

      <AttemptsDialog deliveryId={attemptsOf} onClose={() => setAttemptsOf(null)} />
      <ConfirmAction
        state={remove}
        title={t('delete.title')}
        body={() => t('delete.body', { id: s.id, endPoint: s.endPoint })}
        confirmLabel={t('action.delete')}
      />
    </>
  );
}

/** Replay every matching event since a time (Oslo time in the form, an ISO instant to the API). */
function ReplaySince({ s, onDone }: { s: Subscription; onDone: (n: number) => void }) {
  const { t } = useMessages(eventMessages);
  const [since, setSince] = useState(() => osloNowLocalInput(new Date(Date.now() - 24 * 3600_000)));
  const [invalid, setInvalid] = useState(false);
  const replay = useAction((iso: string) => replaySince(s.id, iso));
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const iso = osloLocalToIso(since);
    setInvalid(!iso);
    if (!iso) return;
    const result = await replay.run(iso);
    if (result) onDone(result.replayed);
  }
  return (
    <form className="panel stack" onSubmit={onSubmit} data-testid="replay-form">
      <Heading level={3} data-size="xs">
        {t('replay.title')}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t('replay.sinceHint')}
      </Paragraph>
      <ProblemAlert error={replay.error} fields={['since']} />
      <div className="ev-replay">
        <Textfield
          label={t('replay.since')}
          type="datetime-local"
          value={since}
          onChange={(e) => setSince(e.target.value)}
          error={invalid ? t('replay.invalid') : replay.error?.fieldError('since')}
          data-testid="replay-since"
        />
        <Button type="submit" variant="secondary" loading={replay.busy} data-testid="replay-submit">
          {t('replay.submit')}
        </Button>
      </div>
    </form>
  );
}
