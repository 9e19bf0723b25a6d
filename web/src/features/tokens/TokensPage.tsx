import { Button, Heading, Table, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ConfirmDialog } from '../../app/components/ConfirmDialog.tsx';
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
  const tokens = useQuery((signal) => listTokens(signal), []);
  const [revoking, setRevoking] = useState<TokenItem | null>(null);
  const orgName = (id: string) => session.memberships.find((m) => m.orgId === id)?.orgName ?? id;

  const revoke = useAction(async (token: TokenItem) => {
    await revokeToken(token.id);
    const now = new Date().toISOString();
    tokens.setData(
      (prev) => prev && { items: prev.items.map((x) => (x.id === token.id ? { ...x, revokedAt: now } : x)) },
    );
    setRevoking(null);
    return true;
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
      <CreateTokenForm onCreated={(item) => tokens.setData((prev) => ({ items: [item, ...(prev?.items ?? [])] }))} />
      <section className="section" aria-labelledby="tokens-list">
        <Heading level={2} data-size="sm" id="tokens-list">
          {t('tokens.list')}
        </Heading>
        <QueryView query={tokens}>
          {(data) => (
            <div className="table-wrap">
              <Table zebra data-size="sm" data-testid="tokens-table">
                <caption className="ds-sr-only">{t('tokens.list')}</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>{t('common.name')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('tokens.scopes')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('tokens.org')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('common.created')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('tokens.expiresAt')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('tokens.lastUsed')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('common.status')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('common.actions')}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {data.items.length === 0 && (
                    <Table.Row>
                      <Table.Cell colSpan={8}>{t('common.empty')}</Table.Cell>
                    </Table.Row>
                  )}
                  {data.items.map((token) => (
                    <Table.Row key={token.id} data-testid={`token-row-${token.id}`}>
                      <Table.Cell>
                        {token.name}
                        <div className="mono muted nowrap" title={t('tokens.prefix')}>
                          {token.prefix}…
                        </div>
                      </Table.Cell>
                      <Table.Cell>
                        <span className="tag-list tag-list--nowrap">
                          {token.scopes.map((s) => (
                            <Tag key={s} data-color="info" data-size="sm">
                              {s}
                            </Tag>
                          ))}
                        </span>
                      </Table.Cell>
                      <Table.Cell>{orgName(token.orgId)}</Table.Cell>
                      <Table.Cell className="nowrap">{formatDateTime(token.createdAt)}</Table.Cell>
                      <Table.Cell className="nowrap">
                        {token.expiresAt ? formatDateTime(token.expiresAt) : t('tokens.noExpiry')}
                      </Table.Cell>
                      <Table.Cell className="nowrap">
                        {token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('common.never')}
                      </Table.Cell>
                      <Table.Cell>{status(token)}</Table.Cell>
                      <Table.Cell>
                        {!token.revokedAt && (
                          <Button
                            variant="tertiary"
                            data-color="danger"
                            data-size="sm"
                            onClick={() => setRevoking(token)}
                            data-testid={`token-revoke-${token.id}`}
                          >
                            {t('tokens.revoke')}
                          </Button>
                        )}
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
          )}
        </QueryView>
      </section>
      <ConfirmDialog
        open={revoking !== null}
        title={t('tokens.revokeTitle')}
        body={revoking ? t('tokens.revokeConfirm', { name: revoking.name }) : ''}
        confirmLabel={t('tokens.revoke')}
        busy={revoke.busy}
        error={revoke.error}
        onConfirm={() => revoking && void revoke.run(revoking)}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
      />
    </div>
  );
}
