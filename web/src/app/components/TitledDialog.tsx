import { Dialog, Heading } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.ts';

type Props = {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  /** `Dialog.Block`s below the title. */
  children: ReactNode;
  /** `any` also closes on a click outside (for dialogs without a form). */
  closedby?: 'any' | 'closerequest' | 'none';
  'data-testid'?: string;
};

/** A modal dialog with a close button and an h2 title. */
export function TitledDialog({ open, onClose, title, children, closedby, 'data-testid': testId }: Props) {
  const { t } = useI18n();
  return (
    <Dialog open={open} onClose={onClose} closeButton={t('common.close')} closedby={closedby} data-testid={testId}>
      <Dialog.Block>
        <Heading level={2} data-size="sm">
          {title}
        </Heading>
      </Dialog.Block>
      {children}
    </Dialog>
  );
}
