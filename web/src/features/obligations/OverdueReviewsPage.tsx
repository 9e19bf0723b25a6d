import { formatDate } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { overdueReviews } from './api.ts';
import { obligationMessages } from './messages.ts';
import { ReviewStatusTag } from './Tags.tsx';

/** `/access-reviews/overdue` (operators): service owners past their access review's due date (S-7.2.1). */
export default function OverdueReviewsPage() {
  const { t } = useMessages(obligationMessages);
  const list = useQuery((signal) => overdueReviews(signal), []);
  return (
    <div className="stack stack--lg">
      <PageHeader title={t('overdue.title')} lead={t('overdue.lead')} />
      <ClauseTags ids={['S-7.2.1']} />
      <QueryView query={list}>
        {(data) => (
          <DataTable
            size="sm"
            rows={data.items}
            rowKey={(r) => r.id}
            rowTestId="overdue-review-row"
            caption={t('overdue.caption')}
            data-testid="overdue-reviews-table"
            columns={[
              { header: t('common.organisation'), cell: (r) => <RouterLink to={`/organisations/${r.orgId}`}>{r.orgName}</RouterLink> },
              { header: t('overdue.orgNumber'), cell: (r) => r.orgNumber, className: 'nowrap' },
              { header: t('reviews.period'), cell: (r) => formatDate(r.periodStart), className: 'nowrap' },
              { header: t('reviews.dueAt'), cell: (r) => formatDate(r.dueAt), className: 'nowrap' },
              { header: t('overdue.days'), cell: (r) => <strong>{r.daysOverdue}</strong> },
              { header: t('common.status'), cell: (r) => <ReviewStatusTag status={r.status} /> },
            ]}
          />
        )}
      </QueryView>
    </div>
  );
}
