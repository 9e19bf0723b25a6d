import { Button, Dialog, Paragraph } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { FormActions } from '../../app/components/FormActions.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { useAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { revealSecret, rotateSecret } from './api.ts';
import type { Secret, Subscription } from './api.ts';
import { eventMessages } from './messages.ts';
import { SecretDialog } from './parts.tsx';

const OVERLAPS = ['24', '72', '168', '1', '0'] as const;

/** "Reveal secret" and "Rotate secret" for the owning organisation, with their dialogs. */
export function SecretControls({ s }: { s: Subscription }) {
  const { t } = useMessages(eventMessages);
  const [shown, setShown] = useState<{ secret: Secret; rotated: boolean } | null>(null);
  const [rotating, setRotating] = useState(false);
  const [overlap, setOverlap] = useState<(typeof OVERLAPS)[number]>('24');
  const reveal = useAction(() => revealSecret(s.id));
  const rotate = useAction(() => rotateSecret(s.id, Number(overlap)));

  async function onReveal() {
    const secret = await reveal.run();
    if (secret) setShown({ secret, rotated: false });
  }
  async function onRotate(e: FormEvent) {
    e.preventDefault();
    const secret = await rotate.run();
    if (secret) {
      setRotating(false);
      setShown({ secret, rotated: true });
    }
  }

  const action = (label: string, onClick: () => void, testId: string, loading?: boolean) => (
    <Button variant="secondary" onClick={onClick} loading={loading} data-testid={testId}>
      {label}
    </Button>
  );
  return (
    <>
      {action(t('action.reveal'), onReveal, `subscription-reveal-${s.id}`, reveal.busy)}
      {action(
        t('action.rotate'),
        () => {
          rotate.reset();
          setRotating(true);
        },
        `subscription-rotate-${s.id}`,
      )}
      {reveal.error && <ProblemAlert error={reveal.error} />}
      <TitledDialog open={rotating} onClose={() => setRotating(false)} title={t('rotate.title')} data-testid="rotate-dialog">
        <Dialog.Block>
          <form className="stack" onSubmit={onRotate}>
            <Paragraph>{t('rotate.body')}</Paragraph>
            <ProblemAlert error={rotate.error} fields={['overlapHours']} />
            <SelectField
              label={t('rotate.overlap')}
              value={overlap}
              onChange={(e) => setOverlap(e.target.value as (typeof OVERLAPS)[number])}
              options={OVERLAPS.map((h) => ({ value: h, label: h === '0' ? t('rotate.none') : t('rotate.hours', { n: h }) }))}
              error={rotate.error?.fieldError('overlapHours')}
              data-testid="rotate-overlap"
            />
            <FormActions submit={t('rotate.submit')} busy={rotate.busy} onCancel={() => setRotating(false)} data-testid="rotate-submit" />
          </form>
        </Dialog.Block>
      </TitledDialog>
      <SecretDialog secret={shown?.secret ?? null} title={shown?.rotated ? t('secret.rotated') : t('secret.title')} onClose={() => setShown(null)} />
    </>
  );
}
