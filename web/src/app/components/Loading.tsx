import { Spinner } from '@digdir/designsystemet-react';
import { useI18n } from '../i18n.ts';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  const text = label ?? t('app.loading');
  return (
    <div className="loading" role="status" data-testid="loading">
      <Spinner aria-label={text} data-size="md" />
      <span className="ds-sr-only">{text}</span>
    </div>
  );
}
