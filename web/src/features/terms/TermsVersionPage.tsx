import { Details, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useParams } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { DataTable } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProgressBar } from '../../app/components/ProgressBar.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { ReceiptLink } from './AcceptTermsForm.tsx';
import { getVersion, versionProgress } from './api.ts';
import { termsMessages } from './messages.ts';
import { TermsText, useTextHash } from './TermsText.tsx';

/** `/terms/versions/:id` (operators): one version — who has accepted it, when and by whom; the text. */
export default function TermsVersionPage() {
  const { t } = useMessages(termsMessages);
  const { id = '' } = useParams();
  const data = useQuery(async (signal) => {
    const [version, progress] = await Promise.all([getVersion(id, signal), versionProgress(id, signal)]);
    return { version, progress };
  }, [id]);
  const hash = useTextHash(data.data?.version.text ?? '');

  return (
    <QueryView query={data}>
      {({ version, progress }) => (
        <div className="stack stack--lg">
          <PageHeader title={`${t('version.version')} ${version.version}`} lead={version.title} actions={<RouterLink to="/terms/versions">← {t('versions.back')}</RouterLink>} />
          <section className="panel stack" aria-labelledby="progress-heading">
            <Heading level={2} data-size="sm" id="progress-heading">
              {t('versions.progress')}
            </Heading>
            <ProgressBar
              value={progress.counts.accepted}
              max={progress.counts.vendors}
              label={t('versions.progressLabel', { accepted: progress.counts.accepted, vendors: progress.counts.vendors })}
              data-testid="version-progress"
            />
            <Paragraph data-testid="version-counts">{t('versions.counts', progress.counts)}</Paragraph>
          </section>
          <DataTable
            size="sm"
            rows={progress.items}
            rowKey={(r) => r.orgId}
            rowTestId="progress-row"
            caption={t('versions.vendors')}
            data-testid="progress-table"
            columns={[
              {
                header: t('versions.vendor'),
                cell: (r) => (
                  <>
                    <RouterLink to={`/organisations/${r.orgId}`}>{r.name}</RouterLink>
                    <div className="muted">{r.orgNumber}</div>
                  </>
                ),
              },
              {
                header: t('common.status'),
                cell: (r) =>
                  r.accepted ? (
                    <Tag data-color="success" data-size="sm">
                      {t('versions.accepted')}
                    </Tag>
                  ) : r.laterVersionAccepted ? (
                    <Tag data-color="info" data-size="sm">
                      {t('versions.laterAccepted')}
                    </Tag>
                  ) : (
                    <Tag data-color="warning" data-size="sm">
                      {t('versions.notAccepted')}
                    </Tag>
                  ),
              },
              { header: t('terms.acceptedAt'), cell: (r) => formatDateTime(r.acceptedAt), className: 'nowrap' },
              {
                header: t('terms.signer'),
                cell: (r) =>
                  r.signerName && (
                    <>
                      {r.signerName}
                      <div className="muted">{r.signerEmail}</div>
                    </>
                  ),
              },
              { header: t('terms.receipt'), cell: (r) => r.acceptanceId && <ReceiptLink acceptanceId={r.acceptanceId} /> },
            ]}
          />
          <Details data-testid="version-text-details">
            <Details.Summary>{t('version.text')}</Details.Summary>
            <Details.Content>
              <TermsText version={version} shownHash={hash} />
            </Details.Content>
          </Details>
        </div>
      )}
    </QueryView>
  );
}
