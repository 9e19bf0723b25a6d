import { Paragraph } from '@digdir/designsystemet-react';
import type { ReactNode } from 'react';
import { formatDateTime, localiseInstants } from '../../app/format.ts';
import { useMessages } from '../../app/i18n.ts';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import type { IncidentDetail, IncidentEvent, IncidentState } from './api.ts';
import { incidentMessages } from './messages.ts';
import { useClockKind, VisibilityTag } from './Tags.tsx';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

type Props = {
  incident: IncidentDetail;
  /** Names of users and organisations known to the page (assignment options), by id. */
  names?: Map<string, string>;
};

/** The incident's history, newest last, each entry rendered by its type. */
export function EventTimeline({ incident, names }: Props) {
  const { t } = useMessages(incidentMessages);
  const kindOf = useClockKind();
  const nameOf = (id: unknown): string | undefined => {
    const key = str(id);
    if (!key) return undefined;
    if (key === incident.assignee.userId) return incident.assignee.userName ?? incident.assignee.email ?? undefined;
    if (key === incident.assignee.orgId) return incident.assignee.orgName ?? undefined;
    return names?.get(key);
  };
  const stateLabel = (s: unknown) => (str(s) ? t(`state.${s as IncidentState}`) : '');
  const targetKind = (targetId: unknown) => {
    const clock = incident.clocks.find((c) => c.targetId === targetId);
    return clock ? kindOf(clock) : (str(targetId) ?? '');
  };

  function render(e: IncidentEvent): { title: string; tone: string; extra?: ReactNode } {
    const d = e.data ?? {};
    switch (e.type) {
      case 'reported':
        return { title: t('event.reported', { category: str(d.category) ?? incident.category }), tone: 'reported' };
      case 'category':
        return { title: t('event.category', { from: str(d.from) ? `${d.from} ` : '', to: str(d.to) ?? str(d.category) ?? '' }), tone: 'state' };
      case 'state':
        return {
          title: d.reopen ? `${t('event.reopened')}: ${t('event.state', { from: `${stateLabel(d.from)} `, to: stateLabel(d.to) })}` : t('event.state', { from: str(d.from) ? `${stateLabel(d.from)} ` : '', to: stateLabel(d.to ?? d.state) }),
          tone: 'state',
        };
      case 'responded':
        return { title: t('event.responded'), tone: 'responded' };
      case 'workaround':
        return { title: d.on ? t('event.workaroundOn') : t('event.workaroundOff'), tone: 'workaround' };
      case 'hold':
        return { title: t('event.hold', { reason: t(`pause.${(str(d.reason) ?? 'awaitingReporter') as 'awaitingReporter'}`) }), tone: 'hold' };
      case 'release':
        return { title: t('event.release', { reason: t(`pause.${(str(d.reason) ?? 'awaitingReporter') as 'awaitingReporter'}`) }), tone: 'hold' };
      case 'assigned': {
        const who = [nameOf(d.userId), nameOf(d.orgId)].filter(Boolean).join(' · ');
        return { title: d.userId || d.orgId ? t('event.assigned', { who: who || '…' }) : t('event.unassigned'), tone: 'assigned' };
      }
      case 'note':
        return { title: t('event.note'), tone: 'note' };
      case 'update':
        return { title: t('event.update'), tone: 'update' };
      case 'edited':
        return { title: `${t('event.edited')}${strs(d.fields).length ? `: ${strs(d.fields).join(', ')}` : ''}`, tone: 'edited' };
      case 'link': {
        const kind = str(d.kind);
        return {
          title: t('event.link', { kind: kind ? t(`link.kind.${kind as 'related'}`) : '', ref: str(d.ref) ?? '' }),
          tone: 'link',
          extra: str(d.incidentId) ? <RouterLink to={`/incidents/${d.incidentId}`}>{str(d.ref) ?? str(d.incidentId)}</RouterLink> : undefined,
        };
      }
      case 'unlink': {
        const other = incident.links.find((l) => l.incidentId === d.incidentId);
        return { title: t('event.unlink', { ref: str(d.ref) ?? other?.ref ?? '' }), tone: 'link' };
      }
      case 'feedback': {
        const to = strs(d.to);
        return {
          title: t('event.feedback'),
          tone: 'feedback',
          extra: (
            <>
              {to.length > 0 && (
                <span className="timeline-item__meta" data-testid="event-feedback-to">
                  {t('event.feedbackTo', { to: to.join(', ') })}
                </span>
              )}
              <ClauseTags ids={strs(d.clauses)} />
            </>
          ),
        };
      }
      case 'alert': {
        const breach = Boolean(d.breach) || Number(d.percent) >= 100;
        const kind = targetKind(d.targetId);
        return {
          title: breach ? t('event.alertBreach', { kind }) : t('event.alertWarning', { kind, percent: Number(d.percent) || 0 }),
          tone: breach ? 'breach' : 'alert',
          extra: <ClauseTags ids={strs(d.clauses)} />,
        };
      }
      default:
        return { title: e.type, tone: 'other' };
    }
  }

  if (incident.events.length === 0) return <Paragraph className="muted">{t('events.none')}</Paragraph>;
  return (
    <ol className="timeline inc-timeline" data-testid="incident-events">
      {incident.events.map((e) => {
        const r = render(e);
        const who = e.actor ? [e.actor.name, e.actor.orgName].filter(Boolean).join(', ') : t('event.system');
        return (
          <li key={e.id} className={`timeline-item timeline-item--${r.tone}`} data-testid={`event-${e.type}`} data-event-type={e.type} data-visibility={e.visibility}>
            <span className="timeline-item__dot" aria-hidden="true" />
            <div>
              <div className="timeline-item__head">
                <span className="timeline-item__title">{r.title}</span>
                <VisibilityTag visibility={e.visibility} />
                <span className="timeline-item__meta">
                  {formatDateTime(e.at)} · {t('event.by', { who })}
                </span>
              </div>
              {r.extra && <div className="timeline-item__head">{r.extra}</div>}
              {e.reason && <div className="timeline-item__meta">{t('event.reason', { reason: e.reason })}</div>}
              {e.body && (
                <div
                  className={`timeline-item__body${e.visibility === 'public' ? ' timeline-item__body--public' : ''}${e.type === 'feedback' ? ' timeline-item__body--mail' : ''}`}
                  data-testid="event-body"
                >
                  {localiseInstants(e.body)}
                </div>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
