import { Select } from '@digdir/designsystemet-react';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useAsyncList, useConfirmAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { rolesForKinds } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import type { UserRole } from '../../app/types.ts';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { listMembers, removeMember, updateMember } from './api.ts';
import type { Member, Organisation } from './api.ts';
import { orgMessages } from './messages.ts';

export function MembersTable({ org, canManage }: { org: Organisation; canManage: boolean }) {
  const { t } = useMessages(orgMessages);
  const session = useRequiredSession();
  const members = useAsyncList((signal) => listMembers(org.id, signal), [org.id], (m) => m.userId);
  const roles = rolesForKinds(org.kinds);
  const isSelf = (m: Member) => m.userId === session.user.id;

  const changeRole = useAction(async (m: Member, role: UserRole) => {
    const updated = await updateMember(org.id, m.userId, role);
    members.patch(m.userId, { ...updated, role });
    return true;
  });
  const remove = useConfirmAction(async (m: Member) => {
    await removeMember(org.id, m.userId);
    members.remove(m.userId);
  });

  function roleCell(m: Member) {
    if (!canManage || isSelf(m)) return t(`role.${m.role}`);
    return (
      <Select
        aria-label={t('members.changeRole', { name: m.name || m.email })}
        value={m.role}
        width="auto"
        data-size="sm"
        disabled={changeRole.busy}
        onChange={(e) => void changeRole.run(m, e.target.value as UserRole)}
        data-testid={`member-role-${m.userId}`}
      >
        {(roles.includes(m.role) ? roles : [m.role, ...roles]).map((r) => (
          <Select.Option key={r} value={r}>
            {t(`role.${r}`)}
          </Select.Option>
        ))}
      </Select>
    );
  }

  return (
    <div className="stack">
      <ProblemAlert error={changeRole.error} />
      <QueryView query={members}>
        {(data) => (
          <DataTable
            rows={data.items}
            rowKey={(m) => m.userId}
            rowTestId="member-row"
            caption={t('members.caption', { org: org.name })}
            data-testid="members-table"
            columns={[
              {
                header: t('common.name'),
                cell: (m) => (
                  <>
                    {m.name}
                    {isSelf(m) && <span className="muted"> ({t('members.you')})</span>}
                  </>
                ),
              },
              { header: t('common.email'), cell: (m) => m.email },
              { header: t('common.role'), cell: roleCell },
              { header: t('common.created'), cell: (m) => formatDateTime(m.createdAt), className: 'nowrap' },
              canManage && {
                header: t('common.actions'),
                cell: (m) =>
                  !isSelf(m) && (
                    <RowAction danger onClick={() => remove.ask(m)} data-testid={`member-remove-${m.userId}`}>
                      {t('common.remove')}
                    </RowAction>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      <ConfirmAction
        state={remove}
        title={t('members.remove')}
        body={(m) => t('members.removeConfirm', { name: m.name || m.email, org: org.name })}
        confirmLabel={t('common.remove')}
      />
    </div>
  );
}
