import { Badge, Button } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useMessages } from '../../app/i18n.ts';
import { useSession } from '../../app/session.tsx';
import { INBOX_CHANGED, listInbox } from './api.ts';
import { inboxMessages } from './messages.ts';

/** How often the bell asks for the unread count. */
export const INBOX_POLL_MS = 30_000;

function BellIcon() {
  return (
    <svg aria-hidden="true" width="1.4em" height="1.4em" viewBox="0 0 24 24" fill="none">
      <path
        d="M6 16.5V11a6 6 0 1 1 12 0v5.5l1.5 2H4.5l1.5-2z"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinejoin="round"
      />
      <path d="M10 20.5a2 2 0 0 0 4 0" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

/**
 * The bell in the header: a link to `/inbox` with the number of unread notifications. Polls every 30 s while the tab
 * is visible, at once when it becomes visible again, and takes the new count when the inbox page changes it.
 */
export function InboxBell() {
  const { session } = useSession();
  const { t } = useMessages(inboxMessages);
  const [count, setCount] = useState<number | null>(null);
  const userId = session?.user.id;

  useEffect(() => {
    if (!userId) return;
    let ctrl: AbortController | null = null;
    const load = () => {
      if (document.visibilityState === 'hidden') return;
      ctrl?.abort();
      const mine = new AbortController();
      ctrl = mine;
      listInbox({ limit: 1 }, mine.signal).then(
        (page) => {
          if (!mine.signal.aborted) setCount(page.unreadCount);
        },
        () => undefined, // the next poll tries again; a 401 ends the session elsewhere
      );
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') load();
    };
    const onChanged = (e: Event) => setCount((e as CustomEvent<number>).detail);
    load();
    const timer = window.setInterval(load, INBOX_POLL_MS);
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener(INBOX_CHANGED, onChanged);
    return () => {
      ctrl?.abort();
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener(INBOX_CHANGED, onChanged);
      setCount(null);
    };
  }, [userId]);

  if (!session) return null;
  const label = count ? t('inbox.bellUnread', { n: count }) : count === 0 ? t('inbox.bellNone') : t('inbox.bell');
  return (
    <Button asChild variant="tertiary" data-size="sm" icon>
      <Link to="/inbox" aria-label={label} title={label} data-testid="inbox-bell" data-unread={count ?? undefined}>
        <Badge.Position placement="top-right" overlap="circle">
          {count ? <Badge count={count} maxCount={99} data-color="danger" data-size="sm" data-testid="inbox-bell-count" /> : null}
          <BellIcon />
        </Badge.Position>
      </Link>
    </Button>
  );
}
