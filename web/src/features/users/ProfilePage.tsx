import { Alert, Button, Heading, Paragraph, Tag, Textfield } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import type { Lang } from '../../app/i18n.ts';
import { useRequiredSession, useSession } from '../../app/session.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { changePassword, updateMe } from './api.ts';
import { userMessages } from './messages.ts';

function DetailsForm() {
  const { t, setLang } = useMessages(userMessages);
  const session = useRequiredSession();
  const { refresh } = useSession();
  const [name, setName] = useState(session.user.name);
  const [locale, setLocale] = useState(session.user.locale === 'en' ? 'en' : 'nb');
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    await updateMe({ name: name.trim(), locale });
    await refresh();
    setLang(locale as Lang);
    return true;
  });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (await save.run()) setSaved(true);
  }

  return (
    <section className="panel stack" aria-labelledby="profile-details">
      <Heading level={2} data-size="sm" id="profile-details">
        {t('profile.details')}
      </Heading>
      <form className="form" onSubmit={onSubmit} data-testid="profile-form">
        <ProblemAlert error={save.error} fields={['name', 'locale']} />
        {saved && (
          <Alert data-color="success" data-testid="profile-saved">
            {t('common.saved')}
          </Alert>
        )}
        <Textfield label={t('common.email')} value={session.user.email} readOnly data-testid="profile-email" />
        <Textfield
          label={t('common.name')}
          required
          autoComplete="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={save.error?.fieldError('name')}
          data-testid="profile-name"
        />
        <SelectField
          label={t('profile.locale')}
          value={locale}
          onChange={(e) => setLocale(e.target.value === 'en' ? 'en' : 'nb')}
          options={[
            { value: 'nb', label: t('lang.nb') },
            { value: 'en', label: t('lang.en') },
          ]}
          error={save.error?.fieldError('locale')}
          data-testid="profile-locale"
        />
        <div>
          <Button type="submit" loading={save.busy} data-testid="profile-save">
            {t('common.save')}
          </Button>
        </div>
      </form>
    </section>
  );
}

function PasswordForm() {
  const { t } = useMessages(userMessages);
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const change = useAction(async () => {
    await changePassword({ currentPassword, newPassword });
    return true;
  });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (newPassword !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    if (await change.run()) {
      setDone(true);
      setCurrent('');
      setNew('');
      setRepeat('');
    }
  }

  return (
    <section className="panel stack" aria-labelledby="profile-password">
      <Heading level={2} data-size="sm" id="profile-password">
        {t('profile.password')}
      </Heading>
      <form className="form" onSubmit={onSubmit} data-testid="password-form">
        <ProblemAlert error={change.error} fields={['currentPassword', 'newPassword']} />
        {done && (
          <Alert data-color="success" data-testid="password-changed">
            {t('profile.passwordChanged')}
          </Alert>
        )}
        <Textfield
          label={t('profile.currentPassword')}
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
          error={change.error?.fieldError('currentPassword')}
          data-testid="password-current"
        />
        <Textfield
          label={t('profile.newPassword')}
          description={t('profile.newPasswordHint')}
          type="password"
          autoComplete="new-password"
          required
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
          error={change.error?.fieldError('newPassword')}
          data-testid="password-new"
        />
        <Textfield
          label={t('profile.repeatPassword')}
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          error={mismatch ? t('profile.mismatch') : undefined}
          data-testid="password-repeat"
        />
        <div>
          <Button type="submit" loading={change.busy} data-testid="password-submit">
            {t('profile.password')}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** `/profile`: the signed-in user's own account. */
export default function ProfilePage() {
  const { t } = useMessages(userMessages);
  const session = useRequiredSession();
  return (
    <div className="stack stack--lg">
      <PageHeader title={t('profile.title')} lead={t('profile.lead')} />
      <div className="two-col">
        <DetailsForm />
        <PasswordForm />
      </div>
      <section className="panel stack" aria-labelledby="profile-memberships">
        <Heading level={2} data-size="sm" id="profile-memberships">
          {t('profile.memberships')}
        </Heading>
        <ul className="plain-list stack" data-testid="profile-memberships">
          {session.memberships.map((m) => (
            <li key={m.orgId}>
              <RouterLink to={`/organisations/${m.orgId}`}>{m.orgName}</RouterLink>{' '}
              <Tag data-color="neutral" data-size="sm">
                {t(`role.${m.role}`)}
              </Tag>
            </li>
          ))}
        </ul>
        <Paragraph>
          <RouterLink to="/profile/tokens">{t('profile.tokensLink')}</RouterLink>
        </Paragraph>
      </section>
    </div>
  );
}
