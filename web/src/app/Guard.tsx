import { Button } from '@digdir/designsystemet-react';
import { Suspense } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { FeatureRoute } from './feature.ts';
import { useI18n } from './i18n.ts';
import { hasRole } from './roles.ts';
import { useSession } from './session.tsx';
import { Loading } from './components/Loading.tsx';
import { ProblemAlert } from './components/ProblemAlert.tsx';
import { Forbidden } from './NotFound.tsx';

/** Where to go after log-in: only same-site paths are accepted. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

/** Renders a registered page after checking the session and the role the route asks for. */
export function Guard({ route }: { route: FeatureRoute }) {
  const { state, session, refresh } = useSession();
  const location = useLocation();
  const { t } = useI18n();
  const Page = route.page;

  if (route.access !== 'public') {
    if (state.status === 'loading') return <Loading />;
    if (state.status === 'error') {
      return (
        <div className="stack" data-testid="session-error">
          <ProblemAlert error={state.error} />
          <div>
            <Button variant="secondary" onClick={() => void refresh()}>
              {t('app.retry')}
            </Button>
          </div>
        </div>
      );
    }
  }

  if (route.access === 'user') {
    if (!session) {
      const next = location.pathname + location.search + location.hash;
      return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
    }
    if (!hasRole(session, route.roles)) return <Forbidden />;
  }

  if (route.access === 'guest' && session) {
    const next = new URLSearchParams(location.search).get('next');
    return <Navigate to={safeNext(next)} replace />;
  }

  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}
