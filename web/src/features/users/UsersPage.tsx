import { Button, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ConfirmDialog } from '../../app/components/ConfirmDialog.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { listUsers, setUserDisabled } from './api.ts';
import type { UserItem } from './api.ts';
import { userMessages } from './messages.ts';

/** `/users` (operator-admin): every account, its memberships, and disable/enable. */
export default function UsersPage() {
  const { t } = useMessages(userMessages);
  const session = useRequiredSession();
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const users = useQuery((signal) => listUsers(q, signal), [q]);
  const [disabling, setDisabling] = useState<UserItem | null>(null);

  const toggle = useAction(async (user: UserItem, disabled: boolean) => {
    const updated = await setUserDisabled(user.id, disabled);
    users.setData(
      (prev) => prev && { items: prev.items.map((u) => (u.id === user.id ? { ...u, ...updated, disabled } : u)) },
    );
    setDisabling(null);
    return true;
  });

  function onSearch(event: FormEvent) {
    event.preventDefault();
    setQ(input.trim());
  }

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('users.title')} lead={t('users.lead')} />
      <form className="form-row" role="search" onSubmit={onSearch}>
        <Textfield
          label={t('users.search')}
          type="search"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          data-testid="user-search"
        />
        <Button type="submit" variant="secondary" className="form-row__shrink" data-testid="user-search-submit">
          {t('common.search')}
        </Button>
      </form>
      {!disabling && <ProblemAlert error={toggle.error} />}
      <QueryView query={users}>
        {(data) => (
          <div className="table-wrap">
            <Table zebra data-testid="users-table">
              <caption className="ds-sr-only">{t('users.caption')}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t('common.name')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('common.email')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('users.memberships')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('common.status')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('common.created')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('common.actions')}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {data.items.length === 0 && (
                  <Table.Row>
                    <Table.Cell colSpan={6}>{t('common.empty')}</Table.Cell>
                  </Table.Row>
                )}
                {data.items.map((u) => (
                  <Table.Row key={u.id} data-testid={`user-row-${u.id}`}>
                    <Table.Cell>{u.name}</Table.Cell>
                    <Table.Cell>{u.email}</Table.Cell>
                    <Table.Cell>
                      <ul className="plain-list">
                        {u.memberships.map((m) => (
                          <li key={m.orgId}>
                            <RouterLink to={`/organisations/${m.orgId}`}>{m.orgName}</RouterLink>{' '}
                            <span className="muted">– {t(`role.${m.role}`)}</span>
                          </li>
                        ))}
                      </ul>
                    </Table.Cell>
                    <Table.Cell>
                      {u.disabled ? (
                        <Tag data-color="danger">{t('users.disabled')}</Tag>
                      ) : (
                        <Tag data-color="success">{t('users.active')}</Tag>
                      )}
                    </Table.Cell>
                    <Table.Cell className="nowrap">{formatDateTime(u.createdAt)}</Table.Cell>
                    <Table.Cell>
                      {u.id !== session.user.id &&
                        (u.disabled ? (
                          <Button
                            variant="tertiary"
                            data-size="sm"
                            loading={toggle.busy}
                            onClick={() => void toggle.run(u, false)}
                            data-testid={`user-toggle-${u.id}`}
                          >
                            {t('users.enable')}
                          </Button>
                        ) : (
                          <Button
                            variant="tertiary"
                            data-color="danger"
                            data-size="sm"
                            onClick={() => setDisabling(u)}
                            data-testid={`user-toggle-${u.id}`}
                          >
                            {t('users.disable')}
                          </Button>
                        ))}
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
        )}
      </QueryView>
      <ConfirmDialog
        open={disabling !== null}
        title={t('users.disableTitle')}
        body={disabling ? t('users.disableConfirm', { name: disabling.name || disabling.email }) : ''}
        confirmLabel={t('users.disable')}
        busy={toggle.busy}
        error={toggle.error}
        onConfirm={() => disabling && void toggle.run(disabling, true)}
        onClose={() => {
          setDisabling(null);
          toggle.reset();
        }}
      />
    </div>
  );
}
