import { Alert, Button, Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { rolesForKinds } from '../../app/roles.ts';
import type { Role } from '../../app/types.ts';
import { ConfirmDialog } from '../../app/components/ConfirmDialog.tsx';
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
  const invitations = useQuery((signal) => listInvitations(org.id, signal), [org.id]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role | ''>(roles[roles.length - 1] ?? '');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<InvitationItem | null>(null);

  const invite = useAction(async () => {
    const created = await createInvitation(org.id, { email: email.trim(), role: role as Role });
    invitations.setData((prev) => ({ items: [created, ...(prev?.items ?? [])] }));
    return created;
  });
  const revoke = useAction(async (inv: InvitationItem) => {
    await revokeInvitation(org.id, inv.id);
    invitations.setData((prev) => prev && { items: prev.items.filter((x) => x.id !== inv.id) });
    setRevoking(null);
    return true;
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
            onChange={(e) => setRole(e.target.value as Role)}
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
          <div className="table-wrap">
            <Table zebra data-testid="invitations-table">
              <caption className="ds-sr-only">{t('invitations.caption')}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t('common.email')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('common.role')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('common.status')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('invitations.expires')}</Table.HeaderCell>
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
                {data.items.map((inv) => (
                  <Table.Row key={inv.id} data-testid={`invitation-row-${inv.id}`}>
                    <Table.Cell>{inv.email}</Table.Cell>
                    <Table.Cell>{t(`role.${inv.role}`)}</Table.Cell>
                    <Table.Cell>{status(inv)}</Table.Cell>
                    <Table.Cell className="nowrap">{formatDateTime(inv.expiresAt)}</Table.Cell>
                    <Table.Cell className="nowrap">{formatDateTime(inv.createdAt)}</Table.Cell>
                    <Table.Cell>
                      {!inv.acceptedAt && (
                        <Button
                          variant="tertiary"
                          data-color="danger"
                          data-size="sm"
                          onClick={() => setRevoking(inv)}
                          data-testid={`invitation-revoke-${inv.id}`}
                        >
                          {t('invitations.revoke')}
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
      <ConfirmDialog
        open={revoking !== null}
        title={t('invitations.revoke')}
        body={revoking ? t('invitations.revokeConfirm', { email: revoking.email }) : ''}
        confirmLabel={t('invitations.revoke')}
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
