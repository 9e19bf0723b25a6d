import { Alert, Button, Dialog, Heading, Link, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useParams } from 'react-router';
import { formatDate, formatDateTime, osloToday } from '../../app/format.ts';
import { useAction, useAsyncList, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DataTable } from '../../app/components/DataTable.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { ConditionsEditor } from '../terms/ConditionsEditor.tsx';
import { ASSESSMENT_KINDS, addAssessment, changeLifecycle, getService, listAssessments, markAboutReviewed, reportLibraryVersion, updateService } from './api.ts';
import type { About, Service } from './api.ts';
import { registryMessages } from './messages.ts';
import { LifecycleTag, ServiceFlags } from './ServiceTags.tsx';

type Setter = (s: Service) => void;

function useCanWrite(s: Service): boolean {
  const m = activeMembership(useRequiredSession());
  if (!m) return false;
  return m.role === 'operator-admin' || ((m.role === 'serviceowner-admin' || m.role === 'serviceowner-member') && m.orgId === s.orgId);
}

function LifecycleSection({ s, canWrite, onSaved }: { s: Service; canWrite: boolean; onSaved: Setter }) {
  const { t } = useMessages(registryMessages);
  const [to, setTo] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const change = useAction(async () => {
    const updated = await changeLifecycle(s.id, to!, note.trim() || undefined);
    onSaved(updated);
    setTo(null);
    setNote('');
    return updated;
  });
  const transitions = s.allowedTransitions ?? [];
  return (
    <section className="panel stack" aria-labelledby="lifecycle-heading" data-testid="service-lifecycle-section">
      <Heading level={2} data-size="sm" id="lifecycle-heading">
        {t('service.lifecycleTitle')}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t('service.lifecycleLead')}
      </Paragraph>
      <ClauseTags ids={['S-7.3.6', 'S-7.3.1']} />
      <ol className="lifecycle">
        {(['planned', 'notified', 'production', 'deactivated', 'removed'] as const).map((l) => (
          <li key={l} className={l === s.lifecycle ? 'lifecycle__item lifecycle__item--current' : 'lifecycle__item'} aria-current={l === s.lifecycle ? 'step' : undefined}>
            {t(`lifecycle.${l}`)}
          </li>
        ))}
      </ol>
      {canWrite &&
        (transitions.length === 0 ? (
          <Paragraph data-size="sm" className="muted">
            {t('service.noTransitions')}
          </Paragraph>
        ) : (
          <div className="button-row">
            {transitions.map((x) => (
              <Button
                key={x}
                variant={x === 'notified' || x === 'production' ? 'primary' : 'secondary'}
                data-color={x === 'removed' || x === 'deactivated' ? 'danger' : undefined}
                onClick={() => setTo(x)}
                data-testid={`service-transition-${x}`}
              >
                {t(`service.to.${x}` as 'service.to.notified')}
              </Button>
            ))}
          </div>
        ))}
      {to && (
        <TitledDialog open onClose={() => setTo(null)} title={t('service.transitionTitle', { to: t(`lifecycle.${to}` as 'lifecycle.planned') })} data-testid="service-transition-dialog">
          <Dialog.Block>
            <form
              className="stack"
              onSubmit={(e) => {
                e.preventDefault();
                void change.run();
              }}
            >
              {to === 'notified' && (
                <Alert data-color="info" data-testid="service-notice-info">
                  {t('service.noticeBody')}
                </Alert>
              )}
              <ProblemAlert error={change.error} />
              <Textfield multiline rows={3} label={t('service.transitionNote')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="service-transition-note" />
              <div className="button-row">
                <Button type="submit" loading={change.busy} data-testid="service-transition-submit">
                  {t(`service.to.${to}` as 'service.to.notified')}
                </Button>
                <Button type="button" variant="secondary" onClick={() => setTo(null)}>
                  {t('common.cancel')}
                </Button>
              </div>
            </form>
          </Dialog.Block>
        </TitledDialog>
      )}
    </section>
  );
}

function AboutSection({ s, canWrite, onSaved }: { s: Service; canWrite: boolean; onSaved: Setter }) {
  const { t } = useMessages(registryMessages);
  const a = s.about ?? {};
  const [descNb, setDescNb] = useState(a.description?.nb ?? '');
  const [descNn, setDescNn] = useState(a.description?.nn ?? '');
  const [descEn, setDescEn] = useState(a.description?.en ?? '');
  const [supportEmail, setSupportEmail] = useState(a.supportEmail ?? '');
  const [supportPhone, setSupportPhone] = useState(a.supportPhone ?? '');
  const [supportUrl, setSupportUrl] = useState(a.supportUrl ?? '');
  const [documentationUrl, setDocumentationUrl] = useState(a.documentationUrl ?? '');
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    const clean = (v: string) => (v.trim() ? v.trim() : undefined);
    const about: About = {
      description: { ...(clean(descNb) ? { nb: clean(descNb) } : {}), ...(clean(descNn) ? { nn: clean(descNn) } : {}), ...(clean(descEn) ? { en: clean(descEn) } : {}) },
      ...(clean(supportEmail) ? { supportEmail: clean(supportEmail) } : {}),
      ...(clean(supportPhone) ? { supportPhone: clean(supportPhone) } : {}),
      ...(clean(supportUrl) ? { supportUrl: clean(supportUrl) } : {}),
      ...(clean(documentationUrl) ? { documentationUrl: clean(documentationUrl) } : {}),
    };
    const updated = await updateService(s.id, { about });
    onSaved(updated);
    setSaved(true);
    return updated;
  });
  const reviewed = useAction(async () => {
    const updated = await markAboutReviewed(s.id);
    onSaved(updated);
    return updated;
  });
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    void save.run();
  }
  return (
    <section className="panel stack" aria-labelledby="about-heading" data-testid="service-about">
      <Heading level={2} data-size="sm" id="about-heading">
        {t('service.about')}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t('service.aboutLead')}
      </Paragraph>
      <ClauseTags ids={['S-7.3.2']} />
      <DefinitionList
        items={[
          { term: t('service.reviewedAt'), value: <span data-testid="service-reviewed-at">{formatDate(s.aboutReviewedAt)}</span> },
          {
            term: t('service.reviewDueAt'),
            value: (
              <span className="button-row">
                {formatDate(s.aboutReviewDueAt)} <ServiceFlags s={{ ...s, outdated: false, idle: false }} />
              </span>
            ),
          },
        ]}
      />
      {canWrite && (
        <div>
          <Button variant="secondary" loading={reviewed.busy} onClick={() => void reviewed.run()} data-testid="service-mark-reviewed">
            {t('service.markReviewed')}
          </Button>
        </div>
      )}
      <ProblemAlert error={reviewed.error} />
      <form className="stack" onSubmit={onSubmit} data-testid="service-about-form">
        <ProblemAlert error={save.error} />
        {saved && (
          <Alert data-color="success" data-size="sm" role="status">
            {t('common.saved')}
          </Alert>
        )}
        <fieldset className="plain-fieldset stack" disabled={!canWrite}>
          <Textfield multiline rows={2} label={t('service.aboutDescriptionNb')} value={descNb} onChange={(e) => setDescNb(e.target.value)} data-testid="service-about-nb" />
          <Textfield multiline rows={2} label={t('service.aboutDescriptionNn')} value={descNn} onChange={(e) => setDescNn(e.target.value)} />
          <Textfield multiline rows={2} label={t('service.aboutDescriptionEn')} value={descEn} onChange={(e) => setDescEn(e.target.value)} />
          <div className="form-grid">
            <Textfield label={t('service.supportEmail')} type="email" value={supportEmail} onChange={(e) => setSupportEmail(e.target.value)} data-testid="service-about-email" />
            <Textfield label={t('service.supportPhone')} type="tel" value={supportPhone} onChange={(e) => setSupportPhone(e.target.value)} />
            <Textfield label={t('service.supportUrl')} type="url" value={supportUrl} onChange={(e) => setSupportUrl(e.target.value)} />
            <Textfield label={t('service.documentationUrl')} type="url" value={documentationUrl} onChange={(e) => setDocumentationUrl(e.target.value)} />
          </div>
        </fieldset>
        {canWrite && (
          <div>
            <Button type="submit" loading={save.busy} data-testid="service-about-save">
              {t('service.saveAbout')}
            </Button>
          </div>
        )}
      </form>
    </section>
  );
}

function LibrarySection({ s, canWrite, onSaved }: { s: Service; canWrite: boolean; onSaved: Setter }) {
  const { t } = useMessages(registryMessages);
  const [version, setVersion] = useState('');
  const report = useAction(async () => {
    const updated = await reportLibraryVersion(s.id, version.trim());
    onSaved(updated);
    setVersion('');
    return updated;
  });
  return (
    <section className="panel stack" aria-labelledby="library-heading" data-testid="service-library">
      <Heading level={2} data-size="sm" id="library-heading">
        {t('service.library')}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t('service.libraryLead')}
      </Paragraph>
      <ClauseTags ids={['S-7.1.2']} />
      <DefinitionList
        items={[
          {
            term: t('service.libraryVersion'),
            value: (
              <span className="button-row">
                <strong data-testid="service-library-version">{s.libraryVersion ?? t('common.none')}</strong>
                {s.outdated && <ServiceFlags s={{ ...s, idle: false, reviewDue: false, reviewOverdue: false }} />}
              </span>
            ),
          },
          { term: t('service.libraryReportedAt'), value: formatDateTime(s.libraryReportedAt) || t('common.never') },
          { term: t('service.minLibrary'), value: s.minLibraryVersion ?? '' },
        ]}
      />
      {canWrite && (
        <form
          className="form-row"
          onSubmit={(e) => {
            e.preventDefault();
            void report.run();
          }}
        >
          <Textfield label={t('service.newVersion')} required value={version} onChange={(e) => setVersion(e.target.value)} error={report.error?.fieldError('version')} data-testid="service-library-input" />
          <Button type="submit" variant="secondary" className="form-row__shrink" loading={report.busy} data-testid="service-library-submit">
            {t('service.reportVersion')}
          </Button>
        </form>
      )}
      <ProblemAlert error={report.error} fields={['version']} />
    </section>
  );
}

function AssessmentsSection({ s, canWrite }: { s: Service; canWrite: boolean }) {
  const { t } = useMessages(registryMessages);
  const list = useAsyncList((signal) => listAssessments(s.id, signal), [s.id], (a) => a.id);
  const [kind, setKind] = useState<string>('security');
  const [assessedOn, setAssessedOn] = useState(osloToday());
  const [link, setLink] = useState('https://');
  const [note, setNote] = useState('');
  const add = useAction(async () => {
    const a = await addAssessment(s.id, { kind, assessedOn, link: link.trim(), ...(note.trim() ? { note: note.trim() } : {}) });
    list.prepend(a);
    setLink('https://');
    setNote('');
    return a;
  });
  return (
    <section className="panel stack" aria-labelledby="assessments-heading" data-testid="service-assessments">
      <Heading level={2} data-size="sm" id="assessments-heading">
        {t('service.assessments')}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t('service.assessmentsLead')}
      </Paragraph>
      <ClauseTags ids={['S-7.3.4']} />
      <QueryView query={list}>
        {(data) => (
          <DataTable
            rows={data.items}
            rowKey={(a) => a.id}
            rowTestId="assessment-row"
            caption={t('service.assessments')}
            size="sm"
            data-testid="assessments-table"
            columns={[
              { header: t('service.assessmentKind'), cell: (a) => t(`assessment.${a.kind}` as 'assessment.security') },
              { header: t('service.assessedOn'), cell: (a) => formatDate(a.assessedOn), className: 'nowrap' },
              {
                header: t('service.assessmentLink'),
                cell: (a) => (
                  <Link href={a.link} target="_blank" rel="noopener noreferrer">
                    {a.link}
                  </Link>
                ),
              },
              { header: t('service.assessmentNote'), cell: (a) => a.note ?? '' },
            ]}
          />
        )}
      </QueryView>
      {canWrite && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void add.run();
          }}
          data-testid="assessment-form"
        >
          <ProblemAlert error={add.error} fields={['kind', 'assessedOn', 'link', 'note']} />
          <div className="form-grid">
            <SelectField
              label={t('service.assessmentKind')}
              value={kind}
              onChange={(e) => setKind(e.target.value)}
              options={ASSESSMENT_KINDS.map((k) => ({ value: k, label: t(`assessment.${k}`) }))}
              data-testid="assessment-kind"
            />
            <Textfield label={t('service.assessedOn')} type="date" required value={assessedOn} onChange={(e) => setAssessedOn(e.target.value)} error={add.error?.fieldError('assessedOn')} data-testid="assessment-date" />
          </div>
          <Textfield label={t('service.assessmentLink')} type="url" required value={link} onChange={(e) => setLink(e.target.value)} error={add.error?.fieldError('link')} data-testid="assessment-link" />
          <Textfield label={t('service.assessmentNote')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="assessment-note" />
          <div>
            <Button type="submit" variant="secondary" loading={add.busy} data-testid="assessment-submit">
              {t('service.addAssessment')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}

/** `/services/:id`: one service — facts, lifecycle (with the new-service notice), "Om skjema", library, assessments, conditions. */
export default function ServicePage() {
  const { id = '' } = useParams();
  const service = useQuery((signal) => getService(id, signal), [id]);
  const set = (s: Service) => service.setData(() => s);
  return <QueryView query={service}>{(s) => <ServiceView s={s} onSaved={set} />}</QueryView>;
}

function ServiceView({ s, onSaved }: { s: Service; onSaved: Setter }) {
  const { t } = useMessages(registryMessages);
  const canWrite = useCanWrite(s);
  return (
    <div className="stack stack--lg" data-testid="service-detail">
      <PageHeader title={s.name} lead={<span className="mono">{s.resourceId}</span>} actions={<RouterLink to="/services">← {t('service.back')}</RouterLink>} />
      {!canWrite && (
        <Alert data-color="info" data-size="sm">
          {t('service.readOnly')}
        </Alert>
      )}
      <section className="panel stack" aria-label={t('service.details')}>
        <DefinitionList
          items={[
            { term: t('services.owner'), value: s.orgName },
            { term: t('services.kind'), value: t(`kind.${s.kind}` as 'kind.app') },
            {
              term: t('services.lifecycle'),
              value: (
                <span className="button-row">
                  <LifecycleTag lifecycle={s.lifecycle} /> <span className="muted">{t('service.since')} {formatDate(s.lifecycleChangedAt)}</span>
                </span>
              ),
            },
            { term: t('service.notifiedAt'), value: formatDateTime(s.notifiedAt) || t('common.none') },
            {
              term: t('service.traffic'),
              value: `${t('service.calls', { count: (s.trafficCount ?? 0).toLocaleString('nb-NO') })}${s.lastTrafficAt ? ` · ${t('service.lastTraffic')} ${formatDateTime(s.lastTrafficAt)}` : ''}`,
            },
            { term: t('services.flags'), value: <ServiceFlags s={s} /> },
          ]}
        />
        {s.idle && (
          <Alert data-color="warning" data-testid="service-idle">
            {t('service.idleHint')}
          </Alert>
        )}
      </section>
      <LifecycleSection s={s} canWrite={canWrite} onSaved={onSaved} />
      <AboutSection key={`about-${s.updatedAt}`} s={s} canWrite={canWrite} onSaved={onSaved} />
      {s.kind === 'app' && <LibrarySection s={s} canWrite={canWrite} onSaved={onSaved} />}
      <AssessmentsSection s={s} canWrite={canWrite} />
      <ConditionsEditor serviceId={s.id} ownerOrgId={s.orgId} />
    </div>
  );
}
