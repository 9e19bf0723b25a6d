import { Alert, Button, Details, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { api } from '../../app/api.ts';
import { formatDateTime, osloNowLocalInput } from '../../app/format.ts';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { Markdown } from '../../app/components/Markdown.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { ProgressBar } from '../../app/components/ProgressBar.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { currentVersion, listVersions, publishVersion, versionProgress } from './api.ts';
import type { TermsVersion, VersionProgress } from './api.ts';
import { termsMessages } from './messages.ts';
import { VersionStatusTag } from './TermsText.tsx';

const FIELDS = ['version', 'title', 'text', 'effectiveAt', 'changeLog'] as const;
type Duration = { amount: number; unit: string };

/** The policy's grace period for accepting a new version (T-8), as text: "30 dager" / "30 days". */
function useGraceText(): string {
  const { lang } = useMessages(termsMessages);
  const policy = useQuery((signal) => api.get<{ obligations?: { termsAcceptanceGrace?: { period?: Duration } } }>('/policy', undefined, signal), []);
  const d = policy.data?.obligations?.termsAcceptanceGrace?.period ?? { amount: 30, unit: 'calendarDays' };
  const words: Record<string, [string, string, string, string]> = {
    calendarDays: ['dag', 'dager', 'day', 'days'],
    weeks: ['uke', 'uker', 'week', 'weeks'],
    months: ['måned', 'måneder', 'month', 'months'],
  };
  const w = words[d.unit] ?? [d.unit, d.unit, d.unit, d.unit];
  const one = d.amount === 1;
  return `${d.amount} ${lang === 'nb' ? (one ? w[0] : w[1]) : one ? w[2] : w[3]}`;
}

export function ProgressCell({ p }: { p: VersionProgress | undefined }) {
  const { t } = useMessages(termsMessages);
  if (!p) return <span className="muted">…</span>;
  const label = t('versions.progressLabel', { accepted: p.counts.accepted, vendors: p.counts.vendors });
  return (
    <div className="progress-cell" data-testid={`version-progress-${p.version.id}`} data-accepted={p.counts.accepted} data-vendors={p.counts.vendors}>
      <ProgressBar value={p.counts.accepted} max={p.counts.vendors} label={label} />
      <span className="muted nowrap">
        {p.counts.accepted} / {p.counts.vendors}
      </span>
    </div>
  );
}

function PublishForm({ onPublished }: { onPublished: (v: TermsVersion) => void }) {
  const { t } = useMessages(termsMessages);
  const grace = useGraceText();
  const [version, setVersion] = useState('');
  const [title, setTitle] = useState('Bruksvilkår for sluttbrukersystemleverandører i Altinn');
  const [effectiveAt, setEffectiveAt] = useState(osloNowLocalInput());
  const [text, setText] = useState('');
  const [changeLog, setChangeLog] = useState('');
  const [result, setResult] = useState<{ version: string; vendors: number; addresses: number } | null>(null);
  const copy = useAction(async () => {
    const cur = await currentVersion();
    setText(cur.text);
    setTitle(cur.title);
    return true;
  });
  const publish = useAction(() => publishVersion({ version: version.trim(), title: title.trim(), text, effectiveAt, changeLog: changeLog.trim() }));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setResult(null);
    const r = await publish.run();
    if (r) {
      setResult({ version: r.version.version, vendors: r.vendorsNotified, addresses: r.addressesNotified });
      setVersion('');
      setChangeLog('');
      onPublished(r.version);
    }
  }

  return (
    <section className="panel stack" aria-labelledby="publish-heading" data-testid="terms-publish">
      <Heading level={2} data-size="sm" id="publish-heading">
        {t('versions.publish')}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t('versions.publishLead')}
      </Paragraph>
      <ClauseTags ids={['T-8']} />
      {result && (
        <Alert data-color="success" role="status" data-testid="terms-published">
          {t('versions.published', { version: result.version, vendors: result.vendors, addresses: result.addresses })}
        </Alert>
      )}
      <form className="stack" onSubmit={onSubmit} data-testid="terms-publish-form">
        <ProblemAlert error={publish.error ?? copy.error} fields={FIELDS} />
        <div className="form-grid">
          <Textfield
            label={t('versions.form.version')}
            description={t('versions.form.versionHint')}
            required
            value={version}
            onChange={(e) => setVersion(e.target.value)}
            error={publish.error?.fieldError('version')}
            data-testid="terms-publish-version"
          />
          <Textfield
            label={t('versions.form.effectiveAt')}
            type="datetime-local"
            required
            value={effectiveAt}
            onChange={(e) => setEffectiveAt(e.target.value)}
            error={publish.error?.fieldError('effectiveAt')}
            data-testid="terms-publish-effective"
          />
        </div>
        <Paragraph data-size="sm" className="muted">
          {t('versions.form.effectiveHint', { grace })}
        </Paragraph>
        <Textfield label={t('versions.form.title')} required value={title} onChange={(e) => setTitle(e.target.value)} error={publish.error?.fieldError('title')} data-testid="terms-publish-title" />
        <div className="stack">
          <Textfield
            label={t('versions.form.text')}
            multiline
            rows={12}
            required
            className="mono-area"
            value={text}
            onChange={(e) => setText(e.target.value)}
            error={publish.error?.fieldError('text')}
            data-testid="terms-publish-text"
          />
          <div className="button-row">
            <Button type="button" variant="secondary" data-size="sm" loading={copy.busy} onClick={() => void copy.run()} data-testid="terms-publish-copy">
              {t('versions.form.copyCurrent')}
            </Button>
          </div>
          {text.trim() && (
            <Details>
              <Details.Summary>{t('conditionsEditor.preview')}</Details.Summary>
              <Details.Content>
                <div className="terms-text">
                  <Markdown text={text} headingOffset={2} />
                </div>
              </Details.Content>
            </Details>
          )}
        </div>
        <Textfield
          label={t('versions.form.changeLog')}
          multiline
          rows={3}
          required
          value={changeLog}
          onChange={(e) => setChangeLog(e.target.value)}
          error={publish.error?.fieldError('changeLog')}
          data-testid="terms-publish-changelog"
        />
        <div>
          <Button type="submit" loading={publish.busy} data-testid="terms-publish-submit">
            {t('versions.form.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** `/terms/versions` (operators): versions with their acceptance progress; operator admins publish new ones (T-8). */
export default function TermsVersionsPage() {
  const { t } = useMessages(termsMessages);
  const session = useRequiredSession();
  const canPublish = hasRole(session, ['operator-admin']);
  const [showForm, setShowForm] = useState(false);
  const versions = useQuery(async (signal) => {
    const list = await listVersions(signal);
    const progress = await Promise.all(list.items.map((v) => versionProgress(v.id, signal).catch(() => undefined)));
    return { items: list.items, progress: new Map(list.items.map((v, i) => [v.id, progress[i]])) };
  }, []);

  return (
    <div className="stack stack--lg">
      <PageHeader
        title={t('versions.title')}
        lead={t('versions.lead')}
        actions={
          canPublish && (
            <Button variant={showForm ? 'secondary' : 'primary'} onClick={() => setShowForm((x) => !x)} aria-expanded={showForm} data-testid="terms-publish-open">
              {showForm ? t('common.close') : t('versions.publish')}
            </Button>
          )
        }
      />
      {canPublish && showForm && <PublishForm onPublished={() => versions.reload()} />}
      <QueryView query={versions}>
        {(data) => (
          <DataTable
            size="sm"
            rows={data.items}
            rowKey={(v) => v.id}
            rowTestId="version-row"
            caption={t('versions.caption')}
            data-testid="versions-table"
            columns={[
              {
                header: t('version.version'),
                cell: (v) => (
                  <RouterLink to={`/terms/versions/${v.id}`} data-testid={`version-link-${v.version}`}>
                    <strong>{v.version}</strong>
                  </RouterLink>
                ),
              },
              { header: t('common.status'), cell: (v) => <VersionStatusTag status={v.status} /> },
              { header: t('version.effectiveAt'), cell: (v) => formatDateTime(v.effectiveAt), className: 'nowrap' },
              { header: t('version.deadline'), cell: (v) => formatDateTime(v.acceptanceDeadline), className: 'nowrap' },
              { header: t('versions.progress'), cell: (v) => <ProgressCell p={data.progress.get(v.id)} /> },
              { header: t('version.changeLog'), cell: (v) => <span className="clamp">{v.changeLog}</span> },
            ]}
          />
        )}
      </QueryView>
    </div>
  );
}
