import { Alert, Button, Details, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { ProblemError } from '../../app/api.ts';
import { useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { ProgressBar } from '../../app/components/ProgressBar.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { Loading } from '../../app/components/Loading.tsx';
import { listContacts, listSystems } from '../registry/api.ts';
import type { Contact, VendorSystem } from '../registry/api.ts';
import { ContactsPanel } from '../registry/ContactsPanel.tsx';
import { SystemsPanel } from '../registry/SystemsPanel.tsx';
import { AcceptedNotice, AcceptTermsForm } from './AcceptTermsForm.tsx';
import { AccessSummaryView } from './AccessSummaryView.tsx';
import { accessSummary, currentVersion, listAcceptances } from './api.ts';
import type { Acceptance, AccessSummary, TermsVersionWithText } from './api.ts';
import { termsMessages } from './messages.ts';
import { TermsText, useTextHash } from './TermsText.tsx';

export const STEPS = ['organisation', 'systems', 'terms', 'access'] as const;
type Step = (typeof STEPS)[number];
const STEP_CLAUSES: Record<Step, string[]> = {
  organisation: ['T-1.2.7'],
  systems: ['T-2.4', 'T-1.2.1'],
  terms: ['T-1.1', 'T-1.2', 'T-1.2.2', 'T-8'],
  access: ['T-1.1', 'T-1.2.1', 'T-1.2.3', 'T-1.2.5'],
};

export type VendorStatus = {
  contacts: Contact[];
  systems: VendorSystem[];
  version: TermsVersionWithText | null;
  acceptances: Acceptance[];
  access: AccessSummary;
};

/** Everything the onboarding flow and the vendor's home panel judge progress by. */
export async function loadVendorStatus(orgId: string, signal?: AbortSignal): Promise<VendorStatus> {
  const [contacts, systems, version, acceptances, access] = await Promise.all([
    listContacts(orgId, signal),
    listSystems(orgId, signal),
    currentVersion(signal).catch((e: unknown) => {
      if (e instanceof ProblemError && e.status === 404) return null;
      throw e;
    }),
    listAcceptances(orgId, signal),
    accessSummary(orgId, signal),
  ]);
  return { contacts: contacts.items, systems: systems.items, version, acceptances: acceptances.items, access };
}

export function registeredProducts(systems: VendorSystem[]): Set<string> {
  return new Set(systems.flatMap((s) => s.products.map((p) => p.product)));
}

export function stepDone(step: Step, s: VendorStatus): boolean {
  switch (step) {
    case 'organisation':
      return s.contacts.length > 0 && !s.contacts.some((c) => c.stale);
    case 'systems':
      return s.systems.some((x) => x.products.length > 0);
    case 'terms':
      return s.version !== null && s.acceptances.some((a) => a.versionId === s.version!.id);
    case 'access': {
      const reg = registeredProducts(s.systems);
      return s.access.products.some((p) => p.allowed && reg.has(p.product));
    }
  }
}

function TermsStep({ status, onAccepted }: { status: VendorStatus; onAccepted: () => void }) {
  const { t } = useMessages(termsMessages);
  const version = status.version;
  const hash = useTextHash(version?.text ?? '');
  if (!version) return <Alert data-color="info">{t('version.none')}</Alert>;
  const accepted = status.acceptances.find((a) => a.versionId === version.id);
  return (
    <div className="stack">
      {accepted ? (
        <>
          <AcceptedNotice acceptance={accepted} />
          <Details data-testid="terms-text-details">
            <Details.Summary>{t('version.text')}</Details.Summary>
            <Details.Content>
              <TermsText version={version} shownHash={hash} />
            </Details.Content>
          </Details>
        </>
      ) : (
        <>
          <TermsText version={version} shownHash={hash} />
          <AcceptTermsForm version={version} shownHash={hash} onAccepted={onAccepted} />
        </>
      )}
    </div>
  );
}

function AccessStep({ status }: { status: VendorStatus }) {
  const { t } = useMessages(termsMessages);
  const reg = registeredProducts(status.systems);
  const others = new Set(status.access.products.map((p) => p.product).filter((p) => !reg.has(p)));
  return (
    <div className="stack">
      {stepDone('access', status) && (
        <Alert data-color="success" data-testid="onboarding-finished">
          {t('onboarding.finished')}
        </Alert>
      )}
      <AccessSummaryView summary={status.access} only={reg.size > 0 ? reg : undefined} />
      {reg.size > 0 && others.size > 0 && (
        <Details>
          <Details.Summary>{t('access.otherProducts', { count: others.size })}</Details.Summary>
          <Details.Content>
            <AccessSummaryView summary={{ ...status.access, conditionsToAccept: [] }} only={others} />
          </Details.Content>
        </Details>
      )}
    </div>
  );
}

/** `/onboarding`: the vendor's guided flow — organisation and contacts → systems and products → the terms → access. */
export default function OnboardingPage() {
  const { t } = useMessages(termsMessages);
  const session = useRequiredSession();
  const m = activeMembership(session)!;
  const [params, setParams] = useSearchParams();
  const status = useQuery((signal) => loadVendorStatus(m.orgId, signal), [m.orgId]);
  const { setData, reload } = status;

  const done = useMemo(() => (status.data ? STEPS.filter((s) => stepDone(s, status.data!)) : []), [status.data]);
  const requested = params.get('step') as Step | null;
  const firstOpen = status.data ? (STEPS.find((s) => !done.includes(s)) ?? 'access') : 'organisation';
  const step: Step = requested && STEPS.includes(requested) ? requested : firstOpen;
  const index = STEPS.indexOf(step);
  const go = useCallback(
    (s: Step) => {
      setParams({ step: s });
      if (s === 'access' || s === 'terms') reload();
    },
    [setParams, reload],
  );

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('onboarding.title')} lead={t('onboarding.lead')} />
      {status.error && <ProblemAlert error={status.error} />}
      {!status.data && !status.error && <Loading />}
      {status.data && (
        <>
          <nav className="panel stack" aria-labelledby="steps-heading" data-testid="onboarding-steps">
            <Heading level={2} data-size="xs" id="steps-heading">
              {t('onboarding.progress', { done: done.length, total: STEPS.length })}
            </Heading>
            <ProgressBar value={done.length} max={STEPS.length} label={t('onboarding.progress', { done: done.length, total: STEPS.length })} data-testid="onboarding-progress" />
            <ol className="steps">
              {STEPS.map((s, i) => {
                const isDone = done.includes(s);
                const current = s === step;
                return (
                  <li key={s} className={`steps__item${isDone ? ' steps__item--done' : ''}${current ? ' steps__item--current' : ''}`}>
                    <button
                      type="button"
                      className="steps__link"
                      onClick={() => go(s)}
                      aria-current={current ? 'step' : undefined}
                      data-testid={`onboarding-step-${s}`}
                      data-done={isDone}
                    >
                      <span className="steps__marker" aria-hidden="true">
                        {isDone ? '✓' : i + 1}
                      </span>
                      <span className="steps__text">
                        <span className="steps__title">{t(`onboarding.step.${s}`)}</span>
                        <span className="steps__state">{isDone ? t('onboarding.done') : current ? t('onboarding.current') : t('onboarding.todo')}</span>
                      </span>
                    </button>
                  </li>
                );
              })}
            </ol>
          </nav>

          <section className="stack" aria-labelledby="step-heading" data-testid={`onboarding-section-${step}`}>
            <div className="stack">
              <Heading level={2} data-size="md" id="step-heading">
                {t('onboarding.step', { n: index + 1 })}: {t(`onboarding.step.${step}`)}
              </Heading>
              <Paragraph>{t(`onboarding.step.${step}.lead`)}</Paragraph>
              <Paragraph data-size="sm" className="muted">
                {done.includes(step) ? '✓ ' : ''}
                {t(`onboarding.step.${step}.check`)}
              </Paragraph>
              <ClauseTags ids={STEP_CLAUSES[step]} />
            </div>

            {step === 'organisation' && (
              <>
                <div className="panel">
                  <DefinitionList
                    items={[
                      { term: t('onboarding.org'), value: <RouterLink to="/organisation">{m.orgName}</RouterLink> },
                      { term: t('onboarding.orgNumber'), value: m.orgNumber },
                    ]}
                  />
                </div>
                <ContactsPanel orgId={m.orgId} orgName={m.orgName} signatoryHint onChange={(contacts) => setData((d) => d && { ...d, contacts })} />
              </>
            )}
            {step === 'systems' && (
              <SystemsPanel
                orgId={m.orgId}
                orgNumber={m.orgNumber}
                onChange={(systems) => {
                  setData((d) => d && { ...d, systems });
                }}
              />
            )}
            {step === 'terms' && (
              <QueryView query={status}>{(s) => <TermsStep status={s} onAccepted={reload} />}</QueryView>
            )}
            {step === 'access' && <QueryView query={status}>{(s) => <AccessStep status={s} />}</QueryView>}

            <div className="button-row step-nav">
              {index > 0 && (
                <Button variant="secondary" onClick={() => go(STEPS[index - 1])} data-testid="onboarding-prev">
                  ← {t('onboarding.previous')}
                </Button>
              )}
              {index < STEPS.length - 1 && (
                <Button onClick={() => go(STEPS[index + 1])} data-testid="onboarding-next">
                  {t('onboarding.next')}: {t(`onboarding.step.${STEPS[index + 1]}`)} →
                </Button>
              )}
            </div>
          </section>
        </>
      )}
    </div>
  );
}
