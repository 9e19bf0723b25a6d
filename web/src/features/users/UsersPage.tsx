import { Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useAsyncList, useConfirmAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SearchForm } from '../../app/components/SearchForm.tsx';
import { listUsers, setUserDisabled } from './api.ts';
import type { UserItem } from './api.ts';
import { userMessages } from './messages.ts';

/** `/users` (operator-admin): every account, its memberships, and disable/enable. */
export default function UsersPage() {
  const { t } = useMessages(userMessages);
  const session = useRequiredSession();
  const [q, setQ] = useState('');
  const users = useAsyncList((signal) => listUsers(q, signal), [q], (u) => u.id);

  async function setDisabled(user: UserItem, disabled: boolean) {
    const updated = await setUserDisabled(user.id, disabled);
    users.patch(user.id, { ...updated, disabled });
  }
  // Disabling asks first; enabling does not.
  const disable = useConfirmAction((user: UserItem) => setDisabled(user, true));
  const enable = useAction((user: UserItem) => setDisabled(user, false));

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('users.title')} lead={t('users.lead')} />
      <SearchForm label={t('users.search')} onSearch={setQ} data-testid="user-search" />
      <ProblemAlert error={enable.error} />
      <QueryView query={users}>
        {(data) => (
          <DataTable
            rows={data.items}
            rowKey={(u) => u.id}
            rowTestId="user-row"
            caption={t('users.caption')}
            data-testid="users-table"
            columns={[
              { header: t('common.name'), cell: (u) => u.name },
              { header: t('common.email'), cell: (u) => u.email },
              {
                header: t('users.memberships'),
                cell: (u) => (
                  <ul className="plain-list">
                    {u.memberships.map((m) => (
                      <li key={m.orgId}>
                        <RouterLink to={`/organisations/${m.orgId}`}>{m.orgName}</RouterLink>{' '}
                        <span className="muted">– {t(`role.${m.role}`)}</span>
                      </li>
                    ))}
                  </ul>
                ),
              },
              {
                header: t('common.status'),
                cell: (u) =>
                  u.disabled ? (
                    <Tag data-color="danger">{t('users.disabled')}</Tag>
                  ) : (
                    <Tag data-color="success">{t('users.active')}</Tag>
                  ),
              },
              { header: t('common.created'), cell: (u) => formatDateTime(u.createdAt), className: 'nowrap' },
              {
                header: t('common.actions'),
                cell: (u) =>
                  u.id !== session.user.id &&
                  (u.disabled ? (
                    <RowAction loading={enable.busy} onClick={() => void enable.run(u)} data-testid={`user-toggle-${u.id}`}>
                      {t('users.enable')}
                    </RowAction>
                  ) : (
                    <RowAction danger onClick={() => disable.ask(u)} data-testid={`user-toggle-${u.id}`}>
                      {t('users.disable')}
                    </RowAction>
                  )),
              },
            ]}
          />
        )}
      </QueryView>
      <ConfirmAction
        state={disable}
        title={t('users.disableTitle')}
        body={(u) => t('users.disableConfirm', { name: u.name || u.email })}
        confirmLabel={t('users.disable')}
      />
    </div>
  );
}
