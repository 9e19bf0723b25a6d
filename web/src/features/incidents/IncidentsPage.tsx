import { Button, Tag } from '@digdir/designsystemet-react';
import { useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { OPERATOR_STAFF, SERVICE_OWNERS, activeRole, hasRole } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { usePaged } from '../../app/usePaged.ts';
import { DataTable } from '../../app/components/DataTable.tsx';
import { LoadMore } from '../../app/components/LoadMore.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SearchForm } from '../../app/components/SearchForm.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { STATES, listCategories, listIncidents, listOrgs } from './api.ts';
import type { ListFilter } from './api.ts';
import { Countdown } from './Countdown.tsx';
import { incidentMessages } from './messages.ts';
import { CategoryTag, StateTag, assigneeText } from './Tags.tsx';
import { primaryClock } from './time.ts';
import './incidents.css';

/** `/incidents` (every signed-in role): filters, live SLA countdowns, cursor paging. */
export default function IncidentsPage() {
  const { t, pick } = useMessages(incidentMessages);
  const session = useRequiredSession();
  const role = activeRole(session);
  const isStaff = hasRole(session, OPERATOR_STAFF);
  const mayAssign = isStaff || hasRole(session, SERVICE_OWNERS);
  const [params, setParams] = useSearchParams();
  const filter: ListFilter = {
    ...(params.get('category') ? { category: params.get('category')! } : {}),
    ...(params.get('state') ? { state: params.get('state') as ListFilter['state'] } : {}),
    ...(params.get('breached') ? { breached: params.get('breached') === 'true' } : {}),
    ...(params.get('assignee') ? { assignee: params.get('assignee')! } : {}),
    ...(params.get('orgId') && isStaff ? { orgId: params.get('orgId')! } : {}),
    ...(params.get('q') ? { q: params.get('q')! } : {}),
  };
  const key = JSON.stringify(filter);
  const fetchedAt = useRef(new Map<string, number>());
  const list = usePaged(async (cursor, signal) => {
    const page = await listIncidents(filter, cursor, signal);
    const at = Date.now();
    for (const i of page.items) fetchedAt.current.set(i.id, at);
    return page;
  }, [key]);
  const categories = useQuery((signal) => listCategories(signal), []);
  const orgs = useQuery((signal) => (isStaff ? listOrgs(undefined, signal) : Promise.resolve({ items: [], nextCursor: null })), [isStaff]);

  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <div className="stack stack--lg">
      <PageHeader
        title={t('incidents.title')}
        lead={t('incidents.lead')}
        actions={
          <>
            {role !== 'auditor' && (
              <Button asChild>
                <Link to="/incidents/new" data-testid="incident-new">
                  {t('incidents.report')}
                </Link>
              </Button>
            )}
            {hasRole(session, [...OPERATOR_STAFF, ...SERVICE_OWNERS]) && (
              <Button asChild variant="secondary">
                <Link to="/incidents/report" data-testid="incident-monthly">
                  {t('incidents.monthly')}
                </Link>
              </Button>
            )}
          </>
        }
      />

      <section className="section" aria-label={t('incidents.caption')}>
        <div className="form-row inc-filters">
          <SelectField
            label={t('filter.category')}
            value={params.get('category') ?? ''}
            onChange={(e) => set('category', e.target.value)}
            options={[
              { value: '', label: t('filter.allCategories') },
              ...(categories.data?.items ?? []).map((c) => ({ value: c.key, label: `${c.key} – ${pick(c.name)}` })),
            ]}
            data-testid="incidents-filter-category"
          />
          <SelectField
            label={t('filter.state')}
            value={params.get('state') ?? ''}
            onChange={(e) => set('state', e.target.value)}
            options={[
              { value: '', label: t('filter.allStates') },
              { value: 'open', label: t('filter.open') },
              ...STATES.map((s) => ({ value: s, label: t(`state.${s}`) })),
            ]}
            data-testid="incidents-filter-state"
          />
          <SelectField
            label={t('filter.breached')}
            value={params.get('breached') ?? ''}
            onChange={(e) => set('breached', e.target.value)}
            options={[
              { value: '', label: t('filter.breachedAll') },
              { value: 'true', label: t('filter.breachedYes') },
              { value: 'false', label: t('filter.breachedNo') },
            ]}
            data-testid="incidents-filter-breached"
          />
          {mayAssign && (
            <SelectField
              label={t('filter.assignee')}
              value={params.get('assignee') ?? ''}
              onChange={(e) => set('assignee', e.target.value)}
              options={[
                { value: '', label: t('filter.assigneeAll') },
                { value: 'me', label: t('filter.assigneeMe') },
              ]}
              data-testid="incidents-filter-assignee"
            />
          )}
          {isStaff && (
            <SelectField
              label={t('filter.organisation')}
              value={params.get('orgId') ?? ''}
              onChange={(e) => set('orgId', e.target.value)}
              options={[{ value: '', label: t('filter.allOrganisations') }, ...(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))]}
              data-testid="incidents-filter-org"
            />
          )}
        </div>
        <SearchForm label={t('incidents.search')} onSearch={(q) => set('q', q)} data-testid="incidents-search" />
        {params.get('q') && (
          <div className="button-row">
            <Tag data-size="sm" data-color="info">
              {t('filter.searching', { q: params.get('q')! })}
            </Tag>
            <Button variant="tertiary" data-size="sm" onClick={() => set('q', '')}>
              {t('filter.clearSearch')}
            </Button>
          </div>
        )}
        <ProblemAlert error={list.error} />
        <DataTable
          rows={list.items}
          rowKey={(i) => i.id}
          rowTestId="incident-row"
          caption={t('incidents.caption')}
          size="sm"
          data-testid="incidents-table"
          columns={[
            {
              header: t('col.ref'),
              className: 'nowrap',
              cell: (i) => (
                <RouterLink to={`/incidents/${i.id}`} data-testid={`incident-link-${i.ref}`}>
                  {i.ref}
                </RouterLink>
              ),
            },
            {
              header: t('col.title'),
              className: 'inc-title-cell',
              cell: (i) => (
                <>
                  <div>{i.title}</div>
                  {(i.workaround || i.breached || i.services.length > 0) && (
                    <div className="inc-title-cell__meta">
                      {i.breached && (
                        <Tag data-color="danger" data-size="sm" data-testid="incident-breached">
                          {t('breached.tag')}
                        </Tag>
                      )}
                      {i.workaround && (
                        <Tag data-color="success" data-size="sm" variant="outline">
                          {t('workaround.tag')}
                        </Tag>
                      )}
                      {i.services.map((s) => (
                        <Tag key={s.id} data-size="sm" data-color="neutral" variant="outline">
                          {s.name}
                        </Tag>
                      ))}
                    </div>
                  )}
                </>
              ),
            },
            { header: t('col.category'), cell: (i) => <CategoryTag category={i.category} /> },
            { header: t('col.state'), cell: (i) => <StateTag state={i.state} /> },
            { header: t('col.reported'), className: 'nowrap', cell: (i) => formatDateTime(i.reportedAt) },
            { header: t('col.assignee'), cell: (i) => <span className={i.assignee.userId || i.assignee.orgId ? '' : 'muted'}>{assigneeText(i.assignee, t('unassigned'))}</span> },
            {
              header: t('col.clock'),
              cell: (i) => <Countdown clock={primaryClock(i.clocks)} fetchedAt={fetchedAt.current.get(i.id) ?? Date.now()} showKind data-testid={`incident-clock-${i.ref}`} />,
            },
          ]}
        />
        <LoadMore list={list} summary={t('incidents.count', { count: list.items.length })} data-testid="incidents-more" />
      </section>
    </div>
  );
}
