import { Alert, Button, Heading, Paragraph, Table } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { usePaged } from '../../app/usePaged.ts';
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
        <div className="table-wrap">
          <Table zebra data-size="sm" data-testid="audit-table">
            <caption className="ds-sr-only">{t('audit.caption')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('audit.seq')}</Table.HeaderCell>
                <Table.HeaderCell>{t('audit.at')}</Table.HeaderCell>
                <Table.HeaderCell>{t('audit.actor')}</Table.HeaderCell>
                <Table.HeaderCell>{t('audit.action')}</Table.HeaderCell>
                <Table.HeaderCell>{t('audit.target')}</Table.HeaderCell>
                <Table.HeaderCell>{t('audit.org')}</Table.HeaderCell>
                <Table.HeaderCell>{t('audit.digests')}</Table.HeaderCell>
                <Table.HeaderCell>{t('audit.hash')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {log.items.length === 0 && (
                <Table.Row>
                  <Table.Cell colSpan={8}>{t('common.empty')}</Table.Cell>
                </Table.Row>
              )}
              {log.items.map((e) => (
                <Table.Row key={e.seq} data-testid={`audit-row-${e.seq}`}>
                  <Table.Cell className="nowrap">{e.seq}</Table.Cell>
                  <Table.Cell className="nowrap">{formatDateTime(e.at)}</Table.Cell>
                  <Table.Cell>{e.actorLabel ?? e.actorUserId ?? t('audit.system')}</Table.Cell>
                  <Table.Cell className="mono">{e.action}</Table.Cell>
                  <Table.Cell>
                    {e.targetType}
                    {e.targetId && <span className="mono muted"> {e.targetId}</span>}
                  </Table.Cell>
                  <Table.Cell className="mono">{e.orgId ?? '—'}</Table.Cell>
                  <Table.Cell className="mono nowrap">
                    <span title={e.beforeDigest ?? undefined}>{short(e.beforeDigest)}</span> →{' '}
                    <span title={e.afterDigest ?? undefined}>{short(e.afterDigest)}</span>
                  </Table.Cell>
                  <Table.Cell className="mono" title={e.hash}>
                    {short(e.hash)}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      <div className="button-row">
        {log.hasMore && (
          <Button variant="secondary" onClick={log.loadMore} loading={log.loadingMore} data-testid="audit-load-more">
            {t('common.loadMore')}
          </Button>
        )}
        {!log.loading && (
          <Paragraph data-size="sm" className="muted" aria-live="polite">
            {t('audit.shown', { count: log.items.length })}
          </Paragraph>
        )}
      </div>
    </div>
  );
}
