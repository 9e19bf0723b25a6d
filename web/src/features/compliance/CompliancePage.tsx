import { Button, Card, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ProblemError } from '../../app/api.ts';
import { formatDate } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import type { Text } from '../../app/i18n.ts';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProgressBar } from '../../app/components/ProgressBar.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { ReviewStatusTag } from '../obligations/Tags.tsx';
import { listProducts } from '../registry/api.ts';
import { currentVersion, listTerminations, versionProgress } from '../terms/api.ts';
import type { VersionProgress } from '../terms/api.ts';
import { getOverview, overviewCsvUrl } from './api.ts';
import type { OverviewFilter, OverviewRow } from './api.ts';
import { complianceMessages } from './messages.ts';

/** The clauses behind each attention reason (the API's stable codes). */
const REASON_CLAUSES: Record<string, string[]> = {
  'contacts.missing': ['T-1.2.7', 'S-3.2'],
  'contacts.stale': ['T-1.2.7', 'S-7.2.2'],
  'services.outdated': ['S-7.1.2'],
  'services.idle': ['S-7.3.1'],
  'services.reviewOverdue': ['S-7.3.2'],
  'accessReview.overdue': ['S-7.2.1'],
  'dataElements.overdue': ['S-7.4.1'],
  'deletionRequests.pending': ['S-7.4.3'],
  'terms.notAccepted': ['T-1.1', 'T-8'],
  'terms.pending': ['T-8'],
  'termination.pending': ['T-9'],
  terminated: ['T-9'],
};

/** The acceptance progress of the version in force, or null when none is in force. */
async function termsProgress(signal: AbortSignal): Promise<VersionProgress | null> {
  try {
    const v = await currentVersion(signal);
    return await versionProgress(v.id, signal);
  } catch (e) {
    if (e instanceof ProblemError && e.status === 404) return null;
    throw e;
  }
}

function SummaryCard({ title, value, to, testId, children }: { title: string; value: string | number; to: string; testId: string; children?: ReactNode }) {
  return (
    <Card asChild className="link-card summary-card" data-color={value === 0 ? 'neutral' : 'accent'}>
      <Link to={to} data-testid={testId}>
        <Heading level={3} data-size="2xs" className="link-card__title">
          {title}
        </Heading>
        <span className="summary-card__value">{value}</span>
        {children}
      </Link>
    </Card>
  );
}

function VendorDetails({ row, productNames, termsVersion }: { row: OverviewRow; productNames?: Map<string, Text>; termsVersion?: string }) {
  const { t, pick } = useMessages(complianceMessages);
  const products = (row.products ?? []).map((p) => pick(productNames?.get(p) ?? p)).join(', ') || '–';
  const terms = row.terms;
  return (
    <div className="compliance-details">
      <div>{t('compliance.vendorValue', { systems: row.systems ?? 0, products })}</div>
      {termsVersion && terms && (
        <div>
          <Tag
            data-color={terms.state === 'accepted' ? 'success' : terms.state === 'pending' ? 'warning' : 'danger'}
            data-size="sm"
            data-testid={`compliance-terms-${row.orgId}`}
          >
            {terms.state === 'accepted'
              ? t('compliance.termsAccepted', { version: termsVersion })
              : terms.state === 'pending'
                ? t('compliance.termsPending', { version: termsVersion, deadline: formatDate(terms.deadline) })
                : t('compliance.termsMissing', { version: termsVersion })}
          </Tag>
        </div>
      )}
      {terms?.terminated ? (
        <div>
          <Tag data-color="danger" data-size="sm">{t('compliance.terminated')}</Tag>
        </div>
      ) : (
        terms?.termination && (
          <div>
            <Tag data-color="warning" data-size="sm">{t('compliance.terminationPending', { date: formatDate(terms.termination) })}</Tag>
          </div>
        )
      )}
    </div>
  );
}

function OwnerDetails({ row }: { row: OverviewRow }) {
  const { t } = useMessages(complianceMessages);
  const s = row.services!;
  return (
    <div className="compliance-details">
      <div>{t('compliance.servicesValue', { production: s.production, total: s.total })}</div>
      {row.accessReview && (
        <div>
          {t('compliance.accessReview')}: <ReviewStatusTag status={row.accessReview.status} /> {formatDate(row.accessReview.dueAt)}
        </div>
      )}
      {!!row.dataElementsOverdue && (
        <div>
          {t('compliance.elements')}: <strong>{row.dataElementsOverdue}</strong>
        </div>
      )}
      {!!row.deletionRequestsPending && (
        <div>
          {t('compliance.requests')}: <strong>{row.deletionRequestsPending}</strong>
        </div>
      )}
    </div>
  );
}

/** `/compliance` (operators): every organisation with its compliance state, filters and CSV export, and work queues. */
export default function CompliancePage() {
  const { t, pick } = useMessages(complianceMessages);
  const [kind, setKind] = useState('');
  const [attention, setAttention] = useState('');
  const filter: OverviewFilter = { ...(kind ? { kind } : {}), ...(attention ? { attention: attention === 'yes' } : {}) };
  const overview = useQuery((signal) => getOverview(filter, signal), [kind, attention]);
  const extra = useQuery(async (signal) => {
    const [progress, all, terminations, products] = await Promise.all([
      termsProgress(signal),
      getOverview({}, signal),
      listTerminations('pending', signal),
      listProducts(signal),
    ]);
    return { progress, all: all.items, pendingTerminations: terminations.items.length, products: new Map(products.map((p) => [p.id, p.name])) };
  }, []);
  const progress = extra.data?.progress ?? null;
  const all = extra.data?.all ?? [];
  const sum = (f: (r: OverviewRow) => number | null | undefined) => all.reduce((n, r) => n + (f(r) ?? 0), 0);

  // The server's reasons include the terms state as the access decision sees it (T-1.1, T-8, T-9).
  const reasonsOf = (r: OverviewRow) => r.reasons;

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('compliance.title')} lead={t('compliance.lead')} />

      {extra.data && (
        <section className="section" aria-labelledby="summary-heading">
          <Heading level={2} data-size="sm" id="summary-heading">
            {t('summary.title')}
          </Heading>
          <div className="card-grid" data-testid="compliance-summary">
            {progress && (
              <SummaryCard
                title={t('summary.terms', { version: progress.version.version })}
                value={`${progress.counts.accepted} / ${progress.counts.vendors}`}
                to={`/terms/versions/${progress.version.id}`}
                testId="summary-terms"
              >
                <ProgressBar value={progress.counts.accepted} max={progress.counts.vendors} label={t('summary.termsValue', progress.counts)} />
                <span className="muted">{t('summary.termsValue', progress.counts)}</span>
              </SummaryCard>
            )}
            <SummaryCard title={t('summary.staleContacts')} value={sum((r) => r.contacts.stale)} to="/contacts/stale" testId="summary-stale-contacts" />
            <SummaryCard
              title={t('summary.overdueReviews')}
              value={all.filter((r) => r.accessReview?.status === 'overdue').length}
              to="/access-reviews/overdue"
              testId="summary-overdue-reviews"
            />
            <SummaryCard title={t('summary.pendingRequests')} value={sum((r) => r.deletionRequestsPending)} to="/deletion-requests" testId="summary-pending-requests" />
            <SummaryCard title={t('summary.pendingTerminations')} value={extra.data.pendingTerminations} to="/terminations" testId="summary-pending-terminations" />
          </div>
        </section>
      )}

      <section className="section" aria-labelledby="overview-heading">
        <Heading level={2} data-size="sm" id="overview-heading">
          {t('compliance.caption')}
        </Heading>
        <div className="form-row">
          <SelectField
            label={t('compliance.kind')}
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            options={[
              { value: '', label: t('compliance.allKinds') },
              { value: 'vendor', label: t('kind.vendor') },
              { value: 'serviceOwner', label: t('kind.serviceOwner') },
              { value: 'operator', label: t('kind.operator') },
            ]}
            data-testid="compliance-kind"
          />
          <SelectField
            label={t('compliance.attention')}
            value={attention}
            onChange={(e) => setAttention(e.target.value)}
            options={[
              { value: '', label: t('compliance.attentionAll') },
              { value: 'yes', label: t('compliance.attentionYes') },
              { value: 'no', label: t('compliance.attentionNo') },
            ]}
            data-testid="compliance-attention"
          />
          <div className="form-row__shrink stack compliance-csv">
            <Button asChild variant="secondary">
              <a href={overviewCsvUrl(filter)} download data-testid="compliance-csv">
                {t('compliance.csv')}
              </a>
            </Button>
          </div>
        </div>
        <Paragraph data-size="sm" className="muted">
          {t('compliance.csvHint')}
        </Paragraph>
        <QueryView query={overview}>
          {(data) => (
            <>
              <Paragraph data-size="sm" aria-live="polite" data-testid="compliance-count">
                {t('compliance.count', { count: data.items.length, attention: data.items.filter((r) => reasonsOf(r).length > 0).length })}
              </Paragraph>
              <DataTable
                rows={data.items}
                rowKey={(r) => r.orgId}
                rowTestId="compliance-row"
                caption={t('compliance.caption')}
                size="sm"
                data-testid="compliance-table"
                columns={[
                  {
                    header: t('common.organisation'),
                    cell: (r) => (
                      <>
                        <RouterLink to={`/organisations/${r.orgId}`}>{r.name}</RouterLink>
                        <div className="muted nowrap">
                          {r.orgNumber} · {r.kinds.map((k) => t(`kind.${k}` as 'kind.vendor')).join(', ')}
                        </div>
                      </>
                    ),
                  },
                  {
                    header: t('compliance.attention'),
                    cell: (r) => {
                      const reasons = reasonsOf(r);
                      return reasons.length === 0 ? (
                        <Tag data-color="success" data-size="sm" data-testid={`compliance-ok-${r.orgId}`}>
                          {t('compliance.ok')}
                        </Tag>
                      ) : (
                        <ul className="plain-list reason-cell" data-testid={`compliance-reasons-${r.orgId}`}>
                          {reasons.map((code) => (
                            <li key={code} data-code={code}>
                              <Tag data-color="warning" data-size="sm">
                                {t(`reason.${code}` as 'reason.contacts.stale')}
                              </Tag>{' '}
                              <ClauseTags ids={REASON_CLAUSES[code] ?? []} />
                            </li>
                          ))}
                        </ul>
                      );
                    },
                  },
                  { header: t('compliance.contacts'), cell: (r) => t('compliance.contactsValue', { total: r.contacts.total, stale: r.contacts.stale }), className: 'nowrap' },
                  {
                    header: t('compliance.details'),
                    cell: (r) => (
                      <>
                        {r.systems !== null && (
                          <VendorDetails
                            row={r}
                            productNames={extra.data?.products}
                            termsVersion={progress?.version.version}
                          />
                        )}
                        {r.services && <OwnerDetails row={r} />}
                      </>
                    ),
                  },
                ]}
              />
            </>
          )}
        </QueryView>
      </section>
    </div>
  );
}
