import { formatDate } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { listStaleContacts } from './api.ts';
import { ContactStatus } from './ContactsPanel.tsx';
import { registryMessages } from './messages.ts';

/** `/contacts/stale` (operators): contacts past or near their confirmation deadline, every organisation. */
export default function StaleContactsPage() {
  const { t } = useMessages(registryMessages);
  const list = useQuery((signal) => listStaleContacts(signal), []);
  return (
    <div className="stack stack--lg">
      <PageHeader title={t('stale.title')} lead={t('stale.lead')} />
      <ClauseTags ids={['T-1.2.7', 'S-3.2', 'S-7.2.2']} />
      <QueryView query={list}>
        {(data) => (
          <DataTable
            size="sm"
            rows={data.items}
            rowKey={(c) => c.id}
            rowTestId="stale-contact-row"
            caption={t('stale.caption')}
            data-testid="stale-contacts-table"
            columns={[
              {
                header: t('common.organisation'),
                cell: (c) => (
                  <>
                    <RouterLink to={`/organisations/${c.orgId}`}>{c.orgName}</RouterLink>
                    <div className="muted">{c.orgKinds.map((k) => t(`kind.${k}` as 'kind.vendor')).join(', ')}</div>
                  </>
                ),
              },
              { header: t('common.name'), cell: (c) => c.name },
              { header: t('contacts.role'), cell: (c) => t(`contactRole.${c.role}` as 'contactRole.signatory') },
              { header: t('common.email'), cell: (c) => c.email },
              { header: t('contacts.lastConfirmed'), cell: (c) => formatDate(c.lastConfirmedAt), className: 'nowrap' },
              { header: t('contacts.staleAt'), cell: (c) => formatDate(c.staleAt), className: 'nowrap' },
              { header: t('common.status'), cell: (c) => <ContactStatus c={c} /> },
            ]}
          />
        )}
      </QueryView>
    </div>
  );
}
