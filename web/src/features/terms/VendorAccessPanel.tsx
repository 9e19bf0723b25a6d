import { Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { formatDateTime } from '../../app/format.ts';
import { useConfirmAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { AccessSummaryView } from './AccessSummaryView.tsx';
import { accessSummary, approveProductTest, listProductTests } from './api.ts';
import type { ProductTest } from './api.ts';
import { termsMessages } from './messages.ts';

/**
 * A vendor's production access as Digdir sees it (organisation page): the decision per product and the test before
 * production (T-1.2.3), where operator admins approve a product's test.
 */
export function VendorAccessPanel({ orgId, orgName }: { orgId: string; orgName: string }) {
  const { t, pick } = useMessages(termsMessages);
  const session = useRequiredSession();
  const canApprove = hasRole(session, ['operator-admin']);
  const data = useQuery(async (signal) => {
    const [summary, tests] = await Promise.all([accessSummary(orgId, signal), listProductTests(orgId, signal)]);
    return { summary, tests };
  }, [orgId]);
  const approve = useConfirmAction(async (test: ProductTest) => {
    await approveProductTest(orgId, test.product);
    data.reload();
  });
  const name = (product: string) => pick(data.data?.summary.products.find((p) => p.product === product)?.name ?? product);

  return (
    <div className="stack stack--lg" data-testid="vendor-access">
      <QueryView query={data}>
        {({ summary, tests }) => (
          <>
            <AccessSummaryView summary={summary} />
            <section className="stack" aria-labelledby="tests-heading">
              <Heading level={3} data-size="xs" id="tests-heading">
                {t('tests.title')}
              </Heading>
              <Paragraph data-size="sm" className="muted">
                {t('tests.lead', { min: tests.minSuccessfulTestCalls })}
              </Paragraph>
              <ClauseTags ids={['T-1.2.3']} />
              <DataTable
                rows={tests.items}
                rowKey={(x) => x.product}
                rowTestId="product-test-row"
                caption={t('tests.title')}
                size="sm"
                data-testid="product-tests-table"
                columns={[
                  { header: t('access.product'), cell: (x) => name(x.product) },
                  { header: t('tests.calls'), cell: (x) => x.successfulTestCalls },
                  { header: t('tests.approved'), cell: (x) => formatDateTime(x.approvedAt), className: 'nowrap' },
                  {
                    header: t('common.status'),
                    cell: (x) => (
                      <Tag data-color={x.passed ? 'success' : 'warning'} data-size="sm">
                        {x.passed ? t('tests.passed') : t('tests.notPassed')}
                      </Tag>
                    ),
                  },
                  canApprove && {
                    header: t('common.actions'),
                    cell: (x) =>
                      !x.passed && (
                        <RowAction onClick={() => approve.ask(x)} data-testid={`product-test-approve-${x.product}`}>
                          {t('tests.approve')}
                        </RowAction>
                      ),
                  },
                ]}
              />
            </section>
          </>
        )}
      </QueryView>
      <ConfirmAction
        state={approve}
        title={t('tests.approveTitle')}
        body={(x) => t('tests.approveBody', { org: orgName, product: name(x.product) })}
        confirmLabel={t('tests.approve')}
        danger={false}
      />
    </div>
  );
}
