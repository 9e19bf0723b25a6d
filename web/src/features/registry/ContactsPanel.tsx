import { Alert, Button, Dialog, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { formatDate } from '../../app/format.ts';
import { useAction, useAsyncList, useConfirmAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { CONTACT_ROLES, confirmContact, createContact, deleteContact, listContacts, updateContact } from './api.ts';
import type { Contact, ContactRole } from './api.ts';
import { registryMessages } from './messages.ts';
import { FormActions } from '../../app/components/FormActions.tsx';

const FIELDS = ['name', 'role', 'email', 'phone'] as const;

/** May the active membership change the contacts of `orgId`? (its admins, and operator admins) */
export function useCanEditContacts(orgId: string): boolean {
  const m = activeMembership(useRequiredSession());
  if (!m) return false;
  return m.role === 'operator-admin' || ((m.role === 'serviceowner-admin' || m.role === 'vendor-admin') && m.orgId === orgId);
}

export function ContactStatus({ c }: { c: Pick<Contact, 'stale' | 'soonStale'> }) {
  const { t } = useMessages(registryMessages);
  if (c.stale) return <Tag data-color="danger" data-size="sm">{t('contacts.stale')}</Tag>;
  if (c.soonStale) return <Tag data-color="warning" data-size="sm">{t('contacts.soonStale')}</Tag>;
  return <Tag data-color="success" data-size="sm">{t('contacts.current')}</Tag>;
}

function ContactDialog({
  orgId,
  contact,
  open,
  onClose,
  onSaved,
}: {
  orgId: string;
  contact: Contact | null;
  open: boolean;
  onClose: () => void;
  onSaved: (c: Contact, created: boolean) => void;
}) {
  const { t } = useMessages(registryMessages);
  const [name, setName] = useState(contact?.name ?? '');
  const [role, setRole] = useState<ContactRole>((contact?.role as ContactRole) ?? 'technical');
  const [email, setEmail] = useState(contact?.email ?? '');
  const [phone, setPhone] = useState(contact?.phone ?? '');
  const save = useAction(async () => {
    const body = { name: name.trim(), role, email: email.trim(), phone: phone.trim() || null };
    return contact ? updateContact(contact.id, body) : createContact(orgId, body);
  });
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const saved = await save.run();
    if (saved) onSaved(saved, !contact);
  }
  return (
    <TitledDialog open={open} onClose={onClose} title={contact ? t('contacts.edit') : t('contacts.add')} data-testid="contact-dialog">
      <Dialog.Block>
        <form className="stack" onSubmit={onSubmit} data-testid="contact-form">
          <ProblemAlert error={save.error} fields={FIELDS} />
          <Textfield label={t('common.name')} required value={name} onChange={(e) => setName(e.target.value)} error={save.error?.fieldError('name')} data-testid="contact-name" />
          <SelectField
            label={t('contacts.role')}
            value={role}
            onChange={(e) => setRole(e.target.value as ContactRole)}
            options={CONTACT_ROLES.map((r) => ({ value: r, label: t(`contactRole.${r}`) }))}
            error={save.error?.fieldError('role')}
            data-testid="contact-role"
          />
          <Textfield label={t('common.email')} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={save.error?.fieldError('email')} data-testid="contact-email" />
          <Textfield label={t('contacts.phone')} type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} error={save.error?.fieldError('phone')} data-testid="contact-phone" />
          <FormActions submit={t('common.save')} busy={save.busy} onCancel={onClose} data-testid="contact-submit" />
        </form>
      </Dialog.Block>
    </TitledDialog>
  );
}

type Props = {
  orgId: string;
  orgName: string;
  /** Told after every change (the onboarding flow recomputes its progress). */
  onChange?: (items: Contact[]) => void;
  /** Show the hint when no contact is an authorised signatory (vendors). */
  signatoryHint?: boolean;
};

/** An organisation's contacts with their last-confirmed date; admins add, edit, confirm and remove (T-1.2.7, S-3.2, S-7.2.2). */
export function ContactsPanel({ orgId, orgName, onChange, signatoryHint }: Props) {
  const { t } = useMessages(registryMessages);
  const canEdit = useCanEditContacts(orgId);
  const contacts = useAsyncList(
    async (signal) => {
      const r = await listContacts(orgId, signal);
      onChange?.(r.items);
      return r;
    },
    [orgId],
    (c) => c.id,
  );
  const [dialog, setDialog] = useState<{ contact: Contact | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const items = contacts.data?.items ?? [];
  const changed = (next: Contact[]) => onChange?.(next);

  const confirm = useAction(async (c: Contact) => {
    const updated = await confirmContact(c.id);
    contacts.patch(c.id, updated);
    changed(items.map((x) => (x.id === c.id ? updated : x)));
    setNotice(t('contacts.confirmed', { name: c.name }));
  });
  const remove = useConfirmAction(async (c: Contact) => {
    await deleteContact(c.id);
    contacts.remove(c.id);
    changed(items.filter((x) => x.id !== c.id));
  });

  return (
    <div className="stack" data-testid="contacts-panel">
      {!canEdit && (
        <Alert data-color="info" data-size="sm">
          {t('contacts.readOnly')}
        </Alert>
      )}
      {signatoryHint && contacts.data && !items.some((c) => c.role === 'signatory') && (
        <Alert data-color="warning" data-size="sm" data-testid="contacts-no-signatory">
          {t('contacts.noSignatory')}
        </Alert>
      )}
      {notice && (
        <Alert data-color="success" data-size="sm" role="status" data-testid="contacts-notice">
          {notice}
        </Alert>
      )}
      <ProblemAlert error={confirm.error} />
      <QueryView query={contacts}>
        {(data) => (
          <DataTable
            rows={data.items}
            rowKey={(c) => c.id}
            rowTestId="contact-row"
            caption={t('contacts.caption', { org: orgName })}
            size="sm"
            data-testid="contacts-table"
            columns={[
              { header: t('common.name'), cell: (c) => c.name },
              { header: t('contacts.role'), cell: (c) => t(`contactRole.${c.role}` as 'contactRole.signatory') },
              { header: t('common.email'), cell: (c) => c.email },
              { header: t('contacts.phone'), cell: (c) => c.phone ?? '', className: 'nowrap' },
              { header: t('contacts.lastConfirmed'), cell: (c) => formatDate(c.lastConfirmedAt), className: 'nowrap' },
              { header: t('common.status'), cell: (c) => <ContactStatus c={c} /> },
              canEdit && {
                header: t('common.actions'),
                cell: (c) => (
                  <span className="row-actions">
                    <RowAction onClick={() => void confirm.run(c)} data-testid={`contact-confirm-${c.id}`}>
                      {t('contacts.confirm')}
                    </RowAction>
                    <RowAction onClick={() => setDialog({ contact: c })} data-testid={`contact-edit-${c.id}`}>
                      {t('common.edit')}
                    </RowAction>
                    <RowAction danger onClick={() => remove.ask(c)} data-testid={`contact-remove-${c.id}`}>
                      {t('common.remove')}
                    </RowAction>
                  </span>
                ),
              },
            ]}
          />
        )}
      </QueryView>
      {canEdit && (
        <div>
          <Button variant="secondary" onClick={() => setDialog({ contact: null })} data-testid="contact-add">
            {t('contacts.add')}
          </Button>
        </div>
      )}
      {dialog && (
        <ContactDialog
          key={dialog.contact?.id ?? 'new'}
          orgId={orgId}
          contact={dialog.contact}
          open
          onClose={() => setDialog(null)}
          onSaved={(c, created) => {
            if (created) contacts.prepend(c);
            else contacts.patch(c.id, c);
            changed(created ? [c, ...items] : items.map((x) => (x.id === c.id ? c : x)));
            setDialog(null);
          }}
        />
      )}
      <ConfirmAction state={remove} title={t('contacts.remove')} body={(c) => t('contacts.removeConfirm', { name: c.name })} confirmLabel={t('common.remove')} />
    </div>
  );
}
