import { Alert, Button, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ConfirmAction } from '../../app/components/ConfirmDialog.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useConfirmAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole, OPERATOR_ROLES, OPERATOR_STAFF, SERVICE_OWNERS } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { deleteMonitor, listComponents, listMonitors, listOrgs, pauseMonitor, resumeMonitor } from './api.ts';
import type { Monitor } from './api.ts';
import { monitorMessages } from './messages.ts';
import { fmtPercent, StatusDot } from './parts.tsx';
import './monitors.css';

/**
 * `/monitors` (service owners: their organisation's; Digdir's staff: all, with an owner filter) [S-2.3.1, S-7.1.1]:
 * status, last check and latency, uptime over 24 hours and 30 days; pause, resume, delete.
 */
export default function MonitorsPage() {
  const { t, pick } = useMessages(monitorMessages);
  const session = useRequiredSession();
  const navigate = useNavigate();
  const isStaff = hasRole(session, OPERATOR_STAFF);
  const canWrite = hasRole(session, [...OPERATOR_ROLES, ...SERVICE_OWNERS]);
  const [params, setParams] = useSearchParams();
  const orgFilter = isStaff ? (params.get('orgId') ?? '') : '';
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const list = useQuery((signal) => listMonitors({ orgId: orgFilter || undefined, q: q || undefined, limit: 200 }, signal), [orgFilter, q]);
  const orgs = useQuery((signal) => (isStaff ? listOrgs(signal) : Promise.resolve({ items: [], nextCursor: null })), [isStaff]);
  const components = useQuery((signal) => (isStaff ? listComponents(signal).catch(() => []) : Promise.resolve([])), [isStaff]);
  const componentName = (id: string | null) => {
    if (!id) return t('none');
    const c = components.data?.find((x) => x.id === id);
    return c ? pick(c.name) : id;
  };
  const [deleted, setDeleted] = useState(false);

  const replace = (m: Monitor) => list.setData((prev) => prev && { ...prev, items: prev.items.map((x) => (x.id === m.id ? m : x)) });
  const toggle = useAction(async (m: Monitor) => replace(await (m.enabled ? pauseMonitor(m.id) : resumeMonitor(m.id))));
  const remove = useConfirmAction(async (m: Monitor) => {
    await deleteMonitor(m.id);
    list.setData((prev) => prev && { items: prev.items.filter((x) => x.id !== m.id), total: prev.total - 1 });
    setDeleted(true);
  });

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <div className="stack stack--lg">
      <PageHeader
        title={t('list.title')}
        lead={isStaff ? t('list.leadStaff') : t('list.leadOwner')}
        actions={
          canWrite && (
            <Button onClick={() => navigate('/monitors/new')} data-testid="monitor-new">
              {t('list.new')}
            </Button>
          )
        }
      />
      {deleted && (
        <Alert data-color="success" role="status" data-testid="monitor-deleted">
          {t('delete.done')}
        </Alert>
      )}
      <ProblemAlert error={toggle.error} />
      <form
        className="mon-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setParam('q', search.trim());
        }}
      >
        <Textfield label={t('list.search')} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="monitors-search" />
        {isStaff && (
          <SelectField
            label={t('list.org')}
            value={orgFilter}
            onChange={(e) => setParam('orgId', e.target.value)}
            options={[
              { value: '', label: t('list.allOrgs') },
              { value: 'platform', label: t('list.platform') },
              ...(orgs.data?.items ?? []).filter((o) => o.kinds.includes('serviceOwner')).map((o) => ({ value: o.id, label: o.name })),
            ]}
            data-testid="monitors-org"
          />
        )}
        <Button type="submit" variant="secondary">
          {t('common.search')}
        </Button>
      </form>
      <QueryView query={list}>
        {(data) => (
          <>
            <DataTable
              rows={data.items}
              rowKey={(m) => m.id}
              rowTestId="monitor-row"
              caption={t('list.caption')}
              size="sm"
              data-testid="monitors-table"
              columns={[
                { header: t('common.status'), cell: (m) => <StatusDot m={m} />, className: 'nowrap' },
                {
                  header: t('col.name'),
                  cell: (m) => (
                    <div>
                      <RouterLink to={`/monitors/${m.id}`} data-testid={`monitor-open-${m.id}`}>
                        {m.name}
                      </RouterLink>
                      <div className="mon-target muted">
                        {m.kind === 'http' ? `${m.method} ` : 'TCP '}
                        {m.target}
                      </div>
                    </div>
                  ),
                },
                isStaff && { header: t('list.org'), cell: (m) => m.orgName ?? t('list.platform') },
                isStaff && { header: t('col.component'), cell: (m) => componentName(m.componentId) },
                {
                  header: t('col.lastCheck'),
                  className: 'nowrap',
                  cell: (m) => (
                    <span title={m.lastError ?? undefined}>
                      {m.lastCheckedAt ? formatDateTime(m.lastCheckedAt) : t('common.never')}
                      {m.lastLatencyMs !== null && <div className="muted">{t('ms', { ms: m.lastLatencyMs })}</div>}
                    </span>
                  ),
                },
                { header: t('col.uptime'), className: 'nowrap', cell: (m) => `${fmtPercent(m.uptime24h)} / ${fmtPercent(m.uptime30d)}` },
                canWrite && {
                  header: t('common.actions'),
                  cell: (m) => (
                    <div className="row-actions">
                      <RouterLink to={`/monitors/${m.id}/edit`}>{t('action.edit')}</RouterLink>
                      <RowAction onClick={() => void toggle.run(m)} data-testid={`monitor-toggle-${m.id}`}>
                        {m.enabled ? t('action.pause') : t('action.resume')}
                      </RowAction>
                      <RowAction danger onClick={() => remove.ask(m)} data-testid={`monitor-delete-${m.id}`}>
                        {t('action.delete')}
                      </RowAction>
                    </div>
                  ),
                },
              ]}
            />
            <Paragraph data-size="sm" className="muted" aria-live="polite">
              {t('list.count', { count: data.total })}
            </Paragraph>
          </>
        )}
      </QueryView>
      <ConfirmAction state={remove} title={t('delete.title')} body={(m) => t('delete.body', { name: m.name, target: m.target })} confirmLabel={t('action.delete')} />
    </div>
  );
}
