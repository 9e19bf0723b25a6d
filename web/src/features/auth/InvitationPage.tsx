import { Button, Card, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { formatDateTime } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { acceptInvitation, getInvitation } from './api.ts';
import { authMessages } from './messages.ts';

const FIELDS = ['name', 'password'] as const;

/** `/invitation/:token` (public): shows the invitation and creates the account; the user is then signed in. */
export default function InvitationPage() {
  const { token = '' } = useParams();
  const { t } = useMessages(authMessages);
  const { setSession } = useSession();
  const navigate = useNavigate();
  const invitation = useQuery((signal) => getInvitation(token, signal), [token]);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const accept = useAction(async () => {
    const session = await acceptInvitation(token, { name: name.trim(), password });
    setSession(session);
    navigate('/', { replace: true });
    return session;
  });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (password !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    await accept.run();
  }

  return (
    <div className="auth-layout">
      <Card className="auth-card" data-testid="invitation-card">
        <Card.Block className="stack">
          <QueryView query={invitation}>
            {(inv) => (
              <>
                <PageHeader
                  testId="invitation-title"
                  title={t('invitation.title')}
                  lead={t('invitation.lead', { org: inv.orgName, role: t(`role.${inv.role}`) })}
                />
                <Paragraph className="muted" data-testid="invitation-expires">
                  {t('invitation.expires', { at: formatDateTime(inv.expiresAt) })}
                </Paragraph>
                <ProblemAlert error={accept.error} fields={FIELDS} />
                <form className="form" onSubmit={onSubmit}>
                  <Textfield label={t('common.email')} value={inv.email} readOnly data-testid="invitation-email" />
                  <Textfield
                    label={t('invitation.name')}
                    name="name"
                    autoComplete="name"
                    required
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                    error={accept.error?.fieldError('name')}
                    data-testid="invitation-name"
                  />
                  <Textfield
                    label={t('invitation.password')}
                    description={t('invitation.passwordHint')}
                    type="password"
                    name="password"
                    autoComplete="new-password"
                    required
                    value={password}
                    onChange={(e) => setPassword(e.target.value)}
                    error={accept.error?.fieldError('password')}
                    data-testid="invitation-password"
                  />
                  <Textfield
                    label={t('invitation.passwordRepeat')}
                    type="password"
                    name="passwordRepeat"
                    autoComplete="new-password"
                    required
                    value={repeat}
                    onChange={(e) => setRepeat(e.target.value)}
                    error={mismatch ? t('invitation.mismatch') : undefined}
                    data-testid="invitation-password-repeat"
                  />
                  <div>
                    <Button type="submit" loading={accept.busy} data-testid="invitation-submit">
                      {t('invitation.accept')}
                    </Button>
                  </div>
                </form>
              </>
            )}
          </QueryView>
        </Card.Block>
      </Card>
    </div>
  );
}
