import { Button, Paragraph, SkipLink } from '@digdir/designsystemet-react';
import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';
import { Link, NavLink, Outlet, isRouteErrorResponse, useLocation, useNavigate, useRouteError } from 'react-router';
import { features } from '../features/index.ts';
import { InboxBell } from '../features/inbox/InboxBell.tsx';
import { useI18n } from './i18n.ts';
import { activeMembership, hasRole } from './roles.ts';
import { useSession } from './session.tsx';
import { PageHeader } from './components/PageHeader.tsx';

function LanguageToggle() {
  const { lang, setLang, t } = useI18n();
  const next = lang === 'nb' ? 'en' : 'nb';
  return (
    <Button
      variant="tertiary"
      data-size="sm"
      onClick={() => setLang(next)}
      data-testid="lang-toggle"
      lang={next}
      aria-label={t('app.langToggleLabel')}
    >
      <svg aria-hidden="true" width="1.2em" height="1.2em" viewBox="0 0 24 24" fill="none">
        <circle cx="12" cy="12" r="9" stroke="currentColor" strokeWidth="1.5" />
        <path d="M3 12h18M12 3c2.5 2.7 3.5 5.7 3.5 9s-1 6.3-3.5 9c-2.5-2.7-3.5-5.7-3.5-9s1-6.3 3.5-9z" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      {t('app.langToggle')}
    </Button>
  );
}

function Brand() {
  const { t } = useI18n();
  return (
    <Link to="/" className="brand" data-testid="brand">
      <svg className="brand__mark" aria-hidden="true" viewBox="0 0 32 32" width="32" height="32">
        <rect width="32" height="32" rx="7" fill="currentColor" />
        <path d="M9 16.5l4.5 4.5L23 11" fill="none" stroke="#fff" strokeWidth="3.2" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span className="brand__text">
        <span className="brand__name">{t('app.name')}</span>
        <span className="brand__tagline">{t('app.tagline')}</span>
      </span>
    </Link>
  );
}

/** Registered pages visible to the active role in one menu area, in menu order. */
function useNavItems(area: 'main' | 'user') {
  const { session } = useSession();
  if (!session) return [];
  return features
    .filter((f) => f.nav && f.access === 'user' && (f.nav.area ?? 'main') === area && hasRole(session, f.nav.roles ?? f.roles))
    .sort((a, b) => (a.nav?.order ?? 0) - (b.nav?.order ?? 0));
}

function UserArea() {
  const { session, logout } = useSession();
  const { t } = useI18n();
  const navigate = useNavigate();
  if (!session) return null;
  const m = activeMembership(session);
  return (
    <div className="user-area" data-testid="current-user">
      <div className="user-area__who">
        <span className="user-area__name">{session.user.name || session.user.email}</span>
        {m && (
          <span className="user-area__org" data-testid="header-active-org">
            {m.orgName} · {t(`role.${m.role}`)}
          </span>
        )}
      </div>
      <Button
        variant="secondary"
        data-size="sm"
        data-testid="logout-button"
        onClick={async () => {
          await logout().catch(() => undefined);
          navigate('/login');
        }}
      >
        {t('app.logout')}
      </Button>
    </div>
  );
}

function NavList({ area, label, testId }: { area: 'main' | 'user'; label: string; testId: string }) {
  const { t } = useI18n();
  const items = useNavItems(area);
  const { pathname } = useLocation();
  const ref = useRef<HTMLElement>(null);
  // On narrow screens the menu is a horizontal strip: keep the current page's link in view.
  useEffect(() => {
    if (!window.matchMedia?.('(max-width: 60rem)').matches) return;
    ref.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'center' });
  }, [pathname]);
  if (items.length === 0) return null;
  const headingId = `${testId}-heading`;
  return (
    <nav className="side-nav" aria-labelledby={headingId} data-testid={testId} ref={ref}>
      <h2 id={headingId} className={area === 'main' ? 'ds-sr-only' : 'side-nav__heading'}>
        {label}
      </h2>
      <ul>
        {items.map((f) => (
          <li key={f.id}>
            <NavLink to={f.path} end data-testid={`nav-${f.id}`} className="side-nav__link">
              {t(f.nav!.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The menu: the main sections for the active role, then the user's own pages. */
function Sidebar() {
  const { t } = useI18n();
  return (
    <aside className="sidebar" data-testid="sidebar">
      <NavList area="main" label={t('app.mainNav')} testId="app-nav" />
      <NavList area="user" label={t('app.userNav')} testId="user-nav" />
    </aside>
  );
}

/** Moves focus to the main region after client-side navigation, so screen readers hear the new page. */
function useFocusOnNavigate(ref: RefObject<HTMLElement | null>) {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!window.location.hash) window.scrollTo(0, 0);
    ref.current?.focus({ preventScroll: true });
  }, [pathname, ref]);
}

export function Shell() {
  const { t } = useI18n();
  const { session } = useSession();
  const mainRef = useRef<HTMLElement>(null);
  useFocusOnNavigate(mainRef);
  return (
    <div className="app">
      <SkipLink href="#main">{t('app.skipToContent')}</SkipLink>
      <header className="app-header" data-testid="app-header">
        <div className="app-header__bar container">
          <Brand />
          <div className="app-header__tools">
            {/* The public status page is served by the server (no log-in), not by the portal's router. */}
            <a href="/status" className="app-header__status" data-testid="status-page-link">
              {t('app.statusPage')}
            </a>
            <UserArea />
            <InboxBell />
            <LanguageToggle />
          </div>
        </div>
      </header>
      <div className={`app-body container${session ? ' app-body--with-sidebar' : ''}`}>
        {session && <Sidebar />}
        <main id="main" ref={mainRef} tabIndex={-1} className="app-main" data-testid="main-content">
          <Outlet />
        </main>
      </div>
      <footer className="app-footer">
        <div className="container">
          <Paragraph data-size="sm">{t('app.footer')}</Paragraph>
        </div>
      </footer>
    </div>
  );
}

/** Shown when a page crashes or a lazy chunk fails to load. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useI18n();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <main className="app-main container" data-testid="route-error">
      <PageHeader title={t('error.title')} lead={message} />
      <Button onClick={() => window.location.reload()}>{t('app.retry')}</Button>
    </main>
  );
}
