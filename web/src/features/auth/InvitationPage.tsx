import { Alert, Button, Card, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { ProblemError } from '../../app/api.ts';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { formatDateTime } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import type { Session } from '../../app/types.ts';
import { Loading } from '../../app/components/Loading.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { QueryView } from '../../app/components/QueryView.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { acceptInvitation, getInvitation } from './api.ts';
import type { AcceptBody, Invitation } from './api.ts';
import { authMessages } from './messages.ts';

const FIELDS = ['name', 'password'] as const;

/** Accepting logs the user in (the answer is a session); then on to the front page. */
function useAccept(token: string) {
  const { setSession } = useSession();
  const navigate = useNavigate();
  return useAction(async (body: AcceptBody) => {
    const session = await acceptInvitation(token, body);
    setSession(session);
    navigate('/', { replace: true });
    return session;
  });
}

/** The answers people can act on said in words (wrong password, gone, already a member); anything else as a problem. */
function AcceptProblem({ error, inv }: { error: ProblemError | undefined; inv: Invitation }) {
  const { t } = useMessages(authMessages);
  if (!error) return null;
  const box = (title: string | null, body: string, extra?: ReactNode) => (
    <Alert data-color={error.status === 409 ? 'warning' : 'danger'} role="alert" data-testid="invitation-error" data-status={error.status}>
      {title && (
        <Heading level={2} data-size="xs">
          {title}
        </Heading>
      )}
      <Paragraph>{body}</Paragraph>
      {extra}
    </Alert>
  );
  if (error.status === 401) return box(null, t('invitation.wrongPassword', { email: inv.email }));
  if (error.status === 404) return box(t('invitation.goneTitle'), t('invitation.gone'));
  if (error.status === 409) {
    return box(
      t('invitation.memberTitle'),
      t('invitation.member', { org: inv.orgName }),
      <Paragraph>
        <RouterLink to="/">{t('invitation.home')}</RouterLink>
      </Paragraph>,
    );
  }
  return <ProblemAlert error={error} fields={FIELDS} data-testid="invitation-error" />;
}

/** Logged in (a password account or ID-porten): the membership goes to this account; no form. */
function AcceptSignedIn({ token, inv, session }: { token: string; inv: Invitation; session: Session }) {
  const { t } = useMessages(authMessages);
  const { logout, refresh } = useSession();
  const accept = useAccept(token);
  const who = session.user.name || session.user.email;
  // 401 here means the session ended meanwhile: look again, and the page offers the forms for the logged-out.
  const ended = accept.error?.status === 401;
  useEffect(() => {
    if (ended) void refresh();
  }, [ended, refresh]);
  return (
    <div className="stack" data-testid="invitation-signed-in">
      <Paragraph>{t('invitation.signedIn', { name: who })}</Paragraph>
      <AcceptProblem error={accept.error} inv={inv} />
      <div className="button-row">
        <Button loading={accept.busy} onClick={() => void accept.run({})} data-testid="invitation-accept-as">
          {t('invitation.acceptAs', { name: who })}
        </Button>
        <Button variant="secondary" onClick={() => void logout().catch(() => undefined)} data-testid="invitation-switch-account">
          {t('invitation.switchAccount')}
        </Button>
      </div>
    </div>
  );
}

/** Not logged in, and the invited e-mail has an account: its password proves it. */
function AcceptExisting({ token, inv }: { token: string; inv: Invitation }) {
  const { t } = useMessages(authMessages);
  const accept = useAccept(token);
  const [password, setPassword] = useState('');

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await accept.run({ password });
  }

  return (
    <>
      <Paragraph>{t('invitation.existing', { email: inv.email })}</Paragraph>
      <AcceptProblem error={accept.error} inv={inv} />
      <form className="form" onSubmit={onSubmit} data-testid="invitation-existing-form">
        <Textfield label={t('common.email')} value={inv.email} readOnly autoComplete="username" data-testid="invitation-email" />
        <Textfield
          label={t('invitation.existingPassword')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="invitation-password"
        />
        <div>
          <Button type="submit" loading={accept.busy} data-testid="invitation-submit">
            {t('invitation.acceptExisting')}
          </Button>
        </div>
      </form>
      <LogInFirst token={token} />
    </>
  );
}

/** Accounts without a password (ID-porten and other providers) log in first and come back to the link. */
function LogInFirst({ token }: { token: string }) {
  const { t } = useMessages(authMessages);
  const next = `/invitation/${encodeURIComponent(token)}`;
  return (
    <Paragraph data-size="sm" className="muted">
      {t('invitation.loginFirst')}{' '}
      <RouterLink to={`/login?next=${encodeURIComponent(next)}`} data-testid="invitation-login">
        {t('invitation.loginLink')}
      </RouterLink>
    </Paragraph>
  );
}

/** Not logged in and no account yet: name and a new password create one. */
function AcceptNew({ token, inv }: { token: string; inv: Invitation }) {
  const { t } = useMessages(authMessages);
  const accept = useAccept(token);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setMismatch(password !== repeat);
    if (password !== repeat) return;
    await accept.run({ name: name.trim(), password });
  }

  return (
    <>
      <AcceptProblem error={accept.error} inv={inv} />
      <form className="form" onSubmit={onSubmit} data-testid="invitation-new-form">
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
      <LogInFirst token={token} />
    </>
  );
}

/**
 * `/invitation/:token` (public). Three ways in: logged in (accept for this account), an existing account (its
 * password), or a new account (name and password). Accepting logs the user in.
 */
export default function InvitationPage() {
  const { token = '' } = useParams();
  const { t } = useMessages(authMessages);
  const { state } = useSession();
  const invitation = useQuery((signal) => getInvitation(token, signal), [token]);

  let body: ReactNode;
  if (invitation.error?.status === 404) {
    body = (
      <>
        <PageHeader testId="invitation-title" title={t('invitation.goneTitle')} />
        <Alert data-color="warning" data-testid="invitation-gone">
          <Paragraph>{t('invitation.gone')}</Paragraph>
        </Alert>
      </>
    );
  } else {
    body = (
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
            {state.status === 'loading' ? (
              <Loading />
            ) : state.status === 'authenticated' ? (
              <AcceptSignedIn token={token} inv={inv} session={state.session} />
            ) : inv.existingAccount ? (
              <AcceptExisting token={token} inv={inv} />
            ) : (
              <AcceptNew token={token} inv={inv} />
            )}
          </>
        )}
      </QueryView>
    );
  }

  return (
    <div className="auth-layout">
      <Card className="auth-card" data-testid="invitation-card">
        <Card.Block className="stack">{body}</Card.Block>
      </Card>
    </div>
  );
}
