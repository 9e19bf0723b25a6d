import { Button, Dialog, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { liftMeasure, type Measure } from './api.ts';
import { measureMessages } from './messages.ts';

const STATE_COLOR = { active: 'danger', scheduled: 'warning', ended: 'neutral', lifted: 'success' } as const;

export function StateTag({ m }: { m: Measure }) {
  const { t } = useMessages(measureMessages);
  return (
    <Tag data-color={STATE_COLOR[m.state]} data-testid="measure-state">
      {t(`state.${m.state}`)}
    </Tag>
  );
}

/** What the measure concerns, in words: the vendor, product, route or app, and the rate of a throttle. */
export function Concerns({ m }: { m: Measure }) {
  const { t } = useMessages(measureMessages);
  const parts: string[] = [];
  if (m.kind === 'stop-app' && m.app) parts.push(`${m.app.org}/${m.app.app}${m.org ? ` (${m.org.name})` : ''}`);
  else if (m.vendor) parts.push(`${m.vendor.name} (${m.vendor.orgNumber})`);
  else if (m.kind === 'block-route') parts.push(t('measures.allVendors'));
  if (m.kind === 'throttle') parts.push(m.product ?? t('measures.allProducts'));
  if (m.route) parts.push(m.route);
  return (
    <>
      {parts.map((p, i) => (
        <div key={i}>{i === 0 ? p : <code>{p}</code>}</div>
      ))}
      {m.rate && <div className="muted">{t('measures.rate', { n: m.rate.requests, s: m.rate.perSeconds })}</div>}
    </>
  );
}

export function Period({ m }: { m: Measure }) {
  const { t } = useMessages(measureMessages);
  const end = m.liftedAt ?? m.endsAt;
  return (
    <>
      {formatDateTime(m.startsAt)} {end ? t('measures.until', { t: formatDateTime(end) }) : t('measures.untilLifted')}
    </>
  );
}

/** The lift button and its dialog (operators). */
export function LiftButton({ m, onLifted }: { m: Measure; onLifted: (m: Measure) => void }) {
  const { t } = useMessages(measureMessages);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const lift = useAction(async () => {
    const updated = await liftMeasure(m.id, reason.trim());
    setOpen(false);
    setReason('');
    onLifted(updated);
    return updated;
  });
  if (m.state !== 'active' && m.state !== 'scheduled') return null;
  return (
    <>
      <Button variant="secondary" data-size="sm" onClick={() => setOpen(true)} data-testid="measure-lift">
        {t('lift.button')}
      </Button>
      <TitledDialog open={open} onClose={() => setOpen(false)} title={t('lift.title')} data-testid="measure-lift-dialog">
        <Dialog.Block className="stack">
          <Paragraph>{t(`kind.${m.kind}`)}: {m.reason}</Paragraph>
          <Textfield label={t('lift.reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="measure-lift-reason" />
          <ProblemAlert error={lift.error} />
        </Dialog.Block>
        <Dialog.Block className="button-row">
          <Button onClick={() => void lift.run()} loading={lift.busy} disabled={reason.trim().length < 3} data-testid="measure-lift-ok">
            {t('lift.button')}
          </Button>
          <Button variant="secondary" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>
        </Dialog.Block>
      </TitledDialog>
    </>
  );
}
