import { Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { formatDate } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { listContacts, listServices } from '../registry/api.ts';
import { currentReview, listDataElements, listDeletionRequests } from './api.ts';
import { obligationMessages } from './messages.ts';

type Counted = 'due.elementsOverdue' | 'due.elementsWaiting' | 'due.outdated' | 'due.idle' | 'due.reviewInfo' | 'due.contactsStale' | 'due.requestsPending';

type Item = { key: string; level: 'danger' | 'warning' | 'info'; text: string; to: string };

/** The service owner's home panel: what is due and overdue under the service agreement, each with a link. */
export default function DueSummaryPanel() {
  const { t } = useMessages(obligationMessages);
  const m = activeMembership(useRequiredSession())!;
  const n = (key: Counted, count: number) => (count === 1 ? t(`${key}.one`) : t(key, { count }));
  const due = useQuery(
    async (signal) => {
      const [review, elements, services, contacts, requests] = await Promise.all([
        currentReview(m.orgId, signal),
        listDataElements(m.orgId, { status: 'available', limit: 500 }, signal),
        listServices({ orgId: m.orgId }, signal),
        listContacts(m.orgId, signal),
        listDeletionRequests({ orgId: m.orgId, status: 'pending' }, signal),
      ]);
      const items: Item[] = [];
      const d = formatDate(review.dueAt);
      if (review.status === 'overdue') items.push({ key: 'review', level: 'danger', text: t('due.reviewOverdue', { due: d }), to: '/access-reviews' });
      else if (review.status === 'due') items.push({ key: 'review', level: 'warning', text: t('due.reviewDue', { due: d }), to: '/access-reviews' });
      else items.push({ key: 'review', level: 'info', text: t('due.reviewOpen', { due: d }), to: '/access-reviews' });
      const overdue = elements.items.filter((e) => e.overdue).length;
      if (overdue) items.push({ key: 'elementsOverdue', level: 'danger', text: n('due.elementsOverdue', overdue), to: '/data-elements' });
      const waiting = elements.items.length - overdue;
      if (waiting) items.push({ key: 'elementsWaiting', level: 'info', text: n('due.elementsWaiting', waiting), to: '/data-elements' });
      const outdated = services.items.filter((s) => s.outdated).length;
      if (outdated) items.push({ key: 'outdated', level: 'danger', text: n('due.outdated', outdated), to: '/services' });
      const idle = services.items.filter((s) => s.idle).length;
      if (idle) items.push({ key: 'idle', level: 'warning', text: n('due.idle', idle), to: '/services' });
      const reviewInfo = services.items.filter((s) => s.reviewDue || s.reviewOverdue).length;
      if (reviewInfo)
        items.push({
          key: 'reviewInfo',
          level: services.items.some((s) => s.reviewOverdue) ? 'danger' : 'warning',
          text: n('due.reviewInfo', reviewInfo),
          to: '/services',
        });
      const stale = contacts.items.filter((c) => c.stale || c.soonStale).length;
      if (stale)
        items.push({ key: 'contacts', level: contacts.items.some((c) => c.stale) ? 'danger' : 'warning', text: n('due.contactsStale', stale), to: '/contacts' });
      if (requests.items.length) items.push({ key: 'requests', level: 'info', text: n('due.requestsPending', requests.items.length), to: '/data-elements' });
      const order = { danger: 0, warning: 1, info: 2 };
      return items.sort((a, b) => order[a.level] - order[b.level]);
    },
    [m.orgId],
  );
  const label = { danger: t('due.level.danger'), warning: t('due.level.warning'), info: t('due.level.info') };

  return (
    <section className="panel stack" aria-labelledby="due-heading" data-testid="due-summary">
      <Heading level={2} data-size="sm" id="due-heading">
        {t('due.title')}
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {t('due.lead')}
      </Paragraph>
      <QueryView query={due}>
        {(items) =>
          items.length === 0 ? (
            <Paragraph>{t('due.nothing')}</Paragraph>
          ) : (
            <ul className="due-list">
              {items.map((i) => (
                <li key={i.key} className={`due-list__item due-list__item--${i.level}`} data-testid={`due-${i.key}`} data-level={i.level}>
                  <Tag data-color={i.level} data-size="sm">
                    {label[i.level]}
                  </Tag>
                  <span>{i.text}</span>
                  <RouterLink to={i.to}>{t('due.open')}</RouterLink>
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
    </section>
  );
}
