import { Tag } from '@digdir/designsystemet-react';
import { useMessages } from '../../app/i18n.ts';
import type { LadderLevel } from './api.ts';
import { deviationMessages } from './messages.ts';
import './deviations.css';

/** The name of a ladder level in the reader's language (the id when the policy no longer has it). */
export function useLevelName(ladder: readonly LadderLevel[]): (id: string | null | undefined) => string {
  const { pick } = useMessages(deviationMessages);
  return (id) => {
    if (!id) return '';
    const l = ladder.find((x) => x.id === id);
    return l ? pick(l.name) : id;
  };
}

export function StatusTag({ status }: { status: string }) {
  const { t } = useMessages(deviationMessages);
  return (
    <Tag data-size="sm" data-color={status === 'open' ? 'warning' : 'success'} data-testid="deviation-status">
      {status === 'open' || status === 'resolved' ? t(`dev.status.${status}`) : status}
    </Tag>
  );
}

export function PartyLabel({ party, orgName }: { party: string; orgName?: string | null }) {
  const { t } = useMessages(deviationMessages);
  if (party === 'operator') return <>{t('dev.party.operator')}</>;
  return <>{orgName ? `${t('dev.party.serviceOwner')}: ${orgName}` : t('dev.party.serviceOwner')}</>;
}

/** The escalation ladder as steps, lowest first: passed levels ticked, the current one highlighted. */
export function LadderSteps({ ladder, current }: { ladder: readonly LadderLevel[]; current: string }) {
  const { t, pick } = useMessages(deviationMessages);
  const at = ladder.findIndex((l) => l.id === current);
  return (
    <ol className="dev-ladder" aria-label={t('detail.ladder')} data-testid="deviation-ladder">
      {ladder.map((l, i) => {
        const state = i < at ? 'passed' : i === at ? 'current' : 'ahead';
        return (
          <li
            key={l.id}
            className={`dev-ladder__step dev-ladder__step--${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
            data-testid={`ladder-step-${l.id}`}
            data-state={state}
          >
            <span className="dev-ladder__marker" aria-hidden="true">
              {state === 'passed' ? '✓' : l.level}
            </span>
            <span className="dev-ladder__text">
              <span className="dev-ladder__name">{pick(l.name).replace(/\//g, '/\u200b')}</span>
              <span className="dev-ladder__state">{state === 'current' ? t('detail.current') : state === 'passed' ? t('detail.passed') : t('detail.ahead')}</span>
              {l.description && <span className="dev-ladder__state">{pick(l.description)}</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** The level reached as one step of the ladder, for a table cell. */
export function MiniLadder({ ladder, level, levelNumber }: { ladder: readonly LadderLevel[]; level: string; levelNumber: number }) {
  const { t } = useMessages(deviationMessages);
  const name = useLevelName(ladder)(level);
  const label = `${t('dev.levelStep', { n: levelNumber, of: ladder.length })} · ${name}`;
  return (
    <span className="dev-mini" data-testid="deviation-level" data-level={level}>
      <span className="dev-mini__bar" role="img" aria-label={label}>
        {ladder.map((l, i) => (
          <span key={l.id} className={`dev-mini__seg${i < levelNumber ? ' dev-mini__seg--on' : ''}`} />
        ))}
      </span>
      <span className="dev-mini__label">{name}</span>
      <span className="dev-mini__label muted">{t('dev.levelStep', { n: levelNumber, of: ladder.length })}</span>
    </span>
  );
}
