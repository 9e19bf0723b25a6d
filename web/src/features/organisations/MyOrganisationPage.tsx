import { Alert } from '@digdir/designsystemet-react';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { orgMessages } from './messages.ts';
import { OrganisationView } from './OrganisationView.tsx';

/** `/organisation`: the active organisation of a service owner or vendor. */
export default function MyOrganisationPage() {
  const { t } = useMessages(orgMessages);
  const m = activeMembership(useRequiredSession());
  if (!m) return <Alert data-color="info">{t('org.noActive')}</Alert>;
  return <OrganisationView key={m.orgId} orgId={m.orgId} />;
}
