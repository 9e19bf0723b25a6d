import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { registryMessages } from './messages.ts';
import { SystemsPanel } from './SystemsPanel.tsx';

/** `/systems` (vendors): the organisation's systems with their products and purposes. */
export default function SystemsPage() {
  const { t } = useMessages(registryMessages);
  const m = activeMembership(useRequiredSession())!;
  return (
    <div className="stack stack--lg">
      <PageHeader title={t('systems.title')} lead={t('systems.lead')} />
      <ClauseTags ids={['T-2.4', 'T-1.2.1']} />
      <SystemsPanel key={m.orgId} orgId={m.orgId} orgNumber={m.orgNumber} />
    </div>
  );
}
