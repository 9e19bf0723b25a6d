import { Checkbox, Fieldset, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { osloNowLocalInput } from '../../app/format.ts';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { OPERATOR_ROLES, SERVICE_OWNERS, activeMembership, hasRole } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { FormActions } from '../../app/components/FormActions.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { listCategories, listOrgs, listPolicyComponents, listServiceRefs, reportIncident } from './api.ts';
import type { ReportInput } from './api.ts';
import { CategoryChoice } from './CategoryChoice.tsx';
import { ImpactField } from './Actions.tsx';
import { ComponentChoice, toggle } from './ComponentChoice.tsx';
import { incidentMessages } from './messages.ts';
import { osloLocalToIso } from './time.ts';
import './incidents.css';

const FIELDS = ['title', 'description', 'category', 'components', 'impact', 'serviceIds', 'reportedAt', 'reporterOrgId', 'reporterEmail', 'reporterName'];

/** `/incidents/new` (every role but the auditor): report an incident [T-1.2.8]; then on to its page. */
export default function NewIncidentPage() {
  const { t, pick } = useMessages(incidentMessages);
  const navigate = useNavigate();
  const session = useRequiredSession();
  const m = activeMembership(session);
  const isOperator = hasRole(session, OPERATOR_ROLES);
  const isOwner = hasRole(session, SERVICE_OWNERS);

  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState('');
  const [components, setComponents] = useState<string[]>([]);
  const [impact, setImpact] = useState('');
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const [reportedAt, setReportedAt] = useState(osloNowLocalInput());
  /** Only a time the operator typed is sent; untouched, the server takes the moment of submitting. */
  const [reportedAtTouched, setReportedAtTouched] = useState(false);
  const [reporterOrgId, setReporterOrgId] = useState('');
  const [reporterEmail, setReporterEmail] = useState('');
  const [reporterName, setReporterName] = useState('');
  const [localError, setLocalError] = useState<Record<string, string>>({});

  const options = useQuery(
    async (signal) => {
      const [categories, classes, services, orgs] = await Promise.all([
        listCategories(signal),
        listPolicyComponents(signal).catch(() => []),
        isOperator || isOwner ? listServiceRefs(isOwner ? m?.orgId : undefined, signal).catch(() => ({ items: [] })) : Promise.resolve({ items: [] }),
        isOperator ? listOrgs(undefined, signal).catch(() => ({ items: [], nextCursor: null })) : Promise.resolve({ items: [], nextCursor: null }),
      ]);
      return { categories: categories.items, classes, services: services.items, orgs: orgs.items.filter((o) => !o.kinds.includes('operator')) };
    },
    [isOperator, isOwner, m?.orgId],
  );

  const submit = useAction(async () => {
    const body: ReportInput = { title: title.trim(), description: description.trim(), category };
    if (components.length) body.components = components;
    if (serviceIds.length) body.serviceIds = serviceIds;
    if (isOperator) {
      if (impact) body.impact = impact as never;
      const iso = osloLocalToIso(reportedAt);
      if (iso && reportedAtTouched) body.reportedAt = iso;
      if (reporterOrgId) body.reporterOrgId = reporterOrgId;
      if (reporterEmail.trim()) body.reporterEmail = reporterEmail.trim();
      if (reporterName.trim()) body.reporterName = reporterName.trim();
    }
    const created = await reportIncident(body);
    navigate(`/incidents/${created.id}`);
    return created;
  });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!category) errors.category = t('new.chooseCategory');
    if (isOperator && reportedAt && !osloLocalToIso(reportedAt)) errors.reportedAt = t('new.invalidTime');
    setLocalError(errors);
    if (Object.keys(errors).length === 0) void submit.run();
  }
  const fieldError = (name: string) => localError[name] ?? submit.error?.fieldError(name);

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('new.title')} lead={t('new.lead')} />
      <ClauseTags ids={['T-1.2.8', 'S-2.1']} />
      <QueryView query={options}>
        {(o) => (
          <form className="stack panel" onSubmit={onSubmit} data-testid="incident-form" noValidate>
            <ProblemAlert error={submit.error} fields={FIELDS} />
            <Textfield
              label={t('new.fieldTitle')}
              description={t('new.fieldTitleHint')}
              required
              minLength={3}
              maxLength={200}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              error={fieldError('title')}
              data-testid="incident-title"
            />
            <Textfield
              label={t('new.description')}
              description={t('new.descriptionHint')}
              multiline
              rows={5}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              error={fieldError('description')}
              data-testid="incident-description"
            />
            <CategoryChoice
              categories={o.categories}
              value={category}
              onChange={setCategory}
              name="category"
              legend={t('new.category')}
              description={t('new.categoryHint')}
              error={fieldError('category')}
              testId="incident-category"
            />
            <ComponentChoice classes={o.classes} value={components} onChange={setComponents} />
            {isOperator && <ImpactField value={impact} onChange={setImpact} error={fieldError('impact')} />}
            {(isOperator || isOwner) && (
              <Fieldset>
                <Fieldset.Legend>{t('new.services')}</Fieldset.Legend>
                <Fieldset.Description>{t('new.servicesHint')}</Fieldset.Description>
                {o.services.length === 0 ? (
                  <Paragraph data-size="sm" className="muted">
                    {t('new.noServices')}
                  </Paragraph>
                ) : (
                  <div className="inc-scroll-list inc-checkbox-grid">
                    {o.services.map((s) => (
                      <Checkbox
                        key={s.id}
                        label={s.name}
                        description={isOperator ? s.orgName : undefined}
                        value={s.id}
                        checked={serviceIds.includes(s.id)}
                        onChange={(e) => setServiceIds(toggle(serviceIds, s.id, e.target.checked))}
                        data-testid={`incident-service-${s.id}`}
                      />
                    ))}
                  </div>
                )}
              </Fieldset>
            )}
            {isOperator && (
              <Fieldset>
                <Fieldset.Legend>{t('new.operator')}</Fieldset.Legend>
                <div className="form-grid">
                  <Textfield
                    label={t('new.reportedAt')}
                    description={t('new.reportedAtHint')}
                    type="datetime-local"
                    value={reportedAt}
                    onChange={(e) => {
                      setReportedAt(e.target.value);
                      setReportedAtTouched(true);
                    }}
                    error={fieldError('reportedAt')}
                    data-testid="incident-reported-at"
                  />
                  <SelectField
                    label={t('new.reporterOrg')}
                    value={reporterOrgId}
                    onChange={(e) => setReporterOrgId(e.target.value)}
                    options={[{ value: '', label: t('new.reporterOrgNone') }, ...o.orgs.map((x) => ({ value: x.id, label: x.name }))]}
                    error={fieldError('reporterOrgId')}
                    data-testid="incident-reporter-org"
                  />
                  <Textfield
                    label={t('new.reporterEmail')}
                    type="email"
                    value={reporterEmail}
                    onChange={(e) => setReporterEmail(e.target.value)}
                    error={fieldError('reporterEmail')}
                    data-testid="incident-reporter-email"
                  />
                  <Textfield
                    label={t('new.reporterName')}
                    value={reporterName}
                    onChange={(e) => setReporterName(e.target.value)}
                    error={fieldError('reporterName')}
                    data-testid="incident-reporter-name"
                  />
                </div>
              </Fieldset>
            )}
            <FormActions submit={t('new.submit')} busy={submit.busy} onCancel={() => navigate('/incidents')} data-testid="incident-submit" />
          </form>
        )}
      </QueryView>
    </div>
  );
}
