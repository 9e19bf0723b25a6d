import { Button, Select, Table } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { rolesForKinds } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import type { Role } from '../../app/types.ts';
import { ConfirmDialog } from '../../app/components/ConfirmDialog.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { listMembers, removeMember, updateMember } from './api.ts';
import type { Member, Organisation } from './api.ts';
import { orgMessages } from './messages.ts';

export function MembersTable({ org, canManage }: { org: Organisation; canManage: boolean }) {
  const { t } = useMessages(orgMessages);
  const session = useRequiredSession();
  const members = useQuery((signal) => listMembers(org.id, signal), [org.id]);
  const [removing, setRemoving] = useState<Member | null>(null);
  const roles = rolesForKinds(org.kinds);

  const changeRole = useAction(async (m: Member, role: Role) => {
    const updated = await updateMember(org.id, m.userId, role);
    members.setData((prev) =>
      prev && { items: prev.items.map((x) => (x.userId === m.userId ? { ...x, ...updated, role } : x)) },
    );
    return true;
  });
  const remove = useAction(async (m: Member) => {
    await removeMember(org.id, m.userId);
    members.setData((prev) => prev && { items: prev.items.filter((x) => x.userId !== m.userId) });
    setRemoving(null);
    return true;
  });

  return (
    <div className="stack">
      <ProblemAlert error={changeRole.error} />
      <QueryView query={members}>
        {(data) => (
          <div className="table-wrap">
            <Table zebra data-testid="members-table">
              <caption className="ds-sr-only">{t('members.caption', { org: org.name })}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t('common.name')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('common.email')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('common.role')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('common.created')}</Table.HeaderCell>
                  {canManage && <Table.HeaderCell>{t('common.actions')}</Table.HeaderCell>}
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {data.items.length === 0 && (
                  <Table.Row>
                    <Table.Cell colSpan={canManage ? 5 : 4}>{t('common.empty')}</Table.Cell>
                  </Table.Row>
                )}
                {data.items.map((m) => {
                  const self = m.userId === session.user.id;
                  return (
                    <Table.Row key={m.userId} data-testid={`member-row-${m.userId}`}>
                      <Table.Cell>
                        {m.name}
                        {self && <span className="muted"> ({t('members.you')})</span>}
                      </Table.Cell>
                      <Table.Cell>{m.email}</Table.Cell>
                      <Table.Cell>
                        {canManage && !self ? (
                          <Select
                            aria-label={t('members.changeRole', { name: m.name || m.email })}
                            value={m.role}
                            width="auto"
                            data-size="sm"
                            disabled={changeRole.busy}
                            onChange={(e) => void changeRole.run(m, e.target.value as Role)}
                            data-testid={`member-role-${m.userId}`}
                          >
                            {(roles.includes(m.role) ? roles : [m.role, ...roles]).map((r) => (
                              <Select.Option key={r} value={r}>
                                {t(`role.${r}`)}
                              </Select.Option>
                            ))}
                          </Select>
                        ) : (
                          t(`role.${m.role}`)
                        )}
                      </Table.Cell>
                      <Table.Cell className="nowrap">{formatDateTime(m.createdAt)}</Table.Cell>
                      {canManage && (
                        <Table.Cell>
                          {!self && (
                            <Button
                              variant="tertiary"
                              data-color="danger"
                              data-size="sm"
                              onClick={() => setRemoving(m)}
                              data-testid={`member-remove-${m.userId}`}
                            >
                              {t('common.remove')}
                            </Button>
                          )}
                        </Table.Cell>
                      )}
                    </Table.Row>
                  );
                })}
              </Table.Body>
            </Table>
          </div>
        )}
      </QueryView>
      <ConfirmDialog
        open={removing !== null}
        title={t('members.remove')}
        body={removing ? t('members.removeConfirm', { name: removing.name || removing.email, org: org.name }) : ''}
        confirmLabel={t('common.remove')}
        busy={remove.busy}
        error={remove.error}
        onConfirm={() => removing && void remove.run(removing)}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
      />
    </div>
  );
}
