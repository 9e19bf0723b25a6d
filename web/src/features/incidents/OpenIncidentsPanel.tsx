import { Heading, Paragraph } from '@digdir/designsystemet-react';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { listIncidents } from './api.ts';
import { Countdown } from './Countdown.tsx';
import { incidentMessages } from './messages.ts';
import { CategoryTag } from './Tags.tsx';
import { primaryClock } from './time.ts';
import './incidents.css';

const SHOWN = 6;

/** Operators' home panel: open incidents, the nearest due clock first, with live countdowns. */
export default function OpenIncidentsPanel() {
  const { t } = useMessages(incidentMessages);
  const open = useQuery(async (signal) => {
    const page = await listIncidents({ state: 'open' }, undefined, signal, 200);
    const due = (i: (typeof page.items)[number]) => {
      const c = primaryClock(i.clocks);
      return c?.dueAt ? Date.parse(c.dueAt) : i.nextDueAt ? Date.parse(i.nextDueAt) : Number.POSITIVE_INFINITY;
    };
    const items = [...page.items].sort((a, b) => Number(b.breached) - Number(a.breached) || due(a) - due(b));
    return { items, fetchedAt: Date.now(), more: !!page.nextCursor };
  }, []);
  return (
    <section className="panel stack" aria-labelledby="open-incidents-heading" data-testid="open-incidents">
      <Heading level={2} data-size="sm" id="open-incidents-heading">
        {t('panel.title')}
      </Heading>
      <QueryView query={open}>
        {({ items, fetchedAt, more }) =>
          items.length === 0 ? (
            <Paragraph>{t('panel.none')}</Paragraph>
          ) : (
            <>
              <Paragraph data-size="sm" className="muted">
                {t('panel.lead')} {items.some((i) => i.breached) && <strong className="text-danger">{t('panel.breached', { count: items.filter((i) => i.breached).length })}</strong>}
              </Paragraph>
              <ul className="inc-panel-list">
                {items.slice(0, SHOWN).map((i) => (
                  <li key={i.id} className="inc-panel-item" data-breached={i.breached} data-testid={`open-incident-${i.ref}`}>
                    <CategoryTag category={i.category} />
                    <span>
                      <RouterLink to={`/incidents/${i.id}`}>{i.ref}</RouterLink> {i.title}
                    </span>
                    <Countdown clock={primaryClock(i.clocks)} fetchedAt={fetchedAt} showKind />
                  </li>
                ))}
              </ul>
              <RouterLink to="/incidents?state=open" data-testid="open-incidents-all">
                {`${t('panel.all')} (${items.length}${more ? '+' : ''})`}
              </RouterLink>
            </>
          )
        }
      </QueryView>
    </section>
  );
}
