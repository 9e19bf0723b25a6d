import { Alert, Heading, Paragraph } from '@digdir/designsystemet-react';
import { ProblemError, normaliseField } from '../api.ts';
import { useI18n } from '../i18n.ts';

type Props = {
  error: ProblemError | undefined | null;
  /** Field names shown beside their inputs in the form; their errors are not repeated in the alert. */
  fields?: readonly string[];
  'data-testid'?: string;
};

/** Shows an RFC 9457 problem: the title, the `detail`, and the field errors that have no input beside them. */
export function ProblemAlert({ error, fields = [], 'data-testid': testId = 'problem-alert' }: Props) {
  const { t } = useI18n();
  if (!error) return null;
  const title = error.isNetwork ? t('error.title') : error.title || t('error.title');
  const detail = error.isNetwork ? t('error.network') : error.detail;
  const other = error.errors.filter((e) => !fields.includes(normaliseField(e.field)));
  const shownBeside = error.errors.length - other.length;
  return (
    <Alert data-color="danger" role="alert" data-testid={testId} className="problem-alert">
      <Heading level={2} data-size="xs">
        {title}
      </Heading>
      {detail && <Paragraph>{detail}</Paragraph>}
      {!detail && !error.isNetwork && error.status > 0 && <Paragraph>{t('error.status', { status: error.status })}</Paragraph>}
      {shownBeside > 0 && other.length === 0 && !detail && <Paragraph>{t('error.fields')}</Paragraph>}
      {other.length > 0 && (
        <ul className="problem-alert__fields">
          {other.map((e, i) => (
            <li key={`${e.field}-${i}`}>
              {e.field && <code>{normaliseField(e.field)}</code>} {e.message}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
