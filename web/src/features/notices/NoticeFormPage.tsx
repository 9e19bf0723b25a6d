import { Button, Checkbox, Fieldset, Heading, Paragraph, Radio, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import type { Text } from '../../app/i18n.ts';
import { hasRole, OPERATOR_ROLES } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { FormActions } from '../../app/components/FormActions.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { createNotice, listClasses, listComponents, NOTICE_IMPACTS } from './api.ts';
import type { AffectedApi, CheckInput, ClassInfo, ComponentClass, CreateInput } from './api.ts';
import { noticeMessages } from './messages.ts';
import { CheckPanel, leadText, useLiveCheck } from './parts.tsx';
import { isoToLocal, localToIso } from './time.ts';
import './notices.css';

const FIELDS = ['noticeClass', 'title', 'body', 'titleEn', 'bodyEn', 'components', 'impact', 'startsAt', 'endsAt', 'incidentId'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', '*'];
type ApiRow = { method: string; path: string; product: string; sunset: string };
type Impact = (typeof NOTICE_IMPACTS)[number];

/** `/notices/new` (operators; service owners for the classes they issue): a notice with the live lead-time check. */
export default function NoticeFormPage() {
  const { t } = useMessages(noticeMessages);
  const session = useRequiredSession();
  const isOperator = hasRole(session, OPERATOR_ROLES);
  const options = useQuery(async (signal) => {
    const [classes, catalogue] = await Promise.all([listClasses(signal), listComponents(signal)]);
    return { classes: classes.items.filter((c) => isOperator || c.issuedBy === 'serviceOwner'), componentClasses: catalogue.classes, products: catalogue.products };
  }, [isOperator]);
  return (
    <div className="stack stack--lg">
      <PageHeader title={t('form.title')} lead={t('form.lead')} />
      <QueryView query={options}>{(o) => <NoticeForm classes={o.classes} componentClasses={o.componentClasses} products={o.products} isOperator={isOperator} />}</QueryView>
    </div>
  );
}

function NoticeForm({
  classes,
  componentClasses: allComponentClasses,
  products,
  isOperator,
}: {
  classes: ClassInfo[];
  componentClasses: ComponentClass[];
  products: { key: string; name: Text }[];
  isOperator: boolean;
}) {
  const { t, pick, lang } = useMessages(noticeMessages);
  const navigate = useNavigate();
  const [noticeClass, setNoticeClass] = useState(classes[0]?.key ?? '');
  const cls = classes.find((c) => c.key === noticeClass);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [bodyEn, setBodyEn] = useState('');
  const [components, setComponents] = useState<string[]>([]);
  const [impact, setImpact] = useState<Impact | ''>('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [incidentId, setIncidentId] = useState('');
  const [apis, setApis] = useState<ApiRow[]>([]);
  const [overrideReason, setOverrideReason] = useState('');

  const effectiveImpact: Impact = impact || ((cls?.defaultImpact as Impact | undefined) ?? 'none');
  const startIso = localToIso(startsAt);
  const endIso = endsAt ? localToIso(endsAt) : null;
  const apiList: AffectedApi[] = apis
    .filter((a) => a.path.trim())
    .map((a) => ({ method: a.method, path: a.path.trim(), ...(a.product ? { product: a.product } : {}), sunsetAt: localToIso(a.sunset) ?? '' }))
    .filter((a) => a.sunsetAt);
  const checkInput: CheckInput | null =
    cls && startIso
      ? {
          noticeClass,
          components,
          impact: effectiveImpact,
          startsAt: startIso,
          ...(endIso ? { endsAt: endIso } : {}),
          ...(incidentId.trim() ? { incidentId: incidentId.trim() } : {}),
          ...(apiList.length ? { apis: apiList } : {}),
        }
      : null;
  const { result, checking } = useLiveCheck(checkInput);
  const late = Boolean(result?.late);
  const mayOverride = late && Boolean(result?.canOverride) && isOperator;

  const submit = useAction(async () => {
    const input: CreateInput = {
      noticeClass,
      title: title.trim(),
      body,
      components,
      impact: effectiveImpact,
      startsAt: startIso ?? '',
      ...(endIso ? { endsAt: endIso } : {}),
      ...(titleEn.trim() ? { titleEn: titleEn.trim() } : {}),
      ...(bodyEn.trim() ? { bodyEn } : {}),
      ...(incidentId.trim() ? { incidentId: incidentId.trim() } : {}),
      ...(apiList.length ? { apis: apiList } : {}),
      ...(mayOverride && overrideReason.trim() ? { override: { reason: overrideReason.trim() } } : {}),
    };
    const created = await createNotice(input);
    navigate(`/notices/${created.id}`);
    return created;
  });
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void submit.run();
  }
  const fieldError = (name: string) => submit.error?.fieldError(name);
  const componentClasses: ComponentClass[] = allComponentClasses.filter((c) => !cls?.appliesTo || cls.appliesTo.includes(c.id));

  return (
    <form className="stack panel" onSubmit={onSubmit} data-testid="notice-form" noValidate>
      <ProblemAlert error={submit.error} fields={FIELDS} />
      <Fieldset>
        <Fieldset.Legend>{t('form.class')}</Fieldset.Legend>
        {classes.map((c) => (
          <Radio
            key={c.key}
            name="noticeClass"
            value={c.key}
            label={pick(c.name)}
            description={`${pick(c.description)} ${t('form.leadTime', { lead: leadText(c.leadTime, lang) })}`}
            checked={noticeClass === c.key}
            onChange={() => {
              setNoticeClass(c.key);
              setImpact('');
            }}
            data-testid={`notice-class-${c.key}`}
          />
        ))}
        {cls && <ClauseTags ids={cls.clauses} />}
      </Fieldset>
      <Textfield label={t('form.fieldTitle')} required value={title} onChange={(e) => setTitle(e.target.value)} error={fieldError('title')} data-testid="notice-title" />
      <Textfield label={t('form.body')} multiline rows={4} value={body} onChange={(e) => setBody(e.target.value)} error={fieldError('body')} data-testid="notice-body" />
      <div className="form-grid">
        <Textfield label={t('form.titleEn')} value={titleEn} onChange={(e) => setTitleEn(e.target.value)} data-testid="notice-title-en" />
        <Textfield label={t('form.bodyEn')} multiline rows={2} value={bodyEn} onChange={(e) => setBodyEn(e.target.value)} data-testid="notice-body-en" />
      </div>
      {componentClasses.length > 0 && (
        <Fieldset>
          <Fieldset.Legend>{t('form.components')}</Fieldset.Legend>
          <Fieldset.Description>{t('form.componentsHint')}</Fieldset.Description>
          {componentClasses.map((c) => (
            <div key={c.id} className="stack">
              <Heading level={3} data-size="2xs">
                {pick(c.name)} <span className="muted">({t('form.window', { window: c.operatingWindow })})</span>
              </Heading>
              <div className="notice-components">
                {c.components.map((comp) => (
                  <Checkbox
                    key={comp.id}
                    label={pick(comp.name)}
                    value={comp.id}
                    checked={components.includes(comp.id)}
                    onChange={(e) => setComponents(e.target.checked ? [...components, comp.id] : components.filter((x) => x !== comp.id))}
                    data-testid={`notice-component-${comp.id}`}
                  />
                ))}
              </div>
            </div>
          ))}
          {fieldError('components') && <Paragraph data-color="danger">{fieldError('components')}</Paragraph>}
        </Fieldset>
      )}
      <SelectField
        label={t('form.impact')}
        value={effectiveImpact}
        onChange={(e) => setImpact(e.target.value as Impact)}
        options={NOTICE_IMPACTS.map((i) => ({ value: i, label: t(`impact.${i}`) }))}
        error={fieldError('impact')}
        data-testid="notice-impact"
      />
      <div className="form-grid">
        <Textfield label={t('form.startsAt')} type="datetime-local" required value={startsAt} onChange={(e) => setStartsAt(e.target.value)} error={fieldError('startsAt')} data-testid="notice-starts-at" />
        <Textfield label={t('form.endsAt')} type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} error={fieldError('endsAt')} data-testid="notice-ends-at" />
      </div>
      {cls?.requiresIncident && (
        <Textfield
          label={t('form.incident')}
          description={t('form.incidentHint')}
          value={incidentId}
          onChange={(e) => setIncidentId(e.target.value)}
          error={fieldError('incidentId')}
          data-testid="notice-incident"
        />
      )}
      {(noticeClass === 'breakingChange' || noticeClass === 'majorChange' || apis.length > 0) && (
        <Fieldset>
          <Fieldset.Legend>{t('form.apis')}</Fieldset.Legend>
          <Fieldset.Description>{t('form.apisHint')}</Fieldset.Description>
          {apis.map((a, i) => {
            const set = (change: Partial<ApiRow>) => setApis(apis.map((x, j) => (j === i ? { ...x, ...change } : x)));
            return (
              <div key={i} className="notice-api" data-testid={`notice-api-${i}`}>
                <SelectField label={t('form.apiMethod')} value={a.method} onChange={(e) => set({ method: e.target.value })} options={METHODS.map((m) => ({ value: m, label: m }))} />
                <Textfield label={t('form.apiPath')} value={a.path} placeholder="/broker/api/v1/filetransfer/{id}" onChange={(e) => set({ path: e.target.value })} />
                <SelectField
                  label={t('form.apiProduct')}
                  value={a.product}
                  onChange={(e) => set({ product: e.target.value })}
                  options={[{ value: '', label: t('form.apiNoProduct') }, ...products.map((p) => ({ value: p.key, label: pick(p.name) }))]}
                />
                <Textfield label={t('form.apiSunset')} type="datetime-local" value={a.sunset} onChange={(e) => set({ sunset: e.target.value })} />
                <Button type="button" variant="tertiary" onClick={() => setApis(apis.filter((_, j) => j !== i))}>
                  {t('form.apiRemove')}
                </Button>
              </div>
            );
          })}
          <div>
            <Button type="button" variant="secondary" data-size="sm" onClick={() => setApis([...apis, { method: 'GET', path: '', product: '', sunset: '' }])} data-testid="notice-api-add">
              {t('form.apiAdd')}
            </Button>
          </div>
        </Fieldset>
      )}
      <CheckPanel result={result} checking={checking} onUseEarliest={(iso) => setStartsAt(isoToLocal(iso))} />
      {mayOverride && (
        <Textfield
          label={t('form.override')}
          description={t('form.overrideHint')}
          multiline
          rows={2}
          value={overrideReason}
          onChange={(e) => setOverrideReason(e.target.value)}
          data-testid="notice-override"
        />
      )}
      <FormActions submit={late && mayOverride ? t('form.submitLate') : t('form.submit')} busy={submit.busy} onCancel={() => navigate('/notices')} data-testid="notice-submit" />
    </form>
  );
}
