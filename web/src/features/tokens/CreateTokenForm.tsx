import { Alert, Button, Checkbox, Fieldset, Heading, Paragraph, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { CopyButton } from '../../app/components/CopyButton.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { SelectField } from '../../app/components/SelectField.tsx';
import { TOKEN_SCOPES } from '../../app/types.ts';
import type { TokenScope } from '../../app/types.ts';
import { createToken } from './api.ts';
import type { CreatedToken, TokenItem } from './api.ts';
import { tokenMessages } from './messages.ts';

const FIELDS = ['name', 'scopes', 'orgId', 'expiresInDays'] as const;
const EXPIRY_DAYS = ['30', '90', '180', '365', 'never'] as const;

export function CreateTokenForm({ onCreated }: { onCreated: (token: TokenItem) => void }) {
  const { t } = useMessages(tokenMessages);
  const session = useRequiredSession();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['read']);
  const [orgId, setOrgId] = useState(session.activeOrgId ?? session.memberships[0]?.orgId ?? '');
  const [expires, setExpires] = useState<(typeof EXPIRY_DAYS)[number]>('90');
  const [created, setCreated] = useState<CreatedToken | null>(null);

  const create = useAction(() =>
    createToken({
      name: name.trim(),
      scopes,
      orgId,
      ...(expires === 'never' ? {} : { expiresInDays: Number(expires) }),
    }),
  );

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    const token = await create.run();
    if (token) {
      setCreated(token);
      setName('');
      const { token: _secret, ...item } = token;
      onCreated(item);
    }
  }

  if (session.memberships.length === 0) return <Alert data-color="info">{t('tokens.noOrg')}</Alert>;

  return (
    <section className="panel stack" aria-labelledby="token-new">
      <Heading level={2} data-size="sm" id="token-new">
        {t('tokens.new')}
      </Heading>
      {created && (
        <Alert data-color="success" data-testid="token-created" role="status">
          <Heading level={3} data-size="xs">
            {t('tokens.createdTitle')}
          </Heading>
          <Paragraph>{t('tokens.createdBody')}</Paragraph>
          <div className="secret-box">
            <Textfield
              aria-label={t('tokens.value')}
              readOnly
              value={created.token}
              className="secret-box__field mono"
              data-copy-source={created.token}
              onFocus={(e) => e.currentTarget.select()}
              data-testid="token-value"
            />
            <CopyButton value={created.token} data-testid="token-copy" />
          </div>
        </Alert>
      )}
      <form className="stack" onSubmit={onSubmit} data-testid="token-form">
        <ProblemAlert error={create.error} fields={FIELDS} />
        <div className="two-col">
          <div className="stack">
            <Textfield
              label={t('tokens.name')}
              description={t('tokens.nameHint')}
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={create.error?.fieldError('name')}
              data-testid="token-name"
            />
            <SelectField
              label={t('tokens.org')}
              value={orgId}
              onChange={(e) => setOrgId(e.target.value)}
              options={session.memberships.map((m) => ({ value: m.orgId, label: m.orgName }))}
              error={create.error?.fieldError('orgId')}
              data-testid="token-org"
            />
            <SelectField
              label={t('tokens.expires')}
              value={expires}
              onChange={(e) => setExpires(e.target.value as (typeof EXPIRY_DAYS)[number])}
              options={EXPIRY_DAYS.map((d) => ({
                value: d,
                label: d === 'never' ? t('tokens.noExpiry') : t('tokens.days', { days: d }),
              }))}
              error={create.error?.fieldError('expiresInDays')}
              data-testid="token-expires"
            />
          </div>
          <Fieldset>
            <Fieldset.Legend>{t('tokens.scopes')}</Fieldset.Legend>
            <Fieldset.Description>{t('tokens.scopesHint')}</Fieldset.Description>
            {TOKEN_SCOPES.map((scope) => (
              <Checkbox
                key={scope}
                label={t(`scope.${scope}`)}
                description={t(`scope.${scope}.desc`)}
                value={scope}
                checked={scopes.includes(scope)}
                onChange={(e) =>
                  setScopes(e.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))
                }
                data-testid={`token-scope-${scope}`}
              />
            ))}
            {create.error?.fieldError('scopes') && <ValidationMessage>{create.error.fieldError('scopes')}</ValidationMessage>}
          </Fieldset>
        </div>
        <div>
          <Button type="submit" loading={create.busy} data-testid="token-create">
            {t('tokens.create')}
          </Button>
        </div>
      </form>
    </section>
  );
}
