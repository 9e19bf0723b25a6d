import { Alert, Tabs } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ProblemError } from '../../app/api.ts';
import { formatDateTime } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership, hasRole, OPERATOR_STAFF } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { AcceptedNotice, AcceptTermsForm, ReceiptLink } from './AcceptTermsForm.tsx';
import { accessSummary, currentVersion, listAcceptances } from './api.ts';
import { ConditionsPanel } from './ConditionsPanel.tsx';
import { termsMessages } from './messages.ts';
import { TerminationPanel } from './TerminationPanel.tsx';
import { TermsText, useTextHash } from './TermsText.tsx';

const loadCurrent = (signal: AbortSignal) =>
  currentVersion(signal).catch((e: unknown) => {
    if (e instanceof ProblemError && e.status === 404) return null;
    throw e;
  });

/** Everyone but vendors: the terms in force, to read. */
function ReadTerms() {
  const { t } = useMessages(termsMessages);
  const version = useQuery(loadCurrent, []);
  const hash = useTextHash(version.data?.text ?? '');
  return (
    <div className="stack stack--lg">
      <PageHeader title={t('terms.title')} lead={t('terms.readLead')} />
      <QueryView query={version}>{(v) => (v ? <TermsText version={v} shownHash={hash} /> : <Alert data-color="info">{t('version.none')}</Alert>)}</QueryView>
    </div>
  );
}

/** The vendor's terms page: the version in force (accept it here), acceptances with receipts, conditions, termination. */
function VendorTerms() {
  const { t } = useMessages(termsMessages);
  const m = activeMembership(useRequiredSession())!;
  const [params] = useSearchParams();
  const openService = params.get('service');
  const [tab, setTab] = useState(openService ? 'conditions' : 'terms');
  const version = useQuery(loadCurrent, []);
  const acceptances = useQuery((signal) => listAcceptances(m.orgId, signal), [m.orgId]);
  const access = useQuery((signal) => accessSummary(m.orgId, signal), [m.orgId]);
  const hash = useTextHash(version.data?.text ?? '');
  const current = version.data;
  const accepted = current ? acceptances.data?.items.find((a) => a.versionId === current.id) : undefined;
  const lapsed = access.data?.products.some((p) => p.reasons.some((r) => r.code === 'terms-not-accepted'));

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('terms.title')} lead={t('terms.lead')} />
      {current && acceptances.data && (
        <div data-testid="terms-status">
          {accepted ? (
            <Alert data-color="success">{t('terms.statusAccepted', { version: current.version })}</Alert>
          ) : lapsed ? (
            <Alert data-color="danger">{t('terms.statusMissing', { version: current.version })}</Alert>
          ) : (
            <Alert data-color="warning">{t('terms.statusPending', { version: current.version, deadline: formatDateTime(current.acceptanceDeadline) })}</Alert>
          )}
        </div>
      )}
      <Tabs value={tab} onChange={setTab} data-testid="terms-tabs">
        <Tabs.List>
          <Tabs.Tab value="terms" data-testid="terms-tab-terms">
            {t('version.text')}
          </Tabs.Tab>
          <Tabs.Tab value="acceptances" data-testid="terms-tab-acceptances">
            {t('terms.acceptances')}
          </Tabs.Tab>
          <Tabs.Tab value="conditions" data-testid="terms-tab-conditions">
            {t('conditions.title')}
          </Tabs.Tab>
          <Tabs.Tab value="termination" data-testid="terms-tab-termination">
            {t('termination.title')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="terms" className="tab-panel">
          {tab === 'terms' && (
            <QueryView query={version}>
              {(v) =>
                v ? (
                  <div className="stack">
                    {accepted && <AcceptedNotice acceptance={accepted} />}
                    <TermsText version={v} shownHash={hash} />
                    {!accepted && acceptances.data && (
                      <AcceptTermsForm
                        version={v}
                        shownHash={hash}
                        onAccepted={(a) => {
                          acceptances.setData((d) => ({ items: [a, ...(d?.items ?? [])] }));
                          access.reload();
                        }}
                      />
                    )}
                  </div>
                ) : (
                  <Alert data-color="info">{t('version.none')}</Alert>
                )
              }
            </QueryView>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="acceptances" className="tab-panel">
          {tab === 'acceptances' && (
            <QueryView query={acceptances}>
              {(data) => (
                <DataTable
                  size="sm"
                  rows={data.items}
                  rowKey={(a) => a.id}
                  rowTestId="acceptance-row"
                  caption={t('terms.acceptances')}
                  data-testid="acceptances-table"
                  columns={[
                    { header: t('version.version'), cell: (a) => <strong>{a.version}</strong> },
                    { header: t('terms.acceptedAt'), cell: (a) => formatDateTime(a.acceptedAt), className: 'nowrap' },
                    { header: t('terms.signer'), cell: (a) => `${a.signerName} (${a.signerEmail})` },
                    { header: t('version.sha256'), cell: (a) => <span className="mono" title={a.textSha256}>{a.textSha256.slice(0, 16)}…</span> },
                    { header: t('terms.receipt'), cell: (a) => <ReceiptLink acceptanceId={a.id} /> },
                  ]}
                />
              )}
            </QueryView>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="conditions" className="tab-panel">
          {tab === 'conditions' && <ConditionsPanel access={access.data} onAccepted={access.reload} openServiceId={openService} />}
        </Tabs.Panel>
        <Tabs.Panel value="termination" className="tab-panel">
          {tab === 'termination' && <TerminationPanel onChange={access.reload} />}
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}

/** `/terms`: vendors manage their acceptance; operators go to the version list; others read the terms in force. */
export default function TermsPage() {
  const session = useRequiredSession();
  const m = activeMembership(session);
  if (hasRole(session, OPERATOR_STAFF)) return <Navigate to="/terms/versions" replace />;
  if (m?.kinds.includes('vendor') && (m.role === 'vendor-admin' || m.role === 'vendor-developer')) return <VendorTerms />;
  return <ReadTerms />;
}
