import { Alert, Button, Checkbox, Fieldset, Heading, Link, Paragraph } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { formatDateTime } from '../../app/format.ts';
import { useAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { ClauseTags } from '../../app/components/ClauseTags.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { ATTESTATIONS, acceptVersion, receiptUrl } from './api.ts';
import type { Acceptance, Attestations, TermsVersionWithText } from './api.ts';
import { termsMessages } from './messages.ts';

const ATTESTATION_CLAUSES: Record<(typeof ATTESTATIONS)[number], string[]> = {
  customerAgreements: ['T-1.2'],
  accessControl: ['T-1.2'],
  platformTerms: ['T-1.2.2'],
};

/** A link to an acceptance's printable receipt (new tab, the session cookie goes along). */
export function ReceiptLink({ acceptanceId, label, testId }: { acceptanceId: string; label?: string; testId?: string }) {
  const { t } = useMessages(termsMessages);
  return (
    <Link href={receiptUrl(acceptanceId)} target="_blank" rel="noopener" data-testid={testId ?? `receipt-link-${acceptanceId}`}>
      {label ?? t('terms.receipt')}
    </Link>
  );
}

/** The accepted state: who accepted which version when, with the receipt. */
export function AcceptedNotice({ acceptance }: { acceptance: Acceptance }) {
  const { t } = useMessages(termsMessages);
  return (
    <Alert data-color="success" data-testid="terms-accepted">
      <Heading level={3} data-size="xs">
        {t('accept.done')}
      </Heading>
      <Paragraph>
        {t('accept.doneBody', { version: acceptance.version ?? '', at: formatDateTime(acceptance.acceptedAt), name: acceptance.signerName })}
      </Paragraph>
      <Paragraph data-size="sm">
        <ReceiptLink acceptanceId={acceptance.id} label={t('accept.receipt')} testId="terms-receipt-link" /> · {t('accept.receiptHint')}
      </Paragraph>
    </Alert>
  );
}

type Props = {
  version: TermsVersionWithText;
  /** SHA-256 of the text as shown (computed in the browser); the server's value is used where it cannot be computed. */
  shownHash: string | null;
  onAccepted: (a: Acceptance) => void;
};

/**
 * Acceptance by an authorised representative (T-1.1): the signing-authority statement and the three attestations of
 * T-1.2 and T-1.2.2, each a checkbox; the SHA-256 of the text read is sent along. Only `vendor-admin` may sign.
 */
export function AcceptTermsForm({ version, shownHash, onAccepted }: Props) {
  const { t } = useMessages(termsMessages);
  const session = useRequiredSession();
  const m = activeMembership(session);
  const [authority, setAuthority] = useState(false);
  const [att, setAtt] = useState<Attestations>({ customerAgreements: false, accessControl: false, platformTerms: false });
  const [tried, setTried] = useState(false);
  const accept = useAction(() =>
    acceptVersion(version.id, { signingAuthority: true, attestations: att, textSha256: shownHash ?? version.sha256 }),
  );
  const complete = authority && ATTESTATIONS.every((k) => att[k]);
  const mismatch = shownHash != null && shownHash !== version.sha256.toLowerCase();

  if (m?.role !== 'vendor-admin') {
    return (
      <Alert data-color="info" data-testid="terms-admin-only">
        {t('accept.adminOnly')}
      </Alert>
    );
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!complete || mismatch) return;
    const result = await accept.run();
    if (result) onAccepted(result);
  }

  return (
    <form className="panel stack" onSubmit={onSubmit} data-testid="terms-accept-form" aria-labelledby="accept-heading">
      <Heading level={3} data-size="xs" id="accept-heading">
        {t('accept.title')}
      </Heading>
      <Paragraph data-size="sm">{t('accept.lead')}</Paragraph>
      <ClauseTags ids={['T-1.1', 'T-1.2', 'T-1.2.2']} />
      <ProblemAlert error={accept.error} />
      <Checkbox
        label={t('accept.signingAuthority', { org: m.orgName, orgNumber: m.orgNumber })}
        checked={authority}
        onChange={(e) => setAuthority(e.target.checked)}
        data-testid="terms-signing-authority"
      />
      <Fieldset>
        <Fieldset.Legend>{t('accept.attestations')}</Fieldset.Legend>
        {ATTESTATIONS.map((k) => (
          <Checkbox
            key={k}
            label={
              <span>
                {t(`accept.attest.${k}`)} <span className="muted">({ATTESTATION_CLAUSES[k].join(', ')})</span>
              </span>
            }
            checked={att[k]}
            onChange={(e) => setAtt({ ...att, [k]: e.target.checked })}
            data-testid={`terms-attest-${k}`}
          />
        ))}
      </Fieldset>
      {tried && !complete && (
        <Alert data-color="warning" data-testid="terms-accept-incomplete">
          {t('accept.allRequired')}
        </Alert>
      )}
      <div>
        <Button type="submit" loading={accept.busy} disabled={mismatch} data-testid="terms-accept-submit">
          {t('accept.submit', { version: version.version })}
        </Button>
      </div>
    </form>
  );
}
