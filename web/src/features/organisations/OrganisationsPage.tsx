import { Button, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { usePaged } from '../../app/usePaged.ts';
import { Loading } from '../../app/components/Loading.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { listOrganisations } from './api.ts';
import { CreateOrganisationDialog } from './CreateOrganisationDialog.tsx';
import { orgMessages } from './messages.ts';

const PAGE_SIZE = 50;

/** `/organisations` (operator staff): search, list, and (operator-admin) create. */
export default function OrganisationsPage() {
  const { t } = useMessages(orgMessages);
  const session = useRequiredSession();
  const navigate = useNavigate();
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  const list = usePaged((cursor, signal) => listOrganisations({ cursor, limit: PAGE_SIZE, q }, signal), [q]);
  const isAdmin = hasRole(session, ['operator-admin']);

  function onSearch(event: FormEvent) {
    event.preventDefault();
    setQ(input.trim());
  }

  return (
    <div className="stack stack--lg">
      <PageHeader
        title={t('orgs.title')}
        lead={t('orgs.lead')}
        actions={isAdmin && <CreateOrganisationDialog onCreated={(org) => navigate(`/organisations/${org.id}`)} />}
      />
      <form className="form-row" role="search" onSubmit={onSearch}>
        <Textfield
          label={t('orgs.search')}
          type="search"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          data-testid="org-search"
        />
        <Button type="submit" variant="secondary" className="form-row__shrink" data-testid="org-search-submit">
          {t('common.search')}
        </Button>
      </form>
      <ProblemAlert error={list.error} />
      {list.loading ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <Table zebra data-testid="org-list">
            <caption className="ds-sr-only">{t('orgs.caption')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('orgs.name')}</Table.HeaderCell>
                <Table.HeaderCell>{t('orgs.orgNumber')}</Table.HeaderCell>
                <Table.HeaderCell>{t('orgs.kinds')}</Table.HeaderCell>
                <Table.HeaderCell>{t('common.created')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {list.items.length === 0 && (
                <Table.Row>
                  <Table.Cell colSpan={4}>{t('common.empty')}</Table.Cell>
                </Table.Row>
              )}
              {list.items.map((org) => (
                <Table.Row key={org.id} data-testid={`org-row-${org.id}`}>
                  <Table.Cell>
                    <RouterLink to={`/organisations/${org.id}`}>{org.name}</RouterLink>
                  </Table.Cell>
                  <Table.Cell className="nowrap">{org.orgNumber}</Table.Cell>
                  <Table.Cell>
                    <span className="tag-list">
                      {org.kinds.map((k) => (
                        <Tag key={k} data-color="neutral" data-size="sm">
                          {t(`kind.${k}`)}
                        </Tag>
                      ))}
                    </span>
                  </Table.Cell>
                  <Table.Cell className="nowrap">{formatDateTime(org.createdAt)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      <div className="button-row">
        {list.hasMore && (
          <Button variant="secondary" onClick={list.loadMore} loading={list.loadingMore} data-testid="org-load-more">
            {t('common.loadMore')}
          </Button>
        )}
        {!list.loading && (
          <Paragraph data-size="sm" className="muted" aria-live="polite">
            {t('orgs.count', { count: list.items.length })}
          </Paragraph>
        )}
      </div>
    </div>
  );
}
