import { Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole, OPERATOR_STAFF } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { listDeprecations, type Deprecation } from './api.ts';
import { deprecationMessages } from './messages.ts';

/** A vendor called within this many days counts as still calling. */
const RECENT_DAYS = 7;
const num = (x: number) => x.toLocaleString('nb-NO');

/**
 * `/deprecations` "Utfasede API-er / Deprecated APIs" (T-1.2.6, T-3.1.2): per breaking-change notice its deprecated
 * APIs and the vendors still calling them (Digdir's staff: every vendor; a vendor: its own calls).
 */
export default function DeprecationsPage() {
  const { t, lang } = useMessages(deprecationMessages);
  const session = useRequiredSession();
  const isStaff = hasRole(session, OPERATOR_STAFF);
  const [env, setEnv] = useState('production');
  const list = useQuery((signal) => listDeprecations({ env: env || undefined }, signal), [env]);
  const recent = Date.now() - RECENT_DAYS * 86_400_000;

  const section = (d: Deprecation) => {
    const passed = d.sunsetAt !== null && Date.parse(d.sunsetAt) <= Date.now();
    const title = lang === 'en' && d.titleEn ? d.titleEn : d.title;
    return (
      <section key={d.noticeId} className="stack" data-testid="deprecation" data-ref={d.ref}>
        <Heading level={2} data-size="sm">
          <RouterLink to={`/notices/${d.noticeId}`}>{t('dep.notice', { ref: d.ref })}</RouterLink>: {title}
        </Heading>
        <div className="button-row">
          {d.sunsetAt && <Tag data-color={passed ? 'danger' : 'warning'}>{t(passed ? 'dep.sunsetPassed' : 'dep.sunset', { date: formatDate(d.sunsetAt) })}</Tag>}
          {isStaff && <Tag data-color="neutral">{t(d.vendors === 1 ? 'dep.vendorsOne' : 'dep.vendors', { n: d.vendors })}</Tag>}
        </div>
        <ul className="plain-list" aria-label={t('dep.apis')}>
          {d.apis.map((a, i) => (
            <li key={i}>
              <code>
                {a.method} {a.path}
              </code>{' '}
              <span className="muted">
                {a.product ? `${a.product} · ` : ''}
                {t('dep.sunset', { date: formatDate(a.sunsetAt) })}
              </span>
            </li>
          ))}
        </ul>
        {d.usage.length === 0 ? (
          <Paragraph data-size="sm" data-testid="deprecation-no-calls">
            {t(isStaff ? 'dep.noCallsStaff' : 'dep.noCallsVendor')}
          </Paragraph>
        ) : (
          <DataTable
            size="sm"
            rows={d.usage}
            rowKey={(u) => `${u.routeId}|${u.env}|${u.vendorOrgId}`}
            rowTestId="deprecation-usage-row"
            data-testid="deprecation-usage"
            caption={t('dep.caption')}
            columns={[
              isStaff && {
                header: t('dep.vendor'),
                cell: (u) => (
                  <>
                    <RouterLink to={`/organisations/${u.vendorOrgId}`}>{u.vendorName}</RouterLink>
                    <div className="muted">{u.vendorOrgNumber}</div>
                  </>
                ),
              },
              {
                header: t('dep.route'),
                cell: (u) => (
                  <>
                    <code>{u.routeId}</code>
                    <div className="muted">{t(`env.${u.env}` as 'env.test')}</div>
                  </>
                ),
              },
              { header: t('dep.calls'), cell: (u) => num(u.calls), className: 'nowrap' },
              { header: t('dep.afterSunset'), cell: (u) => (u.callsAfterSunset ? <Tag data-color="danger">{num(u.callsAfterSunset)}</Tag> : '0'), className: 'nowrap' },
              {
                header: t('dep.lastCall'),
                cell: (u) => (
                  <>
                    {formatDateTime(u.lastCallAt)}
                    <div className="muted">{t('dep.since', { date: formatDate(u.firstCallAt) })}</div>
                    {Date.parse(u.lastCallAt) >= recent && (
                      <div>
                        <Tag data-color="warning">{t('dep.stillCalling')}</Tag>
                      </div>
                    )}
                  </>
                ),
                className: 'nowrap',
              },
            ]}
          />
        )}
      </section>
    );
  };

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('dep.title')} lead={t(isStaff ? 'dep.leadStaff' : 'dep.leadVendor')} />
      <ClauseTags ids={['T-1.2.6', 'T-3.1.2']} />
      <div className="button-row">
        <SelectField
          label={t('dep.env')}
          value={env}
          onChange={(e) => setEnv(e.target.value)}
          options={[
            { value: 'production', label: t('env.production') },
            { value: 'test', label: t('env.test') },
            { value: '', label: t('dep.envBoth') },
          ]}
          data-testid="deprecations-env"
        />
      </div>
      <QueryView query={list}>{(data) => (data.items.length === 0 ? <Paragraph data-testid="deprecations-none">{t('dep.none')}</Paragraph> : <>{data.items.map(section)}</>)}</QueryView>
    </div>
  );
}
