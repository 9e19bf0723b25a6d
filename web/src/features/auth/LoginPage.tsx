import { Alert, Button, Card, Heading, Paragraph, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { safeNext } from '../../app/Guard.tsx';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { useSession } from '../../app/session.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { getProviders, oidcLoginUrl } from './api.ts';
import { authMessages } from './messages.ts';

const FIELDS = ['email', 'password'] as const;

/** `/login`. After a successful log-in the route guard sends the user on to `?next=` (or the front page). */
export default function LoginPage() {
  const { t } = useMessages(authMessages);
  const { login } = useSession();
  const providers = useQuery((signal) => getProviders(signal), []);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = useAction((e: string, p: string) => login(e, p));
  const [params] = useSearchParams();
  // The server sends a failed OpenID Connect log-in back here with ?error=oidc (the reason is in its log).
  const oidcFailed = params.get('error') === 'oidc';
  const next = params.get('next');
  const returnTo = next ? safeNext(next) : undefined;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await submit.run(email.trim(), password);
  }

  const error = submit.error;
  const oidc = providers.data?.oidc ?? [];
  const localEnabled = providers.data?.local ?? true;

  return (
    <div className="auth-layout">
      <Card className="auth-card" data-testid="login-card">
        <Card.Block className="stack">
          <PageHeader title={t('login.title')} lead={t('login.lead')} testId="login-title" />
          {providers.data?.demo && (
            <Alert data-color="info" data-testid="login-demo-hint">
              <Paragraph>{t('login.demo')}</Paragraph>
            </Alert>
          )}
          {oidcFailed && (
            <Alert data-color="danger" role="alert" data-testid="login-oidc-error">
              <Heading level={2} data-size="xs">
                {t('login.oidcFailedTitle')}
              </Heading>
              <Paragraph>{t('login.oidcFailed')}</Paragraph>
            </Alert>
          )}
          {providers.error && (
            <ProblemAlert error={providers.error} data-testid="login-providers-error" />
          )}
          {error && error.status === 429 && !error.detail ? (
            <Alert data-color="warning" role="alert" data-testid="login-error">
              <Paragraph>{t('login.rateLimited')}</Paragraph>
            </Alert>
          ) : (
            <ProblemAlert error={error} fields={FIELDS} data-testid="login-error" />
          )}
          {localEnabled && (
            <form className="form" onSubmit={onSubmit} data-testid="login-form">
              <Textfield
                label={t('login.email')}
                type="email"
                name="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                error={error?.fieldError('email')}
                data-testid="login-email"
              />
              <Textfield
                label={t('login.password')}
                type="password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                error={error?.fieldError('password')}
                data-testid="login-password"
              />
              <div>
                <Button type="submit" loading={submit.busy} data-testid="login-submit">
                  {t('login.submit')}
                </Button>
              </div>
            </form>
          )}
          {oidc.length > 0 && (
            <div className="stack" data-testid="login-oidc">
              {localEnabled && (
                <Heading level={2} data-size="2xs" className="divider-text">
                  {t('login.or')}
                </Heading>
              )}
              {oidc.map((p) => (
                <Button key={p.id} variant="secondary" asChild>
                  <a href={oidcLoginUrl(p.id, returnTo)} data-testid={`login-oidc-${p.id}`}>
                    {t('login.oidc', { name: p.name })}
                  </a>
                </Button>
              ))}
            </div>
          )}
        </Card.Block>
      </Card>
    </div>
  );
}
