import { Heading, Tag } from '@digdir/designsystemet-react';
import { formatDateTime } from '../../app/format.ts';
import { useAsyncList, useConfirmAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { listTokens, revokeToken } from './api.ts';
import type { TokenItem } from './api.ts';
import { CreateTokenForm } from './CreateTokenForm.tsx';
import { tokenMessages } from './messages.ts';

/** `/profile/tokens`: the user's personal API tokens. */
export default function TokensPage() {
  const { t } = useMessages(tokenMessages);
  const session = useRequiredSession();
  const tokens = useAsyncList((signal) => listTokens(signal), [], (token) => token.id);
  const orgName = (id: string) => session.memberships.find((m) => m.orgId === id)?.orgName ?? id;

  const revoke = useConfirmAction(async (token: TokenItem) => {
    await revokeToken(token.id);
    tokens.patch(token.id, { revokedAt: new Date().toISOString() });
  });

  function status(token: TokenItem) {
    if (token.revokedAt) return <Tag data-color="neutral">{t('tokens.revoked')}</Tag>;
    if (token.expiresAt && new Date(token.expiresAt).getTime() < Date.now())
      return <Tag data-color="warning">{t('tokens.expired')}</Tag>;
    return <Tag data-color="success">{t('tokens.active')}</Tag>;
  }

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('tokens.title')} lead={t('tokens.lead')} />
      <CreateTokenForm onCreated={tokens.prepend} />
      <section className="section" aria-labelledby="tokens-list">
        <Heading level={2} data-size="sm" id="tokens-list">
          {t('tokens.list')}
        </Heading>
        <QueryView query={tokens}>
          {(data) => (
            <DataTable
              rows={data.items}
              rowKey={(token) => token.id}
              rowTestId="token-row"
              caption={t('tokens.list')}
              size="sm"
              data-testid="tokens-table"
              columns={[
                {
                  header: t('common.name'),
                  cell: (token) => (
                    <>
                      {token.name}
                      <div className="mono muted nowrap" title={t('tokens.prefix')}>
                        {token.prefix}…
                      </div>
                    </>
                  ),
                },
                {
                  header: t('tokens.scopes'),
                  cell: (token) => (
                    <span className="tag-list tag-list--nowrap">
                      {token.scopes.map((s) => (
                        <Tag key={s} data-color="info" data-size="sm">
                          {s}
                        </Tag>
                      ))}
                    </span>
                  ),
                },
                { header: t('tokens.org'), cell: (token) => orgName(token.orgId) },
                { header: t('common.created'), cell: (token) => formatDateTime(token.createdAt), className: 'nowrap' },
                {
                  header: t('tokens.expiresAt'),
                  cell: (token) => (token.expiresAt ? formatDateTime(token.expiresAt) : t('tokens.noExpiry')),
                  className: 'nowrap',
                },
                {
                  header: t('tokens.lastUsed'),
                  cell: (token) => (token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('common.never')),
                  className: 'nowrap',
                },
                { header: t('common.status'), cell: status },
                {
                  header: t('common.actions'),
                  cell: (token) =>
                    !token.revokedAt && (
                      <RowAction danger onClick={() => revoke.ask(token)} data-testid={`token-revoke-${token.id}`}>
                        {t('tokens.revoke')}
                      </RowAction>
                    ),
                },
              ]}
            />
          )}
        </QueryView>
      </section>
      <ConfirmAction
        state={revoke}
        title={t('tokens.revokeTitle')}
        body={(token) => t('tokens.revokeConfirm', { name: token.name })}
        confirmLabel={t('tokens.revoke')}
      />
    </div>
  );
}
