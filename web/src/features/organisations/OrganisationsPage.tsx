import { useState } from 'react';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { usePaged } from '../../app/usePaged.ts';
import { DataTable } from '../../app/components/DataTable.tsx';
import { LoadMore } from '../../app/components/LoadMore.tsx';
import { Loading } from '../../app/components/Loading.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SearchForm } from '../../app/components/SearchForm.tsx';
import { listOrganisations } from './api.ts';
import { KindTags } from './KindsFieldset.tsx';
import { OrganisationForm } from './OrganisationForm.tsx';
import { orgMessages } from './messages.ts';

const PAGE_SIZE = 50;

/** `/organisations` (operator staff): search, list, and (operator-admin) create. */
export default function OrganisationsPage() {
  const { t } = useMessages(orgMessages);
  const session = useRequiredSession();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const list = usePaged((cursor, signal) => listOrganisations({ cursor, limit: PAGE_SIZE, q }, signal), [q]);
  const isAdmin = hasRole(session, ['operator-admin']);

  return (
    <div className="stack stack--lg">
      <PageHeader
        title={t('orgs.title')}
        lead={t('orgs.lead')}
        actions={isAdmin && <OrganisationForm onSaved={(org) => navigate(`/organisations/${org.id}`)} />}
      />
      <SearchForm label={t('orgs.search')} onSearch={setQ} data-testid="org-search" />
      <ProblemAlert error={list.error} />
      {list.loading ? (
        <Loading />
      ) : (
        <DataTable
          rows={list.items}
          rowKey={(org) => org.id}
          rowTestId="org-row"
          caption={t('orgs.caption')}
          data-testid="org-list"
          columns={[
            { header: t('orgs.name'), cell: (org) => <RouterLink to={`/organisations/${org.id}`}>{org.name}</RouterLink> },
            { header: t('orgs.orgNumber'), cell: (org) => org.orgNumber, className: 'nowrap' },
            { header: t('orgs.kinds'), cell: (org) => <KindTags kinds={org.kinds} size="sm" /> },
            { header: t('common.created'), cell: (org) => formatDateTime(org.createdAt), className: 'nowrap' },
          ]}
        />
      )}
      <LoadMore list={list} summary={t('orgs.count', { count: list.items.length })} data-testid="org-load-more" />
    </div>
  );
}
