import { Button, Dialog, Heading, Paragraph } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import type { ProblemError } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { ProblemAlert } from './ProblemAlert.tsx';

type Props = {
  open: boolean;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  error?: ProblemError;
  onConfirm: () => void;
  onClose: () => void;
  'data-testid'?: string;
};

/** A modal asking the user to confirm a destructive action. */
export function ConfirmDialog({ open, title, body, confirmLabel, busy, error, onConfirm, onClose, ...rest }: Props) {
  const { t } = useI18n();
  return (
    <Dialog open={open} onClose={onClose} closeButton={t('common.close')} data-testid={rest['data-testid'] ?? 'confirm-dialog'}>
      <Dialog.Block>
        <Heading level={2} data-size="sm">
          {title}
        </Heading>
      </Dialog.Block>
      <Dialog.Block>
        <Paragraph>{body}</Paragraph>
        <ProblemAlert error={error} />
      </Dialog.Block>
      <Dialog.Block className="button-row">
        <Button data-color="danger" onClick={onConfirm} loading={busy} data-testid="confirm-ok">
          {confirmLabel}
        </Button>
        <Button variant="secondary" onClick={onClose} data-testid="confirm-cancel">
          {t('common.cancel')}
        </Button>
      </Dialog.Block>
    </Dialog>
  );
}
