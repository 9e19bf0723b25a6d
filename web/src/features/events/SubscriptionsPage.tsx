import { Alert, Button, Paragraph } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { useConfirmAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole, OPERATOR_STAFF } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { deleteSubscription, listOrgs, listSubscriptions, revealSecret } from './api.ts';
import type { Secret, Subscription } from './api.ts';
import { eventMessages } from './messages.ts';
import { NewSubscriptionDialog } from './NewSubscriptionDialog.tsx';
import { FiltersCell, SecretDialog, SubscriptionState, useSubscriptionRights } from './parts.tsx';

/**
 * `/events/subscriptions` (every role; the auditor reads): the organisation's subscriptions — Digdir's staff see
 * every organisation's, with a filter — their filters and state, create, delete, the secret, and a link to each
 * one's deliveries.
 */
export default function SubscriptionsPage() {
  const { t } = useMessages(eventMessages);
  const session = useRequiredSession();
  const isStaff = hasRole(session, OPERATOR_STAFF);
  const rights = useSubscriptionRights();
  const [params, setParams] = useSearchParams();
  const orgFilter = isStaff ? (params.get('orgId') ?? '') : '';
  const subs = useQuery((signal) => listSubscriptions(orgFilter || undefined, signal), [orgFilter]);
  const orgs = useQuery((signal) => (isStaff ? listOrgs(signal) : Promise.resolve({ items: [], nextCursor: null })), [isStaff]);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ sub: Subscription; secret: Secret } | null>(null);
  const [deleted, setDeleted] = useState(false);

  const remove = useConfirmAction(async (s: Subscription) => {
    await deleteSubscription(s.id);
    subs.setData((prev) => prev && { count: prev.count - 1, subscriptions: prev.subscriptions.filter((x) => x.id !== s.id) });
    setDeleted(true);
  });

  async function onCreated(sub: Subscription) {
    setCreating(false);
    setDeleted(false);
    subs.setData((prev) => prev && { count: prev.count + 1, subscriptions: [...prev.subscriptions, sub] });
    // The signing secret, shown once right away (the receiver needs it before the first event arrives).
    try {
      setCreated({ sub, secret: await revealSecret(sub.id) });
    } catch {
      subs.reload();
    }
  }

  return (
    <div className="stack stack--lg">
      <PageHeader
        title={t('subs.title')}
        lead={t('subs.lead')}
        actions={
          <>
            {rights.canCreate && (
              <Button onClick={() => setCreating(true)} data-testid="subscription-new">
                {t('subs.new')}
              </Button>
            )}
          </>
        }
      />
      <Paragraph>
        <RouterLink to="/events" data-testid="events-browse-link">
          {t('subs.browse')}
        </RouterLink>
      </Paragraph>
      {rights.readOnly && <Alert data-color="info">{t('subs.auditor')}</Alert>}
      {deleted && (
        <Alert data-color="success" role="status" data-testid="subscription-deleted">
          {t('delete.done')}
        </Alert>
      )}
      {isStaff && (
        <div className="ev-toolbar">
          <SelectField
            label={t('filter.org')}
            value={orgFilter}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set('orgId', e.target.value);
              else next.delete('orgId');
              setParams(next, { replace: true });
            }}
            options={[{ value: '', label: t('filter.allOrgs') }, ...(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))]}
            data-testid="subscriptions-org"
          />
        </div>
      )}
      <QueryView query={subs}>
        {(data) => (
          <>
            <DataTable
              rows={data.subscriptions}
              rowKey={(s) => s.id}
              rowTestId="subscription-row"
              caption={t('subs.caption')}
              size="sm"
              data-testid="subscriptions-table"
              columns={[
                { header: t('col.id'), cell: (s) => <RouterLink to={`/events/subscriptions/${s.id}`}>{String(s.id)}</RouterLink> },
                {
                  header: t('col.endPoint'),
                  cell: (s) => (
                    <div className="ev-endpoint">
                      <span className="ev-code">{s.endPoint}</span>
                      {isStaff && <div className="muted ev-small">{s.orgName ?? s.consumer}</div>}
                    </div>
                  ),
                },
                { header: t('col.filters'), cell: (s) => <FiltersCell s={s} /> },
                { header: t('col.state'), cell: (s) => <SubscriptionState s={s} /> },
                {
                  header: t('col.queue'),
                  className: 'nowrap',
                  cell: (s) => (
                    <span title={t('queue.title', { pending: s.pending, dead: s.deadLetters })} className={s.deadLetters > 0 ? 'text-danger' : undefined}>
                      {t('queue.value', { pending: s.pending, dead: s.deadLetters })}
                    </span>
                  ),
                },
                {
                  header: t('common.actions'),
                  cell: (s) => (
                    <div className="row-actions">
                      <RouterLink to={`/events/subscriptions/${s.id}`} data-testid={`subscription-open-${s.id}`}>
                        {t('action.open')}
                      </RouterLink>
                      {rights.canManage(s) && (
                        <RowAction danger onClick={() => remove.ask(s)} data-testid={`subscription-delete-${s.id}`}>
                          {t('action.delete')}
                        </RowAction>
                      )}
                    </div>
                  ),
                },
              ]}
            />
            <Paragraph data-size="sm" className="muted" aria-live="polite">
              {t('subs.count', { count: data.count })}
            </Paragraph>
          </>
        )}
      </QueryView>
      {creating && <NewSubscriptionDialog onClose={() => setCreating(false)} onCreated={onCreated} />}
      <SecretDialog
        secret={created?.secret ?? null}
        title={created ? t('new.created', { id: created.sub.id }) : ''}
        intro={t('new.createdBody')}
        onClose={() => setCreated(null)}
      />
      <ConfirmAction
        state={remove}
        title={t('delete.title')}
        body={(s) => t('delete.body', { id: s.id, endPoint: s.endPoint })}
        confirmLabel={t('action.delete')}
      />
    </div>
  );
}
