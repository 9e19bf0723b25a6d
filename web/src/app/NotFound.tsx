import { Paragraph } from '@digdir/designsystemet-react';
import { PageHeader } from './components/PageHeader.tsx';
import { RouterLink } from './components/RouterLink.tsx';
import { useI18n } from './i18n.ts';

export function NotFound() {
  const { t } = useI18n();
  return (
    <section data-testid="not-found" className="stack">
      <PageHeader title={t('notFound.title')} />
      <Paragraph>{t('notFound.body')}</Paragraph>
      <Paragraph>
        <RouterLink to="/">{t('notFound.home')}</RouterLink>
      </Paragraph>
    </section>
  );
}

export function Forbidden() {
  const { t } = useI18n();
  return (
    <section data-testid="forbidden" className="stack">
      <PageHeader title={t('forbidden.title')} />
      <Paragraph>{t('forbidden.body')}</Paragraph>
      <Paragraph>
        <RouterLink to="/">{t('notFound.home')}</RouterLink>
      </Paragraph>
    </section>
  );
}
