import { Alert, Button, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useAsyncList, useConfirmAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { rolesForKinds } from '../../app/roles.ts';
import type { UserRole } from '../../app/types.ts';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { createInvitation, listInvitations, revokeInvitation } from './api.ts';
import type { InvitationItem, Organisation } from './api.ts';
import { orgMessages } from './messages.ts';

const FIELDS = ['email', 'role'] as const;

function useInvitationStatus() {
  const { t } = useMessages(orgMessages);
  return (inv: InvitationItem) => {
    if (inv.acceptedAt) return <Tag data-color="success">{t('invitations.accepted')}</Tag>;
    if (new Date(inv.expiresAt).getTime() < Date.now()) return <Tag data-color="neutral">{t('invitations.expired')}</Tag>;
    return <Tag data-color="info">{t('invitations.pending')}</Tag>;
  };
}

export function InvitationsPanel({ org }: { org: Organisation }) {
  const { t } = useMessages(orgMessages);
  const status = useInvitationStatus();
  const roles = rolesForKinds(org.kinds);
  const invitations = useAsyncList((signal) => listInvitations(org.id, signal), [org.id], (inv) => inv.id);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<UserRole | ''>(roles[roles.length - 1] ?? '');
  const [sentTo, setSentTo] = useState<string | null>(null);

  const invite = useAction(async () => {
    const created = await createInvitation(org.id, { email: email.trim(), role: role as UserRole });
    invitations.prepend(created);
    return created;
  });
  const revoke = useConfirmAction(async (inv: InvitationItem) => {
    await revokeInvitation(org.id, inv.id);
    invitations.remove(inv.id);
  });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSentTo(null);
    const created = await invite.run();
    if (created) {
      setSentTo(created.email);
      setEmail('');
    }
  }

  return (
    <div className="stack stack--lg">
      <section className="panel stack" aria-labelledby="invite-heading">
        <Heading level={3} data-size="xs" id="invite-heading">
          {t('invite.title')}
        </Heading>
        <Paragraph data-size="sm" className="muted">
          {t('invite.lead')}
        </Paragraph>
        <ProblemAlert error={invite.error} fields={FIELDS} />
        {sentTo && (
          <Alert data-color="success" data-testid="invite-sent">
            {t('invite.sent', { email: sentTo })}
          </Alert>
        )}
        <form className="form-row" onSubmit={onSubmit} data-testid="invite-form">
          <Textfield
            label={t('common.email')}
            type="email"
            required
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={invite.error?.fieldError('email')}
            data-testid="invite-email"
          />
          <SelectField
            label={t('common.role')}
            value={role}
            onChange={(e) => setRole(e.target.value as UserRole)}
            options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            error={invite.error?.fieldError('role')}
            data-testid="invite-role"
          />
          <Button type="submit" className="form-row__shrink" loading={invite.busy} data-testid="invite-submit">
            {t('invite.submit')}
          </Button>
        </form>
      </section>

      <QueryView query={invitations}>
        {(data) => (
          <DataTable
            rows={data.items}
            rowKey={(inv) => inv.id}
            rowTestId="invitation-row"
            caption={t('invitations.caption')}
            data-testid="invitations-table"
            columns={[
              { header: t('common.email'), cell: (inv) => inv.email },
              { header: t('common.role'), cell: (inv) => t(`role.${inv.role}`) },
              { header: t('common.status'), cell: status },
              { header: t('invitations.expires'), cell: (inv) => formatDateTime(inv.expiresAt), className: 'nowrap' },
              { header: t('common.created'), cell: (inv) => formatDateTime(inv.createdAt), className: 'nowrap' },
              {
                header: t('common.actions'),
                cell: (inv) =>
                  !inv.acceptedAt && (
                    <RowAction danger onClick={() => revoke.ask(inv)} data-testid={`invitation-revoke-${inv.id}`}>
                      {t('invitations.revoke')}
                    </RowAction>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      <ConfirmAction
        state={revoke}
        title={t('invitations.revoke')}
        body={(inv) => t('invitations.revokeConfirm', { email: inv.email })}
        confirmLabel={t('invitations.revoke')}
      />
    </div>
  );
}
