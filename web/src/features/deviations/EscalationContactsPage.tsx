import { Button, Dialog, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../../app/api.ts';
import { useAction, useConfirmAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { FormActions } from '../../app/components/FormActions.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { createEscalationContact, deleteEscalationContact, listEscalationContacts } from './api.ts';
import type { EscalationContact, LadderLevel } from './api.ts';
import { useLevelName } from './Ladder.tsx';
import { deviationMessages } from './messages.ts';

const FIELDS = ['level', 'orgId', 'name', 'email', 'phone'] as const;
const OPERATOR_SIDE = 'operator';

function ContactDialog({
  ladder,
  sides,
  onClose,
  onSaved,
}: {
  ladder: readonly LadderLevel[];
  /** Sides the user may keep: "operator" and/or organisation ids with names. */
  sides: Array<{ value: string; label: string }>;
  onClose: () => void;
  onSaved: (c: EscalationContact) => void;
}) {
  const { t, pick } = useMessages(deviationMessages);
  const [level, setLevel] = useState(ladder[0]?.id ?? '');
  const [side, setSide] = useState(sides[0]?.value ?? '');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const save = useAction(() =>
    createEscalationContact({ level, orgId: side === OPERATOR_SIDE ? null : side, name: name.trim(), email: email.trim(), phone: phone.trim() || null }),
  );
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const c = await save.run();
    if (c) onSaved(c);
  }
  return (
    <TitledDialog open onClose={onClose} title={t('contacts.add')} data-testid="escalation-contact-dialog">
      <Dialog.Block>
        <form className="stack" onSubmit={onSubmit}>
          <ProblemAlert error={save.error} fields={FIELDS} />
          <SelectField
            label={t('dev.filterLevel')}
            value={level}
            onChange={(e) => setLevel(e.target.value)}
            options={ladder.map((l) => ({ value: l.id, label: `${l.level}. ${pick(l.name)}` }))}
            error={save.error?.fieldError('level')}
            data-testid="escalation-contact-level"
          />
          <SelectField
            label={t('contacts.forSide')}
            value={side}
            onChange={(e) => setSide(e.target.value)}
            options={sides}
            error={save.error?.fieldError('orgId')}
            data-testid="escalation-contact-side"
          />
          <Textfield label={t('common.name')} required value={name} onChange={(e) => setName(e.target.value)} error={save.error?.fieldError('name')} data-testid="escalation-contact-name" />
          <Textfield label={t('common.email')} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={save.error?.fieldError('email')} data-testid="escalation-contact-email" />
          <Textfield label={t('contacts.phone')} type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} error={save.error?.fieldError('phone')} data-testid="escalation-contact-phone" />
          <FormActions submit={t('common.save')} busy={save.busy} onCancel={onClose} data-testid="escalation-contact-submit" />
        </form>
      </Dialog.Block>
    </TitledDialog>
  );
}

/**
 * `/escalation-contacts`: the contacts of each level of the escalation ladder [S-8]. Operators see both sides and
 * operator admins keep them all; a service owner's admins keep their own organisation's.
 */
export default function EscalationContactsPage() {
  const { t } = useMessages(deviationMessages);
  const m = activeMembership(useRequiredSession());
  const isOperatorAdmin = m?.role === 'operator-admin';
  const isSoAdmin = m?.role === 'serviceowner-admin';
  const canEdit = isOperatorAdmin || isSoAdmin;
  const [side, setSide] = useState('');
  const list = useQuery((signal) => listEscalationContacts(side ? { orgId: side } : {}, signal), [side]);
  const ladder = list.data?.ladder ?? [];
  const levelName = useLevelName(ladder);
  const orgs = useQuery(
    (signal) =>
      isOperatorAdmin
        ? api.get<{ items: Array<{ id: string; name: string }> }>('/organisations', { kind: 'serviceOwner', limit: 200 }, signal)
        : Promise.resolve({ items: [] as Array<{ id: string; name: string }> }),
    [isOperatorAdmin],
  );
  const [adding, setAdding] = useState(false);
  const remove = useConfirmAction(async (c: EscalationContact) => {
    await deleteEscalationContact(c.id);
    list.setData((prev) => prev && { ...prev, items: prev.items.filter((x) => x.id !== c.id) });
  });

  const sides: Array<{ value: string; label: string }> = isOperatorAdmin
    ? [{ value: OPERATOR_SIDE, label: t('contacts.operatorSide') }, ...(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))]
    : isSoAdmin && m
      ? [{ value: m.orgId, label: m.orgName }]
      : [];
  const order = new Map(ladder.map((l, i) => [l.id, i]));
  const rows = [...(list.data?.items ?? [])].sort((a, b) => (order.get(a.level) ?? 99) - (order.get(b.level) ?? 99) || Number(a.orgId !== null) - Number(b.orgId !== null));
  const mayRemove = (c: EscalationContact) => isOperatorAdmin || (isSoAdmin && c.orgId === m?.orgId);

  return (
    <div className="stack stack--lg">
      <PageHeader
        title={t('contacts.title')}
        lead={t('contacts.lead')}
        actions={
          canEdit && (
            <Button onClick={() => setAdding(true)} disabled={ladder.length === 0} data-testid="escalation-contact-add">
              {t('contacts.add')}
            </Button>
          )
        }
      />
      <ClauseTags ids={['S-8']} />
      {!isSoAdmin && (
        <div className="form-row">
          <SelectField
            label={t('contacts.filterSide')}
            value={side}
            onChange={(e) => setSide(e.target.value)}
            options={[{ value: '', label: t('contacts.sideAll') }, { value: OPERATOR_SIDE, label: t('contacts.sideOperator') }]}
            data-testid="escalation-contact-filter"
            width="auto"
          />
        </div>
      )}
      <QueryView query={list}>
        {() => (
          <DataTable
            rows={rows}
            rowKey={(c) => c.id}
            rowTestId="escalation-contact"
            caption={t('contacts.caption')}
            data-testid="escalation-contacts-table"
            columns={[
              { header: t('dev.filterLevel'), cell: (c) => levelName(c.level) },
              { header: t('contacts.side'), cell: (c) => (c.side === 'operator' ? t('contacts.operatorSide') : (c.orgName ?? '')) },
              { header: t('common.name'), cell: (c) => c.name },
              { header: t('common.email'), cell: (c) => <a href={`mailto:${c.email}`}>{c.email}</a> },
              { header: t('contacts.phone'), cell: (c) => c.phone ?? '', className: 'nowrap' },
              canEdit && {
                header: t('common.actions'),
                cell: (c) =>
                  mayRemove(c) && (
                    <RowAction danger onClick={() => remove.ask(c)} data-testid={`escalation-contact-remove-${c.id}`}>
                      {t('common.remove')}
                    </RowAction>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      {adding && (
        <ContactDialog
          ladder={ladder}
          sides={sides}
          onClose={() => setAdding(false)}
          onSaved={(c) => {
            list.setData((prev) => prev && { ...prev, items: [c, ...prev.items] });
            setAdding(false);
          }}
        />
      )}
      <ConfirmAction
        state={remove}
        title={t('contacts.removeTitle')}
        body={(c) => t('contacts.removeBody', { name: c.name, level: levelName(c.level) })}
        confirmLabel={t('common.remove')}
      />
    </div>
  );
}
