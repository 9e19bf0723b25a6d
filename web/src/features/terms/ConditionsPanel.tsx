import { Alert, Button, Checkbox, Dialog, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useEffect, useMemo, useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { Markdown } from '../../app/components/Markdown.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { SearchForm } from '../../app/components/SearchForm.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { listServices } from '../registry/api.ts';
import type { Service } from '../registry/api.ts';
import { acceptCondition, listConditionAcceptances, listConditions } from './api.ts';
import type { AccessSummary, ConditionAcceptance } from './api.ts';
import { termsMessages } from './messages.ts';
import { useTextHash } from './TermsText.tsx';

function ConditionsDialog({
  service,
  onClose,
  onAccepted,
}: {
  service: Service;
  onClose: () => void;
  onAccepted: (a: ConditionAcceptance) => void;
}) {
  const { t } = useMessages(termsMessages);
  const m = activeMembership(useRequiredSession())!;
  const conditions = useQuery((signal) => listConditions(service.id, signal), [service.id]);
  const latest = conditions.data?.items.find((c) => c.latest) ?? conditions.data?.items[0];
  const hash = useTextHash(latest?.text ?? '');
  const [read, setRead] = useState(false);
  const accept = useAction(async () => {
    const a = await acceptCondition(latest!.id, hash ?? latest!.sha256);
    conditions.setData((d) => d && { ...d, items: d.items.map((c) => (c.id === latest!.id ? { ...c, acceptedByYourOrganisation: true } : c)) });
    onAccepted(a);
    return a;
  });
  const isAdmin = m.role === 'vendor-admin';
  return (
    <TitledDialog open onClose={onClose} title={`${t('conditions.title')}: ${service.name}`} data-testid="conditions-dialog">
      <Dialog.Block>
        <QueryView query={conditions}>
          {() =>
            !latest ? (
              <Paragraph data-testid="conditions-none">{t('conditions.none')}</Paragraph>
            ) : (
              <div className="stack">
                <Paragraph data-size="sm" className="muted">
                  {t('conditions.version', { version: latest.version, at: formatDateTime(latest.publishedAt) })} ·{' '}
                  <span className="mono">SHA-256 {latest.sha256.slice(0, 16)}…</span>
                </Paragraph>
                <div className="terms-text terms-text--small">
                  <Markdown text={latest.text} headingOffset={2} data-testid="conditions-text" />
                </div>
                <ClauseTags ids={['T-1.2.5']} />
                {latest.acceptedByYourOrganisation ? (
                  <Alert data-color="success" data-testid="conditions-accepted">
                    {t('conditions.accepted', { version: latest.version })}
                  </Alert>
                ) : isAdmin ? (
                  <div className="stack">
                    <ProblemAlert error={accept.error} />
                    <Checkbox
                      label={t('conditions.acceptConfirm', { org: m.orgName })}
                      checked={read}
                      onChange={(e) => setRead(e.target.checked)}
                      data-testid="conditions-read"
                    />
                    <div>
                      <Button disabled={!read} loading={accept.busy} onClick={() => void accept.run()} data-testid="conditions-accept">
                        {t('conditions.accept')}
                      </Button>
                    </div>
                  </div>
                ) : (
                  <Alert data-color="info">{t('accept.adminOnly')}</Alert>
                )}
              </div>
            )
          }
        </QueryView>
      </Dialog.Block>
    </TitledDialog>
  );
}

/**
 * Service owners' conditions for a vendor (T-1.2.5): those waiting for acceptance (from the access summary), the
 * catalogue of services in production to read conditions from, and the organisation's acceptances.
 */
export function ConditionsPanel({ access, onAccepted, openServiceId }: { access: AccessSummary | undefined; onAccepted: () => void; openServiceId?: string | null }) {
  const { t } = useMessages(termsMessages);
  const m = activeMembership(useRequiredSession())!;
  const [q, setQ] = useState('');
  const services = useQuery((signal) => listServices({ lifecycle: 'production', q }, signal), [q]);
  const acceptances = useQuery((signal) => listConditionAcceptances(m.orgId, signal), [m.orgId]);
  const [open, setOpen] = useState<Service | null>(null);
  const toAccept = useMemo(() => new Map((access?.conditionsToAccept ?? []).map((c) => [c.serviceId, c])), [access]);
  const accepted = useMemo(() => {
    const map = new Map<string, ConditionAcceptance>();
    for (const a of acceptances.data?.items ?? []) if (!map.has(a.serviceId) || map.get(a.serviceId)!.version < a.version) map.set(a.serviceId, a);
    return map;
  }, [acceptances.data]);

  // Open the conditions of a service named in the address (links from the access summary).
  useEffect(() => {
    if (!openServiceId || !services.data) return;
    const s = services.data.items.find((x) => x.id === openServiceId);
    if (s) setOpen(s);
  }, [openServiceId, services.data]);

  const rows = [...(services.data?.items ?? [])].sort((a, b) => Number(toAccept.has(b.id)) - Number(toAccept.has(a.id)) || a.name.localeCompare(b.name, 'nb'));

  return (
    <div className="stack" data-testid="conditions-panel">
      <Paragraph>{t('conditions.lead')}</Paragraph>
      <ClauseTags ids={['T-1.2.5']} />
      {toAccept.size > 0 && (
        <Alert data-color="warning" data-testid="conditions-waiting">
          <Heading level={3} data-size="2xs">
            {t('access.conditions')}
          </Heading>
          <ul className="plain-list">
            {[...toAccept.values()].map((c) => (
              <li key={c.conditionId}>
                {c.name} · {t('conditions.toAccept', { version: c.version })}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <SearchForm label={t('conditions.search')} onSearch={setQ} data-testid="conditions-search" />
      <QueryView query={services}>
        {() => (
          <DataTable
            rows={rows}
            rowKey={(s) => s.id}
            rowTestId="catalogue-row"
            caption={t('conditions.catalogue')}
            size="sm"
            data-testid="catalogue-table"
            columns={[
              {
                header: t('conditions.service'),
                className: 'col-name',
                cell: (s) => (
                  <>
                    {s.name}
                    <div className="resource-id">{s.resourceId}</div>
                  </>
                ),
              },
              { header: t('conditions.owner'), cell: (s) => s.orgName },
              {
                header: t('conditions.state'),
                cell: (s) => {
                  const waiting = toAccept.get(s.id);
                  if (waiting)
                    return (
                      <Tag data-color="warning" data-size="sm" data-testid={`catalogue-state-${s.id}`}>
                        {t('conditions.toAccept', { version: waiting.version })}
                      </Tag>
                    );
                  const a = accepted.get(s.id);
                  if (a)
                    return (
                      <Tag data-color="success" data-size="sm" data-testid={`catalogue-state-${s.id}`}>
                        {t('conditions.accepted', { version: a.version })}
                      </Tag>
                    );
                  return <span className="muted">–</span>;
                },
              },
              {
                header: t('common.actions'),
                className: 'nowrap',
                cell: (s) => (
                  <RowAction onClick={() => setOpen(s)} data-testid={`catalogue-conditions-${s.id}`}>
                    {t('conditions.show')}
                  </RowAction>
                ),
              },
            ]}
          />
        )}
      </QueryView>
      {acceptances.data && acceptances.data.items.length > 0 && (
        <section className="stack" aria-labelledby="cond-acc">
          <Heading level={3} data-size="2xs" id="cond-acc">
            {t('conditions.yourAcceptances')}
          </Heading>
          <DataTable
            rows={acceptances.data.items}
            rowKey={(a) => a.id}
            rowTestId="condition-acceptance-row"
            caption={t('conditions.yourAcceptances')}
            size="sm"
            data-testid="condition-acceptances-table"
            columns={[
              { header: t('conditions.service'), cell: (a) => a.serviceName },
              { header: t('version.version'), cell: (a) => a.version },
              { header: t('terms.acceptedAt'), cell: (a) => formatDateTime(a.acceptedAt), className: 'nowrap' },
              { header: t('terms.signer'), cell: (a) => a.signerName },
            ]}
          />
        </section>
      )}
      {open && (
        <ConditionsDialog
          key={open.id}
          service={open}
          onClose={() => setOpen(null)}
          onAccepted={(a) => {
            acceptances.setData((d) => d && { items: [a, ...d.items] });
            onAccepted();
          }}
        />
      )}
    </div>
  );
}
