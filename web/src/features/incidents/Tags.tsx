import { Tag } from '@digdir/designsystemet-react';
import { useMessages } from '../../app/i18n.ts';
import type { Text } from '../../app/i18n.ts';
import type { ClockView, IncidentState, IncidentSummary, Visibility } from './api.ts';
import { incidentMessages } from './messages.ts';

/** Category colours: A red, B orange, C (and anything else) neutral. */
export const CATEGORY_COLOR: Record<string, 'danger' | 'warning' | 'neutral'> = { A: 'danger', B: 'warning', C: 'neutral' };

export function CategoryTag({ category, name, size = 'sm' }: { category: string; name?: Text; size?: 'sm' | 'md' }) {
  const { t, pick } = useMessages(incidentMessages);
  return (
    <Tag
      data-color={CATEGORY_COLOR[category] ?? 'neutral'}
      data-size={size}
      variant={category === 'C' ? 'outline' : undefined}
      className="inc-category"
      title={name ? pick(name) : t('category.label', { key: category })}
      data-testid="incident-category-tag"
      data-category={category}
    >
      {name ? `${category} · ${pick(name)}` : category}
    </Tag>
  );
}

const STATE_COLOR: Record<IncidentState, string> = {
  new: 'info',
  investigating: 'warning',
  identified: 'warning',
  monitoring: 'accent',
  resolved: 'success',
  closed: 'neutral',
};

export function StateTag({ state }: { state: IncidentState }) {
  const { t } = useMessages(incidentMessages);
  return (
    <Tag data-color={STATE_COLOR[state] ?? 'neutral'} data-size="sm" data-testid="incident-state-tag" data-state={state}>
      {t(`state.${state}`)}
    </Tag>
  );
}

const VIS_COLOR: Record<Visibility, string> = { internal: 'neutral', shared: 'info', public: 'success' };

export function VisibilityTag({ visibility }: { visibility: Visibility }) {
  const { t } = useMessages(incidentMessages);
  return (
    <Tag data-color={VIS_COLOR[visibility] ?? 'neutral'} data-size="sm" variant="outline" data-testid="visibility-tag" data-visibility={visibility}>
      {t(`visibility.${visibility}`)}
    </Tag>
  );
}

const CLOCK_COLOR: Record<ClockView['status'], string> = {
  running: 'info',
  paused: 'neutral',
  met: 'success',
  breached: 'danger',
  tracking: 'accent',
  tracked: 'neutral',
};

export function ClockStatusTag({ status }: { status: ClockView['status'] }) {
  const { t } = useMessages(incidentMessages);
  return (
    <Tag data-color={CLOCK_COLOR[status] ?? 'neutral'} data-size="sm" data-testid="clock-status" data-status={status}>
      {t(`clock.status.${status}`)}
    </Tag>
  );
}

/** "Responstid" / "Resolution" …: the policy's clock kinds, else the target id. */
export function useClockKind(): (clock: { kind: string; targetId?: string }) => string {
  const { t } = useMessages(incidentMessages);
  return (clock) => {
    const key = `clock.kind.${clock.kind}`;
    return key in incidentMessages ? t(key as 'clock.kind.response') : (clock.targetId ?? clock.kind);
  };
}

/** The assignee of an incident as one line: the user and/or the organisation. */
export function assigneeText(a: IncidentSummary['assignee'], none: string): string {
  const parts = [a.userName ?? a.email, a.orgName].filter(Boolean);
  return parts.length ? parts.join(' · ') : none;
}
