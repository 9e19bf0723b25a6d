import { Button, Dialog, Textfield } from '@digdir/designsystemet-react';
import { useMemo, useState } from 'react';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { osloLocalToIso } from '../incidents/time.ts';
import { applyMeasure, measureOptions, type ApplyBody, type Measure } from './api.ts';
import { measureMessages } from './messages.ts';

const KINDS = ['throttle', 'suspend', 'disconnect', 'block-route', 'stop-app'] as const;

/** The operators' form for a new measure: what it concerns depends on its kind. */
export function ApplyDialog({ open, onClose, onApplied }: { open: boolean; onClose: () => void; onApplied: (m: Measure) => void }) {
  const { t, pick } = useMessages(measureMessages);
  const options = useQuery((signal) => (open ? measureOptions(signal) : Promise.resolve(undefined)), [open]);
  const [kind, setKind] = useState<(typeof KINDS)[number]>('throttle');
  const [vendor, setVendor] = useState('');
  const [product, setProduct] = useState('');
  const [route, setRoute] = useState('');
  const [app, setApp] = useState('');
  const [requests, setRequests] = useState('60');
  const [perSeconds, setPerSeconds] = useState('60');
  const [environment, setEnvironment] = useState<'both' | 'test' | 'production'>('both');
  const [endsAt, setEndsAt] = useState('');
  const [incident, setIncident] = useState('');
  const [deviationCase, setDeviationCase] = useState('');
  const [reason, setReason] = useState('');
  const routes = useMemo(() => options.data?.products.find((p) => p.key === product)?.routes ?? [], [options.data, product]);

  const submit = useAction(async () => {
    const body: ApplyBody = { kind, reason: reason.trim(), environment };
    if (vendor && kind !== 'stop-app') body.vendor = vendor;
    if (product && (kind === 'throttle' || kind === 'block-route')) body.product = product;
    if ((kind === 'block-route' || (kind === 'throttle' && product)) && route) body.route = route;
    if (kind === 'stop-app' && app) {
      const [org, name] = app.split('/');
      body.app = { org: org!, app: name! };
    }
    if (kind === 'throttle') body.rate = { requests: Number(requests), perSeconds: Number(perSeconds) };
    if (endsAt && kind !== 'disconnect') body.endsAt = osloLocalToIso(endsAt) ?? endsAt;
    if (incident.trim()) body.incident = incident.trim();
    if (deviationCase.trim()) body.deviationCase = deviationCase.trim();
    const m = await applyMeasure(body);
    setReason('');
    onApplied(m);
    return m;
  });

  const choose = { value: '', label: t('apply.choose') };
  return (
    <TitledDialog open={open} onClose={onClose} title={t('apply.title')} data-testid="measure-apply-dialog">
      <Dialog.Block className="stack">
        <SelectField label={t('apply.kind')} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} data-testid="apply-kind" />
        {kind !== 'stop-app' && (
          <SelectField
            label={kind === 'block-route' ? t('apply.vendorOptional') : t('apply.vendor')}
            value={vendor}
            onChange={(e) => setVendor(e.target.value)}
            options={[choose, ...(options.data?.vendors ?? []).map((v) => ({ value: v.orgNumber, label: `${v.name} (${v.orgNumber})` }))]}
            data-testid="apply-vendor"
          />
        )}
        {(kind === 'throttle' || kind === 'block-route') && (
          <SelectField
            label={t('apply.product')}
            value={product}
            onChange={(e) => {
              setProduct(e.target.value);
              setRoute('');
            }}
            options={[kind === 'throttle' ? { value: '', label: t('apply.productAll') } : choose, ...(options.data?.products ?? []).map((p) => ({ value: p.key, label: pick(p.name) }))]}
            data-testid="apply-product"
          />
        )}
        {(kind === 'block-route' || (kind === 'throttle' && product)) && (
          <SelectField
            label={kind === 'throttle' ? t('apply.routeOptional') : t('apply.route')}
            value={route}
            onChange={(e) => setRoute(e.target.value)}
            options={[kind === 'throttle' ? { value: '', label: t('apply.routeAll') } : choose, ...routes.map((r) => ({ value: r, label: r }))]}
            data-testid="apply-route"
          />
        )}
        {kind === 'stop-app' && (
          <SelectField
            label={t('apply.app')}
            value={app}
            onChange={(e) => setApp(e.target.value)}
            options={[choose, ...(options.data?.apps ?? []).map((a) => ({ value: `${a.org}/${a.app}`, label: `${a.org}/${a.app} – ${a.name} (${a.owner})` }))]}
            data-testid="apply-app"
          />
        )}
        {kind === 'throttle' && (
          <div className="button-row">
            <Textfield label={t('apply.requests')} type="number" min={1} value={requests} onChange={(e) => setRequests(e.target.value)} data-testid="apply-requests" />
            <Textfield label={t('apply.perSeconds')} type="number" min={1} value={perSeconds} onChange={(e) => setPerSeconds(e.target.value)} data-testid="apply-per-seconds" />
          </div>
        )}
        <SelectField
          label={t('measures.environment')}
          value={environment}
          onChange={(e) => setEnvironment(e.target.value as typeof environment)}
          options={(['both', 'test', 'production'] as const).map((v) => ({ value: v, label: t(`env.${v}`) }))}
          data-testid="apply-environment"
        />
        {kind !== 'disconnect' && <Textfield label={t('apply.endsAt')} type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} data-testid="apply-ends-at" />}
        <Textfield label={t('apply.incident')} value={incident} onChange={(e) => setIncident(e.target.value)} data-testid="apply-incident" />
        <Textfield label={t('apply.case')} value={deviationCase} onChange={(e) => setDeviationCase(e.target.value)} data-testid="apply-case" />
        <Textfield label={t('apply.reason')} multiline rows={3} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="apply-reason" />
        <ProblemAlert error={submit.error} fields={[]} />
      </Dialog.Block>
      <Dialog.Block className="button-row">
        <Button onClick={() => void submit.run()} loading={submit.busy} disabled={reason.trim().length < 3} data-testid="apply-submit">
          {t('apply.submit')}
        </Button>
        <Button variant="secondary" onClick={onClose}>
          {t('common.cancel')}
        </Button>
      </Dialog.Block>
    </TitledDialog>
  );
}
