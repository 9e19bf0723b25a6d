import { Heading, Paragraph } from '@digdir/designsystemet-react';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.ts';

type Props = { title: string; lead?: ReactNode; actions?: ReactNode };

/** The page's h1 (`data-testid="page-title"`), an optional lead paragraph and actions; also sets the document title. */
export function PageHeader({ title, lead, actions }: Props) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  return (
    <header className="page-header">
      <div className="page-header__text">
        <Heading level={1} data-size="lg" data-testid="page-title">
          {title}
        </Heading>
        {lead && (
          <Paragraph data-size="lg" className="page-header__lead">
            {lead}
          </Paragraph>
        )}
      </div>
      {actions && <div className="page-header__actions">{actions}</div>}
    </header>
  );
}
