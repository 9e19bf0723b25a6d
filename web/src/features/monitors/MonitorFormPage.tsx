import { Alert, Button, Checkbox, Details, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { Loading } from '../../app/components/Loading.tsx';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { hasRole, OPERATOR_ROLES } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { createMonitor, getMonitor, listComponents, listOrgs, testDefinition, updateMonitor } from './api.ts';
import type { CheckResult, Monitor, MonitorInput } from './api.ts';
import { monitorMessages } from './messages.ts';
import { useTestText } from './parts.tsx';
import './monitors.css';

const FIELDS = ['name', 'kind', 'target', 'method', 'expectedStatus', 'keyword', 'intervalSeconds', 'timeoutMs', 'failureThreshold', 'recoveryThreshold', 'degradedLatencyMs', 'componentId', 'downState', 'orgId'];
const DOWN_STATES = ['major_outage', 'partial_outage', 'degraded_performance'] as const;

type Form = {
  name: string;
  kind: 'http' | 'tcp';
  target: string;
  method: 'GET' | 'HEAD' | 'POST';
  expectedStatus: string;
  keyword: string;
  intervalSeconds: string;
  timeoutMs: string;
  failureThreshold: string;
  recoveryThreshold: string;
  degradedLatencyMs: string;
  componentId: string;
  downState: (typeof DOWN_STATES)[number];
  orgId: string;
  enabled: boolean;
};

const EMPTY: Form = {
  name: '',
  kind: 'http',
  target: 'https://',
  method: 'GET',
  expectedStatus: '200-299',
  keyword: '',
  intervalSeconds: '60',
  timeoutMs: '10000',
  failureThreshold: '3',
  recoveryThreshold: '1',
  degradedLatencyMs: '',
  componentId: '',
  downState: 'major_outage',
  orgId: '',
  enabled: true,
};

function fromMonitor(m: Monitor): Form {
  return {
    name: m.name,
    kind: m.kind,
    target: m.target,
    method: m.method as Form['method'],
    expectedStatus: m.expectedStatus,
    keyword: m.keyword ?? '',
    intervalSeconds: String(m.intervalSeconds),
    timeoutMs: String(m.timeoutMs),
    failureThreshold: String(m.failureThreshold),
    recoveryThreshold: String(m.recoveryThreshold),
    degradedLatencyMs: m.degradedLatencyMs === null ? '' : String(m.degradedLatencyMs),
    componentId: m.componentId ?? '',
    downState: m.downState as Form['downState'],
    orgId: m.orgId ?? '',
    enabled: m.enabled,
  };
}

/**
 * `/monitors/new` and `/monitors/:id/edit` [S-2.3.1, S-7.1.1]: the monitor's definition, with "test now" (one
 * check through the same guard, nothing stored). Operators also choose the owner and may tie the monitor to a
 * component of the status page.
 */
export default function MonitorFormPage() {
  const { t, pick } = useMessages(monitorMessages);
  const { id } = useParams();
  const navigate = useNavigate();
  const session = useRequiredSession();
  const isOperator = hasRole(session, OPERATOR_ROLES);
  const existing = useQuery((signal) => (id ? getMonitor(id, signal) : Promise.resolve(null)), [id]);
  const components = useQuery((signal) => (isOperator ? listComponents(signal).catch(() => []) : Promise.resolve([])), [isOperator]);
  const orgs = useQuery((signal) => (isOperator && !id ? listOrgs(signal).catch(() => ({ items: [], nextCursor: null })) : Promise.resolve({ items: [], nextCursor: null })), [isOperator, id]);
  const [form, setForm] = useState<Form>(EMPTY);
  const [tested, setTested] = useState<CheckResult | null>(null);
  useEffect(() => {
    if (existing.data) setForm(fromMonitor(existing.data));
  }, [existing.data]);
  const testText = useTestText();

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

  const definition = (): MonitorInput => {
    const body: MonitorInput = {
      name: form.name.trim(),
      kind: form.kind,
      target: form.target.trim(),
      expectedStatus: form.expectedStatus.trim() || '200-299',
      keyword: form.kind === 'http' && form.keyword.trim() ? form.keyword.trim() : null,
      intervalSeconds: num(form.intervalSeconds),
      timeoutMs: num(form.timeoutMs),
      failureThreshold: num(form.failureThreshold),
      recoveryThreshold: num(form.recoveryThreshold),
      degradedLatencyMs: num(form.degradedLatencyMs) ?? null,
      enabled: form.enabled,
    };
    if (form.kind === 'http') body.method = form.method;
    if (isOperator) {
      body.componentId = form.componentId || null;
      body.downState = form.downState;
    }
    return body;
  };

  const save = useAction(async () => {
    const body = definition();
    if (id) return updateMonitor(id, body);
    if (isOperator) body.orgId = form.orgId || null;
    return createMonitor(body);
  });
  const test = useAction(async () => {
    setTested(null);
    const d = definition();
    const r = await testDefinition({ kind: d.kind, target: d.target, method: d.method, expectedStatus: d.expectedStatus, keyword: d.keyword, timeoutMs: d.timeoutMs });
    setTested(r);
    return r;
  });

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const saved = await save.run();
    if (saved) navigate(`/monitors/${saved.id}`);
  }

  if (id && existing.data === undefined) return existing.error ? <ProblemAlert error={existing.error} /> : <Loading />;
  const err = (f: string) => save.error?.fieldError(f) ?? test.error?.fieldError(f);
  const componentOptions = [
    { value: '', label: t('form.noComponent') },
    ...(components.data ?? []).map((c) => ({ value: c.id, label: `${pick(c.name)} (${pick(c.className)})` })),
  ];

  return (
    <div className="stack stack--lg">
      <PageHeader title={id ? t('form.editTitle') : t('form.newTitle')} lead={t('form.lead')} />
      <Paragraph>
        <RouterLink to={id ? `/monitors/${id}` : '/monitors'}>{t('detail.back')}</RouterLink>
      </Paragraph>
      <form className="stack" onSubmit={onSubmit} data-testid="monitor-form" noValidate>
        <ProblemAlert error={save.error} fields={FIELDS} />
        <Textfield label={t('form.name')} required value={form.name} onChange={(e) => set('name', e.target.value)} error={err('name')} data-testid="monitor-name" />
        <div className="mon-form-grid">
          <SelectField
            label={t('form.kind')}
            value={form.kind}
            onChange={(e) => {
              const kind = e.target.value as Form['kind'];
              setForm((f) => ({ ...f, kind, target: kind === 'tcp' && f.target === 'https://' ? '' : kind === 'http' && f.target === '' ? 'https://' : f.target }));
            }}
            options={[
              { value: 'http', label: t('form.kind.http') },
              { value: 'tcp', label: t('form.kind.tcp') },
            ]}
            data-testid="monitor-kind"
          />
          {form.kind === 'http' && (
            <SelectField
              label={t('form.method')}
              value={form.method}
              onChange={(e) => set('method', e.target.value as Form['method'])}
              options={['GET', 'HEAD', 'POST'].map((m) => ({ value: m, label: m }))}
              error={err('method')}
              data-testid="monitor-method"
            />
          )}
        </div>
        <Textfield
          label={form.kind === 'http' ? t('form.targetHttp') : t('form.targetTcp')}
          description={form.kind === 'http' ? t('form.targetHttpHint') : t('form.targetTcpHint')}
          required
          value={form.target}
          onChange={(e) => set('target', e.target.value)}
          error={err('target')}
          className="mon-target"
          data-testid="monitor-target"
        />
        {form.kind === 'http' && (
          <div className="mon-form-grid">
            <Textfield
              label={t('form.expectedStatus')}
              description={t('form.expectedStatusHint')}
              value={form.expectedStatus}
              onChange={(e) => set('expectedStatus', e.target.value)}
              error={err('expectedStatus')}
              data-testid="monitor-expected"
            />
            <Textfield label={t('form.keyword')} value={form.keyword} onChange={(e) => set('keyword', e.target.value)} error={err('keyword')} data-testid="monitor-keyword" />
          </div>
        )}
        <div className="mon-form-grid">
          <Textfield label={t('form.interval')} type="number" min={1} value={form.intervalSeconds} onChange={(e) => set('intervalSeconds', e.target.value)} error={err('intervalSeconds')} data-testid="monitor-interval" />
          <Textfield label={t('form.timeout')} type="number" min={100} value={form.timeoutMs} onChange={(e) => set('timeoutMs', e.target.value)} error={err('timeoutMs')} data-testid="monitor-timeout" />
        </div>
        <Details>
          <Details.Summary>{t('form.advanced')}</Details.Summary>
          <Details.Content>
            <div className="mon-form-grid">
              <Textfield label={t('form.failureThreshold')} type="number" min={1} value={form.failureThreshold} onChange={(e) => set('failureThreshold', e.target.value)} error={err('failureThreshold')} />
              <Textfield label={t('form.recoveryThreshold')} type="number" min={1} value={form.recoveryThreshold} onChange={(e) => set('recoveryThreshold', e.target.value)} error={err('recoveryThreshold')} />
              <Textfield
                label={t('form.degraded')}
                description={t('form.degradedHint')}
                type="number"
                min={1}
                value={form.degradedLatencyMs}
                onChange={(e) => set('degradedLatencyMs', e.target.value)}
                error={err('degradedLatencyMs')}
              />
            </div>
          </Details.Content>
        </Details>
        {isOperator && (
          <div className="mon-form-grid">
            {!id && (
              <SelectField
                label={t('form.owner')}
                value={form.orgId}
                onChange={(e) => set('orgId', e.target.value)}
                options={[{ value: '', label: t('list.platform') }, ...(orgs.data?.items ?? []).filter((o) => o.kinds.includes('serviceOwner')).map((o) => ({ value: o.id, label: o.name }))]}
                error={err('orgId')}
                data-testid="monitor-owner"
              />
            )}
            <SelectField
              label={t('form.component')}
              description={t('form.componentHint')}
              value={form.componentId}
              onChange={(e) => set('componentId', e.target.value)}
              options={componentOptions}
              error={err('componentId')}
              data-testid="monitor-component"
            />
            {form.componentId && (
              <SelectField
                label={t('form.downState')}
                value={form.downState}
                onChange={(e) => set('downState', e.target.value as Form['downState'])}
                options={DOWN_STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))}
                data-testid="monitor-down-state"
              />
            )}
          </div>
        )}
        <Checkbox label={t('form.enabled')} checked={form.enabled} onChange={(e) => set('enabled', e.target.checked)} data-testid="monitor-enabled" />
        <div className="stack mon-test-result">
          <div className="button-row">
            <Button type="button" variant="secondary" onClick={() => void test.run()} loading={test.busy} data-testid="monitor-test">
              {t('action.test')}
            </Button>
          </div>
          <ProblemAlert error={test.error} data-testid="monitor-test-problem" />
          {tested && (
            <Alert data-color={tested.ok ? 'success' : 'danger'} role="status" data-testid="monitor-test-result" data-ok={tested.ok}>
              <Paragraph>{testText(tested)}</Paragraph>
              <Paragraph data-size="sm">{t('test.notStored')}</Paragraph>
            </Alert>
          )}
        </div>
        <div className="button-row">
          <Button type="submit" loading={save.busy} data-testid="monitor-submit">
            {id ? t('form.save') : t('form.create')}
          </Button>
          <Button type="button" variant="secondary" onClick={() => navigate(id ? `/monitors/${id}` : '/monitors')}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </div>
  );
}
