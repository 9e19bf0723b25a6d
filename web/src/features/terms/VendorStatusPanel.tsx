import { Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ProgressBar } from '../../app/components/ProgressBar.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { termsMessages } from './messages.ts';
import { STEPS, loadVendorStatus, registeredProducts, stepDone } from './OnboardingPage.tsx';

/** The vendor's home panel: onboarding progress, the terms and production access per registered product. */
export default function VendorStatusPanel() {
  const { t, pick } = useMessages(termsMessages);
  const m = activeMembership(useRequiredSession())!;
  const status = useQuery((signal) => loadVendorStatus(m.orgId, signal), [m.orgId]);
  return (
    <section className="panel stack" aria-labelledby="vendor-status-heading" data-testid="vendor-status">
      <Heading level={2} data-size="sm" id="vendor-status-heading">
        {t('home.vendorTitle')}
      </Heading>
      <QueryView query={status}>
        {(s) => {
          const done = STEPS.filter((x) => stepDone(x, s)).length;
          const reg = registeredProducts(s.systems);
          const accepted = s.version && s.acceptances.some((a) => a.versionId === s.version!.id);
          return (
            <div className="stack">
              <Paragraph data-size="sm">{t('onboarding.progress', { done, total: STEPS.length })}</Paragraph>
              <ProgressBar value={done} max={STEPS.length} label={t('onboarding.progress', { done, total: STEPS.length })} />
              {s.version && (
                <Paragraph data-size="sm">
                  {accepted ? t('home.termsAccepted', { version: s.version.version }) : t('home.termsToAccept', { version: s.version.version })}
                </Paragraph>
              )}
              {reg.size > 0 && (
                <ul className="tag-list" aria-label={t('access.title')}>
                  {s.access.products
                    .filter((p) => reg.has(p.product))
                    .map((p) => (
                      <li key={p.product}>
                        <Tag data-color={p.allowed ? 'success' : 'danger'} data-size="sm">
                          {pick(p.name)}: {p.allowed ? t('access.allowed') : t('access.refused')}
                        </Tag>
                      </li>
                    ))}
                </ul>
              )}
              <Paragraph data-size="sm">
                <RouterLink to="/onboarding">{t('home.vendorOnboarding')}</RouterLink>
              </Paragraph>
            </div>
          );
        }}
      </QueryView>
    </section>
  );
}
