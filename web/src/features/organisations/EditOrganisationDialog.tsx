import { Button, Dialog, Heading, Textfield } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import type { OrgKind } from '../../app/types.ts';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { updateOrganisation } from './api.ts';
import type { Organisation } from './api.ts';
import { KindsFieldset } from './KindsFieldset.tsx';
import { orgMessages } from './messages.ts';

const FIELDS = ['name', 'kinds'] as const;

export function EditOrganisationDialog({ org, onSaved }: { org: Organisation; onSaved: (org: Organisation) => void }) {
  const { t } = useMessages(orgMessages);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(org.name);
  const [kinds, setKinds] = useState<OrgKind[]>(org.kinds);
  const save = useAction(() => updateOrganisation(org.id, { name: name.trim(), kinds }));

  useEffect(() => {
    if (open) {
      setName(org.name);
      setKinds(org.kinds);
    }
  }, [open, org]);

  function close() {
    setOpen(false);
    save.reset();
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const saved = await save.run();
    if (saved) {
      close();
      onSaved(saved);
    }
  }

  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)} data-testid="org-edit-open">
        {t('org.edit')}
      </Button>
      <Dialog open={open} onClose={close} closeButton={t('common.close')} data-testid="org-edit-dialog">
        <Dialog.Block>
          <Heading level={2} data-size="sm">
            {t('org.edit')}
          </Heading>
        </Dialog.Block>
        <Dialog.Block>
          <form className="form" onSubmit={onSubmit}>
            <ProblemAlert error={save.error} fields={FIELDS} />
            <Textfield
              label={t('orgs.name')}
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={save.error?.fieldError('name')}
              data-testid="org-edit-name"
            />
            <KindsFieldset value={kinds} onChange={setKinds} error={save.error?.fieldError('kinds')} testIdPrefix="org-edit-kind" />
            <div className="button-row">
              <Button type="submit" loading={save.busy} data-testid="org-edit-submit">
                {t('common.save')}
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
