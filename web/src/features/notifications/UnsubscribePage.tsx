import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAction, useQuery } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { Loading } from '../../app/components/Loading.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { RouterLink } from '../../app/components/RouterLink.tsx';
import { showUnsubscribe, unsubscribe } from './api.ts';
import type { UnsubscribeView } from './api.ts';
import { notificationMessages } from './messages.ts';

/**
 * `/notifications/unsubscribe?token=…` (public: the link in every notification mail; the token is the credential).
 * Shows what the link switches off and asks before doing it — mail scanners that open links change nothing.
 */
export default function UnsubscribePage() {
  const { t } = useMessages(notificationMessages);
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const view = useQuery<UnsubscribeView | null>((signal) => (token ? showUnsubscribe(token, signal) : Promise.resolve(null)), [token]);
  const [applied, setApplied] = useState(false);
  const apply = useAction(async () => {
    const after = await unsubscribe(token);
    view.setData(() => after);
    setApplied(true);
    return after;
  });

  return (
    <div className="stack stack--lg" style={{ maxWidth: '42rem' }}>
      <PageHeader title={t('unsub.title')} testId="unsubscribe-title" />
      {!token ? (
        <Alert data-color="warning" data-testid="unsubscribe-invalid">
          {t('unsub.missing')}
        </Alert>
      ) : view.error ? (
        view.error.status === 400 ? (
          <Alert data-color="danger" data-testid="unsubscribe-invalid">
            {t('unsub.invalid')}
          </Alert>
        ) : (
          <ProblemAlert error={view.error} />
        )
      ) : !view.data ? (
        <Loading />
      ) : (
        <Summary view={view.data} applied={applied} onConfirm={() => void apply.run()} busy={apply.busy} error={apply.error} />
      )}
    </div>
  );
}

function Summary(props: {
  view: UnsubscribeView;
  applied: boolean;
  busy: boolean;
  error: Parameters<typeof ProblemAlert>[0]['error'];
  onConfirm: () => void;
}) {
  const { t, pick } = useMessages(notificationMessages);
  const { view } = props;
  const titles = view.types.map((x) => pick(x.title)).join(', ');
  const what =
    view.channel === 'inbox'
      ? t('unsub.whatInbox', { title: titles })
      : view.typeFilter === '*'
        ? t('unsub.whatAll')
        : t('unsub.what', { title: titles || view.typeFilter });
  return (
    <div className="panel stack" data-testid="unsubscribe-summary" data-subscribed={view.subscribed}>
      <Heading level={2} data-size="xs">
        {t('unsub.lead', { email: view.email })}
      </Heading>
      <Paragraph>{what}</Paragraph>
      <ProblemAlert error={props.error} />
      {props.applied || !view.subscribed ? (
        <Alert data-color="success" role="status" data-testid="unsubscribe-done">
          {props.applied ? t('unsub.done') : t('unsub.already')}
        </Alert>
      ) : (
        <div className="button-row">
          <Button onClick={props.onConfirm} loading={props.busy} data-testid="unsubscribe-confirm">
            {t('unsub.confirm')}
          </Button>
        </div>
      )}
      <Paragraph data-size="sm">
        {t('unsub.change')} <RouterLink to="/notifications">{t('unsub.changeLink')}</RouterLink>
      </Paragraph>
    </div>
  );
}
