import { Tag } from '@digdir/designsystemet-react';
import { useMessages } from '../../app/i18n.ts';
import { obligationMessages } from './messages.ts';

export function ReviewStatusTag({ status }: { status: string }) {
  const { t } = useMessages(obligationMessages);
  const color = status === 'overdue' ? 'danger' : status === 'due' ? 'warning' : status === 'submitted' ? 'success' : 'info';
  return (
    <Tag data-color={color} data-size="sm" data-testid="review-status" data-status={status}>
      {t(`reviews.status.${status}` as 'reviews.status.open')}
    </Tag>
  );
}

export function RequestStatusTag({ status }: { status: string }) {
  const { t } = useMessages(obligationMessages);
  const color = status === 'approved' ? 'success' : status === 'refused' ? 'neutral' : 'warning';
  return (
    <Tag data-color={color} data-size="sm" data-testid="request-status" data-status={status}>
      {t(`requests.status.${status}` as 'requests.status.pending')}
    </Tag>
  );
}

/** A long id (UUID, instance reference) shortened to its start, the whole id on hover and for screen readers. */
export function ShortId({ id }: { id: string }) {
  const short = id.length > 14 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
  return (
    <span className="mono nowrap" title={id} aria-label={id}>
      {short}
    </span>
  );
}
