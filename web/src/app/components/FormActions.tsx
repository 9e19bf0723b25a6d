import { Button } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.ts';

type Props = {
  /** Text of the submit button. */
  submit: ReactNode;
  busy?: boolean;
  onCancel: () => void;
  'data-testid'?: string;
};

/** The submit + cancel row at the foot of a dialog's form. */
export function FormActions({ submit, busy, onCancel, 'data-testid': testId }: Props) {
  const { t } = useI18n();
  return (
    <div className="button-row">
      <Button type="submit" loading={busy} data-testid={testId}>
        {submit}
      </Button>
      <Button type="button" variant="secondary" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
    </div>
  );
}
