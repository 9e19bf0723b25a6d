import { Heading, Paragraph } from '@digdir/designsystemet-react';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n.ts';

type Props = {
  title: string;
  lead?: ReactNode;
  actions?: ReactNode;
  /** `page-title` on pages behind log-in (tests wait for it to know the user is in); public pages use their own. */
  testId?: string;
};

/** The page's h1 (`data-testid="page-title"` unless told otherwise), an optional lead paragraph and actions; also sets the document title. */
export function PageHeader({ title, lead, actions, testId = 'page-title' }: Props) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
  return (
    <header className="page-header">
      <div className="page-header__text">
        <Heading level={1} data-size="lg" data-testid={testId}>
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
