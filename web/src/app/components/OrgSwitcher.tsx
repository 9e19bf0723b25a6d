import { useAction } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { useRequiredSession, useSession } from '../session.tsx';
import { ProblemAlert } from './ProblemAlert.tsx';
import { SelectField } from './SelectField.tsx';

/** Choose the active organisation (only shown when the user has several memberships). */
export function OrgSwitcher() {
  const session = useRequiredSession();
  const { switchOrg } = useSession();
  const { t } = useI18n();
  const change = useAction((orgId: string) => switchOrg(orgId).then(() => true));
  if (session.memberships.length < 2) return null;
  return (
    <div className="stack">
      <SelectField
        label={t('app.activeOrg')}
        value={session.activeOrgId ?? ''}
        disabled={change.busy}
        onChange={(e) => void change.run(e.target.value)}
        options={session.memberships.map((m) => ({
          value: m.orgId,
          label: `${m.orgName} (${t(`role.${m.role}`)})`,
        }))}
        data-testid="org-switcher"
        width="auto"
      />
      <ProblemAlert error={change.error} />
    </div>
  );
}
