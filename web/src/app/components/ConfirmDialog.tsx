import { Button, Dialog, Paragraph } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import type { ProblemError } from '../api.ts';
import type { ConfirmState } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { ProblemAlert } from './ProblemAlert.tsx';
import { TitledDialog } from './TitledDialog.tsx';

type Props = {
  open: boolean;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  error?: ProblemError;
  onConfirm: () => void;
  onClose: () => void;
  /** The confirm button in the danger colour (default); `false` for actions that destroy nothing. */
  danger?: boolean;
  'data-testid'?: string;
};

/** A modal asking the user to confirm a destructive action. */
export function ConfirmDialog({ open, title, body, confirmLabel, busy, error, onConfirm, onClose, danger = true, ...rest }: Props) {
  const { t } = useI18n();
  return (
    <TitledDialog open={open} onClose={onClose} title={title} data-testid={rest['data-testid'] ?? 'confirm-dialog'}>
      <Dialog.Block>
        <Paragraph>{body}</Paragraph>
        <ProblemAlert error={error} />
      </Dialog.Block>
      <Dialog.Block className="button-row">
        <Button data-color={danger ? 'danger' : undefined} onClick={onConfirm} loading={busy} data-testid="confirm-ok">
          {confirmLabel}
        </Button>
        <Button variant="secondary" onClick={onClose} data-testid="confirm-cancel">
          {t('common.cancel')}
        </Button>
      </Dialog.Block>
    </TitledDialog>
  );
}

type ConfirmActionProps<T> = {
  /** From `useConfirmAction`: open while it has a target, busy and error from its action. */
  state: ConfirmState<T>;
  title: string;
  body: (target: T) => ReactNode;
  confirmLabel: string;
  danger?: boolean;
};

/** The `ConfirmDialog` of a `useConfirmAction`. */
export function ConfirmAction<T>({ state, title, body, confirmLabel, danger }: ConfirmActionProps<T>) {
  return (
    <ConfirmDialog
      open={state.target !== null}
      title={title}
      body={state.target !== null ? body(state.target) : ''}
      confirmLabel={confirmLabel}
      busy={state.busy}
      error={state.error}
      onConfirm={state.confirm}
      onClose={state.cancel}
      danger={danger}
    />
  );
}
