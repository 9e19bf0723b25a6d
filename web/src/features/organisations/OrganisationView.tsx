import { Tabs } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { canManageOrg, hasRole, OPERATOR_STAFF } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { ContactsPanel } from '../registry/ContactsPanel.tsx';
import { SystemsPanel } from '../registry/SystemsPanel.tsx';
import { VendorAccessPanel } from '../terms/VendorAccessPanel.tsx';
import { getOrganisation } from './api.ts';
import { InvitationsPanel } from './InvitationsPanel.tsx';
import { KindTags } from './KindsFieldset.tsx';
import { MembersTable } from './MembersTable.tsx';
import { orgMessages } from './messages.ts';
import { OrganisationForm } from './OrganisationForm.tsx';

/** One organisation: details, members and (for its administrators) invitations. */
export function OrganisationView({ orgId }: { orgId: string }) {
  const { t } = useMessages(orgMessages);
  const session = useRequiredSession();
  const org = useQuery((signal) => getOrganisation(orgId, signal), [orgId]);
  const [tab, setTab] = useState('members');
  const canManage = canManageOrg(session, orgId);
  const isOperatorAdmin = hasRole(session, ['operator-admin']);
  // Digdir's staff see a vendor's systems and production access here; the vendor has its own pages for them.
  const isStaff = hasRole(session, OPERATOR_STAFF);

  return (
    <QueryView query={org}>
      {(o) => (
        <div className="stack stack--lg" data-testid="org-detail">
          <PageHeader
            title={o.name}
            actions={isOperatorAdmin && <OrganisationForm org={o} onSaved={(saved) => org.setData(() => saved)} />}
          />
          <section className="panel" aria-label={t('org.details')}>
            <DefinitionList
              items={[
                { term: t('orgs.orgNumber'), value: <span data-testid="org-number">{o.orgNumber}</span> },
                { term: t('orgs.kinds'), value: <KindTags kinds={o.kinds} /> },
                { term: t('common.created'), value: formatDateTime(o.createdAt) },
              ]}
            />
          </section>
          <Tabs value={tab} onChange={setTab} data-testid="org-tabs">
            <Tabs.List>
              <Tabs.Tab value="members" data-testid="org-tab-members">
                {t('org.members')}
              </Tabs.Tab>
              {canManage && (
                <Tabs.Tab value="invitations" data-testid="org-tab-invitations">
                  {t('org.invitations')}
                </Tabs.Tab>
              )}
              <Tabs.Tab value="contacts" data-testid="org-tab-contacts">
                {t('org.contacts')}
              </Tabs.Tab>
              {isStaff && o.kinds.includes('vendor') && (
                <>
                  <Tabs.Tab value="systems" data-testid="org-tab-systems">
                    {t('org.systems')}
                  </Tabs.Tab>
                  <Tabs.Tab value="access" data-testid="org-tab-access">
                    {t('org.access')}
                  </Tabs.Tab>
                </>
              )}
            </Tabs.List>
            <Tabs.Panel value="members" className="tab-panel">
              {tab === 'members' && <MembersTable org={o} canManage={canManage} />}
            </Tabs.Panel>
            {canManage && (
              <Tabs.Panel value="invitations" className="tab-panel">
                {tab === 'invitations' && <InvitationsPanel org={o} />}
              </Tabs.Panel>
            )}
            <Tabs.Panel value="contacts" className="tab-panel">
              {tab === 'contacts' && <ContactsPanel orgId={o.id} orgName={o.name} signatoryHint={o.kinds.includes('vendor')} />}
            </Tabs.Panel>
            {isStaff && o.kinds.includes('vendor') && (
              <>
                <Tabs.Panel value="systems" className="tab-panel">
                  {tab === 'systems' && <SystemsPanel orgId={o.id} orgNumber={o.orgNumber} />}
                </Tabs.Panel>
                <Tabs.Panel value="access" className="tab-panel">
                  {tab === 'access' && <VendorAccessPanel orgId={o.id} orgName={o.name} />}
                </Tabs.Panel>
              </>
            )}
          </Tabs>
        </div>
      )}
    </QueryView>
  );
}
