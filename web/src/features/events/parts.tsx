import { Alert, Dialog, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { CopyButton } from '../../app/components/CopyButton.tsx';
import { TitledDialog } from '../../app/components/TitledDialog.tsx';
import { formatDateTime } from '../../app/format.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership, hasRole, OPERATOR_ROLES } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import type { Delivery, DeliveryStatus, Secret, Subscription } from './api.ts';
import { eventMessages } from './messages.ts';
import './events.css';

/** What the active membership may do with a subscription: change it (owner or operator), see its secret (owner). */
export function useSubscriptionRights() {
  const session = useRequiredSession();
  const m = activeMembership(session);
  const isOperator = hasRole(session, OPERATOR_ROLES);
  const readOnly = m?.role === 'auditor';
  return {
    orgId: m?.orgId,
    readOnly,
    canCreate: !readOnly && Boolean(m),
    canManage: (s: Subscription) => !readOnly && (s.orgId === m?.orgId || isOperator),
    canSecret: (s: Subscription) => !readOnly && s.orgId === m?.orgId,
  };
}

const STATUS_COLOR: Record<DeliveryStatus, 'info' | 'success' | 'danger' | 'neutral'> = {
  pending: 'info',
  delivered: 'success',
  dead: 'danger',
  cancelled: 'neutral',
};

export function DeliveryStatusTag({ status }: { status: DeliveryStatus }) {
  const { t } = useMessages(eventMessages);
  return (
    <Tag data-color={STATUS_COLOR[status]} data-size="sm" data-status={status} data-testid="delivery-status">
      {t(`status.${status}`)}
    </Tag>
  );
}

/** Validated / awaiting validation, active / disabled, and failing since. */
export function SubscriptionState({ s }: { s: Subscription }) {
  const { t } = useMessages(eventMessages);
  return (
    <div className="ev-state" data-testid={`subscription-state-${s.id}`} data-status={s.status} data-validated={String(s.validated)}>
      <span className="tag-list">
        {s.status === 'disabled' ? (
          <Tag data-color="danger" data-size="sm">
            {t('state.disabled')}
          </Tag>
        ) : (
          <Tag data-color="success" data-size="sm">
            {t('state.active')}
          </Tag>
        )}
        {s.validated ? (
          <Tag data-color="info" data-size="sm" variant="outline">
            {t('state.validated')}
          </Tag>
        ) : (
          <Tag data-color="warning" data-size="sm">
            {t('state.notValidated')}
          </Tag>
        )}
      </span>
      {s.failingSince && s.status === 'active' && <div className="text-danger ev-small">{t('state.failing', { since: formatDateTime(s.failingSince) })}</div>}
      {!s.failingSince && s.lastSuccessAt && <div className="muted ev-small">{t('state.healthy', { at: formatDateTime(s.lastSuccessAt) })}</div>}
    </div>
  );
}

/** The filters of a subscription, one per line (or "all events"). */
export function FiltersCell({ s }: { s: Subscription }) {
  const { t } = useMessages(eventMessages);
  const rows: Array<[string, string | null]> = [
    [t('filter.type'), s.typeFilter],
    [t('filter.resource'), s.resourceFilter],
    [t('filter.subject'), s.subjectFilter],
    [t('filter.source'), s.sourceFilter],
  ];
  const set = rows.filter((r): r is [string, string] => Boolean(r[1]));
  if (set.length === 0) return <span className="muted">{t('filter.none')}</span>;
  return (
    <dl className="ev-filters">
      {set.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd className="ev-code">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The event a delivery carries: its type (or the validation handshake) and time. */
export function DeliveryEvent({ d }: { d: Delivery }) {
  const { t } = useMessages(eventMessages);
  return (
    <>
      <span className="ev-code">{d.eventSeq === null ? t('deliveries.validation') : d.eventType}</span>
      <div className="muted ev-small nowrap">
        {d.eventSeq !== null && <>#{d.eventSeq} · </>}
        {formatDateTime(d.createdAt)}
      </div>
    </>
  );
}

/** The last answer of a delivery: status code and/or error, and the next attempt while pending. */
export function LastAnswer({ d }: { d: Delivery }) {
  const { t } = useMessages(eventMessages);
  return (
    <>
      {d.lastStatus !== null && <span className={`ev-code ${d.lastStatus >= 200 && d.lastStatus < 300 ? '' : 'text-danger'}`}>{d.lastStatus}</span>}
      {d.lastError && d.lastError !== `HTTP ${d.lastStatus}` && (
        <div className="ev-small text-danger ev-clip" title={d.lastError}>
          {d.lastError}
        </div>
      )}
      {d.status === 'pending' && d.nextAttemptAt && d.attempts > 0 && <div className="ev-small muted nowrap">{t('deliveries.next', { at: formatDateTime(d.nextAttemptAt) })}</div>}
    </>
  );
}

/** The secret, shown once after create or rotate, or on reveal; with a copy button. */
export function SecretDialog({ secret, title, intro, onClose }: { secret: Secret | null; title: string; intro?: string; onClose: () => void }) {
  const { t } = useMessages(eventMessages);
  const previous = secret?.previous.find((p) => p.expiresAt && Date.parse(p.expiresAt) > Date.now());
  return (
    <TitledDialog open={secret !== null} onClose={onClose} title={title} data-testid="secret-dialog">
      <Dialog.Block>
        {secret && (
          <div className="stack">
            {intro && <Paragraph>{intro}</Paragraph>}
            <Alert data-color="warning">
              <Paragraph>{t('secret.showOnce')}</Paragraph>
            </Alert>
            <div className="secret-box">
              <Textfield
                label={t('secret.label')}
                readOnly
                value={secret.secret}
                className="secret-box__field ev-mono-input"
                data-copy-source={secret.secret}
                onFocus={(e) => e.currentTarget.select()}
                data-testid="secret-value"
              />
              <CopyButton value={secret.secret} data-testid="secret-copy" />
            </div>
            {previous?.expiresAt && <Paragraph data-size="sm">{t('secret.previous', { until: formatDateTime(previous.expiresAt) })}</Paragraph>}
            <Heading level={3} data-size="2xs">
              Standard Webhooks
            </Heading>
            <Paragraph data-size="sm" className="muted">
              {t('secret.verify')}
            </Paragraph>
          </div>
        )}
      </Dialog.Block>
    </TitledDialog>
  );
}
