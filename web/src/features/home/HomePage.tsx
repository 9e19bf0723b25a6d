import { Alert, Card, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { Suspense } from 'react';
import { Link } from 'react-router';
import { useMessages } from '../../app/i18n.ts';
import { activeMembership, hasRole } from '../../app/roles.ts';
import { useRequiredSession } from '../../app/session.tsx';
import { DefinitionList } from '../../app/components/DefinitionList.tsx';
import { OrgSwitcher } from '../../app/components/OrgSwitcher.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { Loading } from '../../app/components/Loading.tsx';
import { features, homePanels } from '../index.ts';
import { homeMessages } from './messages.ts';

/** `/`: greeting, the active organisation and role, and a card per section the role may use. */
export default function HomePage() {
  const { t } = useMessages(homeMessages);
  const session = useRequiredSession();
  const m = activeMembership(session);
  const cards = features
    .filter((f) => f.home && f.access === 'user' && hasRole(session, f.nav?.roles ?? f.roles))
    .sort((a, b) => (a.nav?.order ?? 0) - (b.nav?.order ?? 0));
  const panels = homePanels.filter((p) => hasRole(session, p.roles));

  return (
    <div className="stack stack--lg">
      <PageHeader title={t('home.greeting', { name: session.user.name || session.user.email })} lead={t('home.lead')} />

      <section className="panel stack" aria-labelledby="home-org" data-testid="home-org">
        <Heading level={2} data-size="sm" id="home-org">
          {t('home.you')}
        </Heading>
        {m ? (
          <DefinitionList
            items={[
              { term: t('home.org'), value: <span data-testid="active-org-name">{m.orgName}</span> },
              { term: t('home.orgNumber'), value: m.orgNumber },
              {
                term: t('home.kinds'),
                value: (
                  <span className="tag-list">
                    {m.kinds.map((k) => (
                      <Tag key={k} data-color="neutral">
                        {t(`kind.${k}`)}
                      </Tag>
                    ))}
                  </span>
                ),
              },
              { term: t('common.role'), value: <span data-testid="active-role">{t(`role.${m.role}`)}</span> },
            ]}
          />
        ) : (
          <Alert data-color="info">{t('home.noMembership')}</Alert>
        )}
        <OrgSwitcher />
      </section>

      {panels.map(({ id, panel: Panel }) => (
        <Suspense key={id} fallback={<Loading />}>
          <Panel />
        </Suspense>
      ))}

      <section className="section" aria-labelledby="home-sections">
        <Heading level={2} data-size="sm" id="home-sections">
          {t('home.sections')}
        </Heading>
        <div className="card-grid" data-testid="home-cards">
          {cards.map((f) => (
            <Card key={f.id} asChild className="link-card" data-color="accent">
              <Link to={f.path} data-testid={`home-card-${f.id}`}>
                <Heading level={3} data-size="xs" className="link-card__title">
                  {t(f.home!.title)}
                </Heading>
                <Paragraph data-size="sm">{t(f.home!.description)}</Paragraph>
              </Link>
            </Card>
          ))}
        </div>
      </section>
    </div>
  );
}
