import { Button, Dialog, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import type { OrgKind } from '../../app/types.ts';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { createOrganisation, updateOrganisation } from './api.ts';
import type { Organisation } from './api.ts';
import { KindsFieldset } from './KindsFieldset.tsx';
import { orgMessages } from './messages.ts';

const FIELDS = ['orgNumber', 'name', 'kinds'] as const;

type Props = {
  /** The organisation to edit; without it the dialog creates a new one. */
  org?: Organisation;
  onSaved: (org: Organisation) => void;
};

/**
 * The button and dialog that create an organisation (number, name, kinds) or edit one (name, kinds; the number is
 * fixed). Test ids start with `org-create-` or `org-edit-`.
 */
export function OrganisationForm({ org, onSaved }: Props) {
  const { t } = useMessages(orgMessages);
  const id = org ? 'org-edit' : 'org-create';
  const title = org ? t('org.edit') : t('orgs.new');
  const [open, setOpen] = useState(false);
  const [orgNumber, setOrgNumber] = useState('');
  const [name, setName] = useState(org?.name ?? '');
  const [kinds, setKinds] = useState<OrgKind[]>(org?.kinds ?? ['serviceOwner']);
  const save = useAction(() =>
    org
      ? updateOrganisation(org.id, { name: name.trim(), kinds })
      : createOrganisation({ orgNumber: orgNumber.replace(/\s+/g, ''), name: name.trim(), kinds }),
  );

  function show() {
    // Editing starts from the organisation as it is now.
    if (org) {
      setName(org.name);
      setKinds(org.kinds);
    }
    setOpen(true);
  }

  function close() {
    setOpen(false);
    save.reset();
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const saved = await save.run();
    if (saved) {
      if (!org) {
        setOrgNumber('');
        setName('');
      }
      close();
      onSaved(saved);
    }
  }

  return (
    <>
      <Button variant={org ? 'secondary' : 'primary'} onClick={show} data-testid={`${id}-open`}>
        {title}
      </Button>
      <TitledDialog open={open} onClose={close} title={title} data-testid={`${id}-dialog`}>
        <Dialog.Block>
          <form className="form" onSubmit={onSubmit}>
            <ProblemAlert error={save.error} fields={FIELDS} />
            {!org && (
              <Textfield
                label={t('orgs.orgNumber')}
                description={t('orgs.orgNumberHint')}
                inputMode="numeric"
                required
                value={orgNumber}
                onChange={(e) => setOrgNumber(e.target.value)}
                error={save.error?.fieldError('orgNumber')}
                data-testid="org-create-number"
              />
            )}
            <Textfield
              label={t('orgs.name')}
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={save.error?.fieldError('name')}
              data-testid={`${id}-name`}
            />
            <KindsFieldset value={kinds} onChange={setKinds} error={save.error?.fieldError('kinds')} testIdPrefix={`${id}-kind`} />
            <div className="button-row">
              <Button type="submit" loading={save.busy} data-testid={`${id}-submit`}>
                {org ? t('common.save') : t('common.create')}
              </Button>
              <Button variant="secondary" onClick={close}>
                {t('common.cancel')}
              </Button>
            </div>
          </form>
        </Dialog.Block>
      </TitledDialog>
    </>
  );
}
