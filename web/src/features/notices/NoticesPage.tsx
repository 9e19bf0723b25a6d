import { Button } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole, OPERATOR_ROLES, SERVICE_OWNERS } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { componentNames, listClasses, listNotices, NOTICE_STATES } from './api.ts';
import type { ListFilter } from './api.ts';
import { noticeMessages } from './messages.ts';
import { LateTag, NoticeStateTag } from './parts.tsx';
import './notices.css';

/** `/notices`: notices of maintenance and changes with their state; operators (and service owners) publish new ones. */
export default function NoticesPage() {
  const { t, pick } = useMessages(noticeMessages);
  const session = useRequiredSession();
  const canCreate = hasRole(session, [...OPERATOR_ROLES, ...SERVICE_OWNERS]);
  const navigate = useNavigate();
  const [state, setState] = useState('open');
  const [noticeClass, setNoticeClass] = useState('');
  const classes = useQuery((signal) => listClasses(signal), []);
  const names = useQuery((signal) => componentNames(signal), []);
  const list = useQuery(
    (signal) => listNotices({ ...(state ? { state: state as ListFilter['state'] } : {}), ...(noticeClass ? { noticeClass } : {}), limit: 200 }, signal),
    [state, noticeClass],
  );
  return (
    <div className="stack stack--lg">
      <PageHeader
        title={t('notices.title')}
        lead={t('notices.lead')}
        actions={
          canCreate && (
            <Button onClick={() => navigate('/notices/new')} data-testid="notice-new">
              {t('notices.new')}
            </Button>
          )
        }
      />
      <ClauseTags ids={['S-2.3.2', 'S-2.3.3', 'S-2.3.4', 'S-2.3.5', 'S-2.4.1', 'T-3.1', 'T-3.1.1']} />
      <div className="button-row">
        <RouterLink to="/changelog" data-testid="notices-changelog-link">
          {t('notices.changelog')}
        </RouterLink>
      </div>
      <div className="form-row">
        <SelectField
          label={t('filter.state')}
          value={state}
          onChange={(e) => setState(e.target.value)}
          options={[{ value: '', label: t('filter.all') }, { value: 'open', label: t('filter.open') }, ...NOTICE_STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))]}
          data-testid="notice-filter-state"
          width="auto"
        />
        <SelectField
          label={t('filter.class')}
          value={noticeClass}
          onChange={(e) => setNoticeClass(e.target.value)}
          options={[{ value: '', label: t('filter.all') }, ...(classes.data?.items ?? []).map((c) => ({ value: c.key, label: pick(c.name) }))]}
          data-testid="notice-filter-class"
          width="auto"
        />
      </div>
      <QueryView query={list}>
        {(data) => (
          <DataTable
            rows={data.items}
            rowKey={(r) => r.id}
            rowTestId="notice-row"
            caption={t('notices.caption')}
            data-testid="notices-table"
            columns={[
              {
                header: t('col.notice'),
                cell: (r) => (
                  <>
                    <RouterLink to={`/notices/${r.id}`} data-testid={`notice-link-${r.ref}`}>
                      {r.title}
                    </RouterLink>
                    <div className="muted mono">{r.ref}</div>
                  </>
                ),
              },
              { header: t('col.class'), cell: (r) => pick(r.className) },
              {
                header: t('col.when'),
                className: 'nowrap',
                cell: (r) => (
                  <>
                    {formatDateTime(r.startsAt)}
                    {r.endsAt && <div className="muted">{t('until', { time: formatDateTime(r.endsAt) })}</div>}
                  </>
                ),
              },
              { header: t('col.components'), cell: (r) => r.components.map((id) => (names.data?.get(id) ? pick(names.data.get(id)!) : id)).join(', ') },
              {
                header: t('col.state'),
                cell: (r) => (
                  <div className="notice-tags">
                    <NoticeStateTag state={r.state} />
                    {r.late && <LateTag />}
                  </div>
                ),
              },
            ]}
          />
        )}
      </QueryView>
    </div>
  );
}
