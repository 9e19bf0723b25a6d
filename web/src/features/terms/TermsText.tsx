import { Alert, Tag } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useMessages } from '../../app/i18n.ts';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { Markdown } from '../../app/components/Markdown.tsx';
import { sha256Hex } from './api.ts';
import type { TermsVersionWithText } from './api.ts';
import { termsMessages } from './messages.ts';

/** The SHA-256 of the shown text, computed in the browser; null while computing or where Web Crypto is missing. */
export function useTextHash(text: string): string | null {
  const [hash, setHash] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setHash(null);
    void sha256Hex(text).then((h) => live && setHash(h));
    return () => {
      live = false;
    };
  }, [text]);
  return hash;
}

export function VersionStatusTag({ status }: { status: string }) {
  const { t } = useMessages(termsMessages);
  const color = status === 'in-force' ? 'success' : status === 'upcoming' ? 'info' : 'neutral';
  return (
    <Tag data-color={color} data-size="sm" data-testid="version-status">
      {t(`version.status.${status}` as 'version.status.in-force')}
    </Tag>
  );
}

/** A terms version: facts (version, dates, SHA-256, change log) and the text, rendered from Markdown as plain elements. */
export function TermsText({ version, shownHash }: { version: TermsVersionWithText; shownHash?: string | null }) {
  const { t } = useMessages(termsMessages);
  const mismatch = shownHash != null && shownHash !== version.sha256.toLowerCase();
  return (
    <div className="stack" data-testid="terms-version" data-version={version.version}>
      <DefinitionList
        items={[
          {
            term: t('version.version'),
            value: (
              <span className="button-row">
                <strong data-testid="terms-version-label">{version.version}</strong> <VersionStatusTag status={version.status} />
                {version.demo && (
                  <Tag data-color="warning" data-size="sm">
                    {t('version.demo')}
                  </Tag>
                )}
              </span>
            ),
          },
          { term: t('version.effectiveAt'), value: formatDateTime(version.effectiveAt) },
          { term: t('version.deadline'), value: <span title={t('version.deadlineHint')}>{formatDateTime(version.acceptanceDeadline)}</span> },
          {
            term: t('version.sha256'),
            value: (
              <span>
                <code className="mono" data-testid="terms-sha256">
                  {version.sha256}
                </code>
                {shownHash && !mismatch && (
                  <span className="muted hash-ok" data-testid="terms-hash-ok">
                    {' '}
                    ✓ {t('version.hashChecked')}
                  </span>
                )}
              </span>
            ),
          },
          { term: t('version.changeLog'), value: version.changeLog },
        ]}
      />
      {mismatch && (
        <Alert data-color="danger" data-testid="terms-hash-mismatch">
          {t('version.hashMismatch')}
        </Alert>
      )}
      {version.demo && <Alert data-color="warning">{t('version.demoHint')}</Alert>}
      <section className="terms-text" aria-label={t('version.text')} tabIndex={0}>
        <Markdown text={version.text} headingOffset={2} data-testid="terms-text" />
      </section>
    </div>
  );
}
