import { Button, Dialog, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { useMemo, useState } from 'react';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useConfirmAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole, OPERATOR_ROLES, OPERATOR_STAFF } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { decideFinding, listFindings, usageSummary, type Finding } from './api.ts';
import { usageMessages } from './messages.ts';

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toLocaleString('nb-NO')} %`;
const num = (x: number) => x.toLocaleString('nb-NO');
const dayBefore = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const LEVEL_COLOR: Record<number, 'info' | 'warning' | 'danger'> = { 1: 'info', 2: 'warning', 3: 'danger', 4: 'danger' };

/**
 * `/usage` "Bruk og effektivitet / Call efficiency" (T-1.2.4): vendors see their own calls per route, the unchanged
 * share and their polling findings with the event types to subscribe to instead; Digdir's staff see every vendor
 * (with a filter), and operators close findings.
 */
export default function UsagePage() {
  const { t } = useMessages(usageMessages);
  const session = useRequiredSession();
  const isStaff = hasRole(session, OPERATOR_STAFF);
  const mayDecide = hasRole(session, OPERATOR_ROLES);
  const [days, setDays] = useState('30');
  const [env, setEnv] = useState('');
  const [vendor, setVendor] = useState('');
  const [status, setStatus] = useState('open');
  const from = dayBefore(Number(days) - 1);
  const summary = useQuery((signal) => usageSummary({ from, env: env || undefined }, signal), [from, env]);
  const findings = useQuery((signal) => listFindings({ status: status || undefined }, signal), [status]);
  const [note, setNote] = useState('');
  const close = useConfirmAction(async (f: Finding) => {
    const updated = await decideFinding(f.id, { decision: 'dismiss', note });
    setNote('');
    findings.setData((prev) => prev && { items: prev.items.map((x) => (x.id === updated.id ? updated : x)).filter((x) => !status || x.status === status) });
  });

  const vendors = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of summary.data?.items ?? []) m.set(r.vendorOrgId, r.vendorName);
    for (const f of findings.data?.items ?? []) m.set(f.vendorOrgId, f.vendorName);
    return [...m].sort((a, b) => a[1].localeCompare(b[1], 'nb'));
  }, [summary.data, findings.data]);
  const ofVendor = <T extends { vendorOrgId: string }>(rows: readonly T[]) => (vendor ? rows.filter((r) => r.vendorOrgId === vendor) : rows);

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('usage.title')} lead={t('usage.lead')} />
      <ClauseTags ids={['T-1.2.4']} />
      <div className="button-row">
        <SelectField
          label={t('usage.period')}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          options={[
            { value: '7', label: t('usage.days7') },
            { value: '30', label: t('usage.days30') },
            { value: '90', label: t('usage.days90') },
          ]}
          data-testid="usage-period"
        />
        <SelectField
          label={t('usage.env')}
          value={env}
          onChange={(e) => setEnv(e.target.value)}
          options={[
            { value: '', label: t('usage.envAll') },
            { value: 'test', label: t('env.test') },
            { value: 'production', label: t('env.production') },
          ]}
          data-testid="usage-env"
        />
        {isStaff && (
          <SelectField
            label={t('usage.vendor')}
            value={vendor}
            onChange={(e) => setVendor(e.target.value)}
            options={[{ value: '', label: t('usage.allVendors') }, ...vendors.map(([id, name]) => ({ value: id, label: name }))]}
            data-testid="usage-vendor"
          />
        )}
      </div>

      <section className="stack">
        <Heading level={2} data-size="sm">
          {t('findings.title')}
        </Heading>
        <Paragraph data-size="sm">{t('findings.lead')}</Paragraph>
        <div className="button-row">
          <SelectField
            label={t('findings.statusFilter')}
            value={status}
            onChange={(e) => setStatus(e.target.value)}
            options={[
              { value: 'open', label: t('findings.open') },
              { value: '', label: t('findings.all') },
            ]}
            data-testid="findings-status"
          />
        </div>
        <QueryView query={findings}>
          {(data) =>
            ofVendor(data.items).length === 0 ? (
              <Paragraph data-testid="findings-none">{t('findings.none')}</Paragraph>
            ) : (
              <DataTable
                size="sm"
                rows={ofVendor(data.items)}
                rowKey={(f) => f.id}
                rowTestId="finding-row"
                caption={t('findings.caption')}
                data-testid="findings-table"
                columns={[
                  isStaff && { header: t('usage.vendor'), cell: (f) => <RouterLink to={`/organisations/${f.vendorOrgId}`}>{f.vendorName}</RouterLink> },
                  {
                    header: t('usage.route'),
                    cell: (f) => (
                      <>
                        <code>{f.route}</code> · {t(`env.${f.env}` as 'env.test')}
                        <div className="muted">{t('findings.sample', { path: f.samplePath, n: f.resources })}</div>
                        <div data-testid="finding-events">
                          {t('findings.subscribe')}:{' '}
                          {f.eventTypes.length ? (
                            <>
                              {f.eventTypes.map((e, i) => (
                                <span key={e}>
                                  {i > 0 && ', '}
                                  <code>{e}</code>
                                </span>
                              ))}{' '}
                              · <RouterLink to="/events/subscriptions">{t('findings.manage')}</RouterLink>
                            </>
                          ) : (
                            <span className="muted">{t('findings.noEvents')}</span>
                          )}
                        </div>
                      </>
                    ),
                  },
                  {
                    header: t('findings.level'),
                    cell: (f) => (
                      <>
                        <Tag data-color={f.status === 'open' ? LEVEL_COLOR[f.level] : 'neutral'}>{t(`action.${f.action}` as 'action.warn')}</Tag>
                        {f.status !== 'open' && <div className="muted">{t(`status.${f.status}` as 'status.open')}</div>}
                        {f.throttle && <div className="muted">{t('findings.throttle', { value: f.throttle })}</div>}
                        {isStaff && f.level === 4 && f.status === 'open' && <div>{t('findings.proposal')}</div>}
                        {mayDecide && f.level >= 3 && f.status === 'open' && <RouterLink to="/measures">{t('findings.toMeasures')}</RouterLink>}
                      </>
                    ),
                  },
                  {
                    header: t('usage.calls'),
                    cell: (f) => (
                      <>
                        <div className="nowrap">{num(f.reads)}</div>
                        <div className="muted nowrap">{t('findings.unchangedValue', { share: pct(f.unchangedShare) })}</div>
                        <div className="muted nowrap">{t('findings.intervalValue', { s: f.intervalSeconds })}</div>
                      </>
                    ),
                  },
                  {
                    header: t('findings.lastSeen'),
                    cell: (f) => (
                      <>
                        <div className="nowrap">{formatDateTime(f.lastSeenAt)}</div>
                        {f.nextStepAt && <div className="muted nowrap">{t('findings.nextStepValue', { at: formatDateTime(f.nextStepAt) })}</div>}
                      </>
                    ),
                  },
                  mayDecide && {
                    header: '',
                    cell: (f) =>
                      f.status === 'open' ? (
                        <Button variant="secondary" data-size="sm" onClick={() => close.ask(f)} data-testid="finding-close">
                          {t('findings.close')}
                        </Button>
                      ) : null,
                  },
                ]}
              />
            )
          }
        </QueryView>
      </section>

      <QueryView query={summary}>
        {(data) => {
          const rows = ofVendor(data.items);
          const calls = rows.reduce((a, r) => a + r.calls, 0);
          const unchanged = rows.reduce((a, r) => a + r.unchanged, 0);
          const polling = rows.reduce((a, r) => a + r.polling, 0);
          return (
            <section className="stack">
              <Heading level={2} data-size="sm">
                {t('usage.byRoute')}
              </Heading>
              <DefinitionList
                items={[
                  { term: t('usage.period'), value: `${data.from} – ${data.to}` },
                  { term: t('usage.calls'), value: num(calls) },
                  { term: t('usage.unchangedShare'), value: pct(calls ? unchanged / calls : 0) },
                  { term: t('usage.polling'), value: num(polling) },
                ]}
              />
              <DataTable
                size="sm"
                rows={rows}
                rowKey={(r) => `${r.vendorOrgId}|${r.env}|${r.route}`}
                rowTestId="usage-row"
                caption={t('usage.byRouteCaption')}
                data-testid="usage-table"
                columns={[
                  isStaff && { header: t('usage.vendor'), cell: (r) => r.vendorName },
                  { header: t('usage.env'), cell: (r) => t(`env.${r.env}` as 'env.test'), className: 'nowrap' },
                  { header: t('usage.product'), cell: (r) => r.product },
                  { header: t('usage.route'), cell: (r) => <code>{r.route}</code> },
                  { header: t('usage.calls'), cell: (r) => num(r.calls), className: 'nowrap' },
                  { header: t('usage.unchangedShare'), cell: (r) => pct(r.unchangedShare), className: 'nowrap' },
                  { header: t('usage.polling'), cell: (r) => num(r.polling), className: 'nowrap' },
                  { header: t('usage.rateLimited'), cell: (r) => num(r.rateLimited), className: 'nowrap' },
                  { header: t('usage.refused'), cell: (r) => num(r.refused), className: 'nowrap' },
                ]}
              />
            </section>
          );
        }}
      </QueryView>

      <TitledDialog open={close.target !== null} onClose={close.cancel} title={t('findings.closeTitle')} data-testid="finding-close-dialog">
        <Dialog.Block className="stack">
          <Paragraph>{t('findings.closeBody')}</Paragraph>
          <Textfield label={t('findings.note')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="finding-note" />
          <ProblemAlert error={close.error} />
        </Dialog.Block>
        <Dialog.Block className="button-row">
          <Button onClick={close.confirm} loading={close.busy} disabled={note.trim().length < 3} data-testid="finding-close-ok">
            {t('findings.close')}
          </Button>
          <Button variant="secondary" onClick={close.cancel}>
            {t('common.cancel')}
          </Button>
        </Dialog.Block>
      </TitledDialog>
    </div>
  );
}
