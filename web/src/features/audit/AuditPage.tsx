import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useState } from 'react';
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

/** `/audit` (operator-admin, auditor): the hash-chained audit log and its verification. */
export default function AuditPage() {
  const { t } = useMessages(auditMessages);
  const log = usePaged((cursor, signal) => listAudit({ cursor, limit: PAGE_SIZE }, signal), []);
  return (
    <div className="stack stack--lg">
      <PageHeader title={t('audit.title')} lead={t('audit.lead')} />
      <VerifyPanel />
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
