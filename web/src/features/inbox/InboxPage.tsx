import { Alert, Button, Paragraph, Switch, Tag } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../../app/format.ts';
import { useAction } from '../../app/hooks.ts';
import { useMessages } from '../../app/i18n.ts';
import { usePaged } from '../../app/usePaged.ts';
import { DataTable, RowAction } from '../../app/components/DataTable.tsx';
import { Loading } from '../../app/components/Loading.tsx';
import { LoadMore } from '../../app/components/LoadMore.tsx';
import { PageHeader } from '../../app/components/PageHeader.tsx';
import { ProblemAlert } from '../../app/components/ProblemAlert.tsx';
import { announceUnread, listInbox, markAllRead, markRead } from './api.ts';
import type { InboxItem } from './api.ts';
import { inboxMessages } from './messages.ts';

const PAGE = 25;

/** `/inbox` (every signed-in user): the user's own notifications, newest first; open, mark read, mark all read. */
export default function InboxPage() {
  const { t, pick } = useMessages(inboxMessages);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [unread, setUnread] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const list = usePaged<InboxItem>(async (cursor, signal) => {
    const page = await listInbox({ unread: unreadOnly, limit: PAGE, before: cursor }, signal);
    setUnread(page.unreadCount);
    announceUnread(page.unreadCount);
    return { items: page.items, nextCursor: page.nextBefore };
  }, [unreadOnly]);

  const counted = (n: number) => {
    setUnread(n);
    announceUnread(n);
  };
  const readOne = useAction(async (item: InboxItem) => {
    const res = await markRead(item.id);
    list.setItems((prev) => prev.map((x) => (x.id === item.id ? res.item : x)));
    counted(res.unreadCount);
  });
  const readAll = useAction(async () => {
    const res = await markAllRead();
    const at = new Date().toISOString();
    list.setItems((prev) => prev.map((x) => (x.readAt ? x : { ...x, readAt: at })));
    counted(res.unreadCount);
    setNotice(t('inbox.markedAll', { n: res.marked }));
  });

  const title = (i: InboxItem) => pick(i.title);
  return (
    <div className="stack stack--lg">
      <PageHeader
        title={t('inbox.title')}
        lead={t('inbox.lead')}
        actions={
          <div className="button-row">
            <Button
              variant="secondary"
              onClick={() => void readAll.run()}
              loading={readAll.busy}
              disabled={!unread}
              data-testid="inbox-read-all"
            >
              {t('inbox.markAllRead')}
            </Button>
            <Button variant="tertiary" onClick={list.reload} loading={list.loading} data-testid="inbox-reload">
              {t('inbox.reload')}
            </Button>
          </div>
        }
      />
      <div className="button-row">
        <Paragraph data-testid="inbox-unread" aria-live="polite">
          {unread === null ? '' : unread > 0 ? t('inbox.unreadCount', { n: unread }) : t('inbox.allRead')}
        </Paragraph>
        <Switch
          label={t('inbox.onlyUnread')}
          checked={unreadOnly}
          onChange={(e) => {
            setNotice(null);
            setUnreadOnly(e.target.checked);
          }}
          data-testid="inbox-unread-only"
        />
      </div>
      {notice && (
        <Alert data-color="success" data-size="sm" role="status" data-testid="inbox-notice">
          {notice}
        </Alert>
      )}
      <ProblemAlert error={list.error ?? readOne.error ?? readAll.error} />
      {list.loading && list.items.length === 0 ? (
        <Loading />
      ) : !list.error && list.items.length === 0 ? (
        <Paragraph data-testid="inbox-empty">{unreadOnly ? t('inbox.emptyUnread') : t('inbox.empty')}</Paragraph>
      ) : (
        <DataTable
          rows={list.items}
          rowKey={(i) => i.id}
          rowTestId="inbox-row"
          caption={t('inbox.caption')}
          data-testid="inbox-table"
          columns={[
            { header: t('inbox.time'), cell: (i) => formatDateTime(i.createdAt), className: 'nowrap' },
            {
              header: t('inbox.message'),
              cell: (i) => (
                <div className="stack" style={{ gap: 'var(--ds-size-1)' }}>
                  <span>
                    {!i.readAt && (
                      <>
                        <Tag data-color="info" data-size="sm" data-testid={`inbox-new-${i.id}`}>
                          {t('inbox.new')}
                        </Tag>{' '}
                      </>
                    )}
                    <strong style={{ fontWeight: i.readAt ? 'normal' : undefined }}>{title(i)}</strong>
                  </span>
                  {pick(i.body) && <span>{pick(i.body)}</span>}
                  {i.readAt && (
                    <span className="muted">
                      {t('inbox.read', { at: formatDateTime(i.readAt) })}
                    </span>
                  )}
                </div>
              ),
            },
            {
              header: t('common.actions'),
              cell: (i) => (
                <span className="row-actions">
                  {i.link?.startsWith('/') && (
                    <Button asChild variant="tertiary" data-size="sm">
                      <Link
                        to={i.link}
                        aria-label={t('inbox.openLabel', { title: title(i) })}
                        data-testid={`inbox-open-${i.id}`}
                        onClick={() => {
                          if (!i.readAt) void markRead(i.id).then((r) => announceUnread(r.unreadCount), () => undefined);
                        }}
                      >
                        {t('inbox.open')}
                      </Link>
                    </Button>
                  )}
                  {!i.readAt && (
                    <RowAction
                      onClick={() => void readOne.run(i)}
                      aria-label={t('inbox.markReadLabel', { title: title(i) })}
                      data-testid={`inbox-read-${i.id}`}
                    >
                      {t('inbox.markRead')}
                    </RowAction>
                  )}
                </span>
              ),
            },
          ]}
        />
      )}
      <LoadMore list={list} summary={t('inbox.shown', { n: list.items.length })} data-testid="inbox-more" />
    </div>
  );
}
