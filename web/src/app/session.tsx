import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { ProblemError, onUnauthorized, request, setCsrfToken } from './api.ts';
import { storedLang, useI18n } from './i18n.ts';
import type { Session } from './types.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'authenticated'; session: Session }
  | { status: 'error'; error: ProblemError };

type SessionContextValue = {
  state: SessionState;
  session: Session | null;
  /** Store a session returned by log-in, invitation acceptance or switching organisation. */
  setSession: (session: Session) => void;
  refresh: () => Promise<void>;
  login: (email: string, password: string) => Promise<Session>;
  logout: () => Promise<void>;
  switchOrg: (orgId: string) => Promise<void>;
};

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const { setLang } = useI18n();

  const setSession = useCallback(
    (session: Session) => {
      setCsrfToken(session.csrfToken);
      setState({ status: 'authenticated', session });
      // Adopt the user's saved language unless this browser already chose one.
      if (!storedLang() && (session.user.locale === 'en' || session.user.locale === 'nb')) {
        setLang(session.user.locale);
      }
    },
    [setLang],
  );

  const refresh = useCallback(async () => {
    try {
      const session = await request<Session>('GET', '/auth/session', { quiet401: true });
      setSession(session);
    } catch (err) {
      setCsrfToken(null);
      if (err instanceof ProblemError && err.status === 401) setState({ status: 'anonymous' });
      else if (err instanceof ProblemError) setState({ status: 'error', error: err });
      else setState({ status: 'error', error: new ProblemError({ title: String(err) }, 0) });
    }
  }, [setSession]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(null);
        setState({ status: 'anonymous' });
      }),
    [],
  );

  const login = useCallback(
    async (email: string, password: string) => {
      const session = await request<Session>('POST', '/auth/login', { body: { email, password }, quiet401: true });
      setSession(session);
      return session;
    },
    [setSession],
  );

  const logout = useCallback(async () => {
    try {
      await request<void>('POST', '/auth/logout', { body: {}, quiet401: true });
    } finally {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
    }
  }, []);

  const switchOrg = useCallback(
    async (orgId: string) => {
      const session = await request<Session>('POST', '/auth/active-org', { body: { orgId } });
      setSession(session);
    },
    [setSession],
  );

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      session: state.status === 'authenticated' ? state.session : null,
      setSession,
      refresh,
      login,
      logout,
      switchOrg,
    }),
    [state, setSession, refresh, login, logout, switchOrg],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession must be used inside <SessionProvider>');
  return ctx;
}

/** The session inside pages that the router only shows to signed-in users. */
export function useRequiredSession(): Session {
  const { session } = useSession();
  if (!session) throw new Error('useRequiredSession used on a public page');
  return session;
}
