import { Alert, Button, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { API_BASE } from '../../app/api.ts';
import { formatDateTime } from '../../app/format.ts';
import { useAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { usePaged } from '../../app/usePaged.ts';
import { DataTable } from '../../app/components/DataTable.tsx';
import { LoadMore } from '../../app/components/LoadMore.tsx';
import { Loading } from '../../app/components/Loading.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { listAudit, verifyAudit } from './api.ts';
import type { VerifyResult } from './api.ts';
import { auditMessages } from './messages.ts';

const PAGE_SIZE = 50;
const short = (hash: string | null) => (hash ? hash.slice(0, 12) : '—');

function VerifyPanel() {
  const { t } = useMessages(auditMessages);
  const [result, setResult] = useState<VerifyResult | null>(null);
  const verify = useAction(() => verifyAudit());
  return (
    <div className="stack">
      <div>
        <Button
          variant="secondary"
          loading={verify.busy}
          onClick={async () => {
            setResult(null);
            const r = await verify.run();
            if (r) setResult(r);
          }}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
      </div>
      <ProblemAlert error={verify.error} />
      <div aria-live="polite">
        {result && (
          <Alert data-color={result.ok ? 'success' : 'danger'} data-testid="audit-verify-result" data-ok={result.ok}>
            <Heading level={2} data-size="xs">
              {result.ok
                ? t('audit.verifyOk', { checked: result.checked })
                : result.firstBadSeq !== undefined
                  ? t('audit.verifyBad', { seq: result.firstBadSeq, checked: result.checked })
                  : t('audit.verifyBadNoSeq', { checked: result.checked })}
            </Heading>
            {result.reason && <Paragraph>{t('audit.reason', { reason: result.reason })}</Paragraph>}
          </Alert>
        )}
      </div>
    </div>
  );
}

const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** A vendor's gateway call records for a period, with the chain proof (JSONL) or as CSV [T-6]. */
function ExportPanel() {
  const { t } = useMessages(auditMessages);
  const [vendor, setVendor] = useState('');
  const [from, setFrom] = useState(() => isoDay(new Date(Date.now() - 30 * 86_400_000)));
  const [to, setTo] = useState(() => isoDay(new Date()));
  // Whole days in local (Norwegian) time: from 00:00 on the from date to 00:00 after the to date.
  const start = new Date(`${from}T00:00:00`);
  const end = new Date(`${to}T00:00:00`);
  end.setDate(end.getDate() + 1);
  const valid = /^\d{9}$/.test(vendor) && !Number.isNaN(start.getTime()) && !Number.isNaN(end.getTime()) && start < end;
  const href = (format: 'jsonl' | 'csv') =>
    `${API_BASE}/audit/exports/gateway-calls?${new URLSearchParams({ vendor, from: start.toISOString(), to: end.toISOString(), format }).toString()}`;
  return (
    <section className="stack" data-testid="audit-export">
      <Heading level={2} data-size="xs">
        {t('export.title')}
      </Heading>
      <Paragraph data-size="sm">{t('export.lead')}</Paragraph>
      <div className="button-row">
        <Textfield label={t('export.vendor')} value={vendor} onChange={(e) => setVendor(e.target.value.trim())} inputMode="numeric" maxLength={9} data-testid="audit-export-vendor" />
        <Textfield label={t('export.from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="audit-export-from" />
        <Textfield label={t('export.to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="audit-export-to" />
      </div>
      {valid ? (
        <div className="button-row">
          <Button asChild variant="secondary">
            <a href={href('jsonl')} download data-testid="audit-export-jsonl">
              {t('export.jsonl')}
            </a>
          </Button>
          <Button asChild variant="tertiary">
            <a href={href('csv')} download data-testid="audit-export-csv">
              {t('export.csv')}
            </a>
          </Button>
        </div>
      ) : (
        <Paragraph data-size="sm" className="muted">
          {t('export.invalid')}
        </Paragraph>
      )}
    </section>
  );
}

/** `/audit` (operator-admin, auditor): the hash-chained audit log and its verification. */
export default function AuditPage() {
  const { t } = useMessages(auditMessages);
  const log = usePaged((cursor, signal) => listAudit({ cursor, limit: PAGE_SIZE }, signal), []);
  return (
    <div className="stack stack--lg">
      <PageHeader title={t('audit.title')} lead={t('audit.lead')} />
      <VerifyPanel />
      <ExportPanel />
      <ProblemAlert error={log.error} />
      {log.loading ? (
        <Loading />
      ) : (
        <DataTable
          rows={log.items}
          rowKey={(e) => e.seq}
          rowTestId="audit-row"
          caption={t('audit.caption')}
          size="sm"
          data-testid="audit-table"
          columns={[
            { header: t('audit.seq'), cell: (e) => e.seq, className: 'nowrap' },
            { header: t('audit.at'), cell: (e) => formatDateTime(e.at), className: 'nowrap' },
            { header: t('audit.actor'), cell: (e) => e.actorLabel ?? e.actorUserId ?? t('audit.system') },
            { header: t('audit.action'), cell: (e) => e.action, className: 'mono' },
            {
              header: t('audit.target'),
              cell: (e) => (
                <>
                  {e.targetType}
                  {e.targetId && <span className="mono muted"> {e.targetId}</span>}
                </>
              ),
            },
            { header: t('audit.org'), cell: (e) => e.orgId ?? '—', className: 'mono' },
            {
              header: t('audit.digests'),
              cell: (e) => (
                <>
                  <span title={e.beforeDigest ?? undefined}>{short(e.beforeDigest)}</span> →{' '}
                  <span title={e.afterDigest ?? undefined}>{short(e.afterDigest)}</span>
                </>
              ),
              className: 'mono nowrap',
            },
            { header: t('audit.hash'), cell: (e) => <span title={e.hash}>{short(e.hash)}</span>, className: 'mono' },
          ]}
        />
      )}
      <LoadMore list={log} summary={t('audit.shown', { count: log.items.length })} data-testid="audit-load-more" />
    </div>
  );
}
