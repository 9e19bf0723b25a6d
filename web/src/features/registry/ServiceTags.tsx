import { Tag } from '@digdir/designsystemet-react';
import { useMessages } from '../../app/i18n.ts';
import type { Service } from './api.ts';
import { registryMessages } from './messages.ts';

export function LifecycleTag({ lifecycle }: { lifecycle: string }) {
  const { t } = useMessages(registryMessages);
  const color = lifecycle === 'production' ? 'success' : lifecycle === 'notified' ? 'info' : lifecycle === 'planned' ? 'neutral' : 'warning';
  return (
    <Tag data-color={color} data-size="sm" data-testid="service-lifecycle">
      {t(`lifecycle.${lifecycle}` as 'lifecycle.planned')}
    </Tag>
  );
}

/** The service's flags: outdated app library (S-7.1.2), idle (S-7.3.1), "Om skjema" review due or overdue (S-7.3.2). */
export function ServiceFlags({ s }: { s: Service }) {
  const { t } = useMessages(registryMessages);
  const flags: Array<[string, string, 'danger' | 'warning']> = [];
  if (s.outdated) flags.push(['outdated', t('flag.outdated'), 'danger']);
  if (s.idle) flags.push(['idle', t('flag.idle'), 'warning']);
  if (s.reviewOverdue) flags.push(['reviewOverdue', t('flag.reviewOverdue'), 'danger']);
  else if (s.reviewDue) flags.push(['reviewDue', t('flag.reviewDue'), 'warning']);
  if (flags.length === 0) return null;
  return (
    <span className="tag-list">
      {flags.map(([k, label, color]) => (
        <Tag key={k} data-color={color} data-size="sm" data-testid={`service-flag-${k}`}>
          {label}
        </Tag>
      ))}
    </span>
  );
}
