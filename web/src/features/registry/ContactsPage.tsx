import { Alert } from '@digdir/designsystemet-react';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ContactsPanel } from './ContactsPanel.tsx';
import { registryMessages } from './messages.ts';

/** `/contacts`: the active organisation's contacts (service owners and vendors). */
export default function ContactsPage() {
  const { t } = useMessages(registryMessages);
  const m = activeMembership(useRequiredSession());
  if (!m) return <Alert data-color="info">{t('common.none')}</Alert>;
  const vendor = m.kinds.includes('vendor');
  return (
    <div className="stack stack--lg">
      <PageHeader title={t('contacts.title')} lead={t('contacts.lead')} />
      <ClauseTags ids={vendor ? ['T-1.2.7'] : ['S-3.2', 'S-7.2.2']} />
      <ContactsPanel key={m.orgId} orgId={m.orgId} orgName={m.orgName} signatoryHint={vendor} />
    </div>
  );
}
