import { Button } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useI18n } from '../i18n.ts';

/** Copies `value` to the clipboard and says so (politely, for screen readers too). */
export function CopyButton({ value, 'data-testid': testId }: { value: string; 'data-testid'?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard API unavailable (e.g. not a secure context): select the text so the user can copy it.
      const el = document.querySelector<HTMLInputElement>(`[data-copy-source="${CSS.escape(value)}"]`);
      el?.select();
    }
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2500);
  }
  return (
    <>
      <Button variant="secondary" onClick={copy} data-testid={testId}>
        {copied ? t('common.copied') : t('common.copy')}
      </Button>
      <span className="ds-sr-only" aria-live="polite">
        {copied ? t('common.copied') : ''}
      </span>
    </>
  );
}
