import { Button, Dialog, Heading, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import type { OrgKind } from '../../app/types.ts';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { createOrganisation } from './api.ts';
import type { Organisation } from './api.ts';
import { KindsFieldset } from './KindsFieldset.tsx';
import { orgMessages } from './messages.ts';

const FIELDS = ['orgNumber', 'name', 'kinds'] as const;

export function CreateOrganisationDialog({ onCreated }: { onCreated: (org: Organisation) => void }) {
  const { t } = useMessages(orgMessages);
  const [open, setOpen] = useState(false);
  const [orgNumber, setOrgNumber] = useState('');
  const [name, setName] = useState('');
  const [kinds, setKinds] = useState<OrgKind[]>(['serviceOwner']);
  const create = useAction(() =>
    createOrganisation({ orgNumber: orgNumber.replace(/\s+/g, ''), name: name.trim(), kinds }),
  );

  function close() {
    setOpen(false);
    create.reset();
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const org = await create.run();
    if (org) {
      setOrgNumber('');
      setName('');
      close();
      onCreated(org);
    }
  }

  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="org-create-open">
        {t('orgs.new')}
      </Button>
      <Dialog open={open} onClose={close} closeButton={t('common.close')} data-testid="org-create-dialog">
        <Dialog.Block>
          <Heading level={2} data-size="sm">
            {t('orgs.new')}
          </Heading>
        </Dialog.Block>
        <Dialog.Block>
          <form className="form" onSubmit={onSubmit}>
            <ProblemAlert error={create.error} fields={FIELDS} />
            <Textfield
              label={t('orgs.orgNumber')}
              description={t('orgs.orgNumberHint')}
              inputMode="numeric"
              required
              value={orgNumber}
              onChange={(e) => setOrgNumber(e.target.value)}
              error={create.error?.fieldError('orgNumber')}
              data-testid="org-create-number"
            />
            <Textfield
              label={t('orgs.name')}
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={create.error?.fieldError('name')}
              data-testid="org-create-name"
            />
            <KindsFieldset value={kinds} onChange={setKinds} error={create.error?.fieldError('kinds')} testIdPrefix="org-create-kind" />
            <div className="button-row">
              <Button type="submit" loading={create.busy} data-testid="org-create-submit">
                {t('common.create')}
              </Button>
              <Button variant="secondary" onClick={close}>
                {t('common.cancel')}
              </Button>
            </div>
          </form>
        </Dialog.Block>
      </Dialog>
    </>
  );
}
